package stix

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"maps"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/opendata"
	"github.com/cyberkg/cyberkg/seed"
)

// attackBundle is MITRE ATT&CK v18.1's groups and campaigns, as the
// project ships them (seed/opendata/mitre-attack/NOTICE.md).
const attackBundle = "../seed/opendata/mitre-attack/enterprise-groups-campaigns.json"

var attack = AttackDataset("18.1", "2025-11-13")

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// imported is a converted document, read back.
type imported struct {
	Sources    []opendata.Source    `json:"sources"`
	Entities   []opendata.Entity    `json:"entities"`
	Statements []opendata.Statement `json:"statements"`
	Incidents  []opendata.Incident  `json:"incidents"`
}

func decodeDoc(t *testing.T, c *Conversion) imported {
	t.Helper()
	var d imported
	if err := json.Unmarshal(c.Document, &d); err != nil {
		t.Fatalf("the document is not JSON: %v", err)
	}
	return d
}

func (d imported) entity(id string) (opendata.Entity, bool) {
	i := slices.IndexFunc(d.Entities, func(e opendata.Entity) bool { return e.ID == id })
	if i < 0 {
		return opendata.Entity{}, false
	}
	return d.Entities[i], true
}

func (d imported) incident(id string) (opendata.Incident, bool) {
	i := slices.IndexFunc(d.Incidents, func(e opendata.Incident) bool { return e.ID == id })
	if i < 0 {
		return opendata.Incident{}, false
	}
	return d.Incidents[i], true
}

// statementAbout returns the statement about subject, or false.
func (d imported) statementAbout(subject string) (opendata.Statement, bool) {
	i := slices.IndexFunc(d.Statements, func(s opendata.Statement) bool { return slices.Contains(s.About, subject) })
	if i < 0 {
		return opendata.Statement{}, false
	}
	return d.Statements[i], true
}

// parse checks a document as a write would: seed.ParseDocuments, with
// the graph holding known.
func parse(t *testing.T, c *Conversion, known []Known) *seed.Parsed {
	t.Helper()
	kinds := map[string]string{}
	for _, k := range known {
		kinds[k.ID] = k.Kind
	}
	p, err := seed.ParseDocuments([]seed.Document{{Name: "bundle.json", Data: c.Document}}, func(ids []string) (map[string]string, error) {
		out := map[string]string{}
		for _, id := range ids {
			if k, ok := kinds[id]; ok {
				out[id] = k
			}
		}
		return out, nil
	})
	if err != nil {
		t.Fatalf("seed.ParseDocuments refused the converted document: %v", err)
	}
	return p
}

