package api_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/cyberkg/cyberkg/api"
	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/internal/neo4jtest"
	"github.com/cyberkg/cyberkg/web"
)

func newTestServer(t *testing.T, store graph.Store) *httptest.Server {
	t.Helper()
	handler, err := api.NewServer(store, slog.New(slog.NewTextHandler(io.Discard, nil)), api.Options{})
	if err != nil {
		t.Fatalf("NewServer: %v", err)
	}
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	return srv
}

type response struct {
	status int
	header http.Header
	body   map[string]any
}

func do(t *testing.T, method, url string) response {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer res.Body.Close()
	var body map[string]any
	data, _ := io.ReadAll(res.Body)
	if err := json.Unmarshal(data, &body); err != nil {
		t.Fatalf("%s %s: body is not a JSON object: %s", method, url, data)
	}
	return response{status: res.StatusCode, header: res.Header, body: body}
}

func TestRoutesAgainstTheSeedGraph(t *testing.T) {
	srv := newTestServer(t, neo4jtest.Seeded(t))
	tests := []struct {
		name, method, path string
		status             int
		check              func(t *testing.T, r response)
	}{
		{"healthz", "GET", "/healthz", 200, nil},
		{"readyz", "GET", "/readyz", 200, nil},
		{"list queries", "GET", "/v1/queries", 200, func(t *testing.T, r response) {
			list := r.body["queries"].([]any)
			if len(list) < 7 {
				t.Errorf("GET /v1/queries lists %d queries, want at least 7", len(list))
			}
			first := list[0].(map[string]any)
			if first["name"] == "" || first["description"] == "" || first["params"] == nil {
				t.Errorf("GET /v1/queries entry = %v, want name, description and params", first)
			}
		}},
		{"headline as of the article", "GET", "/v1/queries/members_with_agreement_by_bloc?bloc=BRICS&country=RUS&as_of=2021-06-28", 200, func(t *testing.T, r response) {
			if got := members(r); got != "BRA,CHN,IND,ZAF" {
				t.Errorf("headline as of 2021-06-28 = %s, want BRA,CHN,IND,ZAF", got)
			}
			if r.body["params"].(map[string]any)["as_of"] != "2021-06-28" {
				t.Errorf("params echo = %v, want as_of 2021-06-28", r.body["params"])
			}
		}},
		{"headline today by default", "GET", "/v1/queries/members_with_agreement_by_bloc", 200, func(t *testing.T, r response) {
			if got := members(r); got != "BRA,CHN,IDN,IND,IRN,ZAF" {
				t.Errorf("headline as of today = %s, want BRA,CHN,IDN,IND,IRN,ZAF", got)
			}
		}},
		{"unknown query", "GET", "/v1/queries/no_such_query", 404, problem("not_found", "")},
		{"bad date", "GET", "/v1/queries/members_with_agreement_by_bloc?as_of=28/06/2021", 400, problem("invalid", "as_of")},
		{"impossible date", "GET", "/v1/queries/members_with_agreement_by_bloc?as_of=2021-02-30", 400, problem("invalid", "as_of")},
		{"unknown parameter", "GET", "/v1/queries/members_with_agreement_by_bloc?colour=red", 400, problem("invalid", "colour")},
		{"repeated parameter", "GET", "/v1/queries/members_with_agreement_by_bloc?as_of=2021&as_of=2022", 400, problem("invalid", "as_of")},
		{"unknown bloc", "GET", "/v1/queries/members_with_agreement_by_bloc?bloc=BRIX", 404, problem("not_found", "bloc")},
		{"bloc that is a country", "GET", "/v1/queries/members_with_agreement_by_bloc?bloc=RUS", 400, problem("invalid", "bloc")},
		{"bad enum", "GET", "/v1/queries/agreements_list_by_party?status=maybe", 400, problem("invalid", "status")},
		{"limit out of range", "GET", "/v1/queries/neighbours_list_by_entity?limit=100000", 400, problem("invalid", "limit")},
		{"injection attempt stays a value", "GET", "/v1/queries/members_with_agreement_by_bloc?bloc=BRICS'%20OR%201=1%20//", 404, problem("not_found", "bloc")},
		{"entity", "GET", "/v1/entities/RUS", 200, func(t *testing.T, r response) {
			if r.body["kind"] != "Country" || len(r.body["links"].([]any)) == 0 || len(r.body["sources"].([]any)) == 0 {
				t.Errorf("GET /v1/entities/RUS = kind %v with %d links, want a Country with links and sources", r.body["kind"], len(r.body["links"].([]any)))
			}
		}},
		{"unknown entity", "GET", "/v1/entities/atlantis", 404, problem("not_found", "")},
		{"search Indonesian alias", "GET", "/v1/search?q=Rusia", 200, func(t *testing.T, r response) {
			hits := r.body["hits"].([]any)
			if len(hits) == 0 || hits[0].(map[string]any)["id"] != "RUS" {
				t.Errorf("GET /v1/search?q=Rusia first hit = %v, want RUS", hits)
			}
		}},
		{"search misspelt name", "GET", "/v1/search?q=Ann%20Nyberger", 200, func(t *testing.T, r response) {
			hits := r.body["hits"].([]any)
			if len(hits) == 0 || hits[0].(map[string]any)["id"] != "anne-neuberger" {
				t.Errorf("GET /v1/search?q=Ann Nyberger first hit = %v, want anne-neuberger", hits)
			}
		}},
		{"search by kind", "GET", "/v1/search?q=Russia&kind=Country", 200, nil},
		{"search without q", "GET", "/v1/search", 400, problem("invalid", "q")},
		{"search punctuation only", "GET", "/v1/search?q=%22%29%28*", 400, problem("invalid", "q")},
		{"search bad limit", "GET", "/v1/search?q=Russia&limit=0", 400, problem("invalid", "limit")},
		{"search bad kind", "GET", "/v1/search?q=Russia&kind=Planet", 400, problem("invalid", "kind")},
		{"search too long", "GET", "/v1/search?q=" + strings.Repeat("a", 201), 400, problem("invalid", "q")},
		{"unknown route", "GET", "/v2/anything", 404, problem("not_found", "")},
		{"wrong method", "POST", "/v1/queries", 405, problem("invalid", "")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := do(t, tt.method, srv.URL+tt.path)
			if r.status != tt.status {
				t.Fatalf("%s %s = %d %v, want %d", tt.method, tt.path, r.status, r.body, tt.status)
			}
			if tt.status < 400 && !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") {
				t.Errorf("%s %s Content-Type = %q, want application/json", tt.method, tt.path, r.header.Get("Content-Type"))
			}
			if tt.check != nil {
				tt.check(t, r)
			}
		})
	}
}

