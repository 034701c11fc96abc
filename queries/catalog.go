// Package queries is the catalog of named, parameterised Cypher queries. Each
// query is one .cypher file in this folder whose header comment gives its
// description and typed parameters; the files are embedded in the binary and
// each is registered once below as a typed value, so Go code cannot name a
// query that does not exist.
package queries

import (
	"embed"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/internal/cypherfrag"
)

//go:embed *.cypher
var files embed.FS

// The catalog, in the order /v1/queries shows it. Adding a query: write its
// .cypher file, register it here (one line), and add its case to
// catalog_integration_test.go.
var (
	MembersWithAgreementByBloc = register("members_with_agreement_by_bloc")
	MembersListByBloc          = register("members_list_by_bloc")
	AgreementsListByParty      = register("agreements_list_by_party")
	StatementsListBySpeaker    = register("statements_list_by_speaker")
	StatementsListBySubject    = register("statements_list_by_subject")
	AttributionsListByIncident = register("attributions_list_by_incident")
	NeighboursListByEntity     = register("neighbours_list_by_entity")
	TimelineListByEntity       = register("timeline_list_by_entity")
	PositionsListByOrg         = register("positions_list_by_organization")
	ProfileGetByCountry        = register("profile_get_by_country")
	ActorsListBySponsor        = register("actors_list_by_sponsor")
	TargetsListBySponsor       = register("targets_list_by_sponsor")
	SuspicionsListByBloc       = register("suspicions_list_by_bloc")
)

// All lists the catalog, filled by register in the order above (Go
// initialises independent package variables in the order they are declared).
var All []*Query

// register loads a query and adds it to All.
func register(name string) *Query {
	q := mustLoad(name)
	All = append(All, q)
	return q
}

// ByName finds a catalog query by its name, for the HTTP and CLI layers that
// receive names from users.
func ByName(name string) (*Query, bool) {
	for _, q := range All {
		if q.Name == name {
			return q, true
		}
	}
	return nil, false
}

// ParamType is the type of a query parameter.
type ParamType string

const (
	String  ParamType = "string"
	Integer ParamType = "integer"
	Date    ParamType = "date"
	Boolean ParamType = "boolean"
	ID      ParamType = "id" // an entity id; Param.Kind says which kind label it must have
	// Instant is a recorded time, for known_on: now, a day (its last
	// instant, UTC) or an RFC 3339 timestamp. It binds to a graph.KnownOn.
	Instant ParamType = "instant"
)

// dayPattern matches the YYYY-MM-DD dates of the calendar, leap days included.
const dayPattern = `([0-9]{4}-(0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])` +
	`|[0-9]{4}-(0[469]|11)-(0[1-9]|[12][0-9]|30)` +
	`|[0-9]{4}-02-(0[1-9]|1[0-9]|2[0-8])` +
	`|([0-9]{2}(0[48]|[2468][048]|[13579][26])|([02468][048]|[13579][26])00)-02-29)`

// InstantPattern matches exactly the values an Instant parameter accepts:
// now, YYYY-MM-DD, or an RFC 3339 timestamp (seconds required, at most nine
// fractional digits, Z or an offset). It is both RE2 and ECMA-262 syntax, so
// the OpenAPI document uses it as it is.
const InstantPattern = `now|` + dayPattern +
	`(T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,9})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9]))?`

var instantRE = regexp.MustCompile(`^(` + InstantPattern + `)$`)

// ParseInstant reads a known_on value: "now" (the zero KnownOn), a day
// YYYY-MM-DD (the last instant of that day, UTC), or an RFC 3339 timestamp
// (that instant, in the offset given: Param sends it in UTC).
func ParseInstant(s string) (graph.KnownOn, error) {
	if !instantRE.MatchString(s) {
		return graph.KnownOn{}, fmt.Errorf("%q is not an instant: want YYYY-MM-DD (the end of that day, UTC), an RFC 3339 timestamp such as 2026-11-29T17:03:00Z, or now", s)
	}
	if s == "now" {
		return graph.KnownOn{}, nil
	}
	if len(s) == len(time.DateOnly) {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			return graph.KnownOn{}, fmt.Errorf("%q is not a date: %w", s, err)
		}
		return graph.EndOfDay(d), nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return graph.KnownOn{}, fmt.Errorf("%q is not an RFC 3339 timestamp: %w", s, err)
	}
	if _, offset := t.Zone(); offset == 0 {
		t = t.UTC() // Z, +00:00 and -00:00 are one instant, written Z
	}
	return graph.KnownAt(t), nil
}

