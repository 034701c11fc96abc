package opendata

import (
	"slices"
	"testing"

	"github.com/cyberkg/cyberkg/graph"
)

func TestNamesAndIds(t *testing.T) {
	for in, want := range map[string]string{"APT 28": "apt-28", "Cyber Berkut!": "cyber-berkut", "Лазарь": "", "BB&T": "bb-t"} {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"The U.S.": "us", "  Korea (Republic of) ": "korea republic of", "NATO": "nato"} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
	a, b := SourceID("https://example.org/a"), SourceID(" https://example.org/a ")
	if a != b || len(a) != len("ref-")+16 || a == SourceID("https://example.org/b") {
		t.Errorf("SourceID: %q, %q; want one id per URL, 16 hex digits", a, b)
	}
	if src, ok := RefSource("https://www.bbc.co.uk/news/x", ""); !ok || src.Publisher != "bbc.co.uk" || src.Title != src.URL || src.Reliability != "F" {
		t.Errorf("RefSource = %+v, %v", src, ok)
	}
	for _, bad := range []string{"not a url", "ftp://example.org/x", "https://"} {
		if _, ok := RefSource(bad, ""); ok {
			t.Errorf("RefSource(%q) made a source", bad)
		}
	}
	if got := Union([]string{"Fancy Bear", "APT28"}, []string{"fancy bear", "Sofacy", ""}, "APT-28", "apt28"); !slices.Equal(got, []string{"Fancy Bear", "Sofacy"}) {
		t.Errorf("Union = %v", got)
	}
}

func TestNamesResolveOnlyUniqueMatches(t *testing.T) {
	n := NewNames([]graph.Named{
		{ID: "GEO", Kind: "Country", Name: "Georgia", ISO2: "GE"},
		{ID: "georgia-state", Kind: "Organization", Name: "Georgia"},
		{ID: "x", Kind: "ThreatActor", Name: "X", ExternalIDs: []string{"mitre-attack:G0001"}},
	})
	if k, ok := n.Name("georgia", "Country"); !ok || k.ID != "GEO" {
		t.Errorf("Name(georgia, Country) = %v, %v", k, ok)
	}
	if _, ok := n.Name("Georgia", "Country", "Organization"); ok {
		t.Error("an ambiguous name resolved")
	}
	if k, by, ok := n.External("stix:nothing", "MITRE-ATTACK:g0001"); !ok || k.ID != "x" || by != "MITRE-ATTACK:g0001" {
		t.Errorf("External = %v %q %v", k, by, ok)
	}
	if k, ok := n.Country("ge"); !ok || k.ID != "GEO" {
		t.Errorf("Country(ge) = %v, %v", k, ok)
	}
	if id := n.FreeID("x"); id != "x-2" {
		t.Errorf("FreeID(x) = %q, want x-2", id)
	}
}