func TestImportAttack(t *testing.T) {
	c, err := ImportDataset(readFile(t, attackBundle), nil, attack)
	if err != nil {
		t.Fatalf("ImportDataset(ATT&CK v18.1) = %v", err)
	}
	r := c.Report
	for _, tc := range []struct {
		name      string
		got, want any
	}{
		{"objects", r.Objects, map[string]int{"intrusion-set": 187, "campaign": 52, "relationship": 25, "identity": 1, "marking-definition": 1}},
		{"imported", r.Imported, map[string]int{"intrusion-set": 181, "campaign": 52, "relationship": 25, "identity": 1}},
		{"skipped", r.Skipped, map[string]int{"revoked": 6, "type not imported: marking-definition": 1}},
		{"facts", r.Facts, map[string]int{"entities": 182, "incidents": 52, "statements": 25, "sources": 1023}},
		{"merged", len(r.Merged), 0},
		{"unresolved", r.Unresolved, []string{}},
		{"dataset", r.Dataset + " " + r.Version + " " + r.Source, "mitre-attack 18.1 src-mitre-attack-v18-1"},
	} {
		if g, w := mustJSON(t, tc.got), mustJSON(t, tc.want); g != w {
			t.Errorf("report %s = %s, want %s", tc.name, g, w)
		}
	}
	deprecated := 0
	for _, n := range r.Notes {
		if strings.Contains(n, "is deprecated") {
			deprecated++
		}
	}
	if deprecated != 9 {
		t.Errorf("notes name %d deprecated objects, want 9: %q", deprecated, r.Notes)
	}

	d := decodeDoc(t, c)
	actors := 0
	for _, e := range d.Entities {
		if e.Type == "ThreatActor" {
			actors++
		}
		if !slices.Contains(e.Sources, attack.ID) {
			t.Errorf("entity %s cites %v, not the data set", e.ID, e.Sources)
		}
	}
	if actors != 181 {
		t.Errorf("%d threat actors, want 181 (187 intrusion sets less 6 revoked)", actors)
	}
	apt28, ok := d.entity("apt28")
	if !ok {
		t.Fatal("no entity apt28")
	}
	if !slices.Contains(apt28.ExternalIDs, "mitre-attack:G0007") || !slices.Contains(apt28.ExternalIDs, "stix:intrusion-set--bef4c620-0787-42a8-a96d-b7eb6e85917c") ||
		!slices.Contains(apt28.Aliases, "Fancy Bear") || slices.Contains(apt28.Aliases, "APT28") {
		t.Errorf("apt28 = %+v, want ATT&CK's id, its STIX id and its aliases but not its name", apt28)
	}
	if apt28.DescriptionAttribution != "MITRE ATT&CK v18.1 (© 2025 The MITRE Corporation)" ||
		strings.Contains(apt28.Description, "(Citation:") || strings.Contains(apt28.Description, "](") {
		t.Errorf("apt28's description is not plain text attributed to ATT&CK: %q (%q)", apt28.Description, apt28.DescriptionAttribution)
	}
	if nd, _ := d.entity("night-dragon"); nd.Note != "deprecated in MITRE ATT&CK v18.1" {
		t.Errorf("night-dragon note = %q, want it deprecated", nd.Note)
	}
	if _, revoked := d.entity("apt34"); revoked {
		t.Error("the revoked APT34 was imported")
	}
	if mitre, _ := d.entity("mitre"); mitre.Name != "The MITRE Corporation" || mitre.Type != "Organization" {
		t.Errorf("mitre = %+v, want the claimant organisation", mitre)
	}

	dated := 0
	for _, in := range d.Incidents {
		if in.Kind == "campaign" && in.StartedOn != "" && in.EndedOn != "" {
			dated++
		}
	}
	if dated != 52 {
		t.Errorf("%d campaigns with both dates, want 52", dated)
	}
	// ATT&CK dates campaigns by the month, at midnight US or European time.
	for id, want := range map[string][2]string{
		"operation-dream-job":             {"2019-09", "2020-08"},
		"campaign-night-dragon":           {"2009-11", "2011-02"}, // the intrusion set has the plain slug
		"apt28-nearest-neighbor-campaign": {"2022-02", "2024-11"},
		"apt41-dust":                      {"2023-02", "2024-07"}, // 2023-01-31T23:00Z: midnight in Europe
	} {
		in, ok := d.incident(id)
		if !ok || in.StartedOn != want[0] || in.EndedOn != want[1] {
			t.Errorf("incident %s = %q..%q (found %v), want %q..%q", id, in.StartedOn, in.EndedOn, ok, want[0], want[1])
		}
	}

	st, ok := d.statementAbout("apt28-nearest-neighbor-campaign")
	switch {
	case !ok:
		t.Fatal("no statement about apt28-nearest-neighbor-campaign")
	case st.By != "mitre" || st.Kind != "112" || st.Confidence != nil || st.SaidOn == nil || *st.SaidOn != "2025-02-25" ||
		len(st.Attributes) != 1 || st.Attributes[0] != (opendata.Attribution{Actor: "apt28", Verdict: "alleged"}):
		t.Errorf("statement = %+v, want MITRE alleging APT28 on 2025-02-25, no confidence", st)
	case st.Summary != "MITRE ATT&CK attributes the campaign APT28 Nearest Neighbor Campaign (C0051) to the group APT28 (G0007).":
		t.Errorf("summary = %q", st.Summary)
	}
	if len(d.Statements) != 25 {
		t.Errorf("%d statements, want 25", len(d.Statements))
	}

	p := parse(t, c, nil)
	if want := map[string]int{"entities": 182, "incidents": 52, "statements": 25, "sources": 1023}; mustJSON(t, p.Sections) != mustJSON(t, want) {
		t.Errorf("parsed sections = %v, want %v", p.Sections, want)
	}
}

