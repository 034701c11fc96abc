// Package dates finds the dates an article gives, in Indonesian, Russian or
// English, with their exact place in the text.
//
// The search itself is go-dateparser's (split strategy, one explicit
// language). Its answers are then checked, trimmed to the date's own words,
// placed in the text, and normalised to graph.Date. Where the library gets a
// required case wrong or misses it, small per-language regexp rules of this
// package take over (see ruleCandidates: Russian "в этом году", "в мае",
// "в 2017 году"; Indonesian "Mei 2020", "dua tahun lalu").
package dates

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/newsreader/lang"
	dps "github.com/markusmobius/go-dateparser"
	dpsdate "github.com/markusmobius/go-dateparser/date"
)

// Found is one date the text gives, where it gives it.
type Found struct {
	Start, End int // byte offsets into the text; text[Start:End] is the date's words
	Text       string
	Date       graph.Date
	Relative   bool // "last year", "this year", "tahun ini", "в прошлом году": resolved against published
}

// parser is shared: a dps.Parser may serve concurrent searches.
var parser = &dps.Parser{}

// Find returns the dates text gives, in text order, without overlaps. lang is
// "id", "ru" or "en"; any other value is replaced by lang.Detect(text).
// Incomplete and relative dates are resolved against published (its calendar
// date where it was published; the zero time means today): "16 Juni" is the
// last 16 June on or before it, "tahun lalu" the year before it.
func Find(text, language string, published time.Time) []Found {
	if !lang.Valid(language) {
		language = lang.Detect(text)
	}
	if published.IsZero() {
		published = time.Now()
	}
	y, m, d := published.Date()
	pub := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)

	var cands []candidate
	cands = append(cands, ruleCandidates(text, language, pub)...)
	cands = append(cands, libraryCandidates(text, language, pub)...)
	cands = resolveOverlaps(cands)

	found := make([]Found, 0, len(cands))
	for _, c := range cands {
		if c.bareYear && !yearInContext(text, language, c, found) {
			continue
		}
		found = append(found, c.Found)
	}
	return found
}

// candidate is a Found before overlaps and context are checked.
type candidate struct {
	Found
	rule     bool // from this package's rules rather than the library
	bareYear bool // the text is a number alone, such as "2017"
}

// libraryCandidates runs go-dateparser's search and keeps what is a date.
func libraryCandidates(text, language string, pub time.Time) []candidate {
	cfg := &dps.Configuration{
		Languages: []string{language},
		// Noon, so that a date on the publication day is not in its future.
		CurrentTime:          pub.Add(12 * time.Hour),
		PreferredDayOfMonth:  dps.First,
		PreferredMonthOfYear: dps.FirstMonth,
		PreferredDateSource:  dps.Past,
	}
	_, results, err := parser.Search(cfg, text)
	if err != nil {
		return nil
	}
	var cands []candidate
	cursor := 0
	for _, r := range results {
		precision, ok := precisionOf(r.Date.Period)
		if !ok {
			continue
		}
		// The Russian search marks a "с" before a number as "[FROM]".
		words := strings.ReplaceAll(r.Text, "[FROM]", "с")
		start, end, ok := locate(text, words, cursor)
		if !ok {
			continue
		}
		start, end = trimEdges(text, start, end, language)
		if start >= end {
			continue
		}
		cursor = end
		c := candidate{Found: Found{Start: start, End: end, Text: text[start:end]}}
		if !plausible(c.Text, language, precision) {
			continue
		}
		c.Date = normalise(r.Date.Time, precision)
		c.Relative = !hasDigit(c.Text) && !hasMonthName(c.Text, language)
		c.bareYear = bareYearRx.MatchString(c.Text)
		if !c.Relative && !yearRx.MatchString(c.Text) {
			c.Date = notAfter(c.Date, pub)
		}
		if isWeekday(c.Text, language) && precision == graph.Day {
			c.Date.Time = onOrBefore(pub, c.Date.Time.Weekday())
		}
		if c.Date.Time.Year() < minYear || c.Date.Time.Year() > pub.Year()+maxYearsAhead {
			continue
		}
		cands = append(cands, c)
	}
	return cands
}

// Years outside [minYear, published year + maxYearsAhead] are numbers, not dates.
const (
	minYear       = 1900
	maxYearsAhead = 10
)

