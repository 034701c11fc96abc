package queries

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/cyberkg/cyberkg/graph"
)

func TestEveryFileIsRegisteredOnce(t *testing.T) {
	files, err := Files()
	if err != nil {
		t.Fatal(err)
	}
	var registered []string
	seen := map[string]bool{}
	for _, q := range All {
		if seen[q.Name] {
			t.Errorf("query %s is registered twice in All", q.Name)
		}
		seen[q.Name] = true
		registered = append(registered, q.Name)
	}
	sort.Strings(files)
	sort.Strings(registered)
	if strings.Join(files, ",") != strings.Join(registered, ",") {
		t.Errorf("files %v, registered %v: every .cypher file must be registered in All, and only those", files, registered)
	}
}

func TestEveryQueryIsDocumented(t *testing.T) {
	for _, q := range All {
		if len(q.Description) < 20 {
			t.Errorf("%s: description %q is too thin to help an analyst", q.Name, q.Description)
		}
		for _, p := range q.Params {
			if p.Description == "" {
				t.Errorf("%s: parameter %s has no description", q.Name, p.Name)
			}
		}
		if !strings.HasPrefix(q.Name, strings.Split(q.Name, "_")[0]+"_") {
			t.Errorf("%s: want a <noun>_<verb>[_by_<key>] name", q.Name)
		}
	}
}

func TestParseRefusesBadHeaders(t *testing.T) {
	tests := map[string]string{
		"no description":      "// param: x string -- X\nRETURN $x",
		"bad param line":      "// description: d\n// param: x -- missing type\nRETURN $x",
		"unused param":        "// description: d\n// param: x string -- X\nRETURN 1",
		"bad default":         "// description: d\n// param: n integer = ten -- N\nRETURN $n",
		"bad date default":    "// description: d\n// param: d date = 2021-02-30 -- D\nRETURN $d",
		"default not in enum": "// description: d\n// param: s string = c one-of a,b -- S\nRETURN $s",
	}
	for name, text := range tests {
		if _, err := Parse("test", text); err == nil {
			t.Errorf("Parse(%s) = nil error, want a refusal", name)
		}
	}
}

func TestBind(t *testing.T) {
	now := time.Date(2026, 11, 28, 15, 4, 5, 0, time.UTC)
	params, err := MembersWithAgreementByBloc.Bind(map[string]string{"as_of": "2021-06-28"}, now)
	if err != nil {
		t.Fatalf("Bind(as_of=2021-06-28) error: %v", err)
	}
	if params["bloc"] != "BRICS" || params["country"] != "RUS" {
		t.Errorf("Bind defaults = %v, want bloc BRICS and country RUS", params)
	}
	if d := params["as_of"].(graph.Date); d.Time.Format(time.DateOnly) != "2021-06-28" {
		t.Errorf("Bind as_of = %v, want 2021-06-28", d)
	}
	params, err = MembersWithAgreementByBloc.Bind(nil, now)
	if err != nil {
		t.Fatal(err)
	}
	if d := params["as_of"].(graph.Date); d.Time.Format(time.DateOnly) != "2026-11-28" {
		t.Errorf("Bind default as_of = %v, want today 2026-11-28", d)
	}
	params, err = AgreementsListByParty.Bind(map[string]string{"party": "RUS"}, now)
	if err != nil || params["status"] != nil {
		t.Errorf("Bind without optional status = %v, %v; want status nil", params, err)
	}

	bad := []struct {
		q     *Query
		raw   map[string]string
		param string
	}{
		{MembersWithAgreementByBloc, map[string]string{"as_of": "June 2021"}, "as_of"},
		{MembersWithAgreementByBloc, map[string]string{"as_of": "2021-02-30"}, "as_of"},
		{MembersWithAgreementByBloc, map[string]string{"colour": "red"}, "colour"},
		// Empty is not "leave it out": the OpenAPI document forbids it too.
		{MembersWithAgreementByBloc, map[string]string{"as_of": ""}, "as_of"},
		{MembersWithAgreementByBloc, map[string]string{"bloc": ""}, "bloc"},
		{AgreementsListByParty, map[string]string{"status": ""}, "status"},
		{NeighboursListByEntity, map[string]string{"as_of": "2021-13-01"}, "as_of"},
		{NeighboursListByEntity, map[string]string{"id": strings.Repeat("é", 201)}, "id"},
		{AgreementsListByParty, map[string]string{"status": "maybe"}, "status"},
		{NeighboursListByEntity, map[string]string{"known_on": "yesterday"}, "known_on"},
		{NeighboursListByEntity, map[string]string{"id": strings.Repeat("x", 201)}, "id"},
	}
	for _, tt := range bad {
		_, err := tt.q.Bind(tt.raw, now)
		if graph.ErrorCode(err) != graph.EINVALID || graph.ErrorParam(err) != tt.param {
			t.Errorf("%s.Bind(%v) error = %v, want an invalid-input error naming %q", tt.q.Name, tt.raw, err, tt.param)
		}
	}
}

