// Package mentions finds, in an article's text, the entities the graph
// already knows: a gazetteer built from the graph's own names and aliases
// (countries with their UN and CLDR names, blocs, people, organisations…),
// matched word by word, offline and without a model. It reads Indonesian
// (id), Russian (ru) and English (en): a few small tables below undo the
// inflections those languages put on a name (Russian case endings,
// Indonesian clitics, the English possessive). Unknown points at the
// capitalised names the graph does not know yet, for an analyst to review.
//
// All offsets are byte offsets into the text given: text[Start:End] is
// always the mention's Text.
package mentions

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cyberkg/cyberkg/graph"
	"golang.org/x/text/unicode/norm"
)

// Scores of a mention, by how its words matched a name.
const (
	ScoreExact      = 1.0 // the name or alias as written, ignoring case
	ScoreNormalised = 0.9 // after folding punctuation and diacritics
	ScoreSurname    = 0.8 // a person's last name alone
	ScoreInflection = 0.7 // through an inflection rule (case ending, clitic, 's)
	ScoreUnknown    = 0.5 // a capitalised name the graph does not know
)

// How a mention was found (Mention.By).
const (
	ByName       = "name"
	ByAlias      = "alias"
	BySurname    = "surname"
	ByInflection = "inflection"
)

// Mention is one mention in a text of an entity the gazetteer knows.
type Mention struct {
	Start, End int    // byte offsets: text[Start:End] is the words as written
	Text       string // text[Start:End]
	ID, Kind   string
	Score      float64 // ScoreExact, ScoreNormalised, ScoreSurname or ScoreInflection
	By         string  // ByName, ByAlias, BySurname or ByInflection
}

// Unknown is a capitalised name the gazetteer does not know that looks like
// a person's or an organisation's.
type Unknown struct {
	Start, End int
	Text       string
	Kind       string // "Person" or "Organization"
	Score      float64
}

// Gazetteer indexes the names of the graph's entities. It is not changed
// once built, so any number of goroutines may use it at once.
type Gazetteer struct {
	byFirst map[string][]*entry // by the folded first word of a name
	byStem  map[string][]*entry // by the Russian stems of the first word
	names   int
}

// entry is one name of one entity, as words.
type entry struct {
	id, kind string
	name     string   // as written, spaces collapsed
	words    []word   // its words
	gaps     []string // the punctuation between words i and i+1, spaces removed
	tail     string   // the punctuation after its last word ("U.S.")
	by       string   // ByName, ByAlias or BySurname
	base     float64  // the best score it can give
	capital  bool     // one word written with a capital: the text's must be too
	acronym  bool     // in capitals, at most 3 letters (US, U.S.): so must the text be
	short    bool     // one word of at most 3 letters: no folding, no inflection
}

// word is a word of a name or of a text.
type word struct {
	start, end int    // byte offsets (in a text)
	lower      string // lower case
	fold       string // lower case without diacritics and apostrophes
	stems      []string
	capital    bool // its first letter is a capital
	caps       bool // all its letters are capitals
	allCaps    bool // two letters or more, all capitals
	cyrillic   bool
}

// skippedKinds are not looked for: they are not named in articles.
var skippedKinds = map[string]bool{"Statement": true, "Source": true}

