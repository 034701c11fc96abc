package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/cyberkg/cyberkg/auth"
	"github.com/cyberkg/cyberkg/internal/syncbuf"
)

// TestMain lets a test start this binary as cyberkg itself, in a process of
// its own, as a load balancer's API processes are.
func TestMain(m *testing.M) {
	if os.Getenv("CYBERKG_TEST_AS_CLI") == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// startProcess runs cyberkg args in a process of its own with env, and
// waits until it serves.
func startProcess(t *testing.T, env func(string) string, args ...string) string {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "CYBERKG_TEST_AS_CLI=1")
	for _, k := range []string{"NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "CYBERKG_ADDR", "CYBERKG_API_KEYS"} {
		cmd.Env = append(cmd.Env, k+"="+env(k))
	}
	stdout, stderr := &syncbuf.Buffer{}, &syncbuf.Buffer{}
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("cyberkg %s did not stop cleanly: %v\n%s", args[0], err, stderr.String())
			}
		case <-time.After(30 * time.Second):
			_ = cmd.Process.Kill()
		}
	})
	base := waitForURL(t, stdout, stderr, done)
	waitHealthy(t, base+"/healthz")
	return base
}

// Two API processes on one database, each with its answer cache: a write
// acknowledged by one is in the very next answer of the other, for now and
// for known_on; an unchanged graph is answered from the cache.
func TestTwoProcessesNeverServeAStaleAnswer(t *testing.T) {
	token, line, err := auth.NewKey("cache-test", auth.Editor)
	if err != nil {
		t.Fatal(err)
	}
	env := testEnv(t, "CYBERKG_API_KEYS", line)
	writer := startProcess(t, env, "up")
	reader := startProcess(t, env, "serve")

	write := func(id, said string) time.Time {
		t.Helper()
		body := fmt.Sprintf(`{"statements":[{"id":%q,"by":"RUS","about":["IDN"],"said_on":%q,"summary":"A statement written to test the cache.","kind":"010","confidence":50,"sources":["src-nextcloud-khramov-2021"]}]}`, id, said)
		req, _ := http.NewRequest(http.MethodPost, writer+"/v1/statements", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var report struct {
			At time.Time `json:"recorded_at"`
		}
		if err := json.NewDecoder(res.Body).Decode(&report); err != nil || res.StatusCode != http.StatusCreated {
			t.Fatalf("write %s: %d, %v", id, res.StatusCode, err)
		}
		return report.At
	}
	ask := func(params url.Values) (statements []string, cache string) {
		t.Helper()
		res, err := http.Get(reader + "/v1/queries/statements_list_by_speaker?" + params.Encode())
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var answer struct {
			Rows []struct {
				Statement string `json:"statement"`
			} `json:"rows"`
		}
		if err := json.NewDecoder(res.Body).Decode(&answer); err != nil || res.StatusCode != http.StatusOK {
			t.Fatalf("ask %v: %d, %v", params, res.StatusCode, err)
		}
		for _, r := range answer.Rows {
			statements = append(statements, r.Statement)
		}
		return statements, res.Header.Get("X-Cache")
	}
	now := url.Values{"speaker": {"RUS"}}
	first := write("stm-cache-1", "2026-01-01")
	for i, want := range []string{"miss", "hit", "hit"} {
		if got, cache := ask(now); fmt.Sprint(got) != "[stm-cache-1]" || cache != want {
			t.Errorf("ask %d before the second write = %v (%s), want [stm-cache-1] (%s)", i+1, got, cache, want)
		}
	}
	then := url.Values{"speaker": {"RUS"}, "known_on": {first.Add(time.Millisecond).Format(time.RFC3339Nano)}}
	if got, _ := ask(then); fmt.Sprint(got) != "[stm-cache-1]" {
		t.Errorf("known_on just after the first write = %v, want [stm-cache-1]", got)
	}
	if _, cache := ask(then); cache != "hit" {
		t.Errorf("the same known_on question again: %s, want a hit", cache)
	}

	write("stm-cache-2", "2026-01-02") // through the other process
	if got, cache := ask(now); fmt.Sprint(got) != "[stm-cache-1 stm-cache-2]" || cache != "miss" {
		t.Errorf("ask right after the other process acknowledged a write = %v (%s), want both statements (miss)", got, cache)
	}
	if got, cache := ask(now); fmt.Sprint(got) != "[stm-cache-1 stm-cache-2]" || cache != "hit" {
		t.Errorf("ask again = %v (%s), want both statements (hit)", got, cache)
	}
	if got, cache := ask(then); fmt.Sprint(got) != "[stm-cache-1]" || cache != "miss" {
		t.Errorf("known_on before the second write, after it = %v (%s), want only the first (miss: the version moved)", got, cache)
	}

	// An entity, from the same cache: its count of statements by it moves
	// with a write through the other process.
	byRUS := func() (count int, cache string) {
		t.Helper()
		res, err := http.Get(reader + "/v1/entities/RUS")
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var e struct {
			LinkGroups []struct {
				Type, Direction string
				Count           int
			} `json:"link_groups"`
		}
		if err := json.NewDecoder(res.Body).Decode(&e); err != nil || res.StatusCode != http.StatusOK {
			t.Fatalf("GET /v1/entities/RUS: %d, %v", res.StatusCode, err)
		}
		for _, g := range e.LinkGroups {
			if g.Type == "BY" && g.Direction == "in" {
				count = g.Count
			}
		}
		return count, res.Header.Get("X-Cache")
	}
	defer func() {
		if n, cache := byRUS(); n != 2 || cache != "miss" {
			t.Errorf("RUS's statements = %d (%s), want 2 (miss)", n, cache)
		}
		if n, cache := byRUS(); n != 2 || cache != "hit" {
			t.Errorf("RUS's statements again = %d (%s), want 2 (hit)", n, cache)
		}
		write("stm-cache-3", "2026-01-03")
		if n, cache := byRUS(); n != 3 || cache != "miss" {
			t.Errorf("RUS's statements after a write through the other process = %d (%s), want 3 (miss)", n, cache)
		}
	}()

	res, err := http.Get(reader + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	text, _ := io.ReadAll(res.Body)
	res.Body.Close()
	for _, want := range []string{`cyberkg_answer_cache_requests_total{result="hit"} 4`, `cyberkg_answer_cache_requests_total{result="miss"} 4`} {
		if !strings.Contains(string(text), want) {
			t.Errorf("the reader's metrics lack %s", want)
		}
	}
}
