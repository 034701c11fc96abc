package api_test

import (
	"strings"
	"testing"

	"github.com/cyberkg/cyberkg/internal/neo4jtest"
)

func nodeIDs(g map[string]any) map[string]bool {
	ids := map[string]bool{}
	for _, n := range g["nodes"].([]any) {
		ids[n.(map[string]any)["id"].(string)] = true
	}
	return ids
}

func TestPathsAndNeighbourhoods(t *testing.T) {
	srv := newTestServer(t, neo4jtest.Seeded(t))

	r := do(t, "GET", srv.URL+"/v1/paths?from=oleg-khramov&to=joe-biden&max_length=4")
	if r.status != 200 {
		t.Fatalf("GET /v1/paths = %d %v", r.status, r.body)
	}
	paths := r.body["paths"].([]any)
	if len(paths) == 0 {
		t.Fatal("no path from Khramov to Biden within 4 hops")
	}
	shortest := int(paths[0].(map[string]any)["length"].(float64))
	for _, p := range paths {
		pm := p.(map[string]any)
		nodes := pm["nodes"].([]any)
		if nodes[0] != "oleg-khramov" || nodes[len(nodes)-1] != "joe-biden" || len(pm["edges"].([]any)) != len(nodes)-1 {
			t.Errorf("path %v does not run from oleg-khramov to joe-biden edge by edge", nodes)
		}
		if int(pm["length"].(float64)) != shortest {
			t.Errorf("paths of lengths %v and %d: want only the shortest", pm["length"], shortest)
		}
	}
	g := r.body["graph"].(map[string]any)
	for id := range nodeIDs(g) {
		if len(id) > 4 && id[:4] == "src-" {
			t.Errorf("path graph walks through source %s; sources are skipped by default", id)
		}
	}
	// Before the Geneva summit and the later statements, the same walk finds nothing so short.
	r = do(t, "GET", srv.URL+"/v1/paths?from=oleg-khramov&to=joe-biden&max_length=4&as_of=2021-01-01")
	if r.status != 200 {
		t.Fatalf("GET /v1/paths as of 2021 = %d %v", r.status, r.body)
	}
	for _, p := range r.body["paths"].([]any) {
		for _, id := range p.(map[string]any)["nodes"].([]any) {
			if id == "geneva-summit-2021" {
				t.Errorf("a path as of 2021-01-01 goes through the Geneva summit of 2021-06-16")
			}
		}
	}

	r = do(t, "GET", srv.URL+"/v1/entities/IDN/neighbourhood")
	ids := nodeIDs(r.body["graph"].(map[string]any))
	if r.status != 200 || !ids["BRICS"] || !ids["agr-rus-idn-iis"] || !ids["IDN"] {
		t.Errorf("neighbourhood of IDN today = %d %v, want IDN, BRICS and its agreement with Russia", r.status, ids)
	}
	edges := r.body["graph"].(map[string]any)["edges"].([]any)
	for _, e := range edges {
		em := e.(map[string]any)
		if !ids[em["source"].(string)] || !ids[em["target"].(string)] {
			t.Errorf("edge %v leaves the neighbourhood's nodes", em)
		}
	}
	r = do(t, "GET", srv.URL+"/v1/entities/IDN/neighbourhood?as_of=2020-01-01")
	if ids := nodeIDs(r.body["graph"].(map[string]any)); ids["BRICS"] || ids["agr-rus-idn-iis"] {
		t.Errorf("neighbourhood of IDN as of 2020 = %v, want neither BRICS (2025) nor the 2021 agreement", ids)
	}
	r = do(t, "GET", srv.URL+"/v1/entities/RUS/neighbourhood?depth=3&limit=5")
	g = r.body["graph"].(map[string]any)
	if len(g["nodes"].([]any)) > 5 || g["truncated"] != true {
		t.Errorf("neighbourhood of RUS with limit 5 = %d nodes, truncated %v; want at most 5 and truncated", len(g["nodes"].([]any)), g["truncated"])
	}

	errors := []struct {
		path, code, param string
		status            int
	}{
		{"/v1/paths?from=RUS&to=RUS", "invalid", "to", 400},
		{"/v1/paths?to=RUS", "invalid", "from", 400},
		{"/v1/paths?from=RUS&to=atlantis", "not_found", "to", 404},
		{"/v1/paths?from=RUS&to=USA&max_length=7", "invalid", "max_length", 400},
		{"/v1/paths?from=RUS&to=USA&include_sources=maybe", "invalid", "include_sources", 400},
		{"/v1/paths?from=RUS&to=USA&as_of=yesterday", "invalid", "as_of", 400},
		{"/v1/entities/RUS/neighbourhood?depth=4", "invalid", "depth", 400},
		{"/v1/entities/RUS/neighbourhood?limit=0", "invalid", "limit", 400},
		{"/v1/entities/RUS/neighbourhood?colour=red", "invalid", "colour", 400},
		{"/v1/entities/atlantis/neighbourhood", "not_found", "", 404},
	}
	for _, tt := range errors {
		r := do(t, "GET", srv.URL+tt.path)
		if r.status != tt.status {
			t.Errorf("GET %s = %d %v, want %d", tt.path, r.status, r.body, tt.status)
			continue
		}
		problem(tt.code, tt.param)(t, r)
	}
}

