package api

import (
	"net/http"

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
	r.GET("/v1/queries", handleListQueries())
	r.GET("/v1/queries/:name", handleRunQuery(s))
	r.GET("/v1/entities/:id", handleGetEntity(s))
	r.GET("/v1/entities/:id/neighbourhood", handleNeighbourhood(s))
	r.GET("/v1/paths", handlePaths(s))
	r.GET("/v1/export", handleExport(s))
	r.GET("/v1/search", handleSearch(s))
	r.POST("/v1/cypher", handleCypher(s))
	r.GET("/openapi.json", handleOpenAPI(s.openapi))
	r.GET("/docs", handleDocs(s.openapi))
	r.GET("/metrics", s.metrics.handler())
	r.GET("/browser/guide.html", handleBrowserFile("text/html; charset=utf-8", browser.Guide()))
	r.GET("/browser/cyberkg.grass", handleBrowserFile("text/plain; charset=utf-8", browser.Style()))
	r.NoRoute(func(c *gin.Context) {
		writeProblem(c, Problem{Status: http.StatusNotFound, Code: graph.ENOTFOUND, Detail: "no route " + c.Request.URL.Path})
	})
	r.NoMethod(func(c *gin.Context) {
		writeProblem(c, Problem{Status: http.StatusMethodNotAllowed, Code: graph.EINVALID, Detail: "method " + c.Request.Method + " is not allowed on " + c.Request.URL.Path})
	})
}

// handleBrowserFile serves the Neo4j Browser guide and style. Browser fetches
// them from its own page, on another origin, hence the CORS header.
func handleBrowserFile(contentType string, body []byte) gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Header("Access-Control-Allow-Origin", "*")
		c.Data(http.StatusOK, contentType, body)
	}
}
