// Package mispgalaxy converts the MISP galaxy's threat-actor cluster
// (clusters/threat-actor.json) into an import document: one :ThreatActor per
// actor, and what the data says about it as claims, never facts: its
// suspected country of origin (the galaxy's own field) and the CFR Cyber
// Operations Tracker's suspected state sponsor and victims, each a
// :Statement whose claimant is the data set the field comes from.
package mispgalaxy

import (
	"cmp"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/opendata"
)

// Dataset is the name its facts are owned under (graph.OwnerDatasetPrefix).
const Dataset = "misp-galaxy"

// The sources and claimants every conversion cites.
const (
	SourceID    = "src-misp-galaxy-threat-actor"
	CFRSourceID = "src-cfr-cyber-operations-tracker"
	mispName    = "MISP galaxy"
	cfrName     = "CFR Cyber Operations Tracker"
	attribution = "MISP galaxy threat-actor cluster (CC0-1.0 or BSD-2-Clause, at the user's choice)"
)

// cluster is the file's shape; fields are loose where the data is.
type cluster struct {
	Type    string  `json:"type"`
	Name    string  `json:"name"`
	UUID    string  `json:"uuid"`
	Version int     `json:"version"`
	Values  []actor `json:"values"`
}

type actor struct {
	UUID        string                     `json:"uuid"`
	Value       string                     `json:"value"`
	Description string                     `json:"description"`
	Meta        map[string]json.RawMessage `json:"meta"`
}

// strings returns a meta field that the data gives as a string or a list.
func (a actor) strings(field string) []string {
	raw, ok := a.Meta[field]
	if !ok {
		return nil
	}
	var list []string
	if json.Unmarshal(raw, &list) == nil {
		return list
	}
	var one string
	if json.Unmarshal(raw, &one) == nil && strings.TrimSpace(one) != "" {
		return []string{one}
	}
	return nil
}

func (a actor) first(field string) string {
	if l := a.strings(field); len(l) > 0 {
		return strings.TrimSpace(l[0])
	}
	return ""
}

var (
	attackGroupURL = regexp.MustCompile(`attack\.mitre\.org/groups/(G[0-9]{4})\b`)
	attackGroupID  = regexp.MustCompile(`^G[0-9]{4}$`)
	inverted       = regexp.MustCompile(`^(.+?) \((.+)\)$`)
)

// Conversion is the document to import and what the conversion found.
type Conversion struct {
	Document opendata.Document
	Report   *opendata.Report
}

// Convert reads a threat-actor cluster. known is what the graph has now
// (countries, blocs, organisations, threat actors, sources, with their
// owners), to resolve names and ids against and to merge with.
func Convert(data []byte, known []graph.Named) (*Conversion, error) {
	var c cluster
	if err := json.Unmarshal(data, &c); err != nil {
		return nil, graph.InvalidParam("file", "not a MISP galaxy cluster: %v", err)
	}
	if c.Type != "threat-actor" {
		return nil, graph.InvalidParam("file", "type: want a threat-actor cluster, this file's type is %q", c.Type)
	}
	if len(c.Values) == 0 {
		return nil, graph.InvalidParam("file", "values: the cluster lists no actors")
	}
	cv := &converter{names: opendata.NewNames(known), owner: graph.OwnerDatasetPrefix + Dataset,
		report: opendata.NewReport(Dataset, strconv.Itoa(c.Version)), declared: map[string]bool{}, claimed: map[string]bool{}}
	cv.begin(c)
	for i, a := range c.Values {
		if err := cv.actor(i, a); err != nil {
			return nil, err
		}
	}
	return &Conversion{Document: cv.doc, Report: cv.report}, nil
}

type converter struct {
	names    *opendata.Names
	owner    string
	doc      opendata.Document
	report   *opendata.Report
	declared map[string]bool // source ids in the document
	claimed  map[string]bool // actor ids in the document
	misp     string          // the claimants' entity ids
	cfr      string
}

func (cv *converter) begin(c cluster) {
	cv.doc.Sources = append(cv.doc.Sources,
		opendata.Source{ID: SourceID, Title: fmt.Sprintf("MISP galaxy: %s cluster, version %d", c.Name, c.Version),
			Publisher: "MISP Project", URL: "https://github.com/MISP/misp-galaxy/blob/main/clusters/threat-actor.json",
			Language: "en", Reliability: "C",
			Note: "Read from the PyPI wheel pymispgalaxies==1.1.1. Licence: CC0-1.0 or BSD-2-Clause, at the user's choice."},
		opendata.Source{ID: CFRSourceID, Title: "Cyber Operations Tracker", Publisher: "Council on Foreign Relations",
			URL: "https://www.cfr.org/cyber-operations/", Language: "en", Reliability: "B",
			Note: "Its suspected state sponsors and victims reach cyberkg through the MISP galaxy's cfr-* fields."})
	cv.declared[SourceID], cv.declared[CFRSourceID] = true, true
	// The claimants are the data sets themselves, as organisations that
	// speak: the galaxy, and the tracker its cfr-* fields come from.
	cv.misp = cv.organization(mispName, "misp-galaxy", "non-profit", "MISP Project", "MISP threat-actor galaxy")
	cv.cfr = cv.organization(cfrName, "cfr-cyber-operations-tracker", "non-profit", "Cyber Operations Tracker", "Council on Foreign Relations")
}

