// Package newsreader reads a news article and proposes the facts it states,
// each with its evidence: the words that state it, as character offsets
// into the text and the quoted span. It runs offline: entity mentions come
// from a gazetteer of the graph's own names (newsreader/mentions), dates
// from go-dateparser (newsreader/dates), and relations from phrase lists,
// one data file per language (patterns/). An analyst reviews what it
// proposes before anything enters the graph.
package newsreader

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/newsreader/dates"
	"github.com/cyberkg/cyberkg/newsreader/lang"
	"github.com/cyberkg/cyberkg/newsreader/mentions"
	"github.com/cyberkg/cyberkg/opendata"
)

// Article is one text to read.
type Article struct {
	Text      string
	Lang      string // id, ru, en; "" or "auto" to detect
	Published time.Time
	URL       string
}

// Evidence is where the text states a candidate fact: character (Unicode
// code point) offsets, end exclusive, and the quoted span.
type Evidence struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Quote string `json:"quote"`
}

// Candidate is one fact the reader proposes, in the schema's terms, with
// every entity by its graph id.
type Candidate struct {
	Kind          string   `json:"kind"` // agreement, statement, attribution, membership, position, event, entity
	Subject       string   `json:"subject,omitempty"`
	Object        string   `json:"object,omitempty"`
	Parties       []string `json:"parties,omitempty"`
	About         string   `json:"about,omitempty"` // an attribution's incident
	Relation      string   `json:"relation"`
	Date          string   `json:"date,omitempty"`
	DatePrecision string   `json:"date_precision,omitempty"`
	Status        string   `json:"status,omitempty"`
	Verdict       string   `json:"verdict,omitempty"`
	Name          string   `json:"name,omitempty"`  // a new entity's name; its proposed id is the subject
	Place         string   `json:"place,omitempty"` // an event's, as the text names it
	Evidence      Evidence `json:"evidence"`
	Confidence    int      `json:"confidence"`
	Note          string   `json:"note,omitempty"`
	// Existing is the graph's fact this one matches (the same agreement),
	// and Match how: graph.MatchSecondSource or graph.MatchConflict; the
	// note says it in words.
	Existing string `json:"existing,omitempty"`
	Match    string `json:"match,omitempty"`
}

// Reader reads articles against what the graph knows.
type Reader struct {
	named    []graph.Named
	names    *mentions.Gazetteer
	patterns map[string]*Patterns
}

// NewReader indexes the graph's names.
func NewReader(named []graph.Named) (*Reader, error) {
	p, err := LoadPatterns()
	if err != nil {
		return nil, err
	}
	return &Reader{named: named, names: mentions.New(named), patterns: p}, nil
}

// merge adds the mentions of new entities to those of known ones, both in
// text order. Where they overlap the longer wins, as one gazetteer of both
// would choose: "Dewan Keamanan Federasi Rusia", a new body, over the
// country "Federasi Rusia" inside it.
func merge(known, added []mentions.Mention) []mentions.Mention {
	out := slices.Clone(known)
	for _, m := range added {
		inside := func(k mentions.Mention) bool { return k.Start >= m.Start && k.End <= m.End }
		overlaps := func(k mentions.Mention) bool { return k.Start < m.End && m.Start < k.End }
		if slices.ContainsFunc(out, func(k mentions.Mention) bool { return overlaps(k) && !inside(k) }) {
			continue // it crosses or lies within a longer known mention
		}
		out = slices.DeleteFunc(out, inside)
		out = append(out, m)
	}
	slices.SortFunc(out, func(a, b mentions.Mention) int { return a.Start - b.Start })
	return out
}

// newEntities gives each unknown name a proposed id, once per name: its
// slug, unless the graph has it already.
func (r *Reader) newEntities(unknown []mentions.Unknown) ([]graph.Named, []mentions.Unknown) {
	taken := map[string]bool{}
	for _, n := range r.named {
		taken[n.ID] = true
	}
	byName := map[string]bool{}
	var named []graph.Named
	var first []mentions.Unknown
	for _, u := range unknown {
		key := u.Kind + "\x00" + strings.ToLower(u.Text)
		if byName[key] {
			continue
		}
		byName[key] = true
		id := opendata.Slug(u.Text)
		if id == "" { // no Latin letters: "Иван Сидоров"
			sum := sha256.Sum256([]byte(u.Text))
			id = strings.ToLower(u.Kind) + "-" + hex.EncodeToString(sum[:4])
		}
		for base, n := id, 2; taken[id]; n++ {
			id = fmt.Sprintf("%s-%d", base, n)
		}
		taken[id] = true
		named = append(named, graph.Named{ID: id, Kind: u.Kind, Name: u.Text})
		first = append(first, u)
	}
	return named, first
}

