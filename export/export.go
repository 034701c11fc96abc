// Package export writes a graph.Subgraph in formats other tools open:
// JSON (nodes and edges), CSV (a zip of nodes.csv and edges.csv, for
// spreadsheets and pandas), GraphML (for Gephi, yEd, networkx) and STIX 2.1
// (a bundle for threat-intelligence platforms, package stix).
package export

import (
	"archive/zip"
	"bufio"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"sort"

	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/stix"
)

// Formats lists the formats, with their media types and file extensions.
var Formats = map[string]struct{ MediaType, Extension string }{
	"json":    {"application/json", "json"},
	"csv":     {"application/zip", "zip"},
	"graphml": {"application/graphml+xml", "graphml"},
	"stix":    {"application/stix+json;version=2.1", "json"},
}

// Write writes g in format to w.
func Write(w io.Writer, format string, g *graph.Subgraph) error {
	switch format {
	case "json":
		return JSON(w, g)
	case "csv":
		return CSV(w, g)
	case "graphml":
		return GraphML(w, g)
	case "stix":
		return stix.Write(w, g)
	default:
		return fmt.Errorf("unknown export format %q", format)
	}
}

// JSON writes {"nodes": [...], "edges": [...]}.
func JSON(w io.Writer, g *graph.Subgraph) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		Nodes []graph.GraphNode `json:"nodes"`
		Edges []graph.GraphEdge `json:"edges"`
	}{g.Nodes, g.Edges})
}

// CSV writes a zip holding nodes.csv and edges.csv: fixed columns first,
// then one column per property, lists and maps as JSON.
func CSV(w io.Writer, g *graph.Subgraph) error {
	z := zip.NewWriter(w)
	nodeKeys := propertyKeys(len(g.Nodes), func(i int) map[string]any { return g.Nodes[i].Properties }, "id", "name")
	if err := writeCSV(z, "nodes.csv", append([]string{"id", "kind", "name"}, nodeKeys...), len(g.Nodes), func(i int) []string {
		n := g.Nodes[i]
		return append([]string{n.ID, n.Kind, n.Name}, cells(n.Properties, nodeKeys)...)
	}); err != nil {
		return err
	}
	edgeKeys := propertyKeys(len(g.Edges), func(i int) map[string]any { return g.Edges[i].Properties })
	if err := writeCSV(z, "edges.csv", append([]string{"id", "type", "source", "target"}, edgeKeys...), len(g.Edges), func(i int) []string {
		e := g.Edges[i]
		return append([]string{e.ID, e.Type, e.Source, e.Target}, cells(e.Properties, edgeKeys)...)
	}); err != nil {
		return err
	}
	return z.Close()
}

func writeCSV(z *zip.Writer, name string, header []string, n int, row func(int) []string) error {
	f, err := z.Create(name)
	if err != nil {
		return err
	}
	cw := csv.NewWriter(f)
	if err := cw.Write(header); err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		if err := cw.Write(row(i)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// propertyKeys returns the sorted union of property names, less skip.
func propertyKeys(n int, props func(int) map[string]any, skip ...string) []string {
	seen := map[string]bool{}
	for _, s := range skip {
		seen[s] = true
	}
	var keys []string
	for i := 0; i < n; i++ {
		for k := range props(i) {
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	sort.Strings(keys)
	return keys
}

func cells(props map[string]any, keys []string) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = text(props[k])
	}
	return out
}

// text renders a property value: scalars plainly, lists and maps as JSON.
func text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool, int64, int:
		return fmt.Sprint(x)
	case float64:
		if math.Trunc(x) == x && math.Abs(x) < 1e15 {
			return fmt.Sprintf("%.0f", x)
		}
		return fmt.Sprint(x)
	default:
		b, err := json.Marshal(x)
		if err != nil {
			return fmt.Sprint(x)
		}
		return string(b)
	}
}

// GraphML.

type gmlKey struct {
	ID       string `xml:"id,attr"`
	For      string `xml:"for,attr"`
	AttrName string `xml:"attr.name,attr"`
	AttrType string `xml:"attr.type,attr"`
}

type gmlData struct {
	Key   string `xml:"key,attr"`
	Value string `xml:",chardata"`
}

type gmlNode struct {
	ID   string    `xml:"id,attr"`
	Data []gmlData `xml:"data"`
}

type gmlEdge struct {
	ID     string    `xml:"id,attr"`
	Source string    `xml:"source,attr"`
	Target string    `xml:"target,attr"`
	Data   []gmlData `xml:"data"`
}

type gmlGraph struct {
	ID          string    `xml:"id,attr"`
	EdgeDefault string    `xml:"edgedefault,attr"`
	Nodes       []gmlNode `xml:"node"`
	Edges       []gmlEdge `xml:"edge"`
}

