package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cyberkg/cyberkg/api"
	"github.com/cyberkg/cyberkg/graph/neo4jstore"
	"github.com/cyberkg/cyberkg/internal/neo4jtest"
)

// safe says whether an answer to a hostile ad-hoc request is one of the
// refusals the API promises: refused (400), lane full (429), time limit (504),
// or rows cut by the row cap. Which one fires first may depend on the machine.
func safe(r response) bool {
	switch r.status {
	case 400:
		return r.body["param"] == "statement"
	case 429:
		return r.header.Get("Retry-After") != ""
	case 504:
		return true
	case 200:
		return r.body["truncated"] == true
	}
	return false
}

// waitNoAdhocWork waits until Neo4j runs no ad-hoc transaction any more and
// returns how long that took.
func waitNoAdhocWork(t *testing.T, store *neo4jstore.Store, limit time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	for {
		ids, err := store.AdhocTransactions(context.Background())
		if err != nil {
			t.Fatalf("AdhocTransactions: %v", err)
		}
		if len(ids) == 0 {
			return time.Since(start)
		}
		if time.Since(start) > limit {
			t.Fatalf("Neo4j still runs ad-hoc transactions %v after %s", ids, limit)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func TestCypherFailuresOfTheUsersOwnValuesAre400(t *testing.T) {
	srv := newTestServer(t, neo4jtest.Seeded(t))
	for _, tt := range []struct{ name, body, param string }{
		{"timeout that overflows a duration", `{"statement": "RETURN 1 AS one", "timeout_ms": 9223372036855}`, "timeout_ms"},
		{"timeout that wraps to almost nothing", `{"statement": "RETURN 1 AS one", "timeout_ms": 18446744073710}`, "timeout_ms"},
		{"timeout past int64", `{"statement": "RETURN 1 AS one", "timeout_ms": 99999999999999999999}`, "timeout_ms"},
		{"rows past int64", `{"statement": "RETURN 1 AS one", "max_rows": 1e300}`, "max_rows"},
		{"negative substring", `{"statement": "RETURN substring(\"abc\", -1) AS s"}`, "statement"},
		{"slice past an int", `{"statement": "UNWIND [[1]] AS l RETURN l[0..9223372036854775807]"}`, "statement"},
		{"shortest path from a node to itself", `{"statement": "MATCH (a {id:'RUS'}) MATCH p=shortestPath((a)-[*]-(a)) RETURN p"}`, "statement"},
		{"5000 nested parentheses", `{"statement": "RETURN ` + strings.Repeat("(", 5000) + "1" + strings.Repeat(")", 5000) + `"}`, "statement"},
		{"4900 NOTs", `{"statement": "RETURN ` + strings.Repeat("NOT ", 4900) + `true"}`, "statement"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			res, err := http.Post(srv.URL+"/v1/cypher", "application/json", strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			r := decode(t, res)
			if r.status != 400 || r.body["param"] != tt.param {
				t.Errorf("POST /v1/cypher %.80s = %d %v, want 400 naming %q", tt.body, r.status, r.body, tt.param)
			}
			t.Logf("%d in %s: %v", r.status, time.Since(start).Round(time.Millisecond), r.body["detail"])
		})
	}
	// The lane is whole afterwards.
	if r := postCypher(t, srv.URL, map[string]any{"statement": "RETURN 1 AS one"}); r.status != 200 {
		t.Errorf("RETURN 1 after the failures = %d %v", r.status, r.body)
	}
}

func TestCypherTimeLimitHoldsInsideOneLongExpression(t *testing.T) {
	store := neo4jtest.Seeded(t)
	srv := newTestServer(t, store)
	// Neo4j does not interrupt one long expression when its transaction
	// times out; the API's own deadline answers at the limit and cuts the
	// connection, and the slot waits for the server to be done.
	long := "RETURN size(reduce(s = '', i IN range(1, 100000) | s + 'xxxxxxxxxx')) AS n"
	var wg sync.WaitGroup
	answers := make([]response, neo4jtest.LaneSize)
	took := make([]time.Duration, neo4jtest.LaneSize)
	for i := range answers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			start := time.Now()
			answers[i] = postCypher(t, srv.URL, map[string]any{"statement": long, "timeout_ms": 1000})
			took[i] = time.Since(start)
		}()
	}
	wg.Wait()
	for i, r := range answers {
		if r.status != 504 {
			t.Errorf("long expression %d = %d %v, want 504", i, r.status, r.body)
		}
		// Generous: the point is "near the limit", not "after the server is done" (7 s and more).
		if took[i] > 4*time.Second {
			t.Errorf("long expression %d answered after %s, want about 1s", i, took[i])
		}
	}
	t.Logf("answers after %v", took)
	// While Neo4j is still busy with all of them, their slots stay taken.
	r := postCypher(t, srv.URL, map[string]any{"statement": "RETURN 1 AS one"})
	running, err := store.AdhocTransactions(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	switch {
	case r.status == 429 && r.header.Get("Retry-After") != "":
		t.Logf("lane full while Neo4j finishes the cut-off statements: 429, Retry-After %s", r.header.Get("Retry-After"))
	case len(running) >= neo4jtest.LaneSize:
		t.Errorf("RETURN 1 = %d %v while Neo4j still runs all %d cut-off statements %v: want 429", r.status, r.body, neo4jtest.LaneSize, running)
	case r.status == 200:
		t.Logf("Neo4j had already finished a cut-off statement") // a fast machine
	default:
		t.Errorf("RETURN 1 right after = %d %v, want 429 or 200", r.status, r.body)
	}
	waited := waitNoAdhocWork(t, store, 3*time.Minute)
	t.Logf("Neo4j ran the cut-off statements for %s more", waited.Round(100*time.Millisecond))
	requireLaneWhole(t, srv.URL, store)
}

// requireLaneWhole checks that no slot was lost: once Neo4j runs nothing of
// ours, every slot comes back, and answers on a healthy connection.
func requireLaneWhole(t *testing.T, url string, store *neo4jstore.Store) {
	t.Helper()
	waitNoAdhocWork(t, store, 3*time.Minute)
	lane := neo4jtest.Lane(t)
	start := time.Now()
	for lane.Free() < lane.Size() {
		if time.Since(start) > 30*time.Second {
			t.Fatalf("%d of %d ad-hoc slots are still taken 30s after Neo4j ran nothing of ours", lane.Size()-lane.Free(), lane.Size())
		}
		time.Sleep(50 * time.Millisecond)
	}
	for i := range lane.Size() + 1 {
		if r := postCypher(t, url, map[string]any{"statement": "RETURN 1 AS one"}); r.status != 200 {
			t.Errorf("RETURN 1 (%d) with every slot free = %d %v, want 200", i, r.status, r.body)
		}
	}
}

func TestCypherTimeLimitCancelsWorkOnTheServer(t *testing.T) {
	store := neo4jtest.Seeded(t)
	srv := newTestServer(t, store)
	r := postCypher(t, srv.URL, map[string]any{"statement": "UNWIND range(1, 2000000000) AS x WITH x WHERE x < 0 RETURN count(x)", "timeout_ms": 1000})
	if r.status != 504 {
		t.Fatalf("a long computation = %d %v, want 504", r.status, r.body)
	}
	waited := waitNoAdhocWork(t, store, 30*time.Second)
	t.Logf("nothing of ours runs on the server %s after the 504", waited.Round(10*time.Millisecond))
}

// A client that gives up leaves no work behind: its transaction, which Neo4j
// would let run for its whole 30 s limit, is terminated at once.
func TestCypherClientThatLeavesLeavesNoWork(t *testing.T) {
	store := neo4jtest.Seeded(t)
	srv := newTestServer(t, store)
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	body := strings.NewReader(`{"statement": "UNWIND range(1, 2000000000) AS x WITH x WHERE x < 0 RETURN count(x)", "timeout_ms": 30000}`)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+"/v1/cypher", body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if res, err := http.DefaultClient.Do(req); err == nil {
		res.Body.Close()
		t.Fatalf("the request answered %d before the client left", res.StatusCode)
	}
	left := time.Now()
	waited := waitNoAdhocWork(t, store, 30*time.Second)
	if waited > 10*time.Second { // far below the statement's own 30 s
		t.Errorf("Neo4j ran the statement %s after its client left, want it terminated at once", waited)
	}
	t.Logf("nothing of ours runs on the server %s after the client left", time.Since(left).Round(10*time.Millisecond))
	// It is counted as a client that left (499), not as a database outage (503).
	want := `cyberkg_http_requests_total{method="POST",route="/v1/cypher",status="499"} 1`
	var metrics string
	for range 50 {
		_, _, metrics = get(t, srv.URL+"/metrics")
		if strings.Contains(metrics, want) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if !strings.Contains(metrics, want) || strings.Contains(metrics, `route="/v1/cypher",status="503"`) {
		t.Errorf("/metrics after the client left: want %s and no 503", want)
	}
	requireLaneWhole(t, srv.URL, store)
}

// postCypherLean is postCypher keeping only what safe reads of the body:
// the test client shares the process with the API, and a million values
// decoded into maps would be counted as the API's memory.
func postCypherLean(t *testing.T, url string, body any) response {
	t.Helper()
	res := sendCypher(t, url, body)
	if res == nil {
		return response{}
	}
	defer res.Body.Close()
	var lean struct {
		Param     string `json:"param"`
		Truncated bool   `json:"truncated"`
	}
	if err := json.NewDecoder(res.Body).Decode(&lean); err != nil {
		t.Errorf("POST /v1/cypher body is not JSON: %v", err)
	}
	return response{status: res.StatusCode, header: res.Header, body: map[string]any{"param": lean.Param, "truncated": lean.Truncated}}
}

// peakRSS returns the process's resident set now, in MB, after handing the
// earlier tests' garbage back to the OS, and a function that reads the peak
// reached since (Linux: /proc/self/clear_refs and VmRSS, VmHWM). The test
// process has run every other test of the package before this one, so only
// the growth above the baseline is the API's doing.
func peakRSS(t *testing.T) (baseline float64, peak func() float64) {
	t.Helper()
	runtime.GC()
	debug.FreeOSMemory()
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		t.Fatalf("reset the peak RSS: %v", err)
	}
	return procStatusMB(t, "VmRSS:"), func() float64 { return procStatusMB(t, "VmHWM:") }
}

// peakLiveHeap samples the live heap (what the last collection found
// reachable) until stop is called, and returns the baseline and the peak, in
// MB. Unlike the resident set, it does not depend on when the collector
// runs, so a busy machine cannot make it fail: fewer collections can only
// miss a peak, never invent one.
func peakLiveHeap() (baseline float64, stop func() float64) {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	read := func() float64 {
		metrics.Read(sample)
		return float64(sample[0].Value.Uint64()) / (1 << 20)
	}
	baseline = read()
	done, peakc := make(chan struct{}), make(chan float64)
	go func() {
		peak := baseline
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				peakc <- max(peak, read())
				return
			case <-tick.C:
				peak = max(peak, read())
			}
		}
	}()
	return baseline, func() float64 { close(done); return <-peakc }
}

