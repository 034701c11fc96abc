package service

import (
	"slices"
	"testing"

	"github.com/cyberkg/cyberkg/graph"
)

// A fact comes after the facts of the same import that it names, so a batch
// never names an entity a later batch writes.
func TestImportOrderPutsWhatIsNamedFirst(t *testing.T) {
	node := func(id, kind string, names ...string) graph.Fact {
		f := graph.Fact{Key: id, Node: &graph.NodeRecord{ID: id, Kind: kind}}
		for _, n := range names {
			f.Relationships = append(f.Relationships, graph.RelationshipRecord{Type: "ABOUT", From: id, To: n, Fact: id})
		}
		return f
	}
	facts := []graph.Fact{
		{Key: "membership:IDN:SCO:2026", Relationships: []graph.RelationshipRecord{{Type: "MEMBER_OF", From: "IDN", To: "SCO"}}},
		node("st-b", "Statement", "st-c", "RUS"),
		node("st-a", "Statement", "st-b"),
		node("src-x", "Source"),
		node("st-c", "Statement", "src-x"),
		node("RUS", "Country"),
	}
	ordered := importOrder(slices.Clone(facts))
	if len(ordered) != len(facts) {
		t.Fatalf("importOrder returned %d facts, want %d", len(ordered), len(facts))
	}
	at := map[string]int{}
	for i, f := range ordered {
		at[f.Key] = i
	}
	for _, f := range ordered {
		for _, r := range f.Relationships {
			if i, defined := at[r.To]; defined && r.To != f.Key && i > at[f.Key] {
				t.Errorf("%s comes before %s, which it names: %v", f.Key, r.To, keys(ordered))
			}
		}
	}
	if ordered[0].Key != "src-x" {
		t.Errorf("first = %s, want the source: %v", ordered[0].Key, keys(ordered))
	}
	// A cycle cannot be ordered: its facts still all come out, last.
	cycle := importOrder([]graph.Fact{node("st-1", "Statement", "st-2"), node("st-2", "Statement", "st-1"), node("RUS", "Country")})
	if len(cycle) != 3 || cycle[0].Key != "RUS" {
		t.Errorf("importOrder with a cycle = %v, want RUS first and all three", cycle)
	}
}

func keys(facts []graph.Fact) []string {
	out := make([]string, len(facts))
	for i, f := range facts {
		out[i] = f.Key
	}
	return out
}
