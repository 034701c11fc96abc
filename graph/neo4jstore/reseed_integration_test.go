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
