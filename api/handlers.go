package api

import (
	"context"
	"net/http"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/queries"
)

func handleHealthz() gin.HandlerFunc {
	return func(c *gin.Context) {
		c.JSON(http.StatusOK, gin.H{"status": "ok"})
	}
}

func handleReadyz(s *server) gin.HandlerFunc {
	return func(c *gin.Context) {
		ctx, cancel := context.WithTimeout(c.Request.Context(), 5*time.Second)
		defer cancel()
		if err := s.svc.Ready(ctx); err != nil {
			if graph.ErrorCode(err) != graph.EUNAVAILABLE {
				err = &graph.Error{Code: graph.EUNAVAILABLE, Message: "not ready: " + graph.ErrorMessage(err)}
			}
			writeError(c, s.logger, err)
			return
		}
		c.JSON(http.StatusOK, gin.H{"status": "ready"})
	}
}

func handleListQueries() gin.HandlerFunc {
	return func(c *gin.Context) {
		c.JSON(http.StatusOK, gin.H{"queries": queries.All})
	}
}

func handleRunQuery(s *server) gin.HandlerFunc {
	return func(c *gin.Context) {
		q, ok := queries.ByName(c.Param("name"))
		if !ok {
			writeError(c, s.logger, graph.Errorf(graph.ENOTFOUND, "no query named %q; GET /v1/queries lists them", c.Param("name")))
			return
		}
		raw, err := singleValues(c)
		if err != nil {
			writeError(c, s.logger, err)
			return
		}
		answer, err := s.svc.Query(c.Request.Context(), q, raw)
		if err != nil {
			writeError(c, s.logger, err)
			return
		}
		c.JSON(http.StatusOK, answer)
	}
}

// entityParams are the query parameters of GET /v1/entities/{id}.
var entityParams = []queries.Param{knownOnParam}

func handleGetEntity(s *server) gin.HandlerFunc {
	return func(c *gin.Context) {
		params, err := s.bindRoute(c, "GET /v1/entities/{id}", entityParams)
		if err != nil {
			writeError(c, s.logger, err)
			return
		}
		known := params.KnownOn("known_on")
		e, err := s.svc.Entity(c.Request.Context(), c.Param("id"), known)
		if err != nil {
			writeError(c, s.logger, err)
			return
		}
		if known.Now() {
			// The version a PUT or DELETE names in If-Match; an entity
			// written before versions were kept is at version 1.
			version := 1
			if v, ok := e.Properties["version"].(int64); ok {
				version = int(v)
			}
			c.Header("ETag", etag(version))
		}
		c.JSON(http.StatusOK, e)
	}
}

// searchParams are the query parameters of GET /v1/search. The text is
// bounded because names are short and Lucene's work grows with the query.
var searchParams = []queries.Param{
	{Name: "q", Type: queries.String, Required: true, MaxLength: 200, Description: "The text to find in names and aliases, in any language; typos are tolerated."},
	{Name: "kind", Type: queries.String, OneOf: graph.KindLabels, Description: "Only entities of this kind."},
	{Name: "limit", Type: queries.Integer, Default: "10", Min: intp(1), Max: intp(50), Description: "At most this many hits."},
	knownOnParam,
}

func handleSearch(s *server) gin.HandlerFunc {
	return func(c *gin.Context) {
		params, err := s.bindRoute(c, "GET /v1/search", searchParams)
		if err != nil {
			writeError(c, s.logger, err)
			return
		}
		q := params.String("q")
		if !utf8.ValidString(q) {
			writeError(c, s.logger, graph.InvalidParam("q", "parameter q is not valid UTF-8"))
			return
		}
		kind := params.String("kind")
		hits, err := s.svc.Search(c.Request.Context(), q, kind, params.Int("limit"), params.KnownOn("known_on"))
		if err != nil {
			writeError(c, s.logger, err)
			return
		}
		c.JSON(http.StatusOK, gin.H{"query": q, "hits": hits})
	}
}
