package seed

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/parser"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/cyberkg/cyberkg/graph"
)

// Parse reads every *.yaml file of fsys, validates each against schema.json
// and all of them together (unique ids, references that resolve to the right
// kind, sane dates), and returns the dataset to load. On any problem it
// returns Errors and no dataset.
func Parse(fsys fs.FS) (graph.Dataset, error) {
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return graph.Dataset{}, err
	}
	if len(names) == 0 {
		return graph.Dataset{}, errors.New("no *.yaml seed files found")
	}
	sort.Strings(names)
	b := newBuilder()
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return graph.Dataset{}, fmt.Errorf("read seed file %s: %w", name, err)
		}
		d, f, errs := decode(name, data)
		if len(errs) > 0 {
			b.errs = append(b.errs, errs...)
			continue
		}
		b.declare(d, f)
	}
	// After every file declared its ids: the data set adds the countries
	// none of them defines.
	rows, errs := readCountryCodes(fsys)
	b.errs = append(b.errs, errs...)
	if rows != nil {
		b.countries, b.countriesDoc = rows, &doc{name: CountryCodesFile}
		b.declareCountries(rows)
	}
	if len(b.errs) == 0 {
		b.build()
	}
	if len(b.errs) > 0 {
		return graph.Dataset{}, sortErrors(b.errs)
	}
	return b.ds, nil
}

// decode parses one file and checks it against the schema.
//
// A JSON document (a request body, a converted CSV) skips YAML: it is read
// as JSON, and parsed as YAML only if a line must be found for an error.
func decode(name string, data []byte) (*doc, *file, Errors) {
	d := &doc{name: name, data: data}
	asJSON := data
	if !isJSONObject(data) || hasDuplicateKeys(data) {
		tree, err := parser.ParseBytes(data, 0)
		if err != nil {
			return nil, nil, Errors{syntaxError(name, err)}
		}
		d.ast = tree
		var raw any
		if err := yaml.Unmarshal(data, &raw); err != nil {
			return nil, nil, Errors{syntaxError(name, err)}
		}
		if raw == nil {
			raw = map[string]any{} // an empty file, or one of comments only
		}
		if asJSON, err = json.Marshal(raw); err != nil {
			return nil, nil, Errors{{File: name, Line: 1, Reason: fmt.Sprintf("cannot be read as JSON data: %v", err)}}
		}
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(asJSON))
	if err != nil {
		return nil, nil, Errors{{File: name, Line: 1, Reason: err.Error()}}
	}
	if err := compiledSchema().Validate(inst); err != nil {
		var ve *jsonschema.ValidationError
		if !errors.As(err, &ve) {
			return nil, nil, Errors{{File: name, Reason: err.Error()}}
		}
		return nil, nil, schemaErrors(d, ve)
	}
	var f file
	if err := json.Unmarshal(asJSON, &f); err != nil {
		return nil, nil, Errors{{File: name, Line: 1, Reason: err.Error()}}
	}
	return d, &f, nil
}

// isJSONObject reports whether data is one JSON object (and nothing else).
func isJSONObject(data []byte) bool {
	trimmed := bytes.TrimSpace(data)
	return len(trimmed) > 0 && trimmed[0] == '{' && json.Valid(trimmed)
}

// hasDuplicateKeys reports whether an object of valid JSON data names a key
// twice; JSON would keep the last silently, so such a document goes the YAML
// way, which refuses it with its line.
func hasDuplicateKeys(data []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(data))
	var walk func() bool
	walk = func() bool {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		switch tok {
		case json.Delim('{'):
			seen := map[string]bool{}
			for dec.More() {
				key, _ := dec.Token()
				k, _ := key.(string)
				if seen[k] || walk() {
					return true
				}
				seen[k] = true
			}
			_, _ = dec.Token()
		case json.Delim('['):
			for dec.More() {
				if walk() {
					return true
				}
			}
			_, _ = dec.Token()
		}
		return false
	}
	return walk()
}

var english = message.NewPrinter(language.English)

// schemaErrors reports the innermost failures of a validation, one per place.
func schemaErrors(d *doc, ve *jsonschema.ValidationError) Errors {
	var leaves []*jsonschema.ValidationError
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) == 0 {
			leaves = append(leaves, e)
			return
		}
		for _, c := range e.Causes {
			walk(c)
		}
	}
	walk(ve)
	seen := map[string]bool{}
	var errs Errors
	for _, leaf := range leaves {
		p := yamlPath(leaf.InstanceLocation)
		if seen[p] {
			continue // one message per place: the alternatives of an anyOf say the same thing twice
		}
		seen[p] = true
		where := strings.TrimPrefix(p, "$.")
		if where == "$" {
			where = "top level"
		}
		line := d.line(p)
		if extra, ok := leaf.ErrorKind.(*kind.AdditionalProperties); ok && len(extra.Properties) > 0 {
			line = d.line(p + "." + extra.Properties[0]) // point at the unknown key itself
		}
		errs = append(errs, &Error{File: d.name, Line: line, Field: fieldOf(p), Reason: fmt.Sprintf("%s: %s", where, leaf.ErrorKind.LocalizedString(english))})
	}
	return errs
}

var (
	schemaOnce sync.Once
	schema     *jsonschema.Schema
)

func compiledSchema() *jsonschema.Schema {
	schemaOnce.Do(func() {
		data, err := embedded.ReadFile("schema.json")
		if err != nil {
			panic(err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			panic(fmt.Sprintf("seed/schema.json: %v", err))
		}
		c := jsonschema.NewCompiler()
		if err := c.AddResource("schema.json", doc); err != nil {
			panic(err)
		}
		schema = c.MustCompile("schema.json")
	})
	return schema
}

// Schema returns the JSON Schema of seed files, for tools and docs.
func Schema() []byte {
	data, _ := embedded.ReadFile("schema.json")
	return data
}

// fileName is the name recorded in seed_file: the base name, never a machine path.
func fileName(d *doc) string { return path.Base(d.name) }
