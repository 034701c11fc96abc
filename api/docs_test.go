package api

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/cyberkg/cyberkg/queries"
)

// headlinePath is the route of the question the graph was built to answer.
var headlinePath = "/v1/queries/" + queries.MembersWithAgreementByBloc.Name

// testDocSections is the page's sections for the real OpenAPI document.
func testDocSections(t *testing.T) []docSection {
	t.Helper()
	return testDocsPage(t, false).Sections
}

func testDocsPage(t *testing.T, authReads bool) docsPageData {
	t.Helper()
	data, err := OpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	page, err := docsPageOf(data, authReads)
	if err != nil {
		t.Fatal(err)
	}
	return page
}

func findOp(t *testing.T, sections []docSection, method, path string) docOperation {
	t.Helper()
	for _, s := range sections {
		for _, op := range s.Operations {
			if op.Method == method && op.Path == path {
				return op
			}
		}
	}
	t.Fatalf("no %s %s on the page", method, path)
	return docOperation{}
}

func TestDocsOrderPutsTheAnalystFirst(t *testing.T) {
	sections := testDocSections(t)
	var ids []string
	var routes []string
	for _, s := range sections {
		ids = append(ids, s.ID)
		for _, op := range s.Operations {
			routes = append(routes, op.Method+" "+op.Path)
		}
	}
	if want := []string{"catalog-queries", "reads", "writes", "infrastructure"}; !slices.Equal(ids, want) {
		t.Fatalf("sections = %v, want %v", ids, want)
	}
	if routes[0] != "get "+headlinePath {
		t.Errorf("first route = %s, want the headline query", routes[0])
	}
	at := func(route string) int {
		i := slices.Index(routes, route)
		if i < 0 {
			t.Fatalf("%s is not on the page", route)
		}
		return i
	}
	for _, order := range [][2]string{
		{"get /v1/queries/members_list_by_bloc", "get /v1/entities/{id}"},
		{"get /v1/queries/{name}", "get /v1/entities/{id}"},
		{"get /v1/entities/{id}", "get /v1/search"},
		{"get /v1/search", "get /v1/entities/{id}/neighbourhood"},
		{"get /v1/paths", "get /v1/export"},
		{"get /v1/export", "post /v1/cypher"},
		{"post /v1/cypher", "post /v1/agreements"},
		{"post /v1/agreements", "put /v1/agreements/{id}"},
		{"put /v1/agreements/{id}", "delete /v1/agreements/{id}"},
		{"post /v1/statements", "post /v1/proposals"},
		{"post /v1/proposals", "post /v1/import"},
		{"post /v1/import", "get /v1/changes"},
		{"get /v1/changes", "get /healthz"},
		{"get /healthz", "get /metrics"},
		{"get /openapi.json", "get /docs"},
	} {
		if at(order[0]) > at(order[1]) {
			t.Errorf("%s comes after %s", order[0], order[1])
		}
	}
	// A write on a read's path is a write.
	for _, s := range sections {
		for _, op := range s.Operations {
			if s.ID == "reads" && op.Method != "get" && op.Path != "/v1/cypher" {
				t.Errorf("%s %s is among the reads", op.Method, op.Path)
			}
		}
	}
}

