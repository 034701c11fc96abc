package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/queries"
	"github.com/cyberkg/cyberkg/service"
)

func intp(n int) *int { return &n }

var asOfParam = queries.Param{Name: "as_of", Type: queries.Date, Default: "today",
	Description: "Walk the graph as it stood on this date: relationships that held then, entities dated no later."}

// knownOnParam asks what the graph said at an instant (recorded time), as
// every catalog query's known_on does.
var knownOnParam = service.KnownOnParam

var includeSourcesParam = queries.Param{Name: "include_sources", Type: queries.Boolean, Default: "false",
	Description: "Also walk through :Source nodes (skipped by default: nearly everything cites one)."}

// pathsParams are the query parameters of GET /v1/paths.
var pathsParams = []queries.Param{
	{Name: "from", Type: queries.ID, Kind: "Entity", Required: true, Description: "The entity the paths start from, by id."},
	{Name: "to", Type: queries.ID, Kind: "Entity", Required: true, Description: "The entity the paths end at, by id."},
	{Name: "max_length", Type: queries.Integer, Default: "4", Min: intp(1), Max: intp(graph.MaxPathLength), Description: "The longest path searched, in hops."},
	asOfParam,
	knownOnParam,
	includeSourcesParam,
	{Name: "limit", Type: queries.Integer, Default: "10", Min: intp(1), Max: intp(100), Description: "At most this many paths."},
}

// neighbourhoodParams are the query parameters of GET /v1/entities/{id}/neighbourhood.
var neighbourhoodParams = []queries.Param{
	{Name: "depth", Type: queries.Integer, Default: "1", Min: intp(1), Max: intp(3), Description: "How many hops out from the entity."},
	{Name: "limit", Type: queries.Integer, Default: "100", Min: intp(1), Max: intp(500), Description: "At most this many nodes; truncated says when the limit cut the walk."},
	asOfParam,
	knownOnParam,
	includeSourcesParam,
}

func handlePaths(s *server) gin.HandlerFunc {
	return func(c *gin.Context) {
		params, err := s.bindRoute(c, "GET /v1/paths", pathsParams)
		if err != nil {
			writeError(c, s.logger, err)
			return
		}
		from, to := params.String("from"), params.String("to")
		if from == to {
			writeError(c, s.logger, graph.InvalidParam("to", "from and to are the same entity %q", from))
			return
		}
		paths, g, err := s.svc.Paths(c.Request.Context(), from, to, params.Int("max_length"), walk(params))
		if err != nil {
			writeError(c, s.logger, err)
			return
		}
		c.JSON(http.StatusOK, gin.H{"from": from, "to": to, "as_of": params.Date("as_of").String(),
			"known_on": queries.FormatInstant(params.KnownOn("known_on")), "paths": paths, "graph": g})
	}
}

func handleNeighbourhood(s *server) gin.HandlerFunc {
	return func(c *gin.Context) {
		params, err := s.bindRoute(c, "GET /v1/entities/{id}/neighbourhood", neighbourhoodParams)
		if err != nil {
			writeError(c, s.logger, err)
			return
		}
		w := walk(params)
		w.Groups = true // for the explorer's drawing; exports go without
		g, err := s.svc.Neighbourhood(c.Request.Context(), c.Param("id"), params.Int("depth"), w)
		if err != nil {
			writeError(c, s.logger, err)
			return
		}
		c.JSON(http.StatusOK, gin.H{"id": c.Param("id"), "as_of": params.Date("as_of").String(),
			"known_on": queries.FormatInstant(params.KnownOn("known_on")), "depth": params["depth"], "graph": g})
	}
}

func walk(params queries.Values) graph.Walk {
	limit := params.Int("limit")
	return graph.Walk{AsOf: params.Date("as_of"), KnownOn: params.KnownOn("known_on"), IncludeSources: params.Bool("include_sources"), Limit: limit}
}

// bindRoute reads a route's query string against its parameter specs and
// checks that every id parameter names an entity of the right kind.
func (s *server) bindRoute(c *gin.Context, route string, specs []queries.Param) (queries.Values, error) {
	raw, err := singleValues(c)
	if err != nil {
		return nil, err
	}
	return s.svc.Bind(c.Request.Context(), route, specs, raw)
}

// singleValues reads the query string, refusing a parameter given twice.
func singleValues(c *gin.Context) (map[string]string, error) {
	raw := map[string]string{}
	for name, values := range c.Request.URL.Query() {
		if len(values) > 1 {
			return nil, graph.InvalidParam(name, "parameter %q is given %d times; give it once", name, len(values))
		}
		raw[name] = values[0]
	}
	return raw, nil
}
