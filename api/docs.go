package api

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/cyberkg/cyberkg/queries"
)

// The /docs page: the OpenAPI document as a reference for people, rendered
// once at start-up. Analysts' routes come first; every parameter's type is
// said in words; the example answers are fetched live by the page itself.

//go:embed docs.html
var docsTemplate string

var docsPage = template.Must(template.New("docs").Funcs(template.FuncMap{
	"upper": strings.ToUpper,
}).Parse(docsTemplate))

// exampleOrigin stands in the curl lines for the server's address until the
// page's script puts in its own.
const exampleOrigin = "http://localhost:8080"

// The page's groups, in order.
const (
	groupCatalog = iota
	groupReads
	groupWrites
	groupInfrastructure
)

var docGroups = []struct{ ID, Title, Lead string }{
	{"catalog-queries", "Catalog queries", "Named questions with typed parameters: the analyst's first stop. Every time-dependent one takes as_of."},
	{"reads", "Entities, search, neighbourhoods, paths, export and Cypher", "Reads over the whole graph, and your own read-only Cypher."},
	{"writes", "Writes, proposals, import and the audit trail", "Routes that change the graph need an API key (Authorization: Bearer ckg_…); the audit trail and the review queue are reads."},
	{"infrastructure", "Infrastructure", "Health, metrics, this reference and the pages for people."},
}

// readOrder and infrastructureOrder place the routes of those groups; a
// route not named goes after them, by path.
var (
	readOrder           = []string{"/v1/entities/{id}", "/v1/search", "/v1/entities/{id}/neighbourhood", "/v1/paths", "/v1/export", "/v1/cypher"}
	infrastructureOrder = []string{"/healthz", "/readyz", "/metrics", "/openapi.json", "/docs", "/", "/assets/{filepath}"}
	methodOrder         = []string{"get", "head", "options", "post", "put", "patch", "delete"}
)

type docSection struct {
	ID, Title, Lead string
	Operations      []docOperation
}

// docOperation is one route of the reference page.
type docOperation struct {
	ID, Method, Path, Summary, Description string
	// Short is the summary's first sentence, for the contents.
	Short            string
	Catalog, Secured bool
	Parameters       []docParam
	Body             *docBody
	Responses        []docResponse
	// Example is a request for the route built from its parameters'
	// examples and defaults; Live says the page may fetch it; Open that it
	// does so as the page loads.
	Example    string
	Curl       string
	Live, Open bool

	group, rank int
}

type docParam struct {
	Name, In, Type, Default, Description string
	Required                             bool
}

type docBody struct {
	Required     bool
	ContentTypes []string
	Description  string
	Fields       []docField
	Examples     []docExample
}

type docField struct {
	Name, Type, Description string
	Required                bool
}

type docExample struct {
	Summary, JSON, Curl string
	// Runnable examples are reads: the page can send them.
	Runnable bool
}

type docResponse struct{ Status, Description string }

// openAPIDoc is the part of the OpenAPI document the page reads.
type openAPIDoc struct {
	Info       map[string]any                       `json:"info"`
	Paths      map[string]map[string]map[string]any `json:"paths"`
	Components struct {
		Schemas   map[string]map[string]any `json:"schemas"`
		Responses map[string]map[string]any `json:"responses"`
	} `json:"components"`
}

// handleDocs serves the page NewServer rendered (renderDocs).
func handleDocs(page []byte) gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Data(http.StatusOK, "text/html; charset=utf-8", page)
	}
}

// docsPageData is what the page's template shows of the OpenAPI document.
// AuthReads is Options.AuthReads: every /v1/ route needs a key, and the
// page says so.
type docsPageData struct {
	Info      map[string]any
	Sections  []docSection
	Origin    string
	AuthReads bool
}

func docsPageOf(openapi []byte, authReads bool) (docsPageData, error) {
	var doc openAPIDoc
	if err := json.Unmarshal(openapi, &doc); err != nil {
		return docsPageData{}, fmt.Errorf("read the OpenAPI document: %w", err)
	}
	return docsPageData{Info: doc.Info, Sections: docSections(doc, authReads), Origin: exampleOrigin, AuthReads: authReads}, nil
}

