package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/cyberkg/cyberkg/auth"
	"github.com/cyberkg/cyberkg/internal/neo4jtest"
	"github.com/cyberkg/cyberkg/internal/syncbuf"
)

// The fault test's knobs. The answer bound is what "no hang" means: the
// driver gives up on a transaction after 5 s of retries and a connection
// after 3 s, so an answer takes seconds at worst, never this long.
const (
	faultWorkers      = 8
	faultAnswerBound  = 30 * time.Second
	faultFailurePause = time.Second      // a worker's pause after a refused write
	faultRetryBound   = 30 * time.Second // for all the retries after Neo4j is back
)

// faultCountries are seed countries; each worker's agreements are between
// its own two, so the workers take disjoint entity locks and really write
// at once.
var faultCountries = []string{"RUS", "IDN", "NIC", "UZB", "IRN", "KGZ", "BRA", "IND", "CHN", "ZAF", "FRA", "USA", "BLR", "CUB", "VNM", "ARM"}

// faultFact is one write of the stream: a new source and a new agreement
// citing it, which make two nodes, several relationships and a :Change with
// its CHANGED links, so a half-write would show.
type faultFact struct {
	tag, agr, src, key string
	parties            [2]string
	body               string
}

func newFaultFact(tag string, p1, p2 string) *faultFact {
	f := &faultFact{tag: tag, agr: "agr-fault-" + tag, src: "src-fault-" + tag, key: "fault-" + tag, parties: [2]string{p1, p2}}
	doc := map[string]any{
		"sources": []any{map[string]any{"id": f.src, "title": "Fault test report " + tag, "publisher": "Test Wire",
			"reliability": "C", "url": "https://example.org/fault/" + tag}},
		"agreements": []any{map[string]any{
			"id": f.agr, "title": "Fault test agreement " + tag, "scope": "bilateral",
			"topic": "international-information-security", "parties": []any{p1, p2}, "signed_on": "2026-01-10",
			"status_history": []any{map[string]any{"status": "signed", "date": "2026-01-10", "sources": []any{f.src}}},
			"sources":        []any{f.src},
		}},
	}
	b, err := json.Marshal(doc)
	if err != nil {
		panic(err)
	}
	f.body = string(b)
	return f
}

// faultAnswer is what one POST of a fact was answered.
type faultAnswer struct {
	fact         *faultFact
	began, ended time.Time
	status       int
	header       http.Header
	body         map[string]any
	raw          string
	err          error // no answer within faultAnswerBound, or no answer at all
}

func (a faultAnswer) acknowledged() bool {
	return a.err == nil && (a.status == http.StatusCreated || a.status == http.StatusOK && a.replayed())
}

func (a faultAnswer) replayed() bool { return a.header.Get("Idempotent-Replayed") == "true" }

func (a faultAnswer) change() string { s, _ := a.body["change"].(string); return s }

// wrong says what is wrong with an answer, "" when it is one the issue
// allows: an acknowledgement that names its change, or a clear 503.
func (a faultAnswer) wrong() string {
	took := a.ended.Sub(a.began).Round(time.Millisecond)
	switch {
	case a.err != nil:
		return fmt.Sprintf("no answer after %v: %v", took, a.err)
	case a.status == http.StatusCreated:
		if a.change() == "" || a.header.Get("ETag") != `"v1"` || a.replayed() {
			return fmt.Sprintf("201 without its change, ETag \"v1\", or marked replayed: ETag %q %s", a.header.Get("ETag"), a.raw)
		}
	case a.status == http.StatusOK && a.replayed():
		if a.change() == "" {
			return "replayed 200 without its change: " + a.raw
		}
	case a.status == http.StatusServiceUnavailable:
		if a.header.Get("Retry-After") == "" || !strings.HasPrefix(a.header.Get("Content-Type"), "application/problem+json") ||
			a.body["code"] != "unavailable" || a.body["status"] != float64(503) {
			return fmt.Sprintf("503 without Retry-After or an unavailable problem+json: Retry-After %q, Content-Type %q, %s",
				a.header.Get("Retry-After"), a.header.Get("Content-Type"), a.raw)
		}
	default:
		return fmt.Sprintf("answered %d after %v (want 201, or 503 with Retry-After): %s", a.status, took, a.raw)
	}
	return ""
}

// faultClient posts facts with an editor's key, each with its Idempotency-Key.
type faultClient struct {
	k    keyed
	http *http.Client
}

