// Package generate makes a synthetic graph for benchmarks at scale: sources,
// blocs with membership histories, speakers, threat actors, incidents,
// agreements with status histories and statements with attributions, over
// the real countries of the seed. The same seed and scale give the same
// facts, in the seed's own format, so they are validated and written by the
// import path like any real import (Load). Every id starts with gen- and
// every name says "Synthetic", so nobody mistakes them for real facts.
package generate

import (
	"fmt"
	"iter"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/cyberkg/cyberkg/seed"
)

// MinScale is the smallest graph worth generating: below it the fixed
// parts (a dozen blocs with their members) would be most of it.
const MinScale = 1000

// Plan is how many facts of each kind a scale gives: the mix
// (100,000 agreements to 1,000,000 statements, a few thousand sources,
// speakers and blocs' facts), so that a scale of 1,100,000 is the issue's
// graph. Memberships are what the blocs' histories come to; statements take
// the rest, so the plan adds up to the scale exactly.
type Plan struct {
	Scale       int `json:"scale"`
	Sources     int `json:"sources"`
	Blocs       int `json:"blocs"`
	Memberships int `json:"memberships"`
	Speakers    int `json:"speakers"`
	Actors      int `json:"threat_actors"`
	Incidents   int `json:"incidents"`
	Agreements  int `json:"agreements"`
	Statements  int `json:"statements"`
}

// Generator makes the facts of one seed and scale.
type Generator struct {
	seed      uint64
	plan      Plan
	countries []string
	blocs     []bloc
	speakers  []speaker
}

// bloc is a synthetic bloc with its membership history.
type bloc struct {
	id      string
	founded time.Time
	members []Membership
	current []string // the countries whose last membership is still open
}

type speaker struct {
	id, kind string // kind: Person, or an organisation's kind
	country  string // whose official, agency or outlet it is
}

// Each part of the graph draws from its own random stream: a change in how
// one kind is made leaves the others as they were.
const (
	streamBlocs uint64 = iota + 1 // the blocs and their members
	streamSources
	streamSpeakers // who the speakers are
	streamActors
	streamIncidents
	streamAgreements
	streamStatements
	streamBlocEntities    // the blocs' own sources and aliases
	streamSpeakerEntities // the speakers' sources
)

// New plans the graph of scale facts over countries (ISO alpha-3 ids, the
// graph's; their order does not matter) and makes its blocs, whose
// memberships the plan counts. It refuses a scale under MinScale and a
// country list too short to make blocs of.
func New(seed uint64, scale int, countries []string) (*Generator, error) {
	if scale < MinScale {
		return nil, fmt.Errorf("scale %d: a generated graph has at least %d facts", scale, MinScale)
	}
	if len(countries) < 30 {
		return nil, fmt.Errorf("%d countries: a generated graph needs at least 30 (load the seed, which has all of ISO 3166)", len(countries))
	}
	g := &Generator{seed: seed, countries: sortedCopy(countries), plan: Plan{Scale: scale,
		Sources:    max(10, scale/220),
		Blocs:      min(48, max(12, scale/27500)),
		Speakers:   max(10, scale/1100),
		Actors:     max(3, scale/11000),
		Incidents:  max(3, scale/2200),
		Agreements: scale / 11,
	}}
	g.makeBlocs()
	g.makeSpeakers()
	p := &g.plan
	for _, b := range g.blocs {
		p.Memberships += len(b.members)
	}
	p.Statements = scale - p.Sources - p.Blocs - p.Memberships - p.Speakers - p.Actors - p.Incidents - p.Agreements
	return g, nil
}

// Plan is what the generator makes.
func (g *Generator) Plan() Plan { return g.plan }

func (g *Generator) rng(stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(g.seed, stream))
}

