package api_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/cyberkg/cyberkg/api"
	"github.com/cyberkg/cyberkg/auth"
	"github.com/cyberkg/cyberkg/internal/syncbuf"
)

// authServer serves the API over a store that is always ready, with opts,
// logging at debug into log.
func authServer(t *testing.T, opts api.Options, log io.Writer) *httptest.Server {
	t.Helper()
	store := failing(nil)
	store.ready = func(context.Context) error { return nil }
	handler, err := api.NewServer(store, slog.New(slog.NewTextHandler(log, &slog.HandlerOptions{Level: slog.LevelDebug})), opts)
	if err != nil {
		t.Fatalf("NewServer: %v", err)
	}
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	return srv
}

func getWith(t *testing.T, url, authorization string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if authorization != "" {
		req.Header.Set("Authorization", authorization)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode
}

func TestAuthReads(t *testing.T) {
	readerToken, readerLine, err := auth.NewKey("analyst", auth.Reader)
	if err != nil {
		t.Fatal(err)
	}
	keys, err := auth.Parse("test", readerLine)
	if err != nil {
		t.Fatal(err)
	}
	open := authServer(t, api.Options{Keys: keys}, io.Discard)
	closed := authServer(t, api.Options{Keys: keys, AuthReads: true}, io.Discard)

	tests := []struct {
		name          string
		srv           *httptest.Server
		authorization string
		want          int
	}{
		{"open reads, no key", open, "", 200},
		{"open reads, unknown key", open, "Bearer ckg_nope", 200},
		{"reads need a key, none", closed, "", 401},
		{"reads need a key, unknown", closed, "Bearer ckg_nope", 401},
		{"reads need a key, a reader's", closed, "Bearer " + readerToken, 200},
	}
	for _, tt := range tests {
		if got := getWith(t, tt.srv.URL+"/v1/queries", tt.authorization); got != tt.want {
			t.Errorf("%s: GET /v1/queries = %d, want %d", tt.name, got, tt.want)
		}
	}
	// The read routes, and only those, need the key.
	for _, path := range []string{"/v1/queries/members_list_by_bloc?bloc=BRICS", "/v1/entities/RUS", "/v1/entities/RUS/neighbourhood", "/v1/paths?from=RUS&to=IDN", "/v1/export", "/v1/search?q=x"} {
		if got := getWith(t, closed.URL+path, ""); got != 401 {
			t.Errorf("reads need a key: GET %s without one = %d, want 401", path, got)
		}
	}
	res, err := http.Post(closed.URL+"/v1/cypher", "application/json", strings.NewReader(`{"statement": "RETURN 1"}`))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 401 {
		t.Errorf("reads need a key: POST /v1/cypher without one = %d, want 401", res.StatusCode)
	}
	for _, path := range []string{"/healthz", "/readyz", "/metrics", "/", "/assets/app.js", "/docs", "/openapi.json", "/browser/guide.html", "/browser/cyberkg.grass"} {
		if got := getWith(t, closed.URL+path, ""); got == 401 || got == 403 {
			t.Errorf("reads need a key: GET %s without one = %d, want it open", path, got)
		}
	}

	// /docs stays open, but where reads need a key it fetches no answers:
	// they would be 401s.
	for _, tt := range []struct {
		srv  *httptest.Server
		live bool
	}{{open, true}, {closed, false}} {
		res, err := http.Get(tt.srv.URL + "/docs")
		if err != nil {
			t.Fatal(err)
		}
		page, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if got := strings.Contains(string(page), `<details class="live"`); got != tt.live {
			t.Errorf("reads need a key %v: /docs fetches example answers: %v", !tt.live, got)
		}
	}

	if _, err := api.NewServer(failing(nil), slog.New(slog.NewTextHandler(io.Discard, nil)), api.Options{AuthReads: true}); err == nil {
		t.Errorf("NewServer(AuthReads, no keys): no error; every read would be refused")
	}
}

// TestAuthTokensStayOutOfTheLog sends known, unknown and malformed tokens
// and looks for them in everything the server logged, at debug.
func TestAuthTokensStayOutOfTheLog(t *testing.T) {
	token, line, err := auth.NewKey("analyst", auth.Reader)
	if err != nil {
		t.Fatal(err)
	}
	keys, err := auth.Parse("test", line)
	if err != nil {
		t.Fatal(err)
	}
	var log syncbuf.Buffer
	srv := authServer(t, api.Options{Keys: keys, AuthReads: true}, &log)
	unknown := "ckg_unknown-" + token[4:]
	for _, authorization := range []string{"Bearer " + token, "Bearer " + unknown, "Token " + unknown, unknown} {
		for _, path := range []string{"/v1/queries", "/v1/entities/RUS", "/healthz", "/no-such-route"} {
			getWith(t, srv.URL+path, authorization)
		}
	}
	out := log.String()
	if !strings.Contains(out, "route=/v1/queries") {
		t.Fatalf("the log has no request lines, so the test proves nothing:\n%s", out)
	}
	for _, secret := range []string{token, token[4:], unknown, auth.Hash(token)} {
		if secret != "" && strings.Contains(out, secret) {
			t.Errorf("the log shows %q:\n%s", secret, out)
		}
	}
	if strings.Contains(strings.ToLower(out), "bearer") || strings.Contains(strings.ToLower(out), "authorization") {
		t.Errorf("the log mentions the Authorization header:\n%s", out)
	}
}

func TestAuthSchemeIsInTheOpenAPIDocument(t *testing.T) {
	spec, err := api.OpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Components struct {
			SecuritySchemes map[string]map[string]any `json:"securitySchemes"`
			Responses       map[string]any            `json:"responses"`
		} `json:"components"`
	}
	if err := json.Unmarshal(spec, &doc); err != nil {
		t.Fatal(err)
	}
	bearer := doc.Components.SecuritySchemes["bearer"]
	if bearer["type"] != "http" || bearer["scheme"] != "bearer" {
		t.Errorf("components.securitySchemes.bearer = %v, want type http, scheme bearer", bearer)
	}
	for _, name := range []string{"Problem401", "Problem403"} {
		if doc.Components.Responses[name] == nil {
			t.Errorf("components.responses has no %s", name)
		}
	}
}
