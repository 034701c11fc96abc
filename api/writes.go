package api

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/cyberkg/cyberkg/auth"
	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/queries"
	"github.com/cyberkg/cyberkg/seed"
	"github.com/cyberkg/cyberkg/service"
)

// Body limits: one fact, and one import. Parsing and validating an import
// takes some 40 times its size in memory (509 MB for a 12 MB file of
// 100,000 statements), so one request stays at 16 MiB; larger files go
// through cyberkg import, or in parts.
const (
	maxWriteBytes  = 1 << 20
	maxImportBytes = 16 << 20
)

// writeRoutes registers the write path: for each kind of fact, POST creates,
// PUT corrects, DELETE retracts; POST /v1/import takes many at once. Every
// one needs an API key; the audit trail is a read.
func (s *server) writeRoutes(r *gin.Engine) {
	for _, section := range service.Sections() {
		base := "/v1/" + string(section)
		r.POST(base, s.require(auth.Editor), handleWrite(s, section))
		r.PUT(base+"/:id", s.require(auth.Editor), handleWrite(s, section))
		r.DELETE(base+"/:id", s.require(auth.Editor), handleRetract(s, section))
	}
	r.POST("/v1/import", s.require(auth.Admin), handleImport(s))
	r.POST("/v1/import/open-data", s.require(auth.Admin), handleImportOpenData(s))
	r.GET("/v1/changes", s.readAccess(), handleChanges(s))
	s.proposalRoutes(r)
}

func handleWrite(s *server, section service.Section) gin.HandlerFunc {
	return func(c *gin.Context) {
		in, ok := readWriteInput(c, maxWriteBytes)
		if !ok {
			return
		}
		w := service.Write{Section: section, Key: c.Param("id"), Body: in.body, Caller: callerFrom(c),
			Reason: c.Query("reason"), IdempotencyKey: in.idempotencyKey, IfMatch: in.ifMatch, DryRun: in.dryRun,
			RequestHash: service.HashRequest(c.Request.Method, c.Request.URL.Path, c.Query("reason"), string(in.body))}
		report, err := s.svc.WriteFact(c.Request.Context(), w)
		if err != nil {
			s.writeWriteError(c, err)
			return
		}
		status := http.StatusOK
		if w.Key == "" && !report.Replayed && !in.dryRun {
			status = http.StatusCreated
		}
		answerChange(c, report, status)
	}
}

func handleRetract(s *server, section service.Section) gin.HandlerFunc {
	return func(c *gin.Context) {
		in, ok := readWriteInput(c, 0)
		if !ok {
			return
		}
		r := service.Retract{Section: section, Key: c.Param("id"), Reason: c.Query("reason"), Source: c.Query("source"), Caller: callerFrom(c),
			IdempotencyKey: in.idempotencyKey, IfMatch: in.ifMatch,
			RequestHash: service.HashRequest(c.Request.Method, c.Request.URL.Path, c.Query("reason"), c.Query("source"))}
		report, err := s.svc.RetractFact(c.Request.Context(), r)
		if err != nil {
			s.writeWriteError(c, err)
			return
		}
		answerChange(c, report, http.StatusOK)
	}
}

func handleImport(s *server) gin.HandlerFunc {
	return func(c *gin.Context) {
		in, ok := readWriteInput(c, maxImportBytes)
		if !ok {
			return
		}
		body := in.body
		name := fileName(c)
		docs, err := service.Documents(name, body, c.ContentType(), c.Query("layout"))
		if err != nil {
			s.writeWriteError(c, err)
			return
		}
		report, err := s.svc.ImportFacts(c.Request.Context(), service.Import{Documents: docs, Caller: callerFrom(c),
			Reason: c.Query("reason"), IdempotencyKey: in.idempotencyKey, DryRun: in.dryRun,
			RequestHash: service.HashRequest(c.Request.Method, c.Request.URL.RequestURI(), string(body))})
		if err != nil {
			s.writeWriteError(c, err)
			return
		}
		answerChange(c, report, http.StatusOK)
	}
}