func (c faultClient) post(f *faultFact) faultAnswer {
	a := faultAnswer{fact: f, began: time.Now()}
	defer func() { a.ended = time.Now() }()
	req, err := http.NewRequest(http.MethodPost, c.k.url+"/v1/agreements", strings.NewReader(f.body))
	if err != nil {
		a.err = err
		return a
	}
	req.Header.Set("Authorization", "Bearer "+c.k.tokens[auth.Editor])
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", f.key)
	res, err := c.http.Do(req)
	if err != nil {
		a.err = err
		a.ended = time.Now()
		return a
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	a.ended = time.Now()
	a.status, a.header, a.raw = res.StatusCode, res.Header, string(data)
	if err != nil {
		a.err = fmt.Errorf("read the answer: %w", err)
	}
	_ = json.Unmarshal(data, &a.body)
	return a
}

// TestFaultNeo4jRestartUnderConcurrentWrites stops and starts the test Neo4j
// in the middle of a stream of concurrent writes. Every write acknowledged is
// there afterwards, whole; every other was answered with a clear 503 and
// succeeds when retried with its Idempotency-Key (as a replay when its first
// attempt had in fact committed); and no write is there in part. How many
// writes land in each phase depends on the machine: the counts are logged,
// and only what must hold decides.
func TestFaultNeo4jRestartUnderConcurrentWrites(t *testing.T) {
	ctl := localNeo4j(t)
	logs := &syncbuf.Buffer{}
	k := newKeyedServerLogging(t, slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelWarn})))
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("the server's log (warnings and errors):\n%s", logs)
		}
	})
	transport := &http.Transport{MaxIdleConnsPerHost: 2 * faultWorkers}
	t.Cleanup(transport.CloseIdleConnections)
	client := faultClient{k: k, http: &http.Client{Timeout: faultAnswerBound, Transport: transport}}

	// The reference write, made while Neo4j is up: the shape of a whole write.
	ref := newFaultFact("ref", faultCountries[0], faultCountries[1])
	baseNodes, baseRels := graphTotals(t)
	refAnswer := client.post(ref)
	if !refAnswer.acknowledged() || refAnswer.wrong() != "" {
		t.Fatalf("the reference write before the fault = %d %s %v", refAnswer.status, refAnswer.raw, refAnswer.err)
	}
	refShape := faultShapes(t, []*faultFact{ref})[ref.tag]
	if nodes, changes := countPrefix(refShape, "node "), countPrefix(refShape, "change "); nodes != 2 || changes != 1 || len(refShape) < 6 {
		t.Fatalf("the reference write has %d nodes, %d changes, %d parts in all, want 2 nodes, 1 change and relationships:\n%s",
			nodes, changes, len(refShape), strings.Join(refShape, "\n"))
	}
	refNodes, refRels := graphTotals(t)
	perNodes, perRels := refNodes-baseNodes, refRels-baseRels
	t.Logf("a whole write has %d parts (%d nodes and %d relationships with the CHANGED links):\n  %s",
		len(refShape), perNodes, perRels, strings.Join(refShape, "\n  "))

	t.Cleanup(func() { ctl(t, "start"); awaitNeo4j(t) }) // even when the test fails

	// The stream: each worker posts new facts, one after the other, pausing
	// a moment after a refusal.
	var (
		stop           = make(chan struct{})
		wg             sync.WaitGroup
		answers        = make([][]faultAnswer, faultWorkers)
		startReturned  atomic.Int64 // UnixNano; 0 until neo4jctl start returned
		acksAfterStart atomic.Int64
	)
	for w := range faultWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for seq := 1; ; seq++ {
				select {
				case <-stop:
					return
				default:
				}
				a := client.post(newFaultFact(fmt.Sprintf("w%d-%d", w, seq), faultCountries[2*w], faultCountries[2*w+1]))
				answers[w] = append(answers[w], a)
				if a.acknowledged() {
					if back := startReturned.Load(); back != 0 && a.began.UnixNano() > back {
						acksAfterStart.Add(1)
					}
					continue
				}
				select {
				case <-stop:
					return
				case <-time.After(faultFailurePause):
				}
			}
		}()
	}
	stopStream := sync.OnceFunc(func() { close(stop); wg.Wait() })
	t.Cleanup(stopStream)

	time.Sleep(1500 * time.Millisecond)
	stopCalled := time.Now()
	ctl(t, "stop")
	stopReturned := time.Now()
	// Neo4j is not running: this write cannot succeed, whatever the timing.
	down := client.post(newFaultFact("down", faultCountries[0], faultCountries[1]))
	if down.status != http.StatusServiceUnavailable || down.wrong() != "" {
		t.Errorf("a write while Neo4j is stopped = %d %v %s, want 503 with Retry-After (%s)", down.status, down.err, down.raw, down.wrong())
	}
	time.Sleep(time.Second)
	startCalled := time.Now()
	ctl(t, "start")
	startReturned.Store(time.Now().UnixNano())
	// Keep writing until the stream writes again, and a little longer.
	deadline := time.Now().Add(20 * time.Second)
	for acksAfterStart.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(1500 * time.Millisecond)
	stopStream()
	backAt := time.Unix(0, startReturned.Load())

	// Every answer is an acknowledgement or a clear 503, and none was
	// acknowledged while Neo4j was stopped.
	all := []faultAnswer{down}
	for _, as := range answers {
		all = append(all, as...)
	}
	facts := []*faultFact{ref}
	for _, a := range all {
		facts = append(facts, a.fact)
	}
	var bad []string
	phases := []string{"before stop", "during neo4jctl stop", "while stopped", "during neo4jctl start", "after start"}
	type tally struct {
		writes, acks, unavailable int
		slowest                   time.Duration
	}
	byPhase := map[string]*tally{}
	for _, p := range phases {
		byPhase[p] = &tally{}
	}
	var slowest time.Duration
	for _, a := range all {
		if w := a.wrong(); w != "" {
			bad = append(bad, fmt.Sprintf("%s (began %v after neo4jctl stop was called): %s", a.fact.key, a.began.Sub(stopCalled).Round(time.Millisecond), w))
		}
		if a.acknowledged() && a.began.After(stopReturned) && a.ended.Before(startCalled) {
			bad = append(bad, fmt.Sprintf("%s was acknowledged (%d) while Neo4j was stopped", a.fact.key, a.status))
		}
		phase := phases[0]
		switch {
		case !a.began.Before(backAt):
			phase = phases[4]
		case !a.began.Before(startCalled):
			phase = phases[3]
		case !a.began.Before(stopReturned):
			phase = phases[2]
		case !a.began.Before(stopCalled):
			phase = phases[1]
		}
		tl := byPhase[phase]
		tl.writes++
		if a.acknowledged() {
			tl.acks++
		}
		if a.status == http.StatusServiceUnavailable {
			tl.unavailable++
		}
		took := a.ended.Sub(a.began)
		tl.slowest = max(tl.slowest, took)
		slowest = max(slowest, took)
	}
	t.Logf("neo4jctl stop took %v, the stop-to-start gap %v, neo4jctl start %v",
		stopReturned.Sub(stopCalled).Round(time.Millisecond), startCalled.Sub(stopReturned).Round(time.Millisecond), backAt.Sub(startCalled).Round(time.Millisecond))
	for _, p := range phases {
		tl := byPhase[p]
		t.Logf("writes begun %-22s %4d: %4d acknowledged, %4d answered 503, slowest answer %v", p+":", tl.writes, tl.acks, tl.unavailable, tl.slowest.Round(time.Millisecond))
	}
	t.Logf("slowest answer of the stream: %v (bound %v)", slowest.Round(time.Millisecond), faultAnswerBound)
	slow := slices.Clone(all)
	sort.Slice(slow, func(i, j int) bool { return slow[i].ended.Sub(slow[i].began) > slow[j].ended.Sub(slow[j].began) })
	for _, a := range slow[:min(3, len(slow))] {
		t.Logf("a slowest answer: %s, begun %v after neo4jctl start was called, answered %d %v in %v", a.fact.key,
			a.began.Sub(startCalled).Round(time.Millisecond), a.status, a.body["code"], a.ended.Sub(a.began).Round(time.Millisecond))
	}
	reportBad(t, "answers of the stream", bad)

	// Nothing is half-written: each fact is all there or not at all, and
	// each acknowledged one is all there, recorded by the change it was
	// answered with.
	before := faultShapes(t, facts)
	changeOf := map[string]string{ref.key: refAnswer.change()}
	bad = checkShapes(facts, before, refShape, func(f *faultFact) bool { return f == ref })
	var failed []*faultFact
	committedUnanswered := map[string]bool{}
	for _, a := range all {
		switch {
		case a.acknowledged():
			changeOf[a.fact.key] = a.change()
			if len(before[a.fact.tag]) == 0 {
				bad = append(bad, fmt.Sprintf("%s was acknowledged (%d) but nothing of it is in the graph", a.fact.key, a.status))
			} else if got := changeIn(before[a.fact.tag]); got != a.change() {
				bad = append(bad, fmt.Sprintf("%s was acknowledged with change %s, the graph recorded %s", a.fact.key, a.change(), got))
			}
		default:
			failed = append(failed, a.fact)
			committedUnanswered[a.fact.key] = len(before[a.fact.tag]) > 0
		}
	}
	whole := 0
	for _, f := range facts {
		if len(before[f.tag]) > 0 {
			whole++
		}
	}
	if nodes, rels := graphTotals(t); nodes != baseNodes+whole*perNodes || rels != baseRels+whole*perRels {
		bad = append(bad, fmt.Sprintf("the graph has %d nodes and %d relationships, want %d and %d for %d whole writes: something outside them was written",
			nodes, rels, baseNodes+whole*perNodes, baseRels+whole*perRels, whole))
	}
	reportBad(t, "the graph after the stream", bad)

	// Each refused write, retried with its key now that Neo4j is back,
	// succeeds: created, or replayed when its first attempt had committed
	// after all (the answer was lost, the key tells).
	retryStart := time.Now()
	retryDeadline := retryStart.Add(faultRetryBound)
	finals := make([]faultAnswer, len(failed))
	tries := make([]int, len(failed))
	var next atomic.Int64
	var rwg sync.WaitGroup
	for range faultWorkers {
		rwg.Add(1)
		go func() {
			defer rwg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(failed) {
					return
				}
				for {
					tries[i]++
					a := client.post(failed[i])
					finals[i] = a
					if a.acknowledged() || a.wrong() != "" || a.status != http.StatusServiceUnavailable || time.Now().After(retryDeadline) {
						break
					}
					time.Sleep(faultFailurePause)
				}
			}
		}()
	}
	rwg.Wait()
	bad = nil
	var created, replayed, requests, retriedAgain int
	for i, a := range finals {
		requests += tries[i]
		if tries[i] > 1 {
			retriedAgain++
		}
		f := failed[i]
		switch {
		case a.wrong() != "":
			bad = append(bad, fmt.Sprintf("retry %d of %s: %s", tries[i], f.key, a.wrong()))
			continue
		case !a.acknowledged():
			bad = append(bad, fmt.Sprintf("%s still answered %d after %d retries in %v", f.key, a.status, tries[i], faultRetryBound))
			continue
		}
		changeOf[f.key] = a.change()
		if a.replayed() {
			replayed++
		} else {
			created++
		}
		// Neo4j's old process is gone and no write of the new one was cut
		// short, so the graph before the retries tells which is right.
		if committed := committedUnanswered[f.key]; committed != a.replayed() {
			bad = append(bad, fmt.Sprintf("the retry of %s answered %d (replayed %v), but its first attempt had committed: %v", f.key, a.status, a.replayed(), committed))
		}
	}
	t.Logf("retries: %d refused writes, %d requests in %v (%d needed more than one); %d created, %d replayed (committed, but the 503 answered first)",
		len(failed), requests, time.Since(retryStart).Round(time.Millisecond), retriedAgain, created, replayed)
	reportBad(t, "the retries", bad)

	// Afterwards every fact is there, whole, and recorded by the change its
	// final answer named; the API says so too.
	after := faultShapes(t, facts)
	bad = checkShapes(facts, after, refShape, func(*faultFact) bool { return true })
	for _, f := range facts {
		if want := changeOf[f.key]; want != "" && changeIn(after[f.tag]) != want {
			bad = append(bad, fmt.Sprintf("%s was answered with change %s, the graph recorded %s", f.key, want, changeIn(after[f.tag])))
		}
	}
	if nodes, rels := graphTotals(t); nodes != baseNodes+len(facts)*perNodes || rels != baseRels+len(facts)*perRels {
		bad = append(bad, fmt.Sprintf("the graph has %d nodes and %d relationships, want %d and %d for %d whole writes: something outside them was written",
			nodes, rels, baseNodes+len(facts)*perNodes, baseRels+len(facts)*perRels, len(facts)))
	}
	reportBad(t, "the graph after the retries", bad)
	bad = checkThroughAPI(client, facts, changeOf)
	reportBad(t, "the API after the retries", bad)
	t.Logf("%d facts written in all, %d of them first refused", len(facts), len(failed))
}

