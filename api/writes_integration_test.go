package api_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cyberkg/cyberkg/api"
	"github.com/cyberkg/cyberkg/auth"
	"github.com/cyberkg/cyberkg/internal/neo4jtest"
)

// keyed is a test server with one key per role.
type keyed struct {
	url    string
	tokens map[auth.Role]string
}

func newKeyedServer(t *testing.T) keyed {
	t.Helper()
	return newKeyedServerLogging(t, slog.New(slog.NewTextHandler(io.Discard, nil)))
}

// newKeyedServerLogging is newKeyedServer whose server logs to logger.
func newKeyedServerLogging(t *testing.T, logger *slog.Logger) keyed {
	t.Helper()
	k := keyed{tokens: map[auth.Role]string{}}
	var lines []string
	for _, role := range []auth.Role{auth.Reader, auth.Editor, auth.Reviewer, auth.Admin} {
		token, line, err := auth.NewKey("test-"+role.String(), role)
		if err != nil {
			t.Fatal(err)
		}
		k.tokens[role] = token
		lines = append(lines, line)
	}
	ring, err := auth.Parse("test", strings.Join(lines, "\n"))
	if err != nil {
		t.Fatal(err)
	}
	handler, err := api.NewServer(neo4jtest.Seeded(t), logger, api.Options{Keys: ring})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	k.url = srv.URL
	return k
}

