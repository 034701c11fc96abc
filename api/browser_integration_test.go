package api_test

import (
	"html"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/internal/neo4jtest"
)

var runnable = regexp.MustCompile(`(?s)<pre class="pre-scrollable code runnable">(.*?)</pre>`)

// get returns a response's status, headers and body as text.
func get(t *testing.T, url string) (int, http.Header, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, string(body)
}

func TestBrowserGuideRunsOnTheSeedGraph(t *testing.T) {
	srv := newTestServer(t, neo4jtest.Seeded(t))
	status, header, guide := get(t, srv.URL+"/browser/guide.html")
	if status != 200 || header.Get("Access-Control-Allow-Origin") != "*" {
		t.Fatalf("GET /browser/guide.html = %d, CORS %q; want 200 open to Browser's origin", status, header.Get("Access-Control-Allow-Origin"))
	}
	statements := runnable.FindAllStringSubmatch(guide, -1)
	if len(statements) < 8 {
		t.Fatalf("the guide has %d runnable statements, want the schema and the headline questions", len(statements))
	}
	// Every statement in the guide must pass our own read-only guard and return rows.
	for _, m := range statements {
		st := html.UnescapeString(m[1])
		r := postCypher(t, srv.URL, map[string]any{"statement": st})
		if r.status != 200 {
			t.Errorf("guide statement fails: %d %v\n%s", r.status, r.body["detail"], st)
			continue
		}
		if r.body["row_count"] == float64(0) {
			t.Errorf("guide statement returns no rows on the seed graph:\n%s", st)
		}
	}
}

func TestBrowserStyleCoversEveryKind(t *testing.T) {
	srv := newTestServer(t, neo4jtest.Seeded(t))
	status, header, style := get(t, srv.URL+"/browser/cyberkg.grass")
	if status != 200 || header.Get("Access-Control-Allow-Origin") != "*" {
		t.Fatalf("GET /browser/cyberkg.grass = %d, CORS %q", status, header.Get("Access-Control-Allow-Origin"))
	}
	if strings.Count(style, "{") != strings.Count(style, "}") {
		t.Error("the GraSS style has unbalanced braces")
	}
	for _, kind := range graph.KindLabels {
		rule := regexp.MustCompile(`(?s)node\.` + kind + ` \{[^}]*color: #[0-9A-Fa-f]{6};[^}]*caption: "[^"]*";`)
		if !rule.MatchString(style) {
			t.Errorf("the GraSS style has no colour and caption for :%s", kind)
		}
	}
}

// Neo4j Browser's fetches carry headers of their own (Sentry's tracing, and
// no-cache for guides), so Chromium asks first with a CORS preflight.
// web/test/neo4j-browser.test.mjs checks the same in the real Browser.
func TestBrowserFilesAnswerThePreflight(t *testing.T) {
	srv := newTestServer(t, failing(nil))
	for _, path := range []string{"/browser/guide.html", "/browser/cyberkg.grass"} {
		req, _ := http.NewRequest(http.MethodOptions, srv.URL+path, nil)
		req.Header.Set("Origin", "http://localhost:7474")
		req.Header.Set("Access-Control-Request-Method", "GET")
		req.Header.Set("Access-Control-Request-Headers", "sentry-trace,baggage,cache-control,pragma")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		h := res.Header
		if res.StatusCode != http.StatusNoContent || h.Get("Access-Control-Allow-Origin") != "*" {
			t.Errorf("OPTIONS %s (preflight) = %d, Allow-Origin %q; want 204, *", path, res.StatusCode, h.Get("Access-Control-Allow-Origin"))
		}
		if !strings.Contains(h.Get("Access-Control-Allow-Methods"), "GET") || h.Get("Access-Control-Max-Age") == "" {
			t.Errorf("OPTIONS %s (preflight): Allow-Methods %q, Max-Age %q", path, h.Get("Access-Control-Allow-Methods"), h.Get("Access-Control-Max-Age"))
		}
		allowed := strings.ToLower(h.Get("Access-Control-Allow-Headers"))
		for _, want := range []string{"sentry-trace", "baggage", "cache-control", "pragma"} {
			if !strings.Contains(allowed, want) {
				t.Errorf("OPTIONS %s (preflight): Allow-Headers %q lacks %s", path, allowed, want)
			}
		}
		if status, header, _ := get(t, srv.URL+path); status != 200 || header.Get("Access-Control-Allow-Origin") != "*" {
			t.Errorf("GET %s = %d, Allow-Origin %q; want 200, *", path, status, header.Get("Access-Control-Allow-Origin"))
		}
	}
}
