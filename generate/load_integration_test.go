package generate_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cyberkg/cyberkg/generate"
	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/internal/neo4jtest"
	"github.com/cyberkg/cyberkg/queries"
	"github.com/cyberkg/cyberkg/service"
)

// A small generated graph goes in through the import path, reads back
// through the catalog, and a second run of the same seed and scale finds
// every fact unchanged and writes nothing.
func TestLoadReadsBackAndRunsAgainUnchanged(t *testing.T) {
	store := neo4jtest.Seeded(t)
	svc := service.New(store, service.Options{})
	ctx := context.Background()
	const scale = 3000
	g := newGenerator(t, 5, scale)

	// What the catalog should answer: a bilateral agreement and its last
	// status, and the current members of the first bloc.
	var pact *generate.Agreement
	members := map[string][]string{} // bloc -> current members
	for it := range g.Facts() {
		if a := it.Agreement; a != nil && pact == nil && a.Scope == "bilateral" {
			pact = a
		}
		if m := it.Membership; m != nil {
			if m.Until == "" {
				members[m.Bloc] = append(members[m.Bloc], m.Country)
			}
		}
	}
	if pact == nil {
		t.Fatal("the generated graph has no bilateral agreement")
	}

	var seen []generate.Progress
	p, err := generate.Load(ctx, svc, g, generate.Options{Batch: 1000, Progress: func(p generate.Progress) { seen = append(seen, p) }})
	if err != nil {
		t.Fatalf("Load(seed 5, scale %d) error: %v", scale, err)
	}
	if p.Facts != scale || p.Batches != 3 || p.Counts[graph.Created] != scale || len(seen) != 3 {
		t.Errorf("Load(seed 5, scale %d) = %+v after %d progress reports, want %d facts created in 3 batches", scale, p, len(seen), scale)
	}

	answer, err := svc.QueryAll(ctx, queries.AgreementsListByParty, map[string]string{"party": pact.Parties[0]})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	last := pact.StatusHistory[len(pact.StatusHistory)-1]
	for _, row := range answer.Rows {
		if row["agreement"] != pact.ID {
			continue
		}
		found = true
		if row["status"] != last.Status || row["scope"] != "bilateral" || !slices.Contains(toStrings(row["other_parties"]), pact.Parties[1]) {
			t.Errorf("agreements_list_by_party(%s) row for %s = %v, want %s with %s, bilateral", pact.Parties[0], pact.ID, row, last.Status, pact.Parties[1])
		}
	}
	if !found {
		t.Errorf("agreements_list_by_party(%s) has no %s among %d rows", pact.Parties[0], pact.ID, answer.RowCount)
	}

	bloc := "gen-s5-bloc-0001"
	answer, err = svc.QueryAll(ctx, queries.MembersListByBloc, map[string]string{"bloc": bloc})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, row := range answer.Rows {
		got = append(got, row["member"].(string))
	}
	want := members[bloc]
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("members_list_by_bloc(%s) = %v, want %v", bloc, got, want)
	}
	if owner := neo4jtest.Query(t, "MATCH (s:Statement {id: 'gen-s5-st-0000001'})<-[:CHANGED]-(c:Change) RETURN s.owner + ' ' + c.author"); owner != "analyst cyberkg generate" {
		t.Errorf("the first statement's owner and change author = %q, want analyst, cyberkg generate", owner)
	}

	before := neo4jtest.Dump(t)
	again, err := generate.Load(ctx, svc, newGenerator(t, 5, scale), generate.Options{Batch: 1000})
	if err != nil {
		t.Fatalf("Load again error: %v", err)
	}
	if again.Counts[graph.Unchanged] != scale || len(again.Counts) != 1 {
		t.Errorf("Load again counts = %v, want all %d unchanged", again.Counts, scale)
	}
	if neo4jtest.Dump(t) != before {
		t.Error("Load again changed the graph, want it as it was")
	}
}

// A load stops at the first batch the import refuses, saying how far it got.
func TestLoadStopsAtARefusedBatch(t *testing.T) {
	store := neo4jtest.Seeded(t)
	svc := service.New(store, service.Options{})
	// A source of the generated graph's already exists as something else.
	neo4jtest.Exec(t, "CREATE (:Entity:Country {id: 'gen-s6-src-00003', name: 'Not a source'})", nil)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	p, err := generate.Load(ctx, svc, newGenerator(t, 6, 2000), generate.Options{Batch: 5})
	if err == nil || p == nil || p.Facts != 0 {
		t.Fatalf("Load over a clashing id = %+v, %v; want the first batch refused", p, err)
	}
	if want := "generated batch 1 (0 facts written before it)"; !strings.Contains(err.Error(), want) {
		t.Errorf("Load error = %v, want it to start %q", err, want)
	}
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
