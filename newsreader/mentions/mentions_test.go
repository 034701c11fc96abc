package mentions

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/seed"
)

// articlePath is the real Indonesian article the reader is built for,
// outside the repository (it is a third party's text).
const articlePath = "../../../shared/seeds/000_f02ef9834c905904.txt"

// small is a hand-made graph's names.
func small() []graph.Named {
	return []graph.Named{
		{ID: "RUS", Kind: "Country", Name: "Russia", ISO2: "RU", Aliases: []string{"Russian Federation", "Rusia", "Federasi Rusia", "Россия", "Российская Федерация", "RF"}},
		{ID: "IDN", Kind: "Country", Name: "Indonesia", ISO2: "ID", Aliases: []string{"Индонезия", "Republik Indonesia"}},
		{ID: "USA", Kind: "Country", Name: "United States", ISO2: "US", Aliases: []string{"US", "U.S.", "AS", "Amerika Serikat", "Amerika", "США"}},
		{ID: "IRN", Kind: "Country", Name: "Iran", ISO2: "IR", Aliases: []string{"Irã", "Иран", "İran"}},
		{ID: "UZB", Kind: "Country", Name: "Uzbekistan", Aliases: []string{"Oʻzbekiston", "Узбекистан"}},
		{ID: "TGO", Kind: "Country", Name: "Togo", Aliases: []string{"Того"}},
		{ID: "CSTO", Kind: "Bloc", Name: "Collective Security Treaty Organization", Aliases: []string{"CSTO", "ОДКБ", "Организация Договора о коллективной безопасности"}},
		{ID: "EU", Kind: "Bloc", Name: "EU"},
		{ID: "oleg-khramov", Kind: "Person", Name: "Oleg Khramov", Aliases: []string{"Олег Храмов", "O.V. Khramov"}},
		{ID: "ivan-petrov", Kind: "Person", Name: "Ivan Petrov"},
		{ID: "anna-petrov", Kind: "Person", Name: "Anna Petrov"},
		{ID: "security-council", Kind: "Organization", Name: "Security Council of the Russian Federation", Aliases: []string{"Dewan Keamanan Federasi Rusia", "Совет Безопасности Российской Федерации"}},
		{ID: "colonial", Kind: "Organization", Name: "Colonial Pipeline Company", Aliases: []string{"Colonial Pipeline", "Colonial"}},
		{ID: "st-1", Kind: "Statement", Name: "Russia says"},
		{ID: "src-1", Kind: "Source", Name: "Indonesia Today"},
		{ID: "xx", Kind: "Organization", Name: "Xy"},
	}
}

// found is a mention in short: "ID:Text:By".
func found(ms []Mention) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.ID+":"+m.Text+":"+m.By)
	}
	return out
}

func checkOffsets(t *testing.T, text string, ms []Mention) {
	t.Helper()
	last := -1
	for _, m := range ms {
		if m.Start < 0 || m.End > len(text) || m.Start >= m.End || text[m.Start:m.End] != m.Text {
			t.Errorf("mention %+v: text[%d:%d] is not its Text", m, m.Start, m.End)
			continue
		}
		if m.Start < last {
			t.Errorf("mention %+v overlaps the one before or is out of order", m)
		}
		last = m.End
	}
}

// unknownNames checks each unknown's offsets, kind and score, and gives
// them in short: "Kind:Text".
func unknownNames(t *testing.T, text string, us []Unknown) []string {
	t.Helper()
	var out []string
	for _, u := range us {
		if u.Start < 0 || u.End > len(text) || u.Start >= u.End || text[u.Start:u.End] != u.Text {
			t.Errorf("unknown %+v: text[%d:%d] is not its Text", u, u.Start, u.End)
		}
		if u.Kind != "Person" && u.Kind != "Organization" || u.Score != ScoreUnknown {
			t.Errorf("unknown %+v: kind or score", u)
		}
		out = append(out, u.Kind+":"+u.Text)
	}
	return out
}

