package api_test

import (
	"bytes"
	"encoding/json"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"

	"github.com/cyberkg/cyberkg/api"
	"github.com/cyberkg/cyberkg/internal/neo4jtest"
	"github.com/cyberkg/cyberkg/queries"
)

func openapiValidator(t *testing.T) validator.Validator {
	t.Helper()
	spec, err := api.OpenAPI()
	if err != nil {
		t.Fatalf("OpenAPI(): %v", err)
	}
	doc, err := libopenapi.NewDocument(spec)
	if err != nil {
		t.Fatalf("the OpenAPI document does not parse: %v", err)
	}
	v, errs := validator.NewValidator(doc)
	if len(errs) > 0 {
		t.Fatalf("the OpenAPI document has no validator: %v", errs)
	}
	if ok, verrs := v.ValidateDocument(); !ok {
		for _, e := range verrs {
			t.Errorf("the OpenAPI document is not valid OpenAPI 3.1: %s: %s", e.Message, e.Reason)
		}
		t.FailNow()
	}
	return v
}

func TestOpenAPIDocumentsEveryRouteAndOnlyThose(t *testing.T) {
	openapiValidator(t)
	spec, _ := api.OpenAPI()
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(spec, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi = %q, want 3.1.0", doc.OpenAPI)
	}
	documented := map[string]bool{}
	for path, methods := range doc.Paths {
		for method := range methods {
			// Per-query paths are served by the one /v1/queries/{name} route.
			p := path
			if name, ok := strings.CutPrefix(path, "/v1/queries/"); ok && name != "{name}" {
				if _, known := queries.ByName(name); !known {
					t.Errorf("documented query path %s names no catalog query", path)
				}
				p = "/v1/queries/{name}"
			}
			documented[strings.ToUpper(method)+" "+p] = true
		}
	}
	for _, q := range queries.All {
		if _, ok := doc.Paths["/v1/queries/"+q.Name]; !ok {
			t.Errorf("catalog query %s has no path of its own in the OpenAPI document", q.Name)
		}
	}
	handler, err := api.NewServer(failing(nil), slog.New(slog.NewTextHandler(io.Discard, nil)), api.Options{})
	if err != nil {
		t.Fatal(err)
	}
	routed := map[string]bool{}
	param := regexp.MustCompile(`[:*](\w+)`)
	for _, r := range handler.(*gin.Engine).Routes() {
		routed[r.Method+" "+param.ReplaceAllString(r.Path, "{$1}")] = true
	}
	for route := range routed {
		if !documented[route] {
			t.Errorf("route %s is not in the OpenAPI document", route)
		}
	}
	for route := range documented {
		if !routed[route] {
			t.Errorf("the OpenAPI document describes %s, which the router does not serve", route)
		}
	}
}

