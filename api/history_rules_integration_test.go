package api_test

import (
	"io"
	"net/http"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cyberkg/cyberkg/auth"
	"github.com/cyberkg/cyberkg/internal/neo4jtest"
)

func TestRetractingAnEntityOthersNameIsRefused(t *testing.T) {
	k := newKeyedServer(t)
	r := k.send(t, auth.Editor, http.MethodDelete, "/v1/entities/NIC?reason=x&source=src-nextcloud-khramov-2021", "")
	if r.status != http.StatusConflict || !strings.Contains(mustJSON(t, r.body), "agr-rus-nic-iis") {
		t.Errorf("retract NIC, a party to agr-rus-nic-iis = %d %v, want 409 naming the agreement", r.status, r.body)
	}
}

func TestAcceptanceNeverOverwritesACorrectionMadeSince(t *testing.T) {
	k := newKeyedServer(t)
	if r := k.send(t, auth.Editor, http.MethodPost, "/v1/agreements", mustJSON(t, agreementDoc("2026-01-10", "RUS", "BRA"))); r.status != http.StatusCreated {
		t.Fatalf("create = %d %v", r.status, r.body)
	}
	proposal := k.send(t, auth.Editor, http.MethodPost, "/v1/proposals", mustJSON(t, map[string]any{
		"document": agreementDoc("2026-01-11", "RUS", "BRA"), "evidence": []any{map[string]any{"source": "src-nextcloud-khramov-2021"}}, "confidence": 50}))
	if proposal.status != http.StatusCreated {
		t.Fatalf("propose = %d %v", proposal.status, proposal.body)
	}
	id := proposal.body["id"].(string)
	if r := k.send(t, auth.Editor, http.MethodPut, "/v1/agreements/agr-test-rus-bra", mustJSON(t, agreementDoc("2026-01-12", "RUS", "BRA")), "If-Match", `"v1"`); r.status != http.StatusOK {
		t.Fatalf("correct = %d %v", r.status, r.body)
	}
	review := k.send(t, 0, http.MethodGet, "/v1/proposals/"+id, "")
	if problems, _ := review.body["problems"].([]any); len(problems) == 0 {
		t.Errorf("the review of a proposal whose fact moved shows no problem: %v", review.body)
	}
	if r := k.send(t, auth.Reviewer, http.MethodPost, "/v1/proposals/"+id+"/accept", ""); r.status != http.StatusPreconditionFailed {
		t.Errorf("accepting it = %d %v, want 412", r.status, r.body)
	}
	if got := agreementsOfRussia(t, k, map[string][]string{})["agr-test-rus-bra"]["signed_on"]; got != "2026-01-12" {
		t.Errorf("signed_on after the refused acceptance = %v, want the correction's 2026-01-12", got)
	}
}

func TestAReviewerDoesNotAcceptTheirOwnProposal(t *testing.T) {
	k := newKeyedServer(t)
	mine := k.send(t, auth.Reviewer, http.MethodPost, "/v1/proposals", proposalBody(t, "observer"))
	if r := k.send(t, auth.Reviewer, http.MethodPost, "/v1/proposals/"+mine.body["id"].(string)+"/accept", ""); r.status != http.StatusForbidden {
		t.Errorf("accepting one's own proposal = %d %v, want 403", r.status, r.body)
	}
}

func TestTwoReviewersDecideAProposalOnce(t *testing.T) {
	k := newKeyedServer(t)
	for round := range 5 {
		id := k.send(t, auth.Editor, http.MethodPost, "/v1/proposals", proposalBody(t, "observer")).body["id"].(string)
		statuses := make([]int, 2)
		var wg sync.WaitGroup
		for i, role := range []auth.Role{auth.Reviewer, auth.Admin} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				statuses[i] = k.send(t, role, http.MethodPost, "/v1/proposals/"+id+"/reject", `{"reason":"no"}`).status
			}()
		}
		wg.Wait()
		if slices.Sort(statuses); statuses[0] != http.StatusOK || statuses[1] != http.StatusConflict {
			t.Errorf("round %d: two rejections at once = %v, want one 200 and one 409", round, statuses)
		}
	}
}

