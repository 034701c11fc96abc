package api_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/cyberkg/cyberkg/api"
	"github.com/cyberkg/cyberkg/internal/neo4jtest"
	"github.com/cyberkg/cyberkg/service"
)

// The whole graph as JSON streams: 40,000 statements beside the seed, each
// with a long summary, make an answer of some 75 MB, and the server's live
// heap grows by a small part of it. The answer is whole: every entity once,
// every edge between two of them.
func TestWholeExportStreamsInLittleMemory(t *testing.T) {
	store := neo4jtest.Seeded(t)
	const statements = 40_000
	// Words that weigh each statement to some 2 kB of JSON: the answer must be
	// far larger than what the sockets buffer (slowReadersTakeNoMoreThanTheirSlots).
	pad := strings.Repeat(" Padding that weighs the statement as a long summary would.", 25)
	for from := 1; from <= statements; from += 5000 {
		neo4jtest.Exec(t, `
MATCH (by:Country {id: 'RUS'}), (about:Country {id: 'IDN'}), (src:Source {id: 'src-nextcloud-khramov-2021'})
UNWIND range($from, $from + 4999) AS i
CREATE (st:Entity:Statement {id: 'stm-stream-' + i, said_on: date('2020-01-01'), said_on_precision: 'day', kind: '010', confidence: 50,
        summary: 'A statement made for the streamed export test, number ' + i + ', long enough to weigh what a real summary weighs.' + $pad})
CREATE (st)-[:BY]->(by), (st)-[:ABOUT]->(about), (st)-[:REPORTED_IN]->(src)`, map[string]any{"from": from, "pad": pad})
	}
	srv := newTestServer(t, store)

	baseline, stop := peakLiveHeap()
	res, err := http.Get(srv.URL + "/v1/export?format=json&include_sources=false")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	counted := &countingReader{r: res.Body}
	// Read as it comes, item by item, so the test itself holds little:
	// the ids seen, to check each edge's ends.
	dec := json.NewDecoder(bufio.NewReader(counted))
	ids := map[string]bool{}
	streamed := 0
	expect := func(want string) {
		t.Helper()
		tok, err := dec.Token()
		if err != nil || fmt.Sprint(tok) != want {
			t.Fatalf("export: %v (%v) where %s belongs", tok, err, want)
		}
	}
	expect("{")
	expect("nodes")
	expect("[")
	for dec.More() {
		var n struct {
			ID string `json:"id"`
		}
		if err := dec.Decode(&n); err != nil {
			t.Fatal(err)
		}
		if ids[n.ID] {
			t.Fatalf("entity %s twice", n.ID)
		}
		ids[n.ID] = true
	}
	expect("]")
	expect("edges")
	expect("[")
	for dec.More() {
		var e struct {
			Source string `json:"source"`
			Target string `json:"target"`
		}
		if err := dec.Decode(&e); err != nil {
			t.Fatal(err)
		}
		if !ids[e.Source] || !ids[e.Target] {
			t.Fatalf("edge %s -> %s has an end not in the export", e.Source, e.Target)
		}
		if strings.HasPrefix(e.Source, "stm-stream-") {
			streamed++
		}
	}
	expect("]")
	expect("}")
	peak := stop()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /v1/export: %d", res.StatusCode)
	}
	// Sources left out: each statement's BY and ABOUT.
	if streamed != 2*statements || len(ids) < statements {
		t.Errorf("%d entities, %d edges of the test statements; want at least %d and %d", len(ids), streamed, statements, 2*statements)
	}
	mb := float64(counted.n) / (1 << 20)
	t.Logf("answer %.1f MB; live heap %.0f MB before, %.0f MB at its peak", mb, baseline, peak)
	if mb < 15 {
		t.Fatalf("the answer is %.1f MB; the test needs a larger one", mb)
	}
	if growth := peak - baseline; growth > mb/2 {
		t.Errorf("live heap grew by %.0f MB for a %.0f MB answer; a streamed export should hold far less than the answer", growth, mb)
	}

	// Behind a server whose write timeout is far shorter than the export,
	// as serve's bounds an ordinary answer: the export moves its deadline
	// on as the client reads, and arrives whole.
	handler, err := api.NewServer(store, slog.New(slog.NewTextHandler(io.Discard, nil)), api.Options{})
	if err != nil {
		t.Fatal(err)
	}
	short := httptest.NewUnstartedServer(handler)
	short.Config.WriteTimeout = 100 * time.Millisecond
	short.Start()
	defer short.Close()
	res2, err := http.Get(short.URL + "/v1/export?format=json&include_sources=false")
	if err != nil {
		t.Fatal(err)
	}
	whole, err := io.ReadAll(res2.Body)
	res2.Body.Close()
	if err != nil || len(whole) != counted.n || !strings.HasSuffix(string(whole), "]}\n") {
		t.Errorf("the export behind a 100 ms write timeout: %d of %d bytes, %v", len(whole), counted.n, err)
	}

	// For contrast, the same graph built in memory (GraphML): logged only.
	baseline, stop = peakLiveHeap()
	status, _, body := get(t, srv.URL+"/v1/export?format=graphml&include_sources=false")
	t.Logf("the same as GraphML, built in memory: %d, %.1f MB; live heap %.0f MB before, %.0f MB at its peak", status, float64(len(body))/(1<<20), baseline, stop())

	slowReadersTakeNoMoreThanTheirSlots(t, srv.URL, counted.n)
}

