package cypherfrag

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		text, want string
		arg        bool
		wantErr    string
	}{
		{text: "// a source\ns {.id}\n", want: "s {.id}"},
		{text: "// @ is an argument\n@.x IS NULL\n", want: "@.x IS NULL", arg: true},
		{text: "// no @ in the body: the header's does not count\nn.x IS NULL", want: "n.x IS NULL"},
		{text: "s {.id}", wantErr: "no header comment"},
		{text: "// empty\n", wantErr: "is empty"},
		{text: "// nested\n{{other}}", wantErr: "uses another fragment"},
		{text: "// nested, with an argument\n{{other(@)}}", wantErr: "uses another fragment"},
	}
	for _, tt := range tests {
		got, err := parse("f", tt.text)
		switch {
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("parse(%q) error = %v, want one containing %q", tt.text, err, tt.wantErr)
		case tt.wantErr == "" && (err != nil || got.body != tt.want || got.arg != tt.arg):
			t.Errorf("parse(%q) = %+v, %v; want body %q, arg %v", tt.text, got, err, tt.want, tt.arg)
		}
	}
}

func TestExpand(t *testing.T) {
	got, err := Expand("t.cypher", "MATCH (s:Source) RETURN {{source_projection}}, {{n}}", map[string]string{"n": "3"})
	if want := "MATCH (s:Source) RETURN s {.id, .title, .publisher, .url, .reliability}, 3"; err != nil || got != want {
		t.Errorf("Expand = %q, %v; want %q", got, err, want)
	}
	if _, err := Expand("t.cypher", "RETURN {{nope}}", nil); err == nil || !strings.Contains(err.Error(), "t.cypher: no fragment named nope") {
		t.Errorf("Expand of an unknown fragment: error %v", err)
	}
}

// A fragment with an argument is written once per variable it is given.
func TestExpandArgument(t *testing.T) {
	got, err := Expand("t.cypher", "MATCH (a)-[r]->(b) WHERE {{known(a)}} AND {{known(r)}}", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"a.recorded_until IS NULL", "r.recorded_from <= $known_on", "$known_on IS NULL"} {
		if !strings.Contains(got, want) {
			t.Errorf("Expand = %q, want it to contain %q", got, want)
		}
	}
	if strings.Contains(got, "@") || strings.Contains(got, "{{") {
		t.Errorf("Expand = %q: an argument or placeholder is left", got)
	}
	got, err = Expand("t.cypher", "WITH {{as_known(st)}} AS v", nil)
	if want := "(st)-[:REVISION]->(known_version:Revision)"; err != nil || !strings.Contains(got, want) {
		t.Errorf("Expand(as_known(st)) = %q, %v; want it to contain %q", got, err, want)
	}
	bad := []struct{ text, wantErr string }{
		{"WHERE {{known}}", "known takes a variable: {{known(x)}}"},
		{"RETURN {{source_projection(s)}}", "source_projection takes no argument"},
		{"WHERE {{nope(x)}}", "no fragment named nope"},
		// An argument is a variable, nothing else.
		{"RETURN {{known(a.b)}}", "{{known(a.b)}} is no placeholder"},
		{"RETURN {{known(a, b)}}", "{{known(a, b)}} is no placeholder"},
	}
	for _, tt := range bad {
		if _, err := Expand("t.cypher", tt.text, nil); err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("Expand(%q) error = %v, want one containing %q", tt.text, err, tt.wantErr)
		}
	}
}