// faultShapes reads what the graph holds of each fact: its nodes, the
// relationships of its nodes or its keys, and the changes that name its key
// or touched its nodes, each as a line in which the fact's own ids, parties
// and key are replaced by placeholders, so every whole write reads like the
// reference. Anything under the test's prefixes that no fact owns is
// reported under the tag "?".
func faultShapes(t *testing.T, facts []*faultFact) map[string][]string {
	t.Helper()
	owner := map[string]*faultFact{}
	for _, f := range facts {
		owner[f.agr], owner[f.src], owner[f.key] = f, f, f
	}
	name := func(f *faultFact, id string) string {
		switch {
		case f == nil:
			return id
		case id == f.agr:
			return "AGR"
		case id == f.src:
			return "SRC"
		case id == f.parties[0]:
			return "P1"
		case id == f.parties[1]:
			return "P2"
		}
		return id
	}
	out := map[string][]string{}
	add := func(f *faultFact, line string) {
		tag := "?"
		if f != nil {
			tag = f.tag
		}
		out[tag] = append(out[tag], line)
	}
	const isFault = "(%[1]s STARTS WITH 'agr-fault-' OR %[1]s STARTS WITH 'src-fault-')"
	for _, rec := range faultQuery(t, "MATCH (n) WHERE "+fmt.Sprintf(isFault, "n.id")+
		" RETURN n.id, labels(n), n.version, n.recorded_until IS NULL") {
		id, _ := rec[0].(string)
		labels := toStringList(rec[1])
		sort.Strings(labels)
		f := owner[id]
		add(f, fmt.Sprintf("node %s :%s version %v current %v", name(f, id), strings.Join(labels, ":"), rec[2], rec[3]))
	}
	for _, rec := range faultQuery(t, "MATCH (a)-[r]->(b) WHERE type(r) <> 'CHANGED' AND ("+
		fmt.Sprintf(isFault, "a.id")+" OR "+fmt.Sprintf(isFault, "b.id")+" OR "+fmt.Sprintf(isFault, "r.fact")+
		") RETURN a.id, type(r), b.id, r.fact, r.recorded_until IS NULL") {
		from, _ := rec[0].(string)
		to, _ := rec[2].(string)
		fact, _ := rec[3].(string)
		seen := map[*faultFact]bool{}
		for _, id := range []string{from, to, fact} {
			if f, ok := owner[id]; ok && !seen[f] {
				seen[f] = true
				add(f, fmt.Sprintf("rel %s-[%s]->%s fact %s current %v", name(f, from), rec[1], name(f, to), name(f, fact), rec[4]))
			}
		}
		if len(seen) == 0 {
			add(nil, fmt.Sprintf("rel %s-[%s]->%s fact %s", from, rec[1], to, fact))
		}
	}
	for _, rec := range faultQuery(t, "MATCH (c:Change) WHERE c.idempotency_key CONTAINS ':fault-' OR EXISTS { (c)-[:CHANGED]->(e) WHERE "+
		fmt.Sprintf(isFault, "e.id")+" } OPTIONAL MATCH (c)-[:CHANGED]->(e) RETURN c.id, c.idempotency_key, collect(e.id)") {
		id, _ := rec[0].(string)
		scoped, _ := rec[1].(string)
		_, key, _ := strings.Cut(scoped, ":")
		touched := toStringList(rec[2])
		seen := map[*faultFact]bool{}
		for _, x := range append([]string{key}, touched...) {
			f, ok := owner[x]
			if !ok || seen[f] {
				continue
			}
			seen[f] = true
			names := make([]string, len(touched))
			for i, e := range touched {
				names[i] = name(f, e)
			}
			sort.Strings(names)
			k := key
			if key == f.key {
				k = "KEY"
			}
			// The change's id is kept apart (after a tab) for changeIn.
			add(f, fmt.Sprintf("change key %s changed [%s]\t%s", k, strings.Join(names, " "), id))
		}
		if len(seen) == 0 {
			add(nil, fmt.Sprintf("change %s key %q changed %v", id, scoped, touched))
		}
	}
	for tag := range out {
		sort.Strings(out[tag])
	}
	return out
}