// Clients that start whole-graph exports and stop reading hold a connection
// and a read transaction each: a few take every slot there is
// (service.ExportStreams), the next is refused at once with 429 and
// Retry-After, whether streamed or built in memory (CSV), and the rest of
// the API goes on answering. When a slow reader goes away, its slot is free
// again. size is the streamed export's length in bytes.
func slowReadersTakeNoMoreThanTheirSlots(t *testing.T, base string, size int) {
	t.Helper()
	// A reader that stops holds its slot only while the server is blocked
	// writing to it: once the sockets' buffers (a few MB each way on
	// loopback) and the server's hold the whole answer, the export ends and
	// frees its slot, and what follows would test nothing.
	if size < 64<<20 {
		t.Fatalf("the streamed export is %.1f MiB; the slow readers hold their slots only if it is far larger than socket buffers: make it over 64 MiB", float64(size)/(1<<20))
	}
	client := &http.Client{Timeout: 60 * time.Second}
	var slow []io.Closer
	for range service.ExportStreams {
		res, err := client.Get(base + "/v1/export?format=json&include_sources=false")
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close() // closed below already; again is harmless
		if res.StatusCode != 200 {
			t.Fatalf("a whole-graph export within the slots: %d", res.StatusCode)
		}
		slow = append(slow, res.Body) // headers read, the body (tens of MB) left unread
	}
	status, header, body := get(t, base+"/v1/export?format=json&include_sources=false")
	if status != http.StatusTooManyRequests || header.Get("Retry-After") == "" || !strings.Contains(body, "whole-graph exports are running") {
		t.Errorf("an export beyond the slots: %d, Retry-After %q, %s; want 429 saying why", status, header.Get("Retry-After"), body)
	}
	// Built in memory, a whole graph would be one more copy held: refused too.
	status, header, body = get(t, base+"/v1/export?format=csv&include_sources=false")
	if status != http.StatusTooManyRequests || header.Get("Retry-After") == "" || !strings.Contains(body, "whole-graph exports are running") {
		t.Errorf("a whole-graph CSV export beyond the slots: %d, Retry-After %q, %.200q; want 429 saying why", status, header.Get("Retry-After"), body)
	}
	if r := do(t, "GET", base+"/v1/entities/RUS"); r.status != 200 {
		t.Errorf("GET /v1/entities/RUS while the exports stall: %d", r.status)
	}
	for _, body := range slow {
		body.Close()
	}
	// The server finds the client gone at its next write, or when its write
	// deadline (exportProgress) passes; until then the slot is held.
	deadline := time.Now().Add(api.ExportProgress + 15*time.Second)
	for {
		res, err := client.Get(base + "/v1/export?format=json&include_sources=false")
		if err != nil {
			t.Fatal(err)
		}
		code := res.StatusCode
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if code == 200 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("an export after the slow readers left: still %d", code)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}
