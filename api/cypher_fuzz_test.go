package api

import (
	"encoding/json"
	"strconv"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/cyberkg/cyberkg/graph"
)

// FuzzParseCypherRequest feeds POST /v1/cypher bodies to parseCypherRequest.
// A refusal is an invalid-input error naming a field; an accepted request
// has a statement within the schema's bounds, a time limit and a row cap
// within the server's, and parameters only of types the driver takes.
// Seeds are in testdata/fuzz/FuzzParseCypherRequest.
func FuzzParseCypherRequest(f *testing.F) {
	// NewServer's defaults.
	opts := Options{CypherTimeout: 10 * time.Second, CypherMaxTimeout: 60 * time.Second, CypherRows: 1000, CypherMaxRows: 10000}
	f.Fuzz(func(t *testing.T, body []byte) {
		req, err := parseCypherRequest(body, opts)
		if err != nil {
			if graph.ErrorCode(err) != graph.EINVALID || graph.ErrorParam(err) == "" {
				t.Fatalf("parseCypherRequest(%q) error = %v, want an invalid-input error naming a field", body, err)
			}
			return
		}
		var in map[string]any
		if err := json.Unmarshal(body, &in); err != nil {
			t.Fatalf("parseCypherRequest(%q) accepted a body that is not a JSON object: %v", body, err)
		}
		if n := utf8.RuneCountInString(req.Statement); n < 1 || n > 20000 {
			t.Errorf("parseCypherRequest(%q).Statement has %d characters, want 1..20000", body, n)
		}
		if req.Timeout <= 0 || req.Timeout > opts.CypherMaxTimeout {
			t.Errorf("parseCypherRequest(%q).Timeout = %v, want within (0, %v]", body, req.Timeout, opts.CypherMaxTimeout)
		}
		if req.MaxRows <= 0 || req.MaxRows > opts.CypherMaxRows {
			t.Errorf("parseCypherRequest(%q).MaxRows = %d, want within [1, %d]", body, req.MaxRows, opts.CypherMaxRows)
		}
		if ms, given := in["timeout_ms"].(float64); given && req.Timeout != time.Duration(ms)*time.Millisecond {
			t.Errorf("parseCypherRequest(%q).Timeout = %v, want the %v ms asked for", body, req.Timeout, ms)
		}
		if _, given := in["timeout_ms"]; !given && req.Timeout != opts.CypherTimeout {
			t.Errorf("parseCypherRequest(%q).Timeout = %v, want the default %v", body, req.Timeout, opts.CypherTimeout)
		}
		if req.Params == nil {
			t.Errorf("parseCypherRequest(%q).Params = nil, want a map", body)
		}
		for k, v := range req.Params {
			if path, ok := driverValue(v); !ok {
				t.Errorf("parseCypherRequest(%q).Params[%q]%s = %#v, not a type the driver takes", body, k, path, v)
			}
		}
	})
}

// driverValue reports whether v is made only of values the Neo4j driver
// sends as parameters, and where it is not.
func driverValue(v any) (string, bool) {
	switch x := v.(type) {
	case nil, bool, string, int64, float64, graph.Date:
		return "", true
	case []any:
		for i, e := range x {
			if path, ok := driverValue(e); !ok {
				return "[" + strconv.Itoa(i) + "]" + path, false
			}
		}
		return "", true
	case map[string]any:
		for k, e := range x {
			if path, ok := driverValue(e); !ok {
				return "." + k + path, false
			}
		}
		return "", true
	default:
		return "", false
	}
}
