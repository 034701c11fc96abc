package graph

import (
	"regexp"
	"testing"
	"time"
)

// FuzzParseDate: ParseDate accepts exactly what DatePattern matches, and an
// accepted date is midnight UTC of its period and formats back to its input.
// Seeds are in testdata/fuzz/FuzzParseDate.
func FuzzParseDate(f *testing.F) {
	pattern := regexp.MustCompile(`^(` + DatePattern + `)$`)
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if matches := pattern.MatchString(s); (err == nil) != matches {
			t.Fatalf("ParseDate(%q) error = %v, but DatePattern matches = %v", s, err, matches)
		}
		if err != nil {
			return
		}
		if got := d.String(); got != s {
			t.Errorf("ParseDate(%q).String() = %q, want the input back", s, got)
		}
		if d.Time.Location() != time.UTC || d.Time.Hour() != 0 || d.Time.Minute() != 0 || d.Time.Second() != 0 || d.Time.Nanosecond() != 0 {
			t.Errorf("ParseDate(%q).Time = %v, want midnight UTC", s, d.Time)
		}
		want := map[int]Precision{4: Year, 7: Month, 10: Day}[len(s)]
		if d.Precision != want {
			t.Errorf("ParseDate(%q).Precision = %q, want %q", s, d.Precision, want)
		}
		if (d.Precision != Day && d.Time.Day() != 1) || (d.Precision == Year && d.Time.Month() != time.January) {
			t.Errorf("ParseDate(%q).Time = %v, want the first day of the period", s, d.Time)
		}
		if again, err := ParseDate(d.String()); err != nil || again != d {
			t.Errorf("ParseDate(ParseDate(%q).String()) = %v, %v; want %v", s, again, err, d)
		}
	})
}
