package graph

import (
	"context"
	"strings"
	"time"
)

// Writer is what the write path needs from the graph database. Every write,
// whether an analyst's, an import's or the seed's, is one ChangeSet applied
// in one transaction: all of it or nothing.
type Writer interface {
	Apply(ctx context.Context, cs ChangeSet) (*ChangeReport, error)
	// Changes lists recorded changes, newest first.
	Changes(ctx context.Context, f ChangeFilter) ([]Change, error)
}

// Owners of facts. The seed owns what it loaded until an analyst corrects
// it; a re-seed never touches what analysts own.
const (
	OwnerSeed    = "seed"
	OwnerAnalyst = "analyst"
	// OwnerDatasetPrefix starts the owner of an open data set's facts:
	// "dataset:misp-galaxy", "dataset:mitre-attack".
	OwnerDatasetPrefix = "dataset:"
)

// IsLoader reports whether owner loads a whole data set (the seed, an open
// data set): its loads leave alone what an analyst changed or retracted, and
// withdraw what it no longer asserts.
func IsLoader(owner string) bool {
	return owner == OwnerSeed || strings.HasPrefix(owner, OwnerDatasetPrefix)
}

// Fact is one unit of what the graph asserts, written and versioned as a
// whole: an entity (Node) with the relationships it declares (an
// agreement's parties, a statement's speaker and subjects, the sources that
// report it), or a relationship that is a fact of its own (a membership, a
// position) with Node nil.
type Fact struct {
	Key           string // the entity's id, or a relationship fact's key (MembershipKey…)
	Node          *NodeRecord
	Relationships []RelationshipRecord
}

// Anchor is the entity a relationship fact hangs from: its start node.
func (f Fact) Anchor() string {
	if f.Node != nil {
		return f.Node.ID
	}
	if len(f.Relationships) > 0 {
		return f.Relationships[0].From
	}
	return ""
}

// Retraction withdraws a fact: the entity and what it declares, or a
// relationship fact, closed now and kept for known_on questions.
type Retraction struct {
	Key    string
	Anchor string // the start node of a relationship fact; the id itself for an entity
	Type   string // a relationship fact's type; "" for an entity
}

// ChangeSet is one write.
type ChangeSet struct {
	Kind           string // what kind of write: create, correct, retract, import, seed, accept
	Author         string // the API key's name, or "seed"
	Role           string
	Owner          string // OwnerSeed, OwnerAnalyst, or a data set's (OwnerDatasetPrefix)
	Reason         string
	Cites          []string // sources a retraction names as its grounds
	IdempotencyKey string   // scoped by Author
	RequestHash    string   // of the request, so a reused key with another body is refused
	Facts          []Fact
	Retractions    []Retraction
	Primary        string // the fact a one-fact route writes, named in the report
	// Proposal is the open proposal this change accepts: it is marked
	// accepted in the same transaction, or the change fails with ECONFLICT.
	Proposal string
	// Expect maps a fact key to the version the writer last saw (If-Match);
	// another version refuses the whole change with EPRECONDITION.
	Expect map[string]int
	// Create lists keys that must not exist yet (POST): EEXISTS otherwise.
	Create []string
	// Beside lists keys that may exist only as they are asserted: the new
	// sources a write brings along (ECONFLICT when one exists and differs).
	Beside []string
	// Exist lists keys that must exist (PUT, PATCH, DELETE): ENOTFOUND otherwise.
	Exist []string
	// Exclusive retracts every current fact of Owner that Facts does not
	// assert (the seed: a fact removed from the files is withdrawn).
	Exclusive bool
	// Asserted, with Exclusive, lists every key the load asserts when Facts
	// holds only its last batch; nil: Facts is all of it.
	Asserted []string
	DryRun   bool
}

// FactOutcome is what a change did to one fact.
type FactOutcome struct {
	Key     string `json:"key"`
	Outcome string `json:"outcome"` // created, changed, unchanged, retracted, restored, kept
	Version int    `json:"version"`
	Detail  string `json:"detail,omitempty"`
}

// EFORBIDDEN is an action the caller's role allows but the rules do not
// (a reviewer accepting their own proposal).
const EFORBIDDEN = "forbidden"

// Outcomes of a fact.
const (
	Created   = "created"
	Changed   = "changed"
	Unchanged = "unchanged"
	Retracted = "retracted"
	Restored  = "restored"
	Kept      = "kept" // the seed left an analyst's version alone
)

// ChangeReport is the answer to an Apply.
type ChangeReport struct {
	Change   string         `json:"change"`         // the :Change id; "" when nothing changed or a dry run
	Fact     string         `json:"fact,omitempty"` // the fact a one-fact route wrote
	At       time.Time      `json:"recorded_at"`
	Replayed bool           `json:"replayed"` // an Idempotency-Key seen before: nothing was written now
	DryRun   bool           `json:"dry_run,omitempty"`
	Counts   map[string]int `json:"counts"`
	Facts    []FactOutcome  `json:"facts"`
}

// Change is one recorded write, as the audit trail lists it.
type Change struct {
	ID             string        `json:"id"`
	At             time.Time     `json:"recorded_at"`
	Kind           string        `json:"kind"`
	Author         string        `json:"author"`
	Role           string        `json:"role,omitempty"`
	Reason         string        `json:"reason,omitempty"`
	Cites          []string      `json:"cites,omitempty"`
	IdempotencyKey string        `json:"idempotency_key,omitempty"`
	Entities       []string      `json:"entities"`
	Facts          []FactOutcome `json:"facts"`
}

