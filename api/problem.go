package api

import (
	"context"
	"errors"
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/cyberkg/cyberkg/graph"
)

// statusOf is the one table from domain error codes to HTTP statuses.
var statusOf = map[string]int{
	graph.EINVALID:     http.StatusBadRequest,
	graph.ENOTFOUND:    http.StatusNotFound,
	graph.ECONFLICT:    http.StatusConflict,
	graph.ESTALE:       http.StatusPreconditionFailed,
	graph.EFORBIDDEN:   http.StatusForbidden,
	graph.EUNAVAILABLE: http.StatusServiceUnavailable,
	graph.ETIMEOUT:     http.StatusGatewayTimeout,
	graph.EBUSY:        http.StatusTooManyRequests,
	graph.EINTERNAL:    http.StatusInternalServerError,
}

// statusClientClosed is the status recorded for a request whose client left
// before its answer.
const statusClientClosed = 499

// problemCodeKey is where a request's problem code waits for the metrics middleware.
const problemCodeKey = "cyberkg.problem_code"

// What a client is told to wait when Neo4j is unreachable, and when the
// ad-hoc lane is full (its statements take seconds, not minutes).
const (
	retryAfterSeconds     = "5"
	busyRetryAfterSeconds = "2"
)

// Problem is an RFC 9457 problem details document.
type Problem struct {
	Type     string `json:"type"`
	Title    string `json:"title"`
	Status   int    `json:"status"`
	Detail   string `json:"detail"`
	Instance string `json:"instance"`
	Code     string `json:"code"`
	Param    string `json:"param,omitempty"`
	// Errors lists every problem of a refused write or import, each with its place.
	Errors []FieldError `json:"errors,omitempty"`
}

// FieldError is one problem of a write or import document.
type FieldError struct {
	File   string `json:"file,omitempty"`
	Line   int    `json:"line,omitempty"`
	Field  string `json:"field,omitempty"`
	Reason string `json:"reason"`
}

// writeError answers with the problem document for err. Internal details go
// to the log only.
func writeError(c *gin.Context, logger *slog.Logger, err error) {
	if errors.Is(c.Request.Context().Err(), context.Canceled) {
		// The client left before the answer: nobody reads it, and it is no
		// fault of ours or of Neo4j's. 499 (nginx's "client closed request")
		// keeps it apart in the log and the metrics.
		logger.InfoContext(c.Request.Context(), "client went away", "path", c.Request.URL.Path)
		c.AbortWithStatus(statusClientClosed)
		return
	}
	code := graph.ErrorCode(err)
	status, ok := statusOf[code]
	if !ok {
		status = http.StatusInternalServerError
	}
	if status >= 500 {
		logger.ErrorContext(c.Request.Context(), "request failed", "path", c.Request.URL.Path, "code", code, "err", err)
	}
	switch status {
	case http.StatusServiceUnavailable:
		c.Header("Retry-After", retryAfterSeconds)
	case http.StatusTooManyRequests:
		c.Header("Retry-After", busyRetryAfterSeconds)
	}
	writeProblem(c, Problem{Status: status, Code: code, Detail: graph.ErrorMessage(err), Param: graph.ErrorParam(err)})
}

func writeProblem(c *gin.Context, p Problem) {
	c.Set(problemCodeKey, p.Code)
	p.Type = "urn:cyberkg:problem:" + p.Code
	p.Title = http.StatusText(p.Status)
	p.Instance = c.Request.URL.RequestURI()
	c.Header("Content-Type", "application/problem+json")
	c.AbortWithStatusJSON(p.Status, p)
	// AbortWithStatusJSON sets application/json; the problem type must win.
	c.Writer.Header().Set("Content-Type", "application/problem+json")
}

var english = message.NewPrinter(language.English)
