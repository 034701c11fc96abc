// Package cypherfrag holds the Cypher fragments that the catalog's queries
// and the store's own statements share (a source's projection, "held on a
// date", "status as of a date", "known on an instant"), so each idiom is
// written once. A statement names one as {{name}}, or as {{name(x)}} when the
// fragment takes an argument: a Cypher variable, written @ in the fragment's
// file (@ is no Cypher of its own). It is expanded when the statement is loaded.
package cypherfrag

import (
	"embed"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"sync"
)

//go:embed fragments/*.cypher
var files embed.FS

// placeholder is how a statement names a fragment or a variant's value, with
// the fragment's argument if it takes one.
var placeholder = regexp.MustCompile(`\{\{(\w+)(?:\((\w+)\))?\}\}`)

// argument is how a fragment's file writes its argument.
const argument = "@"

// fragment is one file of fragments/, comments dropped.
type fragment struct {
	body string
	arg  bool // it takes an argument: @ in body
}

var (
	fragments = mustLoad()
	usedMu    sync.Mutex
	used      = map[string]bool{}
)

// Expand replaces each {{name}} in text with the fragment of that name, or
// with extra[name] (a variant's value, which wins), and each {{name(x)}}
// with the fragment of that name, its @ replaced by x. file names the text
// in errors.
func Expand(file, text string, extra map[string]string) (string, error) {
	var unknown, misused []string
	out := placeholder.ReplaceAllStringFunc(text, func(m string) string {
		sub := placeholder.FindStringSubmatch(m)
		key, arg := sub[1], sub[2]
		if v, ok := extra[key]; ok && arg == "" {
			return v
		}
		f, ok := fragments[key]
		switch {
		case !ok:
			unknown = append(unknown, key)
			return m
		case f.arg && arg == "":
			misused = append(misused, fmt.Sprintf("%s takes a variable: {{%s(x)}}", key, key))
			return m
		case !f.arg && arg != "":
			misused = append(misused, fmt.Sprintf("%s takes no argument: {{%s}}", key, key))
			return m
		}
		usedMu.Lock()
		used[key] = true
		usedMu.Unlock()
		return strings.ReplaceAll(f.body, argument, arg)
	})
	if len(unknown) > 0 {
		return "", fmt.Errorf("%s: no fragment named %s", file, strings.Join(unknown, ", "))
	}
	if len(misused) > 0 {
		return "", fmt.Errorf("%s: fragment %s", file, strings.Join(misused, "; "))
	}
	if i := strings.Index(out, "{{"); i >= 0 {
		rest, _, _ := strings.Cut(out[i:], "}}")
		return "", fmt.Errorf("%s: %s}} is no placeholder: want {{name}} or {{name(variable)}}", file, rest)
	}
	return out, nil
}

// Names lists every fragment.
func Names() []string {
	return slices.Sorted(maps.Keys(fragments))
}

// Used reports whether any statement loaded so far expanded the fragment.
func Used(name string) bool {
	usedMu.Lock()
	defer usedMu.Unlock()
	return used[name]
}

func mustLoad() map[string]fragment {
	entries, err := files.ReadDir("fragments")
	if err != nil {
		panic(err)
	}
	out := map[string]fragment{}
	for _, e := range entries {
		text, err := files.ReadFile("fragments/" + e.Name())
		if err != nil {
			panic(err)
		}
		name := strings.TrimSuffix(e.Name(), ".cypher")
		if out[name], err = parse(name, string(text)); err != nil {
			panic(fmt.Sprintf("cypherfrag: %v", err))
		}
	}
	return out
}

// parse drops a fragment's comment lines, so that it can sit inside an
// expression; a fragment may not use another. A fragment whose body has an
// @ takes an argument.
func parse(name, text string) (fragment, error) {
	var lines []string
	for _, line := range strings.Split(text, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "//") {
			lines = append(lines, line)
		}
	}
	body := strings.TrimSpace(strings.Join(lines, "\n"))
	switch {
	case body == "":
		return fragment{}, fmt.Errorf("fragment %s is empty", name)
	case !strings.HasPrefix(strings.TrimSpace(text), "//"):
		return fragment{}, fmt.Errorf("fragment %s has no header comment", name)
	case placeholder.MatchString(body) || strings.Contains(body, "{{"):
		return fragment{}, fmt.Errorf("fragment %s uses another fragment", name)
	}
	return fragment{body: body, arg: strings.Contains(body, argument)}, nil
}
