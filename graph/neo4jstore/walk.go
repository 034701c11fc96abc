package neo4jstore

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/cyberkg/cyberkg/graph"
)

// Paths finds the shortest paths between two entities.
func (s *Store) Paths(ctx context.Context, from, to string, maxLength int, w graph.Walk) ([]graph.GraphPath, *graph.Subgraph, error) {
	if maxLength < 1 || maxLength > graph.MaxPathLength {
		return nil, nil, graph.InvalidParam("max_length", "max_length must be 1 to %d", graph.MaxPathLength)
	}
	res, err := s.raw(ctx, stmtPathsByLength[maxLength], map[string]any{
		"from": from, "to": to, "include_sources": w.IncludeSources, "as_of": w.AsOf, "known_on": w.KnownOn, "limit": w.Limit,
	})
	if err != nil {
		return nil, nil, err
	}
	b := newSubgraphBuilder(w.AsOf)
	paths := make([]graph.GraphPath, 0, len(res))
	for _, rec := range res {
		p, ok := rec.Values[0].(dbtype.Path)
		if !ok {
			continue
		}
		versions, _ := rec.Values[1].([]any)
		gp := graph.GraphPath{Length: len(p.Relationships)}
		for i, n := range p.Nodes {
			version := n
			if i < len(versions) {
				version, _ = versions[i].(dbtype.Node)
			}
			gp.Nodes = append(gp.Nodes, b.node(n, version))
		}
		for _, r := range p.Relationships {
			gp.Edges = append(gp.Edges, b.edge(r))
		}
		paths = append(paths, gp)
	}
	return paths, b.subgraph(b.ids(), false), nil
}

// Neighbourhood walks out from id level by level, up to depth hops and
// w.Limit nodes; relationships between the nodes found are all returned.
// An entity the graph did not know on w.KnownOn is not found, as Entity says.
func (s *Store) Neighbourhood(ctx context.Context, id string, depth int, w graph.Walk) (*graph.Subgraph, error) {
	start, err := s.raw(ctx, stmtNodeGetByID, map[string]any{"id": id, "known_on": w.KnownOn})
	if err != nil {
		return nil, err
	}
	if len(start) == 0 {
		if _, err := s.Entity(ctx, id, w.KnownOn); err != nil {
			return nil, err // not found, and why
		}
		return nil, graph.Errorf(graph.ENOTFOUND, "no entity with id %q", id)
	}
	b := newSubgraphBuilder(w.AsOf)
	b.node(start[0].Values[0].(dbtype.Node), start[0].Values[1].(dbtype.Node))
	frontier, truncated := []string{id}, false
	for level := 0; level < depth && len(frontier) > 0 && !truncated; level++ {
		recs, err := s.raw(ctx, stmtNeighboursByFrontier, map[string]any{"frontier": frontier, "as_of": w.AsOf, "known_on": w.KnownOn, "include_sources": w.IncludeSources, "cap": 20 * w.Limit})
		if err != nil {
			return nil, err
		}
		var next []string
		for _, rec := range recs {
			n := rec.Values[0].(dbtype.Node)
			nid, _ := n.Props["id"].(string)
			if !b.has(nid) {
				if len(b.nodes) >= w.Limit {
					truncated = true
					continue
				}
				b.node(n, rec.Values[1].(dbtype.Node))
				next = append(next, nid)
			}
		}
		frontier = next
	}
	// Every relationship among the nodes found, held on the date.
	ids := b.ids()
	recs, err := s.raw(ctx, stmtRelationshipsAmongIDs, map[string]any{"ids": ids, "as_of": w.AsOf, "known_on": w.KnownOn})
	if err != nil {
		return nil, err
	}
	for _, rec := range recs {
		b.edge(rec.Values[0].(dbtype.Relationship))
	}
	if w.Groups {
		if err := s.addGroups(ctx, b, ids, w); err != nil {
			return nil, err
		}
	}
	return b.subgraph(ids, truncated), nil
}

