package neo4jstore_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/graph/neo4jstore"
	"github.com/cyberkg/cyberkg/internal/neo4jtest"
)

// dummy is a value of each type a statement header may declare: EXPLAIN
// needs the parameters, not meaningful values.
var dummy = map[string]any{
	"string":       "x",
	"integer":      int64(1),
	"boolean":      false,
	"date":         graph.Date{Time: time.Date(2021, 6, 28, 0, 0, 0, 0, time.UTC), Precision: graph.Day},
	"datetime":     time.Date(2021, 6, 28, 12, 0, 0, 0, time.UTC),
	"map":          map[string]any{"id": "x"},
	"list<string>": []string{"x"},
	"list<map>":    []any{},
}

// Every statement of the store plans on the real server, and every read is
// read-only by the server's own verdict. Writes, the seed load's and the
// migrations', need only plan. SHOW and TERMINATE TRANSACTIONS plan too
// (Neo4j 5 plans administration commands), so none is exempt.
func TestEveryStatementPlans(t *testing.T) {
	store := neo4jtest.Seeded(t)
	all := append(neo4jstore.Statements(), neo4jstore.MigrationStatements()...)
	for _, st := range all {
		params := map[string]any{}
		for name, typ := range st.Params {
			v, ok := dummy[strings.TrimSuffix(typ, "?")]
			if !ok {
				t.Errorf("%s: parameter $%s has type %q, which this test has no value for", st.Name, name, typ)
			}
			params[name] = v
		}
		typ, err := store.Explain(context.Background(), st.Name, st.Cypher, params)
		if err != nil {
			t.Errorf("EXPLAIN %s: %v", st.Name, err)
			continue
		}
		if !st.Write && typ != "r" {
			t.Errorf("EXPLAIN %s: statement type %q, want r (read only)", st.Name, typ)
		}
	}
}
