package neo4jstore

// PlannedStatement is one statement of the store, for the test that plans
// every one against the server.
type PlannedStatement struct {
	Name   string
	Cypher string
	Write  bool              // run in a write transaction: need not be read-only
	Params map[string]string // parameter name -> declared type
}

// Statements lists the store's statements, variants included.
func Statements() []PlannedStatement {
	out := make([]PlannedStatement, 0, len(statements))
	for _, st := range statements {
		params := map[string]string{}
		for _, p := range st.params {
			params[p.name] = p.typ
		}
		out = append(out, PlannedStatement{Name: st.name, Cypher: st.cypher, Write: st.write, Params: params})
	}
	return out
}

// MigrationStatements lists every schema statement of every migration.
func MigrationStatements() []PlannedStatement {
	var out []PlannedStatement
	for _, m := range migrations {
		for _, st := range m.statements {
			out = append(out, PlannedStatement{Name: m.version, Cypher: st, Write: true})
		}
	}
	return out
}
