package graph

import "testing"

// BenchmarkParseDate reads a date of each precision, and a malformed one.
func BenchmarkParseDate(b *testing.B) {
	for _, tt := range []struct{ name, s string }{
		{"day", "2021-06-28"}, {"month", "2021-06"}, {"year", "2021"}, {"malformed", "28/06/2021"},
	} {
		b.Run(tt.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _ = ParseDate(tt.s)
			}
		})
	}
}