func TestDocSlug(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"get /v1/queries/members_with_agreement_by_bloc", "get-v1-queries-members_with_agreement_by_bloc"},
		{"get /v1/entities/{id}/neighbourhood", "get-v1-entities-id-neighbourhood"},
		{"get /openapi.json", "get-openapi-json"},
		{"get /", "get"},
		{"post /v1/import/open-data", "post-v1-import-open-data"},
	} {
		if got := docSlug(tc.in); got != tc.want {
			t.Errorf("docSlug(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	valid := regexp.MustCompile(`^[a-z][a-z0-9_-]*$`)
	seen := map[string]string{}
	for _, s := range testDocSections(t) {
		seen[s.ID] = "section"
		for _, op := range s.Operations {
			if !valid.MatchString(op.ID) {
				t.Errorf("%s %s: id %q is not a plain HTML id", op.Method, op.Path, op.ID)
			}
			if other, ok := seen[op.ID]; ok {
				t.Errorf("%s %s: id %q is also %s's", op.Method, op.Path, op.ID, other)
			}
			seen[op.ID] = op.Method + " " + op.Path
		}
	}
}

func TestFirstSentence(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"The member states of a bloc as of a date. Each with its sources.", "The member states of a bloc as of a date."},
		{"Liveness: the process is up", "Liveness: the process is up"},
		{"Run a named query (e.g. members_list_by_bloc)", "Run a named query (e.g. members_list_by_bloc)"},
	} {
		if got := firstSentence(tc.in); got != tc.want {
			t.Errorf("firstSentence(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestTypeInWords(t *testing.T) {
	for _, tc := range []struct {
		schema, kind, want string
	}{
		{`{"type":"string","pattern":` + jsonString(dateParamPattern) + `}`, "", "date: YYYY-MM-DD, YYYY-MM or YYYY (or today)"},
		{`{"type":"string","pattern":` + jsonString(instantParamPattern) + `}`, "", "time: YYYY-MM-DD, an RFC 3339 timestamp, or now"},
		{`{"type":"string","minLength":1,"maxLength":200}`, "Country", "id of a Country"},
		{`{"type":"string"}`, "Organization", "id of an Organization"},
		{`{"type":"string"}`, "Entity", "id of any entity"},
		{`{"type":"integer","minimum":1,"maximum":1000}`, "", "integer 1–1000"},
		{`{"type":"integer","minimum":1}`, "", "integer ≥ 1"},
		{`{"type":"string","enum":["json","csv","graphml"]}`, "", "one of: json, csv, graphml"},
		{`{"enum":["id","ru","en","auto"]}`, "", "one of: id, ru, en, auto"},
		{`{"type":"boolean"}`, "", "true or false"},
		{`{"type":"array","items":{"type":"string"}}`, "", "list of text"},
		{`{"type":"array","items":{"type":"object"}}`, "", "list of objects"},
		{`{"type":"array","items":{"type":"integer","minimum":1}}`, "", "list of integer ≥ 1"},
		{`{"type":"array","items":{"type":"integer"}}`, "", "list of integers"},
		{`{"type":["object","null"]}`, "", "object or null"},
		{`{"type":"string","maxLength":200}`, "", "text, at most 200 characters"},
		{`{"$ref":"#/components/schemas/Evidence"}`, "", "object (Evidence)"},
		{`{}`, "", "any"},
	} {
		var schema map[string]any
		if err := json.Unmarshal([]byte(tc.schema), &schema); err != nil {
			t.Fatal(err)
		}
		if got := typeInWords(schema, tc.kind); got != tc.want {
			t.Errorf("typeInWords(%s, %q) = %q, want %q", tc.schema, tc.kind, got, tc.want)
		}
	}
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func TestDocsExamplesAndBodies(t *testing.T) {
	sections := testDocSections(t)
	headline := findOp(t, sections, "get", headlinePath)
	if want := "/v1/queries/members_with_agreement_by_bloc?bloc=BRICS&country=RUS&as_of=2021-06-28"; headline.Example != want {
		t.Errorf("headline example = %q, want %q", headline.Example, want)
	}
	if !headline.Live || !headline.Open {
		t.Errorf("headline example: live %v, open %v; want both", headline.Live, headline.Open)
	}
	for _, tc := range []struct{ method, path, want string }{
		{"get", "/v1/entities/{id}", "/v1/entities/oleg-khramov"},
		{"get", "/v1/search", "/v1/search?q=Kirgistan"},
		{"get", "/v1/paths", "/v1/paths?from=oleg-khramov&to=joe-biden&as_of=2021-06-28"},
		{"get", "/v1/export", "/v1/export?as_of=2021-06-28&entity=IDN"}, // not the whole graph
		{"get", "/healthz", "/healthz"},
		// A made-up id, shown for the request's shape: not fetched (below).
		{"get", "/v1/proposals/{id}", "/v1/proposals/prop-20261129T170000.000000Z-0a1b2c3d"},
	} {
		if got := findOp(t, sections, tc.method, tc.path).Example; got != tc.want {
			t.Errorf("%s %s: example %q, want %q", tc.method, tc.path, got, tc.want)
		}
	}
	// The page fetches the API's open reads, but not the one whose example
	// id is made up (a 404), and nothing that needs a key or is not JSON.
	for _, s := range sections {
		for _, op := range s.Operations {
			if op.Open && op.Path != headlinePath {
				t.Errorf("%s %s is fetched as the page loads; only the headline should be", op.Method, op.Path)
			}
			wantLive := op.Method == "get" && !op.Secured && strings.HasPrefix(op.Path, "/v1/") && op.Path != "/v1/proposals/{id}"
			if op.Live != wantLive {
				t.Errorf("%s %s (secured %v, example %q): live %v, want %v", op.Method, op.Path, op.Secured, op.Example, op.Live, wantLive)
			}
		}
	}

	cypher := findOp(t, sections, "post", "/v1/cypher")
	if cypher.Body == nil || !slices.Contains(cypher.Body.ContentTypes, "application/json") {
		t.Fatalf("POST /v1/cypher body = %+v, want application/json", cypher.Body)
	}
	if f := cypher.Body.Fields; len(f) == 0 || f[0].Name != "statement" || !f[0].Required {
		t.Errorf("POST /v1/cypher fields = %+v, want statement first and required", f)
	}
	if len(cypher.Body.Examples) == 0 || !cypher.Body.Examples[0].Runnable ||
		!strings.HasPrefix(cypher.Body.Examples[0].JSON, "{\n  \"statement\":") {
		t.Errorf("POST /v1/cypher examples = %+v, want runnable ones, statement first", cypher.Body.Examples)
	}
	proposal := findOp(t, sections, "post", "/v1/proposals")
	var names []string
	for _, f := range proposal.Body.Fields {
		names = append(names, f.Name)
	}
	if !slices.Contains(names, "evidence[].source") {
		t.Errorf("POST /v1/proposals fields = %v, want evidence's own fields one level down", names)
	}
	for _, ex := range findOp(t, sections, "post", "/v1/agreements").Body.Examples {
		if ex.Runnable {
			t.Errorf("POST /v1/agreements: example %q is runnable; writes must not be", ex.Summary)
		}
	}
}

func TestDocsPageRenders(t *testing.T) {
	data, err := OpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	page, err := renderDocs(data, false)
	if err != nil {
		t.Fatal(err)
	}
	html := string(page)
	if strings.Contains(html, `{&#34;type&#34;`) || strings.Contains(html, `{"type"`) {
		t.Error("the page shows raw JSON Schema")
	}
	for _, want := range []string{`href="/openapi.json"`, `href="/v1/queries"`, `<nav id="contents"`, "Run this example"} {
		if !strings.Contains(html, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	ids := map[string]bool{}
	for _, m := range regexp.MustCompile(` id="([^"]+)"`).FindAllStringSubmatch(html, -1) {
		ids[m[1]] = true
	}
	links := regexp.MustCompile(`href="#([^"]+)"`).FindAllStringSubmatch(html, -1)
	if len(links) < 50 {
		t.Errorf("the contents has %d links, want one per group and route", len(links))
	}
	for _, m := range links {
		if !ids[m[1]] {
			t.Errorf("link #%s names no element", m[1])
		}
	}
	if regexp.MustCompile(`(src|href)="https?://`).MatchString(html) {
		t.Error("the page loads something from another origin")
	}
}

// With Options.AuthReads every /v1/ route needs a key: the page says so on
// each, and fetches and runs nothing, which would only show 401s.
func TestDocsWithAuthReadsFetchNothing(t *testing.T) {
	for _, s := range testDocsPage(t, true).Sections {
		for _, op := range s.Operations {
			if strings.HasPrefix(op.Path, "/v1/") && !op.Secured {
				t.Errorf("%s %s: not marked as needing a key", op.Method, op.Path)
			}
			if op.Live || op.Open {
				t.Errorf("%s %s: live %v, open %v; want neither", op.Method, op.Path, op.Live, op.Open)
			}
			if op.Body == nil {
				continue
			}
			for _, ex := range op.Body.Examples {
				if ex.Runnable {
					t.Errorf("%s %s: example %q is runnable", op.Method, op.Path, ex.Summary)
				}
			}
		}
	}
	data, err := OpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	// The same markers on the open page, so their absence below means something.
	for _, authReads := range []bool{false, true} {
		page, err := renderDocs(data, authReads)
		if err != nil {
			t.Fatal(err)
		}
		html := string(page)
		for _, marker := range []string{`<details class="live"`, `class="run"`} {
			if strings.Contains(html, marker) == authReads {
				t.Errorf("auth reads %v: the page has %s: %v", authReads, marker, !authReads)
			}
		}
		if strings.Contains(html, `id="auth-reads"`) != authReads {
			t.Errorf("auth reads %v: the page's note that reads need a key: %v", authReads, !authReads)
		}
	}
}

func TestRenderDocsRefusesABrokenDocument(t *testing.T) {
	if _, err := renderDocs([]byte(`{"paths": `), false); err == nil {
		t.Error("renderDocs of a cut-off document: no error")
	}
}

func TestRealPathValue(t *testing.T) {
	names := map[string]any{"enum": []any{"members_list_by_bloc", "suspicions_list_by_bloc"}}
	for _, tc := range []struct {
		name, value string
		schema      map[string]any
		want        bool
	}{
		{"id", "oleg-khramov", nil, true},                           // in paramExamples, so in the seed
		{"id", "prop-20261129T170000.000000Z-0a1b2c3d", nil, false}, // made up for the reader
		{"name", "suspicions_list_by_bloc", names, true},            // one the route takes
		{"name", "no_such_query", names, false},
		{"filepath", "app.js", map[string]any{"type": "string"}, false}, // not graph data
	} {
		if got := realPathValue(tc.name, tc.value, tc.schema); got != tc.want {
			t.Errorf("realPathValue(%q, %q) = %v, want %v", tc.name, tc.value, got, tc.want)
		}
	}
}
