package export

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cyberkg/cyberkg/graph"
)

func sample() *graph.Subgraph {
	return &graph.Subgraph{
		Nodes: []graph.GraphNode{
			{ID: "RUS", Kind: "Country", Name: "Russia", Properties: map[string]any{"id": "RUS", "name": "Russia", "aliases": []any{"Rusia", "Россия"}, "iso2": "RU"}},
			{ID: "BRICS", Kind: "Bloc", Name: "BRICS", Properties: map[string]any{"id": "BRICS", "name": "BRICS", "aliases": []any{}}},
			{ID: "stmt-x", Kind: "Statement", Name: "A claim, with \"quotes\" & <tags>", Properties: map[string]any{"confidence": int64(85), "said_on": "2021-06-28"}},
		},
		Edges: []graph.GraphEdge{
			{ID: "5:abc:1", Type: "MEMBER_OF", Source: "RUS", Target: "BRICS", Properties: map[string]any{"since": "2006-01-01", "since_precision": "year", "sources": []any{"src-a", "src-b"}}},
			{ID: "5:abc:2", Type: "ABOUT", Source: "stmt-x", Target: "RUS", Properties: map[string]any{}},
		},
	}
}

func checkGraphML(t *testing.T, data []byte) gmlDoc {
	t.Helper()
	if err := ValidateGraphML(data); err != nil {
		t.Fatalf("ValidateGraphML: %v", err)
	}
	var doc gmlDoc
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestValidateGraphMLRefusesBrokenDocuments(t *testing.T) {
	tests := map[string]string{
		"wrong namespace":  `<graphml><graph edgedefault="directed"></graph></graphml>`,
		"dangling edge":    `<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph edgedefault="directed"><node id="a"/><edge source="a" target="b"/></graph></graphml>`,
		"repeated node":    `<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph edgedefault="directed"><node id="a"/><node id="a"/></graph></graphml>`,
		"undeclared key":   `<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph edgedefault="directed"><node id="a"><data key="k">x</data></node></graph></graphml>`,
		"edge key on node": `<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><key id="k" for="edge" attr.name="k" attr.type="string"/><graph edgedefault="directed"><node id="a"><data key="k">x</data></node></graph></graphml>`,
		"bad type":         `<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><key id="k" for="node" attr.name="k" attr.type="date"/><graph edgedefault="directed"/></graphml>`,
		"no edgedefault":   `<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph/></graphml>`,
		"not xml":          `{"nodes": []}`,
	}
	for name, doc := range tests {
		if err := ValidateGraphML([]byte(doc)); err == nil {
			t.Errorf("ValidateGraphML(%s) = nil, want an error", name)
		}
	}
}

func TestGraphML(t *testing.T) {
	var buf bytes.Buffer
	if err := GraphML(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	doc := checkGraphML(t, buf.Bytes())
	if len(doc.Graph.Nodes) != 3 || len(doc.Graph.Edges) != 2 {
		t.Fatalf("GraphML has %d nodes and %d edges, want 3 and 2", len(doc.Graph.Nodes), len(doc.Graph.Edges))
	}
	types := map[string]string{}
	for _, k := range doc.Keys {
		types[k.ID] = k.AttrType
	}
	if types["n_confidence"] != "long" || types["n_aliases"] != "string" || types["e_type"] != "string" {
		t.Errorf("key types = %v, want confidence long, aliases string (JSON), type string", types)
	}
	if !strings.Contains(buf.String(), `&amp; &lt;tags&gt;`) {
		t.Error("GraphML does not escape & and < in text")
	}
}

func TestCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := CSV(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatalf("CSV export is not a zip: %v", err)
	}
	tables := map[string][][]string{}
	for _, f := range z.File {
		r, _ := f.Open()
		rows, err := csv.NewReader(r).ReadAll()
		r.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		tables[f.Name] = rows
	}
	nodes, edges := tables["nodes.csv"], tables["edges.csv"]
	if len(nodes) != 4 || strings.Join(nodes[0][:3], ",") != "id,kind,name" {
		t.Fatalf("nodes.csv = %v, want a header id,kind,name,… and 3 rows", nodes)
	}
	if len(edges) != 3 || strings.Join(edges[0][:4], ",") != "id,type,source,target" {
		t.Fatalf("edges.csv = %v, want a header id,type,source,target,… and 2 rows", edges)
	}
	col := func(table [][]string, name string) int {
		for i, h := range table[0] {
			if h == name {
				return i
			}
		}
		t.Fatalf("no column %s in %v", name, table[0])
		return -1
	}
	if got := nodes[1][col(nodes, "aliases")]; got != `["Rusia","Россия"]` {
		t.Errorf("RUS aliases cell = %q, want a JSON list", got)
	}
	if got := edges[1][col(edges, "sources")]; got != `["src-a","src-b"]` {
		t.Errorf("MEMBER_OF sources cell = %q, want a JSON list", got)
	}
}

func TestJSON(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, "json", sample()); err != nil {
		t.Fatal(err)
	}
	var back struct {
		Nodes []graph.GraphNode `json:"nodes"`
		Edges []graph.GraphEdge `json:"edges"`
	}
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil || len(back.Nodes) != 3 || len(back.Edges) != 2 {
		t.Errorf("JSON export = %d nodes, %d edges, %v; want 3, 2", len(back.Nodes), len(back.Edges), err)
	}
	if err := Write(io.Discard, "xlsx", sample()); err == nil {
		t.Error("Write(xlsx) = nil, want an unknown-format error")
	}
}

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestGolden pins the exact JSON and GraphML of a small graph, so a change in
// what other tools read shows up in review: go test ./export -update rewrites them.
func TestGolden(t *testing.T) {
	for _, format := range []string{"json", "graphml"} {
		var buf bytes.Buffer
		if err := Write(&buf, format, sample()); err != nil {
			t.Fatal(err)
		}
		golden := filepath.Join("testdata", "sample."+format)
		if *update {
			if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test ./export -update to create it)", err)
		}
		if !bytes.Equal(buf.Bytes(), want) {
			t.Errorf("%s export differs from %s (go test ./export -update accepts the change):\n%s", format, golden, buf.String())
		}
	}
}
