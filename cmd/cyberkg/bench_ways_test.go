package main

import (
	"context"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/cyberkg/cyberkg/internal/syncbuf"
)

// testNeo4jHTTP is the HTTP address of the test Neo4j, whose Query API
// bench ways asks: NEO4J_TEST_HTTP_URL, or the test server's host with the
// HTTP port scripts/test gave the local server.
func testNeo4jHTTP(t *testing.T) string {
	t.Helper()
	if u := os.Getenv("NEO4J_TEST_HTTP_URL"); u != "" {
		return u
	}
	bolt, err := url.Parse(os.Getenv("NEO4J_TEST_URI"))
	port := os.Getenv("NEO4J_LOCAL_HTTP_PORT")
	if err != nil || bolt.Hostname() == "" || port == "" {
		if os.Getenv("CYBERKG_REQUIRE_NEO4J") == "1" {
			t.Fatal("the test Neo4j's HTTP address is unknown: set NEO4J_TEST_HTTP_URL, or NEO4J_TEST_URI and NEO4J_LOCAL_HTTP_PORT (scripts/test does)")
		}
		t.Skip("integration test: set NEO4J_TEST_URI and NEO4J_LOCAL_HTTP_PORT (scripts/test starts a throwaway Neo4j and sets them)")
	}
	return "http://" + bolt.Hostname() + ":" + port
}

// seededEnv is testEnv with the schema applied and the seed loaded, as
// the CLI does them.
func seededEnv(t *testing.T, more ...string) func(string) string {
	t.Helper()
	getenv := testEnv(t, more...)
	var out syncbuf.Buffer
	for _, args := range [][]string{{"migrate"}, {"seed"}} {
		if err := run(context.Background(), args, getenv, &out, &out); err != nil {
			t.Fatalf("run(%v) = %v\n%s", args, err, out.String())
		}
	}
	return getenv
}

func TestBenchWaysTimesTheThreeWays(t *testing.T) {
	getenv := seededEnv(t, "NEO4J_HTTP_URL", testNeo4jHTTP(t))
	ctx := context.Background()
	var stdout, stderr syncbuf.Buffer
	args := []string{"bench", "ways", "--duration", "500ms", "--warmup", "100ms", "--rounds", "2", "--concurrency", "1,2", "--cache"}
	if err := run(ctx, args, getenv, &stdout, &stderr); err != nil {
		t.Fatalf("run(%q) = %v; stderr: %s", args, err, stderr.String())
	}
	out := stdout.String()
	if !strings.Contains(out, "members_with_agreement_by_bloc?as_of=2021-06-28&bloc=BRICS&country=RUS: 4 rows each way") {
		t.Errorf("bench ways output does not name the default question and its 4 rows:\n%s", out)
	}
	for _, c := range []string{"1", "2"} {
		for _, way := range []string{wayAPI, wayDriver, wayQueryAPI, wayCached} {
			// concurrency, way, requests (not 0), rps, p50, p95, p99, failures (0)
			row := regexp.MustCompile(`(?m)^\s*` + c + `\s+` + way + `\s+[1-9][0-9]*\s+[0-9]+\s+[0-9.]+\s+[0-9.]+\s+[0-9.]+\s+0\s`)
			if !row.MatchString(out) {
				t.Errorf("bench ways output has no row with requests and no failures for %s at concurrency %s:\n%s", way, c, out)
			}
		}
		ratios := regexp.MustCompile(`(?m)^concurrency ` + c + `: api p50 / driver p50 = [0-9.]+ .*; api rps / query-api rps = [0-9.]+ .*; api-hit rps / query-api rps = [0-9.]+ `)
		if !ratios.MatchString(out) {
			t.Errorf("bench ways output has no ratios for concurrency %s:\n%s", c, out)
		}
	}
}

func TestBenchWaysFlagErrorsNameTheFlag(t *testing.T) {
	// Nothing listens where Neo4j is said to be: the flags are checked first.
	port := closedPort(t)
	getenv := func(k string) string {
		if k == "NEO4J_URI" {
			return "bolt://127.0.0.1:" + port
		}
		return ""
	}
	tests := []struct {
		flags []string
		want  string
	}{
		{[]string{"--concurrency", "0"}, `--concurrency "0": want whole numbers`},
		{[]string{"--concurrency", "1,x"}, `--concurrency "1,x"`},
		{[]string{"--duration", "0s"}, "--duration 0s: want a positive time"},
		{[]string{"--warmup", "-1s"}, "--warmup -1s"},
		{[]string{"--rounds", "0"}, "--rounds 0: want at least 1"},
		{[]string{"--profile-concurrency", "0"}, "--profile-concurrency 0"},
		{[]string{"--neo4j-http", "localhost:7474"}, `--neo4j-http "localhost:7474"`},
		{[]string{"--question", "no_such_query"}, `--question "no_such_query": no catalog query`},
		{[]string{"--param", "bloc"}, `--param "bloc": want NAME=VALUE`},
		{[]string{"--param", "speaker=x"}, `--param "speaker=x": no question here takes a parameter "speaker"`},
		{[]string{"--param", "as_of=yesterday"}, `--param "as_of=yesterday": parameter "as_of"`},
		{[]string{"--question", "members_list_by_bloc", "--param", "bloc=" + strings.Repeat("x", 300)}, `--param "bloc=xxx`},
	}
	for _, tt := range tests {
		args := append([]string{"bench", "ways"}, tt.flags...)
		var stdout, stderr syncbuf.Buffer
		err := run(context.Background(), args, getenv, &stdout, &stderr)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("run(%q) = %v, want an error containing %q", args, err, tt.want)
		}
	}
}
