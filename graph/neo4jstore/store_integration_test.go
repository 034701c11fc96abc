package neo4jstore_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/graph/neo4jstore"
	"github.com/cyberkg/cyberkg/internal/neo4jtest"
	"github.com/cyberkg/cyberkg/seed"
)

func TestMigrateIsIdempotentAndMakesReady(t *testing.T) {
	store := neo4jtest.Empty(t)
	ctx := context.Background()
	if _, err := store.Migrate(ctx); err != nil {
		t.Fatalf("Migrate() error: %v", err)
	}
	again, err := store.Migrate(ctx)
	if err != nil {
		t.Fatalf("second Migrate() error: %v", err)
	}
	if len(again) != 0 {
		t.Errorf("second Migrate() applied %v, want nothing", again)
	}
	if err := store.Ready(ctx); err != nil {
		t.Errorf("Ready() after Migrate = %v, want nil", err)
	}
	if got := neo4jtest.Query(t, "SHOW CONSTRAINTS YIELD name WHERE name = 'entity_id_unique' RETURN collect(name) AS c"); !strings.Contains(got, "entity_id_unique") {
		t.Errorf("constraint entity_id_unique: %s; want it present", got)
	}
}

func TestReadyReportsPendingMigrations(t *testing.T) {
	store := neo4jtest.Empty(t)
	ctx := context.Background()
	if _, err := store.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	// Forget one migration: readiness must notice.
	neo4jtest.Exec(t, "MATCH (m:SchemaMigration {version: $v}) DELETE m", map[string]any{"v": neo4jstore.MigrationVersions()[0]})
	err := store.Ready(ctx)
	if graph.ErrorCode(err) != graph.EUNAVAILABLE {
		t.Errorf("Ready() with a pending migration = %v, want code %s", err, graph.EUNAVAILABLE)
	}
}

func TestLoadTwiceGivesTheSameGraph(t *testing.T) {
	store := neo4jtest.Seeded(t)
	first := neo4jtest.Dump(t)
	ds, err := seed.Parse(seed.Files())
	if err != nil {
		t.Fatal(err)
	}
	report, err := store.Load(context.Background(), ds)
	if err != nil {
		t.Fatalf("second Load() error: %v", err)
	}
	if facts := len(graph.FactsOf(ds)); report.Counts[graph.Unchanged] != facts || report.Change != "" {
		t.Errorf("second Load() = %+v, want %d facts unchanged and no change recorded", report.Counts, facts)
	}
	if second := neo4jtest.Dump(t); second != first {
		t.Errorf("graph after loading twice differs from after loading once:\n%s", firstDiff(first, second))
	}
}

func TestLoadFailingHalfWayLeavesTheGraphUnchanged(t *testing.T) {
	store := neo4jtest.Seeded(t)
	before := neo4jtest.Dump(t)
	ds, err := seed.Parse(seed.Files())
	if err != nil {
		t.Fatal(err)
	}
	// Change every node, then add a relationship to an entity that does not
	// exist: the load fails after its writes began, and must roll them back.
	for _, n := range ds.Nodes {
		n.Properties["name"] = "CHANGED"
	}
	ds.Relationships = append(ds.Relationships, graph.RelationshipRecord{Type: "PART_OF", From: "RUS", To: "no-such-entity", Properties: map[string]any{},
		Fact: graph.RelationKey("PART_OF", "RUS", "no-such-entity")})
	if _, err := store.Load(context.Background(), ds); graph.ErrorCode(err) != graph.EINVALID {
		t.Fatalf("Load(dataset with a dangling relationship) = %v, want code %s", err, graph.EINVALID)
	}
	if after := neo4jtest.Dump(t); after != before {
		t.Errorf("a failed load changed the graph:\n%s", firstDiff(before, after))
	}
}

func TestLoadRetractsEntitiesTheSeedNoLongerHas(t *testing.T) {
	store := neo4jtest.Seeded(t)
	ds, err := seed.Parse(seed.Files())
	if err != nil {
		t.Fatal(err)
	}
	smaller := graph.Dataset{}
	for _, n := range ds.Nodes {
		if n.Kind != "Statement" {
			smaller.Nodes = append(smaller.Nodes, n)
		}
	}
	kept := map[string]bool{}
	for _, n := range smaller.Nodes {
		kept[n.ID] = true
	}
	for _, r := range ds.Relationships {
		if kept[r.From] && kept[r.To] {
			smaller.Relationships = append(smaller.Relationships, r)
		}
	}
	report, err := store.Load(context.Background(), smaller)
	if err != nil {
		t.Fatal(err)
	}
	removed := len(ds.Nodes) - len(smaller.Nodes)
	if report.Counts[graph.Retracted] != removed {
		t.Errorf("Load(seed without statements) retracted %d facts, want %d", report.Counts[graph.Retracted], removed)
	}
	if got := neo4jtest.Query(t, "MATCH (s:Statement) WHERE NOT s:Retracted RETURN count(s) AS n"); got != "0" {
		t.Errorf("current statements after loading a seed without them: %s, want 0", got)
	}
	// Retracted, not deleted: each is kept, closed by the load's change.
	want := fmt.Sprint(removed)
	if got := neo4jtest.QueryParams(t, "MATCH (s:Statement:Retracted) WHERE s.recorded_until IS NOT NULL AND s.retracted_by = $c RETURN count(s) AS n",
		map[string]any{"c": report.Change}); got != want {
		t.Errorf("retracted statements closed by change %s: %s, want %s", report.Change, got, want)
	}
}

