package queries_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/graph/neo4jstore"
	"github.com/cyberkg/cyberkg/internal/neo4jtest"
	"github.com/cyberkg/cyberkg/queries"
)

// The expected answers below come from the seed article and
// shared/research/facts.md, not from running the queries.

const articleDate = "2021-06-28" // Khramov's RIA Novosti interview

func run(t *testing.T, store *neo4jstore.Store, q *queries.Query, raw map[string]string) []map[string]any {
	t.Helper()
	params, err := q.Bind(raw, time.Now())
	if err != nil {
		t.Fatalf("%s.Bind(%v) error: %v", q.Name, raw, err)
	}
	res, err := store.Read(context.Background(), graph.Statement{Name: q.Name, Cypher: q.Cypher, Params: params})
	if err != nil {
		t.Fatalf("%s(%v) error: %v", q.Name, raw, err)
	}
	return res.Rows
}

// column returns the sorted, distinct values of one column.
func column(rows []map[string]any, name string) string {
	seen := map[string]bool{}
	var out []string
	for _, r := range rows {
		v := fmt.Sprint(r[name])
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	sort.Strings(out)
	return strings.Join(out, ",")
}

func TestEveryQueryPlansAsReadOnly(t *testing.T) {
	store := neo4jtest.Seeded(t)
	for _, q := range queries.All {
		params, err := q.Bind(nil, time.Now())
		if err != nil {
			t.Errorf("%s: defaults do not bind: %v", q.Name, err)
			continue
		}
		typ, err := store.Explain(context.Background(), graph.Statement{Name: q.Name, Cypher: q.Cypher, Params: params})
		if err != nil {
			t.Errorf("EXPLAIN %s: %v", q.Name, err)
			continue
		}
		if typ != "r" {
			t.Errorf("EXPLAIN %s: statement type %q, want r (read only)", q.Name, typ)
		}
	}
}

func TestEveryAnswerCarriesItsSources(t *testing.T) {
	store := neo4jtest.Seeded(t)
	for _, q := range queries.All {
		rows := run(t, store, q, nil)
		if len(rows) == 0 {
			t.Errorf("%s with its defaults answers nothing; defaults should show an answer", q.Name)
		}
		for i, r := range rows {
			sources, ok := r["sources"].([]any)
			if !ok || len(sources) == 0 {
				// A REPORTED_IN row's neighbour is itself the source.
				if r["relationship"] == "REPORTED_IN" {
					continue
				}
				t.Errorf("%s row %d has no sources: %v", q.Name, i, r)
			}
		}
	}
}

func TestMembersWithAgreementByBloc(t *testing.T) {
	store := neo4jtest.Seeded(t)
	tests := []struct {
		bloc, country, asOf string
		want                string
	}{
		// Khramov: "bilateral agreements with all BRICS states" — true of the five of 2021.
		{"BRICS", "RUS", articleDate, "BRA,CHN,IND,ZAF"},
		// Today: Iran (signed 2021-01-26, BRICS 2024) and Indonesia (signed 2021-12-14, BRICS 2025-01-06) join the answer;
		// Egypt, Ethiopia and the UAE are members with no known agreement.
		{"BRICS", "RUS", "today", "BRA,CHN,IDN,IND,IRN,ZAF"},
		{"BRICS", "RUS", "2016-01-01", "BRA,CHN"},
		{"BRICS", "RUS", "2010-05-13", ""}, // Brazil signed on 14 May 2010
		{"BRICS", "RUS", "2010-05-14", "BRA"},
		// Kyrgyzstan's agreement is known only as "signed in 2021"; Uzbekistan's was still ready to sign.
		{"SCO", "RUS", articleDate, "CHN,IND,KGZ"},
		{"SCO", "RUS", "today", "BLR,CHN,IND,IRN,KGZ,TJK,UZB"},
	}
	for _, tt := range tests {
		rows := run(t, store, queries.MembersWithAgreementByBloc, map[string]string{"bloc": tt.bloc, "country": tt.country, "as_of": tt.asOf})
		if got := column(rows, "member"); got != tt.want {
			t.Errorf("MembersWithAgreementByBloc(%s, %s, %s) = %q, want %q", tt.bloc, tt.country, tt.asOf, got, tt.want)
		}
		for _, r := range rows {
			if s := fmt.Sprint(r["status"]); s != "signed" && s != "in-force" {
				t.Errorf("MembersWithAgreementByBloc(%s, %s, %s): %v has status %s", tt.bloc, tt.country, tt.asOf, r["member"], s)
			}
		}
	}
}

func TestMembersListByBloc(t *testing.T) {
	store := neo4jtest.Seeded(t)
	tests := []struct{ bloc, asOf, want string }{
		{"BRICS", articleDate, "BRA,CHN,IND,RUS,ZAF"},
		// Saudi Arabia's membership is contested: it is never listed as a member.
		{"BRICS", "today", "ARE,BRA,CHN,EGY,ETH,IDN,IND,IRN,RUS,ZAF"},
		{"BRICS", "2023-12-31", "BRA,CHN,IND,RUS,ZAF"},
		{"SCO", "2001-06-15", "CHN,KAZ,KGZ,RUS,TJK,UZB"},
		{"SCO", articleDate, "CHN,IND,KAZ,KGZ,PAK,RUS,TJK,UZB"},
		{"SCO", "today", "BLR,CHN,IND,IRN,KAZ,KGZ,PAK,RUS,TJK,UZB"},
		{"CSTO", "2000-01-01", "ARM,BLR,KAZ,KGZ,RUS,TJK"},
		{"CSTO", "2008-01-01", "ARM,BLR,KAZ,KGZ,RUS,TJK,UZB"},
		{"CSTO", articleDate, "ARM,BLR,KAZ,KGZ,RUS,TJK"},
	}
	for _, tt := range tests {
		rows := run(t, store, queries.MembersListByBloc, map[string]string{"bloc": tt.bloc, "as_of": tt.asOf})
		if got := column(rows, "member"); got != tt.want {
			t.Errorf("MembersListByBloc(%s, %s) = %q, want %q", tt.bloc, tt.asOf, got, tt.want)
		}
	}
}

func TestAgreementsListByParty(t *testing.T) {
	store := neo4jtest.Seeded(t)
	tests := []struct {
		raw  map[string]string
		want string // other parties
	}{
		// Khramov on 28 June 2021: ready to sign with Indonesia, Nicaragua and Uzbekistan.
		{map[string]string{"party": "RUS", "status": "ready-to-sign", "as_of": articleDate}, "[IDN],[NIC],[UZB]"},
		// All three were signed later in 2021.
		{map[string]string{"party": "RUS", "status": "ready-to-sign", "as_of": "today"}, ""},
		{map[string]string{"party": "IDN", "as_of": "today"}, "[RUS]"},
	}
	for _, tt := range tests {
		rows := run(t, store, queries.AgreementsListByParty, tt.raw)
		if got := column(rows, "other_parties"); got != tt.want {
			t.Errorf("AgreementsListByParty(%v) other parties = %q, want %q", tt.raw, got, tt.want)
		}
	}
	// Signed "this year" (2021) per Khramov: Iran and Kyrgyzstan.
	rows := run(t, store, queries.AgreementsListByParty, map[string]string{"party": "RUS", "status": "signed", "scope": "bilateral", "as_of": articleDate})
	for _, want := range []string{"agr-rus-irn-iis", "agr-rus-kgz-iis"} {
		if !strings.Contains(column(rows, "agreement"), want) {
			t.Errorf("AgreementsListByParty(RUS, signed, %s) = %s, want it to include %s", articleDate, column(rows, "agreement"), want)
		}
	}
	for _, r := range rows {
		if r["agreement"] == "agr-rus-kgz-iis" && (r["signed_on"] != "2021-01-01" || r["signed_on_precision"] != "year") {
			t.Errorf("Kyrgyzstan agreement signed_on = %v (%v), want 2021-01-01 with precision year", r["signed_on"], r["signed_on_precision"])
		}
	}
	// Multilateral: the CSTO and SCO agreements, made within their blocs.
	rows = run(t, store, queries.AgreementsListByParty, map[string]string{"party": "RUS", "scope": "multilateral", "as_of": articleDate})
	if got := column(rows, "within"); !strings.Contains(got, "CSTO") || !strings.Contains(got, "SCO") {
		t.Errorf("AgreementsListByParty(RUS, multilateral) within = %q, want CSTO and SCO", got)
	}
}

func TestStatementsListBySpeaker(t *testing.T) {
	store := neo4jtest.Seeded(t)
	rows := run(t, store, queries.StatementsListBySpeaker, map[string]string{"speaker": "oleg-khramov"})
	// Sources disagree on how many drafts Khramov counted: both claims are kept, each with its own source.
	counts := map[string]string{}
	for _, r := range rows {
		if r["claimed_count"] != nil && r["said_on"] == articleDate {
			counts[fmt.Sprint(r["claimed_count"])] = sourceIDs(r)
		}
	}
	if len(counts) != 2 || counts["6"] == "" || counts["15"] == "" || counts["6"] == counts["15"] {
		t.Fatalf("Khramov's draft counts on %s = %v, want 6 and 15 as separate statements", articleDate, counts)
	}
	if got := column(rows, "said_on"); !strings.Contains(got, articleDate) {
		t.Errorf("Khramov's statements are dated %s, want some on %s", got, articleDate)
	}
	if early := run(t, store, queries.StatementsListBySpeaker, map[string]string{"speaker": "oleg-khramov", "as_of": "2021-06-27"}); len(early) != 0 {
		t.Errorf("Khramov's statements as of 2021-06-27 = %d rows, want none before the interview", len(early))
	}
}

func TestStatementsListBySubject(t *testing.T) {
	store := neo4jtest.Seeded(t)
	rows := run(t, store, queries.StatementsListBySubject, map[string]string{"subject": "FRA"})
	if !strings.Contains(column(rows, "speaker"), "oleg-khramov") {
		t.Errorf("statements about France by %s, want Khramov's positive dialogue among them", column(rows, "speaker"))
	}
	rows = run(t, store, queries.StatementsListBySubject, map[string]string{"subject": "SAU"})
	if len(rows) < 2 {
		t.Errorf("statements about Saudi Arabia = %d, want the conflicting claims on its BRICS membership kept apart", len(rows))
	}
}

func TestAttributionsListByIncident(t *testing.T) {
	store := neo4jtest.Seeded(t)
	rows := run(t, store, queries.AttributionsListByIncident, map[string]string{"incident": "colonial-pipeline-attack"})
	got := map[string]bool{}
	for _, r := range rows {
		got[fmt.Sprintf("%v->%v:%v", r["claimed_by"], r["actor"], r["verdict"])] = true
	}
	for _, want := range []string{"us-media->RUS:alleged", "anne-neuberger->darkside:alleged"} {
		if !got[want] {
			t.Errorf("attributions of the Colonial Pipeline attack = %v, want %s", keys(got), want)
		}
	}
	denied := false
	for k := range got {
		denied = denied || strings.HasSuffix(k, "->RUS:denied")
	}
	if !denied {
		t.Errorf("attributions of the Colonial Pipeline attack = %v, want a US denial of Russian state involvement kept apart from the allegation", keys(got))
	}
}

func TestNeighboursListByEntity(t *testing.T) {
	store := neo4jtest.Seeded(t)
	rows := run(t, store, queries.NeighboursListByEntity, map[string]string{"id": "RUS", "limit": "500"})
	got := map[string]bool{}
	for _, r := range rows {
		got[fmt.Sprintf("%v %v %v", r["relationship"], r["direction"], r["neighbour"])] = true
	}
	for _, want := range []string{"MEMBER_OF out BRICS", "MEMBER_OF out SCO", "MEMBER_OF out CSTO", "PARTY_TO out agr-rus-idn-iis"} {
		if !got[want] {
			t.Errorf("neighbours of RUS lack %q", want)
		}
	}
	if rows := run(t, store, queries.NeighboursListByEntity, map[string]string{"id": "RUS", "limit": "3"}); len(rows) != 3 {
		t.Errorf("neighbours of RUS with limit 3 = %d rows, want 3", len(rows))
	}
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func sourceIDs(row map[string]any) string {
	var ids []string
	list, _ := row["sources"].([]any)
	for _, s := range list {
		if m, ok := s.(map[string]any); ok {
			ids = append(ids, fmt.Sprint(m["id"]))
		}
	}
	sort.Strings(ids)
	return strings.Join(ids, ",")
}
