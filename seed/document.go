package seed

import (
	"maps"
	"slices"
	"sort"

	"github.com/cyberkg/cyberkg/graph"
)

// Document is one write or import document in the seed's format (YAML, or
// JSON, which is YAML too): the same sections, the same schema, the same
// rules as a seed file.
type Document struct {
	Name string // how errors name it: a file name, or "request"
	Data []byte
	// LineOf maps a field to the line of the file it came from, for
	// documents made from another format (CSV); nil: the document's own lines.
	LineOf func(field string) int
}

// Lookup returns the kind label of each id the graph has now; ids it does
// not have are left out.
type Lookup func(ids []string) (map[string]string, error)

// KnownKinds is a Lookup over a fixed map of ids to kinds, for a caller that
// knows the graph's entities already (a test, a generator).
func KnownKinds(known map[string]string) Lookup {
	return func(ids []string) (map[string]string, error) {
		out := map[string]string{}
		for _, id := range ids {
			if k, ok := known[id]; ok {
				out[id] = k
			}
		}
		return out, nil
	}
}

// Parsed is what a write or import documents assert.
type Parsed struct {
	Dataset graph.Dataset
	// Sections counts the items of each section (agreements, sources…), so
	// a route can insist on the one kind of fact it writes.
	Sections map[string]int
}

// ParseDocuments validates write or import documents exactly as Parse
// validates seed files, with two differences: an id a document does not
// define may name an entity the graph has (lookup), and every fact must
// name its source. On any problem it returns Errors, each with its file,
// line and field, and no dataset.
func ParseDocuments(docs []Document, lookup Lookup) (*Parsed, error) {
	decoded, errs := decodeAll(docs)
	if len(errs) > 0 {
		return nil, sortErrors(relocate(errs, docs))
	}
	// A first pass finds the ids to look up; the second reports every
	// problem, those of references to the graph included.
	first, _ := buildDocuments(decoded, docs, nil)
	var err error
	var external map[string]string
	if missing := slices.Sorted(maps.Keys(first.missing)); len(missing) > 0 {
		if external, err = lookup(missing); err != nil {
			return nil, err
		}
	}
	if external == nil {
		external = map[string]string{}
	}
	b, err := buildDocuments(decoded, docs, external)
	if err != nil {
		return nil, err
	}
	out := &Parsed{Dataset: b.ds, Sections: map[string]int{}}
	for _, p := range b.files {
		f := p.file
		for name, n := range map[string]int{"sources": len(f.Sources), "entities": len(f.Entities), "agreements": len(f.Agreements),
			"statements": len(f.Statements), "events": len(f.Events), "incidents": len(f.Incidents),
			"memberships": len(f.Memberships), "positions": len(f.Positions), "relations": len(f.Relations)} {
			if n > 0 {
				out.Sections[name] += n
			}
		}
	}
	return out, nil
}

// decodeAll decodes and schema-checks every document once.
func decodeAll(docs []Document) ([]parsed, Errors) {
	var out []parsed
	var errs Errors
	for _, d := range docs {
		parsedDoc, f, e := decode(d.Name, d.Data)
		if len(e) > 0 {
			errs = append(errs, e...)
			continue
		}
		out = append(out, parsed{parsedDoc, f})
	}
	return out, errs
}

// buildDocuments builds decoded documents. Without external kinds it only
// collects the ids it must look up (missing); with them, it builds.
func buildDocuments(decoded []parsed, docs []Document, external map[string]string) (*builder, error) {
	b := newBuilder()
	b.seedFile, b.provenance = false, true
	if external == nil {
		b.collecting, b.missing = true, map[string]bool{}
	} else {
		b.external = external
	}
	for _, p := range decoded {
		b.declare(p.doc, p.file)
	}
	if len(b.errs) == 0 {
		b.build()
	}
	if len(b.errs) > 0 {
		return b, sortErrors(relocate(b.errs, docs))
	}
	return b, nil
}

// relocate gives errors in documents made from another format the line of
// their source.
func relocate(errs Errors, docs []Document) Errors {
	for _, e := range errs {
		for _, d := range docs {
			if d.Name == e.File && d.LineOf != nil {
				e.Line = d.LineOf(e.Field)
			}
		}
	}
	return errs
}

func sortErrors(errs Errors) Errors {
	sort.SliceStable(errs, func(i, j int) bool {
		if errs[i].File != errs[j].File {
			return errs[i].File < errs[j].File
		}
		return errs[i].Line < errs[j].Line
	})
	return errs
}