// Facts yields every fact, one item each, in an order where each names
// only what comes before it or itself: sources, blocs, speakers, threat
// actors, incidents, memberships, agreements, statements. Nothing is kept
// once yielded but the blocs and speakers.
func (g *Generator) Facts() iter.Seq[Item] {
	return func(yield func(Item) bool) {
		r := g.rng(streamSources)
		for i := range g.plan.Sources {
			if !yield(Item{Source: g.source(r, i)}) {
				return
			}
		}
		r = g.rng(streamBlocEntities)
		for i, b := range g.blocs {
			if !yield(Item{Entity: g.blocEntity(r, i, b)}) {
				return
			}
		}
		r = g.rng(streamSpeakerEntities)
		for i, s := range g.speakers {
			if !yield(Item{Entity: g.speakerEntity(r, i, s)}) {
				return
			}
		}
		r = g.rng(streamActors)
		for i := range g.plan.Actors {
			if !yield(Item{Entity: g.actor(r, i)}) {
				return
			}
		}
		r = g.rng(streamIncidents)
		for i := range g.plan.Incidents {
			if !yield(Item{Incident: g.incident(r, i)}) {
				return
			}
		}
		for _, b := range g.blocs {
			for j := range b.members {
				if !yield(Item{Membership: &b.members[j]}) {
					return
				}
			}
		}
		r = g.rng(streamAgreements)
		for i := range g.plan.Agreements {
			if !yield(Item{Agreement: g.agreement(r, i)}) {
				return
			}
		}
		r = g.rng(streamStatements)
		for i := range g.plan.Statements {
			if !yield(Item{Statement: g.statement(r, i)}) {
				return
			}
		}
	}
}

// Batches yields the facts in documents of at most size facts each.
func (g *Generator) Batches(size int) iter.Seq[*Document] {
	return func(yield func(*Document) bool) {
		d := &Document{}
		n := 0
		for it := range g.Facts() {
			d.add(it)
			if n++; n == size {
				if !yield(d) {
					return
				}
				d, n = &Document{}, 0
			}
		}
		if n > 0 {
			yield(d)
		}
	}
}

// Names and ids: obviously synthetic, and the seed's own, so that graphs
// of two seeds stand side by side rather than correcting each other.
func (g *Generator) id(kind string, width, i int) string {
	return fmt.Sprintf("gen-s%d-%s-%0*d", g.seed, kind, width, i+1)
}
func (g *Generator) sourceID(i int) string    { return g.id("src", 5, i) }
func (g *Generator) blocID(i int) string      { return g.id("bloc", 4, i) }
func (g *Generator) speakerID(i int) string   { return g.id("speaker", 5, i) }
func (g *Generator) actorID(i int) string     { return g.id("actor", 4, i) }
func (g *Generator) incidentID(i int) string  { return g.id("inc", 5, i) }
func (g *Generator) agreementID(i int) string { return g.id("agr", 6, i) }
func (g *Generator) statementID(i int) string { return g.id("st", 7, i) }

var (
	epoch     = time.Date(1992, 1, 1, 0, 0, 0, 0, time.UTC)
	lastDay   = time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
	languages = []string{"en", "en", "en", "ru", "zh", "fr", "es", "ar", "id", "pt"}
	// The Admiralty grades, the middling ones more often, as in real reporting.
	reliabilities = []string{"A", "B", "B", "C", "C", "C", "D", "D", "E", "F"}
	publishers    = 60
	orgKinds      = []string{"government-body", "government-body", "media-outlet", "company", "international-organization", "non-profit"}
	topics        = []string{"international-information-security", "international-information-security", "cybercrime",
		"critical-infrastructure-protection", "cyber-incident-response", "data-protection"}
	incidentKinds = []string{"ransomware", "espionage", "ddos", "wiper", "supply-chain-compromise", "data-breach"}
	// CAMEO codes of what officials say about each other: make a statement,
	// express intent to cooperate, to meet, consult, sign, praise, accuse,
	// reject, threaten; accusation (112) for attributions.
	cooperationKinds = []string{"010", "030", "036", "040", "043", "051", "057", "111", "112", "125", "130"}
	verdicts         = []string{"alleged", "alleged", "alleged", "alleged", "confirmed", "denied"}
)

func day(t time.Time) string { return t.Format(time.DateOnly) }

