package graph

import "time"

// Two time axes. Valid time (since/until, signed_on, status dates) says when
// a fact held in the world and answers as_of. Recorded time says when the
// graph said so and answers known_on. The graph keeps both in place:
//
//   - An :Entity node and a fact relationship may carry recorded_from (when
//     the graph first said it; absent: since always) and recorded_until (when
//     it was retracted or replaced by a corrected version; absent: current).
//     A retracted node keeps its labels and id and gains :Retracted. A
//     corrected relationship stays, closed, next to its new version.
//   - A node's properties are those of its current version, recorded at
//     version_from. Each earlier version is a :Revision node (no :Entity or
//     kind label) holding that version's properties, id included, between
//     version_from and version_until: (n:Entity)-[:REVISION]->(v:Revision).
//   - Every write is one :Change node (who, when, why, idempotency key, what),
//     linked (c:Change)-[:CHANGED]->(n:Entity) to every entity it touched;
//     recorded_by on nodes and relationships names the change.
//
// A question asked known_on T (a DATETIME; null means now) sees a node or
// relationship x when (x.recorded_from IS NULL OR x.recorded_from <= T) AND
// (x.recorded_until IS NULL OR x.recorded_until > T), and a node's properties
// as its version that was current at T.

// KnownOn is the recorded time a question is asked at; the zero value means
// now. An instant is asked with KnownAt, so that even the zero time (year 1)
// is an instant, before anything was recorded, and not now.
type KnownOn struct {
	time.Time
	past bool
}

// KnownAt asks about the graph as it was at t.
func KnownAt(t time.Time) KnownOn { return KnownOn{Time: t, past: true} }

// Now reports whether k asks about the graph as it is now.
func (k KnownOn) Now() bool { return !k.past }

// Param is k as a Cypher parameter: a DATETIME, or null for now.
func (k KnownOn) Param() any {
	if k.Now() {
		return nil
	}
	return k.UTC()
}

// EndOfDay is the last instant of d's day, UTC: known_on 2026-11-28 asks
// what the graph said at the end of that day.
func EndOfDay(d time.Time) KnownOn {
	y, m, day := d.Date()
	return KnownAt(time.Date(y, m, day, 23, 59, 59, 999999999, time.UTC))
}

// Labels and relationship types of the history, outside the kind labels.
const (
	LabelRetracted = "Retracted"
	LabelRevision  = "Revision"
	LabelChange    = "Change"
	RelRevision    = "REVISION"
	RelChanged     = "CHANGED"
)