// organization returns the id of the organisation with this name, making
// it when the graph has none.
func (cv *converter) organization(name, id, kind string, aliases ...string) string {
	if k, ok := cv.names.Name(name, "Organization"); ok {
		if k.Owner != cv.owner || cv.declared[k.ID] {
			return k.ID
		}
		id = k.ID // the galaxy's own, from an earlier import: asserted again
	} else {
		id = cv.names.FreeID(id)
	}
	cv.declared[id] = true
	cv.doc.Entities = append(cv.doc.Entities, opendata.Entity{ID: id, Type: "Organization", Kind: kind, Name: name, Aliases: aliases, Sources: []string{SourceID}})
	cv.names.Add(graph.Named{ID: id, Kind: "Organization", Name: name, Aliases: aliases, Owner: cv.owner})
	cv.report.Made["organizations"]++
	return id
}

// cite returns the source id for a reference URL, declaring the source
// unless another data set or an analyst already has it.
func (cv *converter) cite(rawURL string) (string, bool) {
	src, ok := opendata.RefSource(rawURL, "")
	if !ok {
		return "", false
	}
	if cv.declared[src.ID] {
		return src.ID, true
	}
	if k, ok := cv.names.Get(src.ID); ok && k.Owner != cv.owner {
		return src.ID, true
	}
	cv.declared[src.ID] = true
	cv.doc.Sources = append(cv.doc.Sources, src)
	cv.report.Made["sources"]++
	return src.ID, true
}

func (cv *converter) actor(i int, a actor) error {
	name := strings.TrimSpace(a.Value)
	if name == "" || a.UUID == "" {
		return graph.InvalidParam(fmt.Sprintf("values[%d]", i), "an actor needs a value (its name) and a uuid")
	}
	cv.report.Read["actors"]++
	external := []string{opendata.SchemeMISPGalaxy + ":" + a.UUID}
	var aliases []string
	for _, s := range a.strings("synonyms") {
		if attackGroupID.MatchString(s) {
			external = append(external, "mitre-attack:"+s)
		} else {
			aliases = append(aliases, s)
		}
	}
	sources := []string{SourceID}
	var cfrRef string
	for _, ref := range a.strings("refs") {
		if m := attackGroupURL.FindStringSubmatch(ref); m != nil {
			external = append(external, "mitre-attack:"+m[1])
		}
		if id, ok := cv.cite(ref); ok && !slices.Contains(sources, id) {
			sources = append(sources, id)
			if strings.Contains(ref, "cfr.org/") && cfrRef == "" {
				cfrRef = id
			}
		}
	}
	external = opendata.Union(nil, external)

	e := opendata.Entity{Type: "ThreatActor", Name: name, Aliases: opendata.Union(nil, aliases, name),
		Description: strings.TrimSpace(a.Description), ExternalIDs: external, Sources: sources}
	if e.Description != "" {
		e.DescriptionAttribution = attribution
	}
	if k, by, ok := cv.match(external, name); ok {
		e.ID = k.ID
		cv.merge(&e, k, by)
	} else {
		id := opendata.Slug(name)
		if id == "" {
			id = "actor-" + strings.ToLower(a.UUID[:min(8, len(a.UUID))])
		}
		e.ID = cv.names.FreeID(id)
	}
	cv.claimed[e.ID] = true
	cv.names.Add(graph.Named{ID: e.ID, Kind: "ThreatActor", Name: e.Name, Owner: cv.owner, Aliases: e.Aliases, ExternalIDs: e.ExternalIDs})
	cv.doc.Entities = append(cv.doc.Entities, e)
	cv.report.Made["threat_actors"]++

	confidence := cv.confidence(a)
	if iso2 := a.first("country"); iso2 != "" {
		cv.report.Read["country"]++
		if c, ok := cv.names.Country(iso2); ok {
			cv.claim(opendata.Statement{ID: "claim-misp-" + e.ID + "-origin", By: cv.misp, Confidence: confidence,
				Summary:    fmt.Sprintf("The MISP galaxy gives %s as the suspected country of origin of %s.", c.Name, e.Name),
				About:      []string{e.ID},
				Attributes: []opendata.Attribution{{Actor: c.ID, Verdict: "alleged"}},
				Sources:    []string{SourceID}})
		} else {
			cv.unresolved(iso2, "country", name)
		}
	}
	cfrSources := []string{SourceID, CFRSourceID}
	if cfrRef != "" {
		cfrSources = append(cfrSources, cfrRef)
	}
	if sponsor := a.first("cfr-suspected-state-sponsor"); sponsor != "" {
		cv.report.Read["cfr-suspected-state-sponsor"]++
		if c, ok := cv.country(sponsor); ok {
			cv.claim(opendata.Statement{ID: "claim-cfr-" + e.ID + "-sponsor", By: cv.cfr, Confidence: confidence,
				Summary:    fmt.Sprintf("The CFR Cyber Operations Tracker names %s as the suspected state sponsor of %s.", c.Name, e.Name),
				About:      []string{e.ID},
				Attributes: []opendata.Attribution{{Actor: c.ID, Verdict: "alleged"}},
				Sources:    cfrSources})
		} else if strings.EqualFold(sponsor, "unknown") {
			cv.report.Skipped["cfr-suspected-state-sponsor: Unknown"]++
		} else {
			cv.unresolved(sponsor, "cfr-suspected-state-sponsor", name)
		}
	}
	if victims := a.strings("cfr-suspected-victims"); len(victims) > 0 {
		cv.report.Read["cfr-suspected-victims"]++
		var targeted []string
		for _, v := range victims {
			if id, ok := cv.victim(v, name); ok && !slices.Contains(targeted, id) {
				targeted = append(targeted, id)
			}
		}
		if len(targeted) > 0 {
			cv.claim(opendata.Statement{ID: "claim-cfr-" + e.ID + "-victims", By: cv.cfr,
				Summary:  fmt.Sprintf("The CFR Cyber Operations Tracker lists %d suspected victims of %s.", len(targeted), e.Name),
				About:    []string{e.ID},
				Targeted: targeted,
				Sources:  cfrSources})
		}
	}
	return nil
}

