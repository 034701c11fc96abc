package queries

import (
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/cyberkg/cyberkg/graph"
)

func intp(n int) *int { return &n }

// fuzzSpecs has a parameter of every type and option Bind knows.
var fuzzSpecs = []Param{
	{Name: "id", Type: ID, Kind: "Entity", Required: true, Description: "required id"},
	{Name: "country", Type: ID, Kind: "Country", Default: "RUS", Description: "id with a default"},
	{Name: "q", Type: String, MaxLength: 20, Description: "short text"},
	{Name: "text", Type: String, Description: "text"},
	{Name: "status", Type: String, OneOf: []string{"draft", "signed"}, Description: "enum"},
	{Name: "limit", Type: Integer, Default: "10", Min: intp(1), Max: intp(50), Description: "range"},
	{Name: "n", Type: Integer, Description: "any integer"},
	{Name: "flag", Type: Boolean, Default: "false", Description: "boolean"},
	{Name: "as_of", Type: Date, Default: "today", Description: "date"},
	{Name: "known_on", Type: Instant, Default: "now", Description: "instant"},
}

// FuzzBind binds a raw query string, as the HTTP layer reads it, against
// parameters of every type and against each catalog query. A refusal is an
// invalid-input error naming a parameter; an accepted value has its type,
// keeps its constraints, and binds to the same value again once formatted.
// Seeds are in testdata/fuzz/FuzzBind.
func FuzzBind(f *testing.F) {
	now := time.Date(2021, 6, 28, 15, 4, 5, 0, time.UTC)
	f.Fuzz(func(t *testing.T, query string) {
		values, err := url.ParseQuery(query)
		if err != nil {
			return
		}
		raw := map[string]string{}
		for name, vs := range values {
			raw[name] = vs[0]
		}
		checkBind(t, "fuzz", fuzzSpecs, raw, now)
		for _, q := range All {
			checkBind(t, q.Name, q.Params, raw, now)
		}
	})
}

func checkBind(t *testing.T, what string, specs []Param, raw map[string]string, now time.Time) {
	t.Helper()
	params, err := Bind(what, specs, raw, now)
	if err != nil {
		param := graph.ErrorParam(err)
		_, given := raw[param]
		required := slices.ContainsFunc(specs, func(p Param) bool { return p.Name == param && p.Required })
		if graph.ErrorCode(err) != graph.EINVALID || (!given && !required) {
			t.Fatalf("Bind(%s, %q) error = %v (param %q), want an invalid-input error naming a given or required parameter", what, raw, err, param)
		}
		return
	}
	if len(params) != len(specs) {
		t.Fatalf("Bind(%s, %q) = %v, want one value per parameter", what, raw, params)
	}
	again := map[string]string{}
	for _, p := range specs {
		v, ok := params[p.Name]
		if !ok {
			t.Fatalf("Bind(%s, %q) has no %s", what, raw, p.Name)
		}
		if v == nil {
			if p.Required || p.Default != "" || raw[p.Name] != "" {
				t.Errorf("Bind(%s, %q)[%s] = nil, want a value", what, raw, p.Name)
			}
			continue
		}
		switch p.Type {
		case Integer:
			n, ok := v.(int)
			if !ok || (p.Min != nil && (n < *p.Min || n > *p.Max)) {
				t.Errorf("Bind(%s, %q)[%s] = %#v, want an int in range", what, raw, p.Name, v)
			}
			again[p.Name] = strconv.Itoa(n)
		case Boolean:
			b, ok := v.(bool)
			if !ok {
				t.Errorf("Bind(%s, %q)[%s] = %#v, want a bool", what, raw, p.Name, v)
			}
			again[p.Name] = strconv.FormatBool(b)
		case Instant:
			k, ok := v.(graph.KnownOn)
			if !ok {
				t.Fatalf("Bind(%s, %q)[%s] = %#v, want a graph.KnownOn", what, raw, p.Name, v)
			}
			in, given := raw[p.Name]
			switch {
			case (!given || in == "now") != k.Now():
				t.Errorf("Bind(%s, %q)[%s] = %v, want now exactly when left out or now", what, raw, p.Name, k)
			case given && len(in) == len(time.DateOnly) && (k.Format(time.DateOnly) != in || !graph.EndOfDay(k.Time).Equal(k.Time)):
				t.Errorf("Bind(%s, %q)[%s] = %v, want the end of that day", what, raw, p.Name, k)
			case given && len(in) > len(time.DateOnly) && FormatInstant(k) != in && !strings.Contains(in, ".") && !strings.HasSuffix(in, "-00:00"):
				t.Errorf("Bind(%s, %q)[%s] = %s, want the input back", what, raw, p.Name, FormatInstant(k))
			}
			again[p.Name] = FormatInstant(k)
		case Date:
			d, ok := v.(graph.Date)
			if !ok {
				t.Fatalf("Bind(%s, %q)[%s] = %#v, want a graph.Date", what, raw, p.Name, v)
			}
			if in, given := raw[p.Name]; given && in != "today" && d.String() != in {
				t.Errorf("Bind(%s, %q)[%s] = %s, want the input back", what, raw, p.Name, d)
			}
			again[p.Name] = d.String()
		default:
			s, ok := v.(string)
			if !ok || s == "" || utf8.RuneCountInString(s) > p.LengthLimit() || (len(p.OneOf) > 0 && !slices.Contains(p.OneOf, s)) {
				t.Errorf("Bind(%s, %q)[%s] = %#v, want a non-empty string of at most %d characters, one of %v if listed", what, raw, p.Name, v, p.LengthLimit(), p.OneOf)
			}
			again[p.Name] = s
		}
	}
	if rebound, err := Bind(what, specs, again, now); err != nil || !reflect.DeepEqual(rebound, params) {
		t.Errorf("Bind(%s, %q) = %v, but binding it formatted (%q) gives %v, %v", what, raw, params, again, rebound, err)
	}
}