// renderDocs renders the page once, when the server is built: a page that
// cannot be built stops the server there rather than serving a broken one.
func renderDocs(openapi []byte, authReads bool) ([]byte, error) {
	data, err := docsPageOf(openapi, authReads)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := docsPage.Execute(&buf, data); err != nil {
		return nil, fmt.Errorf("render the docs page: %w", err)
	}
	return buf.Bytes(), nil
}

// docSections is every operation of doc, placed in its group and order.
func docSections(doc openAPIDoc, authReads bool) []docSection {
	var ops []docOperation
	for path, methods := range doc.Paths {
		for method, op := range methods {
			ops = append(ops, docOperationOf(doc, method, path, op, authReads))
		}
	}
	for i := range ops {
		ops[i].group, ops[i].rank = docPlace(ops[i].Method, ops[i].Path, ops[i].Catalog)
	}
	sortOperations(ops)
	sections := make([]docSection, len(docGroups))
	for i, g := range docGroups {
		sections[i] = docSection{ID: g.ID, Title: g.Title, Lead: g.Lead}
	}
	for _, op := range ops {
		// The catalog's first query is the headline: its answer shows without a click.
		op.Open = op.Live && op.group == groupCatalog && op.rank == 0
		sections[op.group].Operations = append(sections[op.group].Operations, op)
	}
	return sections
}

func docOperationOf(doc openAPIDoc, method, path string, op map[string]any, authReads bool) docOperation {
	d := docOperation{ID: docSlug(method + " " + path), Method: method, Path: path}
	d.Summary, _ = op["summary"].(string)
	d.Short = firstSentence(d.Summary)
	d.Description, _ = op["description"].(string)
	tags, _ := op["tags"].([]any)
	d.Catalog = len(tags) > 0
	_, d.Secured = op["security"]
	// The document marks only the writes; with AuthReads the reads under
	// /v1/ need a key too (readAccess), so the page neither fetches nor
	// runs them: it would only show 401s.
	d.Secured = d.Secured || authReads && strings.HasPrefix(path, "/v1/")
	params, _ := op["parameters"].([]any)
	for _, p := range params {
		if p, ok := p.(map[string]any); ok {
			d.Parameters = append(d.Parameters, docParamOf(p))
		}
	}
	if body, ok := op["requestBody"].(map[string]any); ok {
		d.Body = docBodyOf(doc, method, path, body, !d.Secured)
	}
	resps, _ := op["responses"].(map[string]any)
	for status, r := range resps {
		d.Responses = append(d.Responses, docResponse{Status: status, Description: responseDescription(doc, r)})
	}
	sort.Slice(d.Responses, func(i, j int) bool { return d.Responses[i].Status < d.Responses[j].Status })
	if method == "get" {
		if example, real, ok := exampleRequest(path, params); ok {
			d.Example = example
			d.Curl = curlLine("GET", exampleOrigin+example, "")
			// The API's own reads; the infrastructure's answers are not JSON
			// worth showing, and a made-up id would only answer 404.
			d.Live = strings.HasPrefix(path, "/v1/") && !d.Secured && real
		}
	}
	return d
}

// docPlace gives an operation's group and its rank within the group. The
// catalog's queries come in its own order, which starts with the headline
// (queries.MembersWithAgreementByBloc).
func docPlace(method, path string, catalogTagged bool) (group, rank int) {
	switch {
	case catalogTagged:
		name := strings.TrimPrefix(path, "/v1/queries/")
		if i := slices.IndexFunc(queries.All, func(q *queries.Query) bool { return q.Name == name }); i >= 0 {
			return groupCatalog, i
		}
		return groupCatalog, len(queries.All)
	case path == "/v1/queries" || path == "/v1/queries/{name}":
		return groupCatalog, 1 + len(queries.All) // the catalog itself, after its queries
	case slices.Contains(readOrder, path) && (method == "get" || path == "/v1/cypher"):
		return groupReads, slices.Index(readOrder, path)
	case strings.HasPrefix(path, "/v1/"):
		// Facts' writes, then the review queue, the imports, the reader, the trail.
		for i, prefix := range []string{"/v1/proposals", "/v1/import", "/v1/ingest", "/v1/changes"} {
			if path == prefix || strings.HasPrefix(path, prefix+"/") {
				return groupWrites, 1 + i
			}
		}
		return groupWrites, 0
	}
	if i := slices.Index(infrastructureOrder, path); i >= 0 {
		return groupInfrastructure, i
	}
	return groupInfrastructure, len(infrastructureOrder)
}

