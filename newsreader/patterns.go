package newsreader

import (
	"embed"
	"fmt"
	"sort"
	"strings"
	"unicode"

	"github.com/goccy/go-yaml"
)

// The relation patterns of each language are data (patterns/LANG.yaml),
// readable and extendable by an analyst; this file only reads them.
//
//go:embed patterns/*.yaml
var patternFiles embed.FS

// Patterns are one language's phrases.
type Patterns struct {
	Language        string   `yaml:"language"`
	AgreementWords  []string `yaml:"agreement_words"`
	AgreementStatus []struct {
		Status  string   `yaml:"status"`
		Phrases []string `yaml:"phrases"`
	} `yaml:"agreement_status"`
	Negations          []string            `yaml:"negations"`
	Future             []string            `yaml:"future"`
	Hearsay            []string            `yaml:"hearsay"`
	Say                []string            `yaml:"say"`
	Continuations      []string            `yaml:"continuations"`
	StatementRelations []RelationPhrases   `yaml:"statement_relations"`
	Attribution        map[string][]string `yaml:"attribution"`
	Positions          []RelationPhrases   `yaml:"positions"`
	Within             []string            `yaml:"within"`
	Membership         []string            `yaml:"membership"`
	Events             []struct {
		Kind    string   `yaml:"kind"`
		Phrases []string `yaml:"phrases"`
	} `yaml:"events"`
	Upcoming []string `yaml:"upcoming"`
	Places   []string `yaml:"place_prepositions"`
}

// RelationPhrases are the phrases that state one relation.
type RelationPhrases struct {
	Relation string   `yaml:"relation"`
	Phrases  []string `yaml:"phrases"`
}

// LoadPatterns reads every language's patterns.
func LoadPatterns() (map[string]*Patterns, error) {
	entries, err := patternFiles.ReadDir("patterns")
	if err != nil {
		return nil, err
	}
	out := map[string]*Patterns{}
	for _, e := range entries {
		data, err := patternFiles.ReadFile("patterns/" + e.Name())
		if err != nil {
			return nil, err
		}
		var p Patterns
		if err := yaml.UnmarshalWithOptions(data, &p, yaml.Strict()); err != nil {
			return nil, fmt.Errorf("patterns/%s: %w", e.Name(), err)
		}
		if p.Language+".yaml" != e.Name() {
			return nil, fmt.Errorf("patterns/%s: language %q, want the file's name", e.Name(), p.Language)
		}
		out[p.Language] = &p
	}
	return out, nil
}

// words is text lower-cased and cut into words, each with its byte span.
type word struct {
	text       string
	start, end int
}

func words(text string) []word {
	var out []word
	start := -1
	for i, r := range text {
		letter := unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '\''
		if letter && start < 0 {
			start = i
		}
		if !letter && start >= 0 {
			out = append(out, word{strings.ToLower(text[start:i]), start, i})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, word{strings.ToLower(text[start:]), start, len(text)})
	}
	return out
}

// phraseHit is where a phrase matched: its first and last word's indexes.
type phraseHit struct {
	phrase     string
	first, end int // word indexes, end exclusive
}

// find returns every match of the phrases among ws, longest phrase first
// where two start at the same word. With prefix, a phrase's words match
// words they begin (Russian stems: "соглашени" matches "соглашение").
func find(ws []word, phrases []string, prefix bool) []phraseHit {
	sorted := append([]string(nil), phrases...)
	sort.SliceStable(sorted, func(i, j int) bool { return len(strings.Fields(sorted[i])) > len(strings.Fields(sorted[j])) })
	var hits []phraseHit
	taken := map[int]bool{}
	for _, p := range sorted {
		pw := words(p)
		if len(pw) == 0 {
			continue
		}
		for i := 0; i+len(pw) <= len(ws); i++ {
			ok := true
			for k, w := range pw {
				got := ws[i+k].text
				if got != w.text && (!prefix || !strings.HasPrefix(got, w.text)) {
					ok = false
					break
				}
			}
			if ok && !taken[i] {
				taken[i] = true
				hits = append(hits, phraseHit{p, i, i + len(pw)})
			}
		}
	}
	sort.Slice(hits, func(i, j int) bool { return hits[i].first < hits[j].first })
	return hits
}

// hedged reports whether one of the phrases in the few words before a hit
// negates it or puts it in the future.
func hedged(ws []word, hit phraseHit, phrases ...[]string) bool {
	return near(ws, hit.first-3, hit.first, false, phrases...)
}

// near reports whether one of the phrases starts among the words
// ws[from:to]; with prefix, as find matches them (Russian stems).
func near(ws []word, from, to int, prefix bool, phrases ...[]string) bool {
	for _, list := range phrases {
		for _, h := range find(ws, list, prefix) {
			if h.first >= from && h.first < to {
				return true
			}
		}
	}
	return false
}
