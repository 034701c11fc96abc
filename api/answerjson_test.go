package api

import (
	"encoding/json"
	"reflect"
	"strconv"
	"testing"

	"github.com/cyberkg/cyberkg/service"
)

func FuzzAppendStringIsEncodingJSONs(f *testing.F) {
	for _, s := range []string{"", "plain", `quote " backslash \ slash /`, "<script>&</script>", "tab\tnew\nline\rcr\bbs\fff",
		"\x00\x01\x1f\x7f", "Индонезия 上海合作组织 é", "\u2028\u2029", "bad \xff\xfe utf-8", "\xed\xa0\x80 surrogate", "emoji 🛰"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := appendString(nil, s); string(got) != string(want) {
			t.Errorf("appendString(%q) = %s, encoding/json %s", s, got, want)
		}
	})
}

func TestAppendAnswerIsEncodingJSONs(t *testing.T) {
	total, more := 3, 2
	answers := []*service.Answer{
		{Query: "q", Params: map[string]any{"as_of": "2021-06-28", "known_on": "now", "latest": 20, "flag": true, "none": nil},
			Columns: []string{"b", "a", "nested"}, RowCount: 2,
			Rows: []map[string]any{
				{"b": "x<y", "a": int64(-7), "nested": []any{map[string]any{"z": 1.5, "y": []any{"s", nil, false}}, 0.000001, 1e21, 12345678.9}},
				{"b": nil, "a": float64(3), "nested": map[string]any{"k": []string{"a", "b"}, "empty": []any{}, "nil list": []string(nil)}},
			},
			Page: service.PageInfo{Offset: 0, Limit: 2, MoreThan: &more, Next: "abc"}},
		{Query: "empty", Params: map[string]any{}, Columns: []string{}, Rows: []map[string]any{}, Page: service.PageInfo{Limit: 100, Total: &total}},
	}
	for _, a := range answers {
		got, err := appendAnswer(nil, a)
		if err != nil {
			t.Fatal(err)
		}
		want, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		var g, w any
		if err := json.Unmarshal(got, &g); err != nil {
			t.Fatalf("appendAnswer wrote invalid JSON: %v\n%s", err, got)
		}
		_ = json.Unmarshal(want, &w)
		if !reflect.DeepEqual(g, w) {
			t.Errorf("appendAnswer(%s):\n got %s\nwant %s", a.Query, got, want)
		}
	}
}

// benchAnswer is an answer of n rows shaped like statements_list_by_subject's.
func benchAnswer(n int) *service.Answer {
	a := &service.Answer{Query: "statements_list_by_subject", Params: map[string]any{"subject": "RUS", "as_of": "2021-06-28", "known_on": "now"},
		Columns: []string{"statement", "speaker", "speaker_name", "said_on", "said_on_precision", "kind", "confidence", "summary", "attributions", "sources"}}
	for i := range n {
		a.Rows = append(a.Rows, map[string]any{"statement": "gen-st-0001234", "speaker": "gen-person-0042", "speaker_name": "Synthetic speaker 42",
			"said_on": "2021-06-28", "said_on_precision": "day", "kind": "010", "confidence": int64(i % 100),
			"summary":      "A synthetic statement about Russia's cooperation on information security, for benchmarks.",
			"attributions": []any{map[string]any{"actor": "apt28", "verdict": "alleged"}},
			"sources":      []any{map[string]any{"id": "gen-src-0007", "title": "Synthetic source 7", "publisher": "Synthetic wire", "url": "https://example.org/7", "reliability": "C"}}})
	}
	a.RowCount = n
	return a
}

func BenchmarkEncodeAnswer(b *testing.B) {
	for _, n := range []int{4, 100, 1000} {
		a := benchAnswer(n)
		b.Run("encoding-json/"+strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := json.Marshal(a); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("appendAnswer/"+strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := appendAnswer(make([]byte, 0, 4096), a); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
