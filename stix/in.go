package stix

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"

	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/opendata"
)

// Known is an entity the graph already has, with every name and external
// id it answers to: what an import merges the bundle's objects into.
type Known struct {
	ID, Kind, Name       string
	Aliases, ExternalIDs []string
	ISO2                 string // countries only
	// Owner wrote its current version (graph.Named.Owner): an entity of
	// the data set being imported is rewritten from the bundle; anyone
	// else's is merged into (its name stays, names and ids add up).
	Owner string
	// What a merge keeps. A write replaces an entity as a whole, so an
	// import that merges a group into someone else's threat actor writes
	// it back with these; left empty, the bundle's own take their place.
	Description, DescriptionAttribution, Wikidata, Note string
	Sources                                             []string
}

// KnownOf is what the graph's names (graph.Store.Names) tell an import.
func KnownOf(named []graph.Named) []Known {
	out := make([]Known, 0, len(named))
	for _, n := range named {
		out = append(out, Known{ID: n.ID, Kind: n.Kind, Name: n.Name, Aliases: n.Aliases, ExternalIDs: n.ExternalIDs,
			ISO2: n.ISO2, Owner: n.Owner, Description: n.Description, DescriptionAttribution: n.DescriptionAttribution,
			Wikidata: n.Wikidata, Note: n.Note, Sources: n.Sources})
	}
	return out
}

// Dataset is the data set a bundle is a copy of: the :Source every
// imported fact cites, and the name its facts are owned under.
type Dataset struct {
	// Key names the data set across its versions, as its facts' owner
	// (graph.OwnerDatasetPrefix + Key): "mitre-attack".
	Key, Version string
	// The Source.
	ID, Title, Publisher, URL, PublishedOn, Reliability, Note string
	// Name is how summaries name the claimant's publication ("MITRE ATT&CK").
	Name string
	// Attribution says whose words the descriptions copied from the data
	// set are ("MITRE ATT&CK v18.1 (© 2025 The MITRE Corporation)").
	Attribution string
	// Whole says the bundle is all of the data set (of what an import
	// reads): importing it retracts what an earlier import of the data set
	// asserted and this one does not. A bundle of unknown extent (a partial
	// export) is not.
	Whole bool
	// SHA256 is the hash of the file a release is shipped as, for a copy
	// that lacks ATT&CK's collection object (seed/opendata's).
	SHA256 string
}

// Releases are the data set releases an import can be told a bundle is
// (cyberkg import --format stix --dataset NAME): the copies the project
// ships (seed/opendata).
var Releases = map[string]Dataset{
	"mitre-attack-v18-1": withHash(AttackDataset("18.1", "2025-11-13"),
		"49167a2cbcd962abb4ecac98370cb13f5d80b7ae1a20af9599ec5ab04c09f830"), // seed/opendata/mitre-attack/enterprise-groups-campaigns.json
}

func withHash(ds Dataset, sha256 string) Dataset {
	ds.SHA256 = sha256
	return ds
}

// releaseOf is the release a bundle file is a copy of, by its hash.
func releaseOf(bundle []byte) (Dataset, bool) {
	sum := sha256.Sum256(bundle)
	for _, ds := range Releases {
		if ds.SHA256 == hex.EncodeToString(sum[:]) {
			return ds, true
		}
	}
	return Dataset{}, false
}

// Owner is the owner of the data set's facts.
func (ds Dataset) Owner() string { return graph.OwnerDatasetPrefix + ds.Key }

// AttackDataset is a MITRE ATT&CK release, e.g. AttackDataset("18.1",
// "2025-11-13").
func AttackDataset(version, released string) Dataset {
	year, _, _ := strings.Cut(released, "-")
	copyright := "© " + year + " The MITRE Corporation"
	return Dataset{
		Key:         "mitre-attack",
		Version:     version,
		ID:          "src-mitre-attack-v" + strings.ReplaceAll(version, ".", "-"),
		Title:       "MITRE ATT&CK v" + version,
		Publisher:   "The MITRE Corporation",
		URL:         "https://github.com/mitre/cti",
		PublishedOn: released,
		Reliability: "B",
		Note: "The STIX data of MITRE ATT&CK v" + version + ". " + copyright +
			". This work is reproduced and distributed with the permission of The MITRE Corporation.",
		Name:        "MITRE ATT&CK",
		Attribution: "MITRE ATT&CK v" + version + " (" + copyright + ")",
		Whole:       true,
	}
}

// Conversion is a bundle turned into one import document in the seed's
// format, and what became of each object.
type Conversion struct {
	Document []byte // seed-format JSON
	Report   Report
}

// Report says what an import did with every object of the bundle: each is
// counted under Imported or Skipped, never dropped silently.
type Report struct {
	Dataset  string         `json:"dataset"` // Dataset.Key
	Version  string         `json:"version,omitempty"`
	Source   string         `json:"source"`   // the source id every fact cites
	Objects  map[string]int `json:"objects"`  // by STIX type: each object once, however many versions
	Imported map[string]int `json:"imported"` // by STIX type
	Facts    map[string]int `json:"facts"`    // by section of the document
	Merged   []Merge        `json:"merged"`
	// Skipped counts the objects not imported, by reason ("revoked",
	// "type not imported: marking-definition").
	Skipped map[string]int `json:"skipped"`
	// Unresolved lists references that name nothing imported.
	Unresolved []string `json:"unresolved"`
	// Notes are what an analyst should know: deprecated objects, names
	// shared with entities of another kind, ambiguous matches.
	Notes []string `json:"notes"`
}

// Merge is an object that became an entity the graph already has.
type Merge struct {
	STIX string `json:"stix"`
	ID   string `json:"id"`
	By   string `json:"by"` // what matched: "external id mitre-attack:G0007", "name", "alias Fancy Bear"
}

// BundleError is a bundle that cannot be read: Field says where, as a path
// into the bundle ("objects[3].first_seen").
type BundleError struct {
	Field, Problem string
}

func (e *BundleError) Error() string {
	if e.Field == "" {
		return "stix bundle: " + e.Problem
	}
	return "stix bundle: " + e.Field + ": " + e.Problem
}

func bundleErrorf(field, format string, args ...any) *BundleError {
	return &BundleError{Field: field, Problem: fmt.Sprintf(format, args...)}
}

// Import converts a STIX 2.1 bundle, citing the data set the bundle says it
// is (DatasetOf).
func Import(bundle []byte, known []Known) (*Conversion, error) {
	b, err := readInBundle(bundle)
	if err != nil {
		return nil, err
	}
	if ds, ok := releaseOf(bundle); ok {
		return convertBundle(b, known, ds)
	}
	return convertBundle(b, known, b.dataset())
}

// ImportDataset converts a STIX 2.1 bundle whose facts all come from ds.
func ImportDataset(bundle []byte, known []Known, ds Dataset) (*Conversion, error) {
	if ds.Key == "" || ds.ID == "" || ds.Title == "" || ds.Publisher == "" {
		return nil, errors.New("stix import: a data set needs a key, a source id, a title and a publisher")
	}
	b, err := readInBundle(bundle)
	if err != nil {
		return nil, err
	}
	return convertBundle(b, known, ds)
}

// DatasetOf returns the data set a bundle describes: a release the project
// ships (Releases, by the file's hash), an ATT&CK release when it holds
// ATT&CK's collection object, otherwise the bundle of its main creator as
// of its newest object.
func DatasetOf(bundle []byte) (Dataset, error) {
	b, err := readInBundle(bundle)
	if err != nil {
		return Dataset{}, err
	}
	if ds, ok := releaseOf(bundle); ok {
		return ds, nil
	}
	return b.dataset(), nil
}

