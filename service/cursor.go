package service

import (
	"encoding/base64"
	"encoding/json"
	"fmt"

	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/queries"
)

// cursor is what a Next token carries: the question, its parameters as
// strings with every date resolved and known_on pinned, and where the next
// page starts. It is not secret: its parameters are the caller's own, and
// they are bound and checked again like any others.
type cursor struct {
	Query  string            `json:"q"`
	Params map[string]string `json:"p"`
	Offset int               `json:"o"`
}

// nextCursor is the token of the page of q starting at offset. known_on
// "now" is pinned to the version the first page was read at: recorded times
// follow the order of commits (graph.Version), so the pages after answer as
// of exactly that version.
func nextCursor(q *queries.Query, shown map[string]any, offset int, v graph.Version) (string, error) {
	c := cursor{Query: q.Name, Params: make(map[string]string, len(shown)), Offset: offset}
	for k, value := range shown {
		if value == nil {
			continue
		}
		c.Params[k] = fmt.Sprint(value)
	}
	for _, p := range q.Params {
		if p.Type == queries.Instant && c.Params[p.Name] == "now" && v.Known() {
			c.Params[p.Name] = queries.FormatInstant(graph.KnownAt(v.At))
		}
	}
	b, err := json.Marshal(c)
	if err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// readCursor reads a Next token given for query name.
func readCursor(token, name string) (cursor, error) {
	var c cursor
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil || c.Offset < 0 {
		return cursor{}, graph.InvalidParam("cursor", "parameter cursor is not a cursor this API gave: pass page.next of an answer as it is")
	}
	if c.Query != name {
		return cursor{}, graph.InvalidParam("cursor", "parameter cursor continues query %s, not %s", c.Query, name)
	}
	return c, nil
}
