package generate

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/cyberkg/cyberkg/opendata"
	"github.com/cyberkg/cyberkg/seed"
)

// The seed format's items (seed/schema.json), as the generator fills them.
// A batch is written as one JSON document, which the import path validates
// against the schema and the seed's rules like any other.

// The items are open data's: the seed format as a Go program writes it.
type (
	Source      = opendata.Source
	Entity      = opendata.Entity
	Membership  = opendata.Membership
	Incident    = opendata.Incident
	Status      = opendata.Status
	Agreement   = opendata.Agreement
	Attribution = opendata.Attribution
	Statement   = opendata.Statement
)

// Item is one fact: exactly one of its fields is set.
type Item struct {
	Source     *Source
	Entity     *Entity
	Membership *Membership
	Incident   *Incident
	Agreement  *Agreement
	Statement  *Statement
}

// Document is a batch of facts in the seed's format.
type Document struct {
	Sources     []*Source     `json:"sources,omitempty"`
	Entities    []*Entity     `json:"entities,omitempty"`
	Incidents   []*Incident   `json:"incidents,omitempty"`
	Memberships []*Membership `json:"memberships,omitempty"`
	Agreements  []*Agreement  `json:"agreements,omitempty"`
	Statements  []*Statement  `json:"statements,omitempty"`
}

func (d *Document) add(it Item) {
	switch {
	case it.Source != nil:
		d.Sources = append(d.Sources, it.Source)
	case it.Entity != nil:
		d.Entities = append(d.Entities, it.Entity)
	case it.Membership != nil:
		d.Memberships = append(d.Memberships, it.Membership)
	case it.Incident != nil:
		d.Incidents = append(d.Incidents, it.Incident)
	case it.Agreement != nil:
		d.Agreements = append(d.Agreements, it.Agreement)
	case it.Statement != nil:
		d.Statements = append(d.Statements, it.Statement)
	}
}

// Len is how many facts the document holds.
func (d *Document) Len() int {
	return len(d.Sources) + len(d.Entities) + len(d.Incidents) + len(d.Memberships) + len(d.Agreements) + len(d.Statements)
}

// Seed is the document as the import path takes it, named for errors.
func (d *Document) Seed(name string) (seed.Document, error) {
	data, err := json.Marshal(d)
	if err != nil {
		return seed.Document{}, fmt.Errorf("encode %s: %w", name, err)
	}
	return seed.Document{Name: name, Data: data}, nil
}

func joinParties(ids []string) string {
	if len(ids) <= 3 {
		return strings.Join(ids, "–")
	}
	return strings.Join(ids[:3], "–") + fmt.Sprintf(" and %d more", len(ids)-3)
}

func sortedCopy(xs []string) []string {
	out := slices.Clone(xs)
	slices.Sort(out)
	return slices.Compact(out)
}
