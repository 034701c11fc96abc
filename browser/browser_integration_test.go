package browser_test

import (
	"os"
	"regexp"
	"testing"

	"github.com/cyberkg/cyberkg/browser"
	"github.com/cyberkg/cyberkg/internal/neo4jtest"
)

// scripts/test starts the test Neo4j configured as scripts/run configures the
// user's: Browser must be told to load the style and guide from the API.
func TestLocalNeo4jTellsBrowserToLoadTheGuide(t *testing.T) {
	neo4jtest.Driver(t)
	if os.Getenv("NEO4J_LOCAL_BROWSER_POST_CONNECT") == "" {
		t.Skip("the test Neo4j was not started by scripts/test")
	}
	got := neo4jtest.Query(t, "CALL dbms.clientConfig() YIELD name, value WHERE name = 'browser.post_connect_cmd' RETURN value")
	// scripts/test points Browser at the API it starts, on a port it picks.
	port := regexp.MustCompile(`^style http://localhost:(\d+)/`).FindStringSubmatch(got)
	if port == nil {
		t.Fatalf("browser.post_connect_cmd = %q, want the style and guide from cyberkg on localhost", got)
	}
	if want := browser.PostConnect("http://localhost:" + port[1]); got != want {
		t.Errorf("browser.post_connect_cmd = %q, want %q", got, want)
	}
	if want := os.Getenv("NEO4J_LOCAL_BROWSER_POST_CONNECT"); got != want {
		t.Errorf("browser.post_connect_cmd = %q, but scripts/test configured %q", got, want)
	}
}
