package seed

import (
	"maps"
	"slices"
	"strings"

	"github.com/cyberkg/cyberkg/graph"
)

// builder turns decoded files into one dataset, checking what the schema
// cannot: unique ids across files, references that resolve to the right
// kind, and real calendar dates in a sensible order.
type builder struct {
	ids   map[string]decl
	files []parsed
	ds    graph.Dataset
	errs  Errors

	// For writes and imports: the kinds of ids the graph already has
	// (external), the ids looked for there (missing, when collecting), whether
	// entities are marked as the seed's (seedFile), and whether every fact
	// must cite a source (provenance).
	external map[string]string
	missing  map[string]bool
	relKeys  map[string]bool // the relationship facts already declared

	// The open data set of every country, when the seed folder has it.
	countries    []countryRow
	countriesDoc *doc
	collecting   bool
	seedFile     bool
	provenance   bool
}

type decl struct {
	kind string
	at   loc
}

type parsed struct {
	doc  *doc
	file *file
}

func newBuilder() *builder { return &builder{ids: map[string]decl{}, seedFile: true} }

func (b *builder) fail(e *Error) { b.errs = append(b.errs, e) }

// declare registers every id a file defines, before any reference is checked,
// so files may refer to each other in any order.
func (b *builder) declare(d *doc, f *file) {
	b.files = append(b.files, parsed{d, f})
	root := loc{doc: d, path: "$"}
	for i, x := range f.Sources {
		b.add(x.ID, "Source", root.index("sources", i))
	}
	for i, x := range f.Entities {
		b.add(x.ID, x.Type, root.index("entities", i))
	}
	for i, x := range f.Agreements {
		b.add(x.ID, "Agreement", root.index("agreements", i))
	}
	for i, x := range f.Statements {
		b.add(x.ID, "Statement", root.index("statements", i))
	}
	for i, x := range f.Events {
		b.add(x.ID, "Event", root.index("events", i))
	}
	for i, x := range f.Incidents {
		b.add(x.ID, "Incident", root.index("incidents", i))
	}
}

func (b *builder) add(id, kind string, at loc) {
	if prev, ok := b.ids[id]; ok {
		b.fail(at.at(".id").errorf("id %q is already defined at %s:%d", id, prev.at.doc.name, prev.at.doc.line(prev.at.path)))
		return
	}
	b.ids[id] = decl{kind: kind, at: at}
}

// ref checks that id is defined with one of the allowed kinds ("" allows any).
func (b *builder) ref(id string, at loc, allowed ...string) bool {
	kind := ""
	if d, ok := b.ids[id]; ok {
		kind = d.kind
	} else if k, ok := b.external[id]; ok {
		kind = k
	}
	switch {
	case kind == "" && b.collecting:
		b.missing[id] = true
		return true
	case kind == "" && b.external != nil:
		b.fail(at.errorf("%q is not an entity of the graph, nor defined here", id))
		return false
	case kind == "":
		b.fail(at.errorf("%q is not defined in any seed file", id))
		return false
	case len(allowed) > 0 && !slices.Contains(allowed, kind):
		b.fail(at.errorf("%q is a %s; here it must be a %s", id, kind, strings.Join(allowed, " or ")))
		return false
	}
	return true
}

func (b *builder) refs(ids []string, at loc, field string, allowed ...string) []string {
	var ok []string
	for i, id := range ids {
		if b.ref(id, at.index(field, i), allowed...) {
			ok = append(ok, id)
		}
	}
	return ok
}

// date parses an optional date; ok is false when it is absent or refused.
func (b *builder) date(d date, at loc) (graph.Date, bool) {
	if d == "" {
		return graph.Date{}, false
	}
	v, err := graph.ParseDate(string(d))
	if err != nil {
		b.fail(at.errorf("%v", err))
		return graph.Date{}, false
	}
	return v, true
}

// setDate stores a date and, when it is known only to the month or year, its precision.
func (b *builder) setDate(props map[string]any, key string, d date, at loc) (graph.Date, bool) {
	v, ok := b.date(d, at)
	if ok {
		props[key] = v
		if v.Precision != graph.Day {
			props[key+"_precision"] = string(v.Precision)
		}
	}
	return v, ok
}

func (b *builder) node(id, kind string, d *doc, props map[string]any) {
	if b.seedFile {
		props["seed_file"] = fileName(d)
	}
	if _, ok := props["aliases"]; !ok {
		props["aliases"] = []string{}
	}
	for k, v := range props {
		if s, ok := v.(string); ok && s == "" {
			delete(props, k)
		}
		if l, ok := v.([]string); ok && l == nil {
			props[k] = []string{}
		}
	}
	b.ds.Nodes = append(b.ds.Nodes, graph.NodeRecord{ID: id, Kind: kind, Properties: props})
}