// sortOperations orders by group, rank, path, then method (GET before POST,
// PUT, DELETE).
func sortOperations(ops []docOperation) {
	methodRank := func(m string) int {
		if i := slices.Index(methodOrder, m); i >= 0 {
			return i
		}
		return len(methodOrder)
	}
	sort.SliceStable(ops, func(i, j int) bool {
		a, b := ops[i], ops[j]
		if a.group != b.group {
			return a.group < b.group
		}
		if a.rank != b.rank {
			return a.rank < b.rank
		}
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		return methodRank(a.Method) < methodRank(b.Method)
	})
}

// firstSentence is s up to its first full stop followed by a capital (so
// not the one of "e.g. ").
func firstSentence(s string) string {
	for i := 0; ; {
		j := strings.Index(s[i:], ". ")
		if j < 0 {
			return s
		}
		i += j + 2
		if r, _ := utf8.DecodeRuneInString(s[i:]); unicode.IsUpper(r) {
			return s[:i-1]
		}
	}
}

var slugUnsafe = regexp.MustCompile(`[^a-z0-9_]+`)

// docSlug makes an HTML id (and #fragment) of a route: "get /v1/entities/{id}"
// is "get-v1-entities-id".
func docSlug(s string) string {
	return strings.Trim(slugUnsafe.ReplaceAllString(strings.ToLower(s), "-"), "-")
}

func docParamOf(p map[string]any) docParam {
	d := docParam{}
	d.Name, _ = p["name"].(string)
	d.In, _ = p["in"].(string)
	d.Description, _ = p["description"].(string)
	d.Required, _ = p["required"].(bool)
	kind, _ := p["x-kind"].(string)
	schema, _ := p["schema"].(map[string]any)
	d.Type = typeInWords(schema, kind)
	if v, ok := schema["default"]; ok {
		d.Default = fmt.Sprint(v)
	}
	return d
}

// typeInWords says what a JSON Schema accepts, as a reader would: "integer
// 1–1000", "one of: json, csv", "id of a Country". kind is a parameter's
// x-kind, for ids.
func typeInWords(schema map[string]any, kind string) string {
	if schema == nil {
		return "any"
	}
	if ref, ok := schema["$ref"].(string); ok {
		return "object (" + strings.TrimPrefix(ref, "#/components/schemas/") + ")"
	}
	if enum, ok := schema["enum"].([]any); ok && len(enum) > 0 {
		words := make([]string, len(enum))
		for i, v := range enum {
			words[i] = fmt.Sprint(v)
		}
		return "one of: " + strings.Join(words, ", ")
	}
	var types []string
	switch t := schema["type"].(type) {
	case string:
		types = []string{t}
	case []any:
		for _, v := range t {
			if s, ok := v.(string); ok {
				types = append(types, s)
			}
		}
	}
	if len(types) == 0 {
		return "any"
	}
	words := make([]string, len(types))
	for i, t := range types {
		words[i] = oneTypeInWords(t, schema, kind)
	}
	return strings.Join(words, " or ")
}

func oneTypeInWords(t string, schema map[string]any, kind string) string {
	switch t {
	case "integer", "number":
		lo, hasLo := schema["minimum"].(float64)
		hi, hasHi := schema["maximum"].(float64)
		switch {
		case hasLo && hasHi:
			return fmt.Sprintf("%s %g–%g", t, lo, hi)
		case hasLo:
			return fmt.Sprintf("%s ≥ %g", t, lo)
		case hasHi:
			return fmt.Sprintf("%s ≤ %g", t, hi)
		}
		return t
	case "boolean":
		return "true or false"
	case "array":
		items, _ := schema["items"].(map[string]any)
		return "list of " + plural(typeInWords(items, ""))
	case "object":
		return "object"
	case "null":
		return "null"
	case "string":
		pattern, _ := schema["pattern"].(string)
		switch {
		case pattern == dateParamPattern:
			return "date: YYYY-MM-DD, YYYY-MM or YYYY (or today)"
		case pattern == instantParamPattern:
			return "time: YYYY-MM-DD, an RFC 3339 timestamp, or now"
		case kind == "Entity":
			return "id of any entity"
		case kind != "":
			return "id of " + article(kind) + " " + kind
		case schema["contentEncoding"] == "binary":
			return "binary"
		case pattern != "":
			return "text matching " + pattern
		}
		if n, ok := schema["maxLength"].(float64); ok {
			return fmt.Sprintf("text, at most %g characters", n)
		}
		return "text"
	}
	return t
}

