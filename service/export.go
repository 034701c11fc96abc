package service

import (
	"context"
	"strings"

	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/queries"
)

// ExportQueryPrefix marks the parameters passed on to a catalog query, so
// they cannot collide with the export's own (both have as_of).
const ExportQueryPrefix = "param."

// KnownOnParam asks what the graph said at an instant (recorded time), as
// every catalog query's known_on does.
var KnownOnParam = queries.Param{Name: "known_on", Type: queries.Instant, Default: "now",
	Description: "Answer with what the graph said at this time, corrections and retractions made since left out: YYYY-MM-DD (the end of that day, UTC), an RFC 3339 timestamp (2026-11-29T17:03:00Z), or now."}

// ExportParams are an export's parameters, for GET /v1/export and
// cyberkg export alike.
func ExportParams(knownOn queries.Param) []queries.Param {
	one := 1
	three := 3
	return []queries.Param{
		{Name: "format", Type: queries.String, Default: "json", OneOf: []string{"json", "csv", "graphml", "stix"}, Description: "json (nodes and edges), csv (a zip of nodes.csv and edges.csv), graphml (Gephi, yEd, networkx) or stix (a STIX 2.1 bundle, application/stix+json, for OpenCTI, MISP and other threat-intelligence platforms; docs/stix.md)."},
		{Name: "as_of", Type: queries.Date, Default: "today", Description: "Export the graph as it stood on this date: entities dated no later, relationships that held then."},
		knownOn,
		{Name: "include_sources", Type: queries.Boolean, Default: "true", Description: "Include :Source nodes and their edges."},
		{Name: "query", Type: queries.String, OneOf: queryNames(), Description: "Export only the entities a catalog query's answer names (and the relationships among them); pass its parameters as param.NAME=VALUE (its known_on is the export's unless param.known_on says otherwise)."},
		{Name: "entity", Type: queries.ID, Kind: "Entity", Description: "Export only this entity's neighbourhood."},
		{Name: "depth", Type: queries.Integer, Default: "1", Min: &one, Max: &three, Description: "With entity: how many hops out."},
	}
}

func queryNames() []string {
	names := make([]string, len(queries.All))
	for i, q := range queries.All {
		names[i] = q.Name
	}
	return names
}

// ExportSubgraph picks what an export holds from its raw parameters
// (specs: ExportParams): the whole graph, an entity's neighbourhood, or the
// entities a catalog query's answer names, as of a date. A server holds an
// ExportSlot while it builds and writes the whole graph (WholeGraph).
func (s *Service) ExportSubgraph(ctx context.Context, what string, specs []queries.Param, raw map[string]string) (*graph.Subgraph, queries.Values, error) {
	own, forQuery := map[string]string{}, map[string]string{}
	for k, v := range raw {
		if name, ok := strings.CutPrefix(k, ExportQueryPrefix); ok {
			forQuery[name] = v
		} else {
			own[k] = v
		}
	}
	params, err := s.Bind(ctx, what, specs, own)
	if err != nil {
		return nil, nil, err
	}
	w := ExportWalk(params)
	name := params.String("query")
	entity := params.String("entity")
	switch {
	case name != "" && entity != "":
		return nil, nil, graph.InvalidParam("entity", "give query or entity, not both")
	case len(forQuery) > 0 && name == "":
		return nil, nil, graph.InvalidParam("query", "param.* parameters need a query to go to")
	case entity != "":
		g, err := s.Neighbourhood(ctx, entity, params.Int("depth"), w)
		return g, params, err
	case name != "":
		q, _ := queries.ByName(name)
		// The query answers as the graph stood when the export asks.
		if _, given := forQuery["known_on"]; !given && own["known_on"] != "" {
			forQuery["known_on"] = own["known_on"]
		}
		g, err := s.QuerySubgraph(ctx, q, forQuery, w)
		return g, params, err
	default:
		g, err := s.Export(ctx, graph.ExportRequest{Walk: w, Max: s.opts.ExportMax})
		if graph.ErrorCode(err) == graph.EINVALID && graph.ErrorParam(err) == "format" {
			err = graph.InvalidParam("format", "the whole graph holds more than %d entities, more than a %s export is built from in memory: "+
				"format=json streams the whole graph at any size, and entity= or query= export a part of it", s.opts.ExportMax, params.String("format"))
		}
		return g, params, err
	}
}

// MaxExportInMemory is the most entities an export other than a streamed
// one holds: CSV, GraphML and STIX declare their columns, keys or objects
// before the data, so they are built whole in memory.
const MaxExportInMemory = 200_000

// ExportStreams is how many whole-graph exports run at once: a streamed one
// holds a driver connection, which every other request needs, for as long
// as its client takes to read; one built in memory holds a copy of the graph
// (up to MaxExportInMemory entities) until it is written.
const ExportStreams = 2

// ExportSlot takes one of the ExportStreams slots that whole-graph exports,
// streamed or built in memory, share, for as long as the export runs: until
// it is written, when release gives it back. With every slot taken it
// refuses at once (EBUSY: 429 with Retry-After), rather than queue a client
// behind others that may read for minutes.
func (s *Service) ExportSlot() (release func(), err error) {
	select {
	case s.exports <- struct{}{}:
		return func() { <-s.exports }, nil
	default:
		return nil, graph.Errorf(graph.EBUSY, "all %d whole-graph exports are running: try again shortly, or export an entity or a query", cap(s.exports))
	}
}

// ExportStream sends the whole graph as the store reads it, in one of the
// export slots (ExportSlot).
func (s *Service) ExportStream(ctx context.Context, w graph.Walk, send graph.ExportSink) error {
	release, err := s.ExportSlot()
	if err != nil {
		return err
	}
	defer release()
	return s.Store.ExportStream(ctx, w, send)
}

// WholeGraph reports whether an export's raw parameters ask for the whole
// graph: no entity, no query and none of a query's parameters.
func WholeGraph(raw map[string]string) bool {
	for k := range raw {
		if k == "query" || k == "entity" || strings.HasPrefix(k, ExportQueryPrefix) {
			return false
		}
	}
	return true
}

// Streams reports whether an export's raw parameters ask for what
// ExportStream sends: the whole graph, as JSON.
func Streams(raw map[string]string) bool {
	return WholeGraph(raw) && (raw["format"] == "" || raw["format"] == "json")
}

// ExportWalk is the walk an export's bound parameters (ExportParams) ask for.
func ExportWalk(params queries.Values) graph.Walk {
	return graph.Walk{AsOf: params.Date("as_of"), KnownOn: params.KnownOn("known_on"), IncludeSources: params.Bool("include_sources"), Limit: 500}
}
