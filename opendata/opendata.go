// Package opendata turns open data sets (the MISP galaxy's threat actors,
// STIX bundles) into import documents in the seed's format, resolving the
// names and ids they use to the entities the graph already has. What it
// makes is written like any other import: sourced, historied facts.
package opendata

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/cyberkg/cyberkg/graph"
)

// Document is an import document in the seed's format (seed/schema.json),
// as open data conversions write it: the seed package's own types decode,
// these encode, leaving out what is not given (a statement's said_on and
// confidence are null instead, as the schema wants them present).
type Document struct {
	Sources     []Source     `json:"sources,omitempty"`
	Entities    []Entity     `json:"entities,omitempty"`
	Agreements  []Agreement  `json:"agreements,omitempty"`
	Statements  []Statement  `json:"statements,omitempty"`
	Events      []Event      `json:"events,omitempty"`
	Incidents   []Incident   `json:"incidents,omitempty"`
	Memberships []Membership `json:"memberships,omitempty"`
	Positions   []Position   `json:"positions,omitempty"`
	Relations   []Relation   `json:"relations,omitempty"`
}

type Source struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Publisher   string `json:"publisher"`
	URL         string `json:"url,omitempty"`
	Language    string `json:"language,omitempty"`
	PublishedOn string `json:"published_on,omitempty"`
	Reliability string `json:"reliability"`
	Note        string `json:"note,omitempty"`
}

type Entity struct {
	ID                     string   `json:"id"`
	Type                   string   `json:"type"`
	Kind                   string   `json:"kind,omitempty"`
	Name                   string   `json:"name"`
	Aliases                []string `json:"aliases,omitempty"`
	Description            string   `json:"description,omitempty"`
	DescriptionAttribution string   `json:"description_attribution,omitempty"`
	Wikidata               string   `json:"wikidata,omitempty"`
	ISO2                   string   `json:"iso2,omitempty"`
	ISO3                   string   `json:"iso3,omitempty"`
	ISONumeric             string   `json:"iso_numeric,omitempty"`
	Independent            *bool    `json:"independent,omitempty"`
	Sovereignty            string   `json:"sovereignty,omitempty"`
	Region                 string   `json:"region,omitempty"`
	SubRegion              string   `json:"sub_region,omitempty"`
	IntermediateRegion     string   `json:"intermediate_region,omitempty"`
	RegionM49              int      `json:"region_m49,omitempty"`
	SubRegionM49           int      `json:"sub_region_m49,omitempty"`
	IntermediateRegionM49  int      `json:"intermediate_region_m49,omitempty"`
	ExternalIDs            []string `json:"external_ids,omitempty"`
	Sources                []string `json:"sources,omitempty"`
	Note                   string   `json:"note,omitempty"`
}

type Status struct {
	Status  string   `json:"status"`
	Date    string   `json:"date"`
	Sources []string `json:"sources"`
	Note    string   `json:"note,omitempty"`
}

type Agreement struct {
	ID            string   `json:"id"`
	Title         string   `json:"title"`
	Aliases       []string `json:"aliases,omitempty"`
	Scope         string   `json:"scope"`
	Topic         string   `json:"topic"`
	Parties       []string `json:"parties"`
	Within        string   `json:"within,omitempty"`
	SignedOn      string   `json:"signed_on,omitempty"`
	Place         string   `json:"place,omitempty"`
	StatusHistory []Status `json:"status_history"`
	Sources       []string `json:"sources"`
	Note          string   `json:"note,omitempty"`
}

type Attribution struct {
	Actor   string `json:"actor"`
	Verdict string `json:"verdict"`
}

type Statement struct {
	ID           string        `json:"id"`
	Name         string        `json:"name,omitempty"`
	By           string        `json:"by"`
	SaidOn       *string       `json:"said_on"` // null: the source gives no date
	Language     string        `json:"language,omitempty"`
	Kind         string        `json:"kind"`
	Confidence   *int          `json:"confidence"` // null: the source gives none
	Summary      string        `json:"summary"`
	ClaimedCount *int          `json:"claimed_count,omitempty"`
	About        []string      `json:"about,omitempty"`
	Attributes   []Attribution `json:"attributes,omitempty"`
	Targeted     []string      `json:"targeted,omitempty"`
	Sources      []string      `json:"sources"`
	Note         string        `json:"note,omitempty"`
}

type Event struct {
	ID        string   `json:"id"`
	Name      string   `json:"name"`
	Aliases   []string `json:"aliases,omitempty"`
	Kind      string   `json:"kind,omitempty"`
	Date      string   `json:"date"`
	Place     string   `json:"place,omitempty"`
	Wikidata  string   `json:"wikidata,omitempty"`
	Attendees []string `json:"attendees,omitempty"`
	Produced  []string `json:"produced,omitempty"`
	Sources   []string `json:"sources"`
	Note      string   `json:"note,omitempty"`
}

