package api

import (
	"net/http"
	"time"

	"github.com/gin-contrib/cors"
	"github.com/gin-gonic/gin"

	"github.com/cyberkg/cyberkg/browser"
	"github.com/cyberkg/cyberkg/graph"
)

// routes registers every route of the API.
func (s *server) routes(r *gin.Engine) {
	r.GET("/", handleExplorer())
	r.GET("/assets/*filepath", handleAssets())
	r.GET("/healthz", handleHealthz())
	r.GET("/readyz", handleReadyz(s))
	// Reads are open unless Options.AuthReads; writes take s.require(role).
	read := s.readAccess()
	r.GET("/v1/queries", read, handleListQueries())
	r.GET("/v1/queries/:name", read, handleRunQuery(s))
	r.GET("/v1/entities/:id", read, s.cachedRead(handleGetEntity(s)))
	r.GET("/v1/entities/:id/neighbourhood", read, s.cachedRead(handleNeighbourhood(s)))
	r.GET("/v1/paths", read, s.cachedRead(handlePaths(s)))
	r.GET("/v1/export", read, handleExport(s))
	r.GET("/v1/search", read, s.cachedRead(handleSearch(s)))
	r.POST("/v1/cypher", read, handleCypher(s)) // read-only Cypher: a read
	s.writeRoutes(r)
	r.GET("/openapi.json", handleOpenAPI(s.openapi))
	r.GET("/docs", handleDocs(s.docs))
	r.GET("/metrics", s.metrics.handler())
	b := r.Group("/browser", browserCORS())
	for _, f := range []struct {
		path, contentType string
		body              []byte
	}{
		{"/guide.html", "text/html; charset=utf-8", browser.Guide()},
		{"/cyberkg.grass", "text/plain; charset=utf-8", browser.Style()},
	} {
		b.GET(f.path, handleBrowserFile(f.contentType, f.body))
		b.HEAD(f.path, handleBrowserFile(f.contentType, f.body))
		b.OPTIONS(f.path, handleBrowserOptions())
	}
	r.NoRoute(func(c *gin.Context) {
		writeProblem(c, Problem{Status: http.StatusNotFound, Code: graph.ENOTFOUND, Detail: "no route " + c.Request.URL.Path})
	})
	r.NoMethod(func(c *gin.Context) {
		writeProblem(c, Problem{Status: http.StatusMethodNotAllowed, Code: graph.EINVALID, Detail: "method " + c.Request.Method + " is not allowed on " + c.Request.URL.Path})
	})
}

// browserCORS opens the Neo4j Browser guide and style to any origin: they are
// public and read-only. Browser fetches them from its own page with headers
// of its own (Sentry's tracing; no-cache for guides), so Chromium first sends
// a preflight, which this answers with 204.
func browserCORS() gin.HandlerFunc {
	return cors.New(cors.Config{
		AllowAllOrigins: true,
		AllowMethods:    []string{http.MethodGet, http.MethodHead, http.MethodOptions},
		// Those Browser 5 sends, named for clients that ignore the wildcard.
		AllowHeaders:        []string{"Sentry-Trace", "Baggage", "Cache-Control", "Pragma", "*"},
		AllowPrivateNetwork: true,
		MaxAge:              2 * time.Hour, // Chromium's cap
	})
}

// handleBrowserFile serves the Neo4j Browser guide or style. The CORS header
// is set on every answer, not only when asked, so a cached copy serves any
// origin.
func handleBrowserFile(contentType string, body []byte) gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Header("Access-Control-Allow-Origin", "*")
		c.Data(http.StatusOK, contentType, body)
	}
}

// handleBrowserOptions answers an OPTIONS that is not a preflight (those stop
// in browserCORS).
func handleBrowserOptions() gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Header("Allow", "GET, HEAD, OPTIONS")
		c.Status(http.StatusNoContent)
	}
}