func TestRacingRetriesAreOneWrite(t *testing.T) {
	k := newKeyedServer(t)
	if r := k.send(t, auth.Editor, http.MethodPost, "/v1/agreements", mustJSON(t, agreementDoc("2026-01-10", "RUS", "BRA"))); r.status != http.StatusCreated {
		t.Fatalf("create = %d", r.status)
	}
	body := mustJSON(t, agreementDoc("2026-01-12", "RUS", "BRA"))
	statuses := make([]int, 6)
	var wg sync.WaitGroup
	for i := range statuses {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i] = k.send(t, auth.Editor, http.MethodPut, "/v1/agreements/agr-test-rus-bra", body, "If-Match", `"v1"`, "Idempotency-Key", "same-retry").status
		}()
	}
	wg.Wait()
	for _, s := range statuses {
		if s != http.StatusOK {
			t.Errorf("six copies of one request with one key = %v, want all 200 (one write, five replays)", statuses)
			break
		}
	}
	if n := k.send(t, 0, http.MethodGet, "/v1/changes?fact=agr-test-rus-bra", "").body["count"]; n != float64(2) {
		t.Errorf("changes of the agreement = %v, want 2 (create, one correction)", n)
	}
}

func TestARelationshipFactWrittenAgainGoesOnFromItsLastVersion(t *testing.T) {
	k := newKeyedServer(t)
	doc := func(role string) string {
		return mustJSON(t, map[string]any{"memberships": []any{map[string]any{"country": "IDN", "bloc": "SCO", "since": "2026-03-01", "role": role, "sources": []any{"src-nextcloud-khramov-2021"}}}})
	}
	key := "/v1/memberships/membership:IDN:SCO:2026-03-01"
	k.send(t, auth.Editor, http.MethodPost, "/v1/memberships", doc("observer"))
	k.send(t, auth.Editor, http.MethodPut, key, doc("dialogue-partner"), "If-Match", `"v1"`)
	k.send(t, auth.Editor, http.MethodDelete, key+"?reason=x&source=src-nextcloud-khramov-2021", "")
	again := k.send(t, auth.Editor, http.MethodPost, "/v1/memberships", doc("member"))
	if again.status != http.StatusCreated || again.header.Get("ETag") != `"v3"` {
		t.Errorf("written again after its retraction = %d ETag %q, want 201 and v3", again.status, again.header.Get("ETag"))
	}
	if r := k.send(t, auth.Editor, http.MethodPut, key, doc("partner"), "If-Match", `"v1"`); r.status != http.StatusPreconditionFailed {
		t.Errorf("a PUT with the first life's If-Match = %d, want 412", r.status)
	}
}

func TestBadImportsAreRefusedNot500(t *testing.T) {
	k := newKeyedServer(t)
	for name, tc := range map[string]struct{ path, body, contentType string }{
		"unknown column":     {"/v1/import?layout=memberships", "country,bloc,colour\nIDN,SCO,red\n", "text/csv"},
		"bad quote":          {"/v1/import?layout=memberships", "country,bloc\n\"IDN,SCO\n", "text/csv"},
		"confidence in text": {"/v1/import?layout=statements", "id,confidence\nst-x,high\n", "text/csv"},
		"an id too long":     {"/v1/import", `{"sources":[{"id":"` + strings.Repeat("a", 9000) + `","title":"t","publisher":"p","reliability":"C"}]}`, "application/json"},
		"proposed, bad csv":  {"/v1/import/propose?layout=memberships&source=src-nextcloud-khramov-2021", "country,bloc,colour\nIDN,SCO,red\n", "text/csv"},
	} {
		role := auth.Admin
		if r := k.send(t, role, http.MethodPost, tc.path, tc.body, "Content-Type", tc.contentType); r.status != http.StatusBadRequest {
			t.Errorf("%s: %d %v, want 400", name, r.status, r.body)
		}
	}
	if r := k.send(t, auth.Editor, http.MethodPost, "/v1/memberships", mustJSON(t, map[string]any{"memberships": []any{map[string]any{"country": "IDN", "bloc": "SCO", "since": "2026-03-01", "sources": []any{"src-nextcloud-khramov-2021"}}}})); r.status != http.StatusCreated {
		t.Fatalf("create membership = %d", r.status)
	}
	if r := k.send(t, auth.Editor, http.MethodDelete, "/v1/agreements/membership:IDN:SCO:2026-03-01?reason=x&source=src-nextcloud-khramov-2021", ""); r.status != http.StatusNotFound {
		t.Errorf("DELETE a membership's key on the agreements route = %d, want 404", r.status)
	}
}