func precisionOf(p dpsdate.Period) (graph.Precision, bool) {
	switch p {
	case dpsdate.Year:
		return graph.Year, true
	case dpsdate.Month:
		return graph.Month, true
	case dpsdate.Day, dpsdate.Hour, dpsdate.Minute, dpsdate.Second:
		return graph.Day, true
	}
	return "", false
}

// normalise makes t the first day of its period, midnight UTC, as graph.Date wants.
func normalise(t time.Time, p graph.Precision) graph.Date {
	y, m, d := t.Date()
	switch p {
	case graph.Year:
		m, d = time.January, 1
	case graph.Month:
		d = 1
	}
	return graph.Date{Time: time.Date(y, m, d, 0, 0, 0, 0, time.UTC), Precision: p}
}

// notAfter moves a date the text gives without a year back a year when it
// would fall after the publication date: "16 Juni" published 2021-06-10 is 2020-06-16.
func notAfter(d graph.Date, pub time.Time) graph.Date {
	limit := pub
	if d.Precision == graph.Month {
		limit = time.Date(pub.Year(), pub.Month(), 1, 0, 0, 0, 0, time.UTC)
	}
	if d.Precision != graph.Year && d.Time.After(limit) {
		d.Time = d.Time.AddDate(-1, 0, 0)
	}
	return d
}

// weekdays: a weekday alone is the last such day on or before publication,
// as news means it ("said on Monday" in Monday's paper is that day); the
// library takes the one before, a week early.
var weekdays = map[string]map[string]bool{
	lang.English:    wordSet(`monday tuesday wednesday thursday friday saturday sunday`),
	lang.Indonesian: wordSet(`senin selasa rabu kamis jumat sabtu minggu`),
	lang.Russian: wordSet(`понедельник вторник среда среду четверг пятница пятницу
		суббота субботу воскресенье`),
}

func isWeekday(s, language string) bool {
	return weekdays[language][strings.ToLower(s)]
}

func onOrBefore(pub time.Time, wd time.Weekday) time.Time {
	return pub.AddDate(0, 0, -((int(pub.Weekday()) - int(wd) + 7) % 7))
}

// locate finds words in text at or after from, letting any run of white
// space in words match any run of white space in text: the library joins
// tokens with single spaces.
func locate(text, words string, from int) (int, int, bool) {
	if i := strings.Index(text[from:], words); i >= 0 {
		return from + i, from + i + len(words), true
	}
	parts := strings.Fields(words)
	if len(parts) == 0 {
		return 0, 0, false
	}
	for i := range parts {
		parts[i] = regexp.QuoteMeta(parts[i])
	}
	rx, err := regexp.Compile(strings.Join(parts, `\s+`))
	if err != nil {
		return 0, 0, false
	}
	loc := rx.FindStringIndex(text[from:])
	if loc == nil {
		return 0, 0, false
	}
	return from + loc[0], from + loc[1], true
}

// edgeWords are words that introduce or join a date without being part of
// it; they are trimmed from both ends of the library's answers.
var edgeWords = map[string]map[string]bool{
	lang.English: wordSet(`in on at the of since from by until till during and or a
		to before after between through`),
	lang.Indonesian: wordSet(`pada di sejak hingga sampai dan atau dari ke dalam selama
		tanggal sebelum setelah sesudah antara`),
	lang.Russian: wordSet(`в во с со на до по к и или от после около между`),
}

func wordSet(words string) map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.Fields(words) {
		set[w] = true
	}
	return set
}

// edgePunct is trimmed from both ends, as the library does (and "(", which it
// leaves inside "Selasa (29/6/2021").
const edgePunct = " \t\r\n.,:;()[]'\"“”«»-–—"

// trimEdges narrows text[start:end] to the date's words.
func trimEdges(text string, start, end int, language string) (int, int) {
	edge := edgeWords[language]
	for {
		s := strings.TrimLeft(text[start:end], edgePunct)
		start = end - len(s)
		s = strings.TrimRight(s, edgePunct)
		end = start + len(s)
		if start >= end {
			return start, end
		}
		changed := false
		if w, n := firstWord(s); n < len(s) && edge[strings.ToLower(w)] {
			start += n
			changed = true
		} else if w, n := lastWord(s); n < len(s) && edge[strings.ToLower(w)] {
			end -= n
			changed = true
		}
		if !changed {
			// Keep "г." of "2019 г.": the point is part of the abbreviation.
			if language == lang.Russian && strings.HasSuffix(text[start:end], " г") &&
				end < len(text) && text[end] == '.' {
				end++
			}
			return start, end
		}
	}
}

