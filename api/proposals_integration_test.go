package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/cyberkg/cyberkg/auth"
	"github.com/cyberkg/cyberkg/internal/neo4jtest"
)

func proposalBody(t *testing.T, role string) string {
	t.Helper()
	return mustJSON(t, map[string]any{
		"document": map[string]any{"memberships": []any{map[string]any{"country": "IDN", "bloc": "SCO", "since": "2026-03-01",
			"role": role, "sources": []any{"src-nextcloud-khramov-2021"}}}},
		"evidence": []any{map[string]any{"fact": "membership:IDN:SCO:2026-03-01", "source": "src-nextcloud-khramov-2021",
			"quote": "Indonesia joined", "start": 120, "end": 136}},
		"confidence": 70,
		"note":       "read in the morning news",
	})
}

func TestProposalsAreReviewedBeforeTheyCount(t *testing.T) {
	k := newKeyedServer(t)
	scoMembers := func() string {
		return mustJSON(t, k.send(t, 0, http.MethodGet, "/v1/queries/members_list_by_bloc?bloc=SCO&as_of=2026-06-01", "").body["rows"])
	}

	if r := k.send(t, auth.Reader, http.MethodPost, "/v1/proposals", proposalBody(t, "observer")); r.status != http.StatusForbidden {
		t.Errorf("a reader proposing = %d, want 403", r.status)
	}
	proposed := k.send(t, auth.Editor, http.MethodPost, "/v1/proposals", proposalBody(t, "observer"))
	if proposed.status != http.StatusCreated || proposed.body["status"] != "open" {
		t.Fatalf("propose = %d %v, want 201 open", proposed.status, proposed.body)
	}
	id := proposed.body["id"].(string)
	if strings.Contains(scoMembers(), `"IDN"`) {
		t.Fatal("a proposed membership answers a plain read before it is accepted")
	}

	queue := k.send(t, 0, http.MethodGet, "/v1/proposals?status=open&entity=IDN", "")
	if !strings.Contains(mustJSON(t, queue.body), id) {
		t.Errorf("the open queue for IDN does not list %s: %v", id, queue.body)
	}
	review := k.send(t, 0, http.MethodGet, "/v1/proposals/"+id, "")
	if counts, _ := review.body["preview"].(map[string]any)["counts"].(map[string]any); counts["created"] != float64(1) {
		t.Errorf("review preview = %v, want one fact created", review.body["preview"])
	}
	if r := k.send(t, auth.Editor, http.MethodPost, "/v1/proposals/"+id+"/accept", ""); r.status != http.StatusForbidden {
		t.Errorf("an editor accepting = %d, want 403", r.status)
	}

	// The reviewer corrects the role while accepting.
	edited := mustJSON(t, map[string]any{"note": "observer, per the SCO's own site", "document": map[string]any{"memberships": []any{map[string]any{
		"country": "IDN", "bloc": "SCO", "since": "2026-03-01", "role": "dialogue-partner", "sources": []any{"src-nextcloud-khramov-2021"}}}}})
	accepted := k.send(t, auth.Reviewer, http.MethodPost, "/v1/proposals/"+id+"/accept", edited)
	if accepted.status != http.StatusOK || accepted.body["counts"].(map[string]any)["created"] != float64(1) {
		t.Fatalf("accept = %d %v", accepted.status, accepted.body)
	}
	if members := scoMembers(); !strings.Contains(members, `"IDN"`) || !strings.Contains(members, "dialogue-partner") {
		t.Errorf("after acceptance, SCO members = %s, want IDN as the edited dialogue-partner", members)
	}
	after := k.send(t, 0, http.MethodGet, "/v1/proposals/"+id, "").body["proposal"].(map[string]any)
	if after["status"] != "accepted" || after["reviewed_by"] != "test-reviewer" || after["change"] != accepted.body["change"] {
		t.Errorf("proposal after acceptance = %v", after)
	}
	trail := mustJSON(t, k.send(t, 0, http.MethodGet, "/v1/changes?fact=membership:IDN:SCO:2026-03-01", "").body)
	if !strings.Contains(trail, `"kind":"accept"`) || !strings.Contains(trail, "accepted proposal "+id+" by test-editor, edited") {
		t.Errorf("the audit trail of the fact does not record the acceptance and its provenance: %s", trail)
	}
	if r := k.send(t, auth.Reviewer, http.MethodPost, "/v1/proposals/"+id+"/reject", `{"reason":"too late"}`); r.status != http.StatusConflict {
		t.Errorf("rejecting an accepted proposal = %d, want 409", r.status)
	}

	// A rejected proposal never becomes a fact.
	other := k.send(t, auth.Editor, http.MethodPost, "/v1/proposals", mustJSON(t, map[string]any{
		"document":   map[string]any{"memberships": []any{map[string]any{"country": "BRA", "bloc": "CSTO", "since": "2026-03-01", "sources": []any{"src-nextcloud-khramov-2021"}}}},
		"evidence":   []any{map[string]any{"source": "src-nextcloud-khramov-2021"}},
		"confidence": 10,
	}))
	otherID := other.body["id"].(string)
	if r := k.send(t, auth.Reviewer, http.MethodPost, "/v1/proposals/"+otherID+"/reject", ""); r.status != http.StatusBadRequest || r.body["param"] != "reason" {
		t.Errorf("reject without a reason = %d %v, want 400 naming reason", r.status, r.body)
	}
	rejected := k.send(t, auth.Reviewer, http.MethodPost, "/v1/proposals/"+otherID+"/reject", `{"reason":"Brazil is not in the CSTO"}`)
	if rejected.status != http.StatusOK || rejected.body["status"] != "rejected" || rejected.body["reason"] != "Brazil is not in the CSTO" {
		t.Errorf("reject = %d %v", rejected.status, rejected.body)
	}
	if r := k.send(t, auth.Reviewer, http.MethodPost, "/v1/proposals/"+otherID+"/accept", ""); r.status != http.StatusConflict {
		t.Errorf("accepting a rejected proposal = %d, want 409", r.status)
	}
	csto := mustJSON(t, k.send(t, 0, http.MethodGet, "/v1/queries/members_list_by_bloc?bloc=CSTO&as_of=2026-06-01", "").body["rows"])
	if strings.Contains(csto, `"BRA"`) {
		t.Error("a rejected proposal's membership answers a read")
	}
}

