package service_test

import (
	"context"
	"strings"
	"testing"

	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/internal/neo4jtest"
	"github.com/cyberkg/cyberkg/seed"
	"github.com/cyberkg/cyberkg/service"
)

// A load in parts prepares a part while the one before is written: the ids
// that one defines pass validation as pending, and the write still refuses a
// part whose pending ids never reached the graph.
func TestPreparedImportsNamePendingIDs(t *testing.T) {
	store := neo4jtest.Seeded(t)
	svc := service.New(store, service.Options{})
	ctx := context.Background()
	caller := service.Caller{Name: "test", Role: "admin"}
	first := seed.Document{Name: "first.yaml", Data: []byte(`sources:
  - {id: src-zz-pending, title: Pending source, publisher: Zz, reliability: C}
`)}
	second := seed.Document{Name: "second.yaml", Data: []byte(`statements:
  - {id: stm-zz-pending, by: RUS, said_on: 2025-01-01, kind: "036", confidence: 50, summary: Zz said so, about: [IDN], sources: [src-zz-pending]}
`)}

	a, err := svc.PrepareImport(ctx, service.Import{Documents: []seed.Document{first}, Caller: caller})
	if err != nil {
		t.Fatal(err)
	}
	if got := a.Defines(); len(got) != 1 || got["src-zz-pending"] != "Source" || a.Len() != 1 {
		t.Fatalf("Defines() = %v, Len() = %d; want src-zz-pending as a Source, one fact", got, a.Len())
	}
	if _, err := svc.PrepareImport(ctx, service.Import{Documents: []seed.Document{second}, Caller: caller}); err == nil || !strings.Contains(err.Error(), "src-zz-pending") {
		t.Errorf("PrepareImport(second) without pending ids = %v, want src-zz-pending refused", err)
	}
	b, err := svc.PrepareImport(ctx, service.Import{Documents: []seed.Document{second}, Caller: caller, Pending: a.Defines()})
	if err != nil {
		t.Fatalf("PrepareImport(second) with the first's ids pending: %v", err)
	}
	// Written out of order, the second names a source that is not there.
	if _, err := svc.WriteImport(ctx, b); graph.ErrorCode(err) != graph.EINVALID {
		t.Errorf("WriteImport(second) before the first = %v, want invalid", err)
	}
	for _, p := range []*service.PreparedImport{a, b} {
		if rep, err := svc.WriteImport(ctx, p); err != nil || rep.Counts[graph.Created] != 1 {
			t.Fatalf("WriteImport in order = %+v, %v; want one fact created", rep, err)
		}
	}
	if n := neo4jtest.Query(t, "MATCH (:Statement {id: 'stm-zz-pending'})-[:REPORTED_IN]->(:Source {id: 'src-zz-pending'}) RETURN count(*)"); n != "1" {
		t.Errorf("the statement cites its source %s times, want 1", n)
	}
}