// problem checks an RFC 9457 body with the given code and, if not empty, the parameter it names.
func problem(code, param string) func(t *testing.T, r response) {
	return func(t *testing.T, r response) {
		t.Helper()
		if ct := r.header.Get("Content-Type"); ct != "application/problem+json" {
			t.Errorf("Content-Type = %q, want application/problem+json", ct)
		}
		if r.body["code"] != code || r.body["status"] != float64(r.status) || r.body["detail"] == "" || r.body["type"] == "" {
			t.Errorf("problem = %v, want code %q with status, type and detail", r.body, code)
		}
		if param != "" && r.body["param"] != param {
			t.Errorf("problem param = %v, want %q (detail: %v)", r.body["param"], param, r.body["detail"])
		}
	}
}

func members(r response) string {
	var ids []string
	for _, row := range r.body["rows"].([]any) {
		ids = append(ids, row.(map[string]any)["member"].(string))
	}
	sortStrings(ids)
	return strings.Join(ids, ",")
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

func TestExplorerIsServed(t *testing.T) {
	srv := newTestServer(t, failing(nil))
	status, header, page := get(t, srv.URL+"/")
	if !web.Built() {
		// A binary compiled before 'make web' says how to get the explorer.
		if status != 503 || !strings.Contains(page, "make web") {
			t.Errorf("GET / without a built explorer = %d %s, want 503 saying to run make web", status, page)
		}
		return
	}
	if status != 200 || !strings.HasPrefix(header.Get("Content-Type"), "text/html") || !strings.Contains(page, "cyberkg explorer") {
		t.Fatalf("GET / = %d %s", status, header.Get("Content-Type"))
	}
	for _, asset := range []string{"/assets/app.js", "/assets/style.css"} {
		if status, _, body := get(t, srv.URL+asset); status != 200 || len(body) == 0 || !strings.Contains(page, asset) {
			t.Errorf("GET %s = %d (%d bytes); the page must load it from us", asset, status, len(body))
		}
	}
	if r := do(t, "GET", srv.URL+"/assets/nope.js"); r.status != 404 {
		t.Errorf("GET /assets/nope.js = %d, want 404", r.status)
	}
}