// ChangeFilter selects changes: by author (key name), entity, fact key, and
// recorded time.
type ChangeFilter struct {
	Author, Entity, Fact string
	Since, Until         time.Time
	Limit                int
}

// Keys of relationship facts. Entity ids never hold a colon, so a key names
// its kind and, second, the entity it hangs from.
func MembershipKey(country, bloc, since string) string {
	return "membership:" + country + ":" + bloc + ":" + since
}

// PositionKey is the key of a person's position in an organisation from a date.
func PositionKey(person, org, since string) string {
	return "position:" + person + ":" + org + ":" + since
}

// RelationKey is the key of a plain relationship such as PART_OF.
func RelationKey(typ, from, to string) string {
	return "relation:" + from + ":" + typ + ":" + to
}

// AnchorOf is the entity a fact key hangs from: the key itself for an entity.
func AnchorOf(key string) string {
	kind, rest, ok := strings.Cut(key, ":")
	if !ok || (kind != "membership" && kind != "position" && kind != "relation") {
		return key
	}
	anchor, _, _ := strings.Cut(rest, ":")
	return anchor
}

// FactsOf groups a dataset into facts: each entity with the relationships
// whose Fact is its id, and each other relationship fact on its own key.
func FactsOf(ds Dataset) []Fact {
	byKey := map[string]*Fact{}
	var order []string
	get := func(key string) *Fact {
		f, ok := byKey[key]
		if !ok {
			f = &Fact{Key: key}
			byKey[key] = f
			order = append(order, key)
		}
		return f
	}
	for i := range ds.Nodes {
		get(ds.Nodes[i].ID).Node = &ds.Nodes[i]
	}
	for _, r := range ds.Relationships {
		f := get(r.Fact)
		f.Relationships = append(f.Relationships, r)
	}
	facts := make([]Fact, len(order))
	for i, k := range order {
		facts[i] = *byKey[k]
	}
	return facts
}

// ReviewQueue holds proposals: candidate facts that are not facts until a
// reviewer accepts them.
type ReviewQueue interface {
	Propose(ctx context.Context, p Proposal) (*Proposal, error)
	Proposals(ctx context.Context, f ProposalFilter) ([]Proposal, error)
	Proposal(ctx context.Context, id string) (*Proposal, error)
	// Reject closes an open proposal; accepting one is an Apply with
	// ChangeSet.Proposal set, so the facts and the decision land together.
	Reject(ctx context.Context, id, reviewer, reason string) (*Proposal, error)
}

// Proposal statuses.
const (
	ProposalOpen     = "open"
	ProposalAccepted = "accepted"
	ProposalRejected = "rejected"
)

// Evidence is what backs a candidate fact: the source, and where the
// source says it (the quoted span and its character offsets).
type Evidence struct {
	Fact   string `json:"fact,omitempty"` // the candidate fact's id or key; "" for the whole proposal
	Source string `json:"source"`
	Quote  string `json:"quote,omitempty"`
	Start  *int   `json:"start,omitempty"`
	End    *int   `json:"end,omitempty"`
}

// Match is a fact a source states that the graph holds already: the
// proposal does not write it again, and says how the source stands to it,
// for the reviewer to see beside the fact as it is.
type Match struct {
	Fact     string   `json:"fact"`     // the graph's fact
	Relation string   `json:"relation"` // MatchSecondSource or MatchConflict
	Says     string   `json:"says"`     // what the source says of it, in words
	Note     string   `json:"note"`     // how that stands to the graph, in words
	Evidence Evidence `json:"evidence"`
}

// How a source stands to a fact the graph holds.
const (
	MatchSecondSource = "second-source" // it says what the graph holds
	MatchConflict     = "conflict"      // it says otherwise
)

// Proposal is a set of candidate facts, as a document in the seed's format,
// with their evidence and confidence, and what became of them.
type Proposal struct {
	ID         string     `json:"id"`
	Status     string     `json:"status"`
	ProposedBy string     `json:"proposed_by"`
	ProposedAt time.Time  `json:"proposed_at"`
	Document   string     `json:"document,omitempty"` // the seed-format document, as sent; not in lists
	Evidence   []Evidence `json:"evidence"`
	Matches    []Match    `json:"matches,omitempty"` // facts the source states that the graph holds: not written again
	Confidence int        `json:"confidence"`
	Note       string     `json:"note,omitempty"`
	Facts      []string   `json:"facts"` // the keys of the candidate facts
	// Base is the version of each fact when it was proposed (0: it did not
	// exist): accepting fails if one has moved since, as an If-Match would.
	Base       map[string]int `json:"base_versions"`
	Entities   []string       `json:"entities"` // every entity they name
	ReviewedBy string         `json:"reviewed_by,omitempty"`
	ReviewedAt *time.Time     `json:"reviewed_at,omitempty"`
	Reason     string         `json:"reason,omitempty"` // why it was rejected, or the note of an accepted edit
	Change     string         `json:"change,omitempty"` // the :Change that wrote it, once accepted
}

// ProposalFilter selects proposals.
type ProposalFilter struct {
	Status, ProposedBy, Entity string
	Limit                      int
}
