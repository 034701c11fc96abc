// Package service is what users can do with the graph, whether they come
// through HTTP or the command line: answer a catalog question, read an
// entity, walk, search, export, run their own Cypher. It knows the domain
// and the catalog, not HTTP and not Neo4j.
package service

import (
	"context"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/queries"
)

// Options tune a service; the zero value is usable.
type Options struct {
	// Now gives the current time; "today" in as-of questions comes from it.
	Now func() time.Time
	// QueryTimeout bounds each catalog query (default 15s).
	QueryTimeout time.Duration
	// ImportBatch is how many facts an import writes per transaction
	// (default ImportBatch).
	ImportBatch int
	// ExportMax is the most entities an export built in memory holds
	// (default MaxExportInMemory); ExportStream has no bound.
	ExportMax int
}

// Service offers the operations over a store. The store's own operations
// (entities, walks, search, export, ad-hoc Cypher, readiness) pass through.
type Service struct {
	graph.Store
	opts    Options
	exports chan struct{} // a slot per whole-graph export running
}

// New returns the service over store.
func New(store graph.Store, opts Options) *Service {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.QueryTimeout <= 0 {
		opts.QueryTimeout = 15 * time.Second
	}
	if opts.ImportBatch <= 0 {
		opts.ImportBatch = ImportBatch
	}
	if opts.ExportMax <= 0 {
		opts.ExportMax = MaxExportInMemory
	}
	return &Service{Store: store, opts: opts, exports: make(chan struct{}, ExportStreams)}
}

// Now is the service's current time.
func (s *Service) Now() time.Time { return s.opts.Now() }

// Answer is the answer to a catalog question: one page of it.
type Answer struct {
	Query    string           `json:"query"`
	Params   map[string]any   `json:"params"`
	Columns  []string         `json:"columns"`
	Rows     []map[string]any `json:"rows"`
	RowCount int              `json:"row_count"`
	Page     PageInfo         `json:"page"`
	// Version is the graph's version the answer was read at.
	Version graph.Version `json:"-"`
}

// PageInfo says where a page lies in the whole answer.
type PageInfo struct {
	Offset int `json:"offset"`
	Limit  int `json:"limit"`
	// Total is the number of rows of the whole answer, known once a page
	// reaches its end; until then the answer has more than MoreThan rows
	// (those up to this page's end), and Next continues it.
	Total    *int   `json:"total,omitempty"`
	MoreThan *int   `json:"more_than,omitempty"`
	Next     string `json:"next,omitempty"`
}

// Paging: a page has DefaultLimit rows unless it asks for fewer or more,
// up to MaxLimit.
const (
	DefaultLimit = 100
	MaxLimit     = 1000
)

// PageRequest is which page of an answer to give: the first (Cursor empty)
// of the question's parameters, or the one a cursor continues to.
type PageRequest struct {
	Limit  int // 0: DefaultLimit
	Cursor string
}

// QueryAll binds raw parameters and answers the catalog question whole,
// however many rows it has: only for the callers inside cyberkg that must
// see all of it (the news reader matching an article against a party's
// agreements); the API and the CLI answer a page (QueryPage). An id
// parameter that names no entity of its kind is a 404 or a 400, not an
// empty answer; it is checked only when the answer is empty, since rows
// prove every id (each query matches its ids on their kind's label, as
// known then: queries' TestEveryIDParameterIsMatchedOnItsKindAndKnown), so
// a question that has an answer takes one round trip, not two.
func (s *Service) QueryAll(ctx context.Context, q *queries.Query, raw map[string]string) (*Answer, error) {
	return s.answer(ctx, q, raw, 0, 0)
}

// QueryPage is QueryAll for one page, as the API and the CLI answer: limit
// rows (DefaultLimit when 0). The first page is read as the graph stands;
// its Next cursor carries the question with its dates resolved and known_on
// pinned to the graph's version then, so the pages after it continue the
// same answer however the graph changes meanwhile.
func (s *Service) QueryPage(ctx context.Context, q *queries.Query, raw map[string]string, page PageRequest) (*Answer, error) {
	limit := page.Limit
	if limit == 0 {
		limit = DefaultLimit
	}
	if limit < 1 || limit > MaxLimit {
		return nil, graph.InvalidParam("limit", "parameter limit: %d is out of range 1..%d", limit, MaxLimit)
	}
	offset := 0
	if page.Cursor != "" {
		if len(raw) > 0 {
			return nil, graph.InvalidParam("cursor", "a cursor carries its question's parameters: send only cursor (and limit), not %s", strings.Join(slices.Sorted(maps.Keys(raw)), ", "))
		}
		c, err := readCursor(page.Cursor, q.Name)
		if err != nil {
			return nil, err
		}
		raw, offset = c.Params, c.Offset
	}
	return s.answer(ctx, q, raw, offset, limit)
}