func TestEntityAndKinds(t *testing.T) {
	store := neo4jtest.Seeded(t)
	ctx := context.Background()
	e, err := store.Entity(ctx, "RUS", graph.KnownOn{})
	if err != nil {
		t.Fatalf("Entity(RUS) error: %v", err)
	}
	if e.Kind != "Country" || e.Properties["name"] != "Russia" || len(e.Links) == 0 || len(e.Sources) == 0 {
		t.Errorf("Entity(RUS) = kind %q, name %v, %d links, %d sources; want a Country named Russia with links and sources", e.Kind, e.Properties["name"], len(e.Links), len(e.Sources))
	}
	if _, err := store.Entity(ctx, "no-such-entity", graph.KnownOn{}); graph.ErrorCode(err) != graph.ENOTFOUND {
		t.Errorf("Entity(no-such-entity) error = %v, want code %s", err, graph.ENOTFOUND)
	}
	kinds, err := store.Kinds(ctx, []string{"RUS", "BRICS", "nope"}, graph.KnownOn{})
	if err != nil {
		t.Fatal(err)
	}
	if kinds["RUS"] != "Country" || kinds["BRICS"] != "Bloc" || len(kinds) != 2 {
		t.Errorf("Kinds(RUS, BRICS, nope) = %v, want RUS:Country BRICS:Bloc only", kinds)
	}
}

// The news reader's event match reads, in one round trip, the events an
// attendee attended on a day: Biden's Geneva summit on its day, nothing on
// the day before, nothing for an id the graph does not know.
func TestEventsAttendedOnADay(t *testing.T) {
	store := neo4jtest.Seeded(t)
	ctx := context.Background()
	day := func(s string) graph.Date {
		d, err := graph.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	got, err := store.EventsAttended(ctx, "joe-biden", day("2021-06-16"))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ID != "geneva-summit-2021" || got[0].Kind != "Event" || got[0].Name == "" {
		t.Errorf("EventsAttended(joe-biden, 2021-06-16) = %+v, want the Geneva summit with its name", got)
	}
	for _, tt := range []struct{ who, on string }{{"joe-biden", "2021-06-15"}, {"no-such-entity", "2021-06-16"}, {"RUS", "2021-06-16"}} {
		if got, err := store.EventsAttended(ctx, tt.who, day(tt.on)); err != nil || len(got) != 0 {
			t.Errorf("EventsAttended(%s, %s) = %+v, %v; want none", tt.who, tt.on, got, err)
		}
	}
}

func TestSearchFindsNamesAndAliases(t *testing.T) {
	store := neo4jtest.Seeded(t)
	tests := []struct{ q, want string }{
		{"Russia", "RUS"},
		{"Rusia", "RUS"},     // Indonesian
		{"Kirgistan", "KGZ"}, // the article's spelling
		{"Ann Nyberger", "anne-neuberger"},
		{"Neuberger", "anne-neuberger"},
		{"Khramov", "oleg-khramov"},
		{"Храмов", "oleg-khramov"},
		{"colonial pipeline", "colonial-pipeline-attack"},
		{"BRICS", "BRICS"},
		{"Indonsia", "IDN"}, // a typo
	}
	// Country names in the languages analysts use (CLDR, via golang.org/x/text): the country ranks first.
	first := []struct{ q, want string }{
		{"Россия", "RUS"}, {"Russie", "RUS"}, {"روسيا", "RUS"}, {"俄罗斯", "RUS"}, {"Rusia", "RUS"},
		{"Estados Unidos", "USA"}, {"Tiongkok", "CHN"}, {"中国", "CHN"}, {"Kirghizistan", "KGZ"}, {"Afrique du Sud", "ZAF"},
		{"Индонезия", "IDN"}, {"إيران", "IRN"},
	}
	for _, tt := range first {
		hits, err := store.Search(context.Background(), tt.q, "", 5, graph.KnownOn{})
		if err != nil || len(hits) == 0 || hits[0].ID != tt.want {
			t.Errorf("Search(%q) = %v, %v; want %s first", tt.q, hits, err, tt.want)
		}
	}
	for _, tt := range tests {
		hits, err := store.Search(context.Background(), tt.q, "", 5, graph.KnownOn{})
		if err != nil {
			t.Errorf("Search(%q) error: %v", tt.q, err)
			continue
		}
		found := false
		for _, h := range hits {
			found = found || h.ID == tt.want
		}
		if !found {
			t.Errorf("Search(%q) = %v, want %s among the hits", tt.q, hits, tt.want)
		}
	}
	if hits, err := store.Search(context.Background(), "Shanghai", "Bloc", 50, graph.KnownOn{}); err != nil || len(hits) == 0 || hits[0].Kind != "Bloc" {
		t.Errorf("Search(Shanghai, kind Bloc) = %v, %v; want only blocs", hits, err)
	}
	if _, err := store.Search(context.Background(), "?!*", "", 5, graph.KnownOn{}); graph.ErrorParam(err) != "q" {
		t.Errorf("Search(punctuation only) error = %v, want a bad-input error naming q", err)
	}
	for _, hostile := range []string{`"`, `\`, `AND OR NOT`, `name:*`, `(((`, `~~~1`} {
		if _, err := store.Search(context.Background(), hostile, "", 5, graph.KnownOn{}); err != nil && graph.ErrorCode(err) != graph.EINVALID {
			t.Errorf("Search(%q) error = %v, want results or a bad-input error", hostile, err)
		}
	}
}

func firstDiff(a, b string) string {
	al, bl := splitLines(a), splitLines(b)
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return "first difference:\n  before: " + x + "\n  after:  " + y
		}
	}
	return "(no difference)"
}

func splitLines(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}