// handleImportOpenData imports an open data set's file: the MISP galaxy's
// threat-actor cluster, or a STIX 2.1 bundle.
func handleImportOpenData(s *server) gin.HandlerFunc {
	return func(c *gin.Context) {
		in, ok := readWriteInput(c, maxImportBytes)
		if !ok {
			return
		}
		format := c.Query("format")
		if !slices.Contains(service.OpenDataFormats, format) {
			s.writeWriteError(c, graph.InvalidParam("format", "format must be one of %s, got %q", strings.Join(service.OpenDataFormats, ", "), format))
			return
		}
		name := fileName(c)
		report, err := s.svc.ImportOpenData(c.Request.Context(), service.OpenData{Format: format, Name: name, Data: in.body,
			Dataset: c.Query("dataset"), Caller: callerFrom(c), Reason: c.Query("reason"), DryRun: in.dryRun})
		if err != nil {
			s.writeWriteError(c, err)
			return
		}
		c.JSON(http.StatusOK, report)
	}
}

// fileName is how errors name an uploaded file: ?name=, else "request".
func fileName(c *gin.Context) string {
	if name := c.Query("name"); name != "" {
		return name
	}
	return "request"
}

// writeInput is what every write route reads besides its own parameters.
type writeInput struct {
	body           []byte
	ifMatch        int
	idempotencyKey string
	dryRun         bool
}

// readWriteInput reads the body (none when limit is 0), If-Match,
// Idempotency-Key and dry_run, answering 400 or 413 itself when one is bad.
func readWriteInput(c *gin.Context, limit int64) (writeInput, bool) {
	var in writeInput
	ok := true
	if limit > 0 {
		in.body, ok = readBody(c, limit)
	}
	if ok {
		in.ifMatch, ok = ifMatchOf(c)
	}
	if ok {
		in.idempotencyKey, ok = idempotencyKeyOf(c)
	}
	if ok {
		in.dryRun, ok = boolQuery(c, "dry_run")
	}
	return in, ok
}

func handleChanges(s *server) gin.HandlerFunc {
	return func(c *gin.Context) {
		f := graph.ChangeFilter{Author: c.Query("author"), Entity: c.Query("entity"), Fact: c.Query("fact")}
		for _, p := range []struct {
			name string
			into *time.Time
		}{{"since", &f.Since}, {"until", &f.Until}} {
			if v, given := c.GetQuery(p.name); given {
				t, err := parseInstant(v)
				if err != nil {
					writeProblem(c, Problem{Status: http.StatusBadRequest, Code: graph.EINVALID, Param: p.name, Detail: err.Error()})
					return
				}
				*p.into = t
			}
		}
		var ok bool
		if f.Limit, ok = listLimit(c); !ok {
			return
		}
		changes, err := s.svc.Changes(c.Request.Context(), f)
		if err != nil {
			writeError(c, s.logger, err)
			return
		}
		c.JSON(http.StatusOK, gin.H{"changes": changes, "count": len(changes)})
	}
}

// listLimit reads the limit of a list route: 1 to 1,000, 100 when absent.
func listLimit(c *gin.Context) (int, bool) {
	v, given := c.GetQuery("limit")
	if !given {
		return 100, true
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 1000 {
		writeProblem(c, Problem{Status: http.StatusBadRequest, Code: graph.EINVALID, Param: "limit", Detail: "limit is a whole number from 1 to 1000"})
		return 0, false
	}
	return n, true
}

// instantRE is the grammar of since and until, the one known_on has.
var instantRE = regexp.MustCompile(`^(` + queries.InstantPattern + `)$`)

// parseInstant reads a date (its start, UTC), an RFC 3339 timestamp, or now.
func parseInstant(v string) (time.Time, error) {
	if !instantRE.MatchString(v) {
		return time.Time{}, fmt.Errorf("%q is neither a date (YYYY-MM-DD), an RFC 3339 timestamp, nor now", v)
	}
	if v == "now" {
		return time.Now().UTC(), nil
	}
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		return t.UTC(), nil
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a date on the calendar", v)
	}
	return t, nil
}

// answerChange answers a write with its report: the version of the fact
// written as its ETag, and whether this was a retry of an earlier request.
func answerChange(c *gin.Context, report *graph.ChangeReport, status int) {
	for _, f := range report.Facts {
		if f.Key == report.Fact && f.Outcome != graph.Retracted {
			c.Header("ETag", etag(f.Version))
		}
	}
	if report.Replayed {
		c.Header("Idempotent-Replayed", "true")
	}
	c.JSON(status, report)
}

func etag(version int) string { return `"v` + strconv.Itoa(version) + `"` }

