package queries_test

import (
	"testing"
	"time"

	"github.com/cyberkg/cyberkg/queries"
)

// BenchmarkBind binds the raw parameters of a request, as every catalog
// answer does first: defaults only, the headline's query string, one with
// one-of strings, and one with a known_on timestamp.
func BenchmarkBind(b *testing.B) {
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		q    *queries.Query
		raw  map[string]string
	}{
		{"headline/defaults", queries.MembersWithAgreementByBloc, nil},
		{"headline/given", queries.MembersWithAgreementByBloc, map[string]string{"bloc": "BRICS", "country": "RUS", "as_of": "2021-06-28"}},
		{"agreements/one-of", queries.AgreementsListByParty, map[string]string{"party": "RUS", "status": "signed", "scope": "bilateral", "as_of": "2021"}},
		{"timeline/known_on", queries.TimelineListByEntity, map[string]string{"id": "RUS", "known_on": "2026-11-29T17:03:00.123456789+01:00"}},
		{"headline/refused", queries.MembersWithAgreementByBloc, map[string]string{"bloc": "BRICS", "as_of": "28/06/2021"}},
	}
	for _, tt := range tests {
		b.Run(tt.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _ = tt.q.Bind(tt.raw, now)
			}
		})
	}
}

// BenchmarkParseInstant reads a known_on value of each form.
func BenchmarkParseInstant(b *testing.B) {
	for _, s := range []string{"now", "2026-11-29", "2026-11-29T17:03:00.123456789+01:00"} {
		b.Run(s, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _ = queries.ParseInstant(s)
			}
		})
	}
}
