package stix

// The bundle is written with encoding/json from plain maps, not with
// github.com/TcM1911/stix2 (v0.10.3): its constructors stamp every object
// with time.Now() and a random UUIDv4 id (the bundle's too), its confidence
// field is omitempty and drops a confidence of 0, and objects of new types
// would be untyped maps there anyway, while it would add ugorji/go/codec,
// gojsonschema and testify to go.mod. Our ids, timestamps and key order are
// all derived from the data, so the same graph gives the same bytes.

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/cyberkg/cyberkg/graph"
)

const specVersion = "2.1"

// Epoch is the created and modified time of an object whose fact carries
// no recording time (a hand-made subgraph).
var Epoch = time.Unix(0, 0).UTC()

// outObject is one STIX object; its JSON keys are written in a fixed order.
type outObject map[string]any

// Write writes g as one STIX 2.1 bundle (docs/stix.md, "Graph to STIX").
func Write(w io.Writer, g *graph.Subgraph) error {
	b, err := Marshal(g)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// Marshal returns g as a STIX 2.1 bundle: indented JSON ending in a
// newline, its objects sorted by id, its id derived from its content.
func Marshal(g *graph.Subgraph) ([]byte, error) {
	objs := objects(g)
	body, err := encodeJSON(objs, "")
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(body)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(struct {
		Type    string      `json:"type"`
		ID      string      `json:"id"`
		Objects []outObject `json:"objects"`
	}{"bundle", ID("bundle", hex.EncodeToString(sum[:])), objs}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func encodeJSON(v any, indent string) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", indent)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// keyOrder puts the common properties first; the rest follow by name.
var keyOrder = map[string]int{"type": 1, "spec_version": 2, "id": 3, "created_by_ref": 4, "created": 5, "modified": 6, "name": 7}

// MarshalJSON writes the common properties first, then the others sorted.
func (o outObject) MarshalJSON() ([]byte, error) {
	keys := make([]string, 0, len(o))
	for k := range o {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keyOrder[keys[i]], keyOrder[keys[j]]
		if a == 0 {
			a = len(keyOrder) + 1
		}
		if b == 0 {
			b = len(keyOrder) + 1
		}
		if a != b {
			return a < b
		}
		return keys[i] < keys[j]
	})
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			buf.WriteByte(',')
		}
		kb, _ := encodeJSON(k, "")
		vb, err := encodeJSON(o[k], "")
		if err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
		buf.Write(kb)
		buf.WriteByte(':')
		buf.Write(vb)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// objects returns the STIX objects that stand for g, sorted by id: the
// producer identity and the extension definition, one object per entity
// and per relationship fact, and the views derived from them.
func objects(g *graph.Subgraph) []outObject {
	x := newExporter(g)
	x.entities()
	x.relationshipFacts()
	x.views()
	out := make([]outObject, 0, len(x.out))
	for _, o := range x.out {
		out = append(out, o)
	}
	sort.Slice(out, func(i, j int) bool { return out[i]["id"].(string) < out[j]["id"].(string) })
	return out
}

// bookkeeping are the write path's properties (recorded time, versions,
// owners, change ids) and the seed loader's file name: not facts.
var bookkeeping = map[string]bool{"id": true, "recorded_from": true, "recorded_until": true, "recorded_by": true,
	"version": true, "version_from": true, "version_until": true, "owner": true, "fact": true, "retracted_by": true,
	"closed_by": true, "closed_owner": true, "seed_file": true}

// Edge types a reified fact declares, and which end is the fact.
var factEnd = map[string]string{
	"REPORTED_IN": "source", "WITHIN": "source", "BY": "source", "ABOUT": "source", "ATTRIBUTES": "source",
	"TARGETED": "source", "CARRIED_OUT_BY": "source", "PRODUCED": "source",
	"PARTY_TO": "target", "ATTENDED": "target",
}

type exporter struct {
	nodes map[string]graph.GraphNode
	ids   map[string]string            // cyberkg id -> STIX id of its object
	owned map[string][]graph.GraphEdge // fact id -> the edges it declares
	facts []graph.GraphEdge            // relationship facts: MEMBER_OF, HOLDS_POSITION, PART_OF, …
	out   map[string]outObject         // STIX id -> object

	// claims lists, per (subject, actor) pair of cyberkg ids, the
	// attributed-to relationships in the bundle and the statement of each
	// ("" for an incident's own CARRIED_OUT_BY), for the opinions.
	claims map[[2]string][]outClaim
}

type outClaim struct{ id, statement string }

func newExporter(g *graph.Subgraph) *exporter {
	x := &exporter{nodes: map[string]graph.GraphNode{}, ids: map[string]string{}, owned: map[string][]graph.GraphEdge{},
		out: map[string]outObject{}, claims: map[[2]string][]outClaim{}}
	for _, n := range g.Nodes {
		x.nodes[n.ID] = n
	}
	used := map[string]bool{}
	for _, id := range slices.Sorted(maps.Keys(x.nodes)) {
		sid := homeID(x.nodes[id], used)
		used[sid] = true
		x.ids[id] = sid
	}
	edges := append([]graph.GraphEdge(nil), g.Edges...)
	sort.SliceStable(edges, func(i, j int) bool { return edgeOrder(edges[i]) < edgeOrder(edges[j]) })
	for _, e := range edges {
		_, hasSource := x.nodes[e.Source]
		_, hasTarget := x.nodes[e.Target]
		end, reified := factEnd[e.Type]
		switch {
		case !reified:
			if hasSource && hasTarget {
				x.facts = append(x.facts, e)
			}
		case end == "source" && hasSource && (hasTarget || e.Type == "BY"):
			if !hasTarget {
				x.stub(e.Target)
			}
			x.owned[e.Source] = append(x.owned[e.Source], e)
		case end == "target" && hasSource && hasTarget:
			x.owned[e.Target] = append(x.owned[e.Target], e)
		}
	}
	x.out[ProducerID] = producer()
	x.out[ExtensionID] = extensionDefinition()
	return x
}

// edgeOrder sorts edges by what they mean, never by database element ids.
func edgeOrder(e graph.GraphEdge) string {
	return strings.Join([]string{e.Type, e.Source, e.Target, propString(e.Properties["fact"]), datePrecise(e.Properties, "since")}, "\x00")
}

// homeType is the STIX type of the object that stands for node n.
func homeType(n graph.GraphNode) string {
	switch n.Kind {
	case "Country", "Bloc", "Person", "Organization":
		return "identity"
	case "ThreatActor":
		return "intrusion-set"
	case "Incident":
		if propString(n.Properties["kind"]) == "campaign" {
			return "campaign"
		}
		return "incident"
	case "Agreement":
		return TypeAgreement
	case "Event":
		return TypeEvent
	case "Statement":
		return TypeStatement
	case "Source":
		return TypeSource
	default:
		return TypeEntity
	}
}

var stixIDShape = regexp.MustCompile(`^[a-z][a-z0-9-]+[a-z0-9]--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$`)

// homeID is n's STIX id: the one it was imported under (external id
// "stix:TYPE--UUID" of the same type), else ID(type, n.ID).
func homeID(n graph.GraphNode, used map[string]bool) string {
	typ := homeType(n)
	for _, ext := range propStrings(n.Properties["external_ids"]) {
		if id, ok := strings.CutPrefix(ext, "stix:"); ok && strings.HasPrefix(id, typ+"--") && stixIDShape.MatchString(id) && !used[id] {
			return id
		}
	}
	return ID(typ, n.ID)
}

func stixType(stixIDShape string) string {
	typ, _, _ := strings.Cut(stixIDShape, "--")
	return typ
}

// stub stands in for a speaker the subgraph names but does not hold, so
// that the speaker's claims keep their creator.
func (x *exporter) stub(id string) {
	if _, done := x.ids[id]; done {
		return
	}
	sid := ID("identity", id)
	x.ids[id] = sid
	x.out[sid] = outObject{"type": "identity", "spec_version": specVersion, "id": sid, "created_by_ref": ProducerID,
		"created": stixTime(Epoch), "modified": stixTime(Epoch), "name": id, "identity_class": "unknown",
		"extensions": map[string]any{ExtensionID: map[string]any{"extension_type": "property-extension", "cyberkg_id": id, "stub": true}}}
}

// baseObject is the common part of an object; created and modified come from
// the recorded time in props.
func baseObject(typ, id string, props map[string]any) outObject {
	created, modified := recordedTimes(props)
	return outObject{"type": typ, "spec_version": specVersion, "id": id, "created_by_ref": ProducerID, "created": created, "modified": modified}
}

func stixTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// recordedTimes gives created (when the graph first recorded the fact) and
// modified (when it recorded this version), or Epoch.
func recordedTimes(props map[string]any) (created, modified string) {
	c, m := recordedTime(props["recorded_from"]), recordedTime(props["version_from"])
	if c.IsZero() {
		c = m
	}
	if c.IsZero() {
		c = Epoch
	}
	if m.Before(c) {
		m = c
	}
	return stixTime(c), stixTime(m)
}

func recordedTime(v any) time.Time {
	switch t := v.(type) {
	case time.Time:
		return t
	case string:
		if p, err := time.Parse(time.RFC3339Nano, t); err == nil {
			return p
		}
	}
	return time.Time{}
}

// dateStamp is a date property as a STIX timestamp (midnight UTC), or "".
func dateStamp(v any) string {
	switch d := v.(type) {
	case graph.Date:
		return stixTime(d.Time)
	case string:
		if t, err := time.Parse(time.DateOnly, d); err == nil {
			return stixTime(t)
		}
	}
	return ""
}

// datePrecise is a date property as the seed writes it: to its precision.
func datePrecise(props map[string]any, key string) string {
	switch d := props[key].(type) {
	case graph.Date:
		return d.String()
	case string:
		t, err := time.Parse(time.DateOnly, d)
		if err != nil {
			return d
		}
		p := graph.Precision(propString(props[key+"_precision"]))
		if p == "" {
			p = graph.Day
		}
		return graph.Date{Time: t, Precision: p}.String()
	}
	return ""
}

// cyberkgProps are a node's or relationship's properties less the
// bookkeeping, as JSON values: no nulls, no empty lists (STIX allows
// neither), dates as YYYY-MM-DD with their *_precision beside them.
func cyberkgProps(props map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range props {
		if bookkeeping[k] {
			continue
		}
		if d, ok := v.(graph.Date); ok && d.Precision != "" && d.Precision != graph.Day && props[k+"_precision"] == nil {
			out[k+"_precision"] = string(d.Precision)
		}
		if jv, ok := jsonValue(v); ok {
			out[k] = jv
		}
	}
	return out
}

func jsonValue(v any) (any, bool) {
	switch x := v.(type) {
	case nil:
		return nil, false
	case graph.Date:
		return x.Time.Format(time.DateOnly), true
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano), true
	case []string:
		return x, len(x) > 0
	case []graph.Date:
		out := make([]string, len(x))
		for i, d := range x {
			out[i] = d.Time.Format(time.DateOnly)
		}
		return out, len(out) > 0
	case []any:
		out := make([]any, 0, len(x))
		for _, e := range x {
			jv, _ := jsonValue(e)
			out = append(out, jv)
		}
		return out, len(out) > 0
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			if jv, ok := jsonValue(e); ok {
				out[k] = jv
			}
		}
		return out, len(out) > 0
	default:
		return v, true
	}
}

