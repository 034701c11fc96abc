package service_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/internal/neo4jtest"
	"github.com/cyberkg/cyberkg/seed"
	"github.com/cyberkg/cyberkg/service"
)

const mispPath = ".cache/opendata/misp-galaxy/threat-actor.json"

func importMISP(t *testing.T, svc *service.Service, data []byte) *service.OpenDataReport {
	t.Helper()
	rep, err := svc.ImportOpenData(context.Background(), service.OpenData{Format: service.FormatMISPGalaxy, Name: "threat-actor.json",
		Data: data, Caller: service.Caller{Name: "test", Role: "admin"}})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// nextVersion is the cluster as a newer galaxy version might give it: APT1
// gone, APT28's description reworded, one actor added.
func nextVersion(t *testing.T, data []byte) []byte {
	t.Helper()
	var c map[string]any
	if err := json.Unmarshal(data, &c); err != nil {
		t.Fatal(err)
	}
	c["version"] = 337
	var kept []any
	for _, v := range c["values"].([]any) {
		a := v.(map[string]any)
		switch a["value"] {
		case "APT1":
			continue
		case "APT28":
			a["description"] = "Reworded in the next version."
		}
		kept = append(kept, a)
	}
	kept = append(kept, map[string]any{"uuid": "0c0ffee0-0000-4000-8000-000000000001", "value": "Newcomer Bear",
		"meta": map[string]any{"country": "RU", "refs": []any{"https://example.org/newcomer-bear"}}})
	c["values"] = kept
	out, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestMISPGalaxyImportIsIdempotentAndVersioned(t *testing.T) {
	store := neo4jtest.Seeded(t)
	svc := service.New(store, service.Options{})
	ctx := context.Background()
	data := neo4jtest.RepoFile(t, mispPath)

	first := importMISP(t, svc, data)
	if c := first.Change.Counts; c[graph.Created] < 4000 || c[graph.Changed] != 0 {
		t.Fatalf("first import = %v, want thousands created", c)
	}
	if n := neo4jtest.Query(t, "MATCH (a:ThreatActor) RETURN count(a)"); n != "864" {
		t.Errorf("threat actors = %s, want the cluster's 864", n)
	}
	// No country is duplicated: claims name the seed's countries.
	if n := neo4jtest.Query(t, "MATCH (c:Country) RETURN count(c)"); n != "249" {
		t.Errorf("countries = %s, want 249", n)
	}
	afterFirst := time.Now().UTC()

	again := importMISP(t, svc, data)
	if c := again.Change.Counts; len(c) != 1 || c[graph.Unchanged] == 0 || again.Change.Change != "" {
		t.Errorf("the same version again = %v (change %q), want everything unchanged and no change recorded", c, again.Change.Change)
	}

	next := importMISP(t, svc, nextVersion(t, data))
	outcome := map[string]string{}
	for _, f := range next.Change.Facts {
		outcome[f.Key] = f.Outcome
	}
	for key, want := range map[string]string{"apt1": graph.Retracted, "claim-cfr-apt1-sponsor": graph.Retracted,
		"apt28": graph.Changed, "newcomer-bear": graph.Created, "claim-misp-newcomer-bear-origin": graph.Created,
		"apt29": graph.Unchanged, "src-misp-galaxy-threat-actor": graph.Changed} {
		if outcome[key] != want {
			t.Errorf("version 337: %s %q, want %q", key, outcome[key], want)
		}
	}

	// History is kept: the graph as known after the first import still has
	// APT1 and APT28's old description; now it has neither.
	then := graph.KnownAt(afterFirst)
	if e, err := store.Entity(ctx, "apt1", then); err != nil || e.Kind != "ThreatActor" {
		t.Errorf("apt1 known after the first import = %v, %v; want it", e, err)
	}
	if _, err := store.Entity(ctx, "apt1", graph.KnownOn{}); graph.ErrorCode(err) != graph.ENOTFOUND {
		t.Errorf("apt1 now: err %v, want not found (retracted)", err)
	}
	old, err := store.Entity(ctx, "apt28", then)
	if err != nil || !strings.Contains(old.Properties["description"].(string), "Sofacy") {
		t.Errorf("apt28 known after the first import: %v, %v; want the first version's description", old, err)
	}
	cur, err := store.Entity(ctx, "apt28", graph.KnownOn{})
	if err != nil || cur.Properties["description"] != "Reworded in the next version." {
		t.Errorf("apt28 now: %v, %v; want the new description", cur, err)
	}
}

// An analyst's correction of an imported fact survives re-imports: the data
// set leaves it alone and says so.
func TestMISPGalaxyLeavesAnalystsCorrectionsAlone(t *testing.T) {
	store := neo4jtest.Seeded(t)
	svc := service.New(store, service.Options{})
	data := neo4jtest.RepoFile(t, mispPath)
	importMISP(t, svc, data)

	doc := `{"entities": [{"id": "apt28", "type": "ThreatActor", "name": "APT28", "aliases": ["Fancy Bear"],
	  "description": "An analyst's own wording.", "sources": ["src-misp-galaxy-threat-actor"]}]}`
	if _, err := svc.WriteFact(context.Background(), service.Write{Section: "entities", Key: "apt28", Body: []byte(doc),
		Caller: service.Caller{Name: "ana", Role: "editor"}}); err != nil {
		t.Fatal(err)
	}
	rep := importMISP(t, svc, data)
	for _, f := range rep.Change.Facts {
		if f.Key == "apt28" && f.Outcome != graph.Kept {
			t.Errorf("re-import after an analyst's correction: apt28 %s, want kept", f.Outcome)
		}
	}
	if n := neo4jtest.Query(t, "MATCH (a:ThreatActor {id: 'apt28'}) RETURN a.description"); n != "An analyst's own wording." {
		t.Errorf("apt28's description = %q, want the analyst's", n)
	}
}

// A data set's new version may move its claims to another claimant and drop
// the old one in one import: the claims rewritten in the same change no
// longer name it, so it is retracted now, not on the import after.
func TestDatasetDropsWhatItsRewrittenFactsNoLongerName(t *testing.T) {
	store := neo4jtest.Seeded(t)
	svc := service.New(store, service.Options{})
	version := func(claimant string) *graph.ChangeReport {
		doc := `{"sources": [{"id": "src-test-set", "title": "A test data set", "publisher": "Test", "reliability": "C"}],
		  "entities": [{"id": "` + claimant + `", "type": "Organization", "kind": "other", "name": "` + claimant + `", "sources": ["src-test-set"]}],
		  "statements": [{"id": "claim-test", "by": "` + claimant + `", "said_on": null, "kind": "112", "confidence": null,
		    "summary": "A test claim.", "about": ["RUS"], "sources": ["src-test-set"]}]}`
		rep, err := svc.ImportFacts(context.Background(), service.Import{Documents: []seed.Document{{Name: "test.json", Data: []byte(doc)}}, Dataset: "test-set",
			Caller: service.Caller{Name: "test", Role: "admin"}})
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	version("claimant-a")
	rep := version("claimant-b")
	outcome := map[string]string{}
	for _, f := range rep.Facts {
		outcome[f.Key] = f.Outcome
	}
	if outcome["claimant-a"] != graph.Retracted || outcome["claim-test"] != graph.Changed || outcome["claimant-b"] != graph.Created {
		t.Errorf("the second version = %v, want claimant-a retracted, claim-test changed, claimant-b created", outcome)
	}
	if again := version("claimant-b"); len(again.Counts) != 1 || again.Counts[graph.Unchanged] == 0 {
		t.Errorf("the second version again = %v, want all unchanged", again.Counts)
	}
}

// The galaxy and ATT&CK meet in one actor: APT28 keeps the galaxy's name
// and gains ATT&CK's ids; the campaigns ATT&CK attributes to it are claims by
// MITRE; and importing either data set again changes nothing.
func TestBothDataSetsMeetInOneActor(t *testing.T) {
	store := neo4jtest.WithOpenData(t)
	svc := service.New(store, service.Options{})
	e, err := store.Entity(context.Background(), "apt28", graph.KnownOn{})
	if err != nil {
		t.Fatal(err)
	}
	ids, _ := e.Properties["external_ids"].([]any)
	var got []string
	for _, id := range ids {
		got = append(got, id.(string))
	}
	for _, want := range []string{"misp-galaxy:5b4ee3ea-eee3-4c8e-8323-85ae32658754", "mitre-attack:G0007", "stix:intrusion-set--bef4c620-0787-42a8-a96d-b7eb6e85917c"} {
		if !slices.Contains(got, want) {
			t.Errorf("apt28's external ids %v lack %s", got, want)
		}
	}
	if n := neo4jtest.Query(t, `MATCH (c:Incident {kind: 'campaign'})<-[:ABOUT]-(s:Statement)-[:ATTRIBUTES {verdict: 'alleged'}]->(:ThreatActor {id: 'apt28'}),
	    (s)-[:BY]->(:Organization {id: 'mitre'}) WHERE s.recorded_until IS NULL RETURN count(DISTINCT c) > 0`); n != "true" {
		t.Error("no ATT&CK campaign attributed to APT28 by MITRE")
	}
	if n := neo4jtest.Query(t, "MATCH (a:ThreatActor) WHERE a.recorded_until IS NULL RETURN count(a)"); n != "890" {
		t.Errorf("threat actors = %s, want the galaxy's 864 and ATT&CK's 26 it lacks", n)
	}
	for _, f := range neo4jtest.OpenDataFiles {
		rep, err := svc.ImportOpenData(context.Background(), service.OpenData{Format: f.Format, Name: "again",
			Data: neo4jtest.RepoFile(t, f.Path), Caller: service.Caller{Name: "test", Role: "admin"}})
		if err != nil {
			t.Fatal(err)
		}
		if c := rep.Change.Counts; len(c) != 1 || c[graph.Unchanged] == 0 {
			t.Errorf("%s again after both: %v, want everything unchanged", f.Path, c)
		}
	}
}