// ---------------------------------------------------------------------------
// Reading the bundle

// inHeader is what every STIX object has.
type inHeader struct {
	Type         string `json:"type"`
	ID           string `json:"id"`
	SpecVersion  string `json:"spec_version"`
	Created      string `json:"created"`
	Modified     string `json:"modified"`
	CreatedByRef string `json:"created_by_ref"`
	Revoked      bool   `json:"revoked"`
	Lang         string `json:"lang"`
	Deprecated   bool   `json:"x_mitre_deprecated"`
}

// inObject is a STIX object with the properties of the types cyberkg reads.
type inObject struct {
	inHeader
	Name               string        `json:"name"`
	Description        string        `json:"description"`
	Aliases            []string      `json:"aliases"`
	FirstSeen          string        `json:"first_seen"`
	LastSeen           string        `json:"last_seen"`
	IdentityClass      string        `json:"identity_class"`
	Sectors            []string      `json:"sectors"`
	Country            string        `json:"country"`
	RelationshipType   string        `json:"relationship_type"`
	SourceRef          string        `json:"source_ref"`
	TargetRef          string        `json:"target_ref"`
	Confidence         *int          `json:"confidence"`
	ExternalReferences []inReference `json:"external_references"`
	Definition         struct {
		Statement string `json:"statement"`
	} `json:"definition"`
	MitreVersion string `json:"x_mitre_version"`

	index int             // in the bundle's objects
	raw   json.RawMessage // for the extensions
}

type inReference struct {
	SourceName  string `json:"source_name"`
	Description string `json:"description"`
	URL         string `json:"url"`
	ExternalID  string `json:"external_id"`
}

func (o *inObject) field(name string) string { return fmt.Sprintf("objects[%d].%s", o.index, name) }

// readTypes are the types whose own properties an import decodes.
var readTypes = map[string]bool{"intrusion-set": true, "threat-actor": true, "campaign": true, "identity": true,
	"location": true, "relationship": true, "marking-definition": true, "x-mitre-collection": true}

type inBundle struct {
	id      string
	objects []*inObject // the newest version of each, in bundle order
	byID    map[string]*inObject
	counts  map[string]int
	notes   []string
}

