package export

import (
	"encoding/xml"
	"errors"
	"fmt"
)

// ValidateGraphML checks a GraphML document against the rules of the GraphML
// specification that readers such as Gephi, yEd and networkx rely on: the
// GraphML namespace; keys with unique ids, declared for node or edge, with a
// GraphML attr.type; a graph with an edgedefault; unique node ids; data only
// under declared keys of its own domain; edges between nodes of the graph.
// (The official XSD imports its parts from graphdrawing.org, which this
// project's machines cannot reach, so these rules are checked directly.)
func ValidateGraphML(data []byte) error {
	var doc gmlDoc
	if err := xml.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("not XML of the expected shape: %w", err)
	}
	var errs []error
	if doc.XMLName.Space != "http://graphml.graphdrawing.org/xmlns" || doc.XMLName.Local != "graphml" {
		errs = append(errs, fmt.Errorf("root element is {%s}%s, want {http://graphml.graphdrawing.org/xmlns}graphml", doc.XMLName.Space, doc.XMLName.Local))
	}
	keys := map[string]string{}
	for _, k := range doc.Keys {
		if _, dup := keys[k.ID]; dup || k.ID == "" {
			errs = append(errs, fmt.Errorf("key id %q is empty or repeated", k.ID))
		}
		if k.For != "node" && k.For != "edge" && k.For != "graph" && k.For != "all" {
			errs = append(errs, fmt.Errorf("key %s is for %q", k.ID, k.For))
		}
		switch k.AttrType {
		case "boolean", "int", "long", "float", "double", "string":
		default:
			errs = append(errs, fmt.Errorf("key %s has attr.type %q", k.ID, k.AttrType))
		}
		keys[k.ID] = k.For
	}
	if doc.Graph.EdgeDefault != "directed" && doc.Graph.EdgeDefault != "undirected" {
		errs = append(errs, fmt.Errorf("graph edgedefault is %q", doc.Graph.EdgeDefault))
	}
	inDomain := func(key, domain string) bool { return keys[key] == domain || keys[key] == "all" }
	nodes := map[string]bool{}
	for _, n := range doc.Graph.Nodes {
		if n.ID == "" || nodes[n.ID] {
			errs = append(errs, fmt.Errorf("node id %q is empty or repeated", n.ID))
		}
		nodes[n.ID] = true
		for _, d := range n.Data {
			if !inDomain(d.Key, "node") {
				errs = append(errs, fmt.Errorf("node %s has data under key %q, not a node key", n.ID, d.Key))
			}
		}
	}
	for _, e := range doc.Graph.Edges {
		if !nodes[e.Source] || !nodes[e.Target] {
			errs = append(errs, fmt.Errorf("edge %s runs %s -> %s, not between nodes of the graph", e.ID, e.Source, e.Target))
		}
		for _, d := range e.Data {
			if !inDomain(d.Key, "edge") {
				errs = append(errs, fmt.Errorf("edge %s has data under key %q, not an edge key", e.ID, d.Key))
			}
		}
	}
	return errors.Join(errs...)
}