func firstWord(s string) (string, int) {
	i := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
	if i <= 0 {
		return "", len(s)
	}
	return s[:i], i
}

func lastWord(s string) (string, int) {
	i := strings.LastIndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
	if i < 0 || i == len(s)-1 {
		return "", len(s)
	}
	_, size := utf8.DecodeRuneInString(s[i:])
	return s[i+size:], len(s) - i - size
}

var (
	yearRx     = regexp.MustCompile(`(?:^|\D)(?:19|20)\d\d(?:\D|$)`)
	bareYearRx = regexp.MustCompile(`^\d{4}$`)
	numDateRx  = regexp.MustCompile(`\d{1,4}[./-]\d{1,2}[./-]\d{1,4}`)
)

// notDates are answers of the library that are not dates worth a graph:
// "now" is the publication instant, "a second" a duration; English "may" and
// "march" in lower case are verbs.
var notDates = map[string]*regexp.Regexp{
	lang.English:    regexp.MustCompile(`^(?i:(?:right )?now|currently|(?:a |one )?(?:second|minute|moment|hour)s?)$|^(?:may|march)$`),
	lang.Indonesian: regexp.MustCompile(`(?i)^(?:sekarang|kini|saat ini|detik|menit|jam)$`),
	lang.Russian:    regexp.MustCompile(`(?i)^(?:сейчас|теперь|ныне|секунду|минуту|час)$`),
}

// plausible filters the library's false positives.
func plausible(s, language string, precision graph.Precision) bool {
	if notDates[language].MatchString(s) {
		return false
	}
	if !hasDigit(s) {
		return true // words only: "tahun ini", "Mei", "yesterday"
	}
	if hasMonthName(s, language) || numDateRx.MatchString(s) {
		return true
	}
	// Digits without a month or a numeric date are a year or nothing: not
	// "6", "15", "10:00", "00 WIB", "около 6", nor "28, 2021" as 28 January.
	return precision == graph.Year && yearRx.MatchString(s)
}

func hasDigit(s string) bool {
	return strings.IndexFunc(s, unicode.IsDigit) >= 0
}

// monthNames: full names and the usual abbreviations; Russian by stem, to
// take every case ("июнь", "июня", "июне").
var monthNames = map[string]map[string]bool{
	lang.English: wordSet(`january february march april may june july august september
		october november december jan feb mar apr jun jul aug sep sept oct nov dec`),
	lang.Indonesian: wordSet(`januari februari maret april mei juni juli agustus september
		oktober november desember jan feb mar apr jun jul agu agt ags sep okt nov des`),
}

var russianMonthStems = []string{"январ", "феврал", "март", "апрел", "июн", "июл", "август",
	"сентябр", "октябр", "ноябр", "декабр"}

func hasMonthName(s, language string) bool {
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if language == lang.Russian {
			if w == "май" || w == "мая" || w == "мае" || w == "маю" || w == "маем" {
				return true
			}
			for _, stem := range russianMonthStems {
				if strings.HasPrefix(w, stem) {
					return true
				}
			}
			continue
		}
		if monthNames[language][w] {
			return true
		}
	}
	return false
}

// resolveOverlaps keeps, of overlapping candidates, the longer; of equally
// long ones the rule's. The result is in text order.
func resolveOverlaps(cands []candidate) []candidate {
	slices.SortStableFunc(cands, func(a, b candidate) int {
		if la, lb := a.End-a.Start, b.End-b.Start; la != lb {
			return lb - la
		}
		if a.rule != b.rule {
			if a.rule {
				return -1
			}
			return 1
		}
		return a.Start - b.Start
	})
	var kept []candidate
	for _, c := range cands {
		overlaps := false
		for _, k := range kept {
			if c.Start < k.End && k.Start < c.End {
				overlaps = true
				break
			}
		}
		if !overlaps {
			kept = append(kept, c)
		}
	}
	slices.SortFunc(kept, func(a, b candidate) int { return a.Start - b.Start })
	return kept
}

