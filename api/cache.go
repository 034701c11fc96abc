package api

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"
	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/cyberkg/cyberkg/graph"
)

// answerCache keeps encoded catalog answers, each with the graph version it
// was read at, and serves one again only after reading the graph's version
// and finding it the same. Every write that changes a fact bumps that
// version in its own transaction (graph.Version), so an answer is never
// served after a write it misses was acknowledged, by this process or any
// other on the same database; known_on answers included, since the version
// changes with every recorded change. A hit costs one small read instead of
// the query.
type answerCache struct {
	entries  *lru.Cache[string, cachedAnswer]
	putting  sync.Mutex   // one put at a time: two misses of one key must not both count their bodies
	bytes    atomic.Int64 // the bodies kept
	maxBytes int64
	versions *versionReader
}

type cachedAnswer struct {
	version graph.Version
	body    []byte
	etag    string // the answer's ETag header, if it had one
}

// cacheMaxEntry is the largest answer kept: a bigger one is a page of a
// large answer, cheaper to read again than to hold.
const cacheMaxEntry = 1 << 20

// DefaultCacheBytes is the memory serve gives the cache unless told.
const DefaultCacheBytes int64 = 32 << 20

func newAnswerCache(maxBytes int64, version func(context.Context) (graph.Version, error)) *answerCache {
	c := &answerCache{maxBytes: maxBytes, versions: &versionReader{read: version}}
	// The count bound only backs the byte bound, which evicts first.
	c.entries, _ = lru.NewWithEvict(1<<16, func(_ string, a cachedAnswer) { c.bytes.Add(-int64(len(a.body))) })
	return c
}

// get returns the answer kept under key if the graph is still at its version.
func (c *answerCache) get(ctx context.Context, key string) (cachedAnswer, bool) {
	a, ok := c.entries.Get(key)
	if !ok {
		return cachedAnswer{}, false
	}
	v, err := c.versions.current(ctx)
	if err != nil || v != a.version {
		return cachedAnswer{}, false
	}
	return a, true
}

// put keeps an answer read at version v (or later); one with no version
// (a graph never written since it began keeping one) or too large is not
// kept.
func (c *answerCache) put(key string, v graph.Version, body []byte, etag string) {
	if !v.Known() || len(body) > cacheMaxEntry || int64(len(body)) > c.maxBytes {
		return
	}
	c.putting.Lock()
	defer c.putting.Unlock()
	if old, ok := c.entries.Peek(key); ok && old.version.N > v.N && old.version.At.After(v.At) {
		return // a slower reader of an older version came second
	}
	c.entries.Remove(key) // its bytes leave the count
	c.entries.Add(key, cachedAnswer{version: v, body: body, etag: etag})
	c.bytes.Add(int64(len(body)))
	for c.bytes.Load() > c.maxBytes {
		if _, _, ok := c.entries.RemoveOldest(); !ok {
			break
		}
	}
}

// cacheKey names a question: its path, its parameters in a canonical order,
// and today's date, which an as_of left out means.
func cacheKey(path string, params url.Values, now time.Time) string {
	return path + "?" + params.Encode() + "#today=" + now.UTC().Format(time.DateOnly)
}

// versionReader reads the graph's version for many requests at once: a
// request joins the next read that starts after it arrived (never one
// already under way, which may have been answered before a write the
// request must see), so concurrent hits share one round trip.
type versionReader struct {
	read    func(context.Context) (graph.Version, error)
	mu      sync.Mutex
	pending *versionRound // not started yet: anyone may join
	running bool
}

type versionRound struct {
	done    chan struct{}
	version graph.Version
	err     error
}

// versionReadTimeout bounds one read of the version: the hits waiting for
// it would rather miss than wait.
const versionReadTimeout = 5 * time.Second

func (r *versionReader) current(ctx context.Context) (graph.Version, error) {
	r.mu.Lock()
	round := r.pending
	if round == nil {
		round = &versionRound{done: make(chan struct{})}
		r.pending = round
	}
	if !r.running {
		r.running, r.pending = true, nil
		go r.run(round)
	}
	r.mu.Unlock()
	select {
	case <-round.done:
		return round.version, round.err
	case <-ctx.Done():
		return graph.Version{}, ctx.Err()
	}
}

// run reads rounds one after another while requests wait for them.
func (r *versionReader) run(round *versionRound) {
	for round != nil {
		ctx, cancel := context.WithTimeout(context.Background(), versionReadTimeout)
		round.version, round.err = r.read(ctx)
		cancel()
		close(round.done)
		r.mu.Lock()
		round, r.pending = r.pending, nil
		if round == nil {
			r.running = false
		}
		r.mu.Unlock()
	}
}

// cachedRead serves a read route (an entity, a walk, a search) from the
// cache while the graph's version is unchanged. On a miss it reads the
// version before the answer, so an answer is kept under a version no newer
// than what it saw: a write between the two makes it a miss next time,
// never a stale hit.
func (s *server) cachedRead(h gin.HandlerFunc) gin.HandlerFunc {
	if s.cache == nil {
		return h
	}
	return func(c *gin.Context) {
		key := cacheKey(c.Request.URL.Path, c.Request.URL.Query(), s.opts.Now())
		if s.serveCached(c, key) {
			return
		}
		v, err := s.cache.versions.current(c.Request.Context())
		rec := &bodyRecorder{ResponseWriter: c.Writer}
		c.Writer = rec
		h(c)
		// Kept before it is sent: a client that asks again as soon as it
		// has the answer finds it.
		if err == nil && rec.Status() == http.StatusOK {
			s.cache.put(key, v, rec.body.Bytes(), rec.Header().Get("ETag"))
		}
		_, _ = rec.ResponseWriter.Write(rec.body.Bytes()) // a client gone is the server's log's business
	}
}

// serveCached answers from the cache if it can, and says whether it did;
// either way the answer's X-Cache header says which.
func (s *server) serveCached(c *gin.Context, key string) bool {
	a, ok := s.cache.get(c.Request.Context(), key)
	if !ok {
		s.metrics.cache.WithLabelValues("miss").Inc()
		c.Header("X-Cache", "miss")
		return false
	}
	s.metrics.cache.WithLabelValues("hit").Inc()
	c.Header("X-Cache", "hit")
	if a.etag != "" {
		c.Header("ETag", a.etag)
	}
	c.Data(http.StatusOK, jsonContentType, a.body)
	return true
}

// bodyRecorder holds what a handler writes, its status and headers going to
// the real writer, until cachedRead sends it.
type bodyRecorder struct {
	gin.ResponseWriter
	body bytes.Buffer
}

func (r *bodyRecorder) Write(b []byte) (int, error) { return r.body.Write(b) }

func (r *bodyRecorder) WriteString(s string) (int, error) { return r.body.WriteString(s) }
