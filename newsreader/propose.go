package newsreader

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/opendata"
)

// Proposal is what the reader submits for review: candidate facts in the
// seed's format, the article as their :Source, and each fact's evidence.
type Proposal struct {
	Document []byte
	Evidence []graph.Evidence
	Matches  []graph.Match // candidates the graph holds already
	Source   string
	Skipped  []string // candidates the schema cannot hold yet, and why
}

// SourceID is the :Source id of an article: the same text gives the same id.
func SourceID(a Article) string {
	sum := sha256.Sum256([]byte(a.Text))
	return "src-article-" + hex.EncodeToString(sum[:6])
}

// Propose turns candidates into one proposal citing the article. known
// are the graph's entities, by id: their names word the facts, their kinds
// say where a position can be held.
func Propose(a Article, language string, candidates []Candidate, known map[string]graph.Named) (*Proposal, error) {
	src := SourceID(a)
	title := strings.TrimSpace(strings.SplitN(strings.TrimSpace(a.Text), "\n", 2)[0])
	if len([]rune(title)) > 200 {
		title = string([]rune(title)[:200])
	}
	source := opendata.Source{ID: src, Title: title, Language: language, PublishedOn: graph.Today(a.Published).Format("2006-01-02"),
		Reliability: "F", Note: "Read by cyberkg ingest; every fact proposed from it carries the words that state it."}
	if a.URL != "" {
		source.URL = a.URL
		if u, err := url.Parse(a.URL); err == nil {
			source.Publisher = strings.TrimPrefix(u.Hostname(), "www.")
		}
	}
	if source.Publisher == "" {
		source.Publisher = "unknown"
	}
	p := &Proposal{Source: src}
	doc := opendata.Document{Sources: []opendata.Source{source}}
	kinds := map[string]string{}
	for id, n := range known {
		kinds[id] = n.Kind
	}
	newNames := map[string]string{}
	for _, c := range candidates {
		if c.Kind == "entity" {
			kinds[c.Subject] = entityKinds[c.Relation]
			newNames[c.Subject] = c.Name
		}
	}
	name := func(id string) string {
		if n := known[id].Name; n != "" {
			return n
		}
		if n := newNames[id]; n != "" {
			return n
		}
		return id
	}
	for _, c := range candidates {
		key := fmt.Sprintf("%s-%d", strings.TrimPrefix(src, "src-article-"), c.Evidence.Start)
		var fact string
		if c.Existing != "" {
			start, end := c.Evidence.Start, c.Evidence.End
			p.Matches = append(p.Matches, graph.Match{Fact: c.Existing, Relation: c.Match, Says: says(c, name), Note: c.Note,
				Evidence: graph.Evidence{Fact: c.Existing, Source: src, Quote: c.Evidence.Quote, Start: &start, End: &end}})
			continue
		}
		switch c.Kind {
		case "agreement":
			if len(c.Parties) != 2 || c.Date == "" {
				p.Skipped = append(p.Skipped, c.String()+": a bilateral agreement needs two parties and a date")
				continue
			}
			fact = "agr-" + strings.ToLower(c.Parties[0]+"-"+c.Parties[1]) + "-" + key
			ag := opendata.Agreement{ID: fact, Title: fmt.Sprintf("Cooperation agreement between %s and %s", name(c.Parties[0]), name(c.Parties[1])),
				Scope: "bilateral", Topic: "international-information-security", Parties: c.Parties, Within: c.Object,
				StatusHistory: []opendata.Status{{Status: c.Status, Date: c.Date, Sources: []string{src}}}, Sources: []string{src}}
			if c.Status == "signed" {
				ag.SignedOn = c.Date
			}
			doc.Agreements = append(doc.Agreements, ag)
		case "statement", "attribution":
			fact = "stm-" + strings.ToLower(c.Subject) + "-" + key
			if c.Kind == "attribution" {
				fact += "-" + c.Relation // a sentence may state both, by one speaker
			}
			st := opendata.Statement{ID: fact, By: c.Subject, Kind: cameo(c.Relation), Sources: []string{src},
				Summary: summary(c, name), Language: language}
			if c.Date != "" {
				d := c.Date
				st.SaidOn = &d
			}
			conf := c.Confidence
			st.Confidence = &conf
			for _, id := range []string{c.About, c.Object} {
				if id != "" && id != c.Subject {
					st.About = append(st.About, id)
				}
			}
			if c.Verdict != "" && c.Object != "" {
				st.Attributes = []opendata.Attribution{{Actor: c.Object, Verdict: c.Verdict}}
			}
			doc.Statements = append(doc.Statements, st)
		case "membership":
			if c.Date == "" {
				p.Skipped = append(p.Skipped, c.String()+": a membership needs the date it began, and the text gives none")
				continue
			}
			fact = graph.MembershipKey(c.Subject, c.Object, c.Date)
			doc.Memberships = append(doc.Memberships, opendata.Membership{Country: c.Subject, Bloc: c.Object, Since: c.Date, Sources: []string{src}})
		case "event":
			fact = "evt-" + c.Relation + "-" + key
			var names []string
			for _, id := range c.Parties {
				names = append(names, name(id))
			}
			doc.Events = append(doc.Events, opendata.Event{ID: fact, Name: cmp.Or(eventNames[c.Relation], "Event") + " of " + strings.Join(names, " and "),
				Kind: c.Relation, Date: c.Date, Place: c.Place, Attendees: c.Parties, Sources: []string{src}})
		case "entity":
			fact = c.Subject
			e := opendata.Entity{ID: c.Subject, Type: kinds[c.Subject], Name: c.Name, Sources: []string{src},
				Note: "Named in an article the news reader read; nothing else is known of it yet."}
			if e.Type == "Organization" {
				e.Kind = organisationKind(c.Name)
			}
			doc.Entities = append(doc.Entities, e)
		case "position":
			if kinds[c.Object] != "Organization" {
				p.Skipped = append(p.Skipped, c.String()+": a position is held in an organisation, and the text names none before the person")
				continue
			}
			fact = graph.PositionKey(c.Subject, c.Object, "")
			doc.Positions = append(doc.Positions, opendata.Position{Person: c.Subject, Organization: c.Object,
				Title: positionTitle(c.Relation), Sources: []string{src}})
		default:
			p.Skipped = append(p.Skipped, c.String()+": the schema has no place for it yet")
			continue
		}
		start, end := c.Evidence.Start, c.Evidence.End
		p.Evidence = append(p.Evidence, graph.Evidence{Fact: fact, Source: src, Quote: c.Evidence.Quote, Start: &start, End: &end})
	}
	if len(p.Evidence) == 0 {
		// Every fact matched one the graph holds: the proposal is the
		// article alone, with its matches for the reviewer.
		p.Evidence = append(p.Evidence, graph.Evidence{Source: src})
	}
	data, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	p.Document = data
	return p, nil
}