type gmlDoc struct {
	XMLName xml.Name `xml:"http://graphml.graphdrawing.org/xmlns graphml"`
	Keys    []gmlKey `xml:"key"`
	Graph   gmlGraph `xml:"graph"`
}

// GraphML writes a GraphML document: one <key> per node or edge property,
// typed when every value agrees (boolean, long, double), else string; lists
// and maps as JSON text.
func GraphML(w io.Writer, g *graph.Subgraph) error {
	doc := gmlDoc{Graph: gmlGraph{ID: "cyberkg", EdgeDefault: "directed"}}
	nodeProps := func(i int) map[string]any {
		n := g.Nodes[i]
		p := map[string]any{"kind": n.Kind, "name": n.Name}
		for k, v := range n.Properties {
			if k != "name" && k != "id" {
				p[k] = v
			}
		}
		return p
	}
	edgeProps := func(i int) map[string]any {
		p := map[string]any{"type": g.Edges[i].Type}
		for k, v := range g.Edges[i].Properties {
			p[k] = v
		}
		return p
	}
	nodeKeys := keysFor("node", "n_", len(g.Nodes), nodeProps, &doc.Keys)
	edgeKeys := keysFor("edge", "e_", len(g.Edges), edgeProps, &doc.Keys)
	for i, n := range g.Nodes {
		doc.Graph.Nodes = append(doc.Graph.Nodes, gmlNode{ID: n.ID, Data: data(nodeProps(i), nodeKeys)})
	}
	for i, e := range g.Edges {
		doc.Graph.Edges = append(doc.Graph.Edges, gmlEdge{ID: e.ID, Source: e.Source, Target: e.Target, Data: data(edgeProps(i), edgeKeys)})
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// keysFor declares a key per property name and returns name -> key id.
func keysFor(domain, prefix string, n int, props func(int) map[string]any, keys *[]gmlKey) map[string]string {
	types := map[string]string{}
	for i := 0; i < n; i++ {
		for k, v := range props(i) {
			if v == nil {
				continue
			}
			t := attrType(v)
			if prev, ok := types[k]; ok && prev != t {
				t = "string"
			}
			types[k] = t
		}
	}
	ids := map[string]string{}
	for _, name := range slices.Sorted(maps.Keys(types)) {
		id := prefix + name
		ids[name] = id
		*keys = append(*keys, gmlKey{ID: id, For: domain, AttrName: name, AttrType: types[name]})
	}
	return ids
}

func attrType(v any) string {
	switch x := v.(type) {
	case bool:
		return "boolean"
	case int64, int:
		return "long"
	case float64:
		if math.Trunc(x) == x {
			return "long"
		}
		return "double"
	default:
		return "string"
	}
}

func data(props map[string]any, keys map[string]string) []gmlData {
	names := make([]string, 0, len(props))
	for k, v := range props {
		if v != nil {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	out := make([]gmlData, 0, len(names))
	for _, k := range names {
		out = append(out, gmlData{Key: keys[k], Value: text(props[k])})
	}
	return out
}

// JSONStream writes the JSON export ({"nodes": [...], "edges": [...]}) an
// entity and a relationship at a time, as a graph.ExportSink: what it holds
// is one item and a buffer, whatever the size of the graph. Nodes must all
// come before edges.
type JSONStream struct {
	w            *bufio.Writer
	nodes, edges int
	inEdges      bool
}

// NewJSONStream writes a streamed JSON export to w.
func NewJSONStream(w io.Writer) *JSONStream {
	return &JSONStream{w: bufio.NewWriterSize(w, 64<<10)}
}

// Node writes one entity.
func (s *JSONStream) Node(n graph.GraphNode) error {
	if s.inEdges {
		return fmt.Errorf("export: entity %s after the relationships", n.ID)
	}
	if s.nodes == 0 {
		s.put("{\"nodes\": [\n")
	} else {
		s.put(",\n")
	}
	s.nodes++
	return s.item(n)
}

// Edge writes one relationship.
func (s *JSONStream) Edge(e graph.GraphEdge) error {
	s.startEdges()
	if s.edges > 0 {
		s.put(",\n")
	}
	s.edges++
	return s.item(e)
}

func (s *JSONStream) startEdges() {
	if s.inEdges {
		return
	}
	if s.nodes == 0 {
		s.put("{\"nodes\": [")
	}
	s.put("\n],\n\"edges\": [\n")
	s.inEdges = true
}

func (s *JSONStream) item(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = s.w.Write(b)
	return err
}

// put writes s; a write error sticks in the buffer, and Flush reports it.
func (s *JSONStream) put(text string) { _, _ = s.w.WriteString(text) }

// Close ends the document and flushes it.
func (s *JSONStream) Close() error {
	s.startEdges()
	s.put("\n]}\n")
	return s.w.Flush()
}