// send makes one request with an optional key, body and headers.
func (k keyed) send(t *testing.T, role auth.Role, method, path, body string, headers ...string) response {
	t.Helper()
	req, err := http.NewRequest(method, k.url+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if role != 0 {
		req.Header.Set("Authorization", "Bearer "+k.tokens[role])
	}
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	var out map[string]any
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatalf("%s %s: body is not a JSON object: %s", method, path, data)
	}
	return response{status: res.StatusCode, header: res.Header, body: out}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// agreementDoc is a write body: a new source, and an agreement citing it.
func agreementDoc(signedOn string, parties ...string) map[string]any {
	return map[string]any{
		"sources": []any{map[string]any{"id": "src-test-" + strings.ReplaceAll(signedOn, "-", ""), "title": "A test report",
			"publisher": "Test Wire", "reliability": "C", "url": "https://example.org/report"}},
		"agreements": []any{map[string]any{
			"id": "agr-test-rus-bra", "title": "Test agreement on information security", "scope": "bilateral",
			"topic": "international-information-security", "parties": parties, "signed_on": signedOn,
			"status_history": []any{map[string]any{"status": "signed", "date": signedOn, "sources": []any{"src-test-" + strings.ReplaceAll(signedOn, "-", "")}}},
			"sources":        []any{"src-test-" + strings.ReplaceAll(signedOn, "-", "")},
		}},
	}
}

func agreementsOfRussia(t *testing.T, k keyed, params url.Values) map[string]map[string]any {
	t.Helper()
	params.Set("party", "RUS")
	r := k.send(t, 0, http.MethodGet, "/v1/queries/agreements_list_by_party?"+params.Encode(), "")
	if r.status != http.StatusOK {
		t.Fatalf("agreements_list_by_party %v: %d %v", params, r.status, r.body)
	}
	out := map[string]map[string]any{}
	for _, row := range r.body["rows"].([]any) {
		m := row.(map[string]any)
		out[m["agreement"].(string)] = m
	}
	return out
}

func TestWritesAreAuthenticated(t *testing.T) {
	k := newKeyedServer(t)
	body := mustJSON(t, agreementDoc("2026-01-10", "RUS", "BRA"))
	if r := k.send(t, 0, http.MethodPost, "/v1/agreements", body); r.status != http.StatusUnauthorized || r.header.Get("WWW-Authenticate") == "" {
		t.Errorf("POST without a key = %d (WWW-Authenticate %q), want 401 with a challenge", r.status, r.header.Get("WWW-Authenticate"))
	}
	if r := k.send(t, auth.Reader, http.MethodPost, "/v1/agreements", body); r.status != http.StatusForbidden {
		t.Errorf("POST with a reader's key = %d, want 403", r.status)
	}
	if r := k.send(t, auth.Editor, http.MethodPost, "/v1/import", body); r.status != http.StatusForbidden {
		t.Errorf("import with an editor's key = %d, want 403 (admin only)", r.status)
	}
	if r := k.send(t, auth.Editor, http.MethodPost, "/v1/agreements", body); r.status != http.StatusCreated {
		t.Errorf("POST with an editor's key = %d %v, want 201", r.status, r.body)
	}
}

func TestWriteValidationNamesTheField(t *testing.T) {
	k := newKeyedServer(t)
	noSource := agreementDoc("2026-01-10", "RUS", "BRA")
	delete(noSource["agreements"].([]any)[0].(map[string]any), "sources")
	noSource["agreements"].([]any)[0].(map[string]any)["status_history"] = []any{map[string]any{"status": "signed", "date": "2026-01-10", "sources": []any{}}}
	badStatus := agreementDoc("2026-01-10", "RUS", "BRA")
	badStatus["agreements"].([]any)[0].(map[string]any)["status_history"] = []any{map[string]any{"status": "pending", "date": "2026-01-10", "sources": []any{"src-nextcloud-khramov-2021"}}}
	badID := agreementDoc("2026-01-10", "RUS", "BRA")
	badID["agreements"].([]any)[0].(map[string]any)["id"] = "Agr Test"
	tests := []struct {
		name, path string
		body       any
		field      string
		reason     string
	}{
		{"three parties to a bilateral", "/v1/agreements", agreementDoc("2026-01-10", "RUS", "BRA", "IND"), "agreements[0].parties", "exactly 2 parties"},
		{"unknown party", "/v1/agreements", agreementDoc("2026-01-10", "RUS", "ZZZ"), "agreements[0].parties[1]", "is not an entity of the graph"},
		{"party of the wrong kind", "/v1/agreements", agreementDoc("2026-01-10", "RUS", "src-nextcloud-khramov-2021"), "agreements[0].parties[1]", "is a Source"},
		{"impossible date", "/v1/agreements", agreementDoc("2026-02-30", "RUS", "BRA"), "", "2026-02-30"},
		{"no source", "/v1/agreements", noSource, "agreements[0]", "sources"},
		{"unknown status", "/v1/agreements", badStatus, "agreements[0].status_history[0].status", "must be one of"},
		{"id against the naming rules", "/v1/agreements", badID, "agreements[0].id", ""},
		{"until before since", "/v1/memberships", map[string]any{"memberships": []any{map[string]any{
			"country": "IDN", "bloc": "BRICS", "since": "2026-01-01", "until": "2025-01-01", "sources": []any{"src-nextcloud-khramov-2021"}}}},
			"memberships[0].until", "must come after since"},
		{"two facts on a one-fact route", "/v1/memberships", map[string]any{"memberships": []any{
			map[string]any{"country": "IDN", "bloc": "SCO", "since": "2026-01-01", "sources": []any{"src-nextcloud-khramov-2021"}},
			map[string]any{"country": "IDN", "bloc": "CSTO", "since": "2026-01-01", "sources": []any{"src-nextcloud-khramov-2021"}}}},
			"memberships", "exactly one"},
	}
	before := neo4jtest.Dump(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := k.send(t, auth.Editor, http.MethodPost, tc.path, mustJSON(t, tc.body))
			if r.status != http.StatusBadRequest {
				t.Fatalf("status %d %v, want 400", r.status, r.body)
			}
			text := mustJSON(t, r.body)
			if tc.field != "" && !strings.Contains(text, `"`+tc.field) {
				t.Errorf("problem %s does not name the field %s", text, tc.field)
			}
			if !strings.Contains(text, tc.reason) {
				t.Errorf("problem %s does not say %q", text, tc.reason)
			}
		})
	}
	if after := neo4jtest.Dump(t); after != before {
		t.Error("a refused write changed the graph")
	}
}

