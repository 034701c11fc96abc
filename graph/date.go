package graph

import (
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// Precision says how much of a Date is known. A date known only to the month
// or year is stored as the first day of that period, with its precision beside it.
type Precision string

const (
	Day   Precision = "day"
	Month Precision = "month"
	Year  Precision = "year"
)

// Date is a calendar date with the precision it is known to.
type Date struct {
	Time      time.Time // midnight UTC of the first day of the period
	Precision Precision
}

var datePattern = regexp.MustCompile(`^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$`)

// DatePattern matches exactly the strings ParseDate accepts, calendar and
// leap years included, so a JSON Schema can say what is valid (the OpenAPI
// document uses it). It is both RE2 and ECMA-262 syntax.
const DatePattern = `[0-9]{4}(-(0[1-9]|1[0-2]))?` +
	`|[0-9]{4}-(0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])` +
	`|[0-9]{4}-(0[469]|11)-(0[1-9]|[12][0-9]|30)` +
	`|[0-9]{4}-02-(0[1-9]|1[0-9]|2[0-8])` +
	`|([0-9]{2}(0[48]|[2468][048]|[13579][26])|([02468][048]|[13579][26])00)-02-29`

// ParseDate reads "2021-06-28", "2021-06" or "2021". It refuses dates that do
// not exist on the calendar, such as "2021-02-30".
func ParseDate(s string) (Date, error) {
	m := datePattern.FindStringSubmatch(s)
	if m == nil {
		return Date{}, fmt.Errorf("%q is not a date: want YYYY-MM-DD, YYYY-MM or YYYY", s)
	}
	year, _ := strconv.Atoi(m[1])
	month, day, precision := 1, 1, Year
	if m[2] != "" {
		month, _ = strconv.Atoi(m[2])
		precision = Month
	}
	if m[3] != "" {
		day, _ = strconv.Atoi(m[3])
		precision = Day
	}
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if t.Year() != year || int(t.Month()) != month || t.Day() != day {
		return Date{}, fmt.Errorf("%q is not a date on the calendar", s)
	}
	return Date{Time: t, Precision: precision}, nil
}

// String formats the date as precisely as it is known.
func (d Date) String() string {
	switch d.Precision {
	case Year:
		return d.Time.Format("2006")
	case Month:
		return d.Time.Format("2006-01")
	default:
		return d.Time.Format("2006-01-02")
	}
}

// Today is the current date in UTC, the default of every as-of question.
func Today(now time.Time) time.Time {
	y, m, d := now.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
