package cypherguard

import (
	"strings"
	"testing"
)

func leaf(op, details string, rows float64) Plan {
	return Plan{Operator: op + "@neo4j", Details: details, EstimatedRows: rows}
}

func root(children ...Plan) Plan {
	return Plan{Operator: "ProduceResults@neo4j", EstimatedRows: 1, Children: children}
}

func TestCheck(t *testing.T) {
	p := Default("neo4j")
	tests := []struct {
		name    string
		typ     string
		plan    Plan
		refusal string // "" means allowed
	}{
		{"simple read", "r", root(leaf("AllNodesScan", "n", 200)), ""},
		{"write", "rw", root(leaf("Create", "(n:X)", 1)), "writes"},
		{"schema", "s", root(leaf("CreateIndex", "", 1)), "schema"},
		{"unknown type", "", root(), "classify"},
		{"load csv", "r", root(leaf("LoadCSV", "l", 10)), "LOAD CSV"},
		{"batched transactions", "r", root(leaf("TransactionApply", "IN TRANSACTIONS OF 1000 ROWS", 10)), "IN TRANSACTIONS"},
		{"admin on system", "r", Plan{Operator: "AdministrationCommand@system"}, `database "system"`},
		{"other database", "r", root(Plan{Operator: "AllNodesScan@other"}), `database "other"`},
		{"allowed procedure", "r", root(leaf("ProcedureCall", "db.labels() :: (label :: STRING)", 10)), ""},
		{"refused procedure", "r", root(leaf("ProcedureCall", "dbms.listConfig() :: (name :: STRING)", 10)), "procedure dbms.listConfig"},
		{"show indexes", "r", root(leaf("ShowIndexes", "allIndexes", 10)), ""},
		{"show transactions", "r", root(leaf("ShowTransactions", "", 10)), "SHOW TRANSACTIONS"},
		{"terminate", "r", root(leaf("TerminateTransactions", "", 10)), "TERMINATE TRANSACTIONS"},
		{"unbounded expansion", "r", root(leaf("VarLengthExpand(All)", "(a)-[anon_0*]->(b)", 100)), "upper bound"},
		{"open-ended expansion", "r", root(leaf("VarLengthExpand(All)", "(a)-[r*2..]->(b)", 100)), "upper bound"},
		{"too deep", "r", root(leaf("VarLengthExpand(All)", "(a)-[anon_0*..50]->(b)", 100)), "at most 8 hops"},
		{"bounded", "r", root(leaf("VarLengthExpand(All)", "(a)-[anon_0*..3]->(b)", 100)), ""},
		{"exact length", "r", root(leaf("VarLengthExpand(All)", "(a)-[anon_0*3]->(b)", 100)), ""},
		{"exact length too long", "r", root(leaf("VarLengthExpand(Into)", "(a)-[anon_0*30]->(b)", 100)), "at most 8 hops"},
		{"unbounded quantifier", "r", root(leaf("Repeat(Trail)", "(a) ((x)-[]->(y)){1, *} (b)", 100)), "quantified"},
		{"bounded quantifier", "r", root(leaf("Repeat(Trail)", "(a) ((x)-[]->(y)){1, 3} (b)", 100)), ""},
		{"explosive estimate deep in the plan", "r", root(Plan{Operator: "EagerAggregation@neo4j", EstimatedRows: 1,
			Children: []Plan{leaf("CartesianProduct", "", 2e9)}}), "about 2e+09 rows"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := p.Check(tt.typ, tt.plan)
			switch {
			case tt.refusal == "" && err != nil:
				t.Errorf("Check(%s) = %v, want allowed", tt.name, err)
			case tt.refusal != "" && (err == nil || !strings.Contains(err.Error(), tt.refusal)):
				t.Errorf("Check(%s) = %v, want a refusal mentioning %q", tt.name, err, tt.refusal)
			}
		})
	}
}