// ifMatchOf reads If-Match: the ETag a read or write answered ("v3"), weak or not.
func ifMatchOf(c *gin.Context) (int, bool) {
	v := strings.TrimSpace(c.GetHeader("If-Match"))
	if v == "" {
		return 0, true
	}
	tag := strings.Trim(strings.TrimPrefix(v, "W/"), `"`)
	n, err := strconv.Atoi(strings.TrimPrefix(tag, "v"))
	if err != nil || n < 1 || !strings.HasPrefix(tag, "v") {
		writeProblem(c, Problem{Status: http.StatusBadRequest, Code: graph.EINVALID, Param: "If-Match",
			Detail: fmt.Sprintf("If-Match %q is not an ETag this API gives (\"v3\")", v)})
		return 0, false
	}
	return n, true
}

// idempotencyKeyOf reads Idempotency-Key: up to 200 printable ASCII characters.
func idempotencyKeyOf(c *gin.Context) (string, bool) {
	v := c.GetHeader("Idempotency-Key")
	if len(v) > 200 || strings.IndexFunc(v, func(r rune) bool { return r < 0x21 || r > 0x7e }) >= 0 {
		writeProblem(c, Problem{Status: http.StatusBadRequest, Code: graph.EINVALID, Param: "Idempotency-Key",
			Detail: "Idempotency-Key is up to 200 printable ASCII characters without spaces, e.g. a UUID"})
		return "", false
	}
	return v, true
}

func boolQuery(c *gin.Context, name string) (bool, bool) {
	v := c.Query(name)
	if v == "" {
		return false, true
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		writeProblem(c, Problem{Status: http.StatusBadRequest, Code: graph.EINVALID, Param: name, Detail: name + " is true or false"})
		return false, false
	}
	return b, true
}

// readBody reads a request body up to limit bytes: 413 beyond it.
func readBody(c *gin.Context, limit int64) ([]byte, bool) {
	body, err := readOptionalBody(c, limit)
	switch {
	case err != nil:
		return nil, false
	case len(body) == 0:
		writeProblem(c, Problem{Status: http.StatusBadRequest, Code: graph.EINVALID, Param: "body",
			Detail: "the body is empty: send the fact as JSON or YAML in the seed's format"})
		return nil, false
	}
	return body, true
}

// readJSON reads a JSON body of at most limit bytes into into, checked
// against schema; on a problem it has answered (413, 400) already.
func (s *server) readJSON(c *gin.Context, limit int64, schema *jsonschema.Schema, into any) bool {
	body, ok := readBody(c, limit)
	if !ok {
		return false
	}
	if err := decodeJSON(schema, body, into); err != nil {
		writeError(c, s.logger, err)
		return false
	}
	return true
}

// readOptionalBody reads a body that may be empty; on an error it has
// answered (413, 400) already.
func readOptionalBody(c *gin.Context, limit int64) ([]byte, error) {
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, limit))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		writeProblem(c, Problem{Status: http.StatusRequestEntityTooLarge, Code: graph.EINVALID, Param: "body",
			Detail: fmt.Sprintf("the body is over %d bytes", limit)})
	case err != nil:
		writeProblem(c, Problem{Status: http.StatusBadRequest, Code: graph.EINVALID, Param: "body", Detail: "the body could not be read"})
	}
	return body, err
}

func callerFrom(c *gin.Context) service.Caller {
	caller := callerOf(c)
	return service.Caller{Name: caller.Name, Role: caller.Role.String()}
}

// writeWriteError answers a refused write: every problem of an invalid
// document at once, or the domain error.
func (s *server) writeWriteError(c *gin.Context, err error) {
	var invalid *service.InvalidDocument
	if !errors.As(err, &invalid) {
		writeError(c, s.logger, err)
		return
	}
	p := Problem{Status: http.StatusBadRequest, Code: graph.EINVALID, Param: invalid.Errors[0].Field,
		Detail: fmt.Sprintf("the request was refused with %d problem(s); nothing was written", len(invalid.Errors))}
	for _, e := range invalid.Errors {
		p.Errors = append(p.Errors, fieldError(e))
	}
	writeProblem(c, p)
}

func fieldError(e *seed.Error) FieldError {
	return FieldError{File: e.File, Line: e.Line, Field: e.Field, Reason: e.Reason}
}
