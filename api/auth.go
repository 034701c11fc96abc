package api

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/cyberkg/cyberkg/auth"
)

// Problem codes of authentication (401) and authorization (403). They are
// the HTTP layer's own: the store and the service never produce them.
const (
	codeUnauthorized = "unauthorized"
	codeForbidden    = "forbidden"
)

// callerKey is where require leaves the request's caller for its handler.
const callerKey = "cyberkg.caller"

// challenge is the WWW-Authenticate of every 401 (RFC 6750).
const challenge = `Bearer realm="cyberkg"`

// require lets a request through only with a known API key whose role
// grants need: 401 without one, 403 when the role is too low. Writes always
// go through it, so with no keys configured a server takes no writes.
func (s *server) require(need auth.Role) gin.HandlerFunc {
	return func(c *gin.Context) {
		if s.opts.Keys.Len() == 0 {
			s.unauthorized(c, "", "this server has no API keys configured, so it accepts no requests that need one (see CYBERKG_API_KEYS and --api-keys-file)")
			return
		}
		header := c.GetHeader("Authorization")
		scheme, token, found := strings.Cut(header, " ")
		token = strings.TrimSpace(token)
		switch {
		case header == "":
			s.unauthorized(c, "", "this route needs an API key: send Authorization: Bearer <key>")
			return
		case !found || !strings.EqualFold(scheme, "Bearer") || token == "" || strings.ContainsAny(token, " \t"):
			s.unauthorized(c, "invalid_request", "the Authorization header must be Bearer followed by an API key")
			return
		}
		caller, ok := s.opts.Keys.Verify(token)
		if !ok {
			s.unauthorized(c, "invalid_token", "the API key is not known to this server")
			return
		}
		if !caller.Role.Allows(need) {
			s.logger.InfoContext(c.Request.Context(), "forbidden", "route", routeOf(c), "key", caller.Name, "role", caller.Role.String(), "need", need.String())
			writeProblem(c, Problem{Status: http.StatusForbidden, Code: codeForbidden,
				Detail: "this route needs the " + need.String() + " role; the key " + caller.Name + " has " + caller.Role.String()})
			return
		}
		c.Set(callerKey, caller)
		c.Next()
	}
}

// unauthorized answers 401 with a Bearer challenge; errCode is RFC 6750's
// error attribute, empty when the request carried no credentials at all.
func (s *server) unauthorized(c *gin.Context, errCode, detail string) {
	header := challenge
	if errCode != "" {
		header += `, error="` + errCode + `"`
	}
	c.Header("WWW-Authenticate", header)
	writeProblem(c, Problem{Status: http.StatusUnauthorized, Code: codeUnauthorized, Detail: detail})
}

// readAccess guards the /v1 read routes: open unless the server was told
// to require a reader's key (Options.AuthReads).
func (s *server) readAccess() gin.HandlerFunc {
	if !s.opts.AuthReads {
		return func(c *gin.Context) { c.Next() }
	}
	return s.require(auth.Reader)
}

// callerOf is the caller that require let through; the zero Caller (no
// name, no role) on a route without it, such as an open read.
func callerOf(c *gin.Context) auth.Caller {
	if v, ok := c.Get(callerKey); ok {
		if caller, ok := v.(auth.Caller); ok {
			return caller
		}
	}
	return auth.Caller{}
}