// yearLead: words after which a number alone is a year ("pada 2017", "in
// 2017"); yearJoin: words that join it to a date just before ("from 2015 to
// 2019"); yearNoun: words after it that make it one ("2017 году").
var (
	yearLead = map[string]map[string]bool{
		lang.English: wordSet(`in since by until till during before after early late mid
			from`),
		lang.Indonesian: wordSet(`pada sejak hingga sampai tahun sebelum setelah sesudah awal
			akhir pertengahan medio selama`),
		lang.Russian: wordSet(`в во с со до после к по`),
	}
	yearJoin = map[string]map[string]bool{
		lang.English:    wordSet(`to and or through`),
		lang.Indonesian: wordSet(`hingga sampai dan atau ke`),
		lang.Russian:    wordSet(`по до и или`),
	}
	yearNoun = map[string]map[string]bool{
		lang.Russian: wordSet(`год года году годом г`),
	}
)

// yearInContext tells a number that is a year ("pada 2017") from one that is
// a count ("lebih dari 2000 serangan"), by the words around it.
func yearInContext(text, language string, c candidate, before []Found) bool {
	prev := strings.ToLower(wordBefore(text, c.Start))
	if yearLead[language][prev] {
		return true
	}
	if yearNoun[language][strings.ToLower(wordAfter(text, c.End))] {
		return true
	}
	if yearJoin[language][prev] && len(before) > 0 {
		gap := text[before[len(before)-1].End:c.Start]
		return len(strings.Fields(gap)) <= 1 && !strings.ContainsAny(gap, ".!?")
	}
	return strings.HasSuffix(strings.TrimRight(text[:c.Start], " "), "-") && len(before) > 0 &&
		before[len(before)-1].End >= c.Start-3 // "2015-2019"
}

func wordBefore(text string, i int) string {
	s := strings.TrimRightFunc(text[:i], unicode.IsSpace)
	j := strings.LastIndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
	if j < 0 {
		return s
	}
	_, size := utf8.DecodeRuneInString(s[j:])
	return s[j+size:]
}

func wordAfter(text string, i int) string {
	s := strings.TrimLeftFunc(text[i:], unicode.IsSpace)
	j := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
	if j < 0 {
		return s
	}
	return s[:j]
}

// ruleCandidates applies this package's own rules, for what go-dateparser
// v1.4.7 gets wrong or misses:
//
//   - Russian "в этом/прошлом/следующем году" comes back as "году", Day
//     precision, 1 January of the current year; "в этом/прошлом месяце" not
//     at all.
//   - Russian months in the prepositional case ("в мае", "в июне 2020 года")
//     are not found.
//   - Russian "2017 году" / "2017 года" / "2017 г." comes back as the year 4
//     or 1 (the number is read as a day or month count).
//   - Indonesian "bulan Mei 2020" comes back as two dates, "Mei" (this year)
//     and "2020".
//   - Indonesian "dua tahun lalu" comes back as "tahun lalu": one year, not two.
//
// Each rule's match is the date's words only (no leading preposition).
func ruleCandidates(text, language string, pub time.Time) []candidate {
	var cands []candidate
	add := func(start, end int, d graph.Date, relative bool) {
		cands = append(cands, candidate{rule: true, Found: Found{
			Start: start, End: end, Text: text[start:end], Date: d, Relative: relative,
		}})
	}
	switch language {
	case lang.Russian:
		for _, m := range ruRelativeRx.FindAllStringSubmatchIndex(text, -1) {
			which := strings.ToLower(text[m[4]:m[5]])
			unit := strings.ToLower(text[m[6]:m[7]])
			shift := ruRelativeShift[which]
			if unit == "году" {
				add(m[2], m[3], yearDate(pub.Year()+shift), true)
			} else {
				add(m[2], m[3], graph.Date{Time: firstOfMonth(pub).AddDate(0, shift, 0), Precision: graph.Month}, true)
			}
		}
		for _, m := range ruMonthRx.FindAllStringSubmatchIndex(text, -1) {
			month := ruPrepositionalMonths[strings.ToLower(text[m[4]:m[5]])]
			d := graph.Date{Precision: graph.Month}
			if m[6] >= 0 {
				y, _ := strconv.Atoi(text[m[6]:m[7]])
				d.Time = time.Date(y, month, 1, 0, 0, 0, 0, time.UTC)
			} else {
				d = notAfter(graph.Date{Time: time.Date(pub.Year(), month, 1, 0, 0, 0, 0, time.UTC), Precision: graph.Month}, pub)
			}
			add(m[2], m[3], d, false)
		}
		for _, m := range ruYearRx.FindAllStringSubmatchIndex(text, -1) {
			y, _ := strconv.Atoi(text[m[4]:m[5]])
			if y >= minYear && y <= pub.Year()+maxYearsAhead {
				add(m[2], m[3], yearDate(y), false)
			}
		}
	case lang.Indonesian:
		for _, m := range idMonthYearRx.FindAllStringSubmatchIndex(text, -1) {
			month := idMonths[strings.ToLower(text[m[4]:m[5]])]
			y, _ := strconv.Atoi(text[m[6]:m[7]])
			if y >= minYear && y <= pub.Year()+maxYearsAhead {
				add(m[2], m[3], graph.Date{Time: time.Date(y, month, 1, 0, 0, 0, 0, time.UTC), Precision: graph.Month}, false)
			}
		}
		for _, m := range idAgoRx.FindAllStringSubmatchIndex(text, -1) {
			n := 1
			if m[4] >= 0 {
				count := strings.ToLower(text[m[4]:m[5]])
				if v, err := strconv.Atoi(count); err == nil {
					n = v
				} else {
					n = idNumbers[count]
				}
			}
			if strings.EqualFold(text[m[6]:m[7]], "tahun") {
				add(m[2], m[3], yearDate(pub.Year()-n), true)
			} else {
				add(m[2], m[3], graph.Date{Time: firstOfMonth(pub).AddDate(0, -n, 0), Precision: graph.Month}, true)
			}
		}
	}
	return cands
}

