package api

import (
	"context"
	"net/http"
	"strconv"
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
		if err := s.store.Ready(ctx); err != nil {
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

// QueryAnswer is the body of a successful catalog query.
type QueryAnswer struct {
	Query    string           `json:"query"`
	Params   map[string]any   `json:"params"`
	Columns  []string         `json:"columns"`
	Rows     []map[string]any `json:"rows"`
	RowCount int              `json:"row_count"`
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
		answer, err := RunQuery(c.Request.Context(), s.store, q, raw, s.opts.Now(), s.opts.QueryTimeout)
		if err != nil {
			writeError(c, s.logger, err)
			return
		}
		c.JSON(http.StatusOK, answer)
	}
}

// RunQuery binds raw parameters, checks that every id parameter names an
// entity of the right kind, and runs the query. The CLI uses it too, so both
// answer alike.
func RunQuery(ctx context.Context, store graph.Store, q *queries.Query, raw map[string]string, now time.Time, timeout time.Duration) (*QueryAnswer, error) {
	params, err := q.Bind(raw, now)
	if err != nil {
		return nil, err
	}
	if err := checkIDs(ctx, store, q.Params, params); err != nil {
		return nil, err
	}
	res, err := store.Read(ctx, graph.Statement{Name: q.Name, Cypher: q.Cypher, Params: params, Timeout: timeout})
	if err != nil {
		return nil, err
	}
	shown := make(map[string]any, len(params))
	for k, v := range params {
		if d, ok := v.(graph.Date); ok {
			v = d.Time.Format(time.DateOnly)
		}
		shown[k] = v
	}
	return &QueryAnswer{Query: q.Name, Params: shown, Columns: res.Columns, Rows: res.Rows, RowCount: len(res.Rows)}, nil
}

func checkIDs(ctx context.Context, store graph.Store, specs []queries.Param, params map[string]any) error {
	want := map[string]string{} // param -> required kind
	var ids []string
	for _, p := range specs {
		if id, ok := params[p.Name].(string); ok && p.Type == queries.ID {
			want[p.Name] = p.Kind
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	kinds, err := store.Kinds(ctx, ids)
	if err != nil {
		return err
	}
	for _, p := range specs {
		kind, ok := want[p.Name]
		if !ok {
			continue
		}
		id := params[p.Name].(string)
		got, found := kinds[id]
		switch {
		case !found:
			return &graph.Error{Code: graph.ENOTFOUND, Param: p.Name, Message: "no entity with id " + strconv.Quote(id) + " (parameter " + p.Name + "); GET /v1/search?q= finds ids"}
		case kind != "Entity" && got != kind:
			return graph.InvalidParam(p.Name, "%q is a %s; parameter %s wants a %s", id, got, p.Name, kind)
		}
	}
	return nil
}

func handleGetEntity(s *server) gin.HandlerFunc {
	return func(c *gin.Context) {
		e, err := s.store.Entity(c.Request.Context(), c.Param("id"))
		if err != nil {
			writeError(c, s.logger, err)
			return
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
}

func handleSearch(s *server) gin.HandlerFunc {
	return func(c *gin.Context) {
		params, err := s.bindRoute(c, "GET /v1/search", searchParams)
		if err != nil {
			writeError(c, s.logger, err)
			return
		}
		q := params["q"].(string)
		if !utf8.ValidString(q) {
			writeError(c, s.logger, graph.InvalidParam("q", "parameter q is not valid UTF-8"))
			return
		}
		kind, _ := params["kind"].(string)
		hits, err := s.store.Search(c.Request.Context(), q, kind, params["limit"].(int))
		if err != nil {
			writeError(c, s.logger, err)
			return
		}
		c.JSON(http.StatusOK, gin.H{"query": q, "hits": hits})
	}
}