func faultQuery(t *testing.T, cypher string) [][]any {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	res, err := neo4j.ExecuteQuery(ctx, neo4jtest.Driver(t), cypher, nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase("neo4j"))
	if err != nil {
		t.Fatalf("query %q: %v", cypher, err)
	}
	out := make([][]any, len(res.Records))
	for i, r := range res.Records {
		out[i] = r.Values
	}
	return out
}

// graphTotals counts every node and relationship of the test database.
func graphTotals(t *testing.T) (nodes, rels int) {
	t.Helper()
	rec := faultQuery(t, "CALL () { MATCH (n) RETURN count(n) AS nodes } CALL () { MATCH ()-[r]->() RETURN count(r) AS rels } RETURN nodes, rels")[0]
	n, _ := rec[0].(int64)
	r, _ := rec[1].(int64)
	return int(n), int(r)
}

func toStringList(v any) []string {
	list, _ := v.([]any)
	out := make([]string, 0, len(list))
	for _, e := range list {
		out = append(out, fmt.Sprint(e))
	}
	return out
}

// checkShapes compares each fact's shape with the reference: whole, or
// absent altogether unless mustExist.
func checkShapes(facts []*faultFact, shapes map[string][]string, ref []string, mustExist func(*faultFact) bool) []string {
	var bad []string
	if stray := shapes["?"]; len(stray) > 0 {
		bad = append(bad, "parts no fact of the test owns:\n  "+strings.Join(stray, "\n  "))
	}
	for _, f := range facts {
		got := withoutChangeIDs(shapes[f.tag])
		switch {
		case slices.Equal(got, withoutChangeIDs(ref)):
		case len(got) == 0 && !mustExist(f):
		case len(got) == 0:
			bad = append(bad, f.key+" is not in the graph")
		default:
			bad = append(bad, fmt.Sprintf("%s is in the graph in part or twice:\n  %s", f.key, strings.Join(got, "\n  ")))
		}
	}
	return bad
}