// match finds the actor the graph has that this one is: the galaxy's own
// by its UUID, another data set's (ATT&CK's) by an external id or a name.
// Two galaxy actors never merge with each other, nor two with one actor.
func (cv *converter) match(external []string, name string) (graph.Named, string, bool) {
	usable := func(k graph.Named, own bool) bool {
		return k.Kind == "ThreatActor" && !cv.claimed[k.ID] && (own || k.Owner != cv.owner)
	}
	if k, _, ok := cv.names.External(external[0]); ok && usable(k, true) {
		return k, "", true
	}
	for _, e := range external[1:] {
		if k, _, ok := cv.names.External(e); ok && usable(k, false) {
			return k, "external id " + e, true
		}
	}
	if k, ok := cv.names.Name(name, "ThreatActor"); ok && usable(k, false) {
		return k, "name", true
	}
	return graph.Named{}, "", false
}

// merge makes e the union of what the graph has and what the galaxy says
// when another data set wrote into the actor (opendata.Shared): its name,
// description, note and Wikidata id stay, aliases, external ids and sources
// add up, so the two imports agree and re-running either changes nothing.
// An actor only the galaxy wrote is simply rewritten.
func (cv *converter) merge(e *opendata.Entity, k graph.Named, by string) {
	cv.claimed[k.ID] = true
	if k.Owner != cv.owner && by != "" {
		cv.report.Merged = append(cv.report.Merged, opendata.Merge{Name: e.Name, ID: k.ID, By: by})
	}
	if k.Owner == cv.owner && !opendata.Shared(k.ExternalIDs, opendata.SchemeMISPGalaxy) {
		return
	}
	e.Aliases = slices.DeleteFunc(opendata.Joined(k.Aliases, append([]string{e.Name}, e.Aliases...)),
		func(a string) bool { return a == k.Name })
	e.Name = k.Name
	e.ExternalIDs = opendata.Joined(k.ExternalIDs, e.ExternalIDs)
	e.Sources = opendata.Joined(k.Sources, e.Sources)
	if k.Description != "" {
		e.Description, e.DescriptionAttribution = k.Description, k.DescriptionAttribution
	}
	e.Note = cmp.Or(k.Note, e.Note)
	e.Wikidata = cmp.Or(k.Wikidata, e.Wikidata)
}

func (cv *converter) confidence(a actor) *int {
	s := a.first("attribution-confidence")
	if s == "" {
		return nil
	}
	n, err := strconv.Atoi(strings.TrimSuffix(s, "%"))
	if err != nil || n < 0 || n > 100 {
		cv.unresolved(s, "attribution-confidence", a.Value)
		return nil
	}
	return &n
}

