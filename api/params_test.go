package api_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"
)

// Found by schemathesis: the OpenAPI document forbids empty values (a date
// pattern, minLength 1) and counts lengths in characters; the routes agree.
func TestParamsRefusedAsTheOpenAPIDocumentSays(t *testing.T) {
	srv := newTestServer(t, failing(errors.New("the store must not be reached")))
	tests := []struct{ path, param string }{
		{"/v1/queries/members_with_agreement_by_bloc?as_of=", "as_of"},
		{"/v1/queries/timeline_list_by_entity?to=", "to"},
		{"/v1/queries/agreements_list_by_party?status=", "status"},
		{"/v1/queries/members_list_by_bloc?bloc=", "bloc"},
		{"/v1/queries/members_list_by_bloc?as_of=2021-02-29", "as_of"},
		{"/v1/entities/RUS/neighbourhood?as_of=&depth=1", "as_of"},
		{"/v1/entities/RUS/neighbourhood?include_sources=", "include_sources"},
		{"/v1/export?as_of=", "as_of"},
		{"/v1/export?entity=", "entity"},
		{"/v1/paths?from=&to=RUS", "from"},
		{"/v1/paths?from=RUS&to=", "to"},
		{"/v1/search?q=", "q"},
		{"/v1/search?q=" + strings.Repeat("%C3%A9", 201), "q"},
		{"/v1/search?q=RUS&limit=", "limit"},
		// known_on: a day, an RFC 3339 timestamp or now, nothing else.
		{"/v1/queries/members_with_agreement_by_bloc?known_on=", "known_on"},
		{"/v1/queries/timeline_list_by_entity?known_on=2026-11", "known_on"},
		{"/v1/queries/profile_get_by_country?known_on=2026-11-29T17:03:00", "known_on"},
		{"/v1/entities/RUS?known_on=2026-13-01", "known_on"},
		{"/v1/entities/RUS?as_of=2021", "as_of"},
		{"/v1/entities/RUS/neighbourhood?known_on=yesterday", "known_on"},
		{"/v1/paths?from=RUS&to=IDN&known_on=today", "known_on"},
		{"/v1/search?q=RUS&known_on=2026-11-29T25:00:00Z", "known_on"},
		{"/v1/export?known_on=2026-02-30", "known_on"},
		{"/v1/export?query=members_list_by_bloc&param.known_on=soon", "known_on"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			r := do(t, "GET", srv.URL+tt.path)
			if r.status != http.StatusBadRequest {
				t.Fatalf("GET %s: status %d, want 400 (%v)", tt.path, r.status, r.body)
			}
			problem("invalid", tt.param)(t, r)
		})
	}
}
