package graph

import (
	"fmt"
	"regexp"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in        string
		want      string
		precision Precision
	}{
		{"2021-06-28", "2021-06-28", Day},
		{"2021-11", "2021-11-01", Month},
		{"2021", "2021-01-01", Year},
		{"2024-02-29", "2024-02-29", Day},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseDate(tt.in)
			if err != nil {
				t.Fatalf("ParseDate(%q) error: %v", tt.in, err)
			}
			if got.Time.Format(time.DateOnly) != tt.want || got.Precision != tt.precision {
				t.Errorf("ParseDate(%q) = %s (%s), want %s (%s)", tt.in, got.Time.Format(time.DateOnly), got.Precision, tt.want, tt.precision)
			}
			if got.String() != tt.in {
				t.Errorf("ParseDate(%q).String() = %q, want the input back", tt.in, got.String())
			}
		})
	}
}

func TestParseDateRefuses(t *testing.T) {
	for _, in := range []string{"", "2021-02-30", "2021-13", "21-06-28", "2021/06/28", "2021-06-28T00:00:00Z", "yesterday"} {
		if got, err := ParseDate(in); err == nil {
			t.Errorf("ParseDate(%q) = %v, want an error", in, got)
		}
	}
}

// The OpenAPI document promises with DatePattern what ParseDate accepts.
func TestDatePatternMatchesParseDate(t *testing.T) {
	pattern := regexp.MustCompile(`^(` + DatePattern + `)$`)
	check := func(s string) {
		_, err := ParseDate(s)
		if accepted, matches := err == nil, pattern.MatchString(s); accepted != matches {
			t.Errorf("ParseDate(%q) accepted = %v, DatePattern matches = %v", s, accepted, matches)
		}
	}
	// Every month and day, valid or not, in years of each leap-year kind.
	for _, year := range []int{0, 4, 100, 400, 1900, 1996, 2000, 2001, 2021, 2024, 2100, 9999} {
		y := fmt.Sprintf("%04d", year)
		check(y)
		for month := 0; month <= 13; month++ {
			check(fmt.Sprintf("%s-%02d", y, month))
			for day := 0; day <= 32; day++ {
				check(fmt.Sprintf("%s-%02d-%02d", y, month, day))
			}
		}
	}
	// The end of February in every year.
	for year := 0; year <= 9999; year++ {
		for day := 28; day <= 30; day++ {
			check(fmt.Sprintf("%04d-02-%02d", year, day))
		}
	}
}
