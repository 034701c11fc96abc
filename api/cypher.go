package api

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/cyberkg/cyberkg/graph"
)

//go:embed schemas/cypher_request.json
var cypherRequestSchemaJSON []byte

var cypherRequestSchema = mustCompileSchema("cypher_request.json", cypherRequestSchemaJSON)

func mustCompileSchema(name string, data []byte) *jsonschema.Schema {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		panic(fmt.Sprintf("api: schema %s: %v", name, err))
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(name, doc); err != nil {
		panic(err)
	}
	return c.MustCompile(name)
}

// maxBodyBytes bounds a request body; a statement and its parameters fit easily.
const maxBodyBytes = 1 << 20

// The limits are JSON numbers, not Go integers: JSON Schema's "integer"
// also admits 1000.0 and 1e3, and a huge value must be refused by name.
type cypherRequest struct {
	Statement  string          `json:"statement"`
	Parameters json.RawMessage `json:"parameters"`
	TimeoutMS  json.Number     `json:"timeout_ms"`
	MaxRows    json.Number     `json:"max_rows"`
}

// limit reads a whole, positive limit (the schema has checked that it is
// one) that may be at most most; 0 when it is absent.
func limit(n json.Number, name string, most int64) (int64, error) {
	if n == "" {
		return 0, nil
	}
	f, err := n.Float64()
	if err != nil || f > float64(most) {
		return 0, graph.InvalidParam(name, "%s may be at most %d", name, most)
	}
	return int64(f), nil
}

func handleCypher(s *server) gin.HandlerFunc {
	return func(c *gin.Context) {
		req, err := s.readCypherRequest(c)
		if err != nil {
			writeError(c, s.logger, err)
			return
		}
		res, err := s.svc.Adhoc(c.Request.Context(), req)
		if err != nil {
			writeError(c, s.logger, err)
			return
		}
		c.JSON(http.StatusOK, res)
	}
}

func (s *server) readCypherRequest(c *gin.Context) (graph.AdhocRequest, error) {
	if ct := c.ContentType(); ct != "" && ct != "application/json" {
		return graph.AdhocRequest{}, graph.InvalidParam("body", "send the request as application/json, not %s", ct)
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, maxBodyBytes))
	if err != nil {
		return graph.AdhocRequest{}, graph.InvalidParam("body", "the request body is unreadable or larger than %d bytes", maxBodyBytes)
	}
	return parseCypherRequest(body, s.opts)
}

// parseCypherRequest checks a POST /v1/cypher body against its schema and the
// server's limits. It is pure, so it is fuzzed on its own.
func parseCypherRequest(body []byte, opts Options) (graph.AdhocRequest, error) {
	var in cypherRequest
	if err := decodeJSON(cypherRequestSchema, body, &in); err != nil {
		return graph.AdhocRequest{}, err
	}
	req := graph.AdhocRequest{Statement: in.Statement, Timeout: opts.CypherTimeout, MaxRows: opts.CypherRows}
	// Compared before converting: a huge value would overflow a Duration.
	timeoutMS, err := limit(in.TimeoutMS, "timeout_ms", opts.CypherMaxTimeout.Milliseconds())
	if err != nil {
		return req, err
	}
	if timeoutMS > 0 {
		req.Timeout = time.Duration(timeoutMS) * time.Millisecond
	}
	maxRows, err := limit(in.MaxRows, "max_rows", int64(opts.CypherMaxRows))
	if err != nil {
		return req, err
	}
	if maxRows > 0 {
		req.MaxRows = int(maxRows)
	}
	if req.Params, err = decodeParams(in.Parameters); err != nil {
		return req, err
	}
	return req, nil
}

// decodeJSON checks a request body against its JSON Schema and decodes it;
// a refusal names the first offending field.
func decodeJSON(schema *jsonschema.Schema, body []byte, into any) error {
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		return graph.InvalidParam("body", "the request body is not valid JSON: %v", err)
	}
	if err := schema.Validate(inst); err != nil {
		return schemaError(err)
	}
	if err := json.Unmarshal(body, into); err != nil {
		return graph.InvalidParam("body", "the request body does not fit: %v", err)
	}
	return nil
}

// schemaError names the first offending field of a request body.
func schemaError(err error) error {
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return graph.InvalidParam("body", "%v", err)
	}
	for len(ve.Causes) > 0 {
		ve = ve.Causes[0]
	}
	field := "body"
	if len(ve.InstanceLocation) > 0 {
		field = strings.Join(ve.InstanceLocation, ".")
	}
	return graph.InvalidParam(field, "%s: %s", field, ve.ErrorKind.LocalizedString(english))
}

// decodeParams reads parameter values: JSON numbers become integers when
// they are whole, and {"$type": "Date", "_value": "…"} becomes a DATE.
func decodeParams(raw json.RawMessage) (map[string]any, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return map[string]any{}, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, graph.InvalidParam("parameters", "parameters must be a JSON object: %v", err)
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		value, err := paramValue(v)
		if err != nil {
			return nil, graph.InvalidParam("parameters."+k, "parameter %s: %v", k, err)
		}
		out[k] = value
	}
	return out, nil
}

func paramValue(v any) (any, error) {
	switch x := v.(type) {
	case json.Number:
		if n, err := x.Int64(); err == nil {
			return n, nil
		}
		return x.Float64()
	case []any:
		list := make([]any, len(x))
		for i, e := range x {
			value, err := paramValue(e)
			if err != nil {
				return nil, err
			}
			list[i] = value
		}
		return list, nil
	case map[string]any:
		if typ, ok := x["$type"]; ok {
			value, _ := x["_value"].(string)
			if typ != "Date" {
				return nil, fmt.Errorf("typed values may be {\"$type\": \"Date\", \"_value\": \"YYYY-MM-DD\"}; %v is not supported", typ)
			}
			d, err := graph.ParseDate(value)
			if err != nil {
				return nil, err
			}
			return d, nil
		}
		m := make(map[string]any, len(x))
		for k, e := range x {
			value, err := paramValue(e)
			if err != nil {
				return nil, err
			}
			m[k] = value
		}
		return m, nil
	default:
		return x, nil
	}
}
