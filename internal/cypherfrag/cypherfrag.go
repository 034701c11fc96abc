// Package cypherfrag holds the Cypher fragments that the catalog's queries
// and the store's own statements share (a source's projection, "held on a
// date", "status as of a date"), so each idiom is written once. A statement
// names one as {{name}}; it is expanded when the statement is loaded.
package cypherfrag

import (
	"embed"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
)

//go:embed fragments/*.cypher
var files embed.FS

// placeholder is how a statement names a fragment or a variant's value.
var placeholder = regexp.MustCompile(`\{\{(\w+)\}\}`)

var (
	fragments = mustLoad()
	usedMu    sync.Mutex
	used      = map[string]bool{}
)

// Expand replaces each {{name}} in text with the fragment of that name, or
// with extra[name] (a variant's value, which wins). file names the text in
// errors.
func Expand(file, text string, extra map[string]string) (string, error) {
	var unknown []string
	out := placeholder.ReplaceAllStringFunc(text, func(m string) string {
		key := placeholder.FindStringSubmatch(m)[1]
		if v, ok := extra[key]; ok {
			return v
		}
		if v, ok := fragments[key]; ok {
			usedMu.Lock()
			used[key] = true
			usedMu.Unlock()
			return v
		}
		unknown = append(unknown, key)
		return m
	})
	if len(unknown) > 0 {
		return "", fmt.Errorf("%s: no fragment named %s", file, strings.Join(unknown, ", "))
	}
	return out, nil
}

// Names lists every fragment.
func Names() []string {
	names := make([]string, 0, len(fragments))
	for n := range fragments {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Used reports whether any statement loaded so far expanded the fragment.
func Used(name string) bool {
	usedMu.Lock()
	defer usedMu.Unlock()
	return used[name]
}

func mustLoad() map[string]string {
	entries, err := files.ReadDir("fragments")
	if err != nil {
		panic(err)
	}
	out := map[string]string{}
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
// expression; a fragment may not use another.
func parse(name, text string) (string, error) {
	var lines []string
	for _, line := range strings.Split(text, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "//") {
			lines = append(lines, line)
		}
	}
	body := strings.TrimSpace(strings.Join(lines, "\n"))
	switch {
	case body == "":
		return "", fmt.Errorf("fragment %s is empty", name)
	case !strings.HasPrefix(strings.TrimSpace(text), "//"):
		return "", fmt.Errorf("fragment %s has no header comment", name)
	case placeholder.MatchString(body):
		return "", fmt.Errorf("fragment %s uses another fragment", name)
	}
	return body, nil
}
