package api_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cyberkg/cyberkg/internal/neo4jtest"
)

func postCypher(t *testing.T, url string, body any) response {
	t.Helper()
	res := sendCypher(t, url, body)
	if res == nil {
		return response{}
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Errorf("POST /v1/cypher body is not JSON: %s", raw)
	}
	return response{status: res.StatusCode, header: res.Header, body: out}
}

// sendCypher posts body to /v1/cypher; nil if it could not be sent.
func sendCypher(t *testing.T, url string, body any) *http.Response {
	t.Helper()
	data, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	// Errorf, not Fatalf: tests call this from goroutines too.
	res, err := http.Post(url+"/v1/cypher", "application/json", bytes.NewReader(data))
	if err != nil {
		t.Errorf("POST /v1/cypher: %v", err)
		return nil
	}
	return res
}

// schemaState is everything outside the data that a hostile statement could change.
func schemaState(t *testing.T) string {
	t.Helper()
	return neo4jtest.Query(t, "SHOW CONSTRAINTS YIELD name RETURN collect(name) AS c") + "|" +
		neo4jtest.Query(t, "SHOW INDEXES YIELD name RETURN collect(name) AS i") + "|" +
		neo4jtest.QuerySystem(t, "SHOW USERS YIELD user RETURN collect(user) AS u") + "|" +
		neo4jtest.QuerySystem(t, "SHOW DATABASES YIELD name RETURN collect(DISTINCT name) AS d")
}

// The hostile suite: statements that write, administer, escape the database,
// read the server's files, or run away. Each must be refused (400 naming the
// statement) or cut off (row cap or 504), and the graph must be unchanged.
// "stopped" accepts any safe refusal (400, 413, 429, 504): for statements
// that several limits can stop, whichever trips first on the machine's speed.
var hostile = []struct {
	name, statement string
	params          map[string]any
	outcome         string // "refused", "truncated", "timeout" or "stopped"
}{
	{"create", "CREATE (n:Hack {id: 'x'}) RETURN n", nil, "refused"},
	{"merge", "MERGE (n:Entity {id: 'RUS'}) RETURN n", nil, "refused"},
	{"set", "MATCH (n:Country {id: 'RUS'}) SET n.name = 'hacked' RETURN n", nil, "refused"},
	{"set from parameter map", "MATCH (n:Country {id: 'RUS'}) SET n += $p RETURN n", map[string]any{"p": map[string]any{"name": "hacked"}}, "refused"},
	{"remove", "MATCH (n:Country {id: 'RUS'}) REMOVE n.name RETURN n", nil, "refused"},
	{"remove label", "MATCH (n:Country {id: 'RUS'}) REMOVE n:Country RETURN n", nil, "refused"},
	{"delete", "MATCH (n:Statement) DELETE n", nil, "refused"},
	{"detach delete", "MATCH (n) DETACH DELETE n", nil, "refused"},
	{"delete relationship", "MATCH ()-[r:MEMBER_OF]->() DELETE r", nil, "refused"},
	{"write in a subquery", "MATCH (n:Country) CALL (n) { SET n.x = 1 } RETURN count(n)", nil, "refused"},
	{"create in a unit subquery", "CALL () { CREATE (:Hack) } RETURN 1 AS one", nil, "refused"},
	{"write after reading", "MATCH (n:Country {id: 'RUS'}) WITH n LIMIT 1 MERGE (m:Hack) RETURN m", nil, "refused"},
	{"write hidden in a union", "MATCH (n:Country) RETURN n.id AS id UNION CREATE (m:Hack {id: 'u'}) RETURN m.id AS id", nil, "refused"},
	{"foreach", "MATCH (n:Country) FOREACH (x IN [1] | SET n.x = x)", nil, "refused"},
	{"write after a comment", "/* just reading */ CREATE (n:Hack) // really\nRETURN n", nil, "refused"},
	{"read with a trailing write after a comment", "MATCH (n) RETURN count(n) // ; CREATE (m)", nil, "allowed"},
	{"two statements", "MATCH (n) RETURN count(n); CREATE (m:Hack)", nil, "refused"},
	{"create constraint", "CREATE CONSTRAINT hack IF NOT EXISTS FOR (n:Hack) REQUIRE n.id IS UNIQUE", nil, "refused"},
	{"drop constraint", "DROP CONSTRAINT entity_id_unique", nil, "refused"},
	{"create index", "CREATE INDEX hack IF NOT EXISTS FOR (n:Hack) ON (n.id)", nil, "refused"},
	{"drop full-text index", "DROP INDEX entity_names", nil, "refused"},
	{"load csv from a file", "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line", nil, "refused"},
	{"load csv from a URL", "LOAD CSV FROM 'http://127.0.0.1:9/x.csv' AS line RETURN line", nil, "refused"},
	{"batched transactions", "MATCH (n) CALL (n) { RETURN 1 AS x } IN TRANSACTIONS RETURN x", nil, "refused"},
	{"write procedure", "CALL db.createLabel('Hack')", nil, "refused"},
	{"write procedure on properties", "CALL db.createProperty('hack')", nil, "refused"},
	{"config procedure", "CALL dbms.listConfig()", nil, "refused"},
	{"unknown procedure", "CALL apoc.cypher.runWrite('CREATE (n)', {})", nil, "refused"},
	{"security procedure", "CALL dbms.security.createUser('eve', 'password123', false)", nil, "refused"},
	{"drop index by procedure", "CALL db.index.fulltext.drop('entity_names')", nil, "refused"},
	{"show users", "SHOW USERS", nil, "refused"},
	{"create user", "CREATE USER eve SET PASSWORD 'password123'", nil, "refused"},
	{"show transactions", "SHOW TRANSACTIONS", nil, "refused"},
	{"terminate transactions", "TERMINATE TRANSACTIONS 'neo4j-transaction-1'", nil, "refused"},
	{"show settings", "SHOW SETTINGS", nil, "refused"},
	{"use system", "USE system SHOW DATABASES", nil, "refused"},
	{"use system to read", "USE system MATCH (n) RETURN n", nil, "refused"},
	{"use another database", "USE other MATCH (n) RETURN n", nil, "refused"},
	{"create database", "CREATE DATABASE evil", nil, "refused"},
	{"stop database", "STOP DATABASE neo4j", nil, "refused"},
	{"profile runs the statement", "PROFILE CREATE (n:Hack) RETURN n", nil, "refused"},
	{"explain prefix", "EXPLAIN CREATE (n:Hack)", nil, "refused"},
	{"query options", "CYPHER runtime=slotted CREATE (n:Hack) RETURN n", nil, "refused"},
	{"fullwidth letters", "ＣＲＥＡＴＥ (n:Hack)", nil, "refused"},
	{"cyrillic homoglyph", "СREATE (n:Hack)", nil, "refused"},
	{"zero-width space", "CRE\u200bATE (n:Hack)", nil, "refused"},
	{"right-to-left override", "MATCH (n) \u202eCREATE (m:Hack)", nil, "refused"},
	{"endless expansion", "MATCH p = (a)-[*]->(b) RETURN p", nil, "refused"},
	{"open-ended expansion", "MATCH (a)-[*2..]-(b) RETURN count(*)", nil, "refused"},
	{"too deep expansion", "MATCH p = (a)-[*1..50]-(b) RETURN p", nil, "refused"},
	{"unbounded quantified path", "MATCH p = (a:Country)((x)-->(y)){1,}(b) RETURN p", nil, "refused"},
	{"cartesian explosion", "MATCH (a), (b), (c), (d) WHERE a.name < b.name RETURN a.id, b.id, c.id, d.id ORDER BY a.id", nil, "refused"},
	{"cartesian count answered from the count store", "MATCH (a), (b), (c), (d) RETURN count(*)", nil, "allowed"},
	{"huge result", "UNWIND range(1, 100000000) AS x RETURN x", nil, "truncated"},
	{"one row holding millions of values", "RETURN range(1, 5000000) AS all_of_them", nil, "stopped"},
	{"millions of values across few rows", "UNWIND range(1, 50) AS x RETURN x, range(1, 100000) AS many", nil, "stopped"},
	{"a collect bigger than a transaction's memory", "UNWIND range(1, 30000000) AS x RETURN size(collect(x)) AS n", nil, "stopped"},
	{"cartesian result cut by the row cap", "MATCH (a), (b) RETURN a.id, b.id", nil, "truncated"},
	{"long computation", "UNWIND range(1, 2000000000) AS x WITH x WHERE x < 0 RETURN count(x)", nil, "timeout"},
}

