package api

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/cyberkg/cyberkg/service"
)

// appendAnswer writes a catalog answer as JSON, as encoding/json would
// (api/answerjson_test.go compares them), without its reflection: rows
// keep their columns' order, and the values of an answer (strings, numbers,
// lists and maps of them) are written by a type switch. Encoding was the
// API's largest cost beyond Neo4j's own (BENCHMARKS.md).
func appendAnswer(b []byte, a *service.Answer) ([]byte, error) {
	var err error
	b = append(b, `{"query":`...)
	b = appendString(b, a.Query)
	b = append(b, `,"params":`...)
	if b, err = appendValue(b, a.Params); err != nil {
		return nil, err
	}
	b = append(b, `,"columns":[`...)
	for i, c := range a.Columns {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, c)
	}
	b = append(b, `],"rows":[`...)
	for i, row := range a.Rows {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '{')
		for j, c := range a.Columns {
			if j > 0 {
				b = append(b, ',')
			}
			b = appendString(b, c)
			b = append(b, ':')
			if b, err = appendValue(b, row[c]); err != nil {
				return nil, err
			}
		}
		b = append(b, '}')
	}
	b = append(b, `],"row_count":`...)
	b = strconv.AppendInt(b, int64(a.RowCount), 10)
	page, err := json.Marshal(a.Page)
	if err != nil {
		return nil, err
	}
	b = append(b, `,"page":`...)
	b = append(b, page...)
	return append(b, '}'), nil
}

// appendValue writes one value of an answer; a type it does not know goes
// through encoding/json.
func appendValue(b []byte, v any) ([]byte, error) {
	var err error
	switch x := v.(type) {
	case nil:
		return append(b, "null"...), nil
	case string:
		return appendString(b, x), nil
	case bool:
		return strconv.AppendBool(b, x), nil
	case int64:
		return strconv.AppendInt(b, x, 10), nil
	case int:
		return strconv.AppendInt(b, int64(x), 10), nil
	case float64:
		if math.IsInf(x, 0) || math.IsNaN(x) || x != 0 && (math.Abs(x) < 1e-6 || math.Abs(x) >= 1e21) {
			break // encoding/json's error or exponent form
		}
		return strconv.AppendFloat(b, x, 'f', -1, 64), nil
	case []any:
		b = append(b, '[')
		for i, e := range x {
			if i > 0 {
				b = append(b, ',')
			}
			if b, err = appendValue(b, e); err != nil {
				return nil, err
			}
		}
		return append(b, ']'), nil
	case []string:
		if x == nil {
			return append(b, "null"...), nil
		}
		b = append(b, '[')
		for i, e := range x {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, e)
		}
		return append(b, ']'), nil
	case map[string]any:
		if x == nil {
			return append(b, "null"...), nil
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		b = append(b, '{')
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, k)
			b = append(b, ':')
			if b, err = appendValue(b, x[k]); err != nil {
				return nil, err
			}
		}
		return append(b, '}'), nil
	}
	j, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return append(b, j...), nil
}

const hexDigits = "0123456789abcdef"

// appendString writes s as a JSON string exactly as encoding/json does: <,
// > and & escaped for HTML, invalid UTF-8 as U+FFFD, U+2028 and U+2029
// escaped for JavaScript.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