func TestImportAttackMergesWhatTheGraphHas(t *testing.T) {
	known := []Known{
		// The MISP galaxy's APT28, which lists ATT&CK's G0007.
		{ID: "apt28", Kind: "ThreatActor", Name: "APT28", Owner: "dataset:misp-galaxy",
			Aliases:     []string{"Sofacy", "APT 28", "Sednit"},
			ExternalIDs: []string{"misp-galaxy:5b4ee3ea-eee3-4c8e-8323-85ae32658754", "mitre-attack:G0007"},
			Description: "The MISP galaxy's words.", DescriptionAttribution: "MISP galaxy threat-actor cluster, version 336",
			Sources: []string{"src-misp-galaxy-threat-actor"}},
		// Found by an alias only.
		{ID: "lazarus", Kind: "ThreatActor", Name: "Lazarus", Aliases: []string{"Hidden Cobra"}, Owner: "dataset:misp-galaxy",
			Sources: []string{"src-misp-galaxy-threat-actor"}},
		// An organisation of ATT&CK's group's name: kept apart.
		{ID: "wizard-spider", Kind: "Organization", Name: "Wizard Spider", Owner: "analyst"},
		// The claimant, as the seed has it.
		{ID: "mitre-corporation", Kind: "Organization", Name: "MITRE Corporation", Owner: "seed"},
		{ID: "src-misp-galaxy-threat-actor", Kind: "Source", Name: "MISP galaxy", Owner: "dataset:misp-galaxy"},
		// A reference the MISP import already made a source of.
		{ID: sourceID("https://attack.mitre.org/groups/G0007"), Kind: "Source", Name: "https://attack.mitre.org/groups/G0007", Owner: "dataset:misp-galaxy"},
	}
	c, err := ImportDataset(readFile(t, attackBundle), known, attack)
	if err != nil {
		t.Fatal(err)
	}
	merged := map[string]Merge{}
	for _, m := range c.Report.Merged {
		merged[m.ID] = m
	}
	for id, by := range map[string]string{"apt28": "external id mitre-attack:G0007", "lazarus": "alias HIDDEN COBRA", "mitre-corporation": "name"} {
		if merged[id].By != by {
			t.Errorf("merge into %s = %+v, want by %q", id, merged[id], by)
		}
	}
	if len(c.Report.Merged) != 3 {
		t.Errorf("merged = %+v, want 3", c.Report.Merged)
	}
	d := decodeDoc(t, c)
	apt28, _ := d.entity("apt28")
	if apt28.Name != "APT28" || apt28.Description != "The MISP galaxy's words." ||
		!slices.Contains(apt28.Aliases, "APT 28") || !slices.Contains(apt28.Aliases, "Fancy Bear") ||
		!slices.Contains(apt28.ExternalIDs, "misp-galaxy:5b4ee3ea-eee3-4c8e-8323-85ae32658754") ||
		!slices.Contains(apt28.ExternalIDs, "stix:intrusion-set--bef4c620-0787-42a8-a96d-b7eb6e85917c") ||
		!slices.Contains(apt28.Sources, "src-misp-galaxy-threat-actor") || !slices.Contains(apt28.Sources, attack.ID) {
		t.Errorf("apt28 = %+v, want the galaxy's name and words, and both data sets' names, ids and sources", apt28)
	}
	lazarus, _ := d.entity("lazarus")
	if lazarus.Name != "Lazarus" || !slices.Contains(lazarus.Aliases, "Lazarus Group") || !slices.Contains(lazarus.ExternalIDs, "mitre-attack:G0032") {
		t.Errorf("lazarus = %+v, want ATT&CK's Lazarus Group merged in", lazarus)
	}
	if _, ok := d.entity("lazarus-group"); ok {
		t.Error("Lazarus Group was imported beside the graph's lazarus")
	}
	if st, _ := d.statementAbout("operation-dream-job"); len(st.Attributes) != 1 || st.Attributes[0].Actor != "lazarus" || st.By != "mitre-corporation" {
		t.Errorf("statement about Operation Dream Job = %+v, want mitre-corporation alleging lazarus", st)
	}
	if e, ok := d.entity("wizard-spider-g0102"); !ok || e.Type != "ThreatActor" {
		t.Errorf("ATT&CK's Wizard Spider = %+v (%v), want a threat actor apart from the organisation", e, ok)
	}
	if !slices.ContainsFunc(c.Report.Notes, func(n string) bool { return strings.Contains(n, "Organization wizard-spider") }) {
		t.Errorf("notes do not mention the organisation of the same name: %q", c.Report.Notes)
	}
	if _, ok := d.entity("mitre"); ok {
		t.Error("a second MITRE was made beside the graph's mitre-corporation")
	}
	for _, s := range d.Sources {
		if s.ID == sourceID("https://attack.mitre.org/groups/G0007") {
			t.Errorf("the MISP import's source %s was written again", s.ID)
		}
	}
	if !slices.Contains(apt28.Sources, sourceID("https://attack.mitre.org/groups/G0007")) {
		t.Errorf("apt28 does not cite the shared source of its ATT&CK page: %v", apt28.Sources)
	}
	parse(t, c, known)
}