func TestResponsesMatchTheOpenAPIDocument(t *testing.T) {
	v := openapiValidator(t)
	srv := newTestServer(t, neo4jtest.Seeded(t))
	requests := []struct {
		method, path, body string
	}{
		{"GET", "/healthz", ""},
		{"GET", "/readyz", ""},
		{"GET", "/v1/queries", ""},
		{"GET", "/v1/queries/no_such_query", ""},
		{"GET", "/v1/queries/members_with_agreement_by_bloc?as_of=2021-06-28", ""},
		{"GET", "/v1/queries/members_with_agreement_by_bloc?as_of=nope", ""},
		{"GET", "/v1/entities/RUS", ""},
		{"GET", "/v1/entities/atlantis", ""},
		{"GET", "/v1/entities/IDN/neighbourhood?depth=2", ""},
		{"GET", "/v1/paths?from=oleg-khramov&to=joe-biden", ""},
		{"GET", "/v1/paths?from=RUS", ""},
		{"GET", "/v1/search?q=Rusia", ""},
		{"GET", "/v1/search?q=%21%21", ""},
		{"POST", "/v1/cypher", `{"statement": "MATCH (c:Country {id: $id}) RETURN c, c.name AS name", "parameters": {"id": "RUS"}}`},
		{"POST", "/v1/cypher", `{"statement": "CREATE (n)"}`},
		{"GET", "/v1/export?format=json&as_of=2021-06-28", ""},
		{"GET", "/v1/export?format=graphml&entity=RUS", ""},
		{"GET", "/v1/export?format=pdf", ""},
		{"GET", "/openapi.json", ""},
		{"GET", "/docs", ""},
	}
	for _, q := range queries.All {
		requests = append(requests, struct{ method, path, body string }{"GET", "/v1/queries/" + q.Name, ""})
	}
	for _, r := range requests {
		var body io.Reader
		if r.body != "" {
			body = strings.NewReader(r.body)
		}
		req := httptest.NewRequest(r.method, r.path, body)
		if r.body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		live, err := http.NewRequest(r.method, srv.URL+r.path, bytesOf(r.body))
		if err != nil {
			t.Fatal(err)
		}
		live.Header = req.Header.Clone()
		res, err := http.DefaultClient.Do(live)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(res.Body)
		res.Body.Close()
		res.Body = io.NopCloser(bytes.NewReader(data))
		req.Body = io.NopCloser(bytesOf(r.body))
		// A request that is bad on purpose fails request validation by design; its response must still match.
		validate := v.ValidateHttpRequestResponse
		if res.StatusCode >= 400 {
			validate = v.ValidateHttpResponse
		}
		if ok, errs := validate(req, res); !ok {
			var msgs []string
			for _, e := range errs {
				msgs = append(msgs, e.Message+": "+e.Reason)
			}
			sort.Strings(msgs)
			t.Errorf("%s %s (%d) does not match the OpenAPI document:\n  %s", r.method, r.path, res.StatusCode, strings.Join(msgs, "\n  "))
		}
	}
}

func bytesOf(s string) io.Reader { return strings.NewReader(s) }

func TestDocsPageListsEveryRoute(t *testing.T) {
	srv := newTestServer(t, neo4jtest.Seeded(t))
	res, err := http.Get(srv.URL + "/docs")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("GET /docs = %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	for _, want := range []string{"/v1/cypher", "/v1/paths", "/v1/entities/{id}/neighbourhood", "/v1/queries/members_with_agreement_by_bloc", "as_of"} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("GET /docs lacks %q", want)
		}
	}
	examplesAnswer(t, srv.URL, page)
}

// examplesAnswer asks every example the /docs page asks the server for, as
// a reader opens it or presses Run, and wants 200 from the seed graph: a
// dead example (an id made up for the reader) fails here rather than on the
// page.
func examplesAnswer(t *testing.T, base string, page []byte) {
	t.Helper()
	live := regexp.MustCompile(`<details class="live" data-url="([^"]+)"`).FindAllSubmatch(page, -1)
	// The catalog's queries, the catalog, the reads, the review queue and the trail.
	if len(live) < 20 {
		t.Fatalf("the page has %d live examples, want at least 20", len(live))
	}
	for _, m := range live {
		url := html.UnescapeString(string(m[1]))
		req, err := http.NewRequest(http.MethodGet, base+url, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Accept", "application/json") // as the page's script asks
		checkExample(t, "GET "+url, req)
	}
	runs := regexp.MustCompile(`<button type="button" class="run" data-url="([^"]+)" data-body="([^"]+)"`).FindAllSubmatch(page, -1)
	if len(runs) == 0 {
		t.Fatal("the page has no example to run")
	}
	for _, m := range runs {
		url, body := html.UnescapeString(string(m[1])), html.UnescapeString(string(m[2]))
		req, err := http.NewRequest(http.MethodPost, base+url, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Accept", "application/json")
		req.Header.Set("Content-Type", "application/json")
		checkExample(t, "POST "+url+" "+body, req)
	}
}

func checkExample(t *testing.T, what string, req *http.Request) {
	t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	answer, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("%s = %d: %.300s", what, res.StatusCode, answer)
	}
}