// between is a day uniformly in [from, to].
func between(r *rand.Rand, from, to time.Time) time.Time {
	days := int(to.Sub(from).Hours() / 24)
	if days <= 0 {
		return from
	}
	return from.AddDate(0, 0, r.IntN(days+1))
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// sourcesFor cites one to three distinct sources.
func (g *Generator) sourcesFor(r *rand.Rand) []string {
	n := 1 + r.IntN(3)
	if n == 3 && r.IntN(2) == 0 {
		n = 1 // most facts cite one or two
	}
	out := make([]string, 0, n)
	for len(out) < n {
		s := g.sourceID(r.IntN(g.plan.Sources))
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func (g *Generator) source(r *rand.Rand, i int) *Source {
	pub := 1 + r.IntN(publishers)
	return &Source{ID: g.sourceID(i), Title: fmt.Sprintf("Synthetic report %d", i+1), Publisher: fmt.Sprintf("Synthetic publisher %d", pub),
		URL: fmt.Sprintf("https://example.org/gen/%d/%s", pub, g.sourceID(i)), Language: pick(r, languages),
		PublishedOn: day(between(r, epoch, lastDay)), Reliability: pick(r, reliabilities)}
}

// makeBlocs makes the blocs and their membership histories: founding
// members, states that joined later, some that left and a few that came
// back.
func (g *Generator) makeBlocs() {
	r := g.rng(streamBlocs)
	for i := range g.plan.Blocs {
		b := bloc{id: g.blocID(i), founded: between(r, epoch, time.Date(2020, 12, 31, 0, 0, 0, 0, time.UTC))}
		size := 3 + r.IntN(22)
		seen := map[string]bool{}
		for len(seen) < size {
			c := pick(r, g.countries)
			if seen[c] {
				continue
			}
			seen[c] = true
			founding := len(seen) <= 3 || r.IntN(3) == 0
			since, role := b.founded, "founding-member"
			if !founding {
				since, role = between(r, b.founded.AddDate(0, 1, 0), lastDay.AddDate(-1, 0, 0)), "member"
			}
			m := Membership{Country: c, Bloc: b.id, Since: day(since), Role: role, Sources: g.sourcesForBloc(r)}
			if r.IntN(6) == 0 { // left
				until := between(r, since.AddDate(0, 6, 0), lastDay)
				m.Until = day(until)
				b.members = append(b.members, m)
				if r.IntN(3) == 0 && until.Before(lastDay.AddDate(-1, 0, 0)) { // and came back
					back := between(r, until.AddDate(0, 1, 0), lastDay)
					b.members = append(b.members, Membership{Country: c, Bloc: b.id, Since: day(back), Role: "member",
						Sources: g.sourcesForBloc(r)})
					b.current = append(b.current, c)
				}
				continue
			}
			b.members = append(b.members, m)
			b.current = append(b.current, c)
		}
		g.blocs = append(g.blocs, b)
	}
}

// sourcesForBloc cites a source for a bloc's fact: the sources exist
// before any bloc is written.
func (g *Generator) sourcesForBloc(r *rand.Rand) []string {
	return []string{g.sourceID(r.IntN(g.plan.Sources))}
}

func (g *Generator) blocEntity(r *rand.Rand, i int, b bloc) *Entity {
	return &Entity{ID: b.id, Type: "Bloc", Name: fmt.Sprintf("Synthetic bloc %d", i+1),
		Aliases: []string{fmt.Sprintf("SB%d", i+1)}, Sources: g.sourcesFor(r)}
}

// makeSpeakers picks who the speakers are: officials (persons) and
// organisations (ministries, outlets, companies), each of a country.
func (g *Generator) makeSpeakers() {
	r := g.rng(streamSpeakers)
	for i := range g.plan.Speakers {
		kind := "Person"
		if r.IntN(5) < 2 {
			kind = pick(r, orgKinds)
		}
		g.speakers = append(g.speakers, speaker{id: g.speakerID(i), kind: kind, country: pick(r, g.countries)})
	}
}

func (g *Generator) speakerEntity(r *rand.Rand, i int, s speaker) *Entity {
	e := &Entity{ID: s.id, Type: "Person", Name: fmt.Sprintf("Synthetic person %d", i+1), Sources: g.sourcesFor(r),
		Description: fmt.Sprintf("A synthetic official of %s, made by cyberkg generate.", s.country)}
	if s.kind != "Person" {
		e.Type, e.Kind = "Organization", s.kind
		e.Name = fmt.Sprintf("Synthetic %s %d", s.kind, i+1)
		e.Description = fmt.Sprintf("A synthetic %s of %s, made by cyberkg generate.", s.kind, s.country)
	}
	return e
}

func (g *Generator) actor(r *rand.Rand, i int) *Entity {
	return &Entity{ID: g.actorID(i), Type: "ThreatActor", Name: fmt.Sprintf("Synthetic actor %d", i+1),
		Aliases: []string{fmt.Sprintf("SYN-APT-%d", i+1)}, Sources: g.sourcesFor(r)}
}

func (g *Generator) incident(r *rand.Rand, i int) *Incident {
	kind := pick(r, incidentKinds)
	return &Incident{ID: g.incidentID(i), Name: fmt.Sprintf("Synthetic %s incident %d", kind, i+1), Kind: kind,
		StartedOn: day(between(r, time.Date(2005, 1, 1, 0, 0, 0, 0, time.UTC), lastDay)),
		Targeted:  []string{pick(r, g.countries)}, Sources: g.sourcesFor(r)}
}

// statuses is the life of an agreement, in order.
var statuses = []string{"draft", "ready-to-sign", "signed", "in-force", "terminated"}

// agreement is bilateral between two countries, or (one in ten) within a
// bloc among three to six of its current members; its status history goes
// as far as it got, each step dated after the one before and reported by a
// source.
func (g *Generator) agreement(r *rand.Rand, i int) *Agreement {
	a := &Agreement{ID: g.agreementID(i), Scope: "bilateral", Topic: pick(r, topics), Sources: g.sourcesFor(r)}
	begun := time.Date(1998, 1, 1, 0, 0, 0, 0, time.UTC)
	if r.IntN(10) == 0 {
		b := g.blocs[r.IntN(len(g.blocs))]
		n := min(len(b.current), 3+r.IntN(4))
		if n >= 3 {
			a.Scope, a.Within = "multilateral", b.id
			begun = b.founded.AddDate(0, 1, 0)
			for _, j := range r.Perm(len(b.current))[:n] {
				a.Parties = append(a.Parties, b.current[j])
			}
		}
	}
	if a.Scope == "bilateral" {
		x := r.IntN(len(g.countries))
		y := r.IntN(len(g.countries) - 1)
		if y >= x {
			y++
		}
		a.Parties = []string{g.countries[x], g.countries[y]}
	}
	a.Title = fmt.Sprintf("Synthetic agreement %d on %s (%s)", i+1, a.Topic, joinParties(a.Parties))
	// How far it got: most were signed, many are in force, a few ended.
	last := []int{0, 1, 2, 2, 3, 3, 3, 4}[r.IntN(8)]
	on := between(r, begun, lastDay.AddDate(-2, 0, 0))
	for s := 0; s <= last; s++ {
		if s > 0 {
			on = on.AddDate(0, 0, 1+r.IntN(400))
			if on.After(lastDay) {
				break
			}
		}
		a.StatusHistory = append(a.StatusHistory, Status{Status: statuses[s], Date: day(on), Sources: []string{g.sourceID(r.IntN(g.plan.Sources))}})
		if statuses[s] == "signed" {
			a.SignedOn = day(on)
		}
	}
	return a
}

// statement is one speaker's words about a country, or (one in ten) an
// attribution: about an incident, attributing it to a threat actor or a
// state, with a verdict.
func (g *Generator) statement(r *rand.Rand, i int) *Statement {
	sp := g.speakers[r.IntN(len(g.speakers))]
	conf := r.IntN(101)
	said := day(between(r, time.Date(2005, 1, 1, 0, 0, 0, 0, time.UTC), lastDay))
	s := &Statement{ID: g.statementID(i), By: sp.id, SaidOn: &said,
		Language: pick(r, languages), Kind: pick(r, cooperationKinds), Confidence: &conf, Sources: g.sourcesFor(r)}
	if r.IntN(10) == 0 {
		inc := r.IntN(g.plan.Incidents)
		actor := g.actorID(r.IntN(g.plan.Actors))
		if r.IntN(3) == 0 {
			actor = pick(r, g.countries)
		}
		s.Kind = "112"
		s.About = []string{g.incidentID(inc)}
		s.Attributes = []Attribution{{Actor: actor, Verdict: pick(r, verdicts)}}
		s.Summary = fmt.Sprintf("Synthetic statement %d: %s on %s and %s", i+1, sp.id, g.incidentID(inc), actor)
		return s
	}
	about := pick(r, g.countries)
	s.About = []string{about}
	s.Summary = fmt.Sprintf("Synthetic statement %d: %s (%s) on %s", i+1, sp.id, sp.country, about)
	return s
}

// Countries are the ids of the built-in seed's countries, all of ISO 3166
// (seed/data/country-codes.csv): the ones a seeded graph holds.
func Countries() ([]string, error) {
	ds, err := seed.Parse(seed.Files())
	if err != nil {
		return nil, fmt.Errorf("read the seed's countries: %w", err)
	}
	var out []string
	for _, n := range ds.Nodes {
		if n.Kind == "Country" {
			out = append(out, n.ID)
		}
	}
	return out, nil
}
