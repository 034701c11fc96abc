package stix

import (
	"bytes"
	"encoding/json"
	"flag"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/internal/stixcheck"
)

var outUpdate = flag.Bool("update-out", false, "rewrite testdata/out_bundle.json")

const (
	recordedFrom = "2026-11-29T19:16:30.081560327Z"
	versionFrom  = "2026-11-30T08:00:00.5Z"
	apt28STIX    = "intrusion-set--bef4c620-0787-42a8-a96d-b7eb6e85917c" // a UUIDv4 id it was imported under
)

func outDay(s string) graph.Date {
	d, err := graph.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// outHandMade is a subgraph with every kind of node and relationship: an
// alleged attribution, a denial and a confirmation of the same incident,
// an attribution of a threat actor, a statement with TARGETED and one with
// neither date nor confidence, a membership with until, an agreement with
// a status history, a campaign, and a statement whose speaker the subgraph
// lacks. Dates come both as graph.Date and as strings, as the store gives.
func outHandMade() *graph.Subgraph {
	rec := func(p map[string]any) map[string]any {
		p["recorded_from"], p["version_from"], p["version"], p["owner"], p["recorded_by"], p["seed_file"] =
			recordedFrom, versionFrom, int64(2), "seed", "chg-1", "x.yaml"
		return p
	}
	node := func(id, kind, name string, p map[string]any) graph.GraphNode {
		p["id"], p["name"] = id, name
		return graph.GraphNode{ID: id, Kind: kind, Name: name, Properties: p}
	}
	edge := func(typ, from, to string, p map[string]any) graph.GraphEdge {
		if p == nil {
			p = map[string]any{}
		}
		p["recorded_from"], p["version"], p["owner"] = recordedFrom, int64(1), "seed"
		return graph.GraphEdge{ID: "5:x:" + typ + from + to, Type: typ, Source: from, Target: to, Properties: p}
	}
	src := func(ids ...string) map[string]any { return map[string]any{"sources": ids} }
	return &graph.Subgraph{
		Nodes: []graph.GraphNode{
			node("RUS", "Country", "Russia", rec(map[string]any{"iso2": "RU", "iso3": "RUS", "wikidata": "Q159",
				"aliases": []any{"Rusia", "Россия"}, "region": "Europe", "sub_region": "Eastern Europe", "region_m49": int64(150), "independent": true})),
			node("USA", "Country", "United States", rec(map[string]any{"iso2": "US", "iso3": "USA", "aliases": []any{},
				"sub_region": "Northern America"})),
			node("IDN", "Country", "Indonesia", map[string]any{"iso2": "ID", "iso3": "IDN", "aliases": []string{"Indonesia"}}),
			node("SCO", "Bloc", "Shanghai Cooperation Organisation", rec(map[string]any{"description": "A Eurasian bloc.", "aliases": []any{"ШОС"}})),
			node("joe-biden", "Person", "Joe Biden", rec(map[string]any{"wikidata": "Q6279", "aliases": []any{}})),
			node("nikolai-patrushev", "Person", "Nikolai Patrushev", rec(map[string]any{"aliases": []any{}})),
			node("fbi", "Organization", "Federal Bureau of Investigation", rec(map[string]any{"kind": "government-body", "aliases": []any{"FBI"}})),
			node("us-media", "Organization", "US media", rec(map[string]any{"kind": "media-outlet", "aliases": []any{}})),
			node("security-council-of-russia", "Organization", "Security Council of Russia", rec(map[string]any{"kind": "government-body", "aliases": []any{}})),
			node("darkside", "ThreatActor", "DarkSide", rec(map[string]any{"aliases": []any{"Carbon Spider"}, "description": "A ransomware group.",
				"description_attribution": "MISP galaxy, CC0", "external_ids": []any{"misp-galaxy:f9f7b6c0-5f1b-4a3c-9e8e-5a5f0c1d2e3f"}})),
			node("apt28", "ThreatActor", "APT28", rec(map[string]any{"aliases": []any{"Fancy Bear", "Sofacy"},
				"external_ids": []any{"mitre-attack:G0007", "stix:" + apt28STIX}})),
			node("colonial-pipeline-attack", "Incident", "Colonial Pipeline ransomware attack", rec(map[string]any{"kind": "ransomware",
				"started_on": "2021-05-07", "description": "A ransomware attack.", "aliases": []any{"Colonial hack"},
				"external_ids": []any{"wikipedia:Colonial_Pipeline_ransomware_attack"}})),
			node("operation-x", "Incident", "Operation X", rec(map[string]any{"kind": "campaign", "started_on": outDay("2016-03"),
				"ended_on": "2016-11-01", "external_ids": []any{"mitre-attack:C0001"}, "aliases": []any{}})),
			node("agr-rus-idn-iis", "Agreement", "Russia–Indonesia agreement on international information security", rec(map[string]any{
				"title": "Russia–Indonesia agreement on international information security", "scope": "bilateral",
				"topic": "international-information-security", "signed_on": "2021-12-14", "place": "Jakarta", "aliases": []any{},
				"status_history": []any{"ready-to-sign", "signed"}, "status_dates": []any{"2021-06-28", "2021-12-14"},
				"status_precisions": []any{"day", "day"}, "status": "signed", "status_on": "2021-12-14"})),
			node("agr-sco-2009", "Agreement", "SCO agreement on international information security", map[string]any{
				"title": "SCO agreement", "scope": "multilateral", "signed_on": outDay("2009"), "aliases": []any{},
				"status_history": []any{"signed"}, "status_dates": []graph.Date{outDay("2009")}, "status_precisions": []any{"year"}}),
			node("rus-idn-consultations-2021", "Event", "Russia–Indonesia security consultations", rec(map[string]any{
				"kind": "meeting", "date": "2021-12-01", "date_precision": "month", "place": "Jakarta", "aliases": []any{}})),
			node("stmt-us-media-russia-link", "Statement", "US media: a Russian link", rec(map[string]any{
				"summary": "US media reported a possible Russian link.", "said_on": "2021-05-01", "said_on_precision": "month",
				"language": "en", "kind": "112", "confidence": int64(55), "aliases": []any{}})),
			node("stmt-biden-not-russian-government", "Statement", "Biden: not the Russian government", rec(map[string]any{
				"summary": "Biden said the Russian government was not involved.", "said_on": "2021-05-13", "language": "en",
				"kind": "114", "confidence": int64(95), "aliases": []any{}})),
			node("stmt-fbi-darkside", "Statement", "FBI: DarkSide", rec(map[string]any{
				"summary": "The FBI said DarkSide was behind it.", "said_on": "2021-05-10", "language": "en", "kind": "112",
				"confidence": int64(0), "aliases": []any{}})),
			node("stmt-uk-apt28-gru", "Statement", "UK: APT28 is the GRU", rec(map[string]any{
				"summary": "APT28 is run by the Russian state.", "said_on": "2018-10-04", "language": "en", "kind": "112",
				"confidence": int64(90), "aliases": []any{}})),
			node("stmt-undated", "Statement", "An undated remark on targets", rec(map[string]any{
				"summary": "DarkSide targeted Indonesia too.", "said_on": nil, "confidence": nil, "language": "id", "aliases": []any{},
				"claimed_count": int64(6)})),
			node("stmt-unknown-speaker", "Statement", "Someone: DarkSide again", rec(map[string]any{
				"summary": "Someone alleged DarkSide.", "said_on": "2021-05-11", "language": "en", "aliases": []any{}})),
			node("src-cnn", "Source", "Biden on the pipeline", rec(map[string]any{"title": "Biden on the pipeline", "publisher": "CNN",
				"url": "https://www.cnn.com/biden-pipeline", "language": "en", "published_on": "2021-05-13", "reliability": "B", "aliases": []any{}})),
			node("src-medcom", "Source", "Jokowi welcomes cooperation", rec(map[string]any{"title": "Jokowi welcomes cooperation",
				"publisher": "Medcom.id", "url": "https://www.medcom.id/x", "language": "en", "published_on": outDay("2021-12"), "reliability": "C"})),
			node("src-no-url", "Source", "A printed report", map[string]any{"title": "A printed report", "reliability": "D"}),
		},
		Edges: []graph.GraphEdge{
			edge("MEMBER_OF", "RUS", "SCO", map[string]any{"fact": "membership:RUS:SCO:2001-06-15", "since": "2001-06-15",
				"role": "founding-member", "sources": []any{"src-medcom"}}),
			edge("MEMBER_OF", "IDN", "SCO", map[string]any{"since": "2021-01-01", "since_precision": "year", "until": outDay("2023-07-04"),
				"role": "observer", "note": "Left, say.", "sources": []any{"src-no-url"}}),
			edge("HOLDS_POSITION", "nikolai-patrushev", "security-council-of-russia", map[string]any{"fact": "position:nikolai-patrushev:security-council-of-russia:2008-05-12",
				"title": "Secretary", "since": "2008-05-12", "until": "2024-05-14", "sources": []any{"src-medcom"}}),
			edge("PART_OF", "security-council-of-russia", "RUS", src("src-medcom")),
			edge("PARTY_TO", "RUS", "agr-rus-idn-iis", src("src-medcom")),
			edge("PARTY_TO", "IDN", "agr-rus-idn-iis", src("src-medcom")),
			edge("PARTY_TO", "SCO", "agr-sco-2009", nil),
			edge("WITHIN", "agr-sco-2009", "SCO", nil),
			edge("REPORTED_IN", "agr-rus-idn-iis", "src-medcom", map[string]any{"reports": []any{"signed"}}),
			edge("REPORTED_IN", "agr-rus-idn-iis", "src-no-url", map[string]any{"reports": []any{}}),
			edge("ATTENDED", "nikolai-patrushev", "rus-idn-consultations-2021", src("src-medcom")),
			edge("PRODUCED", "rus-idn-consultations-2021", "agr-rus-idn-iis", src("src-medcom")),
			edge("REPORTED_IN", "rus-idn-consultations-2021", "src-medcom", nil),
			edge("TARGETED", "colonial-pipeline-attack", "USA", src("src-cnn")),
			edge("CARRIED_OUT_BY", "colonial-pipeline-attack", "darkside", src("src-cnn")),
			edge("REPORTED_IN", "colonial-pipeline-attack", "src-cnn", nil),
			edge("TARGETED", "operation-x", "USA", nil),
			// Alleged: US media link the incident to Russia.
			edge("BY", "stmt-us-media-russia-link", "us-media", src("src-medcom")),
			edge("ABOUT", "stmt-us-media-russia-link", "colonial-pipeline-attack", src("src-medcom")),
			edge("ABOUT", "stmt-us-media-russia-link", "USA", src("src-medcom")),
			edge("ATTRIBUTES", "stmt-us-media-russia-link", "RUS", map[string]any{"verdict": "alleged", "sources": []any{"src-medcom"}}),
			// Denied: Biden.
			edge("BY", "stmt-biden-not-russian-government", "joe-biden", src("src-cnn")),
			edge("ABOUT", "stmt-biden-not-russian-government", "colonial-pipeline-attack", src("src-cnn")),
			edge("ATTRIBUTES", "stmt-biden-not-russian-government", "RUS", map[string]any{"verdict": "denied", "sources": []any{"src-cnn"}}),
			edge("REPORTED_IN", "stmt-biden-not-russian-government", "src-cnn", nil),
			// Confirmed: the FBI.
			edge("BY", "stmt-fbi-darkside", "fbi", src("src-cnn")),
			edge("ABOUT", "stmt-fbi-darkside", "colonial-pipeline-attack", src("src-cnn")),
			edge("ATTRIBUTES", "stmt-fbi-darkside", "darkside", map[string]any{"verdict": "confirmed", "sources": []any{"src-cnn"}}),
			// A threat actor attributed to a state.
			edge("BY", "stmt-uk-apt28-gru", "USA", nil),
			edge("ABOUT", "stmt-uk-apt28-gru", "apt28", nil),
			edge("ATTRIBUTES", "stmt-uk-apt28-gru", "RUS", map[string]any{"verdict": "alleged"}),
			// TARGETED, no date, no confidence.
			edge("BY", "stmt-undated", "IDN", nil),
			edge("ABOUT", "stmt-undated", "darkside", nil),
			edge("TARGETED", "stmt-undated", "IDN", nil),
			// A speaker the subgraph does not hold.
			edge("BY", "stmt-unknown-speaker", "someone-else", nil),
			edge("ABOUT", "stmt-unknown-speaker", "colonial-pipeline-attack", nil),
			edge("ATTRIBUTES", "stmt-unknown-speaker", "darkside", map[string]any{"verdict": "alleged"}),
			// An edge to a node the subgraph does not hold: left out.
			edge("ABOUT", "stmt-fbi-darkside", "not-in-the-subgraph", nil),
		},
	}
}

func TestStixBundleIsDeterministicValidAndComplete(t *testing.T) {
	g := outHandMade()
	first, err := Marshal(g)
	if err != nil {
		t.Fatal(err)
	}
	// The same graph in any order gives the same bytes.
	shuffled := outHandMade()
	r := rand.New(rand.NewSource(7))
	r.Shuffle(len(shuffled.Nodes), func(i, j int) { shuffled.Nodes[i], shuffled.Nodes[j] = shuffled.Nodes[j], shuffled.Nodes[i] })
	r.Shuffle(len(shuffled.Edges), func(i, j int) { shuffled.Edges[i], shuffled.Edges[j] = shuffled.Edges[j], shuffled.Edges[i] })
	for i := range shuffled.Edges {
		shuffled.Edges[i].ID = "another-database-element-id-" + shuffled.Edges[i].ID
	}
	again, err := Marshal(shuffled)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, again) {
		t.Fatal("the same subgraph, shuffled, gives another bundle")
	}
	var buf bytes.Buffer
	if err := Write(&buf, g); err != nil || !bytes.Equal(buf.Bytes(), first) {
		t.Fatalf("Write differs from Marshal (%v)", err)
	}

	golden := filepath.Join("testdata", "out_bundle.json")
	if *outUpdate {
		if err := os.WriteFile(golden, first, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (go test ./stix -run StixBundle -update-out writes it)", err)
	}
	if !bytes.Equal(first, want) {
		t.Errorf("the bundle differs from %s (review, then go test ./stix -run StixBundle -update-out)", golden)
	}

	v := stixcheck.Validate(t, first)
	if !v.Valid || len(v.Errors) > 0 || len(v.Warnings) > 0 {
		t.Errorf("stix2-validator (strict): valid %v, errors %q, warnings %q", v.Valid, v.Errors, v.Warnings)
	}

	b := outDecode(t, first)
	outCheckBundle(t, b)
	outCheckComplete(t, g, b)

	// The ids.
	rus := b.get(t, ID("identity", "RUS"))
	if rus["name"] != "Russia" || rus["identity_class"] != "organization" || !slices.Equal(stixcheck.Strings(rus["sectors"]), []string{"government-national"}) {
		t.Errorf("Russia's identity: %v", rus)
	}
	if ext := stixcheck.Extension(rus, ExtensionID); ext["cyberkg_id"] != "RUS" || ext["cyberkg_type"] != "Country" || ext["iso2"] != "RU" ||
		ext["region_m49"] != float64(150) || ext["independent"] != true || !slices.Equal(stixcheck.Strings(ext["aliases"]), []string{"Rusia", "Россия"}) {
		t.Errorf("Russia's extension: %v", ext)
	}
	if rus["created"] != "2026-11-29T19:16:30.081Z" || rus["modified"] != "2026-11-30T08:00:00.500Z" {
		t.Errorf("Russia's created/modified = %v/%v, want the recorded times", rus["created"], rus["modified"])
	}
	if ru := b.get(t, ID("location", "RUS")); ru["country"] != "RU" || ru["region"] != "eastern-europe" {
		t.Errorf("Russia's location: %v", ru)
	}
	if us := b.get(t, ID("location", "USA")); us["region"] != "northern-america" {
		t.Errorf("the USA's location: %v", us)
	}
	if idn := b.get(t, ID("identity", "IDN")); idn["created"] != "1970-01-01T00:00:00.000Z" || idn["modified"] != idn["created"] {
		t.Errorf("a node without recorded time is dated %v/%v, want the epoch", idn["created"], idn["modified"])
	}
	if p := b.get(t, ID("identity", "joe-biden")); p["identity_class"] != "individual" {
		t.Errorf("a person is %v", p["identity_class"])
	}

	// Threat actors: intrusion sets, under the id they were imported with.
	apt := b.get(t, apt28STIX)
	if apt["type"] != "intrusion-set" || !slices.Equal(stixcheck.Strings(apt["aliases"]), []string{"Fancy Bear", "Sofacy"}) ||
		!outHasRef(apt, "mitre-attack", "G0007", "https://attack.mitre.org/groups/G0007/") {
		t.Errorf("APT28: %v", apt)
	}
	if ds := b.get(t, ID("intrusion-set", "darkside")); stixcheck.Extension(ds, ExtensionID)["description_attribution"] != "MISP galaxy, CC0" ||
		!outHasRef(ds, "misp-galaxy", "f9f7b6c0-5f1b-4a3c-9e8e-5a5f0c1d2e3f", "") {
		t.Errorf("DarkSide: %v", ds)
	}

	// Incidents and campaigns.
	inc := b.get(t, ID("incident", "colonial-pipeline-attack"))
	if stixcheck.Extension(inc, ExtensionID)["started_on"] != "2021-05-07" || !slices.Equal(stixcheck.Strings(stixcheck.Extension(inc, ExtensionID)["carried_out_by_refs"]), []string{ID("intrusion-set", "darkside")}) ||
		!outHasRef(inc, "CNN", "", "https://www.cnn.com/biden-pipeline") {
		t.Errorf("the incident: %v", inc)
	}
	camp := b.get(t, ID("campaign", "operation-x"))
	if camp["first_seen"] != "2016-03-01T00:00:00.000Z" || camp["last_seen"] != "2016-11-01T00:00:00.000Z" ||
		stixcheck.Extension(camp, ExtensionID)["started_on_precision"] != "month" || !outHasRef(camp, "mitre-attack", "C0001", "https://attack.mitre.org/campaigns/C0001/") {
		t.Errorf("the campaign: %v", camp)
	}
	if rel := b.get(t, ID("relationship", "relation:operation-x:TARGETED:USA")); rel["relationship_type"] != "targets" {
		t.Errorf("a campaign's target: %v", rel)
	}
	if rel := b.get(t, ID("relationship", "relation:colonial-pipeline-attack:CARRIED_OUT_BY:darkside")); rel["relationship_type"] != "related-to" ||
		stixcheck.Extension(rel, ExtensionID)["relation"] != "attributed-to" || rel["created_by_ref"] != ProducerID {
		t.Errorf("an incident's CARRIED_OUT_BY: %v", rel)
	}

	// Attributions: a relationship per claim, by its speaker, with its confidence.
	alleged := b.get(t, ID("relationship", "statement:stmt-us-media-russia-link:attributed-to:colonial-pipeline-attack:RUS"))
	if alleged["created_by_ref"] != ID("identity", "us-media") || alleged["confidence"] != float64(55) ||
		alleged["source_ref"] != inc["id"] || alleged["target_ref"] != rus["id"] || stixcheck.Extension(alleged, ExtensionID)["verdict"] != "alleged" ||
		stixcheck.Extension(alleged, ExtensionID)["view_of"] != "stmt-us-media-russia-link" {
		t.Errorf("the alleged attribution: %v", alleged)
	}
	if b.has(ID("relationship", "statement:stmt-us-media-russia-link:attributed-to:USA:RUS")) {
		t.Error("a statement's other subject (a country) became the subject of its attribution")
	}
	if rel := b.get(t, ID("relationship", "statement:stmt-uk-apt28-gru:attributed-to:apt28:RUS")); rel["source_ref"] != apt28STIX ||
		rel["created_by_ref"] != ID("identity", "USA") {
		t.Errorf("APT28's attribution: %v", rel)
	}
	// A denial is the speaker's opinion about the others' claims, never a claim of the speaker's.
	if b.has(ID("relationship", "statement:stmt-biden-not-russian-government:attributed-to:colonial-pipeline-attack:RUS")) {
		t.Error("a denial became an attribution")
	}
	denial := b.get(t, ID("opinion", "statement:stmt-biden-not-russian-government:denied:colonial-pipeline-attack:RUS"))
	if denial["opinion"] != "strongly-disagree" || denial["created_by_ref"] != ID("identity", "joe-biden") ||
		!slices.Equal(stixcheck.Strings(denial["object_refs"]), []string{alleged["id"].(string)}) || denial["confidence"] != float64(95) {
		t.Errorf("the denial: %v", denial)
	}
	confirmed := b.get(t, ID("relationship", "statement:stmt-fbi-darkside:attributed-to:colonial-pipeline-attack:darkside"))
	if confirmed["created_by_ref"] != ID("identity", "fbi") || confirmed["confidence"] != float64(0) {
		t.Errorf("the confirmation's relationship (confidence 0 kept): %v", confirmed)
	}
	confirmation := b.get(t, ID("opinion", "statement:stmt-fbi-darkside:confirmed:colonial-pipeline-attack:darkside"))
	wantRefs := []string{ID("relationship", "relation:colonial-pipeline-attack:CARRIED_OUT_BY:darkside"),
		ID("relationship", "statement:stmt-unknown-speaker:attributed-to:colonial-pipeline-attack:darkside")}
	slices.Sort(wantRefs)
	if confirmation["opinion"] != "strongly-agree" || !slices.Equal(stixcheck.Strings(confirmation["object_refs"]), wantRefs) {
		t.Errorf("the confirmation: %v, want object_refs %v", confirmation, wantRefs)
	}
	targets := b.get(t, ID("relationship", "statement:stmt-undated:targets:darkside:IDN"))
	if targets["relationship_type"] != "targets" || targets["confidence"] != nil || targets["created_by_ref"] != ID("identity", "IDN") {
		t.Errorf("a statement's TARGETED: %v", targets)
	}
	// A speaker the subgraph lacks: a stub identity, so the claim keeps its creator.
	stub := b.get(t, ID("identity", "someone-else"))
	if stub["identity_class"] != "unknown" || stixcheck.Extension(stub, ExtensionID)["stub"] != true {
		t.Errorf("the missing speaker: %v", stub)
	}

	// Our own objects.
	agr := b.get(t, ID(TypeAgreement, "agr-rus-idn-iis"))
	if !slices.Equal(stixcheck.Strings(agr["status_history"]), []string{"ready-to-sign", "signed"}) ||
		!slices.Equal(stixcheck.Strings(agr["status_dates"]), []string{"2021-06-28", "2021-12-14"}) ||
		!slices.Equal(stixcheck.Strings(agr["party_refs"]), []string{ID("identity", "IDN"), ID("identity", "RUS")}) ||
		!slices.Equal(stixcheck.Strings(agr["sources"]), []string{"src-medcom", "src-no-url"}) || agr["cyberkg_id"] != "agr-rus-idn-iis" {
		t.Errorf("the agreement: %v", agr)
	}
	if reported, _ := agr["reported_in"].([]any); len(reported) != 2 {
		t.Errorf("the agreement's reported_in: %v", agr["reported_in"])
	}
	sco := b.get(t, ID(TypeAgreement, "agr-sco-2009"))
	if sco["signed_on"] != "2009-01-01" || sco["signed_on_precision"] != "year" || sco["within_ref"] != ID("identity", "SCO") ||
		!slices.Equal(stixcheck.Strings(sco["status_dates"]), []string{"2009-01-01"}) {
		t.Errorf("an agreement with graph.Date values: %v", sco)
	}
	left := b.get(t, ID(TypeMembership, "membership:IDN:SCO:2021"))
	if left["since"] != "2021-01-01" || left["since_precision"] != "year" || left["until"] != "2023-07-04" ||
		left["member_ref"] != ID("identity", "IDN") || left["bloc_ref"] != ID("identity", "SCO") || left["role"] != "observer" {
		t.Errorf("the membership with until: %v", left)
	}
	if m := b.get(t, ID(TypeMembership, "membership:RUS:SCO:2001-06-15")); m["since"] != "2001-06-15" || m["cyberkg_type"] != "MEMBER_OF" {
		t.Errorf("the founding membership: %v", m)
	}
	if p := b.get(t, ID(TypePosition, "position:nikolai-patrushev:security-council-of-russia:2008-05-12")); p["title"] != "Secretary" || p["until"] != "2024-05-14" {
		t.Errorf("the position: %v", p)
	}
	if r := b.get(t, ID(TypeRelation, "relation:security-council-of-russia:PART_OF:RUS")); r["relationship_type"] != "PART_OF" || r["target_ref"] != rus["id"] {
		t.Errorf("the PART_OF: %v", r)
	}
	if ev := b.get(t, ID(TypeEvent, "rus-idn-consultations-2021")); ev["date_precision"] != "month" ||
		!slices.Equal(stixcheck.Strings(ev["attendee_refs"]), []string{ID("identity", "nikolai-patrushev")}) {
		t.Errorf("the event: %v", ev)
	}
	undated := b.get(t, ID(TypeStatement, "stmt-undated"))
	if _, ok := undated["said_on"]; ok || undated["confidence"] != nil || undated["claimed_count"] != float64(6) {
		t.Errorf("the undated statement: %v", undated)
	}
	fbi := b.get(t, ID(TypeStatement, "stmt-fbi-darkside"))
	if attrs, _ := fbi["attributes"].([]any); len(attrs) != 1 || len(stixcheck.Strings(fbi["about_refs"])) != 1 {
		t.Errorf("the FBI's statement (its edge to a node outside the subgraph left out): %v", fbi)
	}
	if s := b.get(t, ID(TypeSource, "src-medcom")); s["published_on"] != "2021-12-01" || s["published_on_precision"] != "month" || s["reliability"] != "C" {
		t.Errorf("a source: %v", s)
	}
	if !outHasRef(b.get(t, ID(TypeAgreement, "agr-rus-idn-iis")), "unknown", "", "") {
		t.Error("a source without url or publisher has no external reference")
	}
}

// outCheckBundle checks what every export must be: the producer and the
// extension definition present, ids sorted and unique, every reference
// resolving inside the bundle, every fact (node or relationship fact) once
// with its cyberkg id.
func outCheckBundle(t *testing.T, b outBundle) {
	t.Helper()
	if b.Type != "bundle" || !strings.HasPrefix(b.ID, "bundle--") {
		t.Errorf("not a bundle: %s %s", b.Type, b.ID)
	}
	if !b.has(ProducerID) || !b.has(ExtensionID) {
		t.Fatal("the bundle lacks the producer identity or the extension definition")
	}
	for i, o := range b.Objects {
		if i > 0 && b.Objects[i-1]["id"].(string) >= o["id"].(string) {
			t.Errorf("objects not sorted by id at %d: %v", i, o["id"])
		}
		var walk func(path string, v any)
		walk = func(path string, v any) {
			switch x := v.(type) {
			case map[string]any:
				for k, e := range x {
					switch {
					case strings.HasSuffix(k, "_ref"):
						if !b.has(x[k].(string)) {
							t.Errorf("%s: %s%s = %v is not in the bundle", o["id"], path, k, e)
						}
					case strings.HasSuffix(k, "_refs"):
						for _, r := range stixcheck.Strings(e) {
							if !b.has(r) {
								t.Errorf("%s: %s%s holds %v, which is not in the bundle", o["id"], path, k, r)
							}
						}
					default:
						walk(path+k+".", e)
					}
				}
			case []any:
				for _, e := range x {
					walk(path, e)
				}
			}
		}
		walk("", o)
		if cb, ok := o["created_by_ref"].(string); ok && !strings.HasPrefix(cb, "identity--") {
			t.Errorf("%s: created_by_ref %s is no identity", o["id"], cb)
		}
	}
}

// outCheckComplete checks that the bundle can give back every fact of g:
// each node is one object with its cyberkg id, kind and every property
// that is not bookkeeping, and each relationship fact one object with its key.
func outCheckComplete(t *testing.T, g *graph.Subgraph, b outBundle) {
	t.Helper()
	facts := map[string]map[string]any{}
	for _, o := range b.Objects {
		data := o
		if !strings.HasPrefix(o["type"].(string), "x-cyberkg-") {
			if data = stixcheck.Extension(o, ExtensionID); data == nil || data["view_of"] != nil {
				continue
			}
		}
		if id, _ := data["cyberkg_id"].(string); id != "" {
			if _, dup := facts[id]; dup {
				t.Errorf("%s stands in two objects", id)
			}
			facts[id] = data
		}
	}
	for _, n := range g.Nodes {
		data, ok := facts[n.ID]
		if !ok || data["cyberkg_type"] != n.Kind {
			t.Errorf("node %s (%s) has no object of its own: %v", n.ID, n.Kind, data)
			continue
		}
		for k, v := range n.Properties {
			if _, kept := jsonValue(v); bookkeeping[k] || !kept {
				continue // nulls and empty lists STIX does not allow
			}
			if _, ok := data[k]; !ok {
				t.Errorf("node %s: property %s is not in the bundle", n.ID, k)
			}
		}
	}
	for _, e := range g.Edges {
		if _, reified := factEnd[e.Type]; reified {
			continue
		}
		if _, ok := facts[factKey(e)]; !ok {
			t.Errorf("relationship fact %s is not in the bundle", factKey(e))
		}
	}
}

type outBundle struct {
	Type    string           `json:"type"`
	ID      string           `json:"id"`
	Objects []map[string]any `json:"objects"`
	byID    map[string]map[string]any
}

func outDecode(t *testing.T, data []byte) outBundle {
	t.Helper()
	var b outBundle
	if err := json.Unmarshal(data, &b); err != nil {
		t.Fatal(err)
	}
	b.byID = map[string]map[string]any{}
	for _, o := range b.Objects {
		id, _ := o["id"].(string)
		if _, dup := b.byID[id]; dup {
			t.Errorf("id %s twice", id)
		}
		b.byID[id] = o
	}
	return b
}

func (b outBundle) has(id string) bool { _, ok := b.byID[id]; return ok }

func (b outBundle) get(t *testing.T, id string) map[string]any {
	t.Helper()
	o, ok := b.byID[id]
	if !ok {
		t.Fatalf("the bundle has no %s", id)
	}
	return o
}

func outHasRef(o map[string]any, source, id, url string) bool {
	refs, _ := o["external_references"].([]any)
	for _, r := range refs {
		m, _ := r.(map[string]any)
		if m["source_name"] == source && (id == "" || m["external_id"] == id) && (url == "" || m["url"] == url) {
			return true
		}
	}
	return false
}

// The validator is no rubber stamp: a wrong vocabulary value, a reference
// out of the bundle and a breach of the extension's schema all fail.
func TestStixValidatorRefusesBrokenBundles(t *testing.T) {
	good, err := Marshal(outHandMade())
	if err != nil {
		t.Fatal(err)
	}
	for name, edit := range map[string]func(string) string{
		"vocabulary": func(s string) string {
			return strings.Replace(s, `"identity_class": "individual"`, `"identity_class": "person"`, 1)
		},
		"dangling ref": func(s string) string {
			return strings.Replace(s, `"bloc_ref": "`+ID("identity", "SCO"), `"bloc_ref": "`+ID("identity", "NATO"), 1)
		},
		"extension schema": func(s string) string {
			return strings.Replace(s, `"status": "signed"`, `"status": "almost-signed"`, 1)
		},
	} {
		broken := edit(string(good))
		if broken == string(good) {
			t.Fatalf("%s: the edit changed nothing", name)
		}
		if v := stixcheck.Validate(t, []byte(broken)); v.Valid || len(v.Errors) == 0 {
			t.Errorf("%s: the validator accepts a broken bundle: %+v", name, v)
		}
	}
}