func propString(v any) string {
	s, _ := v.(string)
	return s
}

func propStrings(v any) []string {
	switch x := v.(type) {
	case []string:
		return x
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// sourcesOf lists the sources fact id cites: its REPORTED_IN edges and the
// sources of the relationships it declares.
func (x *exporter) sourcesOf(id string) []string {
	seen := map[string]bool{}
	for _, e := range x.owned[id] {
		if e.Type == "REPORTED_IN" {
			seen[e.Target] = true
		}
		for _, s := range propStrings(e.Properties["sources"]) {
			seen[s] = true
		}
	}
	return slices.Sorted(maps.Keys(seen))
}

var (
	wikidataQID = regexp.MustCompile(`^Q[0-9]+$`)
	attackGroup = regexp.MustCompile(`^G[0-9]{4}$`)
	attackCamp  = regexp.MustCompile(`^C[0-9]{4}$`)
)

// externalRefs are an object's pointers outside STIX: its Wikidata item,
// its external ids (ATT&CK, MISP galaxy, …) and the sources it cites that
// the subgraph holds.
func (x *exporter) externalRefs(props map[string]any, sources []string) []any {
	var refs []any
	if q := propString(props["wikidata"]); wikidataQID.MatchString(q) {
		refs = append(refs, map[string]any{"source_name": "wikidata", "external_id": q, "url": "https://www.wikidata.org/wiki/" + q})
	}
	for _, ext := range propStrings(props["external_ids"]) {
		name, id, ok := strings.Cut(ext, ":")
		if !ok || name == "" || id == "" {
			name, id = "cyberkg-external-id", ext
		}
		if name == "stix" {
			continue // the object's own id, or another object's
		}
		ref := map[string]any{"source_name": name, "external_id": id}
		switch {
		case name == "mitre-attack" && attackGroup.MatchString(id):
			ref["url"] = "https://attack.mitre.org/groups/" + id + "/"
		case name == "mitre-attack" && attackCamp.MatchString(id):
			ref["url"] = "https://attack.mitre.org/campaigns/" + id + "/"
		}
		refs = append(refs, ref)
	}
	return append(refs, x.sourceRefs(sources)...)
}

// sourceRefs are the external references of the sources the subgraph holds.
func (x *exporter) sourceRefs(sources []string) []any {
	var refs []any
	for _, id := range sources {
		n, ok := x.nodes[id]
		if !ok || n.Kind != "Source" {
			continue
		}
		ref := map[string]any{"source_name": propString(n.Properties["publisher"])}
		if ref["source_name"] == "" {
			ref["source_name"] = "unknown"
		}
		desc := propString(n.Properties["title"])
		if desc == "" {
			desc = n.Name
		}
		if u := propString(n.Properties["url"]); webURL(u) {
			ref["url"] = u
		}
		if desc != "" || ref["url"] == nil {
			if desc == "" {
				desc = id
			}
			ref["description"] = desc
		}
		refs = append(refs, ref)
	}
	return refs
}

func webURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && !strings.ContainsAny(s, " \t\n")
}

// stixCommon are the STIX properties a new object type shares with every
// SDO; a cyberkg property of the same name is renamed cyberkg_NAME
// (name, description and confidence mean the same and stay).
var stixCommon = map[string]bool{"type": true, "spec_version": true, "id": true, "created_by_ref": true, "created": true,
	"modified": true, "revoked": true, "labels": true, "lang": true, "external_references": true, "object_marking_refs": true,
	"granular_markings": true, "extensions": true}

// entities writes one object per node.
func (x *exporter) entities() {
	for _, id := range slices.Sorted(maps.Keys(x.nodes)) {
		n := x.nodes[id]
		sid := x.ids[id]
		typ := stixType(sid)
		data := cyberkgProps(n.Properties)
		data["cyberkg_id"] = n.ID
		data["cyberkg_type"] = n.Kind
		sources := x.sourcesOf(id)
		if len(sources) > 0 {
			data["sources"] = sources
		}
		x.embed(id, data)
		o := baseObject(typ, sid, n.Properties)
		if refs := x.externalRefs(n.Properties, sources); len(refs) > 0 {
			o["external_references"] = refs
		}
		name := n.Name
		if name == "" {
			name = id
		}
		switch typ {
		case "identity", "intrusion-set", "campaign", "incident":
			o["name"] = name
			if d := propString(n.Properties["description"]); d != "" {
				o["description"] = d
			}
			switch typ {
			case "identity":
				o["identity_class"] = "organization"
				if n.Kind == "Person" {
					o["identity_class"] = "individual"
				}
				if n.Kind == "Country" {
					o["sectors"] = []string{"government-national"}
				}
			case "intrusion-set", "campaign":
				if a := propStrings(n.Properties["aliases"]); len(a) > 0 {
					o["aliases"] = a
				}
			}
			if typ == "campaign" {
				first, last := dateStamp(n.Properties["started_on"]), dateStamp(n.Properties["ended_on"])
				if first != "" {
					o["first_seen"] = first
				}
				if last != "" && last >= first {
					o["last_seen"] = last
				}
			}
			data["extension_type"] = "property-extension"
			o["extensions"] = map[string]any{ExtensionID: data}
		default:
			for k, v := range data {
				if stixCommon[k] {
					k = "cyberkg_" + k
				}
				o[k] = v
			}
			o["name"] = name
			o["extensions"] = map[string]any{ExtensionID: map[string]any{"extension_type": "new-sdo"}}
		}
		x.out[sid] = o
	}
}

// embed adds to data the relationships fact id declares, as references
// to the objects at their other ends.
func (x *exporter) embed(id string, data map[string]any) {
	var reported, attributes []any
	refs := map[string][]string{}
	for _, e := range x.owned[id] {
		switch e.Type {
		case "REPORTED_IN":
			if _, ok := e.Properties["reports"]; ok {
				entry := map[string]any{"source": e.Target}
				if r := propStrings(e.Properties["reports"]); len(r) > 0 {
					entry["reports"] = r
				}
				reported = append(reported, entry)
			}
		case "ATTRIBUTES":
			attributes = append(attributes, map[string]any{"actor_ref": x.ids[e.Target], "verdict": propString(e.Properties["verdict"])})
		case "PARTY_TO":
			refs["party_refs"] = append(refs["party_refs"], x.ids[e.Source])
		case "ATTENDED":
			refs["attendee_refs"] = append(refs["attendee_refs"], x.ids[e.Source])
		case "WITHIN":
			data["within_ref"] = x.ids[e.Target]
		case "BY":
			data["by_ref"] = x.ids[e.Target]
		case "ABOUT":
			refs["about_refs"] = append(refs["about_refs"], x.ids[e.Target])
		case "TARGETED":
			refs["targeted_refs"] = append(refs["targeted_refs"], x.ids[e.Target])
		case "CARRIED_OUT_BY":
			refs["carried_out_by_refs"] = append(refs["carried_out_by_refs"], x.ids[e.Target])
		case "PRODUCED":
			refs["produced_refs"] = append(refs["produced_refs"], x.ids[e.Target])
		}
	}
	for k, v := range refs {
		data[k] = v
	}
	if len(reported) > 0 {
		data["reported_in"] = reported
	}
	if len(attributes) > 0 {
		data["attributes"] = attributes
	}
}

// factKey is a relationship fact's key (graph.MembershipKey and the others).
func factKey(e graph.GraphEdge) string {
	if f := propString(e.Properties["fact"]); f != "" {
		return f
	}
	switch e.Type {
	case "MEMBER_OF":
		return graph.MembershipKey(e.Source, e.Target, datePrecise(e.Properties, "since"))
	case "HOLDS_POSITION":
		return graph.PositionKey(e.Source, e.Target, datePrecise(e.Properties, "since"))
	default:
		return graph.RelationKey(e.Type, e.Source, e.Target)
	}
}

// relationshipFacts writes one object per membership, position and other
// relation.
func (x *exporter) relationshipFacts() {
	for _, e := range x.facts {
		key := factKey(e)
		data := cyberkgProps(e.Properties)
		var typ string
		switch e.Type {
		case "MEMBER_OF":
			typ = TypeMembership
			data["member_ref"], data["bloc_ref"] = x.ids[e.Source], x.ids[e.Target]
		case "HOLDS_POSITION":
			typ = TypePosition
			data["person_ref"], data["organization_ref"] = x.ids[e.Source], x.ids[e.Target]
		default:
			typ = TypeRelation
			data["relationship_type"] = e.Type
			data["source_ref"], data["target_ref"] = x.ids[e.Source], x.ids[e.Target]
		}
		data["cyberkg_id"], data["cyberkg_type"] = key, e.Type
		sid := ID(typ, key)
		o := baseObject(typ, sid, e.Properties)
		for k, v := range data {
			if stixCommon[k] {
				k = "cyberkg_" + k
			}
			o[k] = v
		}
		if refs := x.sourceRefs(propStrings(e.Properties["sources"])); len(refs) > 0 {
			o["external_references"] = refs
		}
		o["extensions"] = map[string]any{ExtensionID: map[string]any{"extension_type": "new-sdo"}}
		x.out[sid] = o
	}
}

// suggested are the relationship types STIX 2.1 defines between the
// types cyberkg writes (section 4 of the specification, as stix2-validator
// checks them); any other pair is related-to, with cyberkg's meaning in
// the extension's relation property.
var suggested = map[string]map[string][]string{
	"attributed-to": {"campaign": {"intrusion-set", "threat-actor"}, "intrusion-set": {"threat-actor"}, "threat-actor": {"identity"}},
	"targets": {"campaign": {"identity", "location", "vulnerability"}, "intrusion-set": {"identity", "location", "vulnerability"},
		"threat-actor": {"identity", "location", "vulnerability"}},
	"located-at": {"identity": {"location"}, "threat-actor": {"location"}},
}

func relationshipType(relation, from, to string) string {
	for _, t := range suggested[relation][from] {
		if t == to {
			return relation
		}
	}
	return "related-to"
}

// relationship writes a relationship view: relation from STIX id from to
// STIX id to, dated by props, with data in the extension.
func (x *exporter) relationship(key, relation, from, to, createdBy string, props, data map[string]any) outObject {
	sid := ID("relationship", key)
	o := baseObject("relationship", sid, props)
	o["created_by_ref"] = createdBy
	o["relationship_type"] = relationshipType(relation, stixType(from), stixType(to))
	o["source_ref"], o["target_ref"] = from, to
	data["extension_type"] = "property-extension"
	data["relation"] = relation
	o["extensions"] = map[string]any{ExtensionID: data}
	x.out[sid] = o
	return o
}

// views writes the objects derived from facts for STIX tools: each
// country's location, an incident's targets and attribution, and the
// attributions, denials, confirmations and targets that statements outClaim.
func (x *exporter) views() {
	x.locations()
	x.incidentViews()
	x.statementViews()
}

// regionOV is STIX's region-ov: the UN M49 regions.
var regionOV = map[string]bool{"africa": true, "eastern-africa": true, "middle-africa": true, "northern-africa": true,
	"southern-africa": true, "western-africa": true, "americas": true, "caribbean": true, "central-america": true,
	"latin-america-caribbean": true, "northern-america": true, "south-america": true, "asia": true, "central-asia": true,
	"eastern-asia": true, "southern-asia": true, "south-eastern-asia": true, "western-asia": true, "europe": true,
	"eastern-europe": true, "northern-europe": true, "southern-europe": true, "western-europe": true, "antarctica": true,
	"oceania": true, "australia-new-zealand": true, "melanesia": true, "micronesia": true, "polynesia": true}

// m49Region is the most precise region-ov value of a country's M49 regions.
func m49Region(props map[string]any) string {
	for _, k := range []string{"intermediate_region", "sub_region", "region"} {
		s := strings.ToLower(propString(props[k]))
		s = strings.ReplaceAll(strings.ReplaceAll(s, " and the ", " "), " and ", " ")
		s = strings.Join(strings.Fields(s), "-")
		if regionOV[s] {
			return s
		}
	}
	return ""
}

var iso2Code = regexp.MustCompile(`^[A-Z]{2}$`)

func (x *exporter) locations() {
	for _, id := range slices.Sorted(maps.Keys(x.nodes)) {
		n := x.nodes[id]
		code := propString(n.Properties["iso2"])
		if n.Kind != "Country" || !iso2Code.MatchString(code) || stixType(x.ids[id]) != "identity" {
			continue
		}
		loc := baseObject("location", ID("location", id), n.Properties)
		loc["name"], loc["country"] = n.Name, code
		if r := m49Region(n.Properties); r != "" {
			loc["region"] = r
		}
		loc["extensions"] = map[string]any{ExtensionID: map[string]any{"extension_type": "property-extension", "view_of": id}}
		x.out[loc["id"].(string)] = loc
		x.relationship("located-at:"+id, "located-at", x.ids[id], loc["id"].(string), ProducerID, n.Properties, map[string]any{"view_of": id})
	}
}

// incidentViews: an incident's TARGETED and CARRIED_OUT_BY, which the
// graph itself asserts (with its sources), as targets and attributed-to.
func (x *exporter) incidentViews() {
	for _, id := range slices.Sorted(maps.Keys(x.owned)) {
		for _, e := range x.owned[id] {
			relation := map[string]string{"TARGETED": "targets", "CARRIED_OUT_BY": "attributed-to"}[e.Type]
			if relation == "" || x.nodes[id].Kind != "Incident" {
				continue
			}
			o := x.relationship(graph.RelationKey(e.Type, e.Source, e.Target), relation, x.ids[e.Source], x.ids[e.Target], ProducerID, e.Properties,
				map[string]any{"view_of": id})
			// Sorted, as every fact's sources are: a list's order is no fact.
			if refs := x.sourceRefs(slices.Sorted(slices.Values(propStrings(e.Properties["sources"])))); len(refs) > 0 {
				o["external_references"] = refs
			}
			if relation == "attributed-to" {
				pair := [2]string{e.Source, e.Target}
				x.claims[pair] = append(x.claims[pair], outClaim{o["id"].(string), ""})
			}
		}
	}
}

// subjectTypes are the types an attribution or a targeting can be about:
// a statement's other subjects (the country it concerns, the people it
// names) are context, not what was attributed.
var subjectTypes = map[string]bool{"incident": true, "campaign": true, "intrusion-set": true}

type outStance struct {
	statement, by, about, actor, verdict string
}

// statementViews: what a statement claims, by its speaker, about each
// incident, campaign or intrusion set it is ABOUT. An alleged or
// confirmed attribution is an attributed-to relationship created by the
// speaker with the statement's confidence; a confirmation or a denial is
// also an opinion (strongly-agree, strongly-disagree) by the speaker about
// the other attributions of the same actor in the bundle, or about the
// subject and the actor when there are none. A statement's TARGETED is a
// targets relationship. A statement whose speaker the subgraph lacks, or
// is no identity, gets no views.
func (x *exporter) statementViews() {
	var stances []outStance
	for _, id := range slices.Sorted(maps.Keys(x.nodes)) {
		n := x.nodes[id]
		if n.Kind != "Statement" {
			continue
		}
		var by string
		var abouts, victims []string
		var attrs [][2]string
		for _, e := range x.owned[id] {
			switch e.Type {
			case "BY":
				by = e.Target
			case "ABOUT":
				if subjectTypes[stixType(x.ids[e.Target])] {
					abouts = append(abouts, e.Target)
				}
			case "ATTRIBUTES":
				attrs = append(attrs, [2]string{e.Target, propString(e.Properties["verdict"])})
			case "TARGETED":
				victims = append(victims, e.Target)
			}
		}
		if by == "" || stixType(x.ids[by]) != "identity" {
			continue
		}
		refs := x.sourceRefs(x.sourcesOf(id))
		dress := func(o outObject) {
			if s := propString(n.Properties["summary"]); s != "" {
				o["description"] = s
			}
			if c, ok := n.Properties["confidence"]; ok && c != nil {
				o["confidence"] = c
			}
			if len(refs) > 0 {
				o["external_references"] = refs
			}
		}
		for _, about := range abouts {
			for _, a := range attrs {
				actor, verdict := a[0], a[1]
				if actor == about {
					continue
				}
				if verdict == "denied" || verdict == "confirmed" {
					stances = append(stances, outStance{id, by, about, actor, verdict})
				}
				if verdict == "denied" {
					continue
				}
				o := x.relationship("statement:"+id+":attributed-to:"+about+":"+actor, "attributed-to", x.ids[about], x.ids[actor], x.ids[by], n.Properties,
					map[string]any{"view_of": id, "verdict": verdict})
				dress(o)
				pair := [2]string{about, actor}
				x.claims[pair] = append(x.claims[pair], outClaim{o["id"].(string), id})
			}
			for _, victim := range victims {
				if victim == about {
					continue
				}
				o := x.relationship("statement:"+id+":targets:"+about+":"+victim, "targets", x.ids[about], x.ids[victim], x.ids[by], n.Properties,
					map[string]any{"view_of": id})
				dress(o)
			}
		}
	}
	for _, s := range stances {
		n := x.nodes[s.statement]
		var about []string
		for _, c := range x.claims[[2]string{s.about, s.actor}] {
			if c.statement != s.statement {
				about = append(about, c.id)
			}
		}
		if len(about) == 0 {
			about = []string{x.ids[s.about], x.ids[s.actor]}
		}
		sort.Strings(about)
		opinion := "strongly-agree"
		if s.verdict == "denied" {
			opinion = "strongly-disagree"
		}
		sid := ID("opinion", "statement:"+s.statement+":"+s.verdict+":"+s.about+":"+s.actor)
		o := baseObject("opinion", sid, n.Properties)
		o["created_by_ref"] = x.ids[s.by]
		o["opinion"] = opinion
		o["object_refs"] = about
		if s := propString(n.Properties["summary"]); s != "" {
			o["explanation"] = s
		}
		if speaker, ok := x.nodes[s.by]; ok && speaker.Name != "" {
			o["authors"] = []string{speaker.Name}
		}
		if c, ok := n.Properties["confidence"]; ok && c != nil {
			o["confidence"] = c
		}
		if refs := x.sourceRefs(x.sourcesOf(s.statement)); len(refs) > 0 {
			o["external_references"] = refs
		}
		o["extensions"] = map[string]any{ExtensionID: map[string]any{"extension_type": "property-extension", "view_of": s.statement,
			"relation": "attributed-to", "verdict": s.verdict, "about_ref": x.ids[s.about], "actor_ref": x.ids[s.actor]}}
		x.out[sid] = o
	}
}