// Read proposes the facts an article states. Its language is detected when
// not given.
func (r *Reader) Read(a Article) (string, []Candidate, error) {
	code := a.Lang
	if code == "" || code == "auto" {
		code = lang.Detect(a.Text)
	}
	p, ok := r.patterns[code]
	if !ok {
		return "", nil, graph.InvalidParam("lang", "no patterns for language %q; known: id, ru, en", code)
	}
	if a.Published.IsZero() {
		return "", nil, graph.InvalidParam("published", "the publication date is needed to resolve relative dates (\"this year\")")
	}
	found := r.names.Find(a.Text, code)
	// Names the graph does not know become candidate entities, and the
	// text is read again for them alone: "Khramov" then finds the person
	// "Oleg Khramov" introduced, and what he said is a statement by him.
	news, firsts := r.newEntities(r.names.Unknown(a.Text, code, found))
	if len(news) > 0 {
		found = merge(found, mentions.New(news).Find(a.Text, code))
	}
	rd := &reading{text: a.Text, lang: code, p: p, published: a.Published,
		mentions: found, dates: dates.Find(a.Text, code, a.Published)}
	for i, n := range news {
		u := firsts[i]
		rd.add(Candidate{Kind: "entity", Subject: n.ID, Relation: "new-" + strings.ToLower(n.Kind), Name: n.Name,
			Confidence: int(u.Score * 100)}, u.Start, u.End)
	}
	rd.home = rd.mostMentioned("Country")
	for _, s := range sentences(a.Text) {
		rd.sentence(s)
	}
	return code, rd.out, nil
}

type reading struct {
	text      string
	lang      string
	p         *Patterns
	published time.Time
	mentions  []mentions.Mention
	dates     []dates.Found
	home      string // the country the article is mostly about: the other party of its agreements
	speaker   string // the last speaker, for "he said"
	incident  string // the last incident mentioned
	out       []Candidate

	lastByte, lastRune int // runeOffset's last answer
}

func (rd *reading) mostMentioned(kind string) string {
	count := map[string]int{}
	best := ""
	for _, m := range rd.mentions {
		if m.Kind == kind {
			count[m.ID]++
			if best == "" || count[m.ID] > count[best] {
				best = m.ID
			}
		}
	}
	return best
}

// add appends a candidate whose evidence is the byte span [start, end).
func (rd *reading) add(c Candidate, start, end int) {
	c.Evidence = Evidence{Start: rd.runeOffset(start), End: rd.runeOffset(end), Quote: rd.text[start:end]}
	rd.out = append(rd.out, c)
}

// runeOffset is the character offset of a byte offset. Candidates come
// mostly in text order, so it counts on from the last one asked: counting
// from the start each time made long articles quadratic.
func (rd *reading) runeOffset(b int) int {
	if b < rd.lastByte {
		rd.lastByte, rd.lastRune = 0, 0
	}
	rd.lastRune += utf8.RuneCountInString(rd.text[rd.lastByte:b])
	rd.lastByte = b
	return rd.lastRune
}

// span is a sentence's byte span.
type span struct{ start, end int }

// sentences cuts text at sentence ends (., !, ? and a closing quotation mark
// after them) followed by a space, and at line breaks.
func sentences(text string) []span {
	var out []span
	start := 0
	runes := []rune(text)
	pos := 0 // byte offset of runes[i]
	offsets := make([]int, len(runes)+1)
	for i, r := range runes {
		offsets[i] = pos
		pos += utf8.RuneLen(r)
	}
	offsets[len(runes)] = pos
	for i := 0; i < len(runes); i++ {
		r := runes[i]
		end := -1
		switch r {
		case '\n':
			end = i
		case '.', '!', '?':
			j := i + 1
			for j < len(runes) && strings.ContainsRune("”\"’)", runes[j]) {
				j++
			}
			if j == len(runes) || runes[j] == ' ' || runes[j] == '\n' {
				end = j
			}
		}
		if end < 0 {
			continue
		}
		s := strings.TrimSpace(text[offsets[start]:offsets[end]])
		if s != "" {
			b := offsets[start] + strings.Index(text[offsets[start]:offsets[end]], s)
			out = append(out, span{b, b + len(s)})
		}
		start = end
		i = end
	}
	if s := strings.TrimSpace(text[offsets[start]:]); s != "" {
		b := offsets[start] + strings.Index(text[offsets[start]:], s)
		out = append(out, span{b, b + len(s)})
	}
	return out
}

