package generate

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/cyberkg/cyberkg/seed"
)

// The seed format's items (seed/schema.json), as the generator fills them.
// A batch is written as one JSON document, which the import path validates
// against the schema and the seed's rules like any other.

// Source is a :Source.
type Source struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Publisher   string `json:"publisher"`
	URL         string `json:"url"`
	Language    string `json:"language"`
	PublishedOn string `json:"published_on"`
	Reliability string `json:"reliability"`
}

// Entity is a bloc, a speaker (a person or an organisation) or a threat actor.
type Entity struct {
	ID          string   `json:"id"`
	Type        string   `json:"type"`
	Kind        string   `json:"kind,omitempty"`
	Name        string   `json:"name"`
	Aliases     []string `json:"aliases,omitempty"`
	Description string   `json:"description,omitempty"`
	Sources     []string `json:"sources"`
}

// Membership is a country's membership of a bloc, from since until until.
type Membership struct {
	Country string   `json:"country"`
	Bloc    string   `json:"bloc"`
	Since   string   `json:"since"`
	Until   string   `json:"until,omitempty"`
	Role    string   `json:"role"`
	Sources []string `json:"sources"`
}

// Incident is an :Incident and whom it targeted.
type Incident struct {
	ID        string   `json:"id"`
	Name      string   `json:"name"`
	Kind      string   `json:"kind"`
	StartedOn string   `json:"started_on"`
	Targeted  []string `json:"targeted"`
	Sources   []string `json:"sources"`
}

// Status is one observation of an agreement's status.
type Status struct {
	Status  string   `json:"status"`
	Date    string   `json:"date"`
	Sources []string `json:"sources"`
}

// Agreement is an :Agreement with its parties and status history.
type Agreement struct {
	ID            string   `json:"id"`
	Title         string   `json:"title"`
	Scope         string   `json:"scope"`
	Topic         string   `json:"topic"`
	Parties       []string `json:"parties"`
	Within        string   `json:"within,omitempty"`
	SignedOn      string   `json:"signed_on,omitempty"`
	StatusHistory []Status `json:"status_history"`
	Sources       []string `json:"sources"`
}

// Attribution is a statement's verdict on who was behind its subject.
type Attribution struct {
	Actor   string `json:"actor"`
	Verdict string `json:"verdict"`
}

// Statement is a :Statement by a speaker about a country or an incident.
type Statement struct {
	ID         string        `json:"id"`
	By         string        `json:"by"`
	SaidOn     string        `json:"said_on"`
	Language   string        `json:"language"`
	Kind       string        `json:"kind"`
	Confidence *int          `json:"confidence"`
	Summary    string        `json:"summary"`
	About      []string      `json:"about"`
	Attributes []Attribution `json:"attributes,omitempty"`
	Sources    []string      `json:"sources"`
}

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