// answer reads rows offset.. of the answer: limit of them and whether there
// are more, or with limit 0 every row.
func (s *Service) answer(ctx context.Context, q *queries.Query, raw map[string]string, offset, limit int) (*Answer, error) {
	params, err := q.Bind(raw, s.opts.Now())
	if err != nil {
		return nil, err
	}
	read := graph.Page{} // every row
	if limit > 0 {
		read = graph.Page{Offset: offset, Limit: limit + 1} // one more tells whether there are more
	}
	res, err := s.Answer(ctx, graph.Question{Name: q.Name, Params: params, Timeout: s.opts.QueryTimeout, Page: read})
	if err != nil {
		return nil, err
	}
	if len(res.Rows) == 0 && offset == 0 {
		if err := s.CheckIDs(ctx, q.Params, params); err != nil {
			return nil, err
		}
	}
	shown := make(map[string]any, len(params))
	for k, v := range params {
		switch x := v.(type) {
		case graph.Date:
			v = x.Time.Format(time.DateOnly)
		case graph.KnownOn:
			v = queries.FormatInstant(x)
		}
		shown[k] = v
	}
	info := PageInfo{Offset: offset, Limit: limit}
	rows := res.Rows
	if limit > 0 && len(rows) > limit {
		rows = rows[:limit]
		more := offset + limit
		info.MoreThan = &more
		if info.Next, err = nextCursor(q, shown, offset+limit, res.Version); err != nil {
			return nil, err
		}
	} else {
		total := offset + len(rows)
		info.Total = &total
	}
	return &Answer{Query: q.Name, Params: shown, Columns: res.Columns, Rows: rows, RowCount: len(rows), Page: info, Version: res.Version}, nil
}

// Bind reads raw parameters against specs (what names the caller in
// errors: a route, a command) and checks every id parameter.
func (s *Service) Bind(ctx context.Context, what string, specs []queries.Param, raw map[string]string) (queries.Values, error) {
	params, err := queries.Bind(what, specs, raw, s.opts.Now())
	if err != nil {
		return nil, err
	}
	return params, s.CheckIDs(ctx, specs, params)
}

// CheckIDs checks that every id parameter names an entity of the kind its
// spec wants, in one round trip: one the graph knew on the instant parameter
// (known_on) if there is one, else one it knows now.
func (s *Service) CheckIDs(ctx context.Context, specs []queries.Param, params map[string]any) error {
	want := map[string]string{} // param -> required kind
	var ids []string
	var known graph.KnownOn
	for _, p := range specs {
		if id, ok := params[p.Name].(string); ok && p.Type == queries.ID {
			want[p.Name] = p.Kind
			ids = append(ids, id)
		}
		if k, ok := params[p.Name].(graph.KnownOn); ok && p.Type == queries.Instant {
			known = k
		}
	}
	if len(ids) == 0 {
		return nil
	}
	kinds, err := s.Kinds(ctx, ids, known)
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
			when := ""
			if !known.Now() {
				when = " known on " + queries.FormatInstant(known)
			}
			return &graph.Error{Code: graph.ENOTFOUND, Param: p.Name, Message: "no entity with id " + strconv.Quote(id) + when + " (parameter " + p.Name + "); GET /v1/search?q= finds ids"}
		case kind != "Entity" && got != kind:
			return graph.InvalidParam(p.Name, "%q is a %s; parameter %s wants a %s", id, got, p.Name, kind)
		}
	}
	return nil
}

// QuerySubgraph is the subgraph a catalog answer speaks of: the entities
// its first page (DefaultLimit rows) names and those its parameters name (the bloc, the
// country…), with the relationships among them, as of the walk's date;
// truncated when the answer has more pages.
func (s *Service) QuerySubgraph(ctx context.Context, q *queries.Query, raw map[string]string, w graph.Walk) (*graph.Subgraph, error) {
	answer, err := s.QueryPage(ctx, q, raw, PageRequest{})
	if err != nil {
		return nil, err
	}
	ids := map[string]bool{}
	collectStrings(answer.Params, ids)
	for _, row := range answer.Rows {
		collectStrings(row, ids)
	}
	list := make([]string, 0, len(ids))
	for id := range ids {
		list = append(list, id)
	}
	sort.Strings(list)
	sub, err := s.Export(ctx, graph.ExportRequest{IDs: list, Walk: w})
	if err != nil {
		return nil, err
	}
	// Its first page only: a viewer says so.
	sub.Truncated = sub.Truncated || answer.Page.Next != ""
	return sub, nil
}

// collectStrings gathers every string in a query answer: ids among them
// name the entities of the query's subgraph (Export ignores the rest).
func collectStrings(v any, into map[string]bool) {
	switch x := v.(type) {
	case string:
		into[x] = true
	case []any:
		for _, e := range x {
			collectStrings(e, into)
		}
	case map[string]any:
		for _, e := range x {
			collectStrings(e, into)
		}
	}
}
