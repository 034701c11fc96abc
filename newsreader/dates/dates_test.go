package dates

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/cyberkg/cyberkg/graph"
)

var published = time.Date(2021, 6, 28, 9, 30, 0, 0, time.UTC)

// want is a date Find should report: its words, its date as graph.Date
// prints it, and whether it is relative.
type want struct {
	text     string
	date     string
	relative bool
}

func TestFind(t *testing.T) {
	tests := []struct {
		lang, text string
		want       []want
	}{
		// Full dates.
		{"id", "Perjanjian ditandatangani pada 28 Juni 2021 di Jakarta.", []want{{"28 Juni 2021", "2021-06-28", false}}},
		{"ru", "Соглашение подписано 28 июня 2021 года в Москве.", []want{{"28 июня 2021 года", "2021-06-28", false}}},
		{"en", "The agreement was signed on June 28, 2021 in Moscow.", []want{{"June 28, 2021", "2021-06-28", false}}},
		{"en", "It was signed on 28 June 2021.", []want{{"28 June 2021", "2021-06-28", false}}},
		{"ru", "Встреча прошла 5 марта 2019 г. в Женеве.", []want{{"5 марта 2019 г.", "2019-03-05", false}}},

		// Day and month without a year: the publication's year, not after it.
		{"id", "Pada 16 Juni, Putin dan Biden bertemu.", []want{{"16 Juni", "2021-06-16", false}}},
		{"ru", "16 июня Путин и Байден встретились.", []want{{"16 июня", "2021-06-16", false}}},
		{"en", "On June 16, Putin and Biden met.", []want{{"June 16", "2021-06-16", false}}},
		{"id", "Pada 30 Juni, kedua pihak bertemu.", []want{{"30 Juni", "2020-06-30", false}}},
		{"ru", "30 июня стороны встретились.", []want{{"30 июня", "2020-06-30", false}}},
		{"en", "On June 30, the sides met.", []want{{"June 30", "2020-06-30", false}}},

		// A month alone.
		{"id", "Pada bulan Mei, media Amerika melaporkan.", []want{{"Mei", "2021-05", false}}},
		{"ru", "В мае американские СМИ сообщили.", []want{{"мае", "2021-05", false}}},
		{"en", "In May, US media reported.", []want{{"May", "2021-05", false}}},
		{"id", "Pada bulan Juli, media melaporkan.", []want{{"Juli", "2020-07", false}}},
		{"ru", "В июле СМИ сообщили.", []want{{"июле", "2020-07", false}}},
		{"en", "In July, media reported.", []want{{"July", "2020-07", false}}},
		{"id", "Pada bulan Mei 2020 media melaporkan.", []want{{"Mei 2020", "2020-05", false}}},
		{"ru", "В мае 2020 года СМИ сообщили.", []want{{"мае 2020 года", "2020-05", false}}},
		{"en", "In May 2020 media reported.", []want{{"May 2020", "2020-05", false}}},

		// This year, last year.
		{"id", "Perjanjian dengan Iran ditandatangani tahun ini.", []want{{"tahun ini", "2021", true}}},
		{"ru", "Соглашение с Ираном подписано в этом году.", []want{{"этом году", "2021", true}}},
		{"en", "The agreement with Iran was signed this year.", []want{{"this year", "2021", true}}},
		{"id", "Perjanjian dengan Iran ditandatangani tahun lalu.", []want{{"tahun lalu", "2020", true}}},
		{"ru", "Соглашение с Ираном подписано в прошлом году.", []want{{"прошлом году", "2020", true}}},
		{"en", "The agreement with Iran was signed last year.", []want{{"last year", "2020", true}}},
		{"id", "Perjanjian itu ditandatangani dua tahun lalu.", []want{{"dua tahun lalu", "2019", true}}},
		{"ru", "Переговоры продолжатся в следующем году.", []want{{"следующем году", "2022", true}}},

		// A year.
		{"id", "Kerja sama itu dimulai pada 2017 di Moskow.", []want{{"2017", "2017", false}}},
		{"ru", "Сотрудничество началось в 2017 году в Москве.", []want{{"2017 году", "2017", false}}},
		{"en", "The cooperation began in 2017 in Moscow.", []want{{"2017", "2017", false}}},
		{"id", "Kerja sama itu dimulai pada tahun 2017.", []want{{"tahun 2017", "2017", false}}},
		{"ru", "Соглашение действует с 2015 по 2019 год.", []want{{"2015", "2015", false}, {"2019 год", "2019", false}}},
		{"en", "The agreement ran from 2015 to 2019.", []want{{"2015", "2015", false}, {"2019", "2019", false}}},

		// A weekday alone is the last one on or before publication (a Monday).
		{"en", "Khramov said on Monday that talks continue.", []want{{"Monday", "2021-06-28", true}}},
		{"id", "Khramov mengatakan pada hari Jumat bahwa dialog berlanjut.", []want{{"Jumat", "2021-06-25", true}}},

		// Not dates.
		{"id", "Sekitar 6 rancangan dan 15 negara, setengah lusin perjanjian.", nil},
		{"ru", "Около 6 проектов и 15 стран, полдюжины соглашений.", nil},
		{"en", "About 6 drafts and 15 states, half a dozen agreements.", nil},
		{"id", "Lebih dari 2000 serangan tercatat mulai pukul 10.00 WIB saat ini.", nil},
		{"ru", "Более 2000 атак сейчас, в 10:00.", nil},
		{"en", "The deal may be signed now, more than 2000 attacks at 10:00.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.lang+"/"+tt.text, func(t *testing.T) {
			got := Find(tt.text, tt.lang, published)
			checkSpans(t, tt.text, got)
			if len(got) != len(tt.want) {
				t.Fatalf("Find found %d dates %v, want %d %v", len(got), got, len(tt.want), tt.want)
			}
			for i, w := range tt.want {
				g := got[i]
				if g.Text != w.text || g.Date.String() != w.date || g.Relative != w.relative {
					t.Errorf("date %d = %q %s relative=%v, want %q %s relative=%v",
						i, g.Text, g.Date, g.Relative, w.text, w.date, w.relative)
				}
				if want := strings.Index(tt.text, w.text); g.Start != want {
					t.Errorf("date %d starts at %d, want %d", i, g.Start, want)
				}
			}
		})
	}
}