func TestWriteCorrectRetractAcrossBothTimeAxes(t *testing.T) {
	k := newKeyedServer(t)
	beforeCreate := time.Now().UTC().Format(time.RFC3339Nano)
	created := k.send(t, auth.Editor, http.MethodPost, "/v1/agreements", mustJSON(t, agreementDoc("2026-01-10", "RUS", "BRA")),
		"Idempotency-Key", "create-1")
	if created.status != http.StatusCreated || created.header.Get("ETag") != `"v1"` {
		t.Fatalf("create = %d ETag %q %v, want 201 and v1", created.status, created.header.Get("ETag"), created.body)
	}
	afterCreate := created.body["recorded_at"].(string)

	// A retry with the same key changes nothing and says so.
	retry := k.send(t, auth.Editor, http.MethodPost, "/v1/agreements", mustJSON(t, agreementDoc("2026-01-10", "RUS", "BRA")),
		"Idempotency-Key", "create-1")
	if retry.status != http.StatusOK || retry.header.Get("Idempotent-Replayed") != "true" || retry.body["change"] != created.body["change"] {
		t.Errorf("retry = %d replayed %q change %v, want 200, replayed, change %v", retry.status, retry.header.Get("Idempotent-Replayed"), retry.body["change"], created.body["change"])
	}
	if r := k.send(t, auth.Editor, http.MethodPost, "/v1/agreements", mustJSON(t, agreementDoc("2026-01-11", "RUS", "BRA")),
		"Idempotency-Key", "create-1"); r.status != http.StatusConflict {
		t.Errorf("the same key with another body = %d, want 409", r.status)
	}
	if r := k.send(t, auth.Editor, http.MethodPost, "/v1/agreements", mustJSON(t, agreementDoc("2026-01-10", "RUS", "BRA"))); r.status != http.StatusConflict {
		t.Errorf("creating it again without the key = %d, want 409", r.status)
	}

	// A dry run reports and writes nothing.
	corrected := agreementDoc("2026-01-12", "RUS", "BRA")
	dry := k.send(t, auth.Editor, http.MethodPut, "/v1/agreements/agr-test-rus-bra?dry_run=true", mustJSON(t, corrected))
	if dry.status != http.StatusOK || dry.body["dry_run"] != true {
		t.Errorf("dry run = %d %v", dry.status, dry.body)
	}

	// Correct the signing date.
	time.Sleep(10 * time.Millisecond)
	fixed := k.send(t, auth.Editor, http.MethodPut, "/v1/agreements/agr-test-rus-bra?reason=wrong+date", mustJSON(t, corrected), "If-Match", `"v1"`)
	if fixed.status != http.StatusOK || fixed.header.Get("ETag") != `"v2"` {
		t.Fatalf("correct = %d ETag %q %v, want 200 and v2", fixed.status, fixed.header.Get("ETag"), fixed.body)
	}
	afterFix := fixed.body["recorded_at"].(string)
	if r := k.send(t, 0, http.MethodGet, "/v1/entities/agr-test-rus-bra", ""); r.header.Get("ETag") != `"v2"` {
		t.Errorf("GET after the correction: ETag %q, want \"v2\", the If-Match a next write names", r.header.Get("ETag"))
	}
	if r := k.send(t, auth.Editor, http.MethodPut, "/v1/agreements/agr-test-rus-bra", mustJSON(t, corrected), "If-Match", `"v1"`); r.status != http.StatusPreconditionFailed {
		t.Errorf("a write with a stale If-Match = %d, want 412", r.status)
	}

	now := agreementsOfRussia(t, k, url.Values{})
	if got := now["agr-test-rus-bra"]["signed_on"]; got != "2026-01-12" {
		t.Errorf("signed_on now = %v, want the corrected 2026-01-12", got)
	}
	then := agreementsOfRussia(t, k, url.Values{"known_on": {afterCreate}})
	if got := then["agr-test-rus-bra"]["signed_on"]; got != "2026-01-10" {
		t.Errorf("signed_on known_on %s = %v, want the first 2026-01-10", afterCreate, got)
	}
	if _, ok := agreementsOfRussia(t, k, url.Values{"known_on": {beforeCreate}})["agr-test-rus-bra"]; ok {
		t.Error("the agreement is known before it was written")
	}
	// as_of × known_on: as of 2026-01-11 the first version had it signed, the second not yet.
	if _, ok := agreementsOfRussia(t, k, url.Values{"as_of": {"2026-01-11"}, "known_on": {afterCreate}})["agr-test-rus-bra"]; !ok {
		t.Error("as_of 2026-01-11, known_on after the create: missing, want it (signed on the 10th)")
	}
	if _, ok := agreementsOfRussia(t, k, url.Values{"as_of": {"2026-01-11"}})["agr-test-rus-bra"]; ok {
		t.Error("as_of 2026-01-11 now: present, want absent (corrected to the 12th)")
	}

	// Retract it: gone now, there for the past.
	if r := k.send(t, auth.Editor, http.MethodDelete, "/v1/agreements/agr-test-rus-bra", ""); r.status != http.StatusBadRequest || r.body["param"] != "reason" {
		t.Errorf("retract without a reason = %d %v, want 400 naming reason", r.status, r.body)
	}
	gone := k.send(t, auth.Editor, http.MethodDelete, "/v1/agreements/agr-test-rus-bra?reason=never+signed&source=src-nextcloud-khramov-2021", "", "If-Match", `"v2"`)
	if gone.status != http.StatusOK {
		t.Fatalf("retract = %d %v", gone.status, gone.body)
	}
	if _, ok := agreementsOfRussia(t, k, url.Values{})["agr-test-rus-bra"]; ok {
		t.Error("a retracted agreement is still listed now")
	}
	if got := agreementsOfRussia(t, k, url.Values{"known_on": {afterFix}})["agr-test-rus-bra"]["signed_on"]; got != "2026-01-12" {
		t.Errorf("known_on after the correction, before the retraction: signed_on %v, want 2026-01-12", got)
	}
	if r := k.send(t, 0, http.MethodGet, "/v1/entities/agr-test-rus-bra", ""); r.status != http.StatusNotFound {
		t.Errorf("GET a retracted entity = %d, want 404", r.status)
	}

	// The audit trail: three changes, newest first, by the editor's key.
	trail := k.send(t, 0, http.MethodGet, "/v1/changes?entity=agr-test-rus-bra", "")
	changes, _ := trail.body["changes"].([]any)
	var kinds []string
	for _, c := range changes {
		m := c.(map[string]any)
		kinds = append(kinds, m["kind"].(string))
		if m["author"] != "test-editor" {
			t.Errorf("change %v author %v, want test-editor", m["id"], m["author"])
		}
	}
	if strings.Join(kinds, ",") != "retract,correct,create" {
		t.Errorf("changes of the agreement = %v, want retract,correct,create", kinds)
	}
	if m := changes[0].(map[string]any); m["reason"] != "never signed" || mustJSON(t, m["cites"]) != `["src-nextcloud-khramov-2021"]` {
		t.Errorf("the retraction's reason and grounds = %v %v", m["reason"], m["cites"])
	}
}

