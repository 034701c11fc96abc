package service_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/internal/neo4jtest"
	"github.com/cyberkg/cyberkg/seed"
	"github.com/cyberkg/cyberkg/service"
)

// statementsCSV is n statements by RUS about IDN; the one numbered bad, if
// any, reuses the id of a country, which only the write can find out.
func statementsCSV(n, bad int) []byte {
	var b strings.Builder
	b.WriteString("id,by,said_on,kind,confidence,summary,about,sources\n")
	for i := range n {
		id := fmt.Sprintf("stm-batch-%02d", i)
		if i == bad {
			id = "BRA"
		}
		fmt.Fprintf(&b, "%s,RUS,2025-01-%02d,036,50,Batch statement %d,IDN,src-nextcloud-khramov-2021\n", id, i+1, i)
	}
	return []byte(b.String())
}

func importCSV(t *testing.T, svc *service.Service, data []byte) (*graph.ChangeReport, error) {
	t.Helper()
	doc, err := seed.FromCSV("batch.csv", "statements", data)
	if err != nil {
		t.Fatal(err)
	}
	return svc.ImportFacts(context.Background(), service.Import{Documents: []seed.Document{doc},
		Caller: service.Caller{Name: "test", Role: "admin"}, RequestHash: service.HashRequest(string(data))})
}

// A large import is written in batches; when one fails, those before it
// stay, and the import run again resumes after them.
func TestImportInBatchesResumes(t *testing.T) {
	store := neo4jtest.Seeded(t)
	svc := service.New(store, service.Options{ImportBatch: 3})

	_, err := importCSV(t, svc, statementsCSV(10, 7))
	if err == nil || !strings.Contains(err.Error(), "batch 3 of 4 failed") || !strings.Contains(err.Error(), "run the same import again") {
		t.Fatalf("import with a bad 8th fact = %v, want batch 3 of 4 failed, with how to resume", err)
	}
	if n := neo4jtest.Query(t, "MATCH (s:Statement) WHERE s.id STARTS WITH 'stm-batch-' RETURN count(s)"); n != "6" {
		t.Errorf("statements written before the failing batch = %s, want 6 (batches 1 and 2)", n)
	}

	report, err := importCSV(t, svc, statementsCSV(10, -1))
	if err != nil {
		t.Fatal(err)
	}
	if c := report.Counts; c[graph.Unchanged] != 6 || c[graph.Created] != 4 || c["batches"] != 4 {
		t.Errorf("the fixed import = %v, want 6 unchanged, 4 created, in 4 batches", c)
	}
	if n := neo4jtest.Query(t, "MATCH (s:Statement) WHERE s.id STARTS WITH 'stm-batch-' RETURN count(s)"); n != "10" {
		t.Errorf("statements after resuming = %s, want 10", n)
	}
	// The same file again: every fact unchanged, nothing written.
	again, err := importCSV(t, svc, statementsCSV(10, -1))
	if err != nil || again.Counts[graph.Unchanged] != 10 || again.Change != "" {
		t.Errorf("the same import again = %+v, %v, want 10 unchanged and no change", again, err)
	}
}