func article(word string) string {
	if word != "" && strings.ContainsRune("AEIOUaeiou", rune(word[0])) {
		return "an"
	}
	return "a"
}

// plural makes "list of object" read "list of objects"; words with a
// qualifier ("text, at most …", "one of: …") are left as they are.
func plural(words string) string {
	switch words {
	case "object", "integer", "number":
		return words + "s"
	}
	return words
}

// docBodyOf describes a request body: its content types, the fields of its
// JSON schema, and its examples. Only an operation that needs no API key
// (a read: POST /v1/cypher) gets examples the page can run.
func docBodyOf(doc openAPIDoc, method, path string, body map[string]any, runnable bool) *docBody {
	d := &docBody{}
	d.Required, _ = body["required"].(bool)
	content, _ := body["content"].(map[string]any)
	d.ContentTypes = slices.Sorted(maps.Keys(content))
	media, _ := content["application/json"].(map[string]any)
	if media == nil {
		return d
	}
	schema := resolveSchema(doc, media["schema"])
	d.Description, _ = schema["description"].(string)
	d.Fields = schemaFields(doc, schema, "")
	fieldOrder := make([]string, len(d.Fields))
	for i, f := range d.Fields {
		fieldOrder[i] = f.Name
	}
	var examples []docExample
	named, _ := media["examples"].(map[string]any)
	for _, name := range slices.Sorted(maps.Keys(named)) {
		ex, _ := named[name].(map[string]any)
		summary, _ := ex["summary"].(string)
		if summary == "" {
			summary = name
		}
		examples = append(examples, docExample{Summary: summary, JSON: prettyJSON(ex["value"], fieldOrder)})
	}
	if v, ok := media["example"]; ok {
		examples = append(examples, docExample{Summary: "Example", JSON: prettyJSON(v, fieldOrder)})
	}
	for i := range examples {
		var compact bytes.Buffer
		if err := json.Compact(&compact, []byte(examples[i].JSON)); err != nil {
			compact.WriteString(examples[i].JSON)
		}
		examples[i].Curl = curlLine(strings.ToUpper(method), exampleOrigin+path, compact.String())
		examples[i].Runnable = runnable && !strings.Contains(path, "{")
	}
	d.Examples = examples
	return d
}

// resolveSchema follows a $ref into components/schemas.
func resolveSchema(doc openAPIDoc, s any) map[string]any {
	schema, _ := s.(map[string]any)
	if ref, ok := schema["$ref"].(string); ok {
		if target, ok := doc.Components.Schemas[strings.TrimPrefix(ref, "#/components/schemas/")]; ok {
			return target
		}
	}
	return schema
}

// schemaFields lists an object schema's properties, required first, and
// the properties of an object (or a list of objects) one level down.
func schemaFields(doc openAPIDoc, schema map[string]any, prefix string) []docField {
	props, _ := schema["properties"].(map[string]any)
	required := map[string]bool{}
	if req, ok := schema["required"].([]any); ok {
		for _, r := range req {
			if s, ok := r.(string); ok {
				required[s] = true
			}
		}
	}
	names := slices.Sorted(maps.Keys(props))
	sort.SliceStable(names, func(i, j int) bool { return required[names[i]] && !required[names[j]] })
	var out []docField
	for _, name := range names {
		prop := resolveSchema(doc, props[name])
		f := docField{Name: prefix + name, Required: required[name], Type: typeInWords(prop, "")}
		f.Description, _ = prop["description"].(string)
		out = append(out, f)
		if prefix != "" {
			continue // one level of nesting is enough to read
		}
		if items, ok := prop["items"]; ok {
			out = append(out, schemaFields(doc, resolveSchema(doc, items), name+"[].")...)
		} else if _, ok := prop["properties"]; ok {
			out = append(out, schemaFields(doc, prop, name+".")...)
		}
	}
	return out
}