func TestValuesReadBoundParameters(t *testing.T) {
	specs := []Param{
		{Name: "bloc", Type: ID, Kind: "Bloc", Default: "BRICS"},
		{Name: "limit", Type: Integer, Default: "10"},
		{Name: "include_sources", Type: Boolean, Default: "false"},
		{Name: "as_of", Type: Date, Default: "today"},
		{Name: "kind", Type: String},
	}
	now := time.Date(2021, 6, 28, 9, 0, 0, 0, time.UTC)
	v, err := Bind("t", specs, map[string]string{"limit": "3", "include_sources": "true"}, now)
	if err != nil {
		t.Fatal(err)
	}
	if v.String("bloc") != "BRICS" || v.Int("limit") != 3 || !v.Bool("include_sources") || v.Date("as_of").String() != "2021-06-28" || v.String("kind") != "" {
		t.Errorf("Bind(…) read back as bloc %q, limit %d, include_sources %v, as_of %s, kind %q", v.String("bloc"), v.Int("limit"), v.Bool("include_sources"), v.Date("as_of"), v.String("kind"))
	}
}

// known_on takes a day (its last instant, UTC), an RFC 3339 timestamp or
// now; anything else is refused naming known_on.
func TestBindKnownOn(t *testing.T) {
	now := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	for _, q := range All {
		if !slices.ContainsFunc(q.Params, func(p Param) bool { return p.Name == "known_on" && p.Type == Instant && p.Default == "now" }) {
			t.Errorf("%s has no parameter known_on instant = now", q.Name)
		}
	}
	good := []struct {
		in   string
		want time.Time // zero: now
	}{
		{"now", time.Time{}},
		{"2026-11-28", time.Date(2026, 11, 28, 23, 59, 59, 999999999, time.UTC)},
		{"2024-02-29", time.Date(2024, 2, 29, 23, 59, 59, 999999999, time.UTC)},
		{"2026-11-29T17:03:00Z", time.Date(2026, 11, 29, 17, 3, 0, 0, time.UTC)},
		{"2026-11-29T17:03:00.25Z", time.Date(2026, 11, 29, 17, 3, 0, 250000000, time.UTC)},
		{"2026-11-29T17:03:00.123456789Z", time.Date(2026, 11, 29, 17, 3, 0, 123456789, time.UTC)},
		{"2026-11-29T18:03:00+01:00", time.Date(2026, 11, 29, 17, 3, 0, 0, time.UTC)},
		{"2026-11-29T12:03:00-05:00", time.Date(2026, 11, 29, 17, 3, 0, 0, time.UTC)},
	}
	for _, tt := range good {
		params, err := TimelineListByEntity.Bind(map[string]string{"known_on": tt.in}, now)
		if err != nil {
			t.Errorf("Bind(known_on=%s) error: %v", tt.in, err)
			continue
		}
		k, ok := params["known_on"].(graph.KnownOn)
		if !ok || k.Now() != tt.want.IsZero() || (!tt.want.IsZero() && !k.Equal(tt.want)) {
			t.Errorf("Bind(known_on=%s) = %#v, want %v", tt.in, params["known_on"], tt.want)
		}
		if got := params.KnownOn("known_on"); !got.Equal(k.Time) {
			t.Errorf("Values.KnownOn(known_on=%s) = %v, want %v", tt.in, got, k)
		}
		if back, err := ParseInstant(FormatInstant(k)); err != nil || !back.Equal(k.Time) {
			t.Errorf("ParseInstant(FormatInstant(%v)) = %v, %v", k, back, err)
		}
	}
	// Left out, it is now: a null parameter for Cypher.
	params, err := TimelineListByEntity.Bind(nil, now)
	if err != nil || !params.KnownOn("known_on").Now() || params.KnownOn("known_on").Param() != nil {
		t.Errorf("Bind without known_on = %v, %v; want now (null)", params["known_on"], err)
	}
	if got := params.KnownOn("known_on"); FormatInstant(got) != "now" {
		t.Errorf("FormatInstant(now) = %q", FormatInstant(got))
	}
	for _, in := range []string{
		"", "today", "NOW", "yesterday", "2026-11", "2026", "2026-02-30", "2026-13-01", "26-11-28",
		"2026-11-29T17:03Z", "2026-11-29T17:03:00", "2026-11-29 17:03:00Z", "2026-11-29t17:03:00z",
		"2026-11-29T24:00:00Z", "2026-11-29T17:60:00Z", "2026-11-29T17:03:60Z", "2026-11-29T17:03:00.Z",
		"2026-11-29T17:03:00.1234567890Z", "2026-11-29T17:03:00+0100", "2026-11-29T17:03:00+24:00",
		"2026-11-29T17:03:00 01:00", "1764435780",
	} {
		_, err := StatementsListBySpeaker.Bind(map[string]string{"known_on": in}, now)
		if graph.ErrorCode(err) != graph.EINVALID || graph.ErrorParam(err) != "known_on" {
			t.Errorf("Bind(known_on=%q) error = %v, want an invalid-input error naming known_on", in, err)
		}
	}
}

