package graph

import (
	"context"
	"encoding/json"
	"slices"
	"time"
)

// Store is what the service needs from the graph database.
type Store interface {
	// Ready reports whether the database is reachable and the schema applied.
	Ready(ctx context.Context) error
	// Answer answers one catalog question (queries/*.cypher) and returns its
	// rows, the page of them it asks for, with the graph's version.
	Answer(ctx context.Context, q Question) (*Result, error)
	// Version reads the graph's version: it changes with every write that
	// changes a fact.
	Version(ctx context.Context) (Version, error)
	// Entity returns one entity with its properties and direct relationships,
	// as the graph knew them on known (the zero KnownOn: now). An entity not
	// known then (retracted, or not yet recorded) is ENOTFOUND, saying which.
	Entity(ctx context.Context, id string, known KnownOn) (*Entity, error)
	// Kinds returns the kind label of each id the graph knew on known (the
	// zero KnownOn: now); other ids, retracted ones included, are left out.
	Kinds(ctx context.Context, ids []string, known KnownOn) (map[string]string, error)
	// Names returns the current entities of the given kinds, with what an
	// open-data import resolves its names and ids against.
	Names(ctx context.Context, kinds []string) ([]Named, error)
	// EventsAttended returns the events attendee attended that are dated on
	// the day on, as the graph knows them now (none when it knows no such
	// entity): the news reader's match of an article's event.
	EventsAttended(ctx context.Context, attendee string, on Date) ([]EntityRef, error)
	// Adhoc runs an analyst's own Cypher if it is read-only and bounded.
	Adhoc(ctx context.Context, req AdhocRequest) (*AdhocResult, error)
	// Paths returns the shortest paths of at most maxLength hops between two
	// entities, as a list and as one subgraph.
	Paths(ctx context.Context, from, to string, maxLength int, w Walk) ([]GraphPath, *Subgraph, error)
	// Neighbourhood returns the entities within depth hops of id and the
	// relationships between them.
	Neighbourhood(ctx context.Context, id string, depth int, w Walk) (*Subgraph, error)
	// Export returns a whole or partial graph as it stood on a date.
	Export(ctx context.Context, req ExportRequest) (*Subgraph, error)
	// ExportStream sends the whole graph as it stood on the walk's date,
	// entities first, as it reads them.
	ExportStream(ctx context.Context, w Walk, send ExportSink) error
	// Search finds entities whose name or aliases match q, best first,
	// optionally only those of one kind ("" for any), among the entities and
	// names the graph knew on known (the zero KnownOn: now).
	Search(ctx context.Context, q, kind string, limit int, known KnownOn) ([]SearchHit, error)
	// Writer is the write path: changes with provenance and history.
	Writer
	// ReviewQueue is the review queue.
	ReviewQueue
}

// MaxPathLength is the longest path Paths searches.
const MaxPathLength = 6

// Question is a catalog question by name, with its bound parameters. Params
// may hold Date values, which the store sends as native DATE values, and
// KnownOn values, sent as a DATETIME or null.
type Question struct {
	Name    string
	Params  map[string]any
	Timeout time.Duration
	Page    Page
}

// Page is a window of an answer: at most Limit rows (0: every row) after
// the first Offset, in the answer's own order.
type Page struct{ Offset, Limit int }

// Result is the answer to a Question, values already converted to plain
// JSON-friendly Go values (see Node, Relationship, Path).
type Result struct {
	Columns []string         `json:"columns"`
	Rows    []map[string]any `json:"rows"`
	// Version is the graph's version the answer was read at, in the same
	// statement; the zero Version before the graph's first write.
	Version Version `json:"-"`
}

// Version is the graph's version: the number of changes written since the
// graph began keeping it, and the recorded time of the last, which is later
// than every fact's recorded time. Asking with known_on = At answers as of
// exactly this version, whatever was written since. The zero Version is
// unknown.
type Version struct {
	N  int64
	At time.Time
}

// Known reports whether v is a version read from the graph.
func (v Version) Known() bool { return !v.At.IsZero() }

// Node is a graph node as returned in query results.
type Node struct {
	ElementID  string         `json:"element_id"`
	Labels     []string       `json:"labels"`
	Properties map[string]any `json:"properties"`
}

// Relationship is a graph relationship as returned in query results.
type Relationship struct {
	ElementID      string         `json:"element_id"`
	Type           string         `json:"type"`
	StartElementID string         `json:"start_element_id"`
	EndElementID   string         `json:"end_element_id"`
	Properties     map[string]any `json:"properties"`
}

// Path is an alternating walk of nodes and relationships.
type Path struct {
	Nodes         []Node         `json:"nodes"`
	Relationships []Relationship `json:"relationships"`
}

// EntityRef names an entity briefly, as the other end of a relationship.
type EntityRef struct {
	ID   string `json:"id"`
	Kind string `json:"kind"`
	Name string `json:"name"`
}

// Link is one relationship of an entity, seen from that entity.
type Link struct {
	Type       string         `json:"type"`
	Direction  string         `json:"direction"` // "out" or "in"
	Other      EntityRef      `json:"other"`
	Properties map[string]any `json:"properties"`
}

// Entity is a node of the graph with a summary of what is attached to it:
// its relationships grouped by type and direction, each group counted and
// its first few links shown (Links, in group order).
type Entity struct {
	ID         string         `json:"id"`
	Kind       string         `json:"kind"`
	Labels     []string       `json:"labels"`
	Properties map[string]any `json:"properties"`
	Links      []Link         `json:"links"`
	LinkGroups []LinkGroup    `json:"link_groups"`
	Sources    []SourceRef    `json:"sources"`
}

