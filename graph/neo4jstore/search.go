package neo4jstore

import (
	"context"
	"strings"
	"unicode"

	"github.com/cyberkg/cyberkg/graph"
)

// Search finds entities by name or alias through the full-text index,
// optionally only those of one kind label, among the entities and names the
// graph knew on known. Each word of q must match, exactly, as a prefix, or
// within one edit; an exact id match ranks first.
func (s *Store) Search(ctx context.Context, q, kind string, limit int, known graph.KnownOn) ([]graph.SearchHit, error) {
	lucene := luceneQuery(q)
	if lucene == "" {
		return nil, graph.InvalidParam("q", "the search text %q has no letters or digits to search for", q)
	}
	res, err := s.rows(ctx, stmtEntitySearch.with(map[string]any{"id": strings.TrimSpace(q), "lucene": lucene, "limit": limit, "kind": nullable(kind),
		"exact": strings.ToLower(strings.Join(strings.Fields(q), " ")), "known_on": known}))
	if err != nil {
		return nil, err
	}
	hits := make([]graph.SearchHit, 0, len(res.Rows))
	for _, row := range res.Rows {
		score, _ := row["score"].(float64)
		hits = append(hits, graph.SearchHit{ID: str(row["id"]), Kind: graph.KindOf(toStrings(row["labels"])),
			Name: str(row["name"]), Aliases: toStrings(row["aliases"]), Score: score})
	}
	return hits, nil
}

// luceneQuery turns free text into a Lucene query in which every character
// the user typed is escaped: each word becomes (word OR word* OR word~1),
// and all words are required.
func luceneQuery(q string) string {
	words := strings.FieldsFunc(q, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r) })
	var parts []string
	for _, w := range words {
		w = strings.ToLower(w)
		clause := "(" + w + "^3 OR " + w + "*"
		if len([]rune(w)) >= 4 {
			clause += " OR " + w + "~1"
		}
		parts = append(parts, "+"+clause+")")
	}
	return strings.Join(parts, " ")
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
