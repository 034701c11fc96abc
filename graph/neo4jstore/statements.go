package neo4jstore

import (
	"embed"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/internal/cypherfrag"
)

// Every Cypher statement the store runs, one file each in cypher/, with the
// fragments it shares with the catalog (internal/cypherfrag) expanded. Each is named once below, so a
// missing file stops the program at start-up, and a test plans each one.
//
//go:embed cypher/*.cypher
var cypherFiles embed.FS

// Reads run in read transactions and must plan as read-only; writes may not.
var (
	stmtPing                  = mustRead("ping")
	stmtEntityGet             = mustRead("entity_get")
	stmtRelationshipsListAsOf = mustRead("relationships_list_as_of")
	stmtKindsListByID         = mustRead("kinds_list_by_id")
	stmtNamesListByKind       = mustRead("names_list_by_kind")
	stmtEventsByAttendee      = mustRead("events_list_by_attendee")
	stmtEntitySearch          = mustRead("entity_search")
	stmtNodeGetByID           = mustRead("node_get_by_id")
	stmtNeighboursByFrontier  = mustRead("neighbours_list_by_frontier")
	stmtRelationshipsAmongIDs = mustRead("relationships_list_among_ids")
	stmtGroupsListByIDs       = mustRead("groups_list_by_ids")
	stmtNodesListAsOf         = mustRead("nodes_list_as_of")
	stmtMigrationsListApplied = mustRead("migrations_list_applied")
	stmtTransactionsByRequest = mustRead("transactions_list_by_request")
	stmtPathsByLength         = mustReadVariants("paths_list_by_ends", "max_length", graph.MaxPathLength)
	stmtMigrationRecord       = mustWrite("migration_record")
	stmtIndexesAwait          = mustWrite("indexes_await")
	stmtTransactionsTerminate = mustWrite("transactions_terminate")
)

// statement is one file of cypher/ with its fragments expanded.
type statement struct {
	name   string // the file name without .cypher, and the variant if any
	file   string // the file name without .cypher
	cypher string
	write  bool
	params []stmtParam // as the header declares them
}

// stmtParam is one "// param: NAME TYPE -- DESCRIPTION" line of a header.
type stmtParam struct{ name, typ string }

// run is one statement to run: its text, its parameters, its time limit
// (0: DefaultTimeout) and the name logs and errors know it by.
type run struct {
	name    string
	cypher  string
	params  map[string]any
	timeout time.Duration
}

// with makes the statement a run with params.
func (st *statement) with(params map[string]any) run {
	return run{name: st.name, cypher: st.cypher, params: params}
}

// statements lists every statement loaded, variants included, in the order
// of the declarations above.
var statements []*statement

func mustRead(name string) *statement  { return mustRegister(name, false, nil) }
func mustWrite(name string) *statement { return mustRegister(name, true, nil) }

// mustReadVariants loads one statement per value 1..n of the file's
// {{placeholder}}, indexed by that value (index 0 is nil).
func mustReadVariants(name, placeholder string, n int) []*statement {
	out := make([]*statement, n+1)
	for i := 1; i <= n; i++ {
		out[i] = mustRegister(name, false, map[string]string{placeholder: strconv.Itoa(i)})
	}
	return out
}

func mustRegister(name string, write bool, variant map[string]string) *statement {
	text, err := cypherFiles.ReadFile("cypher/" + name + ".cypher")
	if err != nil {
		panic(fmt.Sprintf("neo4jstore: statement %s has no file cypher/%s.cypher", name, name))
	}
	st, err := parseStatement(name, string(text), variant)
	if err != nil {
		panic(fmt.Sprintf("neo4jstore: %v", err))
	}
	st.write = write
	statements = append(statements, st)
	return st
}

// paramTypes are the types a header may give a parameter.
var paramTypes = []string{"string", "integer", "boolean", "date", "datetime", "map", "list<string>", "list<map>"}

// paramUse finds the parameters a statement uses.
var paramUse = regexp.MustCompile(`\$(\w+)`)

// parseStatement expands a statement's {{placeholders}} from the shared
// fragments and the variant's values, and checks its header: a description,
// and one "param:" line for each parameter the statement uses, and no other.
func parseStatement(name, text string, variant map[string]string) (*statement, error) {
	st := &statement{name: name, file: name}
	if len(variant) > 0 {
		var parts []string
		for _, k := range slices.Sorted(maps.Keys(variant)) {
			parts = append(parts, k+" "+variant[k])
		}
		st.name += " (" + strings.Join(parts, ", ") + ")"
	}
	var err error
	if st.cypher, err = cypherfrag.Expand(name+".cypher", text, variant); err != nil {
		return nil, err
	}
	described := false
	used := map[string]bool{}
	for i, line := range strings.Split(st.cypher, "\n") {
		rest, ok := strings.CutPrefix(strings.TrimSpace(line), "//")
		if !ok {
			for _, m := range paramUse.FindAllStringSubmatch(line, -1) {
				used[m[1]] = true
			}
			continue
		}
		key, value, _ := strings.Cut(strings.TrimSpace(rest), ":")
		switch key {
		case "description":
			described = strings.TrimSpace(value) != ""
		case "param":
			decl, _, ok := strings.Cut(value, " -- ")
			fields := strings.Fields(decl)
			if !ok || len(fields) != 2 {
				return nil, fmt.Errorf("%s.cypher line %d: want '// param: NAME TYPE -- DESCRIPTION'", name, i+1)
			}
			if !slices.Contains(paramTypes, strings.TrimSuffix(fields[1], "?")) {
				return nil, fmt.Errorf("%s.cypher line %d: type %s is not one of %s (with ? when it may be null)", name, i+1, fields[1], strings.Join(paramTypes, ", "))
			}
			st.params = append(st.params, stmtParam{name: fields[0], typ: fields[1]})
		}
	}
	if !described {
		return nil, fmt.Errorf("%s.cypher has no '// description:' line", name)
	}
	for _, p := range st.params {
		if !used[p.name] {
			return nil, fmt.Errorf("%s.cypher declares $%s but does not use it", name, p.name)
		}
		delete(used, p.name)
	}
	if len(used) > 0 {
		return nil, fmt.Errorf("%s.cypher uses $%s without a '// param:' line", name, strings.Join(slices.Sorted(maps.Keys(used)), ", $"))
	}
	return st, nil
}