func TestListRoutesRefuseEmptyValues(t *testing.T) {
	k := newKeyedServer(t)
	for _, path := range []string{"/v1/changes?until=", "/v1/changes?since=", "/v1/changes?limit=", "/v1/proposals?status=", "/v1/proposals?limit=", "/v1/changes?until=2026-02-30"} {
		if r := k.send(t, 0, http.MethodGet, path, ""); r.status != http.StatusBadRequest {
			t.Errorf("GET %s = %d, want 400", path, r.status)
		}
	}
}

func TestWalksSayWhenTheyWereKnown(t *testing.T) {
	k := newKeyedServer(t)
	later := time.Now().Add(time.Hour).UTC().Truncate(time.Second).Format(time.RFC3339)
	for path, want := range map[string]string{
		"/v1/entities/RUS/neighbourhood":                   "now",
		"/v1/entities/RUS/neighbourhood?known_on=" + later: later,
		"/v1/paths?from=RUS&to=IDN&known_on=" + later:      later,
	} {
		if r := k.send(t, 0, http.MethodGet, path, ""); r.status != http.StatusOK || r.body["known_on"] != want {
			t.Errorf("GET %s = %d known_on %v, want %s", path, r.status, r.body["known_on"], want)
		}
	}
}

// endless is a body of n bytes of CSV-looking data, made as it is read.
type endless struct{ left int64 }

func (e *endless) Read(p []byte) (int, error) {
	if e.left <= 0 {
		return 0, io.EOF
	}
	n := min(int64(len(p)), e.left)
	for i := range p[:n] {
		p[i] = "IDN,SCO,2026-03-01\n"[i%19]
	}
	e.left -= n
	return int(n), nil
}

// A hostile body far over the limits: the server stops reading at the
// limit, answers 413 (or cuts the upload short), holds no more than about
// the limit in memory, and writes nothing.
func TestOversizedBodiesAreCutOffNotBuffered(t *testing.T) {
	k := newKeyedServer(t)
	before := neo4jtest.Dump(t)
	for _, tc := range []struct {
		path  string
		role  auth.Role
		limit int64
	}{
		{"/v1/memberships", auth.Editor, 1 << 20},
		{"/v1/import?layout=memberships", auth.Admin, 16 << 20},
		{"/v1/import/propose?layout=memberships&source=src-nextcloud-khramov-2021", auth.Editor, 16 << 20},
	} {
		var m0, m1 runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&m0)
		req, err := http.NewRequest(http.MethodPost, k.url+tc.path, &endless{left: 256 << 20})
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+k.tokens[tc.role])
		req.Header.Set("Content-Type", "text/csv")
		res, err := http.DefaultClient.Do(req)
		runtime.ReadMemStats(&m1)
		if err == nil {
			res.Body.Close()
			if res.StatusCode != http.StatusRequestEntityTooLarge {
				t.Errorf("POST %s with 256 MiB = %d, want 413", tc.path, res.StatusCode)
			}
		} // else: the server closed the connection on the rest of the upload, which is as good
		if grew := int64(m1.TotalAlloc - m0.TotalAlloc); grew > 4*tc.limit+(8<<20) {
			t.Errorf("POST %s with 256 MiB allocated %d MiB, want about its limit (%d MiB)", tc.path, grew>>20, tc.limit>>20)
		}
	}
	if after := neo4jtest.Dump(t); after != before {
		t.Error("an oversized body changed the graph")
	}
}