// relFact declares a relationship fact (a membership, a position, a
// relation) once: the same key twice would be two versions of one fact.
func (b *builder) relFact(key string, at loc) bool {
	if b.relKeys == nil {
		b.relKeys = map[string]bool{}
	}
	if b.relKeys[key] {
		b.fail(at.errorf("%s is declared twice (the same ends and start date); keep one", key))
		return false
	}
	b.relKeys[key] = true
	return true
}

// rel adds a relationship that the fact named fact declares (graph.FactsOf).
func (b *builder) rel(fact, typ, from, to string, props map[string]any) {
	for k, v := range props {
		if s, ok := v.(string); ok && s == "" {
			delete(props, k)
		}
	}
	b.ds.Relationships = append(b.ds.Relationships, graph.RelationshipRecord{Type: typ, From: from, To: to, Properties: props, Fact: fact})
}

// cited checks a list of source ids and returns it for a relationship's sources property.
func (b *builder) cited(sources []string, at loc) []string {
	return b.refs(sources, at, "sources", "Source")
}

// sourced enforces, for writes and imports, that a fact names its source.
func (b *builder) sourced(sources []string, at loc) {
	if b.provenance && len(sources) == 0 {
		b.fail(at.at(".sources").errorf("every write names its source: cite the id of an existing :Source, or add a new one to this request's sources"))
	}
}

func (b *builder) reportedIn(from string, sources []string) {
	for _, s := range sources {
		b.rel(from, "REPORTED_IN", from, s, map[string]any{})
	}
}

func (b *builder) build() {
	defer func() {
		if b.countries != nil {
			b.buildCountries(b.countries)
		}
	}()
	for _, p := range b.files {
		root := loc{doc: p.doc, path: "$"}
		for i, x := range p.file.Sources {
			b.source(x, p.doc, root.index("sources", i))
		}
		for i, x := range p.file.Entities {
			b.entity(x, p.doc, root.index("entities", i))
		}
		for i, x := range p.file.Agreements {
			b.agreement(x, p.doc, root.index("agreements", i))
		}
		for i, x := range p.file.Statements {
			b.statement(x, p.doc, root.index("statements", i))
		}
		for i, x := range p.file.Events {
			b.event(x, p.doc, root.index("events", i))
		}
		for i, x := range p.file.Incidents {
			b.incident(x, p.doc, root.index("incidents", i))
		}
		for i, x := range p.file.Memberships {
			b.membership(x, root.index("memberships", i))
		}
		for i, x := range p.file.Positions {
			b.position(x, root.index("positions", i))
		}
		for i, x := range p.file.Relations {
			at := root.index("relations", i)
			b.sourced(x.Sources, at)
			sources := b.cited(x.Sources, at)
			if b.ref(x.From, at.at(".from"), "Organization") && b.ref(x.To, at.at(".to"), "Country", "Organization") {
				if key := graph.RelationKey(x.Type, x.From, x.To); b.relFact(key, at) {
					b.rel(key, x.Type, x.From, x.To, map[string]any{"sources": sources, "note": x.Note})
				}
			}
		}
	}
}

func (b *builder) source(x source, d *doc, at loc) {
	props := map[string]any{"name": x.Title, "title": x.Title, "publisher": x.Publisher, "url": x.URL,
		"language": x.Language, "reliability": x.Reliability, "note": x.Note}
	b.setDate(props, "published_on", x.PublishedOn, at.at(".published_on"))
	b.node(x.ID, "Source", d, props)
}

func (b *builder) entity(x entity, d *doc, at loc) {
	b.sourced(x.Sources, at)
	aliases := x.Aliases
	if x.Type == "Country" {
		if x.ISO3 != x.ID {
			b.fail(at.at(".iso3").errorf("a country's id is its ISO alpha-3 code: id %q but iso3 %q", x.ID, x.ISO3))
		}
		aliases = withNames(x.Name, x.Aliases, countryNames(x.ISO2))
	}
	props := map[string]any{"name": x.Name, "aliases": aliases, "description": x.Description,
		"wikidata": x.Wikidata, "iso2": x.ISO2, "iso3": x.ISO3, "kind": x.Kind, "note": x.Note,
		"description_attribution": x.DescriptionAttribution}
	setList(props, "external_ids", x.ExternalIDs)
	if x.Type == "Country" {
		props["iso_numeric"], props["sovereignty"] = x.ISONumeric, x.Sovereignty
		props["region"], props["sub_region"], props["intermediate_region"] = x.Region, x.SubRegion, x.IntermediateRegion
		if x.Independent != nil {
			props["independent"] = *x.Independent
		}
		for k, v := range map[string]int{"region_m49": x.RegionM49, "sub_region_m49": x.SubRegionM49, "intermediate_region_m49": x.IntermediateRegionM49} {
			if v != 0 {
				props[k] = v
			}
		}
	}
	b.node(x.ID, x.Type, d, props)
	b.reportedIn(x.ID, b.cited(x.Sources, at))
}

