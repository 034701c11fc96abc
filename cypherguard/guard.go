// Package cypherguard decides whether an analyst's own Cypher may run, from
// the plan the server itself made of it (EXPLAIN), not from keywords: the
// statement type must be read-only, the plan may use only read operators on
// our database, only allowlisted procedures, no LOAD CSV or batched
// transactions, no unbounded variable-length expansion, and no step the
// planner expects to touch more rows than a limit.
package cypherguard

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Plan is the part of a Neo4j execution plan the guard reads.
type Plan struct {
	Operator      string // e.g. "VarLengthExpand(All)@neo4j": the operator and the database it runs in
	Details       string
	EstimatedRows float64
	Children      []Plan
}

// Policy holds the limits. The zero value is not usable; start from Default.
type Policy struct {
	Database         string  // the only database a plan may touch
	MaxPathLength    int     // longest variable-length expansion allowed
	MaxEstimatedRows float64 // refuse when any step is expected to produce more rows
}

// Default is the policy the API uses unless configured otherwise.
func Default(database string) Policy {
	return Policy{Database: database, MaxPathLength: 8, MaxEstimatedRows: 1e7}
}

// Refusal says why a statement may not run. It is safe to show to the client.
type Refusal struct {
	Reason string
}

func (r *Refusal) Error() string { return r.Reason }

// Procedures an analyst may call: schema introspection and full-text search.
var allowedProcedures = []string{
	"db.labels", "db.relationshipTypes", "db.propertyKeys", "db.info", "db.ping",
	"db.schema.visualization", "db.schema.nodeTypeProperties", "db.schema.relTypeProperties",
	"db.index.fulltext.queryNodes", "db.index.fulltext.queryRelationships",
	"db.index.fulltext.listAvailableAnalyzers", "dbms.components",
}

// SHOW commands that only describe the schema or the callable functions.
var allowedShow = []string{"ShowIndexes", "ShowConstraints", "ShowProcedures", "ShowFunctions"}

// Operators that are never allowed, whatever the statement type says.
var refusedOperators = map[string]string{
	"LoadCSV":               "LOAD CSV is not allowed: it reads files and URLs from the server",
	"TransactionApply":      "CALL { … } IN TRANSACTIONS is not allowed: it commits in batches",
	"TransactionForeach":    "CALL { … } IN TRANSACTIONS is not allowed: it commits in batches",
	"AdministrationCommand": "administration commands are not allowed",
	"SystemProcedureCall":   "system procedures are not allowed",
}

var (
	operatorName = regexp.MustCompile(`^([A-Za-z]+)`)
	// "(a)-[anon_0*2..5]->(b)": the bounds of a variable-length relationship.
	varLength = regexp.MustCompile(`\*(\d*)(\.\.(\d*))?\]`)
	// "{1, *}" or "{2, 5}": the bounds of a quantified path pattern.
	quantifier = regexp.MustCompile(`\{(\d+), (\*|\d+)\}`)
)

// Check returns nil when a statement of this type and plan may run, and a
// *Refusal saying why not otherwise. statementType is the driver's "r", "rw",
// "w" or "s".
func (p Policy) Check(statementType string, plan Plan) error {
	switch statementType {
	case "r":
	case "rw", "w":
		return &Refusal{Reason: "the statement writes to the graph; only reading is allowed here"}
	case "s":
		return &Refusal{Reason: "the statement changes the schema or administers the server; only reading is allowed here"}
	default:
		return &Refusal{Reason: fmt.Sprintf("the server could not classify the statement (type %q); only read-only statements run here", statementType)}
	}
	if err := p.walk(plan); err != nil {
		return err
	}
	return p.estimate(plan)
}

func (p Policy) walk(plan Plan) error {
	op, database, _ := strings.Cut(plan.Operator, "@")
	name := operatorName.FindString(op)
	if database != "" && database != p.Database {
		return &Refusal{Reason: fmt.Sprintf("the statement uses database %q; only %q may be queried", database, p.Database)}
	}
	if reason, ok := refusedOperators[name]; ok {
		return &Refusal{Reason: reason}
	}
	switch {
	case strings.HasPrefix(name, "Show") || strings.HasPrefix(name, "Terminate"):
		if !slices.Contains(allowedShow, name) {
			return &Refusal{Reason: fmt.Sprintf("%s is not allowed: only SHOW INDEXES, CONSTRAINTS, PROCEDURES and FUNCTIONS are", describe(name))}
		}
	case name == "ProcedureCall":
		proc, _, _ := strings.Cut(plan.Details, "(")
		proc = strings.TrimSpace(proc)
		if !slices.Contains(allowedProcedures, proc) {
			return &Refusal{Reason: fmt.Sprintf("procedure %s is not allowed; allowed: %s", proc, strings.Join(allowedProcedures, ", "))}
		}
	case strings.HasPrefix(name, "VarLengthExpand"), strings.HasPrefix(name, "BFSPruningVarExpand"), strings.HasPrefix(name, "PruningVarExpand"):
		if err := p.checkBounds(plan.Details); err != nil {
			return err
		}
	case strings.HasPrefix(name, "Repeat"):
		if err := p.checkQuantifier(plan.Details); err != nil {
			return err
		}
	}
	for _, c := range plan.Children {
		if err := p.walk(c); err != nil {
			return err
		}
	}
	return nil
}

// estimate refuses a plan any step of which the planner expects to produce
// too many rows. It runs after walk, whose reasons are more specific.
func (p Policy) estimate(plan Plan) error {
	if plan.EstimatedRows > p.MaxEstimatedRows {
		op, _, _ := strings.Cut(plan.Operator, "@")
		return &Refusal{Reason: fmt.Sprintf("the planner expects a step (%s) to produce about %.3g rows, over the limit of %.3g: add a LIMIT earlier, bound the path lengths, or anchor the pattern on an id",
			operatorName.FindString(op), plan.EstimatedRows, p.MaxEstimatedRows)}
	}
	for _, c := range plan.Children {
		if err := p.estimate(c); err != nil {
			return err
		}
	}
	return nil
}

func (p Policy) checkBounds(details string) error {
	for _, m := range varLength.FindAllStringSubmatch(details, -1) {
		upper := m[1] // "*3" means exactly 3
		if m[2] != "" {
			upper = m[3]
		}
		if upper == "" {
			return &Refusal{Reason: fmt.Sprintf("variable-length relationships need an upper bound of at most %d, e.g. [*1..%d]", p.MaxPathLength, p.MaxPathLength)}
		}
		if n, _ := strconv.Atoi(upper); n > p.MaxPathLength {
			return &Refusal{Reason: fmt.Sprintf("variable-length relationships may span at most %d hops; this one allows %d", p.MaxPathLength, n)}
		}
	}
	return nil
}

func (p Policy) checkQuantifier(details string) error {
	for _, m := range quantifier.FindAllStringSubmatch(details, -1) {
		if m[2] == "*" {
			return &Refusal{Reason: fmt.Sprintf("quantified path patterns need an upper bound of at most %d, e.g. {1,%d}", p.MaxPathLength, p.MaxPathLength)}
		}
		if n, _ := strconv.Atoi(m[2]); n > p.MaxPathLength {
			return &Refusal{Reason: fmt.Sprintf("quantified path patterns may repeat at most %d times; this one allows %d", p.MaxPathLength, n)}
		}
	}
	return nil
}

// describe turns an operator name such as ShowTransactions into "SHOW TRANSACTIONS".
func describe(op string) string {
	words := regexp.MustCompile(`[A-Z][a-z]*`).FindAllString(op, -1)
	return strings.ToUpper(strings.Join(words, " "))
}