var stixIDPattern = regexp.MustCompile(`^([a-z0-9][a-z0-9-]*[a-z0-9])--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

func readInBundle(data []byte) (*inBundle, error) {
	if t := bytes.TrimSpace(data); len(t) > 0 && t[0] != '{' && json.Valid(t) {
		return nil, bundleErrorf("", "want a JSON object (a STIX bundle), got %s", snippet(t))
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, inJSONError("", data, err)
	}
	var typ, id, spec string
	for _, f := range []struct {
		name string
		into *string
	}{{"type", &typ}, {"id", &id}, {"spec_version", &spec}} {
		if raw, ok := top[f.name]; ok {
			if err := json.Unmarshal(raw, f.into); err != nil {
				return nil, bundleErrorf(f.name, "want a string, got %s", snippet(raw))
			}
		}
	}
	switch {
	case typ == "":
		return nil, bundleErrorf("type", `missing: a STIX bundle has "type": "bundle"`)
	case typ != "bundle":
		return nil, bundleErrorf("type", `%q: want "bundle" (a STIX bundle, not a single object)`, typ)
	case id == "":
		return nil, bundleErrorf("id", "missing: a bundle has an id bundle--UUID")
	case !stixIDPattern.MatchString(id) || !strings.HasPrefix(id, "bundle--"):
		return nil, bundleErrorf("id", "%q is not a bundle id (bundle--UUID)", id)
	case spec != "":
		// STIX 2.0 bundles carry their version; 2.1 bundles do not.
		return nil, bundleErrorf("spec_version", "%q: a STIX %s bundle; cyberkg reads STIX 2.1", spec, spec)
	}
	var raws []json.RawMessage
	if raw, ok := top["objects"]; ok {
		if err := json.Unmarshal(raw, &raws); err != nil {
			return nil, bundleErrorf("objects", "want an array of objects, got %s", snippet(raw))
		}
	}
	b := &inBundle{id: id, byID: map[string]*inObject{}, counts: map[string]int{}}
	unversioned := 0
	for i, raw := range raws {
		field := fmt.Sprintf("objects[%d]", i)
		if t := bytes.TrimSpace(raw); len(t) == 0 || t[0] != '{' {
			return nil, bundleErrorf(field, "want an object, got %s", snippet(raw))
		}
		var h inHeader
		if err := json.Unmarshal(raw, &h); err != nil {
			return nil, inJSONError(field, raw, err)
		}
		switch m := stixIDPattern.FindStringSubmatch(h.ID); {
		case h.Type == "":
			return nil, bundleErrorf(field+".type", "missing")
		case h.ID == "":
			return nil, bundleErrorf(field+".id", "missing (%s)", h.Type)
		case m == nil:
			return nil, bundleErrorf(field+".id", "%q is not a STIX id (TYPE--UUID)", h.ID)
		case m[1] != h.Type:
			return nil, bundleErrorf(field+".id", "%q does not start with the object's type %q", h.ID, h.Type)
		case h.SpecVersion != "" && h.SpecVersion != "2.1":
			return nil, bundleErrorf(field+".spec_version", "%q (%s): cyberkg reads STIX 2.1", h.SpecVersion, h.ID)
		}
		if h.SpecVersion == "" {
			unversioned++
		}
		o := &inObject{inHeader: h}
		if readTypes[h.Type] {
			if err := json.Unmarshal(raw, o); err != nil {
				return nil, inJSONError(field, raw, err)
			}
		}
		o.index, o.raw = i, raw
		if prev, ok := b.byID[h.ID]; ok {
			// Several versions of one object: the newest stands.
			b.notes = append(b.notes, fmt.Sprintf("%s appears more than once; its newest version is imported", h.ID))
			if parseStamp(o.Modified).After(parseStamp(prev.Modified)) {
				b.objects[slices.Index(b.objects, prev)] = o
				b.byID[h.ID] = o
			}
			continue
		}
		b.byID[h.ID] = o
		b.objects = append(b.objects, o)
		b.counts[h.Type]++
	}
	if unversioned > 0 {
		b.notes = append(b.notes, fmt.Sprintf("%d objects have no spec_version (as in MITRE's cti repository); read as STIX 2.1", unversioned))
	}
	return b, nil
}

// isExtensionType reports whether typ is an object type of the cyberkg
// extension (x-cyberkg-…).
func isExtensionType(typ string) bool { return strings.HasPrefix(typ, "x-cyberkg-") }

// inJSONError names where a JSON document went wrong: the line of a syntax
// error, the field of a value of the wrong type.
func inJSONError(field string, data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		line := 1 + bytes.Count(data[:min(int(syn.Offset), len(data))], []byte("\n"))
		return bundleErrorf(field, "not valid JSON: line %d: %v", line, syn)
	case errors.As(err, &typ):
		at := field
		if typ.Field != "" {
			at = strings.TrimPrefix(field+"."+typ.Field, ".")
		}
		return bundleErrorf(at, "want a %s, got a JSON %s", typ.Type, typ.Value)
	}
	return bundleErrorf(field, "%v", err)
}

func snippet(raw []byte) string {
	s := string(bytes.TrimSpace(raw))
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return s
}

func parseStamp(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t.UTC()
}

// dataset is the data set the bundle describes (see DatasetOf).
func (b *inBundle) dataset() Dataset {
	var notes []string
	creators := map[string]int{}
	newest := time.Time{}
	for _, o := range b.objects {
		if o.Type == "x-mitre-collection" && o.MitreVersion != "" {
			return AttackDataset(o.MitreVersion, parseStamp(o.Modified).Format(time.DateOnly))
		}
		if o.Type == "marking-definition" && o.Definition.Statement != "" {
			notes = append(notes, o.Definition.Statement)
		}
		if o.CreatedByRef != "" {
			creators[o.CreatedByRef]++
		}
		for _, t := range []time.Time{parseStamp(o.Modified), parseStamp(o.Created)} {
			if t.After(newest) {
				newest = t
			}
		}
	}
	publisher := "unknown publisher"
	if len(creators) > 0 {
		top := slices.SortedFunc(maps.Keys(creators), func(a, c string) int {
			return cmp.Or(creators[c]-creators[a], strings.Compare(a, c))
		})[0]
		if o := b.byID[top]; o != nil && o.Name != "" {
			publisher = o.Name
		}
	}
	on := ""
	if !newest.IsZero() {
		on = newest.Format(time.DateOnly)
	}
	notes = append(notes, "Imported from the STIX bundle "+b.id+".")
	key := cmp.Or(opendata.Slug(publisher), "unknown")
	return Dataset{
		Key:         "stix-" + key,
		Version:     on,
		ID:          clipID(strings.TrimSuffix("src-stix-"+key+"-"+on, "-"), 128),
		Title:       strings.TrimSpace("STIX bundle from " + publisher + " " + on),
		Publisher:   publisher,
		PublishedOn: on,
		Reliability: "F",
		Note:        strings.Join(notes, " "),
		Name:        publisher,
		Attribution: publisher,
	}
}

// ---------------------------------------------------------------------------
// The document: the seed format's sections, as JSON.

// ---------------------------------------------------------------------------
// Converting

// wellKnownIdentities are identities whose graph id is fixed rather than a
// slug of their name: the claimants of the data sets cyberkg imports.
var wellKnownIdentities = map[string]opendata.Entity{
	"identity--c78cb6e5-0c4b-4611-8297-d1b8b55e40b5": {ID: "mitre", Type: "Organization", Kind: "non-profit",
		Name: "The MITRE Corporation", Aliases: []string{"MITRE"}},
}

type importer struct {
	b     *inBundle
	ds    Dataset
	owner string
	known []Known
	rep   Report
	doc   opendata.Document

	byKey   map[string][]int // a known entity's external ids (lower case)
	byName  map[string][]int // a known entity's names, as compared
	byID    map[string]int
	used    map[string]bool // graph ids taken
	claimed map[int]string  // known entity -> the object merged into it
	graphID map[string]string
	sources map[string]opendata.Source

	ext     map[string]map[string]any // the cyberkg data of the objects that carry it
	defined map[string]bool           // source ids the document defines
	dsCited bool                      // whether a fact cites the data set's source
}

func convertBundle(b *inBundle, known []Known, ds Dataset) (*Conversion, error) {
	c := &importer{b: b, ds: ds, owner: ds.Owner(), known: known,
		byKey: map[string][]int{}, byName: map[string][]int{}, byID: map[string]int{}, used: map[string]bool{},
		claimed: map[int]string{}, graphID: map[string]string{}, sources: map[string]opendata.Source{},
		ext: map[string]map[string]any{}, defined: map[string]bool{}}
	c.rep = Report{Dataset: ds.Key, Version: ds.Version, Source: ds.ID, Objects: b.counts, Imported: map[string]int{},
		Facts: map[string]int{}, Skipped: map[string]int{}, Merged: []Merge{}, Unresolved: []string{},
		Notes: append([]string{}, b.notes...)}
	for i, k := range known {
		c.used[k.ID] = true
		c.byID[k.ID] = i
		for _, x := range k.ExternalIDs {
			c.byKey[strings.ToLower(x)] = append(c.byKey[strings.ToLower(x)], i)
		}
		if k.Kind == "Source" || k.Kind == "Statement" {
			continue // a title is not a name
		}
		for _, n := range append([]string{k.Name}, k.Aliases...) {
			if n := sameName(n); n != "" && !slices.Contains(c.byName[n], i) {
				c.byName[n] = append(c.byName[n], i)
			}
		}
	}
	c.sources[ds.ID] = opendata.Source{ID: ds.ID, Title: ds.Title, Publisher: ds.Publisher, URL: ds.URL,
		PublishedOn: ds.PublishedOn, Reliability: cmp.Or(ds.Reliability, "F"), Note: ds.Note}
	c.used[ds.ID] = true
	if err := c.readExtension(); err != nil {
		return nil, err
	}

	var identities, actors, campaigns, relationships []*inObject
	for _, o := range b.objects {
		switch {
		case c.ext[o.ID] != nil:
			// The cyberkg extension's facts: below.
		case o.Revoked:
			c.rep.Skipped["revoked"]++
		case o.Type == "identity":
			identities = append(identities, o)
		case o.Type == "intrusion-set" || o.Type == "threat-actor":
			actors = append(actors, o)
		case o.Type == "campaign":
			campaigns = append(campaigns, o)
		case o.Type == "relationship":
			relationships = append(relationships, o)
		case o.Type == "location":
			// Read when a relationship names it.
		default:
			c.rep.Skipped["type not imported: "+o.Type]++
		}
	}
	if err := c.check(identities, actors, campaigns, relationships); err != nil {
		return nil, err
	}
	c.identities(identities)
	c.actors(actors)
	c.campaigns(campaigns)
	c.relationships(relationships)
	c.extensionFacts()
	for _, o := range b.objects {
		if o.Type == "location" && !o.Revoked && c.graphID[o.ID] == "" {
			c.rep.Skipped["location not named by an imported relationship"]++
		}
	}
	return c.finish()
}

// check refuses objects of the imported types that lack what STIX requires.
func (c *importer) check(groups ...[]*inObject) error {
	for _, g := range groups {
		for _, o := range g {
			if o.Type != "relationship" && strings.TrimSpace(o.Name) == "" {
				return bundleErrorf(o.field("name"), "missing (%s)", o.ID)
			}
			for _, f := range []struct{ name, value string }{{"created", o.Created}, {"modified", o.Modified},
				{"first_seen", o.FirstSeen}, {"last_seen", o.LastSeen}} {
				if _, err := time.Parse(time.RFC3339Nano, f.value); f.value != "" && err != nil {
					return bundleErrorf(o.field(f.name), "%q is not a STIX timestamp (%s)", f.value, o.ID)
				}
			}
			if o.Confidence != nil && (*o.Confidence < 0 || *o.Confidence > 100) {
				return bundleErrorf(o.field("confidence"), "%d is not within 0-100 (%s)", *o.Confidence, o.ID)
			}
			if o.Type == "relationship" {
				for _, f := range []struct{ name, value string }{{"relationship_type", o.RelationshipType},
					{"source_ref", o.SourceRef}, {"target_ref", o.TargetRef}} {
					if f.value == "" {
						return bundleErrorf(o.field(f.name), "missing (%s)", o.ID)
					}
				}
			}
		}
	}
	return nil
}

func (c *importer) note(format string, args ...any) {
	c.rep.Notes = append(c.rep.Notes, fmt.Sprintf(format, args...))
}

// keys are the external ids an object answers to: its STIX id (and the
// MISP galaxy cluster uuid, which MISP's STIX exports keep as the STIX id's
// uuid), the ids of its external references in an id scheme, and ATT&CK
// ids in ATT&CK URLs.
func (c *importer) keys(o *inObject) []string {
	out := []string{"stix:" + o.ID}
	if _, uuid, ok := strings.Cut(o.ID, "--"); ok {
		out = append(out, "misp-galaxy:"+uuid)
	}
	for _, r := range o.ExternalReferences {
		if s := idScheme(r.SourceName); s != "" && r.ExternalID != "" {
			out = append(out, s+":"+r.ExternalID)
		}
		if m := attackPageURL.FindStringSubmatch(r.URL); m != nil {
			out = append(out, "mitre-attack:"+m[1])
		}
	}
	return distinct(out)
}

// externalIDs are the ids an imported entity records: its ATT&CK id and
// its STIX id.
func (c *importer) externalIDs(o *inObject) []string {
	var out []string
	for _, r := range o.ExternalReferences {
		if s := idScheme(r.SourceName); s != "" && r.ExternalID != "" && !strings.ContainsAny(r.ExternalID, " \t\n") {
			out = append(out, s+":"+r.ExternalID)
		}
	}
	return distinct(append(out, "stix:"+o.ID))
}

var attackPageURL = regexp.MustCompile(`^https?://attack\.mitre\.org/(?:groups|campaigns|software)/([A-Z][0-9]{4})/?$`)

// idScheme is the external-id scheme of an external reference's
// source_name, for the sources that name an object rather than cite a
// report about it.
func idScheme(sourceName string) string {
	switch s := strings.ToLower(sourceName); s {
	case "mitre-attack", "mitre-mobile-attack", "mitre-ics-attack", "misp-galaxy":
		return s
	}
	return ""
}

// match finds the known entity of one of kinds an object is: by external
// id first, then (when byName) by name and alias. by says what matched.
func (c *importer) match(o *inObject, kinds []string, byName bool) (int, string) {
	fits := func(i int) bool { return slices.Contains(kinds, c.known[i].Kind) && c.claimed[i] == "" }
	var cands []int
	var key string
	for _, k := range c.keys(o) {
		for _, i := range c.byKey[strings.ToLower(k)] {
			if fits(i) && !slices.Contains(cands, i) {
				cands = append(cands, i)
				if key == "" {
					key = k
				}
			}
		}
	}
	if len(cands) > 0 {
		i, ok := c.best(o, cands)
		if !ok {
			c.note("%s (%s) has the external id %s of several entities (%s); merged into %s",
				o.ID, o.Name, key, c.idsOf(cands), c.known[i].ID)
		}
		return i, "external id " + key
	}
	if !byName {
		return -1, ""
	}
	for _, n := range append([]string{o.Name}, o.Aliases...) {
		for _, i := range c.byName[sameName(n)] {
			if fits(i) && !slices.Contains(cands, i) {
				cands = append(cands, i)
			}
		}
	}
	if len(cands) == 0 {
		return -1, ""
	}
	i, ok := c.best(o, cands)
	if !ok {
		c.note("%s (%s) shares names with several entities (%s), none more than the others; imported apart",
			o.ID, o.Name, c.idsOf(cands))
		return -1, ""
	}
	k := c.known[i]
	if sameName(k.Name) == sameName(o.Name) {
		return i, "name"
	}
	for _, a := range append([]string{o.Name}, o.Aliases...) {
		for _, b := range append([]string{k.Name}, k.Aliases...) {
			if sameName(a) == sameName(b) {
				return i, "alias " + a
			}
		}
	}
	return i, "name"
}

// best picks among candidate entities the one whose names fit the object's
// best: the same name first, then the most names in common. ok is false
// when two fit equally well (the first by id is returned).
func (c *importer) best(o *inObject, cands []int) (int, bool) {
	ours := map[string]bool{sameName(o.Name): true}
	for _, a := range o.Aliases {
		ours[sameName(a)] = true
	}
	score := func(i int) int {
		k := c.known[i]
		s := 0
		if sameName(k.Name) == sameName(o.Name) {
			s += 100
		}
		for _, n := range distinct(append([]string{k.Name}, k.Aliases...)) {
			if ours[sameName(n)] {
				s++
			}
		}
		return s
	}
	slices.SortFunc(cands, func(a, b int) int {
		return cmp.Or(score(b)-score(a), strings.Compare(c.known[a].ID, c.known[b].ID))
	})
	return cands[0], len(cands) == 1 || score(cands[0]) > score(cands[1])
}

func (c *importer) idsOf(is []int) string {
	var ids []string
	for _, i := range is {
		ids = append(ids, c.known[i].ID)
	}
	return strings.Join(ids, ", ")
}

// claim records that o is the known entity i. A merge into someone else's
// entity is reported; finding the data set's own again is not.
func (c *importer) claim(o *inObject, i int, by string) {
	c.claimed[i] = o.ID
	c.graphID[o.ID] = c.known[i].ID
	if c.known[i].Owner != c.owner {
		c.rep.Merged = append(c.rep.Merged, Merge{STIX: o.ID, ID: c.known[i].ID, By: by})
	}
}

// newID claims the first free id among candidates, or the last one with a
// number after it.
func (c *importer) newID(candidates ...string) string {
	var last string
	for _, id := range candidates {
		id = clipID(id, 128)
		if id != "" && !c.used[id] {
			c.used[id] = true
			return id
		}
		if id != "" {
			last = id
		}
	}
	for n := 2; ; n++ {
		if id := clipID(last, 120) + "-" + strconv.Itoa(n); !c.used[id] {
			c.used[id] = true
			return id
		}
	}
}

// inOrder sorts objects so that ids come out the same whatever the
// bundle's order: by name, then STIX id.
func inOrder(objs []*inObject) []*inObject {
	return slices.SortedFunc(slices.Values(objs), func(a, b *inObject) int {
		return cmp.Or(strings.Compare(sameName(a.Name), sameName(b.Name)), strings.Compare(a.ID, b.ID))
	})
}

// identities become the organisations and people that make claims. One the
// graph has by another hand is named, not rewritten.
func (c *importer) identities(objs []*inObject) {
	for _, o := range inOrder(objs) {
		var e opendata.Entity
		switch o.IdentityClass {
		case "individual":
			e = opendata.Entity{Type: "Person"}
		case "organization", "group", "unknown", "":
			e = opendata.Entity{Type: "Organization", Kind: "other"}
			for _, s := range o.Sectors {
				if strings.HasPrefix(s, "government") {
					e.Kind = "government-body"
				}
			}
		default:
			c.rep.Skipped["identity of class "+o.IdentityClass]++
			continue
		}
		kinds := []string{e.Type}
		if e.Type == "Organization" {
			kinds = []string{"Organization", "Country", "Bloc"}
		}
		e.Name, e.Aliases = o.Name, otherNames(o.Name, o.Aliases)
		if w, ok := wellKnownIdentities[o.ID]; ok {
			e = w
			e.Aliases = slices.Clone(w.Aliases)
		}
		c.rep.Imported[o.Type]++
		if i, by := c.match(o, kinds, true); i >= 0 {
			c.claim(o, i, by)
			if k := c.known[i]; k.Owner != c.owner || k.Kind != e.Type {
				continue
			}
			e.ID = c.known[i].ID // the data set's own, from an earlier import: asserted again
		} else {
			e.ID = c.newID(e.ID, opendata.Slug(o.Name), "org-"+uuidPrefix(o.ID))
			c.graphID[o.ID] = e.ID
		}
		e.ExternalIDs = joined(e.ExternalIDs, c.externalIDs(o))
		e.Sources = c.cite(o)
		if d := plainText(o.Description); d != "" {
			e.Description, e.DescriptionAttribution = d, c.attribution()
		}
		c.doc.Entities = append(c.doc.Entities, e)
	}
}

// keep is e merged into the known entity k of another owner: k's name,
// description, Wikidata id and note stand; names, external ids and sources
// add up.
func keep(e opendata.Entity, k Known) opendata.Entity {
	e.ID, e.Aliases = k.ID, otherNames(k.Name, joined(k.Aliases, append([]string{e.Name}, e.Aliases...)))
	e.Name = k.Name
	e.ExternalIDs = joined(k.ExternalIDs, e.ExternalIDs)
	e.Sources = joined(k.Sources, e.Sources)
	if k.Description != "" {
		e.Description, e.DescriptionAttribution = k.Description, k.DescriptionAttribution
	}
	e.Wikidata = cmp.Or(k.Wikidata, e.Wikidata)
	e.Note = cmp.Or(k.Note, e.Note)
	return e
}

// actors become threat actors, merged into those the graph has.
func (c *importer) actors(objs []*inObject) {
	objs = inOrder(objs)
	merged := map[*inObject]int{}
	// External ids first, for every object, so that a name never takes an
	// entity another object is known by.
	for _, byName := range []bool{false, true} {
		for _, o := range objs {
			if _, ok := merged[o]; ok {
				continue
			}
			if i, by := c.match(o, []string{"ThreatActor"}, byName); i >= 0 {
				c.claim(o, i, by)
				merged[o] = i
			}
		}
	}
	for _, o := range objs {
		e := opendata.Entity{Type: "ThreatActor", Name: o.Name, Aliases: otherNames(o.Name, o.Aliases),
			ExternalIDs: c.externalIDs(o), Sources: c.cite(o)}
		if d := plainText(o.Description); d != "" {
			e.Description, e.DescriptionAttribution = d, c.attribution()
		}
		if o.Deprecated {
			e.Note = "deprecated in " + c.ds.Title
			c.note("%s (%s) is deprecated; imported with a note", o.ID, o.Name)
		}
		// The data set's own actor is rewritten from the bundle, unless
		// another data set wrote into it too (opendata.Shared).
		if i, ok := merged[o]; ok && c.known[i].Owner == c.owner && !opendata.Shared(c.known[i].ExternalIDs, opendata.SchemeSTIX) {
			e.ID = c.known[i].ID
		} else if ok {
			e = keep(e, c.known[i])
		} else {
			s := opendata.Slug(o.Name)
			e.ID = c.newID(s, s+"-"+cmp.Or(opendata.Slug(attackIDOf(o)), uuidPrefix(o.ID)), "actor-"+uuidPrefix(o.ID))
			c.graphID[o.ID] = e.ID
			c.sameNameElsewhere(o, e.ID)
		}
		c.rep.Imported[o.Type]++
		c.doc.Entities = append(c.doc.Entities, e)
	}
}

// sameNameElsewhere notes a known entity of another kind with the name of
// an imported object: the two stay apart; an analyst may join them.
func (c *importer) sameNameElsewhere(o *inObject, id string) {
	for _, i := range c.byName[sameName(o.Name)] {
		if k := c.known[i]; k.ID != id {
			c.note("%s (%s), imported as %s, has the name of the %s %s; they are kept apart", o.ID, o.Name, id, k.Kind, k.ID)
		}
	}
}

// attackIDOf is an object's id in ATT&CK (G0007, C0010), or "".
func attackIDOf(o *inObject) string {
	for _, r := range o.ExternalReferences {
		if strings.HasPrefix(idScheme(r.SourceName), "mitre-") && r.ExternalID != "" {
			return r.ExternalID
		}
	}
	return ""
}

func uuidPrefix(id string) string {
	_, uuid, _ := strings.Cut(id, "--")
	return strings.ToLower(uuid[:min(8, len(uuid))])
}

// campaigns become incidents of kind campaign, merged only by external id:
// two campaigns of one name are not thereby one.
func (c *importer) campaigns(objs []*inObject) {
	for _, o := range inOrder(objs) {
		if o.FirstSeen == "" {
			c.rep.Skipped["campaign without first_seen"]++
			c.note("%s (%s) has no first_seen, which an incident needs; not imported", o.ID, o.Name)
			continue
		}
		in := opendata.Incident{Name: o.Name, Aliases: otherNames(o.Name, o.Aliases), Kind: "campaign",
			StartedOn: c.seen(o, o.FirstSeen), ExternalIDs: c.externalIDs(o), Sources: c.cite(o)}
		if o.LastSeen != "" {
			in.EndedOn = c.seen(o, o.LastSeen)
		}
		if d := plainText(o.Description); d != "" {
			in.Description, in.DescriptionAttribution = d, c.attribution()
		}
		if o.Deprecated {
			in.Note = "deprecated in " + c.ds.Title
			c.note("%s (%s) is deprecated; imported with a note", o.ID, o.Name)
		}
		if i, by := c.match(o, []string{"Incident"}, false); i >= 0 {
			c.claim(o, i, by)
			k := c.known[i]
			in.ID = k.ID
			if k.Owner != c.owner {
				e := keep(opendata.Entity{Name: in.Name, Aliases: in.Aliases, Description: in.Description,
					DescriptionAttribution: in.DescriptionAttribution, ExternalIDs: in.ExternalIDs, Sources: in.Sources, Note: in.Note}, k)
				in.Name, in.Aliases, in.ExternalIDs, in.Sources, in.Note = e.Name, e.Aliases, e.ExternalIDs, e.Sources, e.Note
				in.Description, in.DescriptionAttribution, in.Wikidata = e.Description, e.DescriptionAttribution, e.Wikidata
			}
		} else {
			s := opendata.Slug(o.Name)
			in.ID = c.newID(s, "campaign-"+s, "campaign-"+s+"-"+cmp.Or(opendata.Slug(attackIDOf(o)), uuidPrefix(o.ID)),
				"campaign-"+uuidPrefix(o.ID))
			c.graphID[o.ID] = in.ID
			c.sameNameElsewhere(o, in.ID)
		}
		c.rep.Imported[o.Type]++
		c.doc.Incidents = append(c.doc.Incidents, in)
	}
}

// seen is a campaign's first_seen or last_seen as a date. ATT&CK records
// only the month, as midnight of its first day in the US (04:00Z to
// 08:00Z) or in Europe (23:00Z the day before), so its dates keep month
// precision; other bundles' are the UTC day.
func (c *importer) seen(o *inObject, ts string) string {
	t := parseStamp(ts)
	if attackIDOf(o) != "" {
		if m := t.Add(12 * time.Hour); m.Day() == 1 {
			return m.Format("2006-01")
		}
	}
	return t.Format(time.DateOnly)
}

// relationships become statements: what the relationship's creator claims.
func (c *importer) relationships(objs []*inObject) {
	slices.SortFunc(objs, func(a, b *inObject) int { return strings.Compare(a.ID, b.ID) })
	for _, o := range objs {
		switch o.RelationshipType {
		case "attributed-to", "targets":
		default:
			c.rep.Skipped["relationship type not imported: "+o.RelationshipType]++
			continue
		}
		if o.CreatedByRef == "" {
			c.rep.Unresolved = append(c.rep.Unresolved, o.ID+" ("+o.RelationshipType+"): no created_by_ref, so nobody makes the claim")
		}
		from, to, by := c.ref(o, "source_ref", o.SourceRef), c.ref(o, "target_ref", o.TargetRef), c.ref(o, "created_by_ref", o.CreatedByRef)
		if from == "" || to == "" || by == "" {
			c.rep.Skipped["unresolved reference"]++
			continue
		}
		st := opendata.Statement{By: by, Kind: opendata.CAMEOAccuse, Language: cmp.Or(o.Lang, "en"), Confidence: o.Confidence,
			About: []string{from}, Sources: c.cite(o)}
		if o.Created != "" {
			on := parseStamp(o.Created).Format(time.DateOnly)
			st.SaidOn = &on
		}
		speaker := cmp.Or(c.ds.Name, c.nameOf(o.CreatedByRef))
		verb := "attributes"
		if o.RelationshipType == "attributed-to" {
			st.Attributes = []opendata.Attribution{{Actor: to, Verdict: "alleged"}}
			st.Summary = fmt.Sprintf("%s attributes %s to %s.", speaker, c.describe(o.SourceRef), c.describe(o.TargetRef))
		} else {
			verb = "says-targeted"
			st.Targeted = []string{to}
			st.Summary = fmt.Sprintf("%s says %s targeted %s.", speaker, c.describe(o.SourceRef), c.describe(o.TargetRef))
		}
		if d := plainText(o.Description); d != "" {
			st.Note = c.attribution() + ": " + d
		}
		st.ID = c.newID(hashClip(strings.ToLower("stmt-" + by + "-" + verb + "-" + from + "-to-" + to)))
		c.rep.Imported[o.Type]++
		c.doc.Statements = append(c.doc.Statements, st)
	}
}

// ref is the graph id of the object a relationship names, or "" (listed
// as unresolved) when it names nothing imported.
func (c *importer) ref(o *inObject, field, id string) string {
	if id == "" {
		return ""
	}
	if g := c.graphID[id]; g != "" {
		return g
	}
	if t := c.b.byID[id]; t != nil && t.Type == "location" && !t.Revoked {
		if g := c.country(t); g != "" {
			c.graphID[id] = g
			c.rep.Imported["location"]++
			return g
		}
	}
	// An object not in the bundle may be in the graph, under its STIX id.
	if is := c.byKey["stix:"+id]; len(is) > 0 {
		return c.known[is[0]].ID
	}
	why := "is not in the bundle, nor in the graph"
	if t := c.b.byID[id]; t != nil {
		switch {
		case t.Revoked:
			why = "is revoked"
		case t.Type == "location":
			why = "is a location with no country the graph has"
		default:
			why = "is a " + t.Type + ", which is not imported"
		}
	}
	c.rep.Unresolved = append(c.rep.Unresolved, fmt.Sprintf("%s (%s): %s %s %s", o.ID, o.RelationshipType, field, id, why))
	return ""
}

// country is the id of the country the graph has that a location stands
// for, by its ISO 3166 alpha-2 code.
func (c *importer) country(o *inObject) string {
	iso2 := strings.ToUpper(strings.TrimSpace(o.Country))
	if iso2 == "" {
		return ""
	}
	for _, k := range c.known {
		if k.Kind == "Country" && k.ISO2 == iso2 {
			return k.ID
		}
	}
	if region, err := language.ParseRegion(iso2); err == nil {
		if i, ok := c.byID[region.ISO3()]; ok && c.known[i].Kind == "Country" {
			return c.known[i].ID
		}
	}
	return ""
}

func (c *importer) nameOf(id string) string {
	if o := c.b.byID[id]; o != nil && o.Name != "" {
		return o.Name
	}
	return "The bundle's creator"
}

// describe names an object for a summary: "the campaign Operation Ghost
// (C0023)", "the group APT29 (G0016)".
func (c *importer) describe(id string) string {
	o := c.b.byID[id]
	if o == nil {
		if is := c.byKey["stix:"+id]; len(is) > 0 {
			return c.known[is[0]].Name
		}
		return id
	}
	what := map[string]string{"intrusion-set": "the group ", "threat-actor": "the threat actor ", "campaign": "the campaign "}[o.Type]
	name := cmp.Or(o.Name, o.Country, id)
	if o.Type == "location" {
		if i, ok := c.byID[c.graphID[id]]; ok {
			name = c.known[i].Name
		}
	}
	if x := attackIDOf(o); x != "" && !strings.EqualFold(x, o.Name) {
		name += " (" + x + ")"
	}
	return what + name
}

func (c *importer) attribution() string { return cmp.Or(c.ds.Attribution, c.ds.Title) }

// cite returns the sources of an object's facts: the data set, and a
// Source for each external reference with a URL. A reference source that
// another data set or an analyst wrote is cited, not written again.
func (c *importer) cite(o *inObject) []string {
	c.dsCited = true
	out := []string{c.ds.ID}
	for _, r := range o.ExternalReferences {
		if r.URL == "" {
			continue
		}
		title := plainText(r.Description)
		if title == "" {
			title = strings.TrimSpace(r.SourceName + " " + r.ExternalID)
		}
		s, ok := opendata.RefSource(r.URL, title)
		if !ok || strings.ContainsAny(strings.TrimSpace(r.URL), " \t\n") {
			c.note("%s: the external reference %q has no http(s) URL (%s); not made a source", o.ID, r.SourceName, r.URL)
			continue
		}
		out = append(out, s.ID)
		if i, ok := c.byID[s.ID]; ok && c.known[i].Owner != c.owner {
			continue
		}
		prev, ok := c.sources[s.ID]
		if !ok || s.Title < prev.Title { // one title per URL, whatever the order
			c.sources[s.ID] = opendata.Source{ID: s.ID, Title: s.Title, Publisher: cmp.Or(s.Publisher, "unknown"), URL: s.URL,
				Reliability: cmp.Or(s.Reliability, "F")}
		}
	}
	return distinct(out)
}

func (c *importer) finish() (*Conversion, error) {
	if c.dsCited {
		c.doc.Sources = append(c.doc.Sources, c.sources[c.ds.ID])
	}
	for _, id := range slices.Sorted(maps.Keys(c.sources)) {
		if id != c.ds.ID {
			c.doc.Sources = append(c.doc.Sources, c.sources[id])
		}
	}
	slices.SortFunc(c.doc.Entities, func(a, b opendata.Entity) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(c.doc.Incidents, func(a, b opendata.Incident) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(c.doc.Statements, func(a, b opendata.Statement) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(c.doc.Agreements, func(a, b opendata.Agreement) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(c.doc.Events, func(a, b opendata.Event) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(c.doc.Memberships, func(a, b opendata.Membership) int {
		return strings.Compare(graph.MembershipKey(a.Country, a.Bloc, a.Since), graph.MembershipKey(b.Country, b.Bloc, b.Since))
	})
	slices.SortFunc(c.doc.Positions, func(a, b opendata.Position) int {
		return strings.Compare(graph.PositionKey(a.Person, a.Organization, a.Since), graph.PositionKey(b.Person, b.Organization, b.Since))
	})
	slices.SortFunc(c.doc.Relations, func(a, b opendata.Relation) int {
		return strings.Compare(graph.RelationKey(a.Type, a.From, a.To), graph.RelationKey(b.Type, b.From, b.To))
	})
	for name, n := range map[string]int{"sources": len(c.doc.Sources), "entities": len(c.doc.Entities),
		"agreements": len(c.doc.Agreements), "statements": len(c.doc.Statements), "events": len(c.doc.Events),
		"incidents": len(c.doc.Incidents), "memberships": len(c.doc.Memberships), "positions": len(c.doc.Positions),
		"relations": len(c.doc.Relations)} {
		if n > 0 {
			c.rep.Facts[name] = n
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(c.doc); err != nil {
		return nil, fmt.Errorf("stix import: encode the document: %w", err)
	}
	return &Conversion{Document: buf.Bytes(), Report: c.rep}, nil
}

// ---------------------------------------------------------------------------
// Text and ids

var (
	descLink        = regexp.MustCompile(`\[([^\]]+)\]\((?:https?://[^)\s]+)\)`)
	descCitation    = regexp.MustCompile(`\s*\(Citation:[^)]*\)`)
	descSpaceBefore = regexp.MustCompile(`[ \t]+([.,;:])`)
	descSpaces      = regexp.MustCompile(`[ \t]{2,}`)
)

// plainText is a description as plain text: ATT&CK's Markdown links become
// their words, its "(Citation: …)" markers go (the sources cite them).
func plainText(s string) string {
	s = descLink.ReplaceAllString(s, "$1")
	s = descCitation.ReplaceAllString(s, "")
	s = descSpaceBefore.ReplaceAllString(s, "$1")
	s = descSpaces.ReplaceAllString(s, " ")
	return strings.TrimSpace(s)
}

// clipID cuts an id to at most n bytes, at a dash when there is one near.
func clipID(id string, n int) string {
	if len(id) <= n {
		return id
	}
	cut := id[:n]
	if i := strings.LastIndexByte(cut, '-'); i > n/2 {
		cut = cut[:i]
	}
	return strings.Trim(cut, "-")
}

// hashClip keeps a long id readable and unique: its start and a hash of
// all of it.
func hashClip(id string) string {
	if len(id) <= 128 {
		return id
	}
	sum := sha256.Sum256([]byte(id))
	return clipID(id, 110) + "-" + hex.EncodeToString(sum[:])[:12]
}

// sameName is a name as compared: letters and digits only, in lower case,
// without a leading "the" ("APT 28", "apt-28" and "APT28" are one name).
func sameName(s string) string {
	s = strings.TrimSpace(strings.ToLower(s))
	s = strings.TrimPrefix(s, "the ")
	var b strings.Builder
	for _, r := range norm.NFKC.String(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// distinct is xs without blanks and repeats, in order.
func distinct(xs []string) []string {
	out := []string{}
	for _, x := range xs {
		if x = strings.TrimSpace(x); x != "" && !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// joined is a's items, then b's not in a, each once.
func joined(a, b []string) []string { return distinct(append(slices.Clone(a), b...)) }

// otherNames is names other than name, each once.
func otherNames(name string, names []string) []string {
	return slices.DeleteFunc(distinct(names), func(n string) bool { return n == name })
}

// ---------------------------------------------------------------------------
// The cyberkg extension: a cyberkg export read back

// readExtension finds the objects that carry cyberkg's own data (out.go):
// the facts, each under its cyberkg id, the stubs that stand for entities
// outside the export, and the views derived from facts, which are not
// facts themselves.
func (c *importer) readExtension() error {
	for _, o := range c.b.objects {
		if o.ID == ProducerID {
			c.ext[o.ID] = map[string]any{}
			c.rep.Skipped["cyberkg's own identity"]++
			continue
		}
		data, err := cyberkgData(o)
		if err != nil {
			return err
		}
		if data == nil {
			continue
		}
		c.ext[o.ID] = data
		id := str(data, "cyberkg_id")
		switch view := str(data, "view_of"); {
		case view != "":
			if o.Type == "location" {
				c.graphID[o.ID] = view // a country's location: the country
			}
			c.rep.Skipped["view of a cyberkg fact"]++
		case id == "":
			return bundleErrorf(o.field("cyberkg_id"), "missing: an object of the cyberkg extension names its cyberkg id (%s)", o.ID)
		case data["stub"] == true:
			c.graphID[o.ID] = id
			c.rep.Skipped["stand-in for an entity outside the export"]++
			if _, ok := c.byID[id]; !ok {
				c.rep.Unresolved = append(c.rep.Unresolved, o.ID+" stands for "+id+", which the graph does not have")
			}
		default:
			c.graphID[o.ID] = id
			if str(data, "cyberkg_type") == "Source" {
				c.defined[id] = true
			}
		}
	}
	return nil
}

// cyberkgData is an object's cyberkg data: the properties of an object of
// a type the extension defines, or the property extension of a standard
// object; nil for an object without it.
func cyberkgData(o *inObject) (map[string]any, error) {
	var top map[string]any
	dec := json.NewDecoder(bytes.NewReader(o.raw))
	dec.UseNumber()
	if err := dec.Decode(&top); err != nil {
		return nil, inJSONError(fmt.Sprintf("objects[%d]", o.index), o.raw, err)
	}
	exts, _ := top["extensions"].(map[string]any)
	data, _ := exts[ExtensionID].(map[string]any)
	if isExtensionType(o.Type) {
		out := map[string]any{}
		for k, v := range top {
			if k == "extensions" || stixCommon[k] {
				continue
			}
			out[k] = v
		}
		for k, v := range top {
			if name, ok := strings.CutPrefix(k, "cyberkg_"); ok && stixCommon[name] {
				out[name] = v // renamed on the way out
			}
		}
		return out, nil
	}
	return data, nil
}

// extensionFacts turns the objects of a cyberkg export back into the facts
// they stand for, the same as the graph had them: every property the seed
// format has, with its date precision, sources and parties. An entity the
// seed owns is named, not written again (the seed is its authority, and a
// seed entity can hold more than the format carries).
func (c *importer) extensionFacts() {
	for _, o := range c.b.objects {
		data := c.ext[o.ID]
		id, typ := str(data, "cyberkg_id"), str(data, "cyberkg_type")
		if data == nil || id == "" || str(data, "view_of") != "" || data["stub"] == true {
			continue
		}
		if i, ok := c.byID[id]; ok && c.known[i].Owner == graph.OwnerSeed && c.known[i].Kind == typ {
			c.rep.Skipped["the seed's own, kept as the graph has it"]++
			continue
		}
		c.used[id] = true
		name := cmp.Or(str(data, "name"), o.Name, id)
		switch typ {
		case "Country", "Bloc", "Person", "Organization", "ThreatActor":
			e := opendata.Entity{ID: id, Type: typ, Name: name, Aliases: strs(data, "aliases"),
				Description: str(data, "description"), DescriptionAttribution: str(data, "description_attribution"),
				Wikidata: str(data, "wikidata"), ExternalIDs: strs(data, "external_ids"), Sources: c.citing(o, data), Note: str(data, "note")}
			if typ == "Organization" {
				e.Kind = str(data, "kind")
			}
			if typ == "Country" {
				e.ISO2, e.ISO3, e.ISONumeric = str(data, "iso2"), str(data, "iso3"), str(data, "iso_numeric")
				e.Sovereignty, e.Region, e.SubRegion = str(data, "sovereignty"), str(data, "region"), str(data, "sub_region")
				e.IntermediateRegion = str(data, "intermediate_region")
				e.RegionM49, e.SubRegionM49 = whole(data, "region_m49"), whole(data, "sub_region_m49")
				e.IntermediateRegionM49 = whole(data, "intermediate_region_m49")
				if v, ok := data["independent"].(bool); ok {
					e.Independent = &v
				}
			}
			c.doc.Entities = append(c.doc.Entities, e)
		case "Source":
			c.sources[id] = opendata.Source{ID: id, Title: cmp.Or(str(data, "title"), name), Publisher: str(data, "publisher"),
				URL: str(data, "url"), Language: str(data, "language"), PublishedOn: datePrecise(data, "published_on"),
				Reliability: str(data, "reliability"), Note: str(data, "note")}
		case "Incident":
			c.doc.Incidents = append(c.doc.Incidents, opendata.Incident{ID: id, Name: name, Aliases: strs(data, "aliases"),
				Kind: str(data, "kind"), StartedOn: datePrecise(data, "started_on"), EndedOn: datePrecise(data, "ended_on"),
				Wikidata: str(data, "wikidata"), Description: str(data, "description"),
				DescriptionAttribution: str(data, "description_attribution"), ExternalIDs: strs(data, "external_ids"),
				Targeted: c.refs(o, data, "targeted_refs"), CarriedOutBy: c.refs(o, data, "carried_out_by_refs"),
				Sources: c.citing(o, data), Note: str(data, "note")})
		case "Agreement":
			c.doc.Agreements = append(c.doc.Agreements, c.agreement(o, data, id))
		case "Event":
			c.doc.Events = append(c.doc.Events, opendata.Event{ID: id, Name: name, Aliases: strs(data, "aliases"),
				Kind: str(data, "kind"), Date: datePrecise(data, "date"), Place: str(data, "place"), Wikidata: str(data, "wikidata"),
				Attendees: c.refs(o, data, "attendee_refs"), Produced: c.refs(o, data, "produced_refs"),
				Sources: c.citing(o, data), Note: str(data, "note")})
		case "Statement":
			st := opendata.Statement{ID: id, Name: str(data, "name"), By: c.ref1(o, data, "by_ref"), Language: str(data, "language"),
				Kind: str(data, "kind"), Confidence: integer(data, "confidence"), Summary: str(data, "summary"),
				ClaimedCount: integer(data, "claimed_count"), About: c.refs(o, data, "about_refs"),
				Targeted: c.refs(o, data, "targeted_refs"), Sources: c.citing(o, data), Note: str(data, "note")}
			if d := datePrecise(data, "said_on"); d != "" {
				st.SaidOn = &d
			}
			attrs, _ := data["attributes"].([]any)
			for _, a := range attrs {
				m, _ := a.(map[string]any)
				if actor := c.refTo(o, "attributes.actor_ref", str(m, "actor_ref")); actor != "" {
					st.Attributes = append(st.Attributes, opendata.Attribution{Actor: actor, Verdict: str(m, "verdict")})
				}
			}
			c.doc.Statements = append(c.doc.Statements, st)
		case "MEMBER_OF":
			c.doc.Memberships = append(c.doc.Memberships, opendata.Membership{Country: c.ref1(o, data, "member_ref"),
				Bloc: c.ref1(o, data, "bloc_ref"), Since: datePrecise(data, "since"), Until: datePrecise(data, "until"),
				Role: str(data, "role"), Sources: c.citing(o, data), Note: str(data, "note")})
		case "HOLDS_POSITION":
			c.doc.Positions = append(c.doc.Positions, opendata.Position{Person: c.ref1(o, data, "person_ref"),
				Organization: c.ref1(o, data, "organization_ref"), Title: str(data, "title"), Since: datePrecise(data, "since"),
				Until: datePrecise(data, "until"), Sources: c.citing(o, data), Note: str(data, "note")})
		default:
			if strings.ToUpper(typ) != typ || o.Type != TypeRelation {
				c.rep.Skipped["cyberkg kind not imported: "+typ]++
				continue
			}
			c.doc.Relations = append(c.doc.Relations, opendata.Relation{From: c.ref1(o, data, "source_ref"),
				Type: cmp.Or(str(data, "relationship_type"), typ), To: c.ref1(o, data, "target_ref"),
				Sources: c.citing(o, data), Note: str(data, "note")})
		}
		c.rep.Imported[o.Type]++
	}
}

// agreement is an agreement read back: its status history, each status
// with the sources that report it (reported_in), in order.
func (c *importer) agreement(o *inObject, data map[string]any, id string) opendata.Agreement {
	a := opendata.Agreement{ID: id, Title: cmp.Or(str(data, "title"), str(data, "name")), Aliases: strs(data, "aliases"),
		Scope: str(data, "scope"), Topic: str(data, "topic"), Parties: c.refs(o, data, "party_refs"),
		Within: c.ref1(o, data, "within_ref"), SignedOn: datePrecise(data, "signed_on"), Place: str(data, "place"),
		Sources: c.citing(o, data), Note: str(data, "note")}
	pending := map[string][]string{} // source -> the statuses it reports, in order
	reported, _ := data["reported_in"].([]any)
	for _, r := range reported {
		m, _ := r.(map[string]any)
		if s := str(m, "source"); slices.Contains(a.Sources, s) {
			pending[s] = strs(m, "reports")
		}
	}
	statuses, dates, precisions := strs(data, "status_history"), strs(data, "status_dates"), strs(data, "status_precisions")
	for i, status := range statuses {
		obs := opendata.Status{Status: status}
		if i < len(dates) {
			obs.Date = datePrecise(map[string]any{"d": dates[i], "d_precision": at(precisions, i)}, "d")
		}
		for _, s := range slices.Sorted(maps.Keys(pending)) {
			if len(pending[s]) > 0 && pending[s][0] == status {
				obs.Sources = append(obs.Sources, s)
				pending[s] = pending[s][1:]
			}
		}
		if len(obs.Sources) == 0 {
			obs.Sources = a.Sources
		}
		a.StatusHistory = append(a.StatusHistory, obs)
	}
	return a
}

func at(xs []string, i int) string {
	if i < len(xs) {
		return xs[i]
	}
	return ""
}

// citing is the sources a fact of the extension cites that the document
// defines or the graph has; the data set's when none is left.
func (c *importer) citing(o *inObject, data map[string]any) []string {
	var out []string
	for _, s := range strs(data, "sources") {
		if _, known := c.byID[s]; known || c.defined[s] {
			out = append(out, s)
		} else {
			c.rep.Unresolved = append(c.rep.Unresolved, fmt.Sprintf("%s (%s): source %s is not in the bundle, nor in the graph", o.ID, str(data, "cyberkg_id"), s))
		}
	}
	if len(out) == 0 {
		c.dsCited = true
		out = []string{c.ds.ID}
	}
	return out
}

// refs are the graph ids of the objects a list of references names.
func (c *importer) refs(o *inObject, data map[string]any, field string) []string {
	var out []string
	for _, r := range strs(data, field) {
		if id := c.refTo(o, field, r); id != "" && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

func (c *importer) ref1(o *inObject, data map[string]any, field string) string {
	return c.refTo(o, field, str(data, field))
}

// refTo is the graph id of the object a reference names, or "" (listed
// as unresolved).
func (c *importer) refTo(o *inObject, field, ref string) string {
	if ref == "" {
		return ""
	}
	if id := c.graphID[ref]; id != "" {
		return id
	}
	if is := c.byKey["stix:"+ref]; len(is) > 0 {
		return c.known[is[0]].ID
	}
	c.rep.Unresolved = append(c.rep.Unresolved, fmt.Sprintf("%s: %s %s is not in the bundle, nor in the graph", o.ID, field, ref))
	return ""
}

// whole is a whole number of the extension (an M49 code), 0 if none.
func whole(m map[string]any, key string) int {
	switch v := m[key].(type) {
	case json.Number:
		n, _ := v.Int64()
		return int(n)
	case float64:
		return int(v)
	}
	return 0
}

func str(m map[string]any, key string) string {
	switch v := m[key].(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	}
	return ""
}

func strs(m map[string]any, key string) []string {
	list, _ := m[key].([]any)
	var out []string
	for _, v := range list {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func integer(m map[string]any, key string) *int {
	n, ok := m[key].(json.Number)
	if !ok {
		return nil
	}
	i, err := strconv.Atoi(n.String())
	if err != nil {
		return nil
	}
	return &i
}