// in returns the mentions within a byte span.
// Mentions come in text order, so a span's are found by binary search: an
// article of thousands of sentences stays linear, not quadratic.
func (rd *reading) in(s span, kinds ...string) []mentions.Mention {
	var out []mentions.Mention
	first, _ := slices.BinarySearchFunc(rd.mentions, s.start, func(m mentions.Mention, start int) int { return m.Start - start })
	for _, m := range rd.mentions[first:] {
		if m.Start >= s.end {
			break
		}
		if m.End <= s.end && (len(kinds) == 0 || slices.Contains(kinds, m.Kind)) {
			out = append(out, m)
		}
	}
	return out
}

// dateIn is the first date within a span.
func (rd *reading) dateIn(s span) (string, string) {
	for _, d := range rd.dates {
		if d.Start >= s.start && d.End <= s.end {
			return d.Date.String(), string(d.Date.Precision)
		}
	}
	return "", ""
}

func (rd *reading) sentence(s span) {
	text := rd.text[s.start:s.end]
	ws := words(text)
	for i := range ws {
		ws[i].start += s.start
		ws[i].end += s.start
	}
	prefix := rd.lang == "ru"
	for _, m := range rd.in(s, "Incident") {
		rd.incident = m.ID
	}
	rd.positions(s, ws, prefix)
	rd.agreements(s, ws, prefix)
	rd.statements(s, ws, prefix)
	rd.attributions(s, ws, prefix)
	rd.memberships(s, ws, prefix)
	rd.events(s, ws, prefix)
}

// memberships: a country joins a bloc ("Indonesia bergabung dengan
// BRICS"): the countries named before the phrase, the bloc right after it,
// on the sentence's date. Not negated, not in the future.
func (rd *reading) memberships(s span, ws []word, prefix bool) {
	for _, h := range find(ws, rd.p.Membership, prefix) {
		if hedged(ws, h, rd.p.Negations, rd.p.Future) {
			continue
		}
		end := ws[h.end-1].end
		blocs := rd.in(span{end, min(s.end, end+60)}, "Bloc")
		if len(blocs) == 0 {
			continue // "вступило в силу": no bloc follows
		}
		date, precision := rd.dateIn(s)
		for _, c := range rd.in(span{s.start, ws[h.first].start}, "Country") {
			if slices.ContainsFunc(rd.out, func(o Candidate) bool { return o.Kind == "membership" && o.Subject == c.ID && o.Object == blocs[0].ID }) {
				continue
			}
			rd.add(Candidate{Kind: "membership", Subject: c.ID, Object: blocs[0].ID,
				Relation: "member-of", Date: date, DatePrecision: precision, Confidence: confidence(60, c)}, s.start, s.end)
		}
		return
	}
}

// events: a summit, a meeting or a call the sentence says took place, on
// its date: the people it names attended (or else the states), at the
// place named after it ("pertemuan puncak di Jenewa"). One not yet held
// ("KTT mendatang"), or with no date, is no event.
func (rd *reading) events(s span, ws []word, prefix bool) {
	for _, ev := range rd.p.Events {
		for _, h := range find(ws, ev.Phrases, prefix) {
			if hedged(ws, h, rd.p.Negations, rd.p.Future) || near(ws, h.first-3, h.end+3, prefix, rd.p.Upcoming) {
				continue
			}
			date, precision := rd.dateIn(s)
			if date == "" {
				continue
			}
			attendees := rd.in(s, "Person")
			if len(attendees) < 1 {
				attendees = rd.in(s, "Country")
			}
			var ids []string
			for _, a := range attendees {
				if !slices.Contains(ids, a.ID) {
					ids = append(ids, a.ID)
				}
			}
			if len(ids) < 2 || rd.seen("event", ids) {
				continue
			}
			c := Candidate{Kind: "event", Relation: ev.Kind, Parties: ids, Date: date, DatePrecision: precision,
				Place: rd.placeAfter(ws, h.end), Confidence: 50}
			rd.add(c, s.start, s.end)
			return
		}
	}
}

