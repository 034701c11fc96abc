package api_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/service"
)

// A whole-graph export built in memory (CSV, GraphML, STIX) holds a copy of
// the graph until it is written, so it takes one of the slots a streamed
// one takes: while every slot is building, the next whole-graph export,
// in any format, is refused at once with 429 and Retry-After; once they are
// written their slots are free again, however many exports follow.
func TestWholeGraphExportsInMemoryTakeTheExportSlots(t *testing.T) {
	building := make(chan struct{}, service.ExportStreams)
	finish := make(chan struct{})
	store := failing(errors.New("not asked in this test"))
	var once sync.Once
	var started atomic.Int32
	store.export = func(context.Context, graph.ExportRequest) (*graph.Subgraph, error) {
		if started.Add(1) <= service.ExportStreams { // the first exports: held until finish
			building <- struct{}{}
			<-finish
		}
		return &graph.Subgraph{Nodes: []graph.GraphNode{{ID: "RUS", Kind: "Country", Name: "Russia", Properties: map[string]any{}}}, Edges: []graph.GraphEdge{}}, nil
	}
	srv := newTestServer(t, store)
	release := func() { once.Do(func() { close(finish) }) }
	defer release()

	var wg sync.WaitGroup
	statuses := make([]int, service.ExportStreams)
	for i := range service.ExportStreams {
		wg.Go(func() {
			res, err := http.Get(srv.URL + "/v1/export?format=csv")
			if err != nil {
				t.Error(err)
				building <- struct{}{} // not to wait for it below
				return
			}
			_, _ = io.Copy(io.Discard, res.Body)
			res.Body.Close()
			statuses[i] = res.StatusCode
		})
	}
	for range service.ExportStreams {
		<-building
	}
	for _, format := range []string{"csv", "graphml", "stix", "json"} {
		status, header, body := get(t, srv.URL+"/v1/export?format="+format)
		if status != http.StatusTooManyRequests || header.Get("Retry-After") == "" || !strings.Contains(body, "whole-graph exports are running") {
			t.Errorf("a whole-graph %s export while %d are built: %d, Retry-After %q, %.200q; want 429 saying why", format, service.ExportStreams, status, header.Get("Retry-After"), body)
		}
	}
	release()
	wg.Wait()
	for i, status := range statuses {
		if status != 200 {
			t.Errorf("whole-graph CSV export %d within the slots: %d, want 200", i, status)
		}
	}
	for i := range service.ExportStreams + 1 {
		if status, _, body := get(t, srv.URL+"/v1/export?format=csv"); status != 200 {
			t.Errorf("whole-graph CSV export %d after the first were written: %d %s; want 200, their slots free again", i, status, body)
		}
	}
}
