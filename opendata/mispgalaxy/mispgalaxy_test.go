package mispgalaxy

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/opendata"
)

// known is a small graph: three countries, NATO, and an actor ATT&CK wrote.
var known = []graph.Named{
	{ID: "RUS", Kind: "Country", Name: "Russia", ISO2: "RU", Aliases: []string{"Russian Federation"}, Owner: "seed"},
	{ID: "DEU", Kind: "Country", Name: "Germany", ISO2: "DE", Owner: "seed"},
	{ID: "KOR", Kind: "Country", Name: "South Korea", ISO2: "KR", Aliases: []string{"Republic of Korea"}, Owner: "seed"},
	{ID: "LBN", Kind: "Country", Name: "Lebanon", ISO2: "LB", Owner: "seed"},
	{ID: "CHN", Kind: "Country", Name: "China", ISO2: "CN", Owner: "seed"},
	{ID: "nato", Kind: "Organization", Name: "North Atlantic Treaty Organization", Aliases: []string{"NATO"}, Owner: "seed"},
	{ID: "known-panda", Kind: "ThreatActor", Name: "Known Panda", Aliases: []string{"Panda One"},
		ExternalIDs: []string{"mitre-attack:G0998"}, Owner: "dataset:mitre-attack"},
}

func convertFixture(t *testing.T) *Conversion {
	t.Helper()
	data, err := os.ReadFile("testdata/cluster.json")
	if err != nil {
		t.Fatal(err)
	}
	c, err := Convert(data, known)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func entity(t *testing.T, doc opendata.Document, id string) opendata.Entity {
	t.Helper()
	for _, e := range doc.Entities {
		if e.ID == id {
			return e
		}
	}
	t.Fatalf("no entity %q in %+v", id, doc.Entities)
	return opendata.Entity{}
}

func statement(doc opendata.Document, id string) (opendata.Statement, bool) {
	for _, s := range doc.Statements {
		if s.ID == id {
			return s, true
		}
	}
	return opendata.Statement{}, false
}

func TestActorsKeepTheirNamesIdsAndSources(t *testing.T) {
	c := convertFixture(t)
	bear := entity(t, c.Document, "bear-one")
	if bear.Type != "ThreatActor" || bear.Name != "Bear One" {
		t.Errorf("bear-one = %+v, want the ThreatActor Bear One", bear)
	}
	if !slices.Equal(bear.Aliases, []string{"Fancy One"}) {
		t.Errorf("aliases = %v, want the synonyms without the name and the ATT&CK id", bear.Aliases)
	}
	if !slices.Equal(bear.ExternalIDs, []string{"misp-galaxy:11111111-1111-4111-8111-111111111111", "mitre-attack:G0999"}) {
		t.Errorf("external ids = %v, want the UUID and G0999 once", bear.ExternalIDs)
	}
	if bear.Description != "A made-up actor for tests." || !strings.Contains(bear.DescriptionAttribution, "MISP galaxy") {
		t.Errorf("description %q attributed %q, want the galaxy's text, attributed", bear.Description, bear.DescriptionAttribution)
	}
	// The data set, and each reference that is a URL; "not a url" is none.
	if len(bear.Sources) != 3 || bear.Sources[0] != SourceID || bear.Sources[1] != opendata.SourceID("https://attack.mitre.org/groups/G0999/") {
		t.Errorf("sources = %v, want the data set and the two URLs", bear.Sources)
	}
	// "Fancy One" is another galaxy actor, never merged with Bear One
	// although Bear One lists it as a synonym.
	if fancy := entity(t, c.Document, "fancy-one"); fancy.Name != "Fancy One" {
		t.Errorf("fancy-one = %+v", fancy)
	}
}

func TestWhatTheDataClaimsStaysAClaim(t *testing.T) {
	c := convertFixture(t)
	origin, ok := statement(c.Document, "claim-misp-bear-one-origin")
	if !ok || origin.By != "misp-galaxy" || origin.Attributes[0] != (opendata.Attribution{Actor: "RUS", Verdict: "alleged"}) ||
		origin.About[0] != "bear-one" || origin.SaidOn != nil || origin.Confidence == nil || *origin.Confidence != 50 {
		t.Errorf("origin claim = %+v, want the galaxy alleging RUS, about bear-one, undated, confidence 50", origin)
	}
	sponsor, ok := statement(c.Document, "claim-cfr-bear-one-sponsor")
	if !ok || sponsor.By != "cfr-cyber-operations-tracker" || sponsor.Attributes[0].Actor != "RUS" ||
		!slices.Contains(sponsor.Sources, CFRSourceID) || !slices.Contains(sponsor.Sources, opendata.SourceID("https://www.cfr.org/interactive/cyber-operations/bear-one")) {
		t.Errorf("sponsor claim = %+v, want CFR alleging RUS, citing the tracker and the actor's CFR page", sponsor)
	}
	victims, ok := statement(c.Document, "claim-cfr-bear-one-victims")
	want := []string{"DEU", "nato", "world-anti-doping-agency", "KOR"}
	if !ok || !slices.Equal(victims.Targeted, want) || len(victims.Attributes) != 0 {
		t.Errorf("victims claim targets %v, want %v (Germany once; NATO by alias; WADA new; Korea (Republic of) as Republic of Korea)", victims.Targeted, want)
	}
	if wada := entity(t, c.Document, "world-anti-doping-agency"); wada.Type != "Organization" || wada.Kind != "international-organization" {
		t.Errorf("WADA = %+v, want a new international organisation", wada)
	}
	// "Unknown" is no claim; an unknown ISO code is reported.
	if _, ok := statement(c.Document, "claim-cfr-fancy-one-sponsor"); ok {
		t.Error("an Unknown sponsor became a claim")
	}
	if c.Report.Skipped["cfr-suspected-state-sponsor: Unknown"] != 1 {
		t.Errorf("skipped = %v, want the Unknown sponsor counted", c.Report.Skipped)
	}
	var unresolved []string
	for _, u := range c.Report.Unresolved {
		unresolved = append(unresolved, u.Field+"="+u.Name)
	}
	for _, w := range []string{"cfr-suspected-victims=Middle East", "cfr-suspected-victims=Lebonon (a misspelling of Lebanon?)",
		"cfr-suspected-victims=U.S. satellite and aerospace sector", "country=XX", "attribution-confidence=high"} {
		if !slices.Contains(unresolved, w) {
			t.Errorf("unresolved = %v, want %q among them", unresolved, w)
		}
	}
}

// An actor another data set wrote is merged: its name stays, aliases and
// external ids add up, so neither import undoes the other's.
func TestMergesWithAnotherDataSetsActor(t *testing.T) {
	c := convertFixture(t)
	panda := entity(t, c.Document, "known-panda")
	if panda.Name != "Known Panda" || !slices.Equal(panda.Aliases, []string{"Panda One", "Panda Two"}) ||
		!slices.Contains(panda.ExternalIDs, "mitre-attack:G0998") || !slices.Contains(panda.ExternalIDs, "misp-galaxy:33333333-3333-4333-8333-333333333333") {
		t.Errorf("merged actor = %+v, want ATT&CK's name, both aliases and both ids", panda)
	}
	if len(c.Report.Merged) != 1 || c.Report.Merged[0] != (opendata.Merge{Name: "Known Panda", ID: "known-panda", By: "name"}) {
		t.Errorf("merged = %+v, want Known Panda by name", c.Report.Merged)
	}
}

func TestRefusesWhatIsNotAThreatActorCluster(t *testing.T) {
	for name, data := range map[string]string{
		"not JSON":       `{"type": "threat-actor", "values": [`,
		"another type":   `{"type": "tool", "values": [{"uuid": "u", "value": "v"}]}`,
		"no actors":      `{"type": "threat-actor", "values": []}`,
		"nameless actor": `{"type": "threat-actor", "values": [{"uuid": "u", "value": " "}]}`,
	} {
		if _, err := Convert([]byte(data), known); err == nil || graph.ErrorCode(err) != graph.EINVALID {
			t.Errorf("%s: err = %v, want EINVALID", name, err)
		}
	}
}

// The real cluster, when scripts/lib.sh fetch_open_data has fetched it
// (scripts/test does): every actor converted, most claims resolved.
func TestTheRealCluster(t *testing.T) {
	data, err := os.ReadFile("../../.cache/opendata/misp-galaxy/threat-actor.json")
	if err != nil {
		if os.Getenv("CYBERKG_REQUIRE_NEO4J") != "" {
			t.Fatalf("the MISP galaxy is not fetched (scripts/lib.sh fetch_open_data): %v", err)
		}
		t.Skip("the MISP galaxy is not fetched; scripts/test fetches it")
	}
	countries := []graph.Named{}
	for _, c := range known {
		if c.Kind == "Country" {
			countries = append(countries, c)
		}
	}
	c, err := Convert(data, countries)
	if err != nil {
		t.Fatal(err)
	}
	if c.Report.Read["actors"] != 864 || c.Report.Made["threat_actors"] != 864 {
		t.Errorf("actors read %d, made %d, want 864 each", c.Report.Read["actors"], c.Report.Made["threat_actors"])
	}
	ids := map[string]bool{}
	for _, e := range c.Document.Entities {
		if ids[e.ID] {
			t.Errorf("id %q made twice", e.ID)
		}
		ids[e.ID] = true
	}
}
