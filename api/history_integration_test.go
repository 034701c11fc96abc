package api_test

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
	"testing"

	"github.com/cyberkg/cyberkg/internal/neo4jtest"
)

// Recorded times to ask at (neo4jtest.History).
const (
	beforeCorrection = "2026-02-01"                  // old versions
	afterCorrection  = "2026-03-15T09:00:00.5+01:00" // new versions, the statement not yet retracted
)

// links lists an entity's links as "TYPE other since", sorted.
func links(r response) string {
	var out []string
	for _, l := range r.body["links"].([]any) {
		lm := l.(map[string]any)
		props, _ := lm["properties"].(map[string]any)
		out = append(out, fmt.Sprint(lm["type"], " ", lm["other"].(map[string]any)["id"], " ", props["since"]))
	}
	sort.Strings(out)
	return strings.Join(out, "; ")
}

func TestReadsAsKnownOn(t *testing.T) {
	srv := newTestServer(t, neo4jtest.Seeded(t))
	neo4jtest.History(t)
	get := func(path string, known string) response {
		t.Helper()
		if known != "" {
			sep := "?"
			if strings.Contains(path, "?") {
				sep = "&"
			}
			path += sep + "known_on=" + url.QueryEscape(known)
		}
		return do(t, "GET", srv.URL+path)
	}

	t.Run("entity", func(t *testing.T) {
		tests := []struct{ known, signedOn, status, name string }{
			{beforeCorrection, "2020-06-06", "[draft signed]", "Zz Pact"},
			{afterCorrection, "2021-05-05", "[draft ready-to-sign signed]", "Zz Pact"},
			{"", "2021-05-05", "[draft ready-to-sign signed]", "Zz Pact"},
		}
		for _, tt := range tests {
			r := get("/v1/entities/zz-test-pact", tt.known)
			if r.status != 200 {
				t.Fatalf("known_on %q: %d %v", tt.known, r.status, r.body)
			}
			props := r.body["properties"].(map[string]any)
			if props["signed_on"] != tt.signedOn || fmt.Sprint(props["status_history"]) != tt.status || r.body["kind"] != "Agreement" {
				t.Errorf("known_on %q: signed_on %v, status_history %v, kind %v; want %s, %s, Agreement", tt.known, props["signed_on"], props["status_history"], r.body["kind"], tt.signedOn, tt.status)
			}
		}
		// One membership link at a time: the corrected relationship replaces the old one.
		if got, want := links(get("/v1/entities/zz-test-aland", beforeCorrection)), "BY zz-test-statement <nil>; MEMBER_OF zz-test-bloc 2020-01-01; PARTY_TO zz-test-pact <nil>"; got != want {
			t.Errorf("Aland known_on %s: links %q, want %q", beforeCorrection, got, want)
		}
		if got, want := links(get("/v1/entities/zz-test-aland", "")), "MEMBER_OF zz-test-bloc 2022-01-01; PARTY_TO zz-test-pact <nil>"; got != want {
			t.Errorf("Aland known now: links %q, want %q", got, want)
		}
		// A link names the other end as known then.
		r := get("/v1/entities/zz-test-pact", beforeCorrection)
		for _, l := range r.body["links"].([]any) {
			other := l.(map[string]any)["other"].(map[string]any)
			if other["id"] == "zz-test-borduria" && other["name"] != "Zzqoldname Borduria" {
				t.Errorf("the pact's link to Borduria known_on %s names it %v", beforeCorrection, other["name"])
			}
		}
	})

	t.Run("retracted entity", func(t *testing.T) {
		r := get("/v1/entities/zz-test-statement", "")
		problem("not_found", "")(t, r)
		if detail := fmt.Sprint(r.body["detail"]); r.status != 404 || !strings.Contains(detail, "retracted at 2026-04-01T00:00:00Z") {
			t.Errorf("retracted statement known now: %d %q, want 404 saying when it was retracted", r.status, detail)
		}
		if r := get("/v1/entities/zz-test-statement", "2026-04-02"); r.status != 404 || !strings.Contains(fmt.Sprint(r.body["detail"]), "retracted") {
			t.Errorf("retracted statement known_on after the retraction: %d %v, want 404 saying it was retracted", r.status, r.body)
		}
		r = get("/v1/entities/zz-test-statement", afterCorrection)
		if r.status != 200 || r.body["properties"].(map[string]any)["summary"] != "Zz said so" {
			t.Errorf("retracted statement known_on %s: %d %v, want it as it was", afterCorrection, r.status, r.body)
		}
		for _, l := range r.body["labels"].([]any) {
			if l == "Retracted" {
				t.Errorf("known_on %s, before the retraction, the statement's labels include Retracted: %v", afterCorrection, r.body["labels"])
			}
		}
		r = get("/v1/entities/zz-test-aland", "2026-01-09")
		if r.status != 404 || !strings.Contains(fmt.Sprint(r.body["detail"]), "first recorded") {
			t.Errorf("Aland known_on before it was recorded: %d %v, want 404 saying when it was first recorded", r.status, r.body)
		}
		// An id parameter naming it is unknown now, known before.
		if r := get("/v1/queries/statements_list_by_subject?subject=zz-test-statement", ""); r.status != 404 || r.body["param"] != "subject" {
			t.Errorf("a retracted id as a query parameter: %d %v, want 404 naming subject", r.status, r.body)
		}
		if r := get("/v1/queries/statements_list_by_subject?subject=zz-test-statement", afterCorrection); r.status != 200 {
			t.Errorf("a retracted id as a query parameter known_on %s: %d %v, want 200", afterCorrection, r.status, r.body)
		}
		if r := get("/v1/entities/zz-test-statement/neighbourhood", ""); r.status != 404 || !strings.Contains(fmt.Sprint(r.body["detail"]), "retracted") {
			t.Errorf("neighbourhood of a retracted entity: %d %v, want 404 saying it was retracted", r.status, r.body)
		}
	})

	t.Run("neighbourhood", func(t *testing.T) {
		summary := func(known string) string {
			r := get("/v1/entities/zz-test-aland/neighbourhood?depth=1&as_of=2022-06-01", known)
			if r.status != 200 {
				t.Fatalf("known_on %q: %d %v", known, r.status, r.body)
			}
			g := r.body["graph"].(map[string]any)
			var out []string
			for _, n := range g["nodes"].([]any) {
				nm := n.(map[string]any)
				props := nm["properties"].(map[string]any)
				out = append(out, fmt.Sprint(nm["id"], " ", nm["name"], " ", props["signed_on"], " ", props["status"]))
			}
			for _, e := range g["edges"].([]any) {
				em := e.(map[string]any)
				props := em["properties"].(map[string]any)
				out = append(out, fmt.Sprint(em["source"], "-", em["type"], "->", em["target"], " ", props["since"]))
			}
			return strings.Join(out, "; ")
		}
		tests := []struct{ known, want string }{
			{beforeCorrection, "zz-test-aland Zz Aland <nil> <nil>; zz-test-bloc Zz Test Bloc <nil> <nil>; zz-test-pact Zz Pact 2020-06-06 signed; zz-test-statement  <nil> <nil>; " +
				"zz-test-aland-MEMBER_OF->zz-test-bloc 2020-01-01; zz-test-aland-PARTY_TO->zz-test-pact <nil>; zz-test-statement-BY->zz-test-aland <nil>"},
			{"", "zz-test-aland Zz Aland <nil> <nil>; zz-test-bloc Zz Test Bloc <nil> <nil>; zz-test-pact Zz Pact 2021-05-05 signed; " +
				"zz-test-aland-MEMBER_OF->zz-test-bloc 2022-01-01; zz-test-aland-PARTY_TO->zz-test-pact <nil>"},
		}
		for _, tt := range tests {
			if got := summary(tt.known); got != tt.want {
				t.Errorf("known_on %q:\n got %q\nwant %q", tt.known, got, tt.want)
			}
		}
		// Two hops out, Borduria has the name it had then.
		r := get("/v1/entities/zz-test-aland/neighbourhood?depth=2", beforeCorrection)
		for _, n := range r.body["graph"].(map[string]any)["nodes"].([]any) {
			if nm := n.(map[string]any); nm["id"] == "zz-test-borduria" && nm["name"] != "Zzqoldname Borduria" {
				t.Errorf("Borduria two hops out known_on %s: name %v", beforeCorrection, nm["name"])
			}
		}
	})

	t.Run("search", func(t *testing.T) {
		found := func(q, known string) string {
			r := get("/v1/search?q="+url.QueryEscape(q), known)
			if r.status != 200 {
				t.Fatalf("search %q known_on %q: %d %v", q, known, r.status, r.body)
			}
			var out []string
			for _, h := range r.body["hits"].([]any) {
				hm := h.(map[string]any)
				if strings.HasPrefix(fmt.Sprint(hm["id"]), "zz-test-") {
					out = append(out, fmt.Sprint(hm["id"], " ", hm["name"], " ", hm["aliases"]))
				}
			}
			return strings.Join(out, "; ")
		}
		tests := []struct{ q, known, want string }{
			{"Zzqoldname", beforeCorrection, "zz-test-borduria Zzqoldname Borduria [Zzqoldalias]"},
			{"Zzqoldalias", beforeCorrection, "zz-test-borduria Zzqoldname Borduria [Zzqoldalias]"},
			{"Zzqoldname", afterCorrection, ""},
			{"Zzqoldname", "", ""},
			{"Zzqnewname", beforeCorrection, ""},
			{"Zzqnewname", "", "zz-test-borduria Zzqnewname Borduria [Zzqnewalias]"},
			{"zz-test-borduria", beforeCorrection, "zz-test-borduria Zzqoldname Borduria [Zzqoldalias]"},
			{"zz-test-statement", "", ""},
			{"zz-test-aland", "2026-01-09", ""},
		}
		for _, tt := range tests {
			if got := found(tt.q, tt.known); got != tt.want {
				t.Errorf("search %q known_on %q = %q, want %q", tt.q, tt.known, got, tt.want)
			}
		}
	})

	t.Run("paths and export", func(t *testing.T) {
		// Aland reaches Borduria through the statement only before its retraction.
		hasStatement := func(known string) bool {
			r := get("/v1/paths?from=zz-test-aland&to=zz-test-borduria&max_length=2", known)
			if r.status != 200 {
				t.Fatalf("paths known_on %q: %d %v", known, r.status, r.body)
			}
			return nodeIDs(r.body["graph"].(map[string]any))["zz-test-statement"]
		}
		if !hasStatement(afterCorrection) || hasStatement("") {
			t.Errorf("paths through the retracted statement: known_on %s %v, now %v; want true, false", afterCorrection, hasStatement(afterCorrection), hasStatement(""))
		}
		// The export's known_on reaches the query it exports.
		r := get("/v1/export?format=json&query=agreements_list_by_party&param.party=zz-test-aland&param.as_of=2020-12-31&as_of=2020-12-31", beforeCorrection)
		if r.status != 200 {
			t.Fatalf("export known_on %s: %d %v", beforeCorrection, r.status, r.body)
		}
		var pact map[string]any
		for _, n := range r.body["nodes"].([]any) {
			if nm := n.(map[string]any); nm["id"] == "zz-test-pact" {
				pact = nm["properties"].(map[string]any)
			}
		}
		if pact == nil || pact["signed_on"] != "2020-06-06" || pact["status"] != "signed" {
			t.Errorf("exported pact known_on %s: %v, want signed_on 2020-06-06, status signed", beforeCorrection, pact)
		}
	})
}