func TestConcurrentEditorsLoseNoUpdate(t *testing.T) {
	k := newKeyedServer(t)
	if r := k.send(t, auth.Editor, http.MethodPost, "/v1/agreements", mustJSON(t, agreementDoc("2026-01-10", "RUS", "BRA"))); r.status != http.StatusCreated {
		t.Fatalf("create = %d %v", r.status, r.body)
	}
	// Eight editors read v1 and each writes their own date: one wins, the
	// others are told their copy is stale, none is silently overwritten.
	const editors = 8
	statuses := make([]int, editors)
	var wg sync.WaitGroup
	for i := range editors {
		wg.Add(1)
		go func() {
			defer wg.Done()
			day := time.Date(2026, 2, 1+i, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
			statuses[i] = k.send(t, auth.Editor, http.MethodPut, "/v1/agreements/agr-test-rus-bra", mustJSON(t, agreementDoc(day, "RUS", "BRA")), "If-Match", `"v1"`).status
		}()
	}
	wg.Wait()
	won := 0
	for _, s := range statuses {
		switch s {
		case http.StatusOK:
			won++
		case http.StatusPreconditionFailed:
		default:
			t.Errorf("a concurrent write answered %d, want 200 or 412", s)
		}
	}
	if won != 1 {
		t.Errorf("%d of %d concurrent writes from v1 succeeded, want exactly 1 (statuses %v)", won, editors, statuses)
	}
	if v := neo4jtest.Query(t, "MATCH (a:Agreement {id: 'agr-test-rus-bra'}) RETURN a.version"); v != "2" {
		t.Errorf("version after the race = %s, want 2", v)
	}
	if n := neo4jtest.Query(t, "MATCH (:Agreement {id: 'agr-test-rus-bra'})-[:REVISION]->(v) RETURN count(v)"); n != "1" {
		t.Errorf("revisions after the race = %s, want 1", n)
	}
}

func TestMembershipWriteAnswersAsOf(t *testing.T) {
	k := newKeyedServer(t)
	doc := map[string]any{"memberships": []any{map[string]any{"country": "IDN", "bloc": "SCO", "since": "2026-03-01",
		"role": "dialogue-partner", "sources": []any{"src-nextcloud-khramov-2021"}}}}
	r := k.send(t, auth.Editor, http.MethodPost, "/v1/memberships", mustJSON(t, doc))
	if r.status != http.StatusCreated {
		t.Fatalf("create membership = %d %v", r.status, r.body)
	}
	key := r.body["facts"].([]any)[0].(map[string]any)["key"].(string)
	if key != "membership:IDN:SCO:2026-03-01" {
		t.Errorf("membership key = %q", key)
	}
	members := func(asOf string) string {
		res := k.send(t, 0, http.MethodGet, "/v1/queries/members_list_by_bloc?bloc=SCO&as_of="+asOf, "")
		return mustJSON(t, res.body["rows"])
	}
	if !strings.Contains(members("2026-03-02"), `"IDN"`) {
		t.Error("IDN is not an SCO member as of 2026-03-02 after the write")
	}
	if strings.Contains(members("2026-02-28"), `"IDN"`) {
		t.Error("IDN is an SCO member as of 2026-02-28, before its since")
	}
	gone := k.send(t, auth.Editor, http.MethodDelete, "/v1/memberships/"+url.PathEscape(key)+"?reason=misread&source=src-nextcloud-khramov-2021", "")
	if gone.status != http.StatusOK {
		t.Fatalf("retract membership = %d %v", gone.status, gone.body)
	}
	if strings.Contains(members("2026-03-02"), `"IDN"`) {
		t.Error("a retracted membership still answers")
	}
}

func TestImportReportsEveryProblemAndWritesAllOrNothing(t *testing.T) {
	k := newKeyedServer(t)
	csv := "country,bloc,since,role,sources\nIDN,SCO,2026-03-01,dialogue-partner,src-nextcloud-khramov-2021\nIDN,NOPE,2026-03-01,member,src-nextcloud-khramov-2021\nIDN,CSTO,2026-13-01,member,src-nextcloud-khramov-2021\n"
	before := neo4jtest.Dump(t)
	r := k.send(t, auth.Admin, http.MethodPost, "/v1/import?layout=memberships&name=members.csv", csv, "Content-Type", "text/csv")
	if r.status != http.StatusBadRequest {
		t.Fatalf("import of a broken CSV = %d %v, want 400", r.status, r.body)
	}
	errs, _ := r.body["errors"].([]any)
	lines := map[float64]bool{}
	for _, e := range errs {
		lines[e.(map[string]any)["line"].(float64)] = true
	}
	if len(errs) != 2 || !lines[3] || !lines[4] {
		t.Errorf("import errors = %s, want two, at lines 3 and 4", mustJSON(t, errs))
	}
	if after := neo4jtest.Dump(t); after != before {
		t.Error("a refused import changed the graph")
	}
	good := "country,bloc,since,role,sources\nIDN,SCO,2026-03-01,dialogue-partner,src-nextcloud-khramov-2021\nBRA,SCO,2026-04-01,dialogue-partner,src-nextcloud-khramov-2021\n"
	dry := k.send(t, auth.Admin, http.MethodPost, "/v1/import?layout=memberships&dry_run=true", good, "Content-Type", "text/csv")
	if dry.status != http.StatusOK || dry.body["counts"].(map[string]any)["created"] != float64(2) {
		t.Errorf("dry run = %d %v, want 2 created", dry.status, dry.body)
	}
	if after := neo4jtest.Dump(t); after != before {
		t.Error("a dry run changed the graph")
	}
	done := k.send(t, auth.Admin, http.MethodPost, "/v1/import?layout=memberships", good, "Content-Type", "text/csv")
	again := k.send(t, auth.Admin, http.MethodPost, "/v1/import?layout=memberships", good, "Content-Type", "text/csv")
	if done.status != http.StatusOK || again.body["counts"].(map[string]any)["unchanged"] != float64(2) {
		t.Errorf("import then again = %v then %v, want 2 unchanged the second time", done.body["counts"], again.body["counts"])
	}
	var buf bytes.Buffer
	buf.WriteString("memberships:\n  - {country: IDN, bloc: SCO, since: 2026-03-01, role: observer, sources: [src-nextcloud-khramov-2021]}\n")
	changed := k.send(t, auth.Admin, http.MethodPost, "/v1/import", buf.String(), "Content-Type", "application/yaml")
	if changed.status != http.StatusOK || changed.body["counts"].(map[string]any)["changed"] != float64(1) {
		t.Errorf("YAML import changing a role = %d %v, want 1 changed", changed.status, changed.body)
	}
}