// placeAfter is the capitalised word after a place preposition that
// follows word i: "di Jenewa", "in Geneva".
func (rd *reading) placeAfter(ws []word, i int) string {
	if i+1 >= len(ws) || !slices.Contains(rd.p.Places, ws[i].text) {
		return ""
	}
	w := ws[i+1]
	first, _ := utf8.DecodeRuneInString(rd.text[w.start:w.end])
	if !unicode.IsUpper(first) {
		return ""
	}
	return rd.text[w.start:w.end]
}

// positions: a title right before a person's name ("Deputy Secretary of
// the Security Council Oleg Khramov").
func (rd *reading) positions(s span, ws []word, prefix bool) {
	taken := map[int]bool{} // words of a title already read: "Presiden" in "Asisten Deputi Presiden" is not a president
	for _, pos := range rd.p.Positions {
		for _, h := range find(ws, pos.Phrases, prefix) {
			if taken[h.first] || taken[h.end-1] {
				continue
			}
			for i := h.first; i < h.end; i++ {
				taken[i] = true
			}
			titleStart := ws[h.first].start
			for _, m := range rd.in(span{titleStart, min(s.end, titleStart+160)}, "Person") {
				between := rd.in(span{titleStart, m.Start}, "Organization", "Country")
				if len(rd.in(span{titleStart, m.Start}, "Person")) > 0 {
					break
				}
				org := ""
				if len(between) > 0 {
					org = between[0].ID
					for _, b := range between {
						if b.Kind == "Organization" {
							org = b.ID
							break
						}
					}
				}
				rd.add(Candidate{Kind: "position", Subject: m.ID, Object: org, Relation: pos.Relation,
					Confidence: confidence(60, m)}, titleStart, m.End)
				break
			}
		}
	}
}

// agreements: a status phrase, not negated nor in the future, in a sentence
// naming countries: one bilateral agreement between the article's home
// country and each of them.
func (rd *reading) agreements(s span, ws []word, prefix bool) {
	if len(find(ws, rd.p.AgreementWords, prefix)) == 0 || len(find(ws, rd.p.Hearsay, prefix)) > 0 {
		return // what media reported is no signed fact
	}
	for _, st := range rd.p.AgreementStatus {
		hits := find(ws, st.Phrases, prefix)
		var live []phraseHit
		for _, h := range hits {
			if !hedged(ws, h, rd.p.Negations, rd.p.Future) {
				live = append(live, h)
			}
		}
		if len(hits) > 0 && len(live) == 0 {
			return // the status is negated or in the future: no such fact
		}
		if len(live) == 0 {
			continue
		}
		date, precision := rd.dateIn(s)
		if date == "" && st.Status != "signed" {
			// A status with no date of its own was observed when the article
			// was published.
			date, precision = graph.Date{Time: graph.Today(rd.published), Precision: graph.Day}.String(), string(graph.Day)
		}
		within := ""
		for _, h := range find(ws, rd.p.Within, prefix) {
			end := ws[h.end-1].end
			if blocs := rd.in(span{end, min(s.end, end+40)}, "Bloc"); len(blocs) > 0 {
				within = blocs[0].ID
				break
			}
		}
		for _, c := range rd.in(s, "Country") {
			if c.ID == rd.home {
				continue
			}
			parties := []string{rd.home, c.ID}
			if rd.home == "" {
				parties = []string{c.ID}
			}
			if rd.seen("agreement", parties) {
				continue
			}
			rd.add(Candidate{Kind: "agreement", Parties: parties, Object: within, Relation: "party-to", Status: st.Status,
				Date: date, DatePrecision: precision, Confidence: confidence(60, c)}, s.start, s.end)
		}
		return
	}
}

func (rd *reading) seen(kind string, parties []string) bool {
	for _, c := range rd.out {
		if c.Kind == kind && slices.Equal(c.Parties, parties) {
			return true
		}
	}
	return false
}

