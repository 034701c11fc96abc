package neo4jstore

import (
	"encoding/base64"
	"math"
	"strconv"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"
)

// typed converts a driver value into JSON that keeps Neo4j's types apart, in
// the spirit of Neo4j's own typed JSON: structural, temporal and spatial
// values become objects with a "$type" key, so a date is never mistaken for
// a string nor a node for a map. Numbers JSON cannot hold (NaN, ±Inf) are
// typed too, rather than breaking the response.
func typed(v any) any {
	switch x := v.(type) {
	case nil, bool, int64, string:
		return x
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return map[string]any{"$type": "Float", "_value": strconv.FormatFloat(x, 'g', -1, 64)}
		}
		return x
	case []byte:
		return map[string]any{"$type": "Bytes", "_value": base64.StdEncoding.EncodeToString(x)}
	case []any:
		// In place: the driver's record is ours alone, and a copy would
		// double the memory a million-value answer holds.
		for i, e := range x {
			x[i] = typed(e)
		}
		return x
	case map[string]any:
		for k, e := range x {
			x[k] = typed(e)
		}
		return x
	case dbtype.Node:
		return typedNode(x)
	case dbtype.Relationship:
		return typedRelationship(x)
	case dbtype.Path:
		nodes := make([]any, len(x.Nodes))
		for i, n := range x.Nodes {
			nodes[i] = typedNode(n)
		}
		rels := make([]any, len(x.Relationships))
		for i, r := range x.Relationships {
			rels[i] = typedRelationship(r)
		}
		return map[string]any{"$type": "Path", "nodes": nodes, "relationships": rels}
	case dbtype.Date:
		return tagged("Date", x.Time().Format(time.DateOnly))
	case dbtype.LocalDateTime:
		return tagged("LocalDateTime", x.Time().Format("2006-01-02T15:04:05.999999999"))
	case dbtype.LocalTime:
		return tagged("LocalTime", x.Time().Format("15:04:05.999999999"))
	case dbtype.Time:
		return tagged("Time", x.Time().Format("15:04:05.999999999Z07:00"))
	case time.Time:
		return tagged("DateTime", x.Format(time.RFC3339Nano))
	case dbtype.Duration:
		return tagged("Duration", x.String())
	case dbtype.Point2D:
		return map[string]any{"$type": "Point", "srid": x.SpatialRefId, "x": x.X, "y": x.Y}
	case dbtype.Point3D:
		return map[string]any{"$type": "Point", "srid": x.SpatialRefId, "x": x.X, "y": x.Y, "z": x.Z}
	default:
		return tagged("Unknown", "")
	}
}

func tagged(typ, value string) map[string]any {
	return map[string]any{"$type": typ, "_value": value}
}

func typedNode(n dbtype.Node) map[string]any {
	return map[string]any{"$type": "Node", "element_id": n.ElementId, "labels": n.Labels, "properties": typed(n.Props)}
}

func typedRelationship(r dbtype.Relationship) map[string]any {
	return map[string]any{"$type": "Relationship", "element_id": r.ElementId, "type": r.Type,
		"start_element_id": r.StartElementId, "end_element_id": r.EndElementId, "properties": typed(r.Props)}
}