// Importing the same bundle again, over what the first import wrote, gives
// the same document: nothing changes, nothing is merged.
func TestImportAttackAgainIsTheSame(t *testing.T) {
	bundle := readFile(t, attackBundle)
	first, err := ImportDataset(bundle, nil, attack)
	if err != nil {
		t.Fatal(err)
	}
	d := decodeDoc(t, first)
	var known []Known
	owner := attack.Owner()
	for _, e := range d.Entities {
		known = append(known, Known{ID: e.ID, Kind: e.Type, Name: e.Name, Aliases: e.Aliases, ExternalIDs: e.ExternalIDs, Owner: owner})
	}
	for _, in := range d.Incidents {
		known = append(known, Known{ID: in.ID, Kind: "Incident", Name: in.Name, Aliases: in.Aliases, ExternalIDs: in.ExternalIDs, Owner: owner})
	}
	for _, s := range d.Sources {
		known = append(known, Known{ID: s.ID, Kind: "Source", Name: s.Title, Owner: owner})
	}
	again, err := ImportDataset(bundle, known, attack)
	if err != nil {
		t.Fatal(err)
	}
	if string(again.Document) != string(first.Document) {
		t.Error("a second import over the first gives another document")
	}
	if len(again.Report.Merged) != 0 {
		t.Errorf("a second import reports merges with its own entities: %+v", again.Report.Merged[:min(3, len(again.Report.Merged))])
	}
}

func TestImportDoesNotDependOnTheBundlesOrder(t *testing.T) {
	bundle := readFile(t, attackBundle)
	want, err := ImportDataset(bundle, nil, attack)
	if err != nil {
		t.Fatal(err)
	}
	var b struct {
		Type    string            `json:"type"`
		ID      string            `json:"id"`
		Objects []json.RawMessage `json:"objects"`
	}
	if err := json.Unmarshal(bundle, &b); err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	r.Shuffle(len(b.Objects), func(i, j int) { b.Objects[i], b.Objects[j] = b.Objects[j], b.Objects[i] })
	shuffled, _ := json.Marshal(b)
	got, err := ImportDataset(shuffled, nil, attack)
	if err != nil {
		t.Fatal(err)
	}
	if string(got.Document) != string(want.Document) {
		t.Error("the same bundle in another order gives another document")
	}
}