var eventNames = map[string]string{"summit": "Summit", "meeting": "Meeting", "phone-call": "Phone call"}

var entityKinds = map[string]string{"new-person": "Person", "new-organization": "Organization"}

// positionTitles word a position's relation as the seed writes titles.
var positionTitles = map[string]string{"deputy-secretary": "Deputy Secretary", "press-secretary": "Press Secretary",
	"assistant-to-the-president": "Assistant to the President", "president": "President", "foreign-minister": "Foreign Minister"}

func positionTitle(relation string) string {
	if t := positionTitles[relation]; t != "" {
		return t
	}
	return strings.ReplaceAll(relation, "-", " ")
}

// organisationKind guesses a new organisation's kind from its first word:
// ministries, councils and agencies are government bodies.
func organisationKind(name string) string {
	first, _, _ := strings.Cut(strings.ToLower(name), " ")
	for _, w := range []string{"kementerian", "dewan", "badan", "ministry", "council", "agency", "министерство", "совет",
		"федеральная", "служба", "агентство", "komite", "committee", "комитет", "department", "departemen", "direktorat"} {
		if first == w {
			return "government-body"
		}
	}
	return "other"
}

// says is what the article says of a fact the graph holds, in words.
func says(c Candidate, name func(string) string) string {
	var parties []string
	for _, id := range c.Parties {
		parties = append(parties, name(id))
	}
	s := strings.Join(parties, " and ") + ": " + cmp.Or(c.Status, c.Relation)
	if c.Date != "" {
		s += " on " + c.Date
	}
	return s
}

// cameo is the CAMEO code of a statement's relation.
func cameo(relation string) string {
	switch relation {
	case "agreed":
		return "030" // express intent to cooperate
	case "accused", "alleged":
		return "112" // accuse
	case "not-confirmed", "not-a-state":
		return "010" // make statement
	}
	return "010"
}

// summary is the fact's own wording: who did what, never the article's.
func summary(c Candidate, name func(string) string) string {
	verb := map[string]string{"said": "made a statement", "agreed": "agreed", "accused": "made an accusation",
		"not-confirmed": "did not confirm a reported attribution", "not-a-state": "said a non-state group was behind it"}[c.Relation]
	if c.Relation == "alleged" {
		verb = "alleged a link to " + name(c.Object)
	}
	if verb == "" {
		verb = c.Relation
	}
	s := name(c.Subject) + " " + verb
	if c.Object != "" && c.Relation != "alleged" {
		s += " concerning " + name(c.Object)
	}
	if c.About != "" {
		s += " (" + name(c.About) + ")"
	}
	return s + ", as an article reports; the evidence quotes it."
}