// addGroups tells each statement of a walk (the nodes ids) its speaker and
// each threat actor its suspected sponsor, so that a drawing of hundreds of
// them can gather them into a few groups.
func (s *Store) addGroups(ctx context.Context, b *subgraphBuilder, ids []string, w graph.Walk) error {
	recs, err := s.raw(ctx, stmtGroupsListByIDs, map[string]any{"ids": ids, "as_of": w.AsOf, "known_on": w.KnownOn})
	if err != nil {
		return err
	}
	for _, rec := range recs {
		id, _ := rec.Values[0].(string)
		n, ok := b.nodes[id]
		if !ok {
			continue
		}
		g := &graph.GraphGroup{}
		g.By, _ = rec.Values[1].(string)
		g.ID, _ = rec.Values[2].(string)
		g.Name, _ = rec.Values[3].(string)
		n.Group = g
		b.nodes[id] = n
	}
	return nil
}

// subgraphBuilder collects nodes and edges once each, by entity id and
// element id, remembering which element id is which entity.
type subgraphBuilder struct {
	asOf     string // YYYY-MM-DD: agreements show the status they had then
	nodes    map[string]graph.GraphNode
	elements map[string]string // node element id -> entity id
	edges    map[string]graph.GraphEdge
}

func newSubgraphBuilder(asOf graph.Date) *subgraphBuilder {
	return &subgraphBuilder{asOf: asOf.Time.Format(time.DateOnly),
		nodes: map[string]graph.GraphNode{}, elements: map[string]string{}, edges: map[string]graph.GraphEdge{}}
}

func (b *subgraphBuilder) has(id string) bool { _, ok := b.nodes[id]; return ok }

func (b *subgraphBuilder) ids() []string { return slices.Sorted(maps.Keys(b.nodes)) }

// node adds entity n, with the properties of version: n itself or the
// :Revision that was n's version on the walk's known_on.
func (b *subgraphBuilder) node(n, version dbtype.Node) string {
	id, _ := n.Props["id"].(string)
	b.elements[n.ElementId] = id
	if _, ok := b.nodes[id]; !ok {
		b.nodes[id] = graphNode(n, version, b.asOf)
	}
	return id
}

// graphNode is entity n with the properties of version (n itself when
// version is empty), an agreement's status as of the day asOf.
func graphNode(n, version dbtype.Node, asOf string) graph.GraphNode {
	id, _ := n.Props["id"].(string)
	if version.Props == nil {
		version = n
	}
	name, _ := version.Props["name"].(string)
	props := fromDriver(version.Props).(map[string]any)
	statusAsOf(props, asOf)
	return graph.GraphNode{ID: id, Kind: graph.KindOf(n.Labels), Name: name, Properties: props}
}

func (b *subgraphBuilder) edge(r dbtype.Relationship) graph.GraphEdge {
	e := graphEdge(r, b.elements[r.StartElementId], b.elements[r.EndElementId])
	b.edges[r.ElementId] = e
	return e
}

func graphEdge(r dbtype.Relationship, source, target string) graph.GraphEdge {
	return graph.GraphEdge{ID: r.ElementId, Type: r.Type, Source: source, Target: target, Properties: fromDriver(r.Props).(map[string]any)}
}

// ExportTimeout bounds a streamed export: the whole graph may take minutes.
const ExportTimeout = 10 * time.Minute

// ExportStream sends every entity that existed on the walk's date (in id
// order), then every relationship among them that held then, to send as it
// reads them: the memory it takes does not grow with the graph. It runs in
// one read transaction, never retried, since what was sent cannot be taken
// back.
func (s *Store) ExportStream(ctx context.Context, w graph.Walk, send graph.ExportSink) error {
	asOf := w.AsOf.Time.Format(time.DateOnly)
	params := toDriverParams(map[string]any{"ids": nil, "as_of": w.AsOf, "known_on": w.KnownOn, "include_sources": w.IncludeSources, "limit": math.MaxInt32})
	err := s.guard(ctx, func(ctx context.Context) error {
		session := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.database, AccessMode: neo4j.AccessModeRead,
			BookmarkManager: s.driver.ExecuteQueryBookmarkManager()})
		defer session.Close(ctx)
		tx, err := session.BeginTransaction(ctx, neo4j.WithTxTimeout(ExportTimeout))
		if err != nil {
			return err
		}
		defer tx.Close(ctx)
		res, err := tx.Run(ctx, stmtNodesListAsOf.cypher, params)
		if err != nil {
			return err
		}
		for res.Next(ctx) {
			v := res.Record().Values
			if err := send.Node(graphNode(v[0].(dbtype.Node), v[1].(dbtype.Node), asOf)); err != nil {
				return &sinkError{err}
			}
		}
		if err := res.Err(); err != nil {
			return err
		}
		if res, err = tx.Run(ctx, stmtRelationshipsListAsOf.cypher, params); err != nil {
			return err
		}
		for res.Next(ctx) {
			v := res.Record().Values
			source, _ := v[0].(string)
			target, _ := v[1].(string)
			if err := send.Edge(graphEdge(v[2].(dbtype.Relationship), source, target)); err != nil {
				return &sinkError{err}
			}
		}
		return res.Err()
	})
	var se *sinkError
	if errors.As(err, &se) {
		return se.err
	}
	if err != nil {
		return translate("export", err)
	}
	return nil
}

