package api

import (
	"context"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/cyberkg/cyberkg/graph"
)

// metrics are the server's Prometheus collectors, in a registry of its own
// (made per server, never at import time).
type metrics struct {
	registry       *prometheus.Registry
	requests       *prometheus.CounterVec
	inFlight       *prometheus.GaugeVec
	latency        *prometheus.HistogramVec
	errors         *prometheus.CounterVec
	queryLatency   *prometheus.HistogramVec
	queriesRunning prometheus.Gauge
	cache          *prometheus.CounterVec
}

// poolSize is the driver's connection pool size (its default, which we keep).
const poolSize = 100

func newMetrics() *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "cyberkg_http_requests_total", Help: "HTTP requests by route, method and status.",
		}, []string{"route", "method", "status"}),
		inFlight: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "cyberkg_http_requests_in_flight", Help: "HTTP requests being served now, by route: what a shutdown waits for.",
		}, []string{"route"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "cyberkg_http_request_duration_seconds", Help: "HTTP request latency by route and method.",
			Buckets: prometheus.ExponentialBuckets(0.001, 2, 15),
		}, []string{"route", "method"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "cyberkg_errors_total", Help: "Error responses by kind (the problem code).",
		}, []string{"code"}),
		queryLatency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "cyberkg_neo4j_query_duration_seconds", Help: "Neo4j work by catalog query or operation (search, entity, paths, neighbourhood, adhoc), including failures.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 2, 16),
		}, []string{"query", "outcome"}),
		queriesRunning: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "cyberkg_neo4j_queries_in_flight", Help: "Neo4j queries running now; each holds one pooled connection.",
		}),
		cache: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "cyberkg_answer_cache_requests_total", Help: "Catalog questions answered from the answer cache (hit) or read from Neo4j (miss).",
		}, []string{"result"}),
	}
	pool := prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "cyberkg_neo4j_connection_pool_size", Help: "Connections the driver may open (compare with cyberkg_neo4j_queries_in_flight).",
	})
	pool.Set(poolSize)
	m.registry.MustRegister(m.requests, m.inFlight, m.latency, m.errors, m.queryLatency, m.queriesRunning, m.cache, pool,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// middleware counts and times every request by its route pattern, so ids in
// paths do not explode the label set.
func (m *metrics) middleware() gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		route := routeOf(c)
		m.inFlight.WithLabelValues(route).Inc()
		defer m.inFlight.WithLabelValues(route).Dec()
		c.Next()
		m.requests.WithLabelValues(route, c.Request.Method, strconv.Itoa(c.Writer.Status())).Inc()
		if code := c.GetString(problemCodeKey); code != "" {
			m.errors.WithLabelValues(code).Inc()
		}
		m.latency.WithLabelValues(route, c.Request.Method).Observe(time.Since(start).Seconds())
	}
}

func (m *metrics) handler() gin.HandlerFunc {
	h := promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
	return gin.WrapH(h)
}

// observe times one piece of Neo4j work.
func (m *metrics) observe(name string, work func() error) {
	m.queriesRunning.Inc()
	start := time.Now()
	err := work()
	m.queriesRunning.Dec()
	outcome := "ok"
	if err != nil {
		outcome = graph.ErrorCode(err)
	}
	m.queryLatency.WithLabelValues(name, outcome).Observe(time.Since(start).Seconds())
}

// measuredStore is a graph.Store that times every call into metrics.
type measuredStore struct {
	graph.Store
	m *metrics
}

func (s measuredStore) Answer(ctx context.Context, q graph.Question) (res *graph.Result, err error) {
	s.m.observe(q.Name, func() error { res, err = s.Store.Answer(ctx, q); return err })
	return res, err
}

func (s measuredStore) Entity(ctx context.Context, id string, known graph.KnownOn) (e *graph.Entity, err error) {
	s.m.observe("entity", func() error { e, err = s.Store.Entity(ctx, id, known); return err })
	return e, err
}

func (s measuredStore) Version(ctx context.Context) (v graph.Version, err error) {
	s.m.observe("version", func() error { v, err = s.Store.Version(ctx); return err })
	return v, err
}

func (s measuredStore) Kinds(ctx context.Context, ids []string, known graph.KnownOn) (k map[string]string, err error) {
	s.m.observe("kinds", func() error { k, err = s.Store.Kinds(ctx, ids, known); return err })
	return k, err
}

func (s measuredStore) Adhoc(ctx context.Context, req graph.AdhocRequest) (res *graph.AdhocResult, err error) {
	s.m.observe("adhoc", func() error { res, err = s.Store.Adhoc(ctx, req); return err })
	return res, err
}

func (s measuredStore) Search(ctx context.Context, q, kind string, limit int, known graph.KnownOn) (hits []graph.SearchHit, err error) {
	s.m.observe("search", func() error { hits, err = s.Store.Search(ctx, q, kind, limit, known); return err })
	return hits, err
}

func (s measuredStore) Paths(ctx context.Context, from, to string, maxLength int, w graph.Walk) (p []graph.GraphPath, g *graph.Subgraph, err error) {
	s.m.observe("paths", func() error { p, g, err = s.Store.Paths(ctx, from, to, maxLength, w); return err })
	return p, g, err
}

func (s measuredStore) Neighbourhood(ctx context.Context, id string, depth int, w graph.Walk) (g *graph.Subgraph, err error) {
	s.m.observe("neighbourhood", func() error { g, err = s.Store.Neighbourhood(ctx, id, depth, w); return err })
	return g, err
}

func (s measuredStore) Export(ctx context.Context, req graph.ExportRequest) (g *graph.Subgraph, err error) {
	s.m.observe("export", func() error { g, err = s.Store.Export(ctx, req); return err })
	return g, err
}