func TestFindPrecision(t *testing.T) {
	tests := []struct {
		lang, text string
		want       graph.Precision
	}{
		{"id", "pada 28 Juni 2021", graph.Day},
		{"id", "pada bulan Mei", graph.Month},
		{"id", "tahun ini", graph.Year},
		{"ru", "28 июня 2021", graph.Day},
		{"ru", "в мае", graph.Month},
		{"ru", "в этом году", graph.Year},
		{"en", "June 28, 2021", graph.Day},
		{"en", "in May", graph.Month},
		{"en", "this year", graph.Year},
	}
	for _, tt := range tests {
		got := Find(tt.text, tt.lang, published)
		if len(got) != 1 {
			t.Errorf("Find(%q) = %v, want one date", tt.text, got)
			continue
		}
		d := got[0].Date
		if d.Precision != tt.want {
			t.Errorf("Find(%q) precision = %s, want %s", tt.text, d.Precision, tt.want)
		}
		// graph.Date keeps the first day of the period, midnight UTC.
		if back, err := graph.ParseDate(d.String()); err != nil || !back.Time.Equal(d.Time) || d.Time.Location() != time.UTC {
			t.Errorf("Find(%q) date %v is not the start of its period in UTC", tt.text, d.Time)
		}
	}
}

func TestFindUnknownLanguageDetects(t *testing.T) {
	got := Find("Соглашение подписано в прошлом году.", "", published)
	if len(got) != 1 || got[0].Date.String() != "2020" {
		t.Errorf("Find with no language = %v, want last year (2020) found as Russian", got)
	}
}

func TestFindWhiteSpace(t *testing.T) {
	text := "Signed on June  28,   2021 in Moscow."
	got := Find(text, "en", published)
	checkSpans(t, text, got)
	if len(got) != 1 || got[0].Date.String() != "2021-06-28" || got[0].Text != "June  28,   2021" {
		t.Errorf("Find(%q) = %v, want June 28, 2021 with the text's own white space", text, got)
	}

	// The library cuts at a line break; it must not make "28, 2021" 28 January.
	text = "Signed on June\n28, 2021 in Moscow."
	got = Find(text, "en", published)
	checkSpans(t, text, got)
	for _, f := range got {
		if f.Date.Precision == graph.Day && f.Date.String() != "2021-06-28" {
			t.Errorf("Find(%q) gives %q as %s", text, f.Text, f.Date)
		}
	}
}

const seedArticle = "../../../shared/seeds/000_f02ef9834c905904.txt"

func readSeed(tb testing.TB) string {
	b, err := os.ReadFile(seedArticle)
	if err != nil {
		tb.Skipf("seed article not available: %v", err)
	}
	return string(b)
}

func TestFindSeedArticle(t *testing.T) {
	text := readSeed(t)
	got := Find(text, "id", published)
	checkSpans(t, text, got)
	wants := []struct {
		start, end int
		text, date string
		relative   bool
	}{
		{588, 597, "tahun ini", "2021", true},
		{1511, 1514, "Mei", "2021-05", false},
		{1832, 1839, "11 Juni", "2021-06-11", false},
		{1998, 2005, "16 Juni", "2021-06-16", false},
	}
	if len(got) != len(wants) {
		t.Fatalf("Find(seed) found %d dates %v, want %d", len(got), got, len(wants))
	}
	for i, w := range wants {
		g := got[i]
		if g.Start != w.start || g.End != w.end || g.Text != w.text || g.Date.String() != w.date || g.Relative != w.relative {
			t.Errorf("date %d = %d:%d %q %s relative=%v, want %d:%d %q %s relative=%v",
				i, g.Start, g.End, g.Text, g.Date, g.Relative, w.start, w.end, w.text, w.date, w.relative)
		}
	}
	// The phrases the dates come from.
	for i, phrase := range []string{"ditandatangani tahun ini", "Pada bulan Mei", "Pada 11 Juni", "Pada 16 Juni"} {
		if !strings.HasSuffix(text[:got[i].End], phrase) {
			t.Errorf("date %d %q does not end the phrase %q", i, got[i].Text, phrase)
		}
	}
}

// checkSpans: every Found's Text is the text at its offsets, and the Founds
// are in text order without overlapping.
func checkSpans(t *testing.T, text string, got []Found) {
	t.Helper()
	prevEnd := 0
	for i, f := range got {
		if f.Start < prevEnd || f.End <= f.Start || f.End > len(text) {
			t.Errorf("date %d has offsets %d:%d after %d in a text of %d bytes", i, f.Start, f.End, prevEnd, len(text))
			continue
		}
		if text[f.Start:f.End] != f.Text {
			t.Errorf("date %d: text[%d:%d] = %q, Text = %q", i, f.Start, f.End, text[f.Start:f.End], f.Text)
		}
		prevEnd = f.End
	}
}

func BenchmarkFind(b *testing.B) {
	text := readSeed(b)
	for b.Loop() {
		Find(text, "id", published)
	}
}
