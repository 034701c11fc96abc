package queries_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cyberkg/cyberkg/graph/neo4jstore"
	"github.com/cyberkg/cyberkg/internal/neo4jtest"
	"github.com/cyberkg/cyberkg/queries"
)

// Recorded times to ask at (neo4jtest.History): before the corrections,
// between the corrections and the retraction, and now (the default).
const (
	beforeCorrection = "2026-02-01"           // the end of that day: old versions
	afterCorrection  = "2026-03-15T08:00:00Z" // new versions; the statement not yet retracted
	beforeRecorded   = "2026-01-09"           // nothing of the fixture yet
)

// historyStore is the seeded store with neo4jtest.History added.
var historyStore *neo4jstore.Store

// knownOn runs a catalog query known_on at ("" leaves it out).
func knownOn(t *testing.T, q *queries.Query, raw map[string]string, at string) []map[string]any {
	t.Helper()
	with := map[string]string{}
	for k, v := range raw {
		with[k] = v
	}
	if at != "" {
		with["known_on"] = at
	}
	return run(t, historyStore, q, with)
}

func TestAnswersAsKnownOn(t *testing.T) {
	historyStore = neo4jtest.Seeded(t)
	neo4jtest.History(t)

	t.Run("members_with_agreement_by_bloc", func(t *testing.T) {
		raw := map[string]string{"bloc": "zz-test-bloc", "country": "zz-test-borduria", "as_of": "2022-06-01"}
		tests := []struct{ at, want string }{
			// Before the correction Aland had been a member since 2020 and the pact signed on 2020-06-06.
			{beforeCorrection, "zz-test-aland 2020-01-01 zz-test-pact 2020-06-06 signed 2020-06-06"},
			{afterCorrection, "zz-test-aland 2022-01-01 zz-test-pact 2021-05-05 signed 2021-05-05"},
			{"", "zz-test-aland 2022-01-01 zz-test-pact 2021-05-05 signed 2021-05-05"},
			{"now", "zz-test-aland 2022-01-01 zz-test-pact 2021-05-05 signed 2021-05-05"},
			{beforeRecorded, ""},
		}
		for _, tt := range tests {
			rows := knownOn(t, queries.MembersWithAgreementByBloc, raw, tt.at)
			var got []string
			for _, r := range rows {
				got = append(got, fmt.Sprint(r["member"], " ", r["member_since"], " ", r["agreement"], " ", r["signed_on"], " ", r["status"], " ", r["status_since"]))
			}
			if strings.Join(got, "; ") != tt.want {
				t.Errorf("known_on %q: %q, want %q", tt.at, got, tt.want)
			}
		}
		// On 2020-12-31 the pact was signed as first recorded, only ready to sign as corrected,
		// and Aland was a member only as first recorded.
		raw["as_of"] = "2020-12-31"
		if got := column(knownOn(t, queries.MembersWithAgreementByBloc, raw, beforeCorrection), "member"); got != "zz-test-aland" {
			t.Errorf("as_of 2020-12-31 known_on %s: members %q, want zz-test-aland", beforeCorrection, got)
		}
		if got := column(knownOn(t, queries.MembersWithAgreementByBloc, raw, ""), "member"); got != "" {
			t.Errorf("as_of 2020-12-31 known now: members %q, want none", got)
		}
	})

	t.Run("members_list_by_bloc", func(t *testing.T) {
		raw := map[string]string{"bloc": "zz-test-bloc", "as_of": "2021-01-01"}
		if got := column(knownOn(t, queries.MembersListByBloc, raw, beforeCorrection), "member"); got != "zz-test-aland,zz-test-borduria" {
			t.Errorf("known_on %s: %q, want both", beforeCorrection, got)
		}
		if got := column(knownOn(t, queries.MembersListByBloc, raw, ""), "member"); got != "zz-test-borduria" {
			t.Errorf("known now: %q, want zz-test-borduria only (Aland's membership was corrected to 2022)", got)
		}
		// The renamed member shows the name it had then.
		if got := column(knownOn(t, queries.MembersListByBloc, raw, beforeCorrection), "member_name"); got != "Zz Aland,Zzqoldname Borduria" {
			t.Errorf("known_on %s: names %q", beforeCorrection, got)
		}
		if got := column(knownOn(t, queries.MembersListByBloc, raw, ""), "member_name"); got != "Zzqnewname Borduria" {
			t.Errorf("known now: names %q", got)
		}
	})

	t.Run("agreements_list_by_party", func(t *testing.T) {
		raw := map[string]string{"party": "zz-test-aland", "as_of": "2020-12-31"}
		tests := []struct{ at, want string }{
			{beforeCorrection, "zz-test-pact signed 2020-06-06 signed_on 2020-06-06 with [zz-test-borduria]"},
			{afterCorrection, "zz-test-pact ready-to-sign 2020-06-06 signed_on 2021-05-05 with [zz-test-borduria]"},
			{"", "zz-test-pact ready-to-sign 2020-06-06 signed_on 2021-05-05 with [zz-test-borduria]"},
		}
		for _, tt := range tests {
			var got []string
			for _, r := range knownOn(t, queries.AgreementsListByParty, raw, tt.at) {
				got = append(got, fmt.Sprint(r["agreement"], " ", r["status"], " ", r["status_since"], " signed_on ", r["signed_on"], " with ", r["other_parties"]))
			}
			if strings.Join(got, "; ") != tt.want {
				t.Errorf("known_on %q: %q, want %q", tt.at, got, tt.want)
			}
		}
		// The status filter reads the version known then.
		raw["status"] = "signed"
		if rows := knownOn(t, queries.AgreementsListByParty, raw, ""); len(rows) != 0 {
			t.Errorf("status signed on 2020-12-31, known now: %v, want none", rows)
		}
		if rows := knownOn(t, queries.AgreementsListByParty, raw, beforeCorrection); len(rows) != 1 {
			t.Errorf("status signed on 2020-12-31, known_on %s: %d rows, want 1", beforeCorrection, len(rows))
		}
	})

	t.Run("profile_get_by_country", func(t *testing.T) {
		raw := map[string]string{"country": "zz-test-aland", "as_of": "2022-06-01"}
		tests := []struct{ at, since, status, statements string }{
			{beforeCorrection, "2020-01-01", "signed since 2020-06-06", "zz-test-statement"},
			{afterCorrection, "2022-01-01", "signed since 2021-05-05", "zz-test-statement"},
			{"", "2022-01-01", "signed since 2021-05-05", ""}, // the statement is retracted
		}
		for _, tt := range tests {
			rows := knownOn(t, queries.ProfileGetByCountry, raw, tt.at)
			if len(rows) != 1 {
				t.Fatalf("known_on %q: %d rows, want 1", tt.at, len(rows))
			}
			r := rows[0]
			memberships := asMaps(r["memberships"])
			if len(memberships) != 1 || fmt.Sprint(memberships[0]["since"]) != tt.since {
				t.Errorf("known_on %q: memberships %v, want one since %s", tt.at, memberships, tt.since)
			}
			agreements := asMaps(r["agreements"])
			if len(agreements) != 1 || fmt.Sprint(agreements[0]["status"], " since ", agreements[0]["status_since"]) != tt.status {
				t.Errorf("known_on %q: agreements %v, want one %s", tt.at, agreements, tt.status)
			}
			var said []string
			for _, st := range asMaps(r["statements_by"]) {
				said = append(said, fmt.Sprint(st["statement"]))
			}
			if strings.Join(said, ",") != tt.statements {
				t.Errorf("known_on %q: statements_by %v, want %q", tt.at, said, tt.statements)
			}
		}
		// The statement about Borduria, and Borduria's name, as known then.
		rows := knownOn(t, queries.ProfileGetByCountry, map[string]string{"country": "zz-test-borduria", "as_of": "2022-06-01"}, beforeCorrection)
		if len(rows) != 1 || rows[0]["name"] != "Zzqoldname Borduria" || len(asMaps(rows[0]["statements_about"])) != 1 {
			t.Errorf("Borduria known_on %s: %v, want its old name and the statement about it", beforeCorrection, rows)
		}
		rows = knownOn(t, queries.ProfileGetByCountry, map[string]string{"country": "zz-test-borduria", "as_of": "2022-06-01"}, "")
		if len(rows) != 1 || rows[0]["name"] != "Zzqnewname Borduria" || len(asMaps(rows[0]["statements_about"])) != 0 {
			t.Errorf("Borduria known now: %v, want its new name and no statement about it", rows)
		}
	})

	t.Run("timeline_list_by_entity", func(t *testing.T) {
		raw := map[string]string{"id": "zz-test-aland", "from": "2019-01-01", "to": "2023-01-01"}
		tests := []struct{ at, want string }{
			{beforeCorrection, "2020-01-01 agreement-draft; 2020-01-01 membership-began; 2020-06-06 agreement-signed; 2021-02-02 statement"},
			{afterCorrection, "2020-01-01 agreement-draft; 2020-06-06 agreement-ready-to-sign; 2021-02-02 statement; 2021-05-05 agreement-signed; 2022-01-01 membership-began"},
			{"", "2020-01-01 agreement-draft; 2020-06-06 agreement-ready-to-sign; 2021-05-05 agreement-signed; 2022-01-01 membership-began"},
		}
		for _, tt := range tests {
			var got []string
			for _, r := range knownOn(t, queries.TimelineListByEntity, raw, tt.at) {
				got = append(got, fmt.Sprint(r["date"], " ", r["event"]))
			}
			if strings.Join(got, "; ") != tt.want {
				t.Errorf("known_on %q:\n got %q\nwant %q", tt.at, strings.Join(got, "; "), tt.want)
			}
		}
		// A membership's summary names both ends as known then.
		for _, r := range knownOn(t, queries.TimelineListByEntity, map[string]string{"id": "zz-test-borduria", "from": "2019-01-01"}, beforeCorrection) {
			if r["event"] == "membership-began" && r["summary"] != "Zzqoldname Borduria joined Zz Test Bloc" {
				t.Errorf("Borduria's membership known_on %s: %q", beforeCorrection, r["summary"])
			}
		}
	})

	t.Run("statements", func(t *testing.T) {
		for _, tt := range []struct {
			q   *queries.Query
			raw map[string]string
		}{
			{queries.StatementsListBySpeaker, map[string]string{"speaker": "zz-test-aland"}},
			{queries.StatementsListBySubject, map[string]string{"subject": "zz-test-borduria"}},
		} {
			if got := column(knownOn(t, tt.q, tt.raw, afterCorrection), "statement"); got != "zz-test-statement" {
				t.Errorf("%s known_on %s: %q, want the statement", tt.q.Name, afterCorrection, got)
			}
			if got := column(knownOn(t, tt.q, tt.raw, ""), "statement"); got != "" {
				t.Errorf("%s known now: %q, want none (retracted)", tt.q.Name, got)
			}
		}
	})

	t.Run("neighbours_list_by_entity", func(t *testing.T) {
		raw := map[string]string{"id": "zz-test-aland", "as_of": "2022-06-01"}
		summary := func(at string) string {
			var got []string
			for _, r := range knownOn(t, queries.NeighboursListByEntity, raw, at) {
				props, _ := r["properties"].(map[string]any)
				got = append(got, fmt.Sprint(r["relationship"], " ", r["neighbour"], " ", r["kind"], " ", props["since"]))
			}
			return strings.Join(got, "; ")
		}
		if got, want := summary(beforeCorrection), "BY zz-test-statement Statement <nil>; MEMBER_OF zz-test-bloc Bloc 2020-01-01; PARTY_TO zz-test-pact Agreement <nil>"; got != want {
			t.Errorf("known_on %s:\n got %q\nwant %q", beforeCorrection, got, want)
		}
		if got, want := summary(""), "MEMBER_OF zz-test-bloc Bloc 2022-01-01; PARTY_TO zz-test-pact Agreement <nil>"; got != want {
			t.Errorf("known now:\n got %q\nwant %q", got, want)
		}
	})
}

func asMaps(v any) []map[string]any {
	list, _ := v.([]any)
	out := make([]map[string]any, 0, len(list))
	for _, e := range list {
		if m, ok := e.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}
