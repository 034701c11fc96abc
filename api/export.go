package api

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/cyberkg/cyberkg/export"
	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/queries"
)

// exportQueryPrefix marks the parameters passed on to a catalog query, so
// they cannot collide with the export's own (both have as_of).
const exportQueryPrefix = "param."

// exportParams are the query parameters of GET /v1/export.
var exportParams = []queries.Param{
	{Name: "format", Type: queries.String, Default: "json", OneOf: []string{"json", "csv", "graphml"}, Description: "json (nodes and edges), csv (a zip of nodes.csv and edges.csv) or graphml (Gephi, yEd, networkx)."},
	{Name: "as_of", Type: queries.Date, Default: "today", Description: "Export the graph as it stood on this date: entities dated no later, relationships that held then."},
	knownOnParam,
	{Name: "include_sources", Type: queries.Boolean, Default: "true", Description: "Include :Source nodes and their edges."},
	{Name: "query", Type: queries.String, OneOf: queryNames(), Description: "Export only the entities a catalog query's answer names (and the relationships among them); pass its parameters as param.NAME=VALUE (its known_on is the export's unless param.known_on says otherwise)."},
	{Name: "entity", Type: queries.ID, Kind: "Entity", Description: "Export only this entity's neighbourhood."},
	{Name: "depth", Type: queries.Integer, Default: "1", Min: intp(1), Max: intp(3), Description: "With entity: how many hops out."},
}

func queryNames() []string {
	names := make([]string, len(queries.All))
	for i, q := range queries.All {
		names[i] = q.Name
	}
	return names
}

func handleExport(s *server) gin.HandlerFunc {
	return func(c *gin.Context) {
		g, params, err := s.exportSubgraph(c)
		if err != nil {
			writeError(c, s.logger, err)
			return
		}
		format := params.String("format")
		var buf bytes.Buffer
		if err := export.Write(&buf, format, g); err != nil {
			writeError(c, s.logger, fmt.Errorf("export %s: %w", format, err))
			return
		}
		f := export.Formats[format]
		c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="cyberkg-%s.%s"`, params.Date("as_of"), f.Extension))
		c.Data(http.StatusOK, f.MediaType, buf.Bytes())
	}
}

func (s *server) exportSubgraph(c *gin.Context) (*graph.Subgraph, queries.Values, error) {
	raw, err := singleValues(c)
	if err != nil {
		return nil, nil, err
	}
	own, forQuery := map[string]string{}, map[string]string{}
	for k, v := range raw {
		if name, ok := strings.CutPrefix(k, exportQueryPrefix); ok {
			forQuery[name] = v
		} else {
			own[k] = v
		}
	}
	ctx := c.Request.Context()
	params, err := s.svc.Bind(ctx, "GET /v1/export", exportParams, own)
	if err != nil {
		return nil, nil, err
	}
	w := graph.Walk{AsOf: params.Date("as_of"), KnownOn: params.KnownOn("known_on"), IncludeSources: params.Bool("include_sources"), Limit: 500}
	name := params.String("query")
	entity := params.String("entity")
	switch {
	case name != "" && entity != "":
		return nil, nil, graph.InvalidParam("entity", "give query or entity, not both")
	case len(forQuery) > 0 && name == "":
		return nil, nil, graph.InvalidParam("query", "param.* parameters need a query to go to")
	case entity != "":
		g, err := s.svc.Neighbourhood(ctx, entity, params.Int("depth"), w)
		return g, params, err
	case name != "":
		q, _ := queries.ByName(name)
		// The query answers as the graph stood when the export asks.
		if _, given := forQuery["known_on"]; !given && own["known_on"] != "" {
			forQuery["known_on"] = own["known_on"]
		}
		g, err := s.svc.QuerySubgraph(ctx, q, forQuery, w)
		return g, params, err
	default:
		g, err := s.svc.Export(ctx, graph.ExportRequest{Walk: w})
		return g, params, err
	}
}