func TestHostileCypherIsRefusedOrCutOff(t *testing.T) {
	srv := newTestServer(t, neo4jtest.Seeded(t))
	before, beforeSchema := neo4jtest.Dump(t), schemaState(t)
	counts := map[string]int{}
	for _, tt := range hostile {
		t.Run(tt.name, func(t *testing.T) {
			body := map[string]any{"statement": tt.statement, "parameters": tt.params, "max_rows": 100, "timeout_ms": 2000}
			r := postCypher(t, srv.URL, body)
			// 429 while the lane's slots wait for Neo4j to end earlier cut-off
			// statements, for as long as the machine takes: wait for a slot.
			for deadline := time.Now().Add(30 * time.Second); r.status == 429 && time.Now().Before(deadline); {
				time.Sleep(100 * time.Millisecond)
				r = postCypher(t, srv.URL, body)
			}
			got := "allowed"
			switch {
			case r.status == 400 && r.body["param"] == "statement":
				got = "refused"
			case r.status == 504:
				got = "timeout"
			case r.status == 413:
				got = "too large"
			case r.status == 429:
				got = "busy"
			case r.status == 200 && r.body["truncated"] == true:
				got = "truncated"
			case r.status != 200:
				got = "unexpected"
			}
			counts[got]++
			stopped := got == "refused" || got == "timeout" || got == "too large" || got == "busy"
			if ok := got == tt.outcome || tt.outcome == "stopped" && stopped; !ok {
				t.Errorf("POST /v1/cypher %q = %d %v, want %s", tt.statement, r.status, r.body, tt.outcome)
			}
			if got == "refused" && !strings.Contains(r.header.Get("Content-Type"), "problem+json") {
				t.Errorf("refusal of %q is not problem+json", tt.statement)
			}
		})
	}
	if after := neo4jtest.Dump(t); after != before {
		t.Error("the hostile suite changed the graph")
	}
	if after := schemaState(t); after != beforeSchema {
		t.Errorf("the hostile suite changed the schema, users or databases:\nbefore %s\nafter  %s", beforeSchema, after)
	}
	t.Logf("hostile suite: %d statements: %v", len(hostile), counts)
}

