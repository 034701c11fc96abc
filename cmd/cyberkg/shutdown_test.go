package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/cyberkg/cyberkg/auth"
	"github.com/cyberkg/cyberkg/internal/neo4jtest"
)

// SIGTERM under load: writers and readers keep sending while the server
// shuts down. A slow request in flight at SIGTERM gets its whole answer;
// every later request gets a whole answer, a 503 saying the server is
// going, or finds the port closed (or, at the instant the listener closes,
// a connection the kernel had queued is dropped unanswered: never
// acknowledged, so a client retries it, with an Idempotency-Key if a
// write); and every write the server acknowledged is in the graph after.
func TestShutdownUnderLoadLosesNoAcknowledgedRequest(t *testing.T) {
	token, line, err := auth.NewKey("shutdown-test", auth.Editor)
	if err != nil {
		t.Fatal(err)
	}
	s := startServingEnv(t, testEnv(t, "CYBERKG_API_KEYS", line), "up", "--drain-delay", "500ms")
	// A fresh connection per request: a refused dial is then the only way a
	// request can fail to reach the server, never a reused connection the
	// server is closing.
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 30 * time.Second}

	var (
		mu       sync.Mutex
		written  []string // statements the server acknowledged
		outcomes = map[string]int{}
		troubles []string
		wg       sync.WaitGroup
		stop     = make(chan struct{})
		stopping atomic.Bool
	)
	send := func(worker, n int, write bool) bool {
		var req *http.Request
		id := fmt.Sprintf("stm-shutdown-%d-%d", worker, n)
		if write {
			body := fmt.Sprintf(`{"statements":[{"id":%q,"by":"RUS","said_on":"2026-01-01","summary":"A statement written while the server shuts down.","kind":"010","confidence":50,"sources":["src-nextcloud-khramov-2021"]}]}`, id)
			req, _ = http.NewRequest(http.MethodPost, s.base+"/v1/statements", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+token)
		} else {
			req, _ = http.NewRequest(http.MethodGet, s.base+"/v1/queries/members_with_agreement_by_bloc?as_of=2021-06-28", nil)
		}
		res, err := client.Do(req)
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			switch {
			case errors.Is(err, syscall.ECONNREFUSED):
				outcomes["refused"]++
				return false // the port is closed: the server is gone
			case stopping.Load():
				outcomes["dropped unanswered as the listener closed"]++
				return true
			default:
				troubles = append(troubles, fmt.Sprintf("%s %s before SIGTERM: %v", req.Method, req.URL.Path, err))
				return false
			}
		}
		defer res.Body.Close()
		var answer map[string]any
		if err := json.NewDecoder(res.Body).Decode(&answer); err != nil {
			troubles = append(troubles, fmt.Sprintf("%s %s: %d with a broken body: %v", req.Method, req.URL.Path, res.StatusCode, err))
			return false
		}
		outcomes[fmt.Sprint(res.StatusCode)]++
		switch {
		case res.StatusCode == http.StatusServiceUnavailable:
			if res.Header.Get("Retry-After") == "" || !strings.Contains(fmt.Sprint(answer["detail"]), "shutting down") {
				troubles = append(troubles, fmt.Sprintf("a 503 without Retry-After or reason: %v %v", res.Header, answer))
			}
		case write && res.StatusCode == http.StatusCreated:
			written = append(written, id)
		case !write && res.StatusCode == http.StatusOK:
		default:
			troubles = append(troubles, fmt.Sprintf("%s %s: %d %v", req.Method, req.URL.Path, res.StatusCode, answer))
		}
		return true
	}
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; ; n++ {
				select {
				case <-stop:
					return
				default:
				}
				if !send(w, n, w%2 == 0) {
					return
				}
			}
		}()
	}
	time.Sleep(1500 * time.Millisecond)
	// A request in flight across SIGTERM: its body's first half is sent
	// before, the rest after the listener has closed. Whatever the
	// machine's speed, it is in flight then.
	slow := make(chan string, 1)
	body, rest := io.Pipe()
	go func() {
		res, err := client.Post(s.base+"/v1/cypher", "application/json", body)
		if err != nil {
			slow <- err.Error()
			return
		}
		defer res.Body.Close()
		dec := json.NewDecoder(res.Body)
		dec.UseNumber()
		var answer map[string]any
		_ = dec.Decode(&answer)
		slow <- fmt.Sprint(res.StatusCode, " ", answer["rows"])
	}()
	if _, err := rest.Write([]byte(`{"statement": "RETURN 42 AS n", `)); err != nil {
		t.Fatal(err)
	}
	waitInFlight(t, s.base, "/v1/cypher")
	stopping.Store(true)
	// As SIGTERM does: run's context ends. Past the drain delay, the
	// listener is closed when the body's rest is sent.
	s.cancel()
	time.Sleep(700 * time.Millisecond)
	if _, err := rest.Write([]byte(`"timeout_ms": 5000}`)); err != nil {
		t.Errorf("the rest of the in-flight request's body: %v", err)
	}
	rest.Close()
	select {
	case err := <-s.done:
		if err != nil {
			t.Errorf("run(up) after SIGTERM = %v, want a clean exit", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("run(up) did not return within 30s of SIGTERM")
	}
	close(stop)
	wg.Wait()
	if got := <-slow; got != "200 [map[n:42]]" {
		t.Errorf("the request in flight across SIGTERM: %s, want 200 with its answer", got)
	}
	t.Logf("requests while shutting down: %v; %d writes acknowledged", outcomes, len(written))
	for _, trouble := range troubles {
		t.Error(trouble)
	}
	if len(written) == 0 || outcomes["503"] == 0 {
		t.Errorf("outcomes %v, %d writes: want acknowledged writes, and 503s while draining", outcomes, len(written))
	}
	if conn, err := net.Dial("tcp", strings.TrimPrefix(s.base, "http://")); err == nil {
		conn.Close()
		t.Error("the port still accepts connections after the server returned")
	}
	stored := neo4jtest.QueryParams(t, "MATCH (s:Statement) WHERE s.id IN $ids RETURN count(DISTINCT s.id)", map[string]any{"ids": written})
	if stored != fmt.Sprint(len(written)) {
		t.Errorf("%s of the %d acknowledged writes are in the graph", stored, len(written))
	}
	if !strings.Contains(s.stderr.String(), "draining") {
		t.Error("no 'draining' in the log")
	}
}

// waitInFlight waits until the server says a request on route is being
// served (cyberkg_http_requests_in_flight), however slow the machine.
func waitInFlight(t *testing.T, base, route string) {
	t.Helper()
	want := fmt.Sprintf(`cyberkg_http_requests_in_flight{route=%q} 1`, route)
	for range 600 {
		res, err := http.Get(base + "/metrics")
		if err == nil {
			text, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if strings.Contains(string(text), want) {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("no request on %s in flight after 30 s", route)
}