func procStatusMB(t *testing.T, field string) float64 {
	t.Helper()
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(status), "\n") {
		if f := strings.Fields(line); len(f) == 3 && f[0] == field {
			kb, _ := strconv.Atoi(f[1])
			return float64(kb) / 1024
		}
	}
	t.Fatalf("no %s in /proc/self/status", field)
	return 0
}

func TestCypherHostileSuiteEightAtATimeStaysSmall(t *testing.T) {
	store := neo4jtest.Seeded(t)
	srv := newTestServer(t, store)
	before, beforeSchema := neo4jtest.Dump(t), schemaState(t)
	statements := []string{
		"RETURN range(1, 20000000) AS r",
		"RETURN range(1, 5000000) AS all_of_them",
		"UNWIND range(1, 50) AS x RETURN x, range(1, 100000) AS many",
		"UNWIND range(1, 100000000) AS x RETURN x",
		"UNWIND range(1, 200) AS x RETURN x, [i IN range(1, 4000) | 'value ' + i] AS strings",
		"MATCH (a), (b) RETURN a, b",
	}
	for _, h := range hostile {
		statements = append(statements, h.statement)
	}
	// As `cyberkg serve` runs it.
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(api.DefaultMemoryLimit))
	baseline, peak := peakRSS(t)
	liveBefore, livePeak := peakLiveHeap()
	jobs := make(chan string)
	var mu sync.Mutex
	outcomes := map[int]int{}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for st := range jobs {
				// As a client would: wait as Retry-After says while the lane is full.
				var r response
				for try := 0; try < 60; try++ {
					r = postCypherLean(t, srv.URL, map[string]any{"statement": st, "timeout_ms": 5000, "max_rows": 10000})
					if r.status != 429 {
						break
					}
					time.Sleep(time.Second)
				}
				mu.Lock()
				outcomes[r.status]++
				mu.Unlock()
				if r.status != 200 && !safe(r) {
					t.Errorf("POST /v1/cypher %.60q = %d %v, want a safe refusal", st, r.status, r.body)
				}
			}
		}()
	}
	// One huge row eight times at once, then the whole suite eight at a time.
	for range 8 {
		jobs <- statements[1]
	}
	for _, st := range statements {
		jobs <- st
	}
	close(jobs)
	wg.Wait()
	mb, live := peak(), livePeak()
	t.Logf("hostile suite, 8 at a time: %d requests, statuses %v; the test process (API in it): live heap %.0f MB before, peak %.0f MB (+%.0f MB); RSS %.0f MB before, peak %.0f MB (+%.0f MB)",
		len(statements)+8, outcomes, liveBefore, live, live-liveBefore, baseline, mb, mb-baseline)
	if live-liveBefore > 150 {
		t.Errorf("the live heap grew by %.0f MB (%.0f to %.0f MB), want under 150 MB", live-liveBefore, liveBefore, live)
	}
	if after := neo4jtest.Dump(t); after != before {
		t.Error("the hostile suite changed the graph")
	}
	if after := schemaState(t); after != beforeSchema {
		t.Errorf("the hostile suite changed the schema, users or databases")
	}
	requireLaneWhole(t, srv.URL, store)
}

