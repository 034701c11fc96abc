package api

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cyberkg/cyberkg/graph"
)

// Many large answers, as a client asking distinct questions would send:
// the cache keeps within its bytes, refuses what is too large, and still
// answers the latest it kept.
func TestAnswerCacheStaysWithinItsBytes(t *testing.T) {
	v := graph.Version{N: 1, At: time.Unix(1, 0)}
	c := newAnswerCache(1<<20, func(context.Context) (graph.Version, error) { return v, nil })
	body := make([]byte, 100<<10)
	for i := range 1000 {
		c.put(fmt.Sprint("q", i), v, body, "")
		if n := c.bytes.Load(); n > 1<<20 {
			t.Fatalf("after %d answers the cache holds %d bytes, more than its 1 MiB", i+1, n)
		}
	}
	if _, ok := c.get(context.Background(), "q999"); !ok {
		t.Error("the latest answer is not kept")
	}
	if _, ok := c.get(context.Background(), "q0"); ok {
		t.Error("the first answer is still kept past the budget")
	}
	c.put("huge", v, make([]byte, cacheMaxEntry+1), "")
	if _, ok := c.get(context.Background(), "huge"); ok {
		t.Error("an answer above cacheMaxEntry is kept")
	}
	c.put("again", v, body, "")
	c.put("again", v, body, "") // the same key twice counts once
	if n, want := c.bytes.Load(), int64(c.entries.Len())*int64(len(body)); n != want {
		t.Errorf("the cache counts %d bytes for %d answers of %d", n, c.entries.Len(), len(body))
	}
}

// A hit needs the graph's version as it is now: a request never takes a
// version read that began before it arrived (it may predate a write the
// request must see), and requests waiting together share one read.
func TestVersionReadsStartAfterTheRequest(t *testing.T) {
	var reads atomic.Int64
	started := make(chan struct{}, 100)
	release := make(chan struct{})
	r := &versionReader{read: func(context.Context) (graph.Version, error) {
		n := reads.Add(1)
		started <- struct{}{}
		<-release
		return graph.Version{N: n, At: time.Unix(n, 0)}, nil
	}}
	ctx := context.Background()
	first := make(chan graph.Version)
	go func() { v, _ := r.current(ctx); first <- v }()
	<-started // read 1 is under way
	var wg sync.WaitGroup
	later := make([]graph.Version, 8)
	for i := range later {
		wg.Add(1)
		go func() { defer wg.Done(); later[i], _ = r.current(ctx) }()
	}
	// Give them time to arrive while read 1 is under way (a slower
	// machine only tests less: whatever arrives later must wait too).
	time.Sleep(50 * time.Millisecond)
	release <- struct{}{}
	if v := <-first; v.N != 1 {
		t.Errorf("the first request got version %d, want read 1", v.N)
	}
	// Those that came during read 1 wait for a later one, however the
	// machine schedules them: release every read that starts until all
	// have their answer.
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	for waiting := true; waiting; {
		select {
		case <-started:
			release <- struct{}{}
		case <-done:
			waiting = false
		}
	}
	for i, v := range later {
		if v.N < 2 {
			t.Errorf("request %d, arrived during read 1, got read %d; want one begun after it", i, v.N)
		}
	}
	// Usually 2: the eight share read 2. On a slow machine some may come
	// after it began, and share read 3.
	if n := reads.Load(); n > 1+int64(len(later)) {
		t.Errorf("%d reads for %d requests", n, 1+len(later))
	}
	t.Logf("%d version reads for %d requests", reads.Load(), 1+len(later))
}

// Concurrent misses of one question, as after every write, each put its
// answer: the count of bytes kept stays that of the entries kept, so the
// cache does not come to think itself full and drop everything.
func TestAnswerCacheCountsConcurrentPutsOnce(t *testing.T) {
	v := graph.Version{N: 1, At: time.Unix(1, 0)}
	c := newAnswerCache(1<<20, func(context.Context) (graph.Version, error) { return v, nil })
	body := make([]byte, 1000)
	for range 200 {
		var wg sync.WaitGroup
		for range 64 {
			wg.Go(func() { c.put("same", v, body, "") })
		}
		wg.Wait()
	}
	if n, want := c.bytes.Load(), int64(c.entries.Len())*int64(len(body)); n != want {
		t.Errorf("the cache counts %d bytes for %d answers of %d", n, c.entries.Len(), len(body))
	}
}
