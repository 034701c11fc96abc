package api_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/graph/neo4jstore"
)

// fakeStore lets handler tests produce errors a real server rarely gives on demand.
type fakeStore struct {
	ready             func(ctx context.Context) error
	answer            func(ctx context.Context, q graph.Question) (*graph.Result, error)
	entity            func(ctx context.Context, id string, known graph.KnownOn) (*graph.Entity, error)
	kinds             func(ctx context.Context, ids []string, known graph.KnownOn) (map[string]string, error)
	search            func(ctx context.Context, q, kind string, limit int, known graph.KnownOn) ([]graph.SearchHit, error)
	adhoc             func(ctx context.Context, req graph.AdhocRequest) (*graph.AdhocResult, error)
	paths             func(ctx context.Context, from, to string, maxLength int, w graph.Walk) ([]graph.GraphPath, *graph.Subgraph, error)
	near              func(ctx context.Context, id string, depth int, w graph.Walk) (*graph.Subgraph, error)
	export            func(ctx context.Context, req graph.ExportRequest) (*graph.Subgraph, error)
	graph.Writer      // nil: these tests write nothing
	graph.ReviewQueue // nil: nor propose
}

var _ graph.Store = fakeStore{}

func (f fakeStore) Ready(ctx context.Context) error { return f.ready(ctx) }
func (f fakeStore) Answer(ctx context.Context, q graph.Question) (*graph.Result, error) {
	return f.answer(ctx, q)
}
func (f fakeStore) Entity(ctx context.Context, id string, known graph.KnownOn) (*graph.Entity, error) {
	return f.entity(ctx, id, known)
}
func (f fakeStore) Kinds(ctx context.Context, ids []string, known graph.KnownOn) (map[string]string, error) {
	return f.kinds(ctx, ids, known)
}
func (f fakeStore) Version(context.Context) (graph.Version, error) { return graph.Version{}, nil }
func (f fakeStore) ExportStream(context.Context, graph.Walk, graph.ExportSink) error {
	return errors.New("fakeStore: no streamed export")
}
func (f fakeStore) Names(context.Context, []string) ([]graph.Named, error) {
	return nil, errors.New("fakeStore: no names")
}
func (f fakeStore) EventsAttended(context.Context, string, graph.Date) ([]graph.EntityRef, error) {
	return nil, errors.New("fakeStore: no events")
}
func (f fakeStore) Search(ctx context.Context, q, kind string, limit int, known graph.KnownOn) ([]graph.SearchHit, error) {
	return f.search(ctx, q, kind, limit, known)
}

func (f fakeStore) Adhoc(ctx context.Context, req graph.AdhocRequest) (*graph.AdhocResult, error) {
	return f.adhoc(ctx, req)
}

func (f fakeStore) Paths(ctx context.Context, from, to string, maxLength int, w graph.Walk) ([]graph.GraphPath, *graph.Subgraph, error) {
	return f.paths(ctx, from, to, maxLength, w)
}

func (f fakeStore) Neighbourhood(ctx context.Context, id string, depth int, w graph.Walk) (*graph.Subgraph, error) {
	return f.near(ctx, id, depth, w)
}

func (f fakeStore) Export(ctx context.Context, req graph.ExportRequest) (*graph.Subgraph, error) {
	return f.export(ctx, req)
}

func failing(err error) fakeStore {
	return fakeStore{
		ready:  func(context.Context) error { return err },
		answer: func(context.Context, graph.Question) (*graph.Result, error) { return nil, err },
		entity: func(context.Context, string, graph.KnownOn) (*graph.Entity, error) { return nil, err },
		kinds: func(_ context.Context, ids []string, _ graph.KnownOn) (map[string]string, error) {
			out := map[string]string{}
			for _, id := range ids {
				out[id] = "Bloc"
				if len(id) == 3 {
					out[id] = "Country"
				}
			}
			return out, nil
		},
		search: func(context.Context, string, string, int, graph.KnownOn) ([]graph.SearchHit, error) { return nil, err },
		adhoc:  func(context.Context, graph.AdhocRequest) (*graph.AdhocResult, error) { return nil, err },
		paths: func(context.Context, string, string, int, graph.Walk) ([]graph.GraphPath, *graph.Subgraph, error) {
			return nil, nil, err
		},
		near:   func(context.Context, string, int, graph.Walk) (*graph.Subgraph, error) { return nil, err },
		export: func(context.Context, graph.ExportRequest) (*graph.Subgraph, error) { return nil, err },
	}
}

func TestErrorsMapToStatuses(t *testing.T) {
	secret := "bolt://admin:hunter2@db.internal:7687 exploded"
	tests := []struct {
		name   string
		err    error
		status int
	}{
		{"timeout", &graph.Error{Code: graph.ETIMEOUT, Message: "the query hit its time limit"}, 504},
		{"unavailable", &graph.Error{Code: graph.EUNAVAILABLE, Message: "the database is unreachable"}, 503},
		{"internal", errors.New(secret), 500},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newTestServer(t, failing(tt.err))
			r := do(t, "GET", srv.URL+"/v1/queries/members_with_agreement_by_bloc")
			if r.status != tt.status {
				t.Fatalf("status = %d, want %d", r.status, tt.status)
			}
			problem(graph.ErrorCode(tt.err), "")(t, r)
			if strings.Contains(r.body["detail"].(string), "hunter2") {
				t.Errorf("detail %q leaks the internal error", r.body["detail"])
			}
			if tt.status == 503 && r.header.Get("Retry-After") == "" {
				t.Errorf("503 without Retry-After")
			}
		})
	}
}

func TestUnreachableNeo4jGives503(t *testing.T) {
	// A real driver pointed at a port nothing listens on.
	driver, err := neo4jstore.Open("bolt://127.0.0.1:1", "neo4j", "x")
	if err != nil {
		t.Fatal(err)
	}
	defer driver.Close(context.Background())
	srv := newTestServer(t, neo4jstore.New(driver, "neo4j"))
	// The driver retries for a few seconds before giving up; the routes wait in parallel.
	t.Run("routes", func(t *testing.T) {
		for _, path := range []string{"/readyz", "/v1/queries/members_list_by_bloc", "/v1/entities/RUS", "/v1/search?q=Russia"} {
			t.Run(path, func(t *testing.T) {
				t.Parallel()
				r := do(t, "GET", srv.URL+path)
				if r.status != 503 || r.header.Get("Retry-After") == "" {
					t.Errorf("GET %s with Neo4j down = %d (Retry-After %q), want 503 with Retry-After", path, r.status, r.header.Get("Retry-After"))
				}
			})
		}
	})
	if r := do(t, "GET", srv.URL+"/healthz"); r.status != 200 {
		t.Errorf("GET /healthz with Neo4j down = %d, want 200: the process is alive", r.status)
	}
}