// statements: a verb of saying with its speaker: the person or body named
// before it, or right after it ("…," added Khramov), or the last speaker
// for a pronoun.
func (rd *reading) statements(s span, ws []word, prefix bool) {
	if len(find(ws, rd.p.Hearsay, prefix)) > 0 {
		return // what others reported is an attribution's business
	}
	type rel struct {
		relation string
		hits     []phraseHit
	}
	rels := []rel{{"said", find(ws, rd.p.Say, prefix)}}
	for _, r := range rd.p.StatementRelations {
		rels = append(rels, rel{r.Relation, find(ws, r.Phrases, prefix)})
	}
	for _, r := range rels {
		for _, h := range r.hits {
			if hedged(ws, h, rd.p.Negations) {
				continue
			}
			verbStart, verbEnd := ws[h.first].start, ws[h.end-1].end
			speaker := ""
			var by mentions.Mention
			// "…," added Khramov: the name right after the verb; else the
			// sentence's subject: its first person ("Putin and Biden
			// agreed"), or the body named last before the verb.
			if after := rd.in(span{verbEnd, min(s.end, verbEnd+40)}, "Person"); len(after) > 0 && after[0].Start-verbEnd < 3 {
				by = after[0]
			} else if people := rd.in(span{s.start, verbStart}, "Person"); len(people) > 0 {
				by = people[0]
			} else if bodies := rd.in(span{s.start, verbStart}, "Organization"); len(bodies) > 0 {
				by = bodies[len(bodies)-1]
			}
			speaker = by.ID
			if speaker == "" && rd.speaker != "" && startsWithPronoun(ws) {
				speaker = rd.speaker
			}
			if speaker == "" {
				continue
			}
			rd.speaker = speaker
			object := ""
			for _, m := range rd.in(span{verbEnd, s.end}, "Country", "Bloc", "Organization") {
				if m.ID != speaker {
					object = m.ID
					break
				}
			}
			date, precision := rd.dateIn(s)
			rd.add(Candidate{Kind: "statement", Subject: speaker, Object: object, Relation: r.relation,
				Date: date, DatePrecision: precision, Confidence: confidence(55, by)}, s.start, s.end)
			return // one statement a sentence
		}
	}
	// No verb of saying: a sentence opening with "Dengan demikian" goes on
	// with the last speaker's words.
	if hits := find(ws, rd.p.Continuations, prefix); rd.speaker != "" && len(hits) > 0 && hits[0].first == 0 {
		object := ""
		if m := rd.in(span{ws[hits[0].end-1].end, s.end}, "Country", "Bloc", "Organization"); len(m) > 0 {
			object = m[0].ID
		}
		date, precision := rd.dateIn(s)
		rd.add(Candidate{Kind: "statement", Subject: rd.speaker, Object: object, Relation: "said",
			Date: date, DatePrecision: precision, Confidence: 40, Note: "no verb of saying: read as the last speaker's words"}, s.start, s.end)
	}
}

var pronouns = []string{"dia", "ia", "beliau", "he", "she", "он", "она"}

func startsWithPronoun(ws []word) bool {
	return len(ws) > 0 && slices.Contains(pronouns, ws[0].text)
}

// attributions: who is said to be behind the incident last mentioned, or
// who declined to say so.
func (rd *reading) attributions(s span, ws []word, prefix bool) {
	for _, verdict := range []string{"not-confirmed", "not-a-state", "alleged"} {
		for _, h := range find(ws, rd.p.Attribution[verdict], prefix) {
			start := ws[h.first].start
			claimants := rd.in(span{s.start, start}, "Person", "Organization", "Country")
			if len(claimants) == 0 {
				continue
			}
			claimant := claimants[0]
			if verdict == "not-confirmed" || verdict == "not-a-state" {
				claimant = claimants[len(claimants)-1]
			}
			c := Candidate{Kind: "attribution", Subject: claimant.ID, About: rd.incident, Relation: verdict,
				Confidence: confidence(50, claimant)}
			if verdict == "alleged" {
				// The party blamed: a state or a threat actor named after the
				// phrase, the last one ("a link between the hackers … and
				// Russia"); never the incident or its victim.
				actors := rd.in(span{start, s.end}, "Country", "ThreatActor")
				if len(actors) == 0 {
					continue
				}
				c.Object, c.Verdict = actors[len(actors)-1].ID, "alleged"
			}
			c.Date, c.DatePrecision = rd.dateIn(s)
			rd.add(c, s.start, s.end)
			return
		}
	}
}

// confidence is a base confidence lowered by how the mention was found.
func confidence(base int, m mentions.Mention) int {
	if m.Score == 0 {
		return base
	}
	return int(float64(base) * m.Score)
}

// String is the candidate in one line, for logs.
func (c Candidate) String() string {
	return fmt.Sprintf("%s %s %s %v %s %s@%d-%d", c.Kind, c.Subject, c.Relation, c.Parties, c.Object, c.Status, c.Evidence.Start, c.Evidence.End)
}
