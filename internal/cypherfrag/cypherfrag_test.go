package cypherfrag

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct{ text, want, wantErr string }{
		{text: "// a source\ns {.id}\n", want: "s {.id}"},
		{text: "s {.id}", wantErr: "no header comment"},
		{text: "// empty\n", wantErr: "is empty"},
		{text: "// nested\n{{other}}", wantErr: "uses another fragment"},
	}
	for _, tt := range tests {
		got, err := parse("f", tt.text)
		switch {
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("parse(%q) error = %v, want one containing %q", tt.text, err, tt.wantErr)
		case tt.wantErr == "" && (err != nil || got != tt.want):
			t.Errorf("parse(%q) = %q, %v; want %q", tt.text, got, err, tt.want)
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