// FormatInstant writes k as ParseInstant reads it back: now, or an RFC 3339
// timestamp.
func FormatInstant(k graph.KnownOn) string {
	if k.Now() {
		return "now"
	}
	return k.Format(time.RFC3339Nano)
}

// Param describes one parameter of a query, as its header declares it.
type Param struct {
	Name        string    `json:"name"`
	Type        ParamType `json:"type"`
	Kind        string    `json:"kind,omitempty"` // for ID: the required kind label, "Entity" for any
	Default     string    `json:"default,omitempty"`
	Required    bool      `json:"required"`
	OneOf       []string  `json:"one_of,omitempty"`
	Min         *int      `json:"min,omitempty"`
	Max         *int      `json:"max,omitempty"`
	MaxLength   int       `json:"max_length,omitempty"` // for String and ID, in characters; 0 means the type's limit
	Description string    `json:"description"`
}

// Query is one catalog entry.
type Query struct {
	Name        string  `json:"name"`
	Description string  `json:"description"`
	Params      []Param `json:"params"`
	Cypher      string  `json:"-"`
	// Columns are the answer's columns, in order.
	Columns []string `json:"columns"`
}

func mustLoad(name string) *Query {
	text, err := files.ReadFile(name + ".cypher")
	if err != nil {
		panic(fmt.Sprintf("queries: %s.cypher is registered but not embedded: %v", name, err))
	}
	expanded, err := cypherfrag.Expand(name+".cypher", string(text), nil)
	if err != nil {
		panic(fmt.Sprintf("queries: %v", err))
	}
	q, err := Parse(name, expanded)
	if err != nil {
		panic(fmt.Sprintf("queries: %v", err))
	}
	return q
}

// Files lists the embedded .cypher files, so a test can check each is registered.
func Files() ([]string, error) {
	entries, err := files.ReadDir(".")
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".cypher"))
	}
	return names, nil
}

// A parameter line: "// param: NAME TYPE [= DEFAULT] [one-of A,B] [range LO..HI] -- DESCRIPTION".
// A default of "null" makes the parameter optional with no value.
var paramLine = regexp.MustCompile(`^(\w+)\s+(string|integer|date|boolean|instant|id\((\w+)\))(?:\s+=\s+(\S+))?(?:\s+one-of\s+(\S+))?(?:\s+range\s+(-?\d+)\.\.(-?\d+))?\s+--\s+(.+)$`)

// Parse reads a query's header comment. It is exported for the test that
// checks every file's header.
func Parse(name, text string) (*Query, error) {
	q := &Query{Name: name, Cypher: text}
	for i, line := range strings.Split(text, "\n") {
		rest, ok := strings.CutPrefix(strings.TrimSpace(line), "//")
		if !ok {
			continue
		}
		key, value, ok := strings.Cut(strings.TrimSpace(rest), ":")
		if !ok {
			continue
		}
		value = strings.TrimSpace(value)
		switch key {
		case "description":
			q.Description = value
		case "param":
			p, err := parseParam(value)
			if err != nil {
				return nil, fmt.Errorf("%s.cypher line %d: %w", name, i+1, err)
			}
			q.Params = append(q.Params, p)
		}
	}
	if q.Description == "" {
		return nil, fmt.Errorf("%s.cypher has no '// description:' line", name)
	}
	for _, p := range q.Params {
		if !strings.Contains(text, "$"+p.Name) {
			return nil, fmt.Errorf("%s.cypher declares parameter %q but never uses $%s", name, p.Name, p.Name)
		}
	}
	columns, err := returnColumns(text)
	if err != nil {
		return nil, fmt.Errorf("%s.cypher: %w", name, err)
	}
	q.Columns = columns
	return q, nil
}

