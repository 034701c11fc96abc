package api_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/cyberkg/cyberkg/auth"
)

// Every kind of fact: created with POST, corrected with PUT (If-Match),
// read back, retracted with DELETE, and its trail of three changes.
func TestEveryWriteRoute(t *testing.T) {
	k := newKeyedServer(t)
	src := "src-nextcloud-khramov-2021"
	tests := []struct {
		kind, key       string
		create, correct map[string]any
		check           string // a GET whose answer shows the correction
		corrected       string // what that answer must contain after it
	}{
		{"sources", "src-route-test",
			map[string]any{"sources": []any{map[string]any{"id": "src-route-test", "title": "Route test", "publisher": "Wire", "reliability": "C"}}},
			map[string]any{"sources": []any{map[string]any{"id": "src-route-test", "title": "Route test", "publisher": "Wire", "reliability": "B"}}},
			"/v1/entities/src-route-test", `"reliability":"B"`},
		{"entities", "ivan-route",
			map[string]any{"entities": []any{map[string]any{"id": "ivan-route", "type": "Person", "name": "Ivan Route", "sources": []any{src}}}},
			map[string]any{"entities": []any{map[string]any{"id": "ivan-route", "type": "Person", "name": "Ivan Route", "aliases": []any{"Иван Рут"}, "wikidata": "Q42", "sources": []any{src}}}},
			"/v1/entities/ivan-route", `"wikidata":"Q42"`},
		{"statements", "stm-route",
			map[string]any{"statements": []any{map[string]any{"id": "stm-route", "by": "RUS", "said_on": "2026-02-01", "summary": "Russia accuses someone", "kind": "112", "confidence": 40,
				"about": []any{"colonial-pipeline-attack"}, "attributes": []any{map[string]any{"actor": "USA", "verdict": "alleged"}}, "sources": []any{src}}}},
			map[string]any{"statements": []any{map[string]any{"id": "stm-route", "by": "RUS", "said_on": "2026-02-01", "summary": "Russia accuses someone", "kind": "112", "confidence": 40,
				"about": []any{"colonial-pipeline-attack"}, "attributes": []any{map[string]any{"actor": "USA", "verdict": "denied"}}, "sources": []any{src}}}},
			"/v1/entities/stm-route", `"verdict":"denied"`},
		{"events", "evt-route",
			map[string]any{"events": []any{map[string]any{"id": "evt-route", "name": "Route summit", "date": "2026-04", "sources": []any{src}}}},
			map[string]any{"events": []any{map[string]any{"id": "evt-route", "name": "Route summit", "date": "2026-04-20", "place": "Kazan", "sources": []any{src}}}},
			"/v1/entities/evt-route", `"place":"Kazan"`},
		{"incidents", "inc-route",
			map[string]any{"incidents": []any{map[string]any{"id": "inc-route", "name": "Route incident", "kind": "ransomware", "started_on": "2026-01", "targeted": []any{"IDN"}, "sources": []any{src}}}},
			map[string]any{"incidents": []any{map[string]any{"id": "inc-route", "name": "Route incident", "kind": "ransomware", "started_on": "2026-01-15", "targeted": []any{"IDN", "BRA"}, "sources": []any{src}}}},
			"/v1/entities/inc-route", `"other":{"id":"BRA"`},
		{"positions", "position:ivan-route:security-council-of-russia:2026-01-01",
			map[string]any{"positions": []any{map[string]any{"person": "ivan-route", "organization": "security-council-of-russia", "title": "Adviser", "since": "2026-01-01", "sources": []any{src}}}},
			map[string]any{"positions": []any{map[string]any{"person": "ivan-route", "organization": "security-council-of-russia", "title": "Senior adviser", "since": "2026-01-01", "sources": []any{src}}}},
			"/v1/queries/positions_list_by_organization?organization=security-council-of-russia", "Senior adviser"},
		{"relations", "relation:security-council-of-russia:PART_OF:IDN",
			map[string]any{"relations": []any{map[string]any{"from": "security-council-of-russia", "type": "PART_OF", "to": "IDN", "sources": []any{src}}}},
			nil, "", ""}, // a PART_OF says nothing but its ends: nothing to correct
	}
	// A route touches only its own kind: DELETE /v1/memberships/RUS must not
	// retract the country.
	for _, path := range []string{"/v1/memberships/RUS", "/v1/agreements/RUS", "/v1/sources/RUS"} {
		if r := k.send(t, auth.Editor, http.MethodDelete, path+"?reason=x&source="+src, ""); r.status != http.StatusNotFound {
			t.Errorf("DELETE %s = %d %v, want 404", path, r.status, r.body)
		}
	}
	if r := k.send(t, 0, http.MethodGet, "/v1/entities/RUS", ""); r.status != http.StatusOK {
		t.Fatalf("RUS after deletes on other routes = %d, want 200", r.status)
	}
	// In order: the position names the person the entities case made.
	for _, tc := range tests {
		t.Run(tc.kind, func(t *testing.T) {
			created := k.send(t, auth.Editor, http.MethodPost, "/v1/"+tc.kind, mustJSON(t, tc.create))
			if created.status != http.StatusCreated || created.body["fact"] != tc.key || created.header.Get("ETag") != `"v1"` {
				t.Fatalf("POST /v1/%s = %d fact %v ETag %q: %v", tc.kind, created.status, created.body["fact"], created.header.Get("ETag"), created.body)
			}
			path := "/v1/" + tc.kind + "/" + url.PathEscape(tc.key)
			if tc.correct != nil {
				fixed := k.send(t, auth.Editor, http.MethodPut, path, mustJSON(t, tc.correct), "If-Match", `"v1"`)
				if fixed.status != http.StatusOK || fixed.header.Get("ETag") != `"v2"` {
					t.Fatalf("PUT %s = %d %v", path, fixed.status, fixed.body)
				}
				if got := mustJSON(t, k.send(t, 0, http.MethodGet, tc.check, "").body); !strings.Contains(got, tc.corrected) {
					t.Errorf("after the correction %s does not show %s: %s", tc.check, tc.corrected, got)
				}
			}
			if tc.kind == "entities" || tc.kind == "sources" {
				return // other facts below still cite them
			}
			gone := k.send(t, auth.Editor, http.MethodDelete, path+"?reason=test&source="+src, "")
			if gone.status != http.StatusOK {
				t.Fatalf("DELETE %s = %d %v", path, gone.status, gone.body)
			}
			trail := k.send(t, 0, http.MethodGet, "/v1/changes?fact="+url.QueryEscape(tc.key), "").body
			want := 3
			if tc.correct == nil {
				want = 2
			}
			if n := trail["count"]; n != float64(want) {
				t.Errorf("changes of %s = %v, want %d", tc.key, n, want)
			}
		})
	}
}