func (b *builder) agreement(x agreement, d *doc, at loc) {
	cites := slices.Clone(x.Sources)
	for _, o := range x.StatusHistory {
		cites = append(cites, o.Sources...)
	}
	b.sourced(cites, at)
	props := map[string]any{"name": x.Title, "title": x.Title, "aliases": x.Aliases, "scope": x.Scope,
		"topic": x.Topic, "place": x.Place, "note": x.Note}
	b.setDate(props, "signed_on", x.SignedOn, at.at(".signed_on"))
	if x.Scope == "bilateral" && len(x.Parties) != 2 {
		b.fail(at.at(".parties").errorf("a bilateral agreement has exactly 2 parties, this one lists %d", len(x.Parties)))
	}

	// The status history, in date order, becomes parallel lists on the node so
	// an as-of question can pick the last status observed on or before a date.
	type observed struct {
		status string
		on     graph.Date
	}
	var history []observed
	reports := map[string][]string{} // source id -> statuses it reports
	for _, s := range b.cited(x.Sources, at) {
		reports[s] = []string{}
	}
	for i, o := range x.StatusHistory {
		oat := at.index("status_history", i)
		on, ok := b.date(o.Date, oat.at(".date"))
		if !ok {
			continue
		}
		if n := len(history); n > 0 && on.Time.Before(history[n-1].on.Time) {
			b.fail(oat.at(".date").errorf("status history must be in date order: %s comes after %s", on, history[n-1].on))
		}
		history = append(history, observed{o.Status, on})
		for _, s := range b.cited(o.Sources, oat) {
			reports[s] = append(reports[s], o.Status)
		}
	}
	statuses, dates, precisions := []string{}, []graph.Date{}, []string{}
	for _, h := range history {
		statuses = append(statuses, h.status)
		dates = append(dates, h.on)
		precisions = append(precisions, string(h.on.Precision))
	}
	props["status_history"], props["status_dates"], props["status_precisions"] = statuses, dates, precisions
	if n := len(history); n > 0 {
		props["status"] = history[n-1].status
		props["status_on"] = history[n-1].on
	}
	b.node(x.ID, "Agreement", d, props)

	sources := slices.Sorted(maps.Keys(reports))
	for _, s := range sources {
		b.rel(x.ID, "REPORTED_IN", x.ID, s, map[string]any{"reports": reports[s]})
	}
	for _, p := range b.refs(x.Parties, at, "parties", "Country", "Bloc") {
		b.rel(x.ID, "PARTY_TO", p, x.ID, map[string]any{"sources": sources})
	}
	if x.Within != "" && b.ref(x.Within, at.at(".within"), "Bloc") {
		b.rel(x.ID, "WITHIN", x.ID, x.Within, map[string]any{"sources": sources})
	}
}

func (b *builder) statement(x statement, d *doc, at loc) {
	b.sourced(x.Sources, at)
	name := x.Name
	if name == "" {
		name = shorten(x.Summary, 80)
	}
	props := map[string]any{"name": name, "summary": x.Summary, "language": x.Language, "kind": x.Kind, "note": x.Note}
	if x.Confidence != nil {
		props["confidence"] = *x.Confidence
	}
	if x.ClaimedCount != nil {
		props["claimed_count"] = *x.ClaimedCount
	}
	b.setDate(props, "said_on", x.SaidOn, at.at(".said_on"))
	b.node(x.ID, "Statement", d, props)
	sources := b.cited(x.Sources, at)
	b.reportedIn(x.ID, sources)
	if b.ref(x.By, at.at(".by"), "Person", "Organization", "Country", "Bloc") {
		b.rel(x.ID, "BY", x.ID, x.By, map[string]any{"sources": sources})
	}
	for _, a := range b.refs(x.About, at, "about") {
		b.rel(x.ID, "ABOUT", x.ID, a, map[string]any{"sources": sources})
	}
	for i, a := range x.Attributes {
		if b.ref(a.Actor, at.index("attributes", i).at(".actor")) {
			b.rel(x.ID, "ATTRIBUTES", x.ID, a.Actor, map[string]any{"verdict": a.Verdict, "sources": sources})
		}
	}
	for _, t := range b.refs(x.Targeted, at, "targeted") {
		b.rel(x.ID, "TARGETED", x.ID, t, map[string]any{"sources": sources})
	}
}