func TestImportSmallBundle(t *testing.T) {
	known := []Known{{ID: "UKR", Kind: "Country", Name: "Ukraine", ISO2: "UA", Owner: "seed"}}
	c, err := Import(readFile(t, "testdata/in_small.json"), known)
	if err != nil {
		t.Fatal(err)
	}
	r := c.Report
	wantSkipped := map[string]int{"revoked": 1, "identity of class class": 1, "type not imported: malware": 1,
		"type not imported: x-example-widget": 1, "type not imported: marking-definition": 1,
		"relationship type not imported: uses": 1, "unresolved reference": 1,
		"location not named by an imported relationship": 1}
	if mustJSON(t, r.Skipped) != mustJSON(t, wantSkipped) {
		t.Errorf("skipped = %v, want %v", r.Skipped, wantSkipped)
	}
	wantImported := map[string]int{"identity": 1, "intrusion-set": 1, "campaign": 1, "relationship": 2, "location": 1}
	if mustJSON(t, r.Imported) != mustJSON(t, wantImported) {
		t.Errorf("imported = %v, want %v", r.Imported, wantImported)
	}
	// Every object is accounted for, once.
	objects, accounted := 0, 0
	for _, n := range r.Objects {
		objects += n
	}
	for _, m := range []map[string]int{r.Imported, r.Skipped} {
		for _, n := range m {
			accounted += n
		}
	}
	if objects != accounted || objects != 14 {
		t.Errorf("%d objects, %d imported or skipped; want 14 of each", objects, accounted)
	}
	if len(r.Unresolved) != 1 || !strings.Contains(r.Unresolved[0], "intrusion-set--2b0f3c1d-4e5f-4a6b-8c7d-9e0f1a2b3c05 is revoked") {
		t.Errorf("unresolved = %q, want the attribution to the revoked group", r.Unresolved)
	}
	if r.Dataset != "stix-example-cert" || r.Source != "src-stix-example-cert-2024-03-01" {
		t.Errorf("data set = %s, source %s; want the bundle of its creator, Example CERT, as of its newest object", r.Dataset, r.Source)
	}

	d := decodeDoc(t, c)
	heron, _ := d.entity("gray-heron")
	if heron.Description != "Gray Heron is a group that targets grid operators." || mustJSON(t, heron.Aliases) != `["HERON-7","Grey Heron"]` {
		t.Errorf("gray-heron = %+v, want the newest version, in plain text", heron)
	}
	if cert, _ := d.entity("example-cert"); cert.Type != "Organization" || cert.Kind != "government-body" {
		t.Errorf("example-cert = %+v, want a government body", cert)
	}
	in, ok := d.incident("campaign-gray-heron")
	if !ok || in.StartedOn != "2023-12-23" || in.EndedOn != "2024-01-05" || !slices.Contains(in.ExternalIDs, "stix:campaign--5d6e7f80-1a2b-4c3d-8e4f-5a6b7c8d9e06") {
		t.Errorf("campaign-gray-heron = %+v (%v), want the days it was first and last seen", in, ok)
	}
	st, _ := d.statementAbout("campaign-gray-heron")
	if st.Confidence == nil || *st.Confidence != 70 || st.By != "example-cert" || *st.SaidOn != "2024-02-02" {
		t.Errorf("attribution = %+v, want Example CERT's, with its confidence 70", st)
	}
	tg, _ := d.statementAbout("gray-heron")
	if mustJSON(t, tg.Targeted) != `["UKR"]` || tg.Summary != "Example CERT says the group Gray Heron targeted Ukraine." {
		t.Errorf("targets = %+v, want Example CERT saying Gray Heron targeted UKR", tg)
	}
	var ref opendata.Source
	for _, s := range d.Sources {
		if s.URL == "https://www.cert.example/reports/gray-heron" {
			ref = s
		}
	}
	if ref.ID != sourceID(ref.URL) || ref.Publisher != "cert.example" || ref.Title != "Gray Heron: targeting grid operators" {
		t.Errorf("reference source = %+v, want ref-<sha256>, publisher cert.example", ref)
	}
	parse(t, c, known)
}

// sourceID is the reference source id every importer makes: "ref-" and
// the first 16 hex digits of the URL's SHA-256.
func sourceID(url string) string {
	sum := sha256.Sum256([]byte(url))
	return "ref-" + hex.EncodeToString(sum[:])[:16]
}