func TestCypherLaneFullLeavesCatalogAlone(t *testing.T) {
	store := neo4jtest.Seeded(t)
	srv := newTestServer(t, store)
	slow := map[string]any{"statement": "UNWIND range(1, 2000000000) AS x WITH x WHERE x < 0 RETURN count(x)", "timeout_ms": 3000}
	var wg sync.WaitGroup
	var mu sync.Mutex
	adhoc := map[int]int{}
	for range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := postCypher(t, srv.URL, slow)
			mu.Lock()
			adhoc[r.status]++
			mu.Unlock()
			if !safe(r) {
				t.Errorf("slow ad-hoc = %d %v, want 429 or 504", r.status, r.body)
			}
		}()
	}
	catalog := map[int]int{}
	deadline := time.Now().Add(3 * time.Second)
	for time.Now().Before(deadline) {
		res, err := http.Get(srv.URL + "/v1/queries/members_with_agreement_by_bloc?bloc=BRICS&country=RUS&as_of=2021-06-28")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		catalog[res.StatusCode]++
	}
	wg.Wait()
	t.Logf("200 slow ad-hoc requests: %v; catalog meanwhile: %v", adhoc, catalog)
	if adhoc[429] == 0 {
		t.Errorf("no ad-hoc request got 429 with %d slots: %v", neo4jtest.LaneSize, adhoc)
	}
	if len(catalog) != 1 || catalog[200] == 0 {
		t.Errorf("catalog requests while the ad-hoc lane was full: %v, want only 200", catalog)
	}
	requireLaneWhole(t, srv.URL, store)
}

func decode(t *testing.T, res *http.Response) response {
	t.Helper()
	var body map[string]any
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
		t.Fatalf("body is not JSON: %v", err)
	}
	return response{status: res.StatusCode, header: res.Header, body: body}
}