func responseDescription(doc openAPIDoc, r any) string {
	resp, _ := r.(map[string]any)
	if ref, ok := resp["$ref"].(string); ok {
		resp = doc.Components.Responses[strings.TrimPrefix(ref, "#/components/responses/")]
	}
	desc, _ := resp["description"].(string)
	return desc
}

// exampleRequest builds a request for a GET route: path parameters and
// required ones from their examples, the parameter's own example where it
// has one (as_of, entity), and plain text parameters' defaults (bloc=BRICS),
// so the request names what the answer is about. It fails when a required
// parameter has no value to give. real says every path parameter's value
// is in the graph (realPathValue), so the request can answer more than 404.
func exampleRequest(path string, params []any) (example string, real, ok bool) {
	real = true
	var query []string
	for _, p := range params {
		p, _ := p.(map[string]any)
		name, _ := p["name"].(string)
		in, _ := p["in"].(string)
		required, _ := p["required"].(bool)
		schema, _ := p["schema"].(map[string]any)
		value, ok := exampleValue(p, schema, required || in == "path")
		switch {
		case in == "path":
			if !ok {
				return "", false, false
			}
			real = real && realPathValue(name, value, schema)
			path = strings.ReplaceAll(path, "{"+name+"}", url.PathEscape(value))
		case in == "query" && ok:
			query = append(query, url.QueryEscape(name)+"="+url.QueryEscape(value))
		case in == "query" && required:
			return "", false, false
		}
	}
	if len(query) > 0 {
		path += "?" + strings.Join(query, "&")
	}
	return path, real, true
}

// realPathValue says whether value, a path parameter's example, names
// something the server has: one of the values the parameter takes (a
// catalog query's name), or one of paramExamples' ids, which
// TestIDExamplesNameEntitiesOfTheRightKind finds in the seed. A schema
// example written for the reader (a proposal's id) is not.
func realPathValue(name, value string, schema map[string]any) bool {
	enum, _ := schema["enum"].([]any)
	return slices.Contains(paramExamples[name], value) ||
		slices.ContainsFunc(enum, func(v any) bool { return fmt.Sprint(v) == value })
}

func exampleValue(p, schema map[string]any, needed bool) (string, bool) {
	if v, ok := p["example"]; ok {
		return fmt.Sprint(v), true
	}
	_, hasPattern := schema["pattern"]
	_, hasEnum := schema["enum"]
	def, hasDefault := schema["default"]
	if hasDefault && schema["type"] == "string" && !hasPattern && !hasEnum {
		return fmt.Sprint(def), true
	}
	if !needed {
		return "", false
	}
	if examples, ok := schema["examples"].([]any); ok && len(examples) > 0 {
		return fmt.Sprint(examples[0]), true
	}
	if enum, ok := schema["enum"].([]any); ok && len(enum) > 0 {
		return fmt.Sprint(enum[0]), true
	}
	if hasDefault {
		return fmt.Sprint(def), true
	}
	return "", false
}

// curlLine is a shell command for a request, single-quoted for a POSIX shell.
func curlLine(method, target, body string) string {
	quote := func(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
	if body == "" {
		return "curl " + quote(target)
	}
	return "curl -X " + method + " -H 'Content-Type: application/json' --data " + quote(body) + " " + quote(target)
}

// prettyJSON indents v, leaving < and > as they are (Cypher has them). An
// object's keys come in the order of keys (its schema's fields: statement
// before parameters), then the rest.
func prettyJSON(v any, keys []string) string {
	obj, ok := v.(map[string]any)
	if !ok {
		return indentJSON(v, "")
	}
	order := slices.DeleteFunc(slices.Clone(keys), func(k string) bool { _, ok := obj[k]; return !ok })
	for _, k := range slices.Sorted(maps.Keys(obj)) {
		if !slices.Contains(order, k) {
			order = append(order, k)
		}
	}
	var b strings.Builder
	b.WriteString("{")
	for i, k := range order {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n  " + indentJSON(k, "  ") + ": " + indentJSON(obj[k], "  "))
	}
	b.WriteString("\n}")
	return b.String()
}

func indentJSON(v any, prefix string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent(prefix, "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	return strings.TrimSuffix(b.String(), "\n")
}
