package main

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cyberkg/cyberkg/internal/neo4jtest"
	"github.com/cyberkg/cyberkg/internal/syncbuf"
	"github.com/cyberkg/cyberkg/queries"
)

// testEnv points run at the test Neo4j, as NEO4J_* variables would, with
// any more variables given as NAME, VALUE pairs.
func testEnv(t *testing.T, more ...string) func(string) string {
	t.Helper()
	neo4jtest.Empty(t)
	env := map[string]string{
		"NEO4J_URI":      os.Getenv("NEO4J_TEST_URI"),
		"NEO4J_USERNAME": os.Getenv("NEO4J_TEST_USERNAME"),
		"NEO4J_PASSWORD": os.Getenv("NEO4J_TEST_PASSWORD"),
		"CYBERKG_ADDR":   "127.0.0.1:0",
	}
	for i := 0; i+1 < len(more); i += 2 {
		env[more[i]] = more[i+1]
	}
	return func(k string) string { return env[k] }
}

// serving is a cyberkg serving the API in the test, from run(ctx, args…).
type serving struct {
	base           string // http://127.0.0.1:port
	cancel         context.CancelFunc
	done           chan error
	stdout, stderr *syncbuf.Buffer
}

// startServing runs the command (up or serve, with flags) on the test Neo4j
// and waits until it is healthy; cancel stops it.
func startServing(t *testing.T, args ...string) *serving {
	t.Helper()
	return startServingEnv(t, testEnv(t), args...)
}

func startServingEnv(t *testing.T, getenv func(string) string, args ...string) *serving {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	s := &serving{cancel: cancel, done: make(chan error, 1), stdout: &syncbuf.Buffer{}, stderr: &syncbuf.Buffer{}}
	go func() { s.done <- run(ctx, args, getenv, s.stdout, s.stderr) }()
	s.base = waitForURL(t, s.stdout, s.stderr, s.done)
	waitHealthy(t, s.base+"/healthz")
	return s
}

func TestUpServesTheSeededGraphAndShutsDownCleanly(t *testing.T) {
	s := startServing(t, "up")
	base, cancel, done, stdout, stderr := s.base, s.cancel, s.done, s.stdout, s.stderr

	res, err := http.Get(base + "/v1/queries/members_with_agreement_by_bloc?as_of=2021-06-28")
	if err != nil {
		t.Fatal(err)
	}
	var answer struct {
		Rows []map[string]any `json:"rows"`
	}
	err = json.NewDecoder(res.Body).Decode(&answer)
	res.Body.Close()
	if err != nil || res.StatusCode != 200 || len(answer.Rows) != 4 {
		t.Errorf("headline through 'cyberkg up' = %d, %d rows, %v; want 200 with 4 rows", res.StatusCode, len(answer.Rows), err)
	}
	res, err = http.Get(base + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("GET /readyz after up = %d, want 200", res.StatusCode)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run(up) after cancel = %v, want nil (graceful shutdown)", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("run(up) did not return within 20s of cancel")
	}
	if strings.Contains(stdout.String()+stderr.String(), os.Getenv("NEO4J_TEST_PASSWORD")) && os.Getenv("NEO4J_TEST_PASSWORD") != "" {
		t.Errorf("the output or the log contains the Neo4j password") // more cases: TestSecretsStayOutOfHelpLogsAndErrors
	}
}

var listening = regexp.MustCompile(`cyberkg API:\s+(http://\S+)`)

func waitForURL(t *testing.T, stdout, stderr *syncbuf.Buffer, done chan error) string {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if m := listening.FindStringSubmatch(stdout.String()); m != nil {
			return m[1]
		}
		select {
		case err := <-done:
			t.Fatalf("run(up) returned %v before serving; stderr:\n%s", err, stderr.String())
		case <-time.After(50 * time.Millisecond):
		}
	}
	t.Fatalf("run(up) printed no URL in 60s; stdout:\n%s\nstderr:\n%s", stdout.String(), stderr.String())
	return ""
}