type Incident struct {
	ID                     string   `json:"id"`
	Name                   string   `json:"name"`
	Aliases                []string `json:"aliases,omitempty"`
	Kind                   string   `json:"kind"`
	StartedOn              string   `json:"started_on"`
	EndedOn                string   `json:"ended_on,omitempty"`
	Wikidata               string   `json:"wikidata,omitempty"`
	Description            string   `json:"description,omitempty"`
	DescriptionAttribution string   `json:"description_attribution,omitempty"`
	ExternalIDs            []string `json:"external_ids,omitempty"`
	Targeted               []string `json:"targeted,omitempty"`
	CarriedOutBy           []string `json:"carried_out_by,omitempty"`
	Sources                []string `json:"sources"`
	Note                   string   `json:"note,omitempty"`
}

type Membership struct {
	Country string   `json:"country"`
	Bloc    string   `json:"bloc"`
	Since   string   `json:"since"`
	Until   string   `json:"until,omitempty"`
	Role    string   `json:"role,omitempty"`
	Sources []string `json:"sources"`
	Note    string   `json:"note,omitempty"`
}

type Position struct {
	Person       string   `json:"person"`
	Organization string   `json:"organization"`
	Title        string   `json:"title"`
	Since        string   `json:"since,omitempty"`
	Until        string   `json:"until,omitempty"`
	Sources      []string `json:"sources"`
	Note         string   `json:"note,omitempty"`
}

type Relation struct {
	From    string   `json:"from"`
	Type    string   `json:"type"`
	To      string   `json:"to"`
	Sources []string `json:"sources"`
	Note    string   `json:"note,omitempty"`
}

// CAMEOAccuse is the CAMEO code of an accusation, the kind of every claim
// open data makes about who is behind an actor or whom it targeted.
const CAMEOAccuse = "112"

// Report says what a conversion found: how many of each thing it read and
// made, what it merged with entities the graph has, what it left out and
// why, and the names it could not resolve.
type Report struct {
	Dataset    string         `json:"dataset"`
	Version    string         `json:"version,omitempty"`
	Read       map[string]int `json:"read"`
	Made       map[string]int `json:"made"`
	Merged     []Merge        `json:"merged,omitempty"`
	Skipped    map[string]int `json:"skipped,omitempty"`
	Unresolved []Unresolved   `json:"unresolved,omitempty"`
}

// Merge is a data set's thing found in the graph already.
type Merge struct {
	Name string `json:"name"`
	ID   string `json:"id"`
	By   string `json:"by"` // what matched: an external id, or a name
}

// Unresolved is a name the data set uses that names no entity and was not
// made one (a region, a sector, a typo), with where it was used.
type Unresolved struct {
	Name  string `json:"name"`
	Field string `json:"field"`
	Of    string `json:"of"`
}

// NewReport starts a report on a data set.
func NewReport(dataset, version string) *Report {
	return &Report{Dataset: dataset, Version: version, Read: map[string]int{}, Made: map[string]int{}, Skipped: map[string]int{}}
}

// Names resolves names and ids to the entities the graph has, and to the
// ones a conversion is making.
type Names struct {
	byID       map[string]graph.Named
	byExternal map[string]string
	byName     map[string][]string // normalised name or alias -> ids
	byISO2     map[string]string
}

// NewNames indexes the entities the graph has.
func NewNames(known []graph.Named) *Names {
	n := &Names{byID: map[string]graph.Named{}, byExternal: map[string]string{}, byName: map[string][]string{}, byISO2: map[string]string{}}
	for _, k := range known {
		n.Add(k)
	}
	return n
}

// Add indexes one more entity (one the conversion makes).
func (n *Names) Add(k graph.Named) {
	if old, ok := n.byID[k.ID]; ok {
		k.Aliases = Joined(old.Aliases, k.Aliases)
		k.ExternalIDs = Joined(old.ExternalIDs, k.ExternalIDs)
	}
	n.byID[k.ID] = k
	for _, e := range k.ExternalIDs {
		n.byExternal[strings.ToLower(e)] = k.ID
	}
	for _, name := range append([]string{k.Name}, k.Aliases...) {
		key := Normalize(name)
		if key != "" && !slices.Contains(n.byName[key], k.ID) {
			n.byName[key] = append(n.byName[key], k.ID)
		}
	}
	if k.ISO2 != "" {
		n.byISO2[k.ISO2] = k.ID
	}
}

// Get returns the entity with this id.
func (n *Names) Get(id string) (graph.Named, bool) {
	k, ok := n.byID[id]
	return k, ok
}

