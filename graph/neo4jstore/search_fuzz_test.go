package neo4jstore

import (
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// One clause of luceneQuery's output: the word boosted, as a prefix, and
// (from four characters) within one edit.
var luceneClause = regexp.MustCompile(`\+\(([^ ]+)\^3 OR ([^ ]+)\*(?: OR ([^ ]+)~1)?\)`)

func searchable(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }

// FuzzLuceneQuery: whatever the search text, the Lucene query holds one
// clause per word in our own syntax, and each word is lower case and made of
// letters, digits and marks only, so no character the user typed can be
// Lucene syntax. Seeds are in testdata/fuzz/FuzzLuceneQuery.
func FuzzLuceneQuery(f *testing.F) {
	f.Fuzz(func(t *testing.T, q string) {
		out := luceneQuery(q)
		words := strings.FieldsFunc(q, func(r rune) bool { return !searchable(r) })
		if out == "" {
			if len(words) > 0 {
				t.Fatalf("luceneQuery(%q) = \"\", but it has words %q", q, words)
			}
			return
		}
		clauses := luceneClause.FindAllStringSubmatch(out, -1)
		var joined []string
		for _, m := range clauses {
			joined = append(joined, m[0])
		}
		if strings.Join(joined, " ") != out {
			t.Fatalf("luceneQuery(%q) = %q, not clauses +(w^3 OR w* [OR w~1]) joined by spaces", q, out)
		}
		if len(clauses) != len(words) {
			t.Fatalf("luceneQuery(%q) = %q: %d clauses for %d words", q, out, len(clauses), len(words))
		}
		for _, m := range clauses {
			c, w := m[0], m[1]
			if m[2] != w || (m[3] != "" && m[3] != w) {
				t.Fatalf("luceneQuery(%q): clause %q repeats different words", q, c)
			}
			if fuzzy := utf8.RuneCountInString(w) >= 4; fuzzy != (m[3] != "") {
				t.Errorf("luceneQuery(%q): clause %q: fuzzy match is for words of four characters or more", q, c)
			}
			if !utf8.ValidString(w) || strings.ToLower(w) != w {
				t.Errorf("luceneQuery(%q): word %q is not valid lower-case text", q, w)
			}
			for _, r := range w {
				if !searchable(r) {
					t.Errorf("luceneQuery(%q): word %q holds %q (%U), not a letter, digit or mark", q, w, r, r)
				}
			}
		}
	})
}
