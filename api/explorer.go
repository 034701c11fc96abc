package api

import (
	"io/fs"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/web"
)

// handleExplorer serves the explorer's page, or says how to build it when
// this binary was compiled without it.
func handleExplorer() gin.HandlerFunc {
	page, err := fs.ReadFile(web.Files(), "index.html")
	return func(c *gin.Context) {
		if err != nil {
			writeProblem(c, Problem{Status: http.StatusServiceUnavailable, Code: graph.EUNAVAILABLE,
				Detail: "the explorer was not built into this binary: run 'make web' (npm ci && npm run build in web/), then rebuild"})
			return
		}
		c.Data(http.StatusOK, "text/html; charset=utf-8", page)
	}
}

// handleAssets serves the explorer's script and stylesheet.
func handleAssets() gin.HandlerFunc {
	assets, err := fs.Sub(web.Files(), "assets")
	if err != nil {
		assets = web.Files()
	}
	server := http.StripPrefix("/assets/", http.FileServerFS(assets))
	return func(c *gin.Context) {
		if _, err := fs.Stat(assets, c.Param("filepath")[1:]); err != nil {
			writeProblem(c, Problem{Status: http.StatusNotFound, Code: graph.ENOTFOUND, Detail: "no asset " + c.Request.URL.Path})
			return
		}
		c.Header("Cache-Control", "no-cache")
		server.ServeHTTP(c.Writer, c.Request)
	}
}
