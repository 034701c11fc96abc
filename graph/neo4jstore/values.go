package neo4jstore

import (
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/cyberkg/cyberkg/graph"
)

// toDriverParams converts domain values to driver values: a graph.Date
// becomes a native DATE, so comparisons with stored dates work, and a
// graph.KnownOn a DATETIME (or null for now).
func toDriverParams(params map[string]any) map[string]any {
	out := make(map[string]any, len(params))
	for k, v := range params {
		out[k] = toDriver(v)
	}
	return out
}

// DriverParams is params as the store sends them to Neo4j, for a caller
// that runs a catalog statement on the driver itself: cyberkg bench ways
// times the driver beside the API with exactly the same values.
func DriverParams(params map[string]any) map[string]any { return toDriverParams(params) }

func toDriver(v any) any {
	switch x := v.(type) {
	case graph.Date:
		return neo4j.DateOf(x.Time)
	case graph.KnownOn:
		return x.Param()
	case []graph.Date:
		dates := make([]any, len(x))
		for i, d := range x {
			dates[i] = neo4j.DateOf(d.Time)
		}
		return dates
	case map[string]any:
		return toDriverParams(x)
	case []map[string]any:
		list := make([]any, len(x))
		for i, m := range x {
			list[i] = toDriverParams(m)
		}
		return list
	case []any:
		list := make([]any, len(x))
		for i, e := range x {
			list[i] = toDriver(e)
		}
		return list
	default:
		return v
	}
}

// fromDriver converts a driver value into plain JSON-friendly values: dates
// as ISO 8601 strings, nodes, relationships and paths as graph types.
func fromDriver(v any) any {
	switch x := v.(type) {
	case dbtype.Date:
		return x.Time().Format(time.DateOnly)
	case dbtype.LocalDateTime:
		return x.Time().Format("2006-01-02T15:04:05.999999999")
	case time.Time:
		return x.Format(time.RFC3339Nano)
	case dbtype.Duration:
		return x.String()
	case dbtype.Node:
		return node(x)
	case dbtype.Relationship:
		return relationship(x)
	case dbtype.Path:
		p := graph.Path{Nodes: make([]graph.Node, len(x.Nodes)), Relationships: make([]graph.Relationship, len(x.Relationships))}
		for i, n := range x.Nodes {
			p.Nodes[i] = node(n)
		}
		for i, r := range x.Relationships {
			p.Relationships[i] = relationship(r)
		}
		return p
	case []any:
		list := make([]any, len(x))
		for i, e := range x {
			list[i] = fromDriver(e)
		}
		return list
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = fromDriver(e)
		}
		return m
	default:
		return v
	}
}

func node(n dbtype.Node) graph.Node {
	return graph.Node{ElementID: n.ElementId, Labels: n.Labels, Properties: fromDriver(n.Props).(map[string]any)}
}

func relationship(r dbtype.Relationship) graph.Relationship {
	return graph.Relationship{ElementID: r.ElementId, Type: r.Type, StartElementID: r.StartElementId,
		EndElementID: r.EndElementId, Properties: fromDriver(r.Props).(map[string]any)}
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func toStrings(v any) []string {
	list, _ := v.([]any)
	out := make([]string, 0, len(list))
	for _, e := range list {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func toMaps(v any) []map[string]any {
	list, _ := v.([]any)
	out := make([]map[string]any, 0, len(list))
	for _, e := range list {
		if m, ok := e.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}
