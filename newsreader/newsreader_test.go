package newsreader

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/seed"
)

// seedNames is what the graph knows after the seed is loaded: every
// entity's names, as graph.Store.Names gives them.
func seedNames(t *testing.T) []graph.Named {
	t.Helper()
	return seedNamesOf(t)
}

func seedNamesOf(t testing.TB) []graph.Named {
	t.Helper()
	ds, err := seed.Parse(seed.Files())
	if err != nil {
		t.Fatal(err)
	}
	var out []graph.Named
	for _, n := range ds.Nodes {
		name, _ := n.Properties["name"].(string)
		aliases, _ := n.Properties["aliases"].([]string)
		iso2, _ := n.Properties["iso2"].(string)
		out = append(out, graph.Named{ID: n.ID, Kind: n.Kind, Name: name, Aliases: aliases, ISO2: iso2})
	}
	return out
}

func newReader(t *testing.T) *Reader {
	t.Helper()
	r, err := NewReader(seedNames(t))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// The seed article against the hand-written gold file: precision and
// recall per kind, and every quote found verbatim at its offsets.
func TestSeedArticleAgainstTheGold(t *testing.T) {
	data, err := os.ReadFile("testdata/gold-seed-article.json")
	if err != nil {
		t.Fatal(err)
	}
	gold, err := ReadGold(data)
	if err != nil {
		t.Fatal(err)
	}
	article, err := os.ReadFile("../" + gold.Article)
	if err != nil {
		t.Fatalf("the seed article: %v (tests read ../shared beside the repository)", err)
	}
	published, _ := time.Parse(time.DateOnly, gold.Published)
	r := newReader(t)
	start := time.Now()
	language, got, err := r.Read(Article{Text: string(article), Published: published})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("read in %s, language %s, %d candidates", time.Since(start), language, len(got))
	if language != "id" {
		t.Errorf("language = %q, want id", language)
	}
	runes := []rune(string(article))
	for _, c := range got {
		t.Logf("  %s", c)
		if c.Evidence.Start < 0 || c.Evidence.End > len(runes) || string(runes[c.Evidence.Start:c.Evidence.End]) != c.Evidence.Quote ||
			!utf8.ValidString(c.Evidence.Quote) {
			t.Errorf("%s: the quote is not the text at its offsets", c)
		}
	}
	for _, g := range gold.Facts {
		if g.Evidence.End > len(runes) {
			t.Errorf("gold fact %v ends past the article", g)
		}
	}
	scores := Evaluate(got, gold.Facts)
	for _, s := range scores {
		t.Logf("%-12s proposed %2d gold %2d matched %2d precision %.2f recall %.2f", s.Kind, s.Proposed, s.Gold, s.Matched, s.Precision, s.Recall)
		for _, i := range s.MissedGold {
			g := gold.Facts[i]
			t.Logf("    missed: %s %s %v %s: %q", g.Kind, g.Subject, g.Parties, g.Relation, string(runes[g.Evidence.Start:g.Evidence.End]))
		}
		if (s.Kind == "agreement" || s.Kind == "statement") && (s.Precision < 0.8 || s.Recall < 0.8) {
			t.Errorf("%s: precision %.2f, recall %.2f; the target is 0.8 each", s.Kind, s.Precision, s.Recall)
		}
	}
}

// Our own sentences, in each language: a negation, a future or hearsay
// ("media reported") never becomes a signed agreement; the plain statement
// does.
func TestHedgedAgreementsAreNotSigned(t *testing.T) {
	r := newReader(t)
	day := time.Date(2021, 6, 28, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		lang, text string
		signed     bool
	}{
		{"id", "Rusia telah menandatangani perjanjian kerja sama keamanan siber dengan Indonesia.", true},
		{"id", "Rusia belum menandatangani perjanjian kerja sama keamanan siber dengan Indonesia.", false},
		{"id", "Rusia akan menandatangani perjanjian kerja sama keamanan siber dengan Indonesia.", false},
		{"en", "Russia signed an agreement on information security with Indonesia.", true},
		{"en", "Russia has not signed an agreement on information security with Indonesia.", false},
		{"en", "Russia will sign an agreement on information security with Indonesia.", false},
		{"ru", "Россия подписала соглашение о сотрудничестве в области информационной безопасности с Индонезией.", true},
		{"ru", "Россия не подписала соглашение о сотрудничестве с Индонезией.", false},
		{"ru", "Россия планирует подписать соглашение о сотрудничестве с Индонезией.", false},
		{"id", "Media melaporkan Rusia telah menandatangani perjanjian kerja sama dengan Indonesia.", false},
		{"en", "Media reported that Russia signed an agreement with Indonesia.", false},
		{"ru", "По сообщениям СМИ, Россия подписала соглашение с Индонезией.", false},
	}
	for _, tt := range tests {
		_, got, err := r.Read(Article{Text: tt.text, Lang: tt.lang, Published: day})
		if err != nil {
			t.Fatal(err)
		}
		signed := false
		for _, c := range got {
			if c.Kind == "agreement" && c.Status == "signed" {
				signed = true
				if len(c.Parties) != 2 || c.Parties[0] != "RUS" || c.Parties[1] != "IDN" {
					t.Errorf("%q: parties %v, want RUS and IDN", tt.text, c.Parties)
				}
			}
		}
		if signed != tt.signed {
			t.Errorf("%q (%s): a signed agreement = %v, want %v (candidates %v)", tt.text, tt.lang, signed, tt.signed, got)
		}
	}
}

// Hearsay is a claim by those who reported it, never the reporter's fact.
func TestHearsayIsAnAttributionNotAStatement(t *testing.T) {
	r := newReader(t)
	day := time.Date(2021, 6, 28, 0, 0, 0, 0, time.UTC)
	_, got, err := r.Read(Article{Text: "In May, US media reported a possible connection between the hackers behind the Colonial Pipeline attack and Russia.",
		Lang: "en", Published: day})
	if err != nil {
		t.Fatal(err)
	}
	attributed := false
	for _, c := range got {
		attributed = attributed || c.Kind == "attribution"
		if c.Kind == "statement" {
			t.Errorf("hearsay became a statement: %v", c)
		}
		if c.Kind == "attribution" && (c.Object != "RUS" || c.Verdict != "alleged" || c.DatePrecision != "month") {
			t.Errorf("attribution %v: want RUS alleged, dated to the month", c)
		}
	}
	if !attributed {
		t.Errorf("no attribution in %v", got)
	}
}

// Names the graph does not know become entities with proposed ids; the
// text is then read knowing them, so a surname alone finds the new person,
// and the proposal writes the person, the body and the post held in it.
func TestNewEntitiesAreReadAndProposed(t *testing.T) {
	countries := []graph.Named{{ID: "RUS", Kind: "Country", Name: "Russia", Aliases: []string{"Rusia", "Federasi Rusia"}},
		{ID: "IDN", Kind: "Country", Name: "Indonesia"}, {ID: "budi-santoso", Kind: "Organization", Name: "Budi Santoso Foundation"}}
	r, err := NewReader(countries)
	if err != nil {
		t.Fatal(err)
	}
	text := "Wakil Sekretaris Badan Intelijen Negara Rusia Budi Santoso hadir di Jakarta. Kemarin Santoso mengatakan bahwa Rusia siap."
	a := Article{Text: text, Lang: "id", Published: time.Date(2021, 6, 28, 0, 0, 0, 0, time.UTC)}
	_, got, err := r.Read(a)
	if err != nil {
		t.Fatal(err)
	}
	var entities, statements []string
	for _, c := range got {
		switch c.Kind {
		case "entity":
			entities = append(entities, c.Relation+":"+c.Subject+":"+c.Name)
		case "statement":
			statements = append(statements, c.Subject)
		}
	}
	// The slug budi-santoso is taken by another entity: the new one gets its own.
	want := []string{"new-organization:badan-intelijen-negara-rusia:Badan Intelijen Negara Rusia", "new-person:budi-santoso-2:Budi Santoso"}
	if !slices.Equal(entities, want) {
		t.Errorf("entities = %q, want %q", entities, want)
	}
	if !slices.Equal(statements, []string{"budi-santoso-2"}) {
		t.Errorf("statements by %q, want one by the new person, found by his surname alone", statements)
	}
	known := map[string]graph.Named{}
	for _, n := range countries {
		known[n.ID] = n
	}
	p, err := Propose(a, "id", got, known)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(p.Document)
	for _, part := range []string{`{"id":"budi-santoso-2","type":"Person","name":"Budi Santoso"`,
		`{"id":"badan-intelijen-negara-rusia","type":"Organization","kind":"government-body"`,
		`"positions":[{"person":"budi-santoso-2","organization":"badan-intelijen-negara-rusia","title":"Deputy Secretary"`} {
		if !strings.Contains(doc, part) {
			t.Errorf("the proposal lacks %s:\n%s", part, doc)
		}
	}
}

// Our own short texts, one for each pattern in each language, with the
// negations, futures and events not yet held that must give nothing.
func TestEachPatternInEachLanguage(t *testing.T) {
	r := newReader(t)
	day := time.Date(2026, 6, 28, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		lang, text, kind string
		want             string // the candidate in short; "" for none of its kind
	}{
		{"id", "Perjanjian kerja sama antara Rusia dan Indonesia siap untuk ditandatangani.", "agreement", "RUS-IDN ready-to-sign"},
		{"id", "Rancangan perjanjian antara Rusia dan Vietnam sedang disusun.", "agreement", "RUS-VNM draft"},
		{"id", "Perjanjian antara Rusia dan Kuba telah berlaku sejak 2020.", "agreement", "RUS-CUB in-force"},
		{"id", "Rusia dan Tiongkok menandatangani perjanjian dalam kerangka SCO pada 2015.", "agreement", "RUS-CHN signed within SCO"},
		{"id", "Vladimir Putin mengatakan bahwa Rusia siap bekerja sama.", "statement", "vladimir-putin said"},
		{"id", "Amerika Serikat melihat koneksi antara peretas Colonial Pipeline dan Rusia.", "attribution", "USA alleged RUS"},
		{"id", "Presiden Rusia Vladimir Putin tiba di Jakarta.", "position", "vladimir-putin president"},
		{"id", "Indonesia resmi bergabung dengan BRICS pada 6 Januari 2025.", "membership", "IDN BRICS 2025-01-06"},
		{"id", "Indonesia belum bergabung dengan BRICS pada 2023.", "membership", ""},
		{"id", "Indonesia akan bergabung dengan BRICS pada 2025.", "membership", ""},
		{"id", "Pada 16 Juni 2021, Vladimir Putin dan Joe Biden bertemu di Jenewa.", "event", "meeting joe-biden,vladimir-putin 2021-06-16 Jenewa"},
		{"id", "Vladimir Putin dan Joe Biden akan membahasnya pada KTT mendatang pada 16 Juni 2021.", "event", ""},

		{"en", "The agreement between Russia and Indonesia is ready to be signed.", "agreement", "RUS-IDN ready-to-sign"},
		{"en", "Russia and Vietnam are working on a draft agreement.", "agreement", "RUS-VNM draft"},
		{"en", "The agreement between Russia and Cuba entered into force in 2020.", "agreement", "RUS-CUB in-force"},
		{"en", "Russia and China signed an agreement within the framework of the SCO in 2015.", "agreement", "RUS-CHN signed within SCO"},
		{"en", "Vladimir Putin said Russia was ready to cooperate.", "statement", "vladimir-putin said"},
		{"en", "The United States sees a link between the Colonial Pipeline hackers and Russia.", "attribution", "USA alleged RUS"},
		{"en", "Russian President Vladimir Putin arrived in Jakarta.", "position", "vladimir-putin president"},
		{"en", "Indonesia joined BRICS on 6 January 2025.", "membership", "IDN BRICS 2025-01-06"},
		{"en", "Indonesia has not joined BRICS as of 2023.", "membership", ""},
		{"en", "Indonesia plans to become a member of BRICS in 2025.", "membership", ""},
		{"en", "On 16 June 2021, Vladimir Putin and Joe Biden met in Geneva.", "event", "meeting joe-biden,vladimir-putin 2021-06-16 Geneva"},
		{"en", "Vladimir Putin and Joe Biden will discuss it at the upcoming summit on 16 June 2021.", "event", ""},

		{"ru", "Соглашение между Россией и Индонезией готово к подписанию.", "agreement", "RUS-IDN ready-to-sign"},
		{"ru", "Проект соглашения между Россией и Вьетнамом прорабатывается.", "agreement", "RUS-VNM draft"},
		{"ru", "Соглашение между Россией и Арменией вступило в силу в 2020 году.", "agreement", "RUS-ARM in-force"},
		{"ru", "Россия и Китай подписали соглашение в рамках ШОС в 2015 году.", "agreement", "RUS-CHN signed within SCO"},
		{"ru", "Владимир Путин заявил, что Россия готова к сотрудничеству.", "statement", "vladimir-putin said"},
		{"ru", "Соединённые Штаты видят связь хакеров Colonial Pipeline с Россией.", "attribution", "USA alleged RUS"},
		{"ru", "Президент России Владимир Путин прибыл в Джакарту.", "position", "vladimir-putin president"},
		{"ru", "Индонезия вступила в БРИКС 6 января 2025 года.", "membership", "IDN BRICS 2025-01-06"},
		{"ru", "Индонезия не вступила в БРИКС в 2023 году.", "membership", ""},
		{"ru", "16 июня 2021 года Владимир Путин и Джо Байден встретились в Женеве.", "event", "meeting joe-biden,vladimir-putin 2021-06-16 Женеве"},
		{"ru", "Путин и Байден обсудят это на предстоящем саммите 16 июня 2021 года.", "event", ""},
	}
	short := func(c Candidate) string {
		switch c.Kind {
		case "agreement":
			if c.Object != "" {
				return strings.Join(c.Parties, "-") + " " + c.Status + " within " + c.Object
			}
			return strings.Join(c.Parties, "-") + " " + c.Status
		case "statement", "position":
			return c.Subject + " " + c.Relation
		case "attribution":
			return c.Subject + " " + c.Relation + " " + c.Object
		case "membership":
			return c.Subject + " " + c.Object + " " + c.Date
		case "event":
			parties := slices.Sorted(slices.Values(c.Parties))
			return c.Relation + " " + strings.Join(parties, ",") + " " + c.Date + " " + c.Place
		}
		return c.String()
	}
	for _, tt := range tests {
		_, got, err := r.Read(Article{Text: tt.text, Lang: tt.lang, Published: day})
		if err != nil {
			t.Fatal(err)
		}
		var found []string
		for _, c := range got {
			if c.Kind == tt.kind {
				found = append(found, short(c))
			}
			if quote := string([]rune(tt.text)[c.Evidence.Start:c.Evidence.End]); quote != c.Evidence.Quote {
				t.Errorf("%q: %s's quote is not the text at its offsets", tt.text, c.Kind)
			}
		}
		want := []string{}
		if tt.want != "" {
			want = []string{tt.want}
		}
		if !slices.Equal(append([]string{}, found...), want) {
			t.Errorf("%s %q: %s = %q, want %q", tt.lang, tt.text, tt.kind, found, want)
		}
	}
}

// A sentence opening with "Dengan demikian" (thus) goes on with the last
// speaker's words; with no speaker before it, it is nobody's statement.
func TestContinuationCarriesTheSpeaker(t *testing.T) {
	r := newReader(t)
	day := time.Date(2026, 6, 28, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		lang, text string
		want       []string
	}{
		{"id", "Vladimir Putin mengatakan bahwa kerja sama berkembang. Dengan demikian, Rusia siap bekerja sama dengan Indonesia.",
			[]string{"vladimir-putin", "vladimir-putin"}},
		{"en", "Vladimir Putin said cooperation was growing. Thus, Russia is ready to work with Indonesia.", []string{"vladimir-putin", "vladimir-putin"}},
		{"ru", "Владимир Путин заявил, что сотрудничество растёт. Таким образом, Россия готова работать с Индонезией.",
			[]string{"vladimir-putin", "vladimir-putin"}},
		{"id", "Dengan demikian, Rusia siap bekerja sama dengan Indonesia.", nil},
	}
	for _, tt := range tests {
		_, got, err := r.Read(Article{Text: tt.text, Lang: tt.lang, Published: day})
		if err != nil {
			t.Fatal(err)
		}
		var by []string
		for _, c := range got {
			if c.Kind == "statement" {
				by = append(by, c.Subject)
			}
		}
		if !slices.Equal(by, tt.want) {
			t.Errorf("%s %q: statements by %q, want %q", tt.lang, tt.text, by, tt.want)
		}
	}
}

// The time to read the seed article, and an article fifty times its length
// (the seed article repeated), against the graph's names: per article and
// per thousand characters, so the two compare.
func BenchmarkRead(b *testing.B) {
	article, err := os.ReadFile("../../shared/seeds/000_f02ef9834c905904.txt")
	if err != nil {
		b.Skipf("the seed article: %v (benchmarks read ../shared beside the repository)", err)
	}
	r, err := NewReader(seedNamesOf(b))
	if err != nil {
		b.Fatal(err)
	}
	day := time.Date(2021, 6, 28, 0, 0, 0, 0, time.UTC)
	for _, times := range []int{1, 50} {
		text := strings.Repeat(string(article)+"\n", times)
		b.Run(fmt.Sprintf("x%d", times), func(b *testing.B) {
			for b.Loop() {
				if _, _, err := r.Read(Article{Text: text, Lang: "id", Published: day}); err != nil {
					b.Fatal(err)
				}
			}
			perKChar := float64(b.Elapsed().Microseconds()) / float64(b.N) / (float64(utf8.RuneCountInString(text)) / 1000)
			b.ReportMetric(perKChar, "µs/kchar")
		})
	}
}
