package graph

import (
	"errors"
	"fmt"
)

// Error codes shared by the store, the loader and the HTTP layer. The API maps
// each code to one HTTP status in a single table.
const (
	ENOTFOUND    = "not_found"
	EINVALID     = "invalid"
	ECONFLICT    = "conflict"
	ESTALE       = "precondition_failed" // an If-Match that names an older version
	EUNAVAILABLE = "unavailable"
	ETIMEOUT     = "timeout"
	EBUSY        = "busy" // a bounded resource is full: try again shortly
	EINTERNAL    = "internal"
)

// Error is a domain error: a code the caller can branch on and a message that
// is safe to show to a client. Param names the offending input, when there is one.
type Error struct {
	Code    string
	Message string
	Param   string
}

func (e *Error) Error() string {
	if e.Param != "" {
		return fmt.Sprintf("%s: %s (parameter %q)", e.Code, e.Message, e.Param)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Errorf builds an *Error with a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// InvalidParam reports bad input in the named parameter.
func InvalidParam(param, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Param: param, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for
// any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	default:
		return EINTERNAL
	}
}

// ErrorMessage returns the client-safe message of err: the message of an
// *Error, and a generic text for anything else, whose details stay in the log.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}

// ErrorParam returns the parameter an *Error names, if any.
func ErrorParam(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Param
	}
	return ""
}