func withoutChangeIDs(shape []string) []string {
	out := make([]string, len(shape))
	for i, line := range shape {
		out[i], _, _ = strings.Cut(line, "\t")
	}
	return out
}

// changeIn is the id of the change in a fact's shape.
func changeIn(shape []string) string {
	for _, line := range shape {
		if strings.HasPrefix(line, "change ") {
			_, id, _ := strings.Cut(line, "\t")
			return id
		}
	}
	return ""
}

func countPrefix(lines []string, prefix string) int {
	n := 0
	for _, l := range lines {
		if strings.HasPrefix(l, prefix) {
			n++
		}
	}
	return n
}

// checkThroughAPI reads every fact back over HTTP: both entities, and the
// one change recorded under its key, the change its final answer named.
func checkThroughAPI(c faultClient, facts []*faultFact, changeOf map[string]string) []string {
	var (
		mu   sync.Mutex
		bad  []string
		next atomic.Int64
		wg   sync.WaitGroup
	)
	get := func(path string) (int, map[string]any, error) {
		res, err := c.http.Get(c.k.url + path)
		if err != nil {
			return 0, nil, err
		}
		defer res.Body.Close()
		var body map[string]any
		err = json.NewDecoder(res.Body).Decode(&body)
		return res.StatusCode, body, err
	}
	for range faultWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(facts) {
					return
				}
				f := facts[i]
				var problems []string
				for _, id := range []string{f.agr, f.src} {
					if status, _, err := get("/v1/entities/" + url.PathEscape(id)); status != http.StatusOK || err != nil {
						problems = append(problems, fmt.Sprintf("GET /v1/entities/%s = %d %v", id, status, err))
					}
				}
				status, body, err := get("/v1/changes?fact=" + url.QueryEscape(f.agr))
				changes, _ := body["changes"].([]any)
				if status != http.StatusOK || err != nil || len(changes) != 1 {
					problems = append(problems, fmt.Sprintf("GET /v1/changes?fact=%s = %d %v, %d changes, want 1", f.agr, status, err, len(changes)))
				} else {
					ch, _ := changes[0].(map[string]any)
					if ch["idempotency_key"] != f.key || (changeOf[f.key] != "" && ch["id"] != changeOf[f.key]) {
						problems = append(problems, fmt.Sprintf("the change of %s is %v under key %v, want %s under %s", f.agr, ch["id"], ch["idempotency_key"], changeOf[f.key], f.key))
					}
				}
				if len(problems) > 0 {
					mu.Lock()
					bad = append(bad, problems...)
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	return bad
}

// reportBad fails the test with the first few problems of a check, and how many there were.
func reportBad(t *testing.T, what string, bad []string) {
	t.Helper()
	if len(bad) == 0 {
		return
	}
	const shown = 15
	t.Errorf("%s: %d problem(s):\n%s", what, len(bad), strings.Join(bad[:min(shown, len(bad))], "\n"))
}