// New indexes the names and aliases of the entities given, and the last
// word of each person's names as a surname when no one else has it. It
// leaves out statements and sources, and names of fewer than 3 letters
// unless written in capitals (US, UN, EU, U.S.).
func New(named []graph.Named) *Gazetteer {
	g := &Gazetteer{byFirst: map[string][]*entry{}, byStem: map[string][]*entry{}}
	seen := map[string]bool{}      // id + name: each spelling once
	taken := map[string][]string{} // folded name of one word → ids
	surnames := map[string]map[string]string{}
	var entries []*entry
	add := func(id, kind, name, by string) {
		e := newEntry(id, kind, name, by, ScoreExact)
		if e == nil {
			return
		}
		key := id + "\x00" + strings.ToLower(e.name)
		if seen[key] {
			return
		}
		seen[key] = true
		entries = append(entries, e)
		if len(e.words) == 1 && !slices.Contains(taken[e.words[0].fold], id) {
			taken[e.words[0].fold] = append(taken[e.words[0].fold], id)
		}
	}
	for _, n := range named {
		if skippedKinds[n.Kind] || n.ID == "" {
			continue
		}
		add(n.ID, n.Kind, n.Name, ByName)
		for _, a := range n.Aliases {
			add(n.ID, n.Kind, a, ByAlias)
		}
		if n.Kind != "Person" {
			continue
		}
		for _, name := range append([]string{n.Name}, n.Aliases...) {
			ws := words(name)
			if len(ws) < 2 {
				continue
			}
			last := ws[len(ws)-1]
			if utf8.RuneCountInString(last.fold) < 4 || !last.capital || last.allCaps {
				continue // "MD" in "Mahfud MD" is no surname
			}
			if surnames[last.fold] == nil {
				surnames[last.fold] = map[string]string{}
			}
			if _, ok := surnames[last.fold][n.ID]; !ok {
				surnames[last.fold][n.ID] = name[last.start:last.end]
			}
		}
	}
	// A surname is the person's only when no one else has it, as a
	// surname or as a name of one word.
	for fold, ids := range surnames {
		if len(ids) != 1 || len(taken[fold]) > 0 {
			continue
		}
		for id, surname := range ids {
			if e := newEntry(id, "Person", surname, BySurname, ScoreSurname); e != nil {
				entries = append(entries, e)
			}
		}
	}
	for _, e := range entries {
		first := e.words[0]
		g.byFirst[first.fold] = append(g.byFirst[first.fold], e)
		for _, s := range first.stems {
			if s != first.fold {
				g.byStem[s] = append(g.byStem[s], e)
			}
		}
	}
	g.names = len(entries)
	return g
}

// Len is the number of names indexed.
func (g *Gazetteer) Len() int { return g.names }

func newEntry(id, kind, name, by string, base float64) *entry {
	name = strings.Join(strings.Fields(name), " ")
	ws := words(name)
	if len(ws) == 0 {
		return nil
	}
	letters := 0
	for _, r := range name {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			letters++
		}
	}
	one, caps := len(ws) == 1, true
	for _, w := range ws {
		caps = caps && w.caps
	}
	if letters < 3 && !caps {
		return nil // "a", "中国"… but US, U.S., UN, EU, AS, RF stay
	}
	e := &entry{id: id, kind: kind, name: name, words: ws, by: by, base: base, acronym: caps && letters <= 3}
	for i := 1; i < len(ws); i++ {
		e.gaps = append(e.gaps, punctuation(name[ws[i-1].end:ws[i].start]))
	}
	e.tail = name[ws[len(ws)-1].end:]
	if one {
		w := ws[0]
		n := utf8.RuneCountInString(w.fold)
		e.capital = w.capital
		e.short = n <= 3
	}
	// Positions in the name mean nothing once indexed.
	for i := range e.words {
		e.words[i].start, e.words[i].end = 0, 0
	}
	return e
}

// Find returns the mentions in text of the entities the gazetteer knows,
// in text order, none overlapping another: where names overlap, the one
// of more words wins, then the better score. Words compare ignoring case,
// except that a name of one word written with a capital wants one in the
// text too ("Togo", not "того"), and a name of at most 3 letters written
// in capitals wants capitals ("US", not "us"). A name never matches inside
// a word ("Iran" is not in "Iranian"). lang (id, ru or en; "" for all
// three) chooses the inflection rules.
func (g *Gazetteer) Find(text, lang string) []Mention {
	ws := words(text)
	r := rulesFor(lang)
	var cands []candidate
	for i := range ws {
		w := &ws[i]
		try := func(es []*entry) {
			for _, e := range es {
				if c, ok := match(e, text, ws, i, r); ok {
					cands = append(cands, c)
				}
			}
		}
		try(g.byFirst[w.fold])
		for _, v := range r.variants(text, w) {
			if v != w.fold {
				try(g.byFirst[v])
			}
		}
		if r.russian && w.cyrillic {
			for _, s := range w.stems {
				if s != w.fold {
					try(g.byFirst[s])
				}
				try(g.byStem[s])
			}
		}
	}
	return choose(text, ws, cands)
}

// candidate is a possible mention: words [from, to) of the text, which
// end at byte end.
type candidate struct {
	from, to int
	end      int
	e        *entry
	score    float64
	by       string
}