func TestImportRefusesBrokenBundles(t *testing.T) {
	const id = `"id": "bundle--0e6b8d43-7c52-4b0e-9a5a-2f4c1d9e8a10"`
	obj := func(s string) string { return `{"type": "bundle", ` + id + `, "objects": [` + s + `]}` }
	for _, tc := range []struct {
		name, bundle, field, says string
	}{
		{"not JSON", `{"type": "bundle",`, "", "not valid JSON"},
		{"an array", `[{"type": "bundle"}]`, "", "want a JSON object"},
		{"no type", `{` + id + `}`, "type", "missing"},
		{"a single object", `{"type": "campaign", "id": "campaign--5d6e7f80-1a2b-4c3d-8e4f-5a6b7c8d9e06"}`, "type", `want "bundle"`},
		{"STIX 2.0", `{"type": "bundle", ` + id + `, "spec_version": "2.0", "objects": []}`, "spec_version", "STIX 2.1"},
		{"a bad bundle id", `{"type": "bundle", "id": "bundle-1"}`, "id", "not a bundle id"},
		{"objects not a list", `{"type": "bundle", ` + id + `, "objects": {}}`, "objects", "want an array"},
		{"an object not an object", obj(`"campaign"`), "objects[0]", "want an object"},
		{"an object without a type", obj(`{"id": "campaign--5d6e7f80-1a2b-4c3d-8e4f-5a6b7c8d9e06"}`), "objects[0].type", "missing"},
		{"an id of another type", obj(`{"type": "campaign", "id": "intrusion-set--5d6e7f80-1a2b-4c3d-8e4f-5a6b7c8d9e06"}`), "objects[0].id", "does not start"},
		{"an object of STIX 2.0", obj(`{"type": "campaign", "spec_version": "2.0", "id": "campaign--5d6e7f80-1a2b-4c3d-8e4f-5a6b7c8d9e06", "name": "x"}`),
			"objects[0].spec_version", "cyberkg reads STIX 2.1"},
		{"aliases not a list", obj(`{"type": "intrusion-set", "id": "intrusion-set--5d6e7f80-1a2b-4c3d-8e4f-5a6b7c8d9e06", "name": "x", "aliases": "y"}`),
			"objects[0].aliases", "want a []string"},
		{"a group without a name", obj(`{"type": "intrusion-set", "id": "intrusion-set--5d6e7f80-1a2b-4c3d-8e4f-5a6b7c8d9e06"}`),
			"objects[0].name", "missing"},
		{"a bad timestamp", obj(`{"type": "campaign", "id": "campaign--5d6e7f80-1a2b-4c3d-8e4f-5a6b7c8d9e06", "name": "x", "first_seen": "2020-13-01"}`),
			"objects[0].first_seen", "not a STIX timestamp"},
		{"a relationship without a target", obj(`{"type": "relationship", "id": "relationship--5d6e7f80-1a2b-4c3d-8e4f-5a6b7c8d9e06", "relationship_type": "attributed-to", "source_ref": "campaign--5d6e7f80-1a2b-4c3d-8e4f-5a6b7c8d9e06"}`),
			"objects[0].target_ref", "missing"},
		{"a confidence of 150", obj(`{"type": "relationship", "id": "relationship--5d6e7f80-1a2b-4c3d-8e4f-5a6b7c8d9e06", "relationship_type": "attributed-to", "source_ref": "a--5d6e7f80-1a2b-4c3d-8e4f-5a6b7c8d9e06", "target_ref": "b--5d6e7f80-1a2b-4c3d-8e4f-5a6b7c8d9e06", "confidence": 150}`),
			"objects[0].confidence", "within 0-100"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Import([]byte(tc.bundle), nil)
			var be *BundleError
			if !errors.As(err, &be) || be.Field != tc.field || !strings.Contains(be.Problem, tc.says) {
				t.Errorf("Import(%s) = %v, want a BundleError at %q saying %q", tc.bundle, err, tc.field, tc.says)
			}
		})
	}
}

func TestImportEmptyBundle(t *testing.T) {
	c, err := Import([]byte(`{"type": "bundle", "id": "bundle--0e6b8d43-7c52-4b0e-9a5a-2f4c1d9e8a10", "objects": []}`), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Report.Objects) != 0 || len(c.Report.Facts) != 0 {
		t.Errorf("report = %+v, want nothing, not even the data set's source, which nothing cites", c.Report)
	}
	parse(t, c, nil)
}