// With the open data sets, hubs (a country with hundreds of claims about
// it) must not make a path search list every path: the shortest path
// between Khramov and Biden as of the interview is found through the graph
// of 2021, past the shorter ones of today. Before the search checked its
// conditions as it went, this question ran into its time limit (504).
func TestPathsThroughTheOpenDataGraph(t *testing.T) {
	srv := newTestServer(t, neo4jtest.WithOpenData(t))
	for _, q := range []string{"as_of=2021-06-28&include_sources=true", "as_of=2021-06-28", "include_sources=true"} {
		r := do(t, "GET", srv.URL+"/v1/paths?from=oleg-khramov&to=joe-biden&max_length=6&limit=10&"+q)
		if r.status != 200 {
			t.Fatalf("GET /v1/paths?%s = %d %v", q, r.status, r.body)
		}
		paths := r.body["paths"].([]any)
		if len(paths) == 0 {
			t.Errorf("GET /v1/paths?%s: no path within 6 hops", q)
			continue
		}
		// Today Khramov's later statements on the Geneva summit link them in 3
		// hops; on the interview's date those were not yet made, and the
		// shortest path is 4 hops.
		want := 3
		if strings.Contains(q, "2021") {
			want = 4
		}
		if got := int(paths[0].(map[string]any)["length"].(float64)); got != want {
			t.Errorf("GET /v1/paths?%s: shortest path %d hops, want %d", q, got, want)
		}
	}
}

// A walk tells each statement its speaker and each threat actor its
// suspected sponsor, for a drawing to gather hundreds of them into groups.
func TestNeighbourhoodGroupsStatementsAndActors(t *testing.T) {
	srv := newTestServer(t, neo4jtest.WithOpenData(t))
	groups := func(path string) map[string]map[string]any {
		t.Helper()
		r := do(t, "GET", srv.URL+path)
		if r.status != 200 {
			t.Fatalf("GET %s = %d %v", path, r.status, r.body)
		}
		out := map[string]map[string]any{}
		for _, n := range r.body["graph"].(map[string]any)["nodes"].([]any) {
			node := n.(map[string]any)
			if g, ok := node["group"].(map[string]any); ok {
				out[node["id"].(string)] = g
			} else if k := node["kind"]; k == "Statement" || k == "ThreatActor" {
				out[node["id"].(string)] = nil
			}
		}
		return out
	}
	got := groups("/v1/entities/oleg-khramov/neighbourhood?limit=100")
	g := got["stmt-khramov-2021-06-28-ready-to-sign"]
	if g == nil || g["by"] != "speaker" || g["id"] != "oleg-khramov" || g["name"] != "Oleg Khramov" {
		t.Errorf("Khramov's statement is grouped by %v, want his name as speaker", g)
	}
	got = groups("/v1/entities/claim-cfr-apt28-sponsor/neighbourhood?limit=100")
	g = got["apt28"]
	if g == nil || g["by"] != "suspected_sponsor" || g["id"] != "RUS" {
		t.Errorf("APT28 is grouped by %v, want Russia as suspected sponsor", g)
	}
	if g := got["claim-cfr-apt28-sponsor"]; g == nil || g["id"] != "cfr-cyber-operations-tracker" {
		t.Errorf("the CFR's claim is grouped by %v, want the CFR tracker as speaker", g)
	}
	for id, g := range groups("/v1/entities/RUS/neighbourhood?limit=200") {
		if g == nil || g["by"] != "speaker" || g["id"] == "" || g["name"] == "" {
			t.Errorf("statement %s next to Russia has group %v, want its speaker", id, g)
		}
	}
	// A denial makes no suspected sponsor: China denying that APT28 works
	// for it (China sorts before Russia, so a denial counted would win).
	neo4jtest.Exec(t, `MATCH (apt28:ThreatActor {id: 'apt28'}), (chn:Country {id: 'CHN'})
CREATE (st:Entity:Statement {id: 'stmt-test-chn-denies-apt28', said_on: date('2015-01-01'), kind: '010', confidence: 50,
        summary: 'China denies that APT28 works for it.'})
CREATE (st)-[:BY]->(chn), (st)-[:ABOUT]->(apt28), (st)-[:ATTRIBUTES {verdict: 'denied'}]->(chn)`, nil)
	if g := groups("/v1/entities/claim-cfr-apt28-sponsor/neighbourhood?limit=100")["apt28"]; g == nil || g["by"] != "suspected_sponsor" || g["id"] != "RUS" {
		t.Errorf("with China's denial, APT28 is grouped by %v, want Russia still: a denial is no suspicion", g)
	}
	// An export of the same neighbourhood reads no groups: only the walk
	// the explorer draws asks for them.
	r := do(t, "GET", srv.URL+"/v1/export?format=json&entity=oleg-khramov")
	if r.status != 200 {
		t.Fatalf("GET /v1/export?entity=oleg-khramov = %d %v", r.status, r.body)
	}
	statements := 0
	for _, n := range r.body["nodes"].([]any) {
		node := n.(map[string]any)
		if node["kind"] == "Statement" {
			statements++
		}
		if g, ok := node["group"]; ok {
			t.Errorf("the export's %v has group %v; exports carry none", node["id"], g)
		}
	}
	if statements == 0 {
		t.Error("the export of Khramov's neighbourhood has no statement to check")
	}
}