func (b *builder) event(x event, d *doc, at loc) {
	b.sourced(x.Sources, at)
	props := map[string]any{"name": x.Name, "aliases": x.Aliases, "kind": x.Kind, "place": x.Place,
		"wikidata": x.Wikidata, "note": x.Note}
	b.setDate(props, "date", x.Date, at.at(".date"))
	b.node(x.ID, "Event", d, props)
	sources := b.cited(x.Sources, at)
	b.reportedIn(x.ID, sources)
	for _, p := range b.refs(x.Attendees, at, "attendees", "Person") {
		b.rel(x.ID, "ATTENDED", p, x.ID, map[string]any{"sources": sources})
	}
	for _, a := range b.refs(x.Produced, at, "produced", "Agreement") {
		b.rel(x.ID, "PRODUCED", x.ID, a, map[string]any{"sources": sources})
	}
}

func (b *builder) incident(x incident, d *doc, at loc) {
	b.sourced(x.Sources, at)
	props := map[string]any{"name": x.Name, "aliases": x.Aliases, "kind": x.Kind, "wikidata": x.Wikidata,
		"description": x.Description, "note": x.Note, "description_attribution": x.DescriptionAttribution}
	setList(props, "external_ids", x.ExternalIDs)
	started, okStart := b.setDate(props, "started_on", x.StartedOn, at.at(".started_on"))
	ended, okEnd := b.setDate(props, "ended_on", x.EndedOn, at.at(".ended_on"))
	if okStart && okEnd && ended.Time.Before(started.Time) {
		b.fail(at.at(".ended_on").errorf("ended_on (%s) comes before started_on (%s)", ended, started))
	}
	b.node(x.ID, "Incident", d, props)
	sources := b.cited(x.Sources, at)
	b.reportedIn(x.ID, sources)
	for _, t := range b.refs(x.Targeted, at, "targeted") {
		b.rel(x.ID, "TARGETED", x.ID, t, map[string]any{"sources": sources})
	}
	for _, c := range b.refs(x.CarriedOutBy, at, "carried_out_by") {
		b.rel(x.ID, "CARRIED_OUT_BY", x.ID, c, map[string]any{"sources": sources})
	}
}

func (b *builder) membership(x membership, at loc) {
	b.sourced(x.Sources, at)
	props := map[string]any{"role": x.Role, "note": x.Note, "sources": b.cited(x.Sources, at)}
	since, okSince := b.setDate(props, "since", x.Since, at.at(".since"))
	until, okUntil := b.setDate(props, "until", x.Until, at.at(".until"))
	if okSince && okUntil && !since.Time.Before(until.Time) {
		b.fail(at.at(".until").errorf("until (%s) must come after since (%s)", until, since))
	}
	if b.ref(x.Country, at.at(".country"), "Country") && b.ref(x.Bloc, at.at(".bloc"), "Bloc") {
		if key := graph.MembershipKey(x.Country, x.Bloc, string(x.Since)); b.relFact(key, at) {
			b.rel(key, "MEMBER_OF", x.Country, x.Bloc, props)
		}
	}
}

func (b *builder) position(x position, at loc) {
	b.sourced(x.Sources, at)
	props := map[string]any{"title": x.Title, "note": x.Note, "sources": b.cited(x.Sources, at)}
	since, okSince := b.setDate(props, "since", x.Since, at.at(".since"))
	until, okUntil := b.setDate(props, "until", x.Until, at.at(".until"))
	if okSince && okUntil && until.Time.Before(since.Time) {
		b.fail(at.at(".until").errorf("until (%s) comes before since (%s)", until, since))
	}
	if b.ref(x.Person, at.at(".person"), "Person") && b.ref(x.Organization, at.at(".organization"), "Organization") {
		if key := graph.PositionKey(x.Person, x.Organization, string(x.Since)); b.relFact(key, at) {
			b.rel(key, "HOLDS_POSITION", x.Person, x.Organization, props)
		}
	}
}

// setList sets a list property only when it has items: a property that
// was never there does not become an empty list on every existing entity
// (which a re-seed would record as a new version of each).
func setList(props map[string]any, key string, items []string) {
	if len(items) > 0 {
		props[key] = items
	}
}

func shorten(s string, n int) string {
	if len([]rune(s)) <= n {
		return s
	}
	cut := string([]rune(s)[:n])
	if i := strings.LastIndex(cut, " "); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:.") + "…"
}