// The service checks id parameters only when an answer is empty: rows prove
// every id named an entity of its kind, known then. That holds because every
// query matches each id parameter on its kind's label and keeps it to what
// the graph knew: (x:Kind {id: $param}) and {{known(x)}}.
func TestEveryIDParameterIsMatchedOnItsKindAndKnown(t *testing.T) {
	for _, q := range All {
		text, err := files.ReadFile(q.Name + ".cypher")
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range q.Params {
			if p.Type != ID {
				continue
			}
			match := regexp.MustCompile(`\((\w+):` + p.Kind + ` \{id: \$` + p.Name + `\}\)`).FindSubmatch(text)
			if match == nil {
				t.Errorf("%s: no (x:%s {id: $%s}) in the query: a non-empty answer would not prove the id", q.Name, p.Kind, p.Name)
				continue
			}
			if !strings.Contains(string(text), "{{known("+string(match[1])+")}}") {
				t.Errorf("%s: %s, matched by $%s, is not kept to what the graph knew ({{known(%s)}})", q.Name, match[1], p.Name, match[1])
			}
		}
	}
}

// The relationships a neighbours question takes are the schema's: an
// entity's link groups send every type it has as relationship=TYPE.
func TestNeighboursTakeEveryRelationshipType(t *testing.T) {
	for _, p := range NeighboursListByEntity.Params {
		if p.Name == "relationship" {
			if got, want := slices.Sorted(slices.Values(p.OneOf)), slices.Sorted(slices.Values(graph.RelationshipTypes)); !slices.Equal(got, want) {
				t.Errorf("relationship is one of %v; the schema's types are %v", got, want)
			}
			return
		}
	}
	t.Fatal("neighbours_list_by_entity takes no relationship parameter")
}