func TestFind(t *testing.T) {
	g := New(small())
	tests := []struct {
		name, lang, text string
		want             []string
	}{
		{"names and aliases", "en", "Russia and Indonesia met; the Collective Security Treaty Organization (CSTO) too.",
			[]string{"RUS:Russia:name", "IDN:Indonesia:name", "CSTO:Collective Security Treaty Organization:name", "CSTO:CSTO:alias"}},
		{"longest first", "id", "Wakil Sekretaris Dewan Keamanan Federasi Rusia Oleg Khramov berkata.",
			[]string{"security-council:Dewan Keamanan Federasi Rusia:alias", "oleg-khramov:Oleg Khramov:name"}},
		{"surname", "id", "Mr Khramov mengatakan, tambah Khramov.",
			[]string{"oleg-khramov:Khramov:surname", "oleg-khramov:Khramov:surname"}},
		{"shared surname is no one's", "en", "Petrov said.", nil},
		{"acronyms keep their capitals", "en", "Tell us as it is, as the US and the EU said; AS is Amerika Serikat.",
			[]string{"USA:US:alias", "EU:EU:name", "USA:AS:alias", "USA:Amerika Serikat:alias"}},
		{"hyphen joins", "id", "pada KTT AS-Rusia mendatang", []string{"USA:AS:alias", "RUS:Rusia:alias"}},
		{"not inside a word", "en", "Iranian hackers and Russians, the Indonesian side.", nil},
		{"common word is not a country", "ru", "Кроме того, Того.", []string{"TGO:Того:alias"}},
		{"lower-case word is not a name", "en", "the colonial era of Colonial", []string{"colonial:Colonial:alias"}},
		{"Indonesian clitic", "id", "Rusianya dan keIndonesia", []string{"RUS:Rusianya:inflection", "IDN:keIndonesia:inflection"}},
		{"English possessive", "en", "Russia's plan and Khramov's words", []string{"RUS:Russia's:inflection", "oleg-khramov:Khramov's:inflection"}},
		{"Russian case endings", "ru", "Храмов заявил, что соглашение с Индонезией готово к подписанию.",
			[]string{"oleg-khramov:Храмов:surname", "IDN:Индонезией:inflection"}},
		{"Russian genitive surname and phrase", "ru", "Слова Храмова о России и Организации Договора о коллективной безопасности, Совета Безопасности Российской Федерации.",
			[]string{"oleg-khramov:Храмова:inflection", "RUS:России:inflection", "CSTO:Организации Договора о коллективной безопасности:inflection", "security-council:Совета Безопасности Российской Федерации:inflection"}},
		{"Russian endings only in Russian", "en", "Индонезией", nil},
		{"diacritics folded", "en", "Ozbekiston and Iran and Ira", []string{"UZB:Ozbekiston:alias", "IRN:Iran:name"}},
		{"punctuation in a name", "en", "O.V. Khramov and U.S. officials", []string{"oleg-khramov:O.V. Khramov:alias", "USA:U.S.:alias"}},
		{"no match across a comma", "en", "Federasi, Rusia", []string{"RUS:Rusia:alias"}},
		{"statements and sources skipped, short names skipped", "en", "Russia says Indonesia Today Xy", []string{"RUS:Russia:name", "IDN:Indonesia:name"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := g.Find(tt.text, tt.lang)
			checkOffsets(t, tt.text, ms)
			if got := found(ms); !slices.Equal(got, tt.want) {
				t.Errorf("Find(%q)\n got %q\nwant %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestScores(t *testing.T) {
	g := New(small())
	text := "Russia, RUSSIA, Ozbekiston, Oʻzbekiston, Khramov, Rusianya, O. V. Khramov"
	want := map[string]float64{"Russia": 1, "RUSSIA": 1, "Ozbekiston": 0.9, "Oʻzbekiston": 1, "Khramov": 0.8, "Rusianya": 0.7, "O. V. Khramov": 0.9}
	ms := g.Find(text, "id")
	checkOffsets(t, text, ms)
	if len(ms) != len(want) {
		t.Fatalf("Find(%q) = %q, want %d mentions", text, found(ms), len(want))
	}
	for _, m := range ms {
		if m.Score != want[m.Text] {
			t.Errorf("%q: score %v, want %v", m.Text, m.Score, want[m.Text])
		}
	}
}

func TestUnknown(t *testing.T) {
	g := New(small())
	tests := []struct {
		name, lang, text string
		want             []string
	}{
		{"person after titles", "id", "Menurut Wakil Menteri Budi Santoso, Khramov setuju.", []string{"Person:Budi Santoso"}},
		{"organisation", "en", "The Ministry of Digital Development said Russia agreed.", []string{"Organization:Ministry of Digital Development"}},
		{"Indonesian organisation", "id", "Kemudian Badan Siber dan Sandi Negara bertemu Oleg Khramov.", []string{"Organization:Badan Siber dan Sandi Negara"}},
		{"Russian", "ru", "Как сообщил г-н Иван Сидоров, Министерство иностранных дел России не ответило.",
			[]string{"Person:Иван Сидоров", "Organization:Министерство иностранных дел России"}},
		{"Russian organisation in lower case", "ru", "Министерство цифрового развития и Федеральная служба безопасности участвуют.",
			[]string{"Organization:Министерство цифрового развития", "Organization:Федеральная служба безопасности"}},
		{"company", "en", "A researcher at Kaspersky Lab and John Smith said Microsoft and Google agreed.",
			[]string{"Organization:Kaspersky Lab", "Person:John Smith"}},
		{"known names, months, headings and generic words are not unknown", "id",
			"Tinggalkan Balasan\nPada 16 Juni, Oleg Khramov dan Asisten Deputi Presiden AS untuk Keamanan Nasional bertemu.", nil},
		{"a body's name ends with its country's", "id", "Wakil Ketua Badan Intelijen Negara Rusia Budi Santoso hadir.",
			[]string{"Organization:Badan Intelijen Negara Rusia", "Person:Budi Santoso"}},
		{"a name after a capitalised title", "id", "Kata sekretaris pers Gedung Putih Jane Roe kemarin.", []string{"Person:Jane Roe"}},
		{"sentence-initial common word dropped", "en", "However Maria Lopez disagreed. However, nobody asked however.", []string{"Person:Maria Lopez"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := unknownNames(t, tt.text, g.Unknown(tt.text, tt.lang, nil)); !slices.Equal(got, tt.want) {
				t.Errorf("Unknown(%q)\n got %q\nwant %q", tt.text, got, tt.want)
			}
		})
	}
}

// seedNames are the names of the real seed's entities, as the graph's
// Names would return them.
var seedNames = sync.OnceValues(func() ([]graph.Named, error) {
	ds, err := seed.Parse(seed.Files())
	if err != nil {
		return nil, err
	}
	var out []graph.Named
	for _, n := range ds.Nodes {
		name, _ := n.Properties["name"].(string)
		iso2, _ := n.Properties["iso2"].(string)
		var aliases []string
		switch v := n.Properties["aliases"].(type) {
		case []string:
			aliases = v
		case []any:
			for _, a := range v {
				if s, ok := a.(string); ok {
					aliases = append(aliases, s)
				}
			}
		}
		out = append(out, graph.Named{ID: n.ID, Kind: n.Kind, Name: name, ISO2: iso2, Aliases: aliases})
	}
	return out, nil
})

func seedGazetteer(tb testing.TB) *Gazetteer {
	tb.Helper()
	named, err := seedNames()
	if err != nil {
		tb.Fatal(err)
	}
	return New(named)
}

func article(tb testing.TB) string {
	tb.Helper()
	b, err := os.ReadFile(articlePath)
	if err != nil {
		tb.Skipf("seed article not available: %v", err)
	}
	return string(b)
}

// mustFind are what the seed article must yield: an entity id and the
// words that must name it there.
var mustFind = []struct{ id, text string }{
	{"RUS", "Rusia"}, {"IDN", "Indonesia"}, {"NIC", "Nikaragua"}, {"UZB", "Uzbekistan"}, {"IRN", "Iran"},
	{"KGZ", "Kirgistan"}, {"CSTO", "Collective Security Treaty Organization"}, {"CSTO", "CSTO"}, {"SCO", "SCO"},
	{"BRICS", "BRICS"}, {"FRA", "Prancis"}, {"USA", "AS"}, {"USA", "Amerika Serikat"}, {"USA", "Amerika"},
	{"oleg-khramov", "Oleg Khramov"}, {"oleg-khramov", "Khramov"}, {"vladimir-putin", "Vladimir Putin"},
	{"joe-biden", "Joe Biden"}, {"jen-psaki", "Jen Psaki"}, {"anne-neuberger", "Ann Nyberger"},
	{"colonial-pipeline-company", "Colonial Pipeline"}, {"geneva-summit-2021", "KTT AS-Rusia"},
	{"security-council-of-russia", "Dewan Keamanan Federasi Rusia"}, {"russian-foreign-ministry", "Kementerian Luar Negeri Rusia"},
	{"white-house", "Gedung Putih"}, {"us-media", "media Amerika"},
}

// mayMiss are in the article but not (as written there) in the seed: the
// test logs whether they were found.
var mayMiss = []struct{ id, text string }{
	{"RUS", "Federasi Rusia"}, {"geneva-summit-2021", "Jenewa"}, {"colonial-pipeline-attack", "Colonial Pipeline"},
}

func TestSeedArticle(t *testing.T) {
	text := article(t)
	g := seedGazetteer(t)
	ms := g.Find(text, "id")
	checkOffsets(t, text, ms)
	has := func(id, words string) bool {
		return slices.ContainsFunc(ms, func(m Mention) bool { return m.ID == id && m.Text == words })
	}
	var log strings.Builder
	fmt.Fprintf(&log, "%d names indexed; %d mentions:\n", g.Len(), len(ms))
	for _, m := range ms {
		fmt.Fprintf(&log, "  %5d %-40q %-28s %-12s %.1f %s\n", m.Start, m.Text, m.ID, m.Kind, m.Score, m.By)
	}
	for _, w := range mustFind {
		if !has(w.id, w.text) {
			t.Errorf("missed %s as %q", w.id, w.text)
		}
	}
	for _, w := range mayMiss {
		fmt.Fprintf(&log, "  %-8s %s as %q\n", map[bool]string{true: "found", false: "missed"}[has(w.id, w.text)], w.id, w.text)
	}
	// Nothing but what is there: no entity the article does not name.
	allowed := map[string]bool{"security-council-of-russia": true, "russian-foreign-ministry": true, "white-house": true,
		"us-media": true, "geneva-summit-2021": true}
	for _, w := range mustFind {
		allowed[w.id] = true
	}
	for _, m := range ms {
		if !allowed[m.ID] {
			t.Errorf("unexpected mention %+v", m)
		}
	}
	us := g.Unknown(text, "id", ms)
	unknownNames(t, text, us)
	fmt.Fprintf(&log, "%d unknown:\n", len(us))
	for _, u := range us {
		fmt.Fprintf(&log, "  %5d %-40q %s\n", u.Start, u.Text, u.Kind)
	}
	t.Log("\n" + log.String())
}

// TestSeedSentences runs the seed's names on short sentences of each
// language, so the tests need no outside file.
func TestSeedSentences(t *testing.T) {
	g := seedGazetteer(t)
	tests := []struct {
		lang, text string
		want       []string
	}{
		{"id", "Wakil Sekretaris Dewan Keamanan Federasi Rusia Oleg Khramov mengatakan Rusia siap bekerja sama dengan Indonesia dan Kirgistan.",
			[]string{"security-council-of-russia", "oleg-khramov", "RUS", "IDN", "KGZ"}},
		{"ru", "Храмов заявил, что соглашение с Индонезией готово к подписанию.", []string{"oleg-khramov", "IDN"}},
		{"ru", "Путин и Байден встретились в Женеве; МИД России и ОДКБ согласны с Соединенными Штатами.",
			[]string{"vladimir-putin", "joe-biden", "russian-foreign-ministry", "CSTO", "USA"}},
		{"en", "Russia's Security Council said the U.S. and Iran should join the Shanghai Cooperation Organisation, Putin told Biden.",
			[]string{"RUS", "USA", "IRN", "SCO", "vladimir-putin", "joe-biden"}},
		// "Chad" the country is also Chad the man: a known limit.
		{"en", "As we said, it is what it is: Chad met us in Jordan at the colonial museum.", []string{"TCD", "JOR"}},
	}
	for _, tt := range tests {
		ms := g.Find(tt.text, tt.lang)
		checkOffsets(t, tt.text, ms)
		var ids []string
		for _, m := range ms {
			ids = append(ids, m.ID)
		}
		if !slices.Equal(ids, tt.want) {
			t.Errorf("Find(%q, %s)\n got %q\nwant %q", tt.text, tt.lang, found(ms), tt.want)
		}
	}
}

func BenchmarkNew(b *testing.B) {
	named, err := seedNames()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		New(named)
	}
}

func BenchmarkFind(b *testing.B) {
	text := article(b)
	g := seedGazetteer(b)
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for b.Loop() {
		g.Find(text, "id")
	}
}

// TestSeedParagraphs reads a wire story in English and in Russian, of our
// own writing, against the seed's names.
func TestSeedParagraphs(t *testing.T) {
	g := seedGazetteer(t)
	tests := []struct {
		lang, text string
		found      []string
		unknown    []string
	}{
		{"en", "Russia Plans Cyber Pacts With Indonesia\nMOSCOW, June 28 - Deputy Secretary of the Security Council of Russia Oleg Khramov told RIA Novosti on Monday that Moscow is ready to sign. " +
			"The National Cyber and Crypto Agency of Indonesia said it welcomed the move. John Smith, a researcher at Kaspersky Lab, said the Shanghai Cooperation Organisation's members agreed. " +
			"White House press secretary Jen Psaki said the United States would raise ransomware with Putin. Last Tuesday Microsoft and Google said so.",
			[]string{"RUS:Russia:name", "IDN:Indonesia:name", "security-council-of-russia:Security Council of Russia:alias", "oleg-khramov:Oleg Khramov:name",
				"ria-novosti:RIA Novosti:name", "IDN:Indonesia:name", "SCO:Shanghai Cooperation Organisation's:inflection", "white-house:White House:name",
				"jen-psaki:Jen Psaki:name", "USA:United States:name", "vladimir-putin:Putin:surname"},
			[]string{"Organization:National Cyber and Crypto Agency of Indonesia", "Person:John Smith", "Organization:Kaspersky Lab"}},
		{"ru", "МОСКВА, 28 июня. Заместитель секретаря Совета Безопасности Российской Федерации Олег Храмов в интервью РИА Новости сообщил, что Москва готова подписать соглашения с Индонезией, Никарагуа и Узбекистаном. " +
			"Министерство цифрового развития и Федеральная служба безопасности также участвуют. Как отметил Иван Петрович Сидоров, ОДКБ и ШОС остаются приоритетом. Путин и Байден встретились в Женеве.",
			[]string{"security-council-of-russia:Совета Безопасности Российской Федерации:inflection", "oleg-khramov:Олег Храмов:alias", "ria-novosti:РИА Новости:alias",
				"IDN:Индонезией:inflection", "NIC:Никарагуа:alias", "UZB:Узбекистаном:inflection", "CSTO:ОДКБ:alias", "SCO:ШОС:alias",
				"vladimir-putin:Путин:surname", "joe-biden:Байден:surname"},
			[]string{"Organization:Министерство цифрового развития", "Organization:Федеральная служба безопасности", "Person:Иван Петрович Сидоров"}},
	}
	for _, tt := range tests {
		ms := g.Find(tt.text, tt.lang)
		checkOffsets(t, tt.text, ms)
		if got := found(ms); !slices.Equal(got, tt.found) {
			t.Errorf("Find (%s)\n got %q\nwant %q", tt.lang, got, tt.found)
		}
		if got := unknownNames(t, tt.text, g.Unknown(tt.text, tt.lang, ms)); !slices.Equal(got, tt.unknown) {
			t.Errorf("Unknown (%s)\n got %q\nwant %q", tt.lang, got, tt.unknown)
		}
	}
}