func parseParam(s string) (Param, error) {
	m := paramLine.FindStringSubmatch(s)
	if m == nil {
		return Param{}, fmt.Errorf("param %q: want 'NAME TYPE [= DEFAULT] [one-of A,B] [range LO..HI] -- DESCRIPTION'", s)
	}
	p := Param{Name: m[1], Type: ParamType(m[2]), Default: m[4], Description: m[8]}
	if m[3] != "" {
		p.Type, p.Kind = ID, m[3]
	}
	p.Required = p.Default == ""
	if p.Default == "null" {
		p.Default = ""
	}
	if m[5] != "" {
		p.OneOf = strings.Split(m[5], ",")
	}
	if m[6] != "" {
		lo, _ := strconv.Atoi(m[6])
		hi, _ := strconv.Atoi(m[7])
		p.Min, p.Max = &lo, &hi
	}
	if p.Default != "" {
		if _, err := p.convert(p.Default, time.Now()); err != nil {
			return Param{}, fmt.Errorf("param %s: default: %w", p.Name, err)
		}
	}
	return p, nil
}

// Bind turns raw values (from a query string or a CLI flag) into typed
// Cypher parameters, applying defaults. now fixes what "today" means. Every
// error names the parameter at fault.
func (q *Query) Bind(raw map[string]string, now time.Time) (Values, error) {
	return Bind(q.Name, q.Params, raw, now)
}

// Bind is Query.Bind for any list of parameters, such as a route's; what
// names the query or route in error messages.
func Bind(what string, specs []Param, raw map[string]string, now time.Time) (Values, error) {
	known := make(map[string]bool, len(specs))
	var names []string
	for _, p := range specs {
		known[p.Name] = true
		names = append(names, p.Name)
	}
	for name := range raw {
		if !known[name] {
			return nil, graph.InvalidParam(name, "%s has no parameter %q (it takes: %s)", what, name, strings.Join(names, ", "))
		}
	}
	params := make(Values, len(specs))
	for _, p := range specs {
		value, given := raw[p.Name]
		if given && value == "" {
			// Leaving a parameter out gives its default; an empty one is a mistake.
			return nil, graph.InvalidParam(p.Name, "parameter %q is empty: give a value or leave it out", p.Name)
		}
		if !given {
			value = p.Default
		}
		if value == "" {
			if p.Required {
				return nil, graph.InvalidParam(p.Name, "parameter %q is required: %s", p.Name, p.Description)
			}
			params[p.Name] = nil
			continue
		}
		v, err := p.convert(value, now)
		if err != nil {
			return nil, graph.InvalidParam(p.Name, "parameter %q: %v", p.Name, err)
		}
		params[p.Name] = v
	}
	return params, nil
}

// Values are bound parameters, ready to send as Cypher parameters. Bind has
// checked each value's type, so the getters below only read: an optional
// parameter left out (nil) reads as the type's zero value.
type Values map[string]any

// String is a string or id parameter.
func (v Values) String(name string) string { s, _ := v[name].(string); return s }

// Int is an integer parameter.
func (v Values) Int(name string) int { n, _ := v[name].(int); return n }

// Bool is a boolean parameter.
func (v Values) Bool(name string) bool { b, _ := v[name].(bool); return b }

// Date is a date parameter.
func (v Values) Date(name string) graph.Date { d, _ := v[name].(graph.Date); return d }

// KnownOn is an instant parameter; left out, it is now.
func (v Values) KnownOn(name string) graph.KnownOn { k, _ := v[name].(graph.KnownOn); return k }

// Paged is the query's text cut to one page, parameters $page_offset (rows
// skipped) and $page_limit (rows kept): at its end, after its ORDER BY,
// unless the query cuts the page itself, earlier, before the work each row
// takes (a query that names $page_limit does, in the same order).
func (q *Query) Paged() string {
	if strings.Contains(q.Cypher, "$page_limit") {
		return q.Cypher
	}
	return q.Cypher + "\nSKIP $page_offset LIMIT $page_limit"
}