func TestPlainText(t *testing.T) {
	for in, want := range map[string]string{
		"[APT28](https://attack.mitre.org/groups/G0007) is a group.(Citation: A)(Citation: B)": "APT28 is a group.",
		"It targeted banks (Citation: X) and ATMs.\n\nSince 2014.":                             "It targeted banks and ATMs.\n\nSince 2014.",
		"": "",
	} {
		if got := plainText(in); got != want {
			t.Errorf("plainText(%q) = %q, want %q", in, got, want)
		}
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// parseDoc is what a write of document data would assert.
func parseDoc(t *testing.T, name string, data []byte, known map[string]string) graph.Dataset {
	t.Helper()
	p, err := seed.ParseDocuments([]seed.Document{{Name: name, Data: data}}, seed.KnownKinds(known))
	if err != nil {
		t.Fatalf("seed.ParseDocuments(%s): %v", name, err)
	}
	return p.Dataset
}

// subgraphOf is a dataset as the store's export hands it over.
func subgraphOf(ds graph.Dataset) *graph.Subgraph {
	g := &graph.Subgraph{}
	for _, n := range ds.Nodes {
		name, _ := n.Properties["name"].(string)
		g.Nodes = append(g.Nodes, graph.GraphNode{ID: n.ID, Kind: n.Kind, Name: name, Properties: n.Properties})
	}
	for i, r := range ds.Relationships {
		props := maps.Clone(r.Properties)
		props["fact"] = r.Fact
		g.Edges = append(g.Edges, graph.GraphEdge{ID: strconv.Itoa(i), Type: r.Type, Source: r.From, Target: r.To, Properties: props})
	}
	return g
}

// factsOf are a dataset's facts as comparable text, one per fact. The
// export lists a fact's sources sorted (out.go, sourcesOf), so a list
// written in another order comes back in that order: the one difference
// allowed here.
func factsOf(t *testing.T, ds graph.Dataset) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, f := range graph.FactsOf(ds) {
		slices.SortFunc(f.Relationships, func(a, b graph.RelationshipRecord) int {
			return strings.Compare(a.Type+a.From+a.To, b.Type+b.From+b.To)
		})
		for _, r := range f.Relationships {
			if s, ok := r.Properties["sources"].([]string); ok {
				r.Properties["sources"] = slices.Sorted(slices.Values(s))
			}
		}
		out[f.Key] = mustJSON(t, f)
	}
	return out
}

// Exporting a graph to STIX and importing the bundle gives back the same
// facts: every entity, property, date precision, party, claim and source.
func TestExportThenImportGivesTheSameFacts(t *testing.T) {
	want := parseDoc(t, "in_roundtrip.yaml", readFile(t, "testdata/in_roundtrip.yaml"), nil)
	bundle, err := Marshal(subgraphOf(want))
	if err != nil {
		t.Fatal(err)
	}
	c, err := Import(bundle, nil)
	if err != nil {
		t.Fatalf("Import(the export) = %v", err)
	}
	if len(c.Report.Unresolved) > 0 {
		t.Errorf("unresolved = %q", c.Report.Unresolved)
	}
	got := parseDoc(t, "imported.json", c.Document, nil)
	wantFacts, gotFacts := factsOf(t, want), factsOf(t, got)
	for key, w := range wantFacts {
		if g, ok := gotFacts[key]; !ok {
			t.Errorf("fact %s is lost", key)
		} else if g != w {
			t.Errorf("fact %s:\n got %s\nwant %s", key, g, w)
		}
	}
	for key := range gotFacts {
		if _, ok := wantFacts[key]; !ok {
			t.Errorf("fact %s is new: %s", key, gotFacts[key])
		}
	}
	if t.Failed() {
		t.Logf("report: %s", mustJSON(t, c.Report))
	}
}

// Into a graph whose seed has the countries and the bloc, an export's
// copies of them are named, not written again.
func TestImportOfAnExportLeavesTheSeedsEntities(t *testing.T) {
	want := parseDoc(t, "in_roundtrip.yaml", readFile(t, "testdata/in_roundtrip.yaml"), nil)
	bundle, err := Marshal(subgraphOf(want))
	if err != nil {
		t.Fatal(err)
	}
	known := []Known{{ID: "RUS", Kind: "Country", Name: "Russia", ISO2: "RU", Owner: "seed"},
		{ID: "IDN", Kind: "Country", Name: "Indonesia", ISO2: "ID", Owner: "seed"},
		{ID: "SCO", Kind: "Bloc", Name: "SCO", Owner: "seed"}}
	c, err := Import(bundle, known)
	if err != nil {
		t.Fatal(err)
	}
	if n := c.Report.Skipped["the seed's own, kept as the graph has it"]; n != 3 {
		t.Errorf("%d of the seed's entities kept, want 3 (report %s)", n, mustJSON(t, c.Report))
	}
	d := decodeDoc(t, c)
	for _, id := range []string{"RUS", "IDN", "SCO"} {
		if _, ok := d.entity(id); ok {
			t.Errorf("the seed's %s is written again", id)
		}
	}
	parse(t, c, known)
}
