package api

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/cyberkg/cyberkg/auth"
)

// testKeys is a keyring with one key of each role; the token of a role is
// tokens[role].
func testKeys(t *testing.T) (*auth.Keyring, map[auth.Role]string) {
	t.Helper()
	tokens := map[auth.Role]string{}
	var lines []string
	for r := auth.Reader; r <= auth.Admin; r++ {
		token, line, err := auth.NewKey(r.String()+"-key", r)
		if err != nil {
			t.Fatal(err)
		}
		tokens[r] = token
		lines = append(lines, line)
	}
	ring, err := auth.Parse("test", strings.Join(lines, "\n"))
	if err != nil {
		t.Fatal(err)
	}
	return ring, tokens
}

// guarded is an engine with one route behind s.require(need), whose
// handler answers the caller it was given.
func guarded(keys *auth.Keyring, need auth.Role, log io.Writer) http.Handler {
	gin.SetMode(gin.ReleaseMode)
	logger := slog.New(slog.NewTextHandler(log, nil))
	s := &server{logger: logger, opts: Options{Keys: keys}}
	r := gin.New()
	r.Use(requestLogger(logger))
	r.POST("/v1/things", s.require(need), func(c *gin.Context) {
		caller := callerOf(c)
		c.JSON(http.StatusOK, gin.H{"name": caller.Name, "role": caller.Role.String()})
	})
	return r
}

func TestAuthRequireAnswers401Or403OrLetsThrough(t *testing.T) {
	keys, tokens := testKeys(t)
	const unknown = "ckg_not-a-key-of-this-server-at-all-000000000"
	tests := []struct {
		name          string
		keys          *auth.Keyring
		authorization string
		status        int
		detail        string // in the problem's detail, or the caller's name on 200
		challenge     string // WWW-Authenticate on 401
	}{
		{"no keyring, no key", nil, "", 401, "no API keys configured", `Bearer realm="cyberkg"`},
		{"no keyring, a key", nil, "Bearer " + tokens[auth.Admin], 401, "no API keys configured", `Bearer realm="cyberkg"`},
		{"no header", keys, "", 401, "needs an API key", `Bearer realm="cyberkg"`},
		{"basic", keys, "Basic YWxpY2U6cHc=", 401, "must be Bearer", `Bearer realm="cyberkg", error="invalid_request"`},
		{"bearer without a token", keys, "Bearer ", 401, "must be Bearer", `Bearer realm="cyberkg", error="invalid_request"`},
		{"token alone", keys, tokens[auth.Admin], 401, "must be Bearer", `Bearer realm="cyberkg", error="invalid_request"`},
		{"two tokens", keys, "Bearer " + tokens[auth.Admin] + " " + tokens[auth.Editor], 401, "must be Bearer", `Bearer realm="cyberkg", error="invalid_request"`},
		{"unknown key", keys, "Bearer " + unknown, 401, "not known", `Bearer realm="cyberkg", error="invalid_token"`},
		{"reader", keys, "Bearer " + tokens[auth.Reader], 403, "needs the editor role; the key reader-key has reader", ""},
		{"editor", keys, "Bearer " + tokens[auth.Editor], 200, "editor-key", ""},
		{"reviewer", keys, "Bearer " + tokens[auth.Reviewer], 200, "reviewer-key", ""},
		{"admin, lowercase scheme", keys, "bearer " + tokens[auth.Admin], 200, "admin-key", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var log bytes.Buffer
			req := httptest.NewRequest(http.MethodPost, "/v1/things", nil)
			if tt.authorization != "" {
				req.Header.Set("Authorization", tt.authorization)
			}
			rec := httptest.NewRecorder()
			guarded(tt.keys, auth.Editor, &log).ServeHTTP(rec, req)

			if rec.Code != tt.status {
				t.Fatalf("POST with %q = %d %s, want %d", tt.authorization, rec.Code, rec.Body, tt.status)
			}
			var body map[string]any
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
				t.Fatalf("body %s: %v", rec.Body, err)
			}
			if got := rec.Header().Get("WWW-Authenticate"); got != tt.challenge {
				t.Errorf("WWW-Authenticate = %q, want %q", got, tt.challenge)
			}
			if tt.status == 200 {
				if body["name"] != tt.detail {
					t.Errorf("callerOf = %v, want %s", body, tt.detail)
				}
				return
			}
			if ct := rec.Header().Get("Content-Type"); ct != "application/problem+json" {
				t.Errorf("Content-Type = %q, want application/problem+json", ct)
			}
			wantCode := map[int]string{401: codeUnauthorized, 403: codeForbidden}[tt.status]
			if body["code"] != wantCode || body["status"] != float64(tt.status) {
				t.Errorf("problem = %v, want code %s and status %d", body, wantCode, tt.status)
			}
			detail, _ := body["detail"].(string)
			if !strings.Contains(detail, tt.detail) {
				t.Errorf("detail = %q, want it to say %q", detail, tt.detail)
			}
			for _, token := range append([]string{unknown}, valuesOf(tokens)...) {
				if strings.Contains(rec.Body.String(), token) || strings.Contains(log.String(), token) {
					t.Errorf("the answer or the log shows a token:\n%s\n%s", rec.Body, log.String())
				}
			}
		})
	}
}

func valuesOf(m map[auth.Role]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

func TestAuthCallerOfWithoutRequireIsNobody(t *testing.T) {
	c, _ := gin.CreateTestContext(httptest.NewRecorder())
	if got := callerOf(c); got != (auth.Caller{}) {
		t.Errorf("callerOf(a context require never saw) = %v, want the zero Caller", got)
	}
}