// PageParams are the parameters of Paged's page.
func PageParams(offset, limit int) map[string]any {
	return map[string]any{"page_offset": offset, "page_limit": limit}
}

// ParamNames lists the parameter names in declaration order.
func (q *Query) ParamNames() []string {
	names := make([]string, len(q.Params))
	for i, p := range q.Params {
		names[i] = p.Name
	}
	return names
}

func (p Param) convert(value string, now time.Time) (any, error) {
	if len(p.OneOf) > 0 && !slices.Contains(p.OneOf, value) {
		return nil, fmt.Errorf("%q is not one of %s", value, strings.Join(p.OneOf, ", "))
	}
	switch p.Type {
	case Boolean:
		b, err := strconv.ParseBool(value)
		if err != nil {
			return nil, fmt.Errorf("%q is not true or false", value)
		}
		return b, nil
	case Integer:
		n, err := strconv.Atoi(value)
		if err != nil {
			return nil, fmt.Errorf("%q is not a whole number", value)
		}
		if p.Min != nil && (n < *p.Min || n > *p.Max) {
			return nil, fmt.Errorf("%d is out of range %d..%d", n, *p.Min, *p.Max)
		}
		return n, nil
	case Instant:
		return ParseInstant(value)
	case Date:
		if value == "today" {
			return graph.Date{Time: graph.Today(now), Precision: graph.Day}, nil
		}
		d, err := graph.ParseDate(value)
		if err != nil {
			return nil, err
		}
		return d, nil
	default:
		// Counted in characters, as JSON Schema's maxLength is.
		if n := p.LengthLimit(); utf8.RuneCountInString(value) > n {
			return nil, fmt.Errorf("at most %d characters", n)
		}
		return value, nil
	}
}

// LengthLimit is the most characters a String or ID value may have.
func (p Param) LengthLimit() int {
	switch {
	case p.MaxLength > 0:
		return p.MaxLength
	case p.Type == ID:
		return 200
	default:
		return 1000
	}
}

// returnColumns reads the column names of a query from its last top-level
// RETURN clause (the one at the start of a line; a subquery's is indented):
// each item's alias, or the item itself when it is a bare variable. The
// store needs them to wrap a query in a subquery and keep its column order;
// the catalog's integration test checks them against Neo4j's own.
func returnColumns(cypher string) ([]string, error) {
	lines := strings.Split(cypher, "\n")
	start := -1
	for i, line := range lines {
		if strings.HasPrefix(line, "RETURN ") {
			start = i
		}
	}
	if start < 0 {
		return nil, errors.New("no RETURN at the start of a line")
	}
	var clause []string
	for i, line := range lines[start:] {
		if i > 0 && (strings.HasPrefix(line, "ORDER BY") || strings.HasPrefix(line, "//")) {
			break
		}
		clause = append(clause, line)
	}
	text := strings.TrimPrefix(strings.Join(clause, "\n"), "RETURN ")
	var columns []string
	for _, item := range splitTopLevel(text) {
		item = strings.TrimSpace(item)
		if i := strings.LastIndex(item, " AS "); i >= 0 {
			item = strings.TrimSpace(item[i+len(" AS "):])
		}
		if !identifier.MatchString(item) {
			return nil, fmt.Errorf("RETURN item %q has no alias", item)
		}
		columns = append(columns, item)
	}
	return columns, nil
}

var identifier = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// splitTopLevel splits s at the commas outside brackets and quotes.
func splitTopLevel(s string) []string {
	var parts []string
	depth, last := 0, 0
	var quote rune
	for i, r := range s {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '\'' || r == '"' || r == '`':
			quote = r
		case strings.ContainsRune("([{", r):
			depth++
		case strings.ContainsRune(")]}", r):
			depth--
		case r == ',' && depth == 0:
			parts = append(parts, s[last:i])
			last = i + 1
		}
	}
	return append(parts, s[last:])
}
