package neo4jstore_test

import (
	"context"
	"testing"

	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/internal/neo4jtest"
	"github.com/cyberkg/cyberkg/seed"
)

func parseDoc(t *testing.T, doc string) []graph.Fact {
	t.Helper()
	parsed, err := seed.ParseDocuments([]seed.Document{{Name: "t.yaml", Data: []byte(doc)}}, func(ids []string) (map[string]string, error) {
		return map[string]string{"RUS": "Country", "IDN": "Country", "SCO": "Bloc", "src-nextcloud-khramov-2021": "Source"}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return graph.FactsOf(parsed.Dataset)
}

// Seed-owned and analyst-owned facts live together: a re-seed leaves what
// analysts wrote or corrected alone, and still keeps its own facts current.
func TestReseedKeepsAnalystsWrites(t *testing.T) {
	store := neo4jtest.Seeded(t)
	ctx := context.Background()
	analyst := func(facts []graph.Fact) {
		t.Helper()
		if _, err := store.Apply(ctx, graph.ChangeSet{Kind: "correct", Author: "alice", Owner: graph.OwnerAnalyst, Facts: facts}); err != nil {
			t.Fatal(err)
		}
	}
	// Alice corrects a seed entity and adds a membership of her own.
	analyst(parseDoc(t, `entities:
  - {id: RUS, type: Country, name: Russian Federation, iso2: RU, iso3: RUS, sources: [src-nextcloud-khramov-2021]}
`))
	analyst(parseDoc(t, "memberships:\n  - {country: IDN, bloc: SCO, since: 2026-03-01, role: observer, sources: [src-nextcloud-khramov-2021]}\n"))

	ds, err := seed.Parse(seed.Files())
	if err != nil {
		t.Fatal(err)
	}
	report, err := store.Load(ctx, ds)
	if err != nil {
		t.Fatal(err)
	}
	outcome := map[string]string{}
	for _, f := range report.Facts {
		outcome[f.Key] = f.Outcome
	}
	if outcome["RUS"] != graph.Kept {
		t.Errorf("re-seed outcome for RUS, which an analyst corrected = %q, want kept", outcome["RUS"])
	}
	if got := neo4jtest.Query(t, "MATCH (c:Country {id: 'RUS'}) RETURN c.name"); got != "Russian Federation" {
		t.Errorf("RUS's name after a re-seed = %q, want the analyst's", got)
	}
	if got := neo4jtest.Query(t, "MATCH (:Country {id: 'IDN'})-[m:MEMBER_OF]->(:Bloc {id: 'SCO'}) WHERE m.recorded_until IS NULL RETURN m.role"); got != "observer" {
		t.Errorf("the analyst's membership after a re-seed: role %q, want observer (kept)", got)
	}
	if report.Counts[graph.Retracted] != 0 || report.Counts[graph.Changed] != 0 {
		t.Errorf("a re-seed of unchanged files = %v, want nothing retracted or changed", report.Counts)
	}
}

// What an analyst retracted stays retracted through a re-seed, whether an
// entity or a relationship fact.
func TestReseedLeavesAnalystsRetractionsAlone(t *testing.T) {
	store := neo4jtest.Seeded(t)
	ctx := context.Background()
	for _, r := range []graph.Retraction{
		{Key: "stmt-khramov-2021-06-28-bloc-priority", Anchor: "stmt-khramov-2021-06-28-bloc-priority"},
		{Key: graph.MembershipKey("BRA", "BRICS", "2006"), Anchor: "BRA"},
	} {
		if _, err := store.Apply(ctx, graph.ChangeSet{Kind: "retract", Author: "alice", Owner: graph.OwnerAnalyst, Retractions: []graph.Retraction{r}}); err != nil {
			t.Fatalf("retract %s: %v", r.Key, err)
		}
	}
	ds, err := seed.Parse(seed.Files())
	if err != nil {
		t.Fatal(err)
	}
	report, err := store.Load(ctx, ds)
	if err != nil {
		t.Fatal(err)
	}
	if report.Counts[graph.Kept] != 2 || report.Counts[graph.Created]+report.Counts[graph.Restored] != 0 {
		t.Errorf("re-seed after two analyst retractions = %v, want both kept, nothing created or restored", report.Counts)
	}
	if n := neo4jtest.Query(t, "MATCH (:Country {id: 'BRA'})-[m:MEMBER_OF]->(:Bloc {id: 'BRICS'}) WHERE m.recorded_until IS NULL RETURN count(m)"); n != "0" {
		t.Errorf("current BRA–BRICS memberships after the re-seed = %s, want 0", n)
	}
	if n := neo4jtest.Query(t, "MATCH (s:Statement:Retracted {id: 'stmt-khramov-2021-06-28-bloc-priority'}) RETURN count(s)"); n != "1" {
		t.Errorf("the retracted statement after the re-seed: %s retracted, want 1", n)
	}
}
