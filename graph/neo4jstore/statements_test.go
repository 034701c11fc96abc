package neo4jstore

import (
	"fmt"
	"io/fs"
	"strings"
	"testing"

	"github.com/cyberkg/cyberkg/graph"
)

// Every file of cypher/ is named by Go code; the converse, a name without a
// file, already stops the package from loading. (That every shared fragment
// is used somewhere is internal/cypherfrag's test.)
func TestEveryStatementFileIsNamedInGo(t *testing.T) {
	named := map[string]bool{}
	for _, st := range statements {
		named[st.file] = true
	}
	files, err := fs.Glob(cypherFiles, "cypher/*.cypher")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(strings.TrimPrefix(f, "cypher/"), ".cypher")
		if !named[name] {
			t.Errorf("%s is named by no statement value: add one, or remove the file", f)
		}
	}
	seen := map[string]bool{}
	for _, st := range statements {
		if seen[st.name] {
			t.Errorf("statement %s is named twice: name it once and share the value", st.name)
		}
		seen[st.name] = true
	}
}

func TestParseStatement(t *testing.T) {
	const held = "(r.since IS NULL OR r.since <= $as_of) AND (r.until IS NULL OR r.until > $as_of)"
	tests := []struct {
		name, text string
		variant    map[string]string
		wantCypher string // "" when an error is wanted
		wantErr    string
	}{
		{name: "plain", text: "// description: d\n// param: id string -- the id\nMATCH (n {id: $id}) RETURN n",
			wantCypher: "// description: d\n// param: id string -- the id\nMATCH (n {id: $id}) RETURN n"},
		{name: "fragment", text: "// description: d\n// param: as_of date -- the date\nMATCH ()-[r]-() WHERE {{held_as_of}} RETURN r",
			wantCypher: "// description: d\n// param: as_of date -- the date\nMATCH ()-[r]-() WHERE " + held + " RETURN r"},
		{name: "variant", text: "// description: d\nMATCH p = (a)-[*..{{n}}]-(b) RETURN p", variant: map[string]string{"n": "3"},
			wantCypher: "// description: d\nMATCH p = (a)-[*..3]-(b) RETURN p"},
		{name: "dynamic label", text: "// description: d\n// param: kind string -- the label\nMATCH (n) SET n:$($kind)",
			wantCypher: "// description: d\n// param: kind string -- the label\nMATCH (n) SET n:$($kind)"},
		{name: "unknown fragment", text: "// description: d\nMATCH (n) WHERE {{nope}} RETURN n", wantErr: "no fragment named nope"},
		{name: "no description", text: "MATCH (n) RETURN n", wantErr: "no '// description:' line"},
		{name: "undeclared", text: "// description: d\nMATCH (n {id: $id}) RETURN n", wantErr: "uses $id without"},
		{name: "undeclared in fragment", text: "// description: d\nMATCH ()-[r]-() WHERE {{held_as_of}} RETURN r", wantErr: "uses $as_of without"},
		{name: "unused", text: "// description: d\n// param: id string -- the id\nMATCH (n) RETURN n", wantErr: "declares $id but does not use it"},
		{name: "comment only", text: "// description: d\n// $id here is prose\nMATCH (n) RETURN n",
			wantCypher: "// description: d\n// $id here is prose\nMATCH (n) RETURN n"},
		{name: "bad param line", text: "// description: d\n// param: id -- the id\nMATCH (n {id: $id}) RETURN n", wantErr: "want '// param: NAME TYPE -- DESCRIPTION'"},
		{name: "bad type", text: "// description: d\n// param: id text -- the id\nMATCH (n {id: $id}) RETURN n", wantErr: "type text is not one of"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, err := parseStatement("s", tt.text, tt.variant)
			switch {
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("parseStatement(%q) error = %v, want one containing %q", tt.text, err, tt.wantErr)
			case tt.wantErr == "" && err != nil:
				t.Errorf("parseStatement(%q) error = %v", tt.text, err)
			case tt.wantErr == "" && st.cypher != tt.wantCypher:
				t.Errorf("parseStatement(%q).cypher = %q, want %q", tt.text, st.cypher, tt.wantCypher)
			}
		})
	}
}

// The shared fragments expand in place: the store's statements read as
// they did when written out in full.
func TestFragmentsAndVariantsExpand(t *testing.T) {
	if want := "collect(s {.id, .title, .publisher, .url, .reliability}) AS sources"; !strings.Contains(stmtEntityGet.cypher, want) {
		t.Errorf("entity_get does not contain %q:\n%s", want, stmtEntityGet.cypher)
	}
	if len(stmtPathsByLength) != graph.MaxPathLength+1 {
		t.Fatalf("%d path statements, want one per length 1 to %d", len(stmtPathsByLength)-1, graph.MaxPathLength)
	}
	for n := 1; n <= graph.MaxPathLength; n++ {
		if want := fmt.Sprintf("[*..%d]", n); !strings.Contains(stmtPathsByLength[n].cypher, want) {
			t.Errorf("%s does not contain %q", stmtPathsByLength[n].name, want)
		}
	}
}