// LinkGroup is an entity's relationships of one type and direction.
type LinkGroup struct {
	Type      string `json:"type"`
	Direction string `json:"direction"`
	Count     int    `json:"count"` // all of them
	Shown     int    `json:"shown"` // those in Entity.Links
	// Rest, when some are not shown, is where all of them are, page by page.
	Rest string `json:"rest,omitempty"`
}

// LinksPerGroup is how many links of each group an entity shows.
const LinksPerGroup = 10

// SourceRef is the short form of a :Source cited by an answer.
type SourceRef struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Publisher   string `json:"publisher,omitempty"`
	URL         string `json:"url,omitempty"`
	Reliability string `json:"reliability,omitempty"`
}

// SearchHit is one entity found by Search.
type SearchHit struct {
	ID      string   `json:"id"`
	Kind    string   `json:"kind"`
	Name    string   `json:"name"`
	Aliases []string `json:"aliases"`
	Score   float64  `json:"score"`
}

// Kind labels: every entity node carries :Entity and exactly one of these.
var KindLabels = []string{"Country", "Bloc", "Person", "Organization", "ThreatActor", "Incident", "Event", "Agreement", "Statement", "Source"}

// KindOf returns the kind label among labels, or "" when there is none.
func KindOf(labels []string) string {
	for _, l := range labels {
		if slices.Contains(KindLabels, l) {
			return l
		}
	}
	return ""
}

// AdhocRequest is an analyst's own read-only Cypher.
type AdhocRequest struct {
	Statement string
	Params    map[string]any
	Timeout   time.Duration
	MaxRows   int
}

// AdhocResult is the answer to an AdhocRequest. Values keep Neo4j's types:
// nodes, relationships, paths, temporal and spatial values are objects with
// a "$type" key (see neo4jstore's typed encoding); other values are plain JSON.
type AdhocResult struct {
	Columns []string `json:"columns"`
	// Each row is JSON already, an object of its columns: encoded as it is
	// read, a row's values are garbage at once, and an answer of a million
	// values holds a fifth of the memory it did as Go values.
	Rows      []json.RawMessage `json:"rows"`
	RowCount  int               `json:"row_count"`
	Truncated bool              `json:"truncated"`
	MaxRows   int               `json:"max_rows"`
}

// Named is an entity with every name and id it is known by.
type Named struct {
	ID, Kind, Name       string
	ISO2                 string // countries only
	Owner                string // who wrote its current version: seed, analyst, dataset:…
	Aliases, ExternalIDs []string
	// What an import that merges into it must keep: a write replaces an
	// entity whole.
	Description, DescriptionAttribution, Wikidata, Note string
	Sources                                             []string // REPORTED_IN
}

// Subgraph is a small graph a viewer can draw directly: entities as nodes,
// relationships as edges between entity ids.
type Subgraph struct {
	Nodes     []GraphNode `json:"nodes"`
	Edges     []GraphEdge `json:"edges"`
	Truncated bool        `json:"truncated"`
}

// GraphNode is an entity in a Subgraph.
type GraphNode struct {
	ID         string         `json:"id"`
	Kind       string         `json:"kind"`
	Name       string         `json:"name"`
	Properties map[string]any `json:"properties"`
	// Group is what a drawing may gather the node under with its like: a
	// statement's speaker, a threat actor's suspected sponsor. Only in a
	// neighbourhood walked with Walk.Groups.
	Group *GraphGroup `json:"group,omitempty"`
}

// GraphGroup names the entity a node is grouped by, and how it is related.
type GraphGroup struct {
	By   string `json:"by"` // speaker or suspected_sponsor
	ID   string `json:"id"`
	Name string `json:"name"`
}

// GraphEdge is a relationship in a Subgraph, by the ids of its ends.
type GraphEdge struct {
	ID         string         `json:"id"`
	Type       string         `json:"type"`
	Source     string         `json:"source"`
	Target     string         `json:"target"`
	Properties map[string]any `json:"properties"`
}

// GraphPath is one path between two entities: its entity ids in order and
// the edges between them.
type GraphPath struct {
	Length int         `json:"length"`
	Nodes  []string    `json:"nodes"`
	Edges  []GraphEdge `json:"edges"`
}

// Walk bounds a path or neighbourhood question.
type Walk struct {
	AsOf           Date    // only relationships and dated entities that held on this date
	KnownOn        KnownOn // as the graph knew them then: the zero value is now
	IncludeSources bool    // walk through :Source nodes too (skipped by default)
	Limit          int     // paths, or nodes of a neighbourhood
	// Groups gives a neighbourhood's nodes their Group, for a drawing to
	// gather them by: one more read, so only the walks that draw ask.
	Groups bool
}

// ExportSink receives a streamed export: every entity, then every
// relationship. An error it returns stops the export.
type ExportSink interface {
	Node(GraphNode) error
	Edge(GraphEdge) error
}

// ExportRequest selects the part of the graph to export: every entity that
// existed on w.AsOf (ids nil), or only the given ids, with the relationships
// among them that held then, all as the graph knew them on w.KnownOn.
type ExportRequest struct {
	IDs  []string
	Walk Walk
	// Max, if not 0, is the most entities the export may hold; more is an
	// EINVALID error naming the format (ExportStream has no such bound).
	Max int
}