func TestCypherReturnsTypedValues(t *testing.T) {
	srv := newTestServer(t, neo4jtest.Seeded(t))
	r := postCypher(t, srv.URL, map[string]any{
		"statement": `MATCH p = (c:Country {id: $id})-[m:MEMBER_OF]->(b:Bloc {id: 'BRICS'})
RETURN c, m, p, m.since AS since, [1, 2.5, 'x', null, true] AS list, {a: date($d)} AS map, 0.0 / 0.0 AS nan`,
		"parameters": map[string]any{"id": "RUS", "d": "2021-06-28"},
	})
	if r.status != 200 {
		t.Fatalf("POST /v1/cypher = %d %v", r.status, r.body)
	}
	row := r.body["rows"].([]any)[0].(map[string]any)
	typeOf := func(v any) any { return v.(map[string]any)["$type"] }
	if typeOf(row["c"]) != "Node" || typeOf(row["m"]) != "Relationship" || typeOf(row["p"]) != "Path" || typeOf(row["since"]) != "Date" {
		t.Errorf("typed values = c %v, m %v, p %v, since %v; want Node, Relationship, Path, Date", typeOf(row["c"]), typeOf(row["m"]), typeOf(row["p"]), typeOf(row["since"]))
	}
	if got := row["map"].(map[string]any)["a"].(map[string]any)["_value"]; got != "2021-06-28" {
		t.Errorf("date inside a map = %v, want 2021-06-28", got)
	}
	if len(row["list"].([]any)) != 5 || typeOf(row["nan"]) != "Float" {
		t.Errorf("list %v and NaN %v: want a plain 5-element list and a typed Float", row["list"], row["nan"])
	}
	props := row["c"].(map[string]any)["properties"].(map[string]any)
	if props["id"] != "RUS" {
		t.Errorf("node properties = %v, want id RUS", props)
	}

	// A typed DATE parameter compares with stored dates.
	r = postCypher(t, srv.URL, map[string]any{
		"statement":  "MATCH (c:Country)-[m:MEMBER_OF]->(:Bloc {id: 'BRICS'}) WHERE m.since <= $d AND (m.until IS NULL OR m.until > $d) RETURN count(c) AS n",
		"parameters": map[string]any{"d": map[string]any{"$type": "Date", "_value": "2021-06-28"}},
	})
	if r.status != 200 || r.body["rows"].([]any)[0].(map[string]any)["n"] != float64(5) {
		t.Errorf("BRICS members on a typed date parameter = %d %v, want 5", r.status, r.body)
	}
}

func TestCypherRequestErrors(t *testing.T) {
	srv := newTestServer(t, neo4jtest.Seeded(t))
	tests := []struct {
		name  string
		body  string
		param string
	}{
		{"not JSON", "{statement:", "body"},
		{"no statement", `{}`, "body"},
		{"empty statement", `{"statement": ""}`, "statement"},
		{"unknown field", `{"statement": "RETURN 1", "query": "x"}`, "body"},
		{"parameters not an object", `{"statement": "RETURN 1", "parameters": [1]}`, "parameters"},
		{"timeout over the maximum", `{"statement": "RETURN 1", "timeout_ms": 99999999}`, "timeout_ms"},
		{"rows over the maximum", `{"statement": "RETURN 1", "max_rows": 99999999}`, "max_rows"},
		{"negative rows", `{"statement": "RETURN 1", "max_rows": -1}`, "max_rows"},
		{"bad typed parameter", `{"statement": "RETURN $d", "parameters": {"d": {"$type": "Date", "_value": "2021-02-30"}}}`, "parameters.d"},
		{"unsupported typed parameter", `{"statement": "RETURN $d", "parameters": {"d": {"$type": "Point"}}}`, "parameters.d"},
		{"syntax error", `{"statement": "MATCH (n RETURN n"}`, "statement"},
		{"missing parameter", `{"statement": "RETURN $nope"}`, "statement"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := http.Post(srv.URL+"/v1/cypher", "application/json", strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var body map[string]any
			_ = json.NewDecoder(res.Body).Decode(&body)
			if res.StatusCode != 400 || body["param"] != tt.param {
				t.Errorf("POST /v1/cypher %s = %d %v, want 400 naming %q", tt.body, res.StatusCode, body, tt.param)
			}
		})
	}
	res, err := http.Post(srv.URL+"/v1/cypher", "text/plain", strings.NewReader("RETURN 1"))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 400 {
		t.Errorf("POST /v1/cypher as text/plain = %d, want 400", res.StatusCode)
	}
}
