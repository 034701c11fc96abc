package api_test

import (
	"html"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/cyberkg/cyberkg/internal/neo4jtest"
)

// Every example the /docs page asks the server for, as a reader opens it or
// presses Run, answers 200 from the seed graph: a dead example (an id made up
// for the reader) fails here rather than on the page.
func TestDocsLiveExamplesAnswer(t *testing.T) {
	srv := newTestServer(t, neo4jtest.Seeded(t))
	res, err := http.Get(srv.URL + "/docs")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("GET /docs = %d", res.StatusCode)
	}
	live := regexp.MustCompile(`<details class="live" data-url="([^"]+)"`).FindAllSubmatch(page, -1)
	// The catalog's queries, the catalog, the reads, the review queue and the trail.
	if len(live) < 20 {
		t.Fatalf("the page has %d live examples, want at least 20", len(live))
	}
	for _, m := range live {
		url := html.UnescapeString(string(m[1]))
		req, err := http.NewRequest(http.MethodGet, srv.URL+url, nil)
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
		req, err := http.NewRequest(http.MethodPost, srv.URL+url, strings.NewReader(body))
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