// sinkError is the sink's own error (the client went away), passed on as it is.
type sinkError struct{ err error }

func (e *sinkError) Error() string { return e.err.Error() }

// subgraph is what b holds, its nodes in the order of ids (b.ids(), which
// the caller has already read).
func (b *subgraphBuilder) subgraph(ids []string, truncated bool) *graph.Subgraph {
	g := &graph.Subgraph{Nodes: []graph.GraphNode{}, Edges: []graph.GraphEdge{}, Truncated: truncated}
	for _, id := range ids {
		g.Nodes = append(g.Nodes, b.nodes[id])
	}
	for _, e := range b.edges {
		g.Edges = append(g.Edges, e)
	}
	sort.Slice(g.Edges, func(i, j int) bool {
		if g.Edges[i].Source != g.Edges[j].Source {
			return g.Edges[i].Source < g.Edges[j].Source
		}
		if g.Edges[i].Type != g.Edges[j].Type {
			return g.Edges[i].Type < g.Edges[j].Type
		}
		return g.Edges[i].Target < g.Edges[j].Target
	})
	return g
}

// Export returns the entities that existed on the date (all of them, or
// those of req.IDs) and every relationship among them that held then.
func (s *Store) Export(ctx context.Context, req graph.ExportRequest) (*graph.Subgraph, error) {
	limit := math.MaxInt32
	if req.Max > 0 {
		limit = req.Max + 1
	}
	recs, err := s.raw(ctx, stmtNodesListAsOf, map[string]any{"ids": nullableList(req.IDs), "as_of": req.Walk.AsOf, "known_on": req.Walk.KnownOn,
		"include_sources": req.Walk.IncludeSources, "limit": limit})
	if err != nil {
		return nil, err
	}
	if req.Max > 0 && len(recs) > req.Max {
		return nil, &graph.Error{Code: graph.EINVALID, Param: "format", Message: fmt.Sprintf("the export holds more than %d entities", req.Max)}
	}
	b := newSubgraphBuilder(req.Walk.AsOf)
	for _, rec := range recs {
		b.node(rec.Values[0].(dbtype.Node), rec.Values[1].(dbtype.Node))
	}
	ids := b.ids()
	recs, err = s.raw(ctx, stmtRelationshipsAmongIDs, map[string]any{"ids": ids, "as_of": req.Walk.AsOf, "known_on": req.Walk.KnownOn})
	if err != nil {
		return nil, err
	}
	for _, rec := range recs {
		b.edge(rec.Values[0].(dbtype.Relationship))
	}
	return b.subgraph(ids, false), nil
}

func nullableList(ids []string) any {
	if ids == nil {
		return nil
	}
	return ids
}

// statusAsOf sets an agreement's status and status_on to those it had on
// asOf (ISO dates compare as strings), leaving its whole history beside them.
func statusAsOf(props map[string]any, asOf string) {
	statuses, _ := props["status_history"].([]any)
	dates, _ := props["status_dates"].([]any)
	if len(statuses) == 0 || len(statuses) != len(dates) {
		return
	}
	props["status"], props["status_on"] = nil, nil
	for i, d := range dates {
		if day, _ := d.(string); day <= asOf {
			props["status"], props["status_on"] = statuses[i], day
		}
	}
}
