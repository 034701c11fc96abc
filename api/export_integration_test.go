package api_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/cyberkg/cyberkg/export"
	"github.com/cyberkg/cyberkg/internal/neo4jtest"
)

func TestExport(t *testing.T) {
	srv := newTestServer(t, neo4jtest.Seeded(t))
	entities := neo4jtest.Query(t, "MATCH (n:Entity) RETURN count(n)")

	status, header, body := get(t, srv.URL+"/v1/export?format=json")
	if status != 200 || !strings.Contains(header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("GET /v1/export?format=json = %d %s", status, header.Get("Content-Disposition"))
	}
	var g struct {
		Nodes []map[string]any `json:"nodes"`
		Edges []map[string]any `json:"edges"`
	}
	if err := json.Unmarshal([]byte(body), &g); err != nil {
		t.Fatal(err)
	}
	if got := len(g.Nodes); got == 0 || strings.TrimSpace(entities) == "" || got > atoi(entities) {
		t.Errorf("whole export today has %d nodes of %s entities", got, entities)
	}
	// As of 2010: no Indonesia agreement, no 2021 statements, no Indonesian BRICS membership.
	_, _, old := get(t, srv.URL+"/v1/export?format=json&as_of=2010-01-01")
	if strings.Contains(old, `"agr-rus-idn-iis"`) || strings.Contains(old, `"stmt-khramov-2021`) || len(old) >= len(body) {
		t.Errorf("export as of 2010 (%d bytes) holds 2021 facts or is not smaller than today's (%d bytes)", len(old), len(body))
	}

	status, header, gml := get(t, srv.URL+"/v1/export?format=graphml&as_of=2021-06-28")
	if status != 200 || header.Get("Content-Type") != "application/graphml+xml" {
		t.Fatalf("GET graphml = %d %s", status, header.Get("Content-Type"))
	}
	if err := export.ValidateGraphML([]byte(gml)); err != nil {
		t.Errorf("the GraphML export breaks GraphML rules: %v", err)
	}

	status, _, zipped := get(t, srv.URL+"/v1/export?format=csv&include_sources=false")
	z, err := zip.NewReader(bytes.NewReader([]byte(zipped)), int64(len(zipped)))
	if status != 200 || err != nil || len(z.File) != 2 {
		t.Fatalf("CSV export = %d, %v, %d files; want a zip of nodes.csv and edges.csv", status, err, len(z.File))
	}

	// A query's subgraph: the headline answer as of the interview.
	_, _, sub := get(t, srv.URL+"/v1/export?format=json&include_sources=false&as_of=2021-06-28&query=members_with_agreement_by_bloc&param.as_of=2021-06-28")
	var sg struct {
		Nodes []map[string]any `json:"nodes"`
		Edges []map[string]any `json:"edges"`
	}
	if err := json.Unmarshal([]byte(sub), &sg); err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, n := range sg.Nodes {
		ids[n["id"].(string)] = true
	}
	for _, want := range []string{"BRA", "CHN", "IND", "ZAF", "agr-rus-bra-iis", "agr-rus-zaf-iis", "RUS", "BRICS"} {
		if !ids[want] {
			t.Errorf("headline subgraph lacks %s: %v", want, ids)
		}
	}
	if ids["IDN"] || ids["agr-rus-idn-iis"] {
		t.Errorf("headline subgraph as of 2021-06-28 holds Indonesia, which was not yet a member")
	}
	// Agreements show the status they had on the date, not their latest.
	_, _, near2021 := get(t, srv.URL+"/v1/export?format=json&entity=IDN&as_of=2021-06-28")
	var ng struct {
		Nodes []map[string]any `json:"nodes"`
	}
	if err := json.Unmarshal([]byte(near2021), &ng); err != nil {
		t.Fatal(err)
	}
	for _, n := range ng.Nodes {
		if n["id"] == "agr-rus-idn-iis" {
			if got := n["properties"].(map[string]any)["status"]; got != "ready-to-sign" {
				t.Errorf("Indonesia's agreement exported as of 2021-06-28 has status %v, want ready-to-sign", got)
			}
		}
	}
	if len(sg.Edges) == 0 {
		t.Error("headline subgraph has no edges")
	}
	// An entity's neighbourhood.
	_, _, near := get(t, srv.URL+"/v1/export?format=graphml&entity=oleg-khramov&depth=1")
	if err := export.ValidateGraphML([]byte(near)); err != nil || !strings.Contains(near, `id="security-council-of-russia"`) {
		t.Errorf("Khramov's neighbourhood export: %v; want valid GraphML with the Security Council", err)
	}

	for _, tt := range []struct{ path, param string }{
		{"/v1/export?format=xlsx", "format"},
		{"/v1/export?query=nope", "query"},
		{"/v1/export?param.as_of=2021", "query"},
		{"/v1/export?entity=RUS&query=members_list_by_bloc", "entity"},
		{"/v1/export?query=members_list_by_bloc&param.bloc=NATO", "bloc"},
		{"/v1/export?entity=atlantis", "entity"},
		{"/v1/export?depth=9", "depth"},
	} {
		r := do(t, "GET", srv.URL+tt.path)
		if r.status < 400 || r.status >= 500 || r.body["param"] != tt.param {
			t.Errorf("GET %s = %d %v, want a 4xx naming %q", tt.path, r.status, r.body, tt.param)
		}
	}
}

func atoi(s string) int {
	n := 0
	for _, c := range strings.TrimSpace(s) {
		n = n*10 + int(c-'0')
	}
	return n
}