func waitHealthy(t *testing.T, url string) {
	t.Helper()
	for i := 0; i < 100; i++ {
		if res, err := http.Get(url); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%s never answered 200", url)
}

func TestQueryCommandPrintsATable(t *testing.T) {
	getenv := testEnv(t)
	var stdout, stderr syncbuf.Buffer
	ctx := context.Background()
	if err := run(ctx, []string{"migrate"}, getenv, &stdout, &stderr); err != nil {
		t.Fatalf("run(migrate) = %v; stderr: %s", err, stderr.String())
	}
	if err := run(ctx, []string{"seed"}, getenv, &stdout, &stderr); err != nil {
		t.Fatalf("run(seed) = %v; stderr: %s", err, stderr.String())
	}
	stdout = syncbuf.Buffer{}
	if err := run(ctx, []string{"query", "members_list_by_bloc", "-p", "bloc=BRICS", "-p", "as_of=2021-06-28"}, getenv, &stdout, &stderr); err != nil {
		t.Fatalf("run(query) = %v", err)
	}
	out := stdout.String()
	for _, want := range []string{"MEMBER", "BRA", "ZAF", "(5 rows)"} {
		if !strings.Contains(out, want) {
			t.Errorf("query table output lacks %q:\n%s", want, out)
		}
	}
	stdout = syncbuf.Buffer{}
	if err := run(ctx, []string{"query", "members_list_by_bloc", "--format", "json"}, getenv, &stdout, &stderr); err != nil {
		t.Fatalf("run(query --format json) = %v", err)
	}
	var answer map[string]any
	if err := json.Unmarshal([]byte(stdout.String()), &answer); err != nil || answer["row_count"] == nil {
		t.Errorf("query --format json printed %q (%v), want a JSON answer with row_count", stdout.String(), err)
	}
}

func TestCommandErrorsNameTheProblem(t *testing.T) {
	getenv := func(string) string { return "" }
	dir := t.TempDir()
	broken := "memberships:\n  - country: RUS\n    bloc: BRICS\n    since: 2021-02-30\n    sources: [x]\n"
	if err := os.WriteFile(filepath.Join(dir, "10-broken.yaml"), []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	article := filepath.Join(dir, "article.txt")
	if err := os.WriteFile(article, []byte("Rusia dan Indonesia siap menandatangani perjanjian."), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"seed", "--check", "--dir", dir}, "10-broken.yaml:4"},
		{[]string{"seed", "--check", "--dir", filepath.Join(dir, "missing")}, "not a readable folder"},
		{[]string{"query", "no_such_query"}, `no query named "no_such_query"`},
		{[]string{"query", "members_list_by_bloc", "-p", "bloc"}, "want NAME=VALUE"},
		{[]string{"query", "--format", "xml"}, "want table or json"},
		{[]string{"serve", "--log-level", "loud"}, "--log-level"},
		{[]string{"serve", "--cypher-rows", "20000"}, "--cypher-max-*"},
		{[]string{"serve", "--drain-delay", "-1s"}, "--drain-delay must be 0 or more"},
		{[]string{"serve", "--memory-limit", "-5"}, "--memory-limit must be 0 (none) or a size in MiB"},
		{[]string{"serve", "--cache", "-1"}, "--cache must be 0 (none) or a size in MiB"},
		{[]string{"query", "agreements_list_by_party", "--limit", "0"}, "--limit 0: want 1 to 1000"},
		{[]string{"ingest", "--lang", "fr", "--published", "2021-06-28", article}, "lang is id, ru, en or auto"},
		{[]string{"ingest", "--published", "2021-06-28", "-"}, "the article is empty"},
		{[]string{"ingest", "--published", "28/06/2021", article}, "want YYYY-MM-DD"},
		{[]string{"no-such-command"}, "unknown command"},
	}
	for _, tt := range tests {
		var stdout, stderr syncbuf.Buffer
		err := run(context.Background(), tt.args, getenv, &stdout, &stderr)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("run(%q) = %v, want an error containing %q", tt.args, err, tt.want)
		}
	}
	var stdout syncbuf.Buffer
	if err := run(context.Background(), []string{"seed", "--check"}, getenv, &stdout, &stdout); err != nil || !strings.Contains(stdout.String(), "seed OK") {
		t.Errorf("run(seed --check) on the built-in seed = %v, %q; want seed OK", err, stdout.String())
	}
}

func TestBrokenSeedLeavesTheDatabaseAsItWas(t *testing.T) {
	neo4jtest.Seeded(t)
	before := neo4jtest.Dump(t)
	getenv := func(k string) string {
		return map[string]string{
			"NEO4J_URI":      os.Getenv("NEO4J_TEST_URI"),
			"NEO4J_USERNAME": os.Getenv("NEO4J_TEST_USERNAME"),
			"NEO4J_PASSWORD": os.Getenv("NEO4J_TEST_PASSWORD"),
		}[k]
	}
	// A copy of the real seed with one bad reference in its last file.
	dir := t.TempDir()
	entries, err := os.ReadDir("../../seed/data")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join("../../seed/data", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	broken := "memberships:\n  - country: RUS\n    bloc: NATO\n    since: 2021\n    sources: [src-nextcloud-khramov-2021]\n"
	if err := os.WriteFile(filepath.Join(dir, "99-broken.yaml"), []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr syncbuf.Buffer
	err = run(context.Background(), []string{"seed", "--dir", dir}, getenv, &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), `99-broken.yaml:3: "NATO" is not defined`) {
		t.Errorf("run(seed --dir broken) = %v, want the file, line and reason", err)
	}
	if after := neo4jtest.Dump(t); after != before {
		t.Error("a refused seed changed the database")
	}
}

func TestBenchPrintsEveryQuery(t *testing.T) {
	getenv := testEnv(t)
	var stdout, stderr syncbuf.Buffer
	ctx := context.Background()
	for _, args := range [][]string{{"migrate"}, {"seed"}} {
		if err := run(ctx, args, getenv, &stdout, &stderr); err != nil {
			t.Fatalf("run(%v) = %v", args, err)
		}
	}
	stdout = syncbuf.Buffer{}
	if err := run(ctx, []string{"bench", "-n", "5"}, getenv, &stdout, &stderr); err != nil {
		t.Fatalf("run(bench) = %v; stderr: %s", err, stderr.String())
	}
	for _, q := range queries.All {
		if !regexp.MustCompile(`(?m)^` + q.Name + `\s+[0-9.]+\s+[0-9.]+\s+[0-9.]+\s+[0-9.]+`).MatchString(stdout.String()) {
			t.Errorf("bench output has no figures for %s:\n%s", q.Name, stdout.String())
		}
	}
	if err := run(ctx, []string{"bench", "-n", "1"}, getenv, &stdout, &stderr); err == nil {
		t.Error("run(bench -n 1) = nil, want a refusal: too few runs for percentiles")
	}
}