// claim adds a statement: a data set's standing claim, undated, in its
// own words' kind (an accusation).
func (cv *converter) claim(s opendata.Statement) {
	s.Kind = opendata.CAMEOAccuse
	cv.doc.Statements = append(cv.doc.Statements, s)
	cv.report.Made["claims"]++
}

func (cv *converter) unresolved(name, field, of string) {
	cv.report.Unresolved = append(cv.report.Unresolved, opendata.Unresolved{Name: name, Field: field, Of: of})
}

// country resolves a state's name ("Russian Federation", "Iran (Islamic
// Republic of)", "US") to a country.
func (cv *converter) country(name string) (graph.Named, bool) {
	if c, ok := cv.names.Name(name, "Country"); ok {
		return c, true
	}
	// ISO 3166's "Korea (Republic of)" is the UN's "Republic of Korea".
	if m := inverted.FindStringSubmatch(name); m != nil {
		if c, ok := cv.names.Name(m[2]+" "+m[1], "Country"); ok {
			return c, true
		}
	}
	if len(strings.TrimSpace(name)) == 2 {
		return cv.names.Country(name)
	}
	return graph.Named{}, false
}

// victim resolves a suspected victim to a country, bloc or organisation the
// graph has; an unknown organisation becomes a new one. Regions, groups of
// people, sectors and misspelt countries are reported, not guessed.
func (cv *converter) victim(name, of string) (string, bool) {
	name = strings.TrimSpace(name)
	if c, ok := cv.country(name); ok {
		return c.ID, true
	}
	if k, ok := cv.names.Name(name, "Bloc", "Organization"); ok {
		if k.Owner == cv.owner {
			return cv.organization(name, k.ID, organizationKind(name)), true // asserted again
		}
		return k.ID, true
	}
	if !looksLikeOrganization(name) {
		cv.unresolved(name, "cfr-suspected-victims", of)
		return "", false
	}
	if near, ok := cv.misspeltCountry(name); ok {
		cv.unresolved(name+" (a misspelling of "+near+"?)", "cfr-suspected-victims", of)
		return "", false
	}
	return cv.organization(name, opendata.Slug(name), organizationKind(name)), true
}

// regionWords are the words a place that is not a state is named with
// ("Southeast Asia", "The Middle East", "Global").
var regionWords = map[string]bool{"north": true, "south": true, "east": true, "west": true, "central": true,
	"eastern": true, "western": true, "northern": true, "southern": true, "northeast": true, "northwest": true,
	"southeast": true, "southwest": true, "middle": true, "asia": true, "asian": true, "europe": true,
	"africa": true, "african": true, "america": true, "americas": true, "global": true,
	"gaza": true, "kurdistan": true}

// peopleWords name groups of people rather than bodies.
var peopleWords = map[string]bool{"uighurs": true, "activists": true, "dissidents": true, "journalists": true}

// looksLikeOrganization tells a body's name from a region's, a group of
// people's or a sector's ("U.S. satellite and aerospace sector"): those have
// lower-case words other than of/and/for/the, or only region words.
func looksLikeOrganization(name string) bool {
	words := strings.Fields(opendata.Normalize(name))
	if len(words) == 0 {
		return false
	}
	region := true
	for _, w := range words {
		if !regionWords[w] {
			region = false
		}
		if peopleWords[w] {
			return false
		}
	}
	if region {
		return false
	}
	for _, w := range strings.Fields(name) {
		r := []rune(w)[0]
		if r >= 'a' && r <= 'z' && !slices.Contains([]string{"of", "and", "for", "the", "de"}, w) {
			return false
		}
	}
	return true
}

// organizationKind guesses only what the name says plainly; "other" when
// it does not.
func organizationKind(name string) string {
	n := " " + opendata.Normalize(name) + " "
	for _, w := range []string{" international ", " world ", " european ", " nations ", " cooperation ", " association of ", " nato ", " osce "} {
		if strings.Contains(n, w) {
			return "international-organization"
		}
	}
	for _, w := range []string{" ministry ", " government ", " department "} {
		if strings.Contains(n, w) {
			return "government-body"
		}
	}
	return "other"
}

// misspeltCountry finds the country a one-word name is probably a typo of
// ("Lebonon"): within two edits of a country's name.
func (cv *converter) misspeltCountry(name string) (string, bool) {
	n := opendata.Normalize(name)
	if strings.Contains(n, " ") || len(n) < 5 {
		return "", false
	}
	for _, c := range cv.names.All("Country") {
		if d := distance(n, opendata.Normalize(c.Name)); d > 0 && d <= 2 {
			return c.Name, true
		}
	}
	return "", false
}

// distance is the Levenshtein distance between two strings.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur := make([]int, len(rb)+1)
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(rb)]
}