// All returns the entities of a kind, by id.
func (n *Names) All(kind string) []graph.Named {
	var out []graph.Named
	for _, k := range n.byID {
		if k.Kind == kind {
			out = append(out, k)
		}
	}
	slices.SortFunc(out, func(a, b graph.Named) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// External returns the entity that has one of these external ids.
func (n *Names) External(ids ...string) (graph.Named, string, bool) {
	for _, e := range ids {
		if id, ok := n.byExternal[strings.ToLower(e)]; ok {
			return n.byID[id], e, true
		}
	}
	return graph.Named{}, "", false
}

// Name returns the one entity of the given kinds that has this name or
// alias; none when no entity or more than one has it.
func (n *Names) Name(name string, kinds ...string) (graph.Named, bool) {
	var found []graph.Named
	for _, id := range n.byName[Normalize(name)] {
		if k := n.byID[id]; slices.Contains(kinds, k.Kind) {
			found = append(found, k)
		}
	}
	if len(found) != 1 {
		return graph.Named{}, false
	}
	return found[0], true
}

// Country returns the country with this ISO 3166 alpha-2 code.
func (n *Names) Country(iso2 string) (graph.Named, bool) {
	id, ok := n.byISO2[strings.ToUpper(strings.TrimSpace(iso2))]
	if !ok {
		return graph.Named{}, false
	}
	return n.byID[id], true
}

// FreeID returns id if no entity has it, else id with the first free
// numeric suffix.
func (n *Names) FreeID(id string) string {
	if _, taken := n.byID[id]; !taken {
		return id
	}
	for i := 2; ; i++ {
		c := id + "-" + strconv.Itoa(i)
		if _, taken := n.byID[c]; !taken {
			return c
		}
	}
}

var nonAlnum = regexp.MustCompile(`[^\p{L}\p{N}]+`)

// Normalize is the form names are compared in: case, dots, punctuation,
// spacing and a leading "the" do not matter ("The U.S." is "us").
func Normalize(s string) string {
	s = strings.ToLower(strings.ReplaceAll(s, ".", ""))
	s = strings.TrimSpace(nonAlnum.ReplaceAllString(s, " "))
	return strings.TrimPrefix(s, "the ")
}

// Slug is an entity id made from a name: "APT 28" -> "apt-28". Names with
// no Latin letters or digits give "".
func Slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		default:
			dash = true
		}
	}
	out := b.String()
	if len(out) > 100 {
		out = strings.TrimRight(out[:100], "-")
	}
	return out
}

// SourceID is the id of the :Source for a URL, the same for every data set
// that cites it: "ref-" and 16 hex digits of the URL's SHA-256.
func SourceID(rawURL string) string {
	sum := sha256.Sum256([]byte(strings.TrimSpace(rawURL)))
	return "ref-" + hex.EncodeToString(sum[:8])
}

// Publisher is a URL's host without "www.": who published what it points at.
func Publisher(rawURL string) string {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil || u.Host == "" {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}

// RefSource is the :Source for a reference URL a data set cites; title is
// what the data set calls it ("" for its URL).
func RefSource(rawURL, title string) (Source, bool) {
	rawURL = strings.TrimSpace(rawURL)
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return Source{}, false
	}
	if title == "" {
		title = rawURL
	}
	// F: the data set names the reference, nobody here judged its reliability.
	return Source{ID: SourceID(rawURL), Title: title, Publisher: Publisher(rawURL), URL: rawURL, Reliability: "F"}, true
}

// Data sets mark the entities they wrote with an external id of their own
// scheme: the MISP galaxy's UUIDs, a STIX import's object ids.
const (
	SchemeMISPGalaxy = "misp-galaxy"
	SchemeSTIX       = "stix"
)

// Shared reports whether another data set than the one whose scheme is own
// has written into an entity, by its external ids: then an import merges
// into it (its name and words stay; names, ids and sources add up) rather
// than rewriting it, so that neither data set undoes the other's.
func Shared(externalIDs []string, own string) bool {
	for _, e := range externalIDs {
		scheme, _, _ := strings.Cut(e, ":")
		if scheme != own && (scheme == SchemeMISPGalaxy || scheme == SchemeSTIX) {
			return true
		}
	}
	return false
}

// Joined is a followed by the items of b it lacks, compared exactly, in
// order: what a merge does to lists, so that merging again adds nothing.
func Joined(a, b []string) []string {
	out := slices.Clone(a)
	for _, x := range b {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// Union is a followed by the items of b it lacks, compared as names
// (Normalize), leaving out any that normalises like one of skip.
func Union(a, b []string, skip ...string) []string {
	seen := map[string]bool{}
	for _, s := range skip {
		seen[Normalize(s)] = true
	}
	var out []string
	for _, x := range append(slices.Clone(a), b...) {
		k := Normalize(x)
		if strings.TrimSpace(x) == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, strings.TrimSpace(x))
	}
	return out
}
