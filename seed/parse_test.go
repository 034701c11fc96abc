package seed

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/cyberkg/cyberkg/graph"
)

func TestParseValid(t *testing.T) {
	ds, err := Parse(os.DirFS("testdata/valid"))
	if err != nil {
		t.Fatalf("Parse(testdata/valid) error: %v", err)
	}
	kinds := map[string]int{}
	for _, n := range ds.Nodes {
		kinds[n.Kind]++
	}
	want := map[string]int{"Source": 1, "Country": 2, "Bloc": 1, "Person": 1, "Organization": 1, "Agreement": 1, "Statement": 1}
	for k, n := range want {
		if kinds[k] != n {
			t.Errorf("Parse(testdata/valid) has %d %s nodes, want %d", kinds[k], k, n)
		}
	}
	agr := findNode(t, ds, "agr-rus-idn-iis")
	if got := agr.Properties["status"]; got != "signed" {
		t.Errorf("agreement status = %v, want signed (the last observed)", got)
	}
	if got := agr.Properties["status_history"].([]string); strings.Join(got, ",") != "ready-to-sign,signed" {
		t.Errorf("agreement status_history = %v, want [ready-to-sign signed]", got)
	}
	src := findNode(t, ds, "src-test-article")
	if got := src.Properties["published_on_precision"]; got != "month" {
		t.Errorf("source published_on_precision = %v, want month", got)
	}
	if got := src.Properties["seed_file"]; got != "00-sources.yaml" {
		t.Errorf("source seed_file = %v, want 00-sources.yaml", got)
	}
	var memberships int
	for _, r := range ds.Relationships {
		if r.Type == "MEMBER_OF" {
			memberships++
			if r.From == "RUS" && r.Properties["since_precision"] != "year" {
				t.Errorf("RUS MEMBER_OF since_precision = %v, want year", r.Properties["since_precision"])
			}
		}
	}
	if memberships != 2 {
		t.Errorf("Parse(testdata/valid) has %d MEMBER_OF, want 2", memberships)
	}
}

func findNode(t *testing.T, ds graph.Dataset, id string) graph.NodeRecord {
	t.Helper()
	for _, n := range ds.Nodes {
		if n.ID == id {
			return n
		}
	}
	t.Fatalf("no node %q in dataset", id)
	return graph.NodeRecord{}
}

// withFile returns the valid seed with one file replaced or added.
func withFile(t *testing.T, name, content string) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	for _, f := range []string{"00-sources.yaml", "10-things.yaml"} {
		data, err := os.ReadFile("testdata/valid/" + f)
		if err != nil {
			t.Fatal(err)
		}
		fsys[f] = &fstest.MapFile{Data: data}
	}
	fsys[name] = &fstest.MapFile{Data: []byte(content)}
	return fsys
}