// match reports whether entry e's words are the text's from word i on.
func match(e *entry, text string, ws []word, i int, r rules) (candidate, bool) {
	n := len(e.words)
	if i+n > len(ws) {
		return candidate{}, false
	}
	inflected := false
	for k := range n {
		t, a := &ws[i+k], &e.words[k]
		if k > 0 && !gapMatches(text[ws[i+k-1].end:t.start], e.gaps[k-1]) {
			return candidate{}, false
		}
		if t.fold == a.fold {
			continue
		}
		if e.short || !r.inflects(text, t, a, k == n-1) {
			return candidate{}, false
		}
		inflected = true
	}
	if n == 1 && e.capital && !r.capitalised(text, &ws[i]) {
		return candidate{}, false // "того" is not Togo, "colonial" not Colonial
	}
	if e.acronym {
		for _, t := range ws[i : i+n] {
			if !t.caps {
				return candidate{}, false // "us" and "as" are not the US
			}
		}
	}
	c := candidate{from: i, to: i + n, end: ws[i+n-1].end, e: e, score: e.base, by: e.by}
	if e.tail != "" && strings.HasPrefix(text[c.end:], e.tail) {
		c.end += len(e.tail)
	}
	switch {
	case inflected:
		c.score, c.by = min(e.base, ScoreInflection), ByInflection
	case !strings.EqualFold(strings.Join(strings.Fields(text[ws[i].start:c.end]), " "), e.name):
		if e.short {
			return candidate{}, false // "Irã" is not "Ira"
		}
		c.score = min(e.base, ScoreNormalised)
	}
	return c, true
}

// byRank orders how a mention was found, best first.
var byRank = map[string]int{ByName: 0, ByAlias: 1, BySurname: 2, ByInflection: 3}

// kindRank breaks ties between entities with the same name.
var kindRank = map[string]int{"Country": 0, "Bloc": 1, "Organization": 2, "Person": 3}

func rankOf(m map[string]int, k string) int {
	if r, ok := m[k]; ok {
		return r
	}
	return len(m)
}

// choose keeps the longest candidates that overlap no longer or better
// one, and returns them as mentions in text order.
func choose(text string, ws []word, cands []candidate) []Mention {
	slices.SortFunc(cands, func(a, b candidate) int {
		return cmp.Or(
			cmp.Compare(b.to-b.from, a.to-a.from),
			cmp.Compare(b.end-ws[b.from].start, a.end-ws[a.from].start),
			cmp.Compare(b.score, a.score),
			cmp.Compare(rankOf(byRank, a.by), rankOf(byRank, b.by)),
			cmp.Compare(a.from, b.from),
			cmp.Compare(rankOf(kindRank, a.e.kind), rankOf(kindRank, b.e.kind)),
			cmp.Compare(a.e.id, b.e.id),
		)
	})
	taken := make([]bool, len(ws))
	var out []Mention
	for _, c := range cands {
		if slices.Contains(taken[c.from:c.to], true) {
			continue
		}
		for k := c.from; k < c.to; k++ {
			taken[k] = true
		}
		start, end := ws[c.from].start, c.end
		out = append(out, Mention{Start: start, End: end, Text: text[start:end], ID: c.e.id, Kind: c.e.kind, Score: c.score, By: c.by})
	}
	slices.SortFunc(out, func(a, b Mention) int { return cmp.Compare(a.Start, b.Start) })
	return out
}

// gapMatches reports whether the text between two words of a name may
// stand for the name's own: spaces (one line break at most), a hyphen, a
// dash, a dot or an apostrophe, or the name's own punctuation.
func gapMatches(gap, own string) bool {
	if strings.Count(gap, "\n") > 1 {
		return false
	}
	p := punctuation(gap)
	if p == own {
		return true
	}
	for _, r := range p {
		if !strings.ContainsRune(joiners, r) {
			return false
		}
	}
	return utf8.RuneCountInString(p) <= 1
}

// joiners are the marks that may join the words of a name ("AS-Rusia",
// "O.V. Khramov", "Russia–Iran").
const joiners = "-‐‑–—./'’"

// punctuation is s without its spaces.
func punctuation(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// words cuts s into words: runs of letters, digits and combining marks,
// an apostrophe between two letters staying inside a word ("People's").
func words(s string) []word {
	var out []word
	start := -1
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		in := isWordRune(r)
		if !in && isApostrophe(r) && start >= 0 {
			next, _ := utf8.DecodeRuneInString(s[i+size:])
			in = unicode.IsLetter(next)
		}
		switch {
		case in && start < 0:
			start = i
		case !in && start >= 0:
			out = append(out, newWord(s, start, i))
			start = -1
		}
		i += size
	}
	if start >= 0 {
		out = append(out, newWord(s, start, len(s)))
	}
	return out
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r)
}

