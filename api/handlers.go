package api

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/queries"
	"github.com/cyberkg/cyberkg/service"
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

// pageParams are the paging parameters every catalog query takes besides
// its own.
var pageParams = []queries.Param{
	{Name: "limit", Type: queries.Integer, Default: strconv.Itoa(service.DefaultLimit), Min: intp(1), Max: intp(service.MaxLimit),
		Description: "At most this many rows in this page; page.next continues."},
	{Name: "cursor", Type: queries.String, MaxLength: 4000,
		Description: "The page.next of an answer: its next page, answered as the graph stood when the first page was read. Give no other parameter with it but limit."},
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
		page, err := pageOf(raw, "GET /v1/queries/"+q.Name, s.opts.Now())
		if err != nil {
			writeError(c, s.logger, err)
			return
		}
		// The answer carries the version it was read at, in the same
		// statement: a miss takes one round trip.
		var key string
		if s.cache != nil {
			key = cacheKey(c.Request.URL.Path, c.Request.URL.Query(), s.opts.Now())
			if s.serveCached(c, key) {
				return
			}
		}
		answer, err := s.svc.QueryPage(c.Request.Context(), q, raw, page)
		if err != nil {
			writeError(c, s.logger, err)
			return
		}
		body, err := appendAnswer(make([]byte, 0, 4096), answer)
		if err != nil {
			writeError(c, s.logger, err)
			return
		}
		if s.cache != nil {
			s.cache.put(key, answer.Version, body, "")
		}
		c.Data(http.StatusOK, jsonContentType, body)
	}
}

const jsonContentType = "application/json; charset=utf-8"

// pageOf takes the paging parameters out of raw and reads them.
func pageOf(raw map[string]string, what string, now time.Time) (service.PageRequest, error) {
	given := map[string]string{}
	for _, p := range pageParams {
		if v, ok := raw[p.Name]; ok {
			given[p.Name] = v
			delete(raw, p.Name)
		}
	}
	values, err := queries.Bind(what, pageParams, given, now)
	if err != nil {
		return service.PageRequest{}, err
	}
	return service.PageRequest{Limit: values.Int("limit"), Cursor: values.String("cursor")}, nil
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
		for i, g := range e.LinkGroups {
			if g.Shown < g.Count {
				rest := url.Values{"id": {e.ID}, "relationship": {g.Type}, "direction": {g.Direction}}
				if !known.Now() {
					rest.Set("known_on", queries.FormatInstant(known))
				}
				e.LinkGroups[i].Rest = "/v1/queries/" + queries.NeighboursListByEntity.Name + "?" + rest.Encode()
			}
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