func yearDate(y int) graph.Date {
	return graph.Date{Time: time.Date(y, time.January, 1, 0, 0, 0, 0, time.UTC), Precision: graph.Year}
}

func firstOfMonth(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// Go's \b knows ASCII letters only; these patterns bound words with
// (?:^|[^\p{L}\p{N}]) and (?:[^\p{L}\p{N}]|$) and report the date in group 1.
const (
	wb = `(?:^|[^\p{L}\p{N}])`
	we = `(?:[^\p{L}\p{N}]|$)`
)

var (
	ruRelativeRx    = regexp.MustCompile(`(?i)` + wb + `(?:в|во)\s+((этом|текущем|нынешнем|прошлом|минувшем|прошедшем|следующем|будущем)\s+(году|месяце))` + we)
	ruRelativeShift = map[string]int{
		"этом": 0, "текущем": 0, "нынешнем": 0,
		"прошлом": -1, "минувшем": -1, "прошедшем": -1,
		"следующем": 1, "будущем": 1,
	}
	ruPrepositionalMonths = map[string]time.Month{
		"январе": time.January, "феврале": time.February, "марте": time.March,
		"апреле": time.April, "мае": time.May, "июне": time.June, "июле": time.July,
		"августе": time.August, "сентябре": time.September, "октябре": time.October,
		"ноябре": time.November, "декабре": time.December,
	}
	ruMonthRx = regexp.MustCompile(`(?i)` + wb + `(?:в|во)\s+((январе|феврале|марте|апреле|мае|июне|июле|августе|сентябре|октябре|ноябре|декабре)` +
		`(?:\s+(\d{4})(?:\s*(?:году|года|г\.))?)?)` + we)
	ruYearRx = regexp.MustCompile(`(?i)` + wb + `((\d{4})\s*(?:году|года|год|г\.))` + we)

	idMonths = map[string]time.Month{
		"januari": time.January, "februari": time.February, "maret": time.March,
		"april": time.April, "mei": time.May, "juni": time.June, "juli": time.July,
		"agustus": time.August, "september": time.September, "oktober": time.October,
		"november": time.November, "desember": time.December,
	}
	idMonthYearRx = regexp.MustCompile(`(?i)` + wb + `((januari|februari|maret|april|mei|juni|juli|agustus|september|oktober|november|desember)\s+(\d{4}))` + we)
	idNumbers     = map[string]int{
		"satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5,
		"enam": 6, "tujuh": 7, "delapan": 8, "sembilan": 9, "sepuluh": 10,
	}
	idAgoRx = regexp.MustCompile(`(?i)` + wb + `((?:(\d{1,2}|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh)\s+|se)(tahun|bulan)\s+(?:yang\s+)?lalu)` + we)
)