func isApostrophe(r rune) bool { return strings.ContainsRune("'’ʼ`´", r) }

func newWord(s string, start, end int) word {
	w := word{start: start, end: end, lower: strings.ToLower(s[start:end])}
	w.fold = fold(w.lower)
	first, _ := utf8.DecodeRuneInString(s[start:end])
	w.capital = unicode.IsUpper(first) || unicode.IsTitle(first)
	letters, upper := 0, 0
	for _, r := range s[start:end] {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		}
		if unicode.Is(unicode.Cyrillic, r) {
			w.cyrillic = true
		}
	}
	w.caps = letters >= 1 && upper == letters
	w.allCaps = letters >= 2 && w.caps
	if w.cyrillic {
		w.stems = russianStems(w.lower)
	}
	return w
}

// fold lowers s and drops its diacritics and apostrophes: "Oʻzbekiston"
// and "Ozbekiston", "Соединённые" and "Соединенные" fold alike.
func fold(lower string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(lower) {
		if unicode.Is(unicode.Mn, r) || isApostrophe(r) || r == 'ʻ' {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Inflection rules, one small table per language.
var (
	// russianEndings are the case endings of Russian nouns, adjectives and
	// surnames: Россия/России/Россией/Россию, Храмов/Храмова/Храмову/
	// Храмовым, Российская/Российской. A word and a name's word match when
	// they share a stem of at least russianStem letters once an ending is
	// taken off either.
	russianEndings = []string{
		"а", "я", "ы", "и", "у", "ю", "е", "о", "ь", "й",
		"ой", "ей", "ий", "ый", "ом", "ем", "ам", "ям", "ах", "ях", "ов", "ев",
		"ым", "им", "ую", "юю", "ая", "яя", "ое", "ее", "ые", "ие", "ых", "их", "ою", "ею",
		"ия", "ии", "ию", "ье", "ья", "ьи", "ью",
		"ами", "ями", "ого", "его", "ому", "ему", "ыми", "ими", "ией", "ием",
	}
	// indonesianSuffixes are the clitics glued to a word's end: "Rusianya",
	// "Indonesialah", "Irankah".
	indonesianSuffixes = []string{"nya", "lah", "kah", "pun"}
	// indonesianPrefixes are prepositions sometimes glued to a name
	// ("keIndonesia", "diJakarta"): only before a capital.
	indonesianPrefixes = []string{"ke", "di", "se"}
	// englishPossessives are the possessive endings: "Russia's".
	englishPossessives = []string{"'s", "’s", "ʼs"}
)

const (
	russianStem = 4 // letters a Russian stem keeps at least
	minRest     = 3 // letters an Indonesian or English word keeps at least
)

// russianStems are the folded stems of a lowered Cyrillic word: the word
// itself and each stem left by taking off an ending.
func russianStems(lower string) []string {
	out := []string{fold(lower)}
	for _, end := range russianEndings {
		if rest, ok := strings.CutSuffix(lower, end); ok && utf8.RuneCountInString(rest) >= russianStem {
			if s := fold(rest); !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	return out
}

type rules struct{ russian, indonesian, english bool }

func rulesFor(lang string) rules {
	switch strings.ToLower(lang) {
	case "ru":
		return rules{russian: true}
	case "id":
		return rules{indonesian: true}
	case "en":
		return rules{english: true}
	}
	return rules{true, true, true}
}

// variants are the folded forms a text word may take once a clitic or a
// possessive is taken off it.
func (r rules) variants(text string, w *word) []string {
	var out []string
	if r.indonesian {
		for _, suf := range indonesianSuffixes {
			if rest, ok := strings.CutSuffix(w.lower, suf); ok && utf8.RuneCountInString(rest) >= minRest {
				out = append(out, fold(rest))
			}
		}
		orig := text[w.start:w.end]
		for _, pre := range indonesianPrefixes {
			if rest, ok := strings.CutPrefix(orig, pre); ok && utf8.RuneCountInString(rest) >= minRest {
				if first, _ := utf8.DecodeRuneInString(rest); unicode.IsUpper(first) {
					out = append(out, fold(strings.ToLower(rest)))
				}
			}
		}
	}
	if r.english {
		for _, pos := range englishPossessives {
			if rest, ok := strings.CutSuffix(w.lower, pos); ok && utf8.RuneCountInString(rest) >= minRest {
				out = append(out, fold(rest))
			}
		}
	}
	return out
}

// capitalised reports whether a text word is written with a capital, or
// after a glued Indonesian prefix with one ("keIndonesia").
func (r rules) capitalised(text string, w *word) bool {
	if w.capital {
		return true
	}
	if r.indonesian {
		for _, pre := range indonesianPrefixes {
			if rest, ok := strings.CutPrefix(text[w.start:w.end], pre); ok {
				if first, _ := utf8.DecodeRuneInString(rest); unicode.IsUpper(first) {
					return true
				}
			}
		}
	}
	return false
}

// inflects reports whether text word t is name word a inflected: in
// Russian any word of a name, otherwise only its last.
func (r rules) inflects(text string, t, a *word, last bool) bool {
	if r.russian && t.cyrillic && a.cyrillic {
		for _, s := range t.stems {
			if utf8.RuneCountInString(s) >= russianStem && slices.Contains(a.stems, s) {
				return true
			}
		}
	}
	if last && utf8.RuneCountInString(a.fold) >= minRest {
		return slices.Contains(r.variants(text, t), a.fold)
	}
	return false
}

// Unknown returns the names in text that none of found covers and that
// look like a person's (two or three capitalised words, perhaps after a
// title, which is left out: "Mr", "Wakil Sekretaris", "г-н") or an
// organisation's (2 to 4 capitalised words, joining words such as "of" and
// "dan" aside, one of them "Ministry", "Council", "Kementerian", "Dewan",
// "Министерство", "Совет"…; in Russian the lower-case words after
// "Министерство" and the like belong to the name). Each scores
// ScoreUnknown. found is what Find returned; nil
// means Find is run here. A line whose words are all capitalised (a
// heading) is left out, and so is a sentence's first word when the text
// also writes it in lower case or it is a common word.
func (g *Gazetteer) Unknown(text, lang string, found []Mention) []Unknown {
	if found == nil {
		found = g.Find(text, lang)
	}
	ws := words(text)
	if len(ws) == 0 {
		return nil
	}
	covered := make([]bool, len(ws))
	// countryTo[i] is the last word of a country's name that starts at word
	// i, plus one: an organisation's name may end with it ("Dewan Keamanan
	// Federasi Rusia", "Министерство иностранных дел России").
	countryTo := make([]int, len(ws))
	for _, m := range found {
		i, _ := slices.BinarySearchFunc(ws, m.Start, func(w word, start int) int { return cmp.Compare(w.end, start+1) })
		first := i
		for ; i < len(ws) && ws[i].start < m.End; i++ {
			covered[i] = true
		}
		if m.Kind == "Country" && first < len(ws) {
			countryTo[first] = i
		}
	}
	lowerSeen := map[string]bool{}
	for _, w := range ws {
		if !w.capital {
			lowerSeen[w.fold] = true
		}
	}
	initial := make([]bool, len(ws))
	heading := headings(text, ws)
	for i := range ws {
		initial[i] = i == 0 || strings.ContainsAny(text[ws[i-1].end:ws[i].start], ".!?…\n•")
	}
	r := rulesFor(lang)
	var out []Unknown
	for i := 0; i < len(ws); {
		run := capitalRun(text, ws, i, covered, countryTo, heading, r)
		if len(run) == 0 {
			i++
			continue
		}
		i = run[len(run)-1] + 1
		if initial[run[0]] && (lowerSeen[ws[run[0]].fold] || commonWords[ws[run[0]].fold]) {
			run = run[1:]
		}
		// A title is no part of the name: "Mr", "Wakil Sekretaris".
		for len(run) > 0 && titles[ws[run[0]].fold] {
			run = run[1:]
		}
		// "Kaspersky Lab and John Smith" are two, "National Cyber and
		// Crypto Agency" one.
		parts := [][]int{run}
		for c, k := range run {
			if conjunctions[ws[k].fold] {
				if u, ok := classify(text, ws, run[c+1:]); ok && u.Kind == "Person" {
					parts = [][]int{run[:c], run[c+1:]}
				}
				break
			}
		}
		for _, part := range parts {
			if u, ok := classify(text, ws, part); ok {
				out = append(out, u)
			}
		}
	}
	return out
}

// capitalRun returns the word indices of the capitalised run starting at word i,
// or nil: capitalised words not covered by a mention, joined by spaces or
// a hyphen, with lower-case joining words inside ("Ministry of Defence",
// "Badan Siber dan Sandi Negara", "Министерство иностранных дел").
func capitalRun(text string, ws []word, i int, covered []bool, countryTo []int, heading []bool, r rules) []int {
	nameWord := func(k int) bool {
		w := &ws[k]
		first, _ := utf8.DecodeRuneInString(w.lower)
		return w.capital && !covered[k] && !heading[k] && !commonWords[w.fold] && !calendar[w.fold] && !unicode.IsDigit(first)
	}
	if !nameWord(i) {
		return nil
	}
	out := []int{i}
	organisation := isOrgWord(ws[i].fold)
	for k := i + 1; k < len(ws); k++ {
		gap := text[ws[k-1].end:ws[k].start]
		if p := punctuation(gap); strings.Contains(gap, "\n") || p != "" && p != "-" {
			break
		}
		switch {
		case nameWord(k):
			out = append(out, k)
			organisation = organisation || isOrgWord(ws[k].fold)
			continue
		case organisation && countryTo[k] > k:
			for j := k; j < countryTo[k]; j++ {
				out = append(out, j)
			}
			return out // the country ends the organisation's name

		case !ws[k].capital && !covered[k] && r.russian && ws[k].cyrillic && isOrgWord(ws[k].fold):
			out = append(out, k) // "Федеральная служба безопасности"
			organisation = true
			continue
		case !ws[k].capital && !covered[k] && (joinWords[ws[k].fold] ||
			r.russian && organisation && ws[k].cyrillic && genitive(ws[k].lower)):
			out = append(out, k)
			continue
		}
		break
	}
	// Joining words do not end a name, save a Russian organisation's
	// ("Совет безопасности").
	for len(out) > 1 {
		last := &ws[out[len(out)-1]]
		if last.capital || organisation && last.cyrillic {
			break
		}
		out = out[:len(out)-1]
	}
	return out
}

// classify says whether a run of words is an unknown person or
// organisation.
func classify(text string, ws []word, run []int) (Unknown, bool) {
	if len(run) < 2 {
		return Unknown{}, false
	}
	capitals, org, generic, joined := 0, false, false, false
	for _, k := range run {
		w := &ws[k]
		if w.capital {
			capitals++
		} else {
			joined = true
		}
		org = org || isOrgWord(w.fold)
		generic = generic || genericWords[w.fold] || w.allCaps || titles[w.fold]
	}
	u := Unknown{Start: ws[run[0]].start, End: ws[run[len(run)-1]].end, Score: ScoreUnknown}
	u.Text = text[u.Start:u.End]
	switch {
	case org && len(run) >= 2 && len(run) <= 8 && capitals <= 6: // a country may end it
		u.Kind = "Organization"
	case !org && !generic && !joined && capitals >= 2 && capitals <= 3:
		u.Kind = "Person"
	case len(run) > 2:
		// A name after a capitalised title or body: "Keamanan Nasional Ann
		// Nyberger", "Gedung Putih Jen Psaki".
		return classify(text, ws, run[len(run)-2:])
	default:
		return Unknown{}, false
	}
	return u, true
}

// headings marks the words of lines whose words are all capitalised, such
// as "Tinggalkan Balasan" or an English headline.
func headings(text string, ws []word) []bool {
	out := make([]bool, len(ws))
	for i := 0; i < len(ws); {
		j := i + 1
		for j < len(ws) && !strings.Contains(text[ws[j-1].end:ws[j].start], "\n") {
			j++
		}
		all := j-i >= 2
		for k := i; k < j && all; k++ {
			all = ws[k].capital || joinWords[ws[k].fold]
		}
		for k := i; k < j; k++ {
			out[k] = all
		}
		i = j
	}
	return out
}

func isOrgWord(f string) bool {
	if orgWords[f] {
		return true
	}
	for _, p := range russianOrgStems {
		if strings.HasPrefix(f, p) && !strings.HasPrefix(f, "советник") {
			return true
		}
	}
	return false
}

// genitive reports whether a lower-case Russian word looks like the
// genitive that follows an organisation's first word ("Министерство
// иностранных дел", "Совет безопасности").
func genitive(lower string) bool {
	if lower == "дел" {
		return true
	}
	for _, end := range []string{"ых", "их", "ой", "ей", "ого", "его", "ости", "ии", "ия", "ства"} {
		if strings.HasSuffix(lower, end) {
			return true
		}
	}
	return false
}

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[fold(strings.ToLower(w))] = true
	}
	return m
}

var (
	// titles stand before a person's name.
	titles = set("mr", "mrs", "ms", "dr", "prof", "sir", "president", "presiden", "vice", "wakil", "deputy", "deputi",
		"secretary", "sekretaris", "assistant", "asisten", "minister", "menteri", "senator", "general", "jenderal",
		"ambassador", "dubes", "director", "direktur", "chairman", "ketua", "kepala", "spokesperson", "spokesman",
		"juru", "bicara", "pak", "bapak", "ibu",
		"господин", "госпожа", "президент", "министр", "заместитель", "секретарь", "секретаря", "помощник",
		"посол", "директор", "глава", "председатель", "генерал", "представитель")
	// orgWords make a capitalised run an organisation.
	orgWords = set("organization", "organisation", "council", "ministry", "agency", "committee", "commission",
		"department", "bureau", "office", "service", "institute", "university", "corporation", "company", "group",
		"inc", "ltd", "llc", "corp", "lab", "labs", "technologies", "foundation", "bank", "police", "army", "forces", "command", "directorate", "centre", "center", "association",
		"kementerian", "dewan", "badan", "komite", "komisi", "departemen", "biro", "kantor", "lembaga", "institut",
		"universitas", "perusahaan", "kelompok", "polisi", "tentara", "pusat", "asosiasi", "direktorat", "organisasi")
	// russianOrgStems begin the Russian words that make a run an
	// organisation, in any case.
	russianOrgStems = []string{"министерств", "совет", "агентств", "служб", "комитет", "управлени", "ведомств",
		"центр", "департамент", "организаци", "компани", "корпораци", "банк", "университет", "институт", "академи"}
	// joinWords may join the capitalised words of a name.
	joinWords = set("of", "the", "for", "and", "on", "de", "dan", "untuk", "urusan")
	// conjunctions join two names, or two words of one.
	conjunctions = set("and", "dan")
	// genericWords are capitalised in names of things, not of people: a
	// run with one of them and no organisation word is left out.
	genericWords = set("keamanan", "nasional", "negara", "negeri", "luar", "federasi", "republik", "pertahanan", "siber",
		"informasi", "security", "national", "federal", "federation", "republic", "foreign", "affairs", "defence",
		"defense", "cyber", "information", "international", "internasional", "united", "states", "serikat", "gedung",
		"putih", "white", "house", "news", "media", "summit", "uni", "union", "pipeline", "north", "south", "east",
		"west", "utara", "selatan", "timur", "barat", "new", "baru", "world", "dunia", "global", "day", "hari", "tahun",
		"безопасности", "федерации", "республики", "государств")
	// commonWords are capitalised at a sentence's start, not as names.
	commonWords = set(
		"the", "a", "an", "in", "on", "at", "this", "that", "these", "those", "he", "she", "it", "they", "we", "i",
		"but", "and", "however", "meanwhile", "according", "after", "before", "when", "while", "as", "for", "of",
		"with", "by", "his", "her", "their", "its", "also", "there", "if", "so", "then", "earlier", "later", "last",
		"pada", "dalam", "dengan", "namun", "tetapi", "dia", "ia", "ini", "itu", "para", "yang", "dan", "di", "ke",
		"dari", "untuk", "saat", "setelah", "sebelum", "menurut", "kata", "sementara", "selain", "bahkan", "juga",
		"oleh", "sebagai", "karena", "jika", "ketika", "kami", "kita", "mereka", "sekitar", "selama", "sejak",
		"kemudian", "lalu", "sedangkan", "adapun", "selanjutnya", "sebelumnya", "hal", "kemarin", "yesterday", "today", "вчера", "сегодня",
		"в", "на", "по", "с", "как", "это", "он", "она", "они", "но", "однако", "также", "при", "для", "что", "так",
		"после", "и", "а", "словам", "кроме", "ранее", "позже", "мы", "вы", "я")
	// calendar words are capitalised but name no one.
	calendar = set(
		"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
		"november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
		"januari", "februari", "maret", "mei", "juni", "juli", "agustus", "oktober", "desember",
		"senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu",
		"январь", "января", "февраль", "февраля", "март", "марта", "апрель", "апреля", "май", "мая", "июнь", "июня",
		"июль", "июля", "август", "августа", "сентябрь", "сентября", "октябрь", "октября", "ноябрь", "ноября",
		"декабрь", "декабря", "понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье")
)