func TestProposalsAreValidatedWhenProposed(t *testing.T) {
	k := newKeyedServer(t)
	tests := []struct {
		name, body, param string
	}{
		{"unknown bloc", mustJSON(t, map[string]any{
			"document": map[string]any{"memberships": []any{map[string]any{"country": "IDN", "bloc": "NOPE", "since": "2026-03-01", "sources": []any{"src-nextcloud-khramov-2021"}}}},
			"evidence": []any{map[string]any{"source": "src-nextcloud-khramov-2021"}}, "confidence": 50}), "memberships[0].bloc"},
		{"evidence for a fact it does not propose", strings.Replace(proposalBody(t, "observer"), `"fact":"membership:IDN:SCO:2026-03-01"`, `"fact":"agr-nothing"`, 1), "evidence[0].fact"},
		{"evidence from no source", strings.Replace(proposalBody(t, "observer"), `"source":"src-nextcloud-khramov-2021"`, `"source":"src-nowhere"`, 1), "evidence[0].source"},
		{"a quote that is not its span", strings.Replace(proposalBody(t, "observer"), `"end":136`, `"end":140`, 1), "evidence[0].quote"},
		{"confidence over 100", strings.Replace(proposalBody(t, "observer"), `"confidence":70`, `"confidence":170`, 1), "confidence"},
		{"no evidence", mustJSON(t, map[string]any{"document": "memberships: []", "evidence": []any{}, "confidence": 50}), "evidence"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := k.send(t, auth.Editor, http.MethodPost, "/v1/proposals", tc.body)
			if r.status != http.StatusBadRequest || r.body["param"] != tc.param {
				t.Errorf("= %d param %v (%v), want 400 naming %s", r.status, r.body["param"], r.body["detail"], tc.param)
			}
		})
	}
	if n := neo4jtest.Query(t, "MATCH (p:Proposal) RETURN count(p)"); n != "0" {
		t.Errorf("refused proposals left %s :Proposal nodes", n)
	}
}

func TestAnImportCanBeProposedInstead(t *testing.T) {
	k := newKeyedServer(t)
	csv := "country,bloc,since,role,sources\nIDN,SCO,2026-03-01,observer,src-nextcloud-khramov-2021\n"
	if r := k.send(t, auth.Editor, http.MethodPost, "/v1/import/propose?layout=memberships", csv, "Content-Type", "text/csv"); r.status != http.StatusBadRequest || r.body["param"] != "source" {
		t.Errorf("a proposed import without its source = %d %v, want 400 naming source", r.status, r.body)
	}
	r := k.send(t, auth.Editor, http.MethodPost, "/v1/import/propose?layout=memberships&source=src-nextcloud-khramov-2021&confidence=60", csv, "Content-Type", "text/csv")
	if r.status != http.StatusCreated || r.body["count"] != float64(1) {
		t.Fatalf("propose an import = %d %v", r.status, r.body)
	}
	id := r.body["proposals"].([]any)[0].(map[string]any)["id"].(string)
	members := func() string {
		return mustJSON(t, k.send(t, 0, http.MethodGet, "/v1/queries/members_list_by_bloc?bloc=SCO&as_of=2026-06-01", "").body["rows"])
	}
	if strings.Contains(members(), `"IDN"`) {
		t.Fatal("a proposed import answers a read")
	}
	if a := k.send(t, auth.Reviewer, http.MethodPost, "/v1/proposals/"+id+"/accept", ""); a.status != http.StatusOK {
		t.Fatalf("accept = %d %v", a.status, a.body)
	}
	if !strings.Contains(members(), `"IDN"`) {
		t.Error("an accepted proposed import does not answer")
	}
}