func TestParseRefuses(t *testing.T) {
	tests := []struct {
		name     string
		content  string
		wantLine int
		wantText string
	}{
		{"syntax error", "entities:\n  - id: FRA\n    name: [France\n", 3, "YAML syntax"},
		{"unknown property", "entities:\n  - id: FRA\n    type: Country\n    name: France\n    iso2: FR\n    iso3: FRA\n    capital: Paris\n", 7, "capital"},
		{"impossible date", "memberships:\n  - country: IDN\n    bloc: BRICS\n    since: 2021-02-30\n    sources: [src-test-article]\n", 4, "not a date on the calendar"},
		{"malformed date", "memberships:\n  - country: IDN\n    bloc: BRICS\n    since: 30/02/2021\n    sources: [src-test-article]\n", 4, "since"},
		{"duplicate id", "entities:\n  - id: RUS\n    type: Country\n    name: Russia again\n    iso2: RU\n    iso3: RUS\n", 2, "already defined"},
		{"undefined reference", "memberships:\n  - country: FRA\n    bloc: BRICS\n    since: 2021\n    sources: [src-test-article]\n", 2, `"FRA" is not defined`},
		{"wrong kind", "memberships:\n  - country: BRICS\n    bloc: RUS\n    since: 2021\n    sources: [src-test-article]\n", 2, "is a Bloc; here it must be a Country"},
		{"unknown source", "memberships:\n  - country: IDN\n    bloc: BRICS\n    since: 2021\n    sources: [src-nowhere]\n", 5, `"src-nowhere" is not defined`},
		{"missing sources", "memberships:\n  - country: IDN\n    bloc: BRICS\n    since: 2021\n", 2, "sources"},
		{"until before since", "memberships:\n  - country: IDN\n    bloc: BRICS\n    since: 2021\n    until: 2020\n    sources: [src-test-article]\n", 5, "must come after since"},
		{"bilateral with three parties", "entities:\n  - {id: FRA, type: Country, name: France, iso2: FR, iso3: FRA}\nagreements:\n  - id: agr-x\n    title: X\n    scope: bilateral\n    topic: x\n    parties: [RUS, IDN, FRA]\n    status_history: [{status: signed, date: 2020, sources: [src-test-article]}]\n    sources: [src-test-article]\n", 8, "exactly 2 parties"},
		{"status out of order", "agreements:\n  - id: agr-x\n    title: X\n    scope: bilateral\n    topic: x\n    parties: [RUS, IDN]\n    status_history:\n      - {status: signed, date: 2021, sources: [src-test-article]}\n      - {status: draft, date: 2020, sources: [src-test-article]}\n    sources: [src-test-article]\n", 9, "date order"},
		{"bad status", "agreements:\n  - id: agr-x\n    title: X\n    scope: bilateral\n    topic: x\n    parties: [RUS, IDN]\n    status_history:\n      - {status: maybe, date: 2021, sources: [src-test-article]}\n    sources: [src-test-article]\n", 8, "status"},
		{"confidence out of range", "statements:\n  - id: stmt-x\n    by: RUS\n    said_on: 2021\n    kind: \"010\"\n    confidence: 101\n    summary: x\n    sources: [src-test-article]\n", 6, "confidence"},
		{"country id is not its iso3", "entities:\n  - {id: FRX, type: Country, name: France, iso2: FR, iso3: FRA}\n", 2, "ISO alpha-3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(withFile(t, "50-broken.yaml", tt.content))
			var errs Errors
			if !errors.As(err, &errs) {
				t.Fatalf("Parse(broken) error = %v, want seed.Errors", err)
			}
			for _, e := range errs {
				if e.File == "50-broken.yaml" && e.Line == tt.wantLine && strings.Contains(e.Reason, tt.wantText) {
					return
				}
			}
			t.Errorf("Parse(broken) = %v, want an error at 50-broken.yaml:%d containing %q", err, tt.wantLine, tt.wantText)
		})
	}
}

func TestParseEmbeddedSeed(t *testing.T) {
	ds, err := Parse(Files())
	if err != nil {
		t.Fatalf("the seed built into the binary is refused: %v", err)
	}
	if len(ds.Nodes) == 0 || len(ds.Relationships) == 0 {
		t.Fatalf("the embedded seed has %d nodes and %d relationships, want some of each", len(ds.Nodes), len(ds.Relationships))
	}
}

func TestCountriesGetTheirNamesInManyLanguages(t *testing.T) {
	ds, err := Parse(os.DirFS("testdata/valid"))
	if err != nil {
		t.Fatal(err)
	}
	aliases := findNode(t, ds, "RUS").Properties["aliases"].([]string)
	for _, want := range []string{"Rusia", "Россия", "Russie", "روسيا", "俄罗斯", "Russland"} {
		if !slices.Contains(aliases, want) {
			t.Errorf("RUS aliases = %v, want %q among them (from CLDR)", aliases, want)
		}
	}
	if slices.Contains(aliases, "Russia") {
		t.Errorf("RUS aliases repeat its name: %v", aliases)
	}
	seen := map[string]bool{}
	for _, a := range aliases {
		if seen[a] {
			t.Errorf("RUS alias %q appears twice", a)
		}
		seen[a] = true
	}
}

func TestJSONWithADuplicateKeyIsRefused(t *testing.T) {
	doc := `{"memberships": [{"country": "IDN", "country": "RUS", "bloc": "SCO", "since": "2026", "sources": ["src-a"]}]}`
	_, err := ParseDocuments([]Document{{Name: "dup.json", Data: []byte(doc)}}, func([]string) (map[string]string, error) {
		return map[string]string{"IDN": "Country", "RUS": "Country", "SCO": "Bloc", "src-a": "Source"}, nil
	})
	if err == nil || !strings.Contains(err.Error(), "country") {
		t.Errorf("a JSON document naming country twice = %v, want refused, naming it", err)
	}
	if hasDuplicateKeys([]byte(`{"a": [{"b": 1}, {"b": 2}], "c": {"b": 3}}`)) {
		t.Error("the same key in sibling objects is not a duplicate")
	}
}
