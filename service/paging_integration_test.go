package service_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/internal/neo4jtest"
	"github.com/cyberkg/cyberkg/queries"
	"github.com/cyberkg/cyberkg/seed"
	"github.com/cyberkg/cyberkg/service"
)

// Pages continue the answer their first page began, however the graph
// changes between them; a new first page sees the change.
func TestPagesContinueTheAnswerWhileTheGraphChanges(t *testing.T) {
	store := neo4jtest.Seeded(t)
	svc := service.New(store, service.Options{})
	ctx := context.Background()
	if _, err := importCSV(t, svc, statementsCSV(10, -1)); err != nil {
		t.Fatal(err)
	}
	q, raw := queries.StatementsListBySpeaker, map[string]string{"speaker": "RUS"}
	whole, err := svc.QueryPage(ctx, q, raw, service.PageRequest{Limit: service.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	if whole.Page.Total == nil || *whole.Page.Total != len(whole.Rows) || whole.Page.Next != "" || len(whole.Rows) != 10 {
		t.Fatalf("the whole answer: %d rows, page %+v; want the 10 imported, their total, no next", len(whole.Rows), whole.Page)
	}

	first, err := svc.QueryPage(ctx, q, raw, service.PageRequest{Limit: 4})
	if err != nil {
		t.Fatal(err)
	}
	if first.Page.Next == "" || first.Page.MoreThan == nil || *first.Page.MoreThan != 4 || first.Page.Total != nil {
		t.Fatalf("first page of 4: %+v; want more_than 4 and a next cursor", first.Page)
	}

	// Statements said before every other, written now: they would come
	// first, and shift every row after the first page.
	var early strings.Builder
	early.WriteString("id,by,said_on,kind,confidence,summary,about,sources\n")
	for i := range 3 {
		fmt.Fprintf(&early, "stm-early-%d,RUS,1999-01-0%d,036,50,Early statement %d,IDN,src-nextcloud-khramov-2021\n", i, i+1, i)
	}
	doc, err := seed.FromCSV("early.csv", "statements", []byte(early.String()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.ImportFacts(ctx, service.Import{Documents: []seed.Document{doc}, Caller: service.Caller{Name: "test", Role: "admin"},
		RequestHash: service.HashRequest(early.String())}); err != nil {
		t.Fatal(err)
	}

	joined := append([]map[string]any{}, first.Rows...)
	next := first.Page.Next
	for next != "" {
		page, err := svc.QueryPage(ctx, q, nil, service.PageRequest{Limit: 4, Cursor: next})
		if err != nil {
			t.Fatal(err)
		}
		if page.Page.Offset != len(joined) {
			t.Errorf("page at offset %d after %d rows", page.Page.Offset, len(joined))
		}
		joined = append(joined, page.Rows...)
		next = page.Page.Next
		if next == "" && (page.Page.Total == nil || *page.Page.Total != len(whole.Rows)) {
			t.Errorf("last page: %+v, want total %d", page.Page, len(whole.Rows))
		}
	}
	if fmt.Sprint(joined) != fmt.Sprint(whole.Rows) {
		t.Errorf("the pages after a write differ from the answer before it:\n got %d rows %v\nwant %d rows %v", len(joined), ids(joined), len(whole.Rows), ids(whole.Rows))
	}

	fresh, err := svc.QueryPage(ctx, q, raw, service.PageRequest{Limit: 4})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(fresh.Rows); !strings.HasPrefix(got, "stm-early-0 stm-early-1 stm-early-2") {
		t.Errorf("a new first page after the write = %s; want the early statements first", got)
	}
}

func ids(rows []map[string]any) string {
	var out []string
	for _, r := range rows {
		out = append(out, fmt.Sprint(r["statement"]))
	}
	return strings.Join(out, " ")
}

func TestBadPagesAreRefusedNamingTheParameter(t *testing.T) {
	store := neo4jtest.Seeded(t)
	svc := service.New(store, service.Options{})
	ctx := context.Background()
	if _, err := importCSV(t, svc, statementsCSV(3, -1)); err != nil {
		t.Fatal(err)
	}
	first, err := svc.QueryPage(ctx, queries.StatementsListBySpeaker, map[string]string{"speaker": "RUS"}, service.PageRequest{Limit: 1})
	if err != nil || first.Page.Next == "" {
		t.Fatalf("first page of 1: %+v, %v; want a next cursor", first, err)
	}
	for _, tt := range []struct {
		name  string
		q     *queries.Query
		raw   map[string]string
		page  service.PageRequest
		param string
	}{
		{"a cursor with other parameters", queries.StatementsListBySpeaker, map[string]string{"speaker": "USA"}, service.PageRequest{Cursor: first.Page.Next}, "cursor"},
		{"a cursor of another query", queries.AgreementsListByParty, nil, service.PageRequest{Cursor: first.Page.Next}, "cursor"},
		{"a made-up cursor", queries.StatementsListBySpeaker, nil, service.PageRequest{Cursor: "bm90IGEgY3Vyc29y"}, "cursor"},
		{"not base64", queries.StatementsListBySpeaker, nil, service.PageRequest{Cursor: "%%%"}, "cursor"},
		{"a limit too large", queries.StatementsListBySpeaker, nil, service.PageRequest{Limit: service.MaxLimit + 1}, "limit"},
		{"a negative limit", queries.StatementsListBySpeaker, nil, service.PageRequest{Limit: -1}, "limit"},
	} {
		_, err := svc.QueryPage(ctx, tt.q, tt.raw, tt.page)
		if graph.ErrorCode(err) != graph.EINVALID || graph.ErrorParam(err) != tt.param {
			t.Errorf("%s: error %v; want invalid, naming %s", tt.name, err, tt.param)
		}
	}
}

// An export built in memory is bounded; the whole graph as JSON streams.
func TestWholeExportsBuiltInMemoryAreBounded(t *testing.T) {
	store := neo4jtest.Seeded(t)
	svc := service.New(store, service.Options{ExportMax: 10})
	specs := service.ExportParams(service.KnownOnParam)
	_, _, err := svc.ExportSubgraph(context.Background(), "test", specs, map[string]string{"format": "graphml"})
	if graph.ErrorCode(err) != graph.EINVALID || graph.ErrorParam(err) != "format" || !strings.Contains(graph.ErrorMessage(err), "format=json streams") {
		t.Errorf("a GraphML export of more than 10 entities: %v; want invalid, naming format, pointing to json", err)
	}
	if g, _, err := svc.ExportSubgraph(context.Background(), "test", specs, map[string]string{"format": "graphml", "entity": "IDN"}); err != nil || len(g.Nodes) < 2 {
		t.Errorf("a part of the graph: %v; want it exported", err)
	}
	if !service.Streams(map[string]string{"format": "json"}) || service.Streams(map[string]string{"format": "json", "entity": "IDN"}) || service.Streams(map[string]string{"format": "csv"}) {
		t.Error("Streams: want the whole graph as JSON only")
	}
}
