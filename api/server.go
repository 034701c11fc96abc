package api

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/cyberkg/cyberkg/auth"
	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/service"
)

// DefaultMemoryLimit is the soft memory limit `cyberkg serve` sets for its
// process (runtime/debug.SetMemoryLimit), under which eight hostile
// /v1/cypher requests at once keep the server near 300 MB.
const DefaultMemoryLimit int64 = 200 << 20

// Options tune a server; the zero value is usable.
type Options struct {
	// Now gives the current time; "today" in as-of questions comes from it.
	Now func() time.Time
	// QueryTimeout bounds each catalog query (default 15s).
	QueryTimeout time.Duration
	// CypherTimeout and CypherRows are the time limit and row cap of
	// POST /v1/cypher (default 10s, 1000 rows); a request may ask for less,
	// or for more up to CypherMaxTimeout and CypherMaxRows (60s, 10000).
	CypherTimeout, CypherMaxTimeout time.Duration
	CypherRows, CypherMaxRows       int
	// Keys are the API keys the server accepts (api/auth.go). Without any,
	// every route that needs a key, every write among them, answers 401.
	Keys *auth.Keyring
	// AuthReads makes the /v1 read routes need at least a reader's key.
	AuthReads bool
	// Draining, once true, has every new request but /healthz answered 503
	// (with Retry-After and Connection: close), /readyz included, so a load
	// balancer sends no more; requests already in flight finish. serve sets
	// it on SIGTERM, before it stops listening.
	Draining *atomic.Bool
	// CacheBytes is the memory of the answer cache of catalog questions
	// (api/cache.go); 0 keeps no cache. serve gives DefaultCacheBytes.
	CacheBytes int64
}

// server holds what every handler needs.
type server struct {
	svc     *service.Service
	logger  *slog.Logger
	opts    Options
	openapi []byte
	docs    []byte // the /docs page, rendered from openapi
	metrics *metrics
	cache   *answerCache // nil: none
}

// NewServer returns the HTTP handler of the API.
func NewServer(store graph.Store, logger *slog.Logger, opts Options) (http.Handler, error) {
	if opts.AuthReads && opts.Keys.Len() == 0 {
		return nil, errors.New("reads need an API key (AuthReads) but no keys are configured: every read would be refused")
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.QueryTimeout <= 0 {
		opts.QueryTimeout = 15 * time.Second
	}
	if opts.CypherTimeout <= 0 {
		opts.CypherTimeout = 10 * time.Second
	}
	if opts.CypherMaxTimeout < opts.CypherTimeout {
		opts.CypherMaxTimeout = max(60*time.Second, opts.CypherTimeout)
	}
	if opts.CypherRows <= 0 {
		opts.CypherRows = 1000
	}
	if opts.CypherMaxRows < opts.CypherRows {
		opts.CypherMaxRows = max(10000, opts.CypherRows)
	}
	gin.SetMode(gin.ReleaseMode)
	engine := gin.New()
	engine.HandleMethodNotAllowed = true
	doc, err := OpenAPI()
	if err != nil {
		return nil, fmt.Errorf("build the OpenAPI document: %w", err)
	}
	docs, err := renderDocs(doc, opts.AuthReads)
	if err != nil {
		return nil, fmt.Errorf("build the API reference (/docs): %w", err)
	}
	m := newMetrics()
	svc := service.New(measuredStore{Store: store, m: m}, service.Options{Now: opts.Now, QueryTimeout: opts.QueryTimeout})
	s := &server{svc: svc, logger: logger, opts: opts, openapi: doc, docs: docs, metrics: m}
	if opts.CacheBytes > 0 {
		s.cache = newAnswerCache(opts.CacheBytes, svc.Version)
	}
	engine.Use(requestLogger(logger), m.middleware(), recoverer(logger), s.refuseWhileDraining())
	s.routes(engine)
	return engine, nil
}

// refuseWhileDraining answers 503 to every new request once the server is
// shutting down, save the liveness probe.
func (s *server) refuseWhileDraining() gin.HandlerFunc {
	return func(c *gin.Context) {
		if s.opts.Draining == nil || !s.opts.Draining.Load() || c.Request.URL.Path == "/healthz" {
			c.Next()
			return
		}
		c.Header("Connection", "close")
		writeError(c, s.logger, &graph.Error{Code: graph.EUNAVAILABLE,
			Message: "this server is shutting down: send the request again, and it goes to another one or to this one restarted"})
		c.Abort()
	}
}

// routeOf is the request's route pattern ("/v1/entities/:id"), which keeps
// ids out of log fields and metric labels.
func routeOf(c *gin.Context) string {
	if route := c.FullPath(); route != "" {
		return route
	}
	return "unmatched"
}

// requestLogger logs one line per request with slog.
func requestLogger(logger *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		route := routeOf(c)
		logger.InfoContext(c.Request.Context(), "request",
			"method", c.Request.Method,
			"path", c.Request.URL.Path,
			"route", route,
			"status", c.Writer.Status(),
			"duration_ms", float64(time.Since(start).Microseconds())/1000,
			"bytes", c.Writer.Size())
	}
}

// recoverer turns a panic into a logged 500 problem rather than a dropped connection.
func recoverer(logger *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if r := recover(); r != nil {
				if r == http.ErrAbortHandler { //nolint:errorlint // a sentinel panic value, not a wrapped error
					panic(r) // an answer cut off on purpose: net/http drops the connection
				}
				writeError(c, logger, fmt.Errorf("panic: %v", r))
			}
		}()
		c.Next()
	}
}
