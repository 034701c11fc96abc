package queries_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

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
	res, err := store.Answer(context.Background(), graph.Question{Name: q.Name, Params: params})
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
		all := queries.PageParams(0, 100)
		maps.Copy(all, params)
		typ, err := store.Explain(context.Background(), q.Name, q.Paged(), all)
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
	store := neo4jtest.WithOpenData(t)
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
	rows := run(t, store, queries.NeighboursListByEntity, map[string]string{"id": "RUS"})
	got := map[string]bool{}
	for _, r := range rows {
		got[fmt.Sprintf("%v %v %v", r["relationship"], r["direction"], r["neighbour"])] = true
	}
	for _, want := range []string{"MEMBER_OF out BRICS", "MEMBER_OF out SCO", "MEMBER_OF out CSTO", "PARTY_TO out agr-rus-idn-iis"} {
		if !got[want] {
			t.Errorf("neighbours of RUS lack %q", want)
		}
	}
}

// TestEveryQueryPagesAndKnowsItsColumns: each query's columns, as the
// catalog reads them from its RETURN, are Neo4j's; pages of two rows, put
// end to end, are the whole answer; and every page carries the graph's
// version.
func TestEveryQueryPagesAndKnowsItsColumns(t *testing.T) {
	store := neo4jtest.Seeded(t)
	ctx := context.Background()
	for _, q := range queries.All {
		params, err := q.Bind(nil, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		all := queries.PageParams(0, 1<<30)
		maps.Copy(all, neo4jstore.DriverParams(params))
		res, err := neo4j.ExecuteQuery(ctx, neo4jtest.Driver(t), q.Paged(), all, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase("neo4j"))
		if err != nil {
			t.Fatalf("%s: %v", q.Name, err)
		}
		if !slices.Equal(res.Keys, q.Columns) {
			t.Errorf("%s: the catalog reads columns %v, Neo4j answers %v", q.Name, q.Columns, res.Keys)
		}
		whole, err := store.Answer(ctx, graph.Question{Name: q.Name, Params: params})
		if err != nil {
			t.Fatal(err)
		}
		if len(whole.Rows) != len(res.Records) {
			t.Errorf("%s: %d rows through the store, %d straight", q.Name, len(whole.Rows), len(res.Records))
		}
		var joined []map[string]any
		for offset := 0; ; offset += 2 {
			page, err := store.Answer(ctx, graph.Question{Name: q.Name, Params: params, Page: graph.Page{Offset: offset, Limit: 2}})
			if err != nil {
				t.Fatal(err)
			}
			if len(page.Rows) > 0 && !page.Version.Known() {
				t.Errorf("%s: page at %d carries no graph version", q.Name, offset)
			}
			joined = append(joined, page.Rows...)
			if len(page.Rows) < 2 {
				break
			}
		}
		if fmt.Sprint(joined) != fmt.Sprint(whole.Rows) {
			t.Errorf("%s: pages of 2 put together differ from the whole answer (%d rows, %d)", q.Name, len(joined), len(whole.Rows))
		}
	}
}

func keys(m map[string]bool) []string { return slices.Sorted(maps.Keys(m)) }

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

func TestTimelineListByEntity(t *testing.T) {
	store := neo4jtest.Seeded(t)
	rows := run(t, store, queries.TimelineListByEntity, map[string]string{"id": "RUS", "from": "2021-01-01", "to": "2021-12-31"})
	var events []string
	last := ""
	for _, r := range rows {
		date := fmt.Sprint(r["date"])
		if date < last {
			t.Errorf("timeline out of order: %s after %s", date, last)
		}
		last = date
		if date < "2021-01-01" || date > "2021-12-31" {
			t.Errorf("timeline row dated %s is outside 2021", date)
		}
		events = append(events, date+" "+fmt.Sprint(r["event"])+" "+strings.Join(toStrings(r["related"]), "+"))
	}
	all := strings.Join(events, "\n")
	for _, want := range []string{
		"2021-01-26 agreement-signed agr-rus-irn-iis+IRN",
		"2021-06-28 agreement-ready-to-sign agr-rus-idn-iis+IDN",
		"2021-07-19 agreement-signed agr-rus-nic-iis+NIC",
		"2021-12-14 agreement-signed agr-rus-idn-iis+IDN",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("RUS timeline of 2021 lacks %q; it has:\n%s", want, all)
		}
	}
	// A bloc's timeline shows members joining and leaving.
	rows = run(t, store, queries.TimelineListByEntity, map[string]string{"id": "CSTO"})
	var uzb []string
	for _, r := range rows {
		if slices.Contains(toStrings(r["related"]), "UZB") && strings.HasPrefix(fmt.Sprint(r["event"]), "membership") {
			uzb = append(uzb, fmt.Sprint(r["event"]))
		}
	}
	if strings.Join(uzb, ",") != "membership-began,membership-ended,membership-began,membership-ended" {
		t.Errorf("Uzbekistan in the CSTO timeline = %v, want joined, left, rejoined, left", uzb)
	}
}

// Facts alike in all a timeline shows but their sources (one day, one
// kind, one summary, the same related entities) are still each one row,
// and pages of them put end to end give each once: every row has its own
// key to break ties by.
func TestTimelinePagesThroughLookalikeFacts(t *testing.T) {
	store := neo4jtest.Seeded(t)
	const n = 40
	neo4jtest.Exec(t, `MATCH (by:Country {id: 'RUS'}), (about:Country {id: 'IDN'})
UNWIND range(1, $n) AS i
CREATE (src:Entity:Source {id: 'src-test-lookalike-' + i, title: 'Lookalike ' + i})
CREATE (st:Entity:Statement {id: 'stmt-test-lookalike-' + i, said_on: date('1999-01-01'), kind: '010', confidence: 50, summary: 'The same words.'})
CREATE (st)-[:BY]->(by), (st)-[:ABOUT]->(about), (st)-[:REPORTED_IN]->(src)`, map[string]any{"n": n})
	params, err := queries.TimelineListByEntity.Bind(map[string]string{"id": "RUS", "from": "1999-01-01", "to": "1999-01-01"}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	for _, size := range []int{1, 3, 7} {
		seen := map[string]int{}
		for offset := 0; ; offset += size {
			page, err := store.Answer(context.Background(), graph.Question{Name: queries.TimelineListByEntity.Name, Params: params, Page: graph.Page{Offset: offset, Limit: size}})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range page.Rows {
				seen[sourceIDs(r)]++
			}
			if len(page.Rows) < size {
				break
			}
		}
		for id, k := range seen {
			if k != 1 {
				t.Errorf("pages of %d: the statement citing %s came %d times", size, id, k)
			}
		}
		if len(seen) != n {
			t.Errorf("pages of %d: %d of the %d lookalike statements", size, len(seen), n)
		}
	}
}

func TestPositionsListByOrganization(t *testing.T) {
	store := neo4jtest.Seeded(t)
	tests := []struct{ asOf, want string }{
		{articleDate, "nikolai-patrushev,oleg-khramov"},
		{"today", "oleg-khramov,sergei-shoigu"}, // Shoigu replaced Patrushev on 2024-05-12
	}
	for _, tt := range tests {
		rows := run(t, store, queries.PositionsListByOrg, map[string]string{"organization": "security-council-of-russia", "as_of": tt.asOf})
		if got := column(rows, "person"); got != tt.want {
			t.Errorf("PositionsListByOrg(security council, %s) = %s, want %s", tt.asOf, got, tt.want)
		}
	}
}

func TestProfileGetByCountry(t *testing.T) {
	store := neo4jtest.Seeded(t)
	profile := func(country, asOf string) map[string]any {
		rows := run(t, store, queries.ProfileGetByCountry, map[string]string{"country": country, "as_of": asOf})
		if len(rows) != 1 {
			t.Fatalf("ProfileGetByCountry(%s, %s) = %d rows, want 1", country, asOf, len(rows))
		}
		return rows[0]
	}
	ids := func(list any, key string) string {
		var out []string
		for _, x := range list.([]any) {
			out = append(out, fmt.Sprint(x.(map[string]any)[key]))
		}
		sort.Strings(out)
		return strings.Join(out, ",")
	}
	idn := profile("IDN", articleDate)
	if got := ids(idn["memberships"], "bloc"); got != "" {
		t.Errorf("Indonesia's blocs on %s = %q, want none (BRICS only from 2025)", articleDate, got)
	}
	status := map[string]string{}
	for _, a := range idn["agreements"].([]any) {
		m := a.(map[string]any)
		status[fmt.Sprint(m["agreement"])] = fmt.Sprint(m["status"])
	}
	if status["agr-rus-idn-iis"] != "ready-to-sign" {
		t.Errorf("Indonesia's agreement with Russia on %s = %q, want ready-to-sign", articleDate, status["agr-rus-idn-iis"])
	}
	idn = profile("IDN", "today")
	if got := ids(idn["memberships"], "bloc"); got != "BRICS" {
		t.Errorf("Indonesia's blocs today = %q, want BRICS", got)
	}
	rus := profile("RUS", articleDate)
	if got := ids(rus["memberships"], "bloc"); got != "BRICS,CSTO,SCO" {
		t.Errorf("Russia's blocs on %s = %q, want BRICS,CSTO,SCO", articleDate, got)
	}
	if got := ids(rus["incidents"], "incident"); got != "colonial-pipeline-attack" {
		t.Errorf("Russia's incidents = %q, want the Colonial Pipeline attack it was alleged to be linked to", got)
	}
	if len(rus["statements_about"].([]any)) == 0 || len(rus["sources"].([]any)) == 0 {
		t.Errorf("Russia's profile has %d statements about it and %d sources, want some of each", len(rus["statements_about"].([]any)), len(rus["sources"].([]any)))
	}
}

func TestNeighboursAndAttributionsAsOf(t *testing.T) {
	store := neo4jtest.Seeded(t)
	rows := run(t, store, queries.NeighboursListByEntity, map[string]string{"id": "IDN", "as_of": "2020-01-01"})
	for _, r := range rows {
		if r["neighbour"] == "agr-rus-idn-iis" || r["neighbour"] == "BRICS" {
			t.Errorf("Indonesia's neighbours as of 2020 include %v, which came later", r["neighbour"])
		}
	}
	rows = run(t, store, queries.AttributionsListByIncident, map[string]string{"as_of": "2021-05-12"})
	for _, r := range rows {
		if fmt.Sprint(r["said_on"]) > "2021-05-12" {
			t.Errorf("attributions as of 2021-05-12 include a statement of %v", r["said_on"])
		}
	}
	if len(rows) == 0 {
		t.Error("attributions as of 2021-05-12 are empty, want the May statements")
	}
}

func toStrings(v any) []string {
	var out []string
	list, _ := v.([]any)
	for _, x := range list {
		out = append(out, fmt.Sprint(x))
	}
	return out
}

// A profile lists each part's latest items and counts them all: Russia's
// agreements, as many as its agreements list has, shown one at a time.
func TestProfileListsTheLatestAndCountsAll(t *testing.T) {
	store := neo4jtest.Seeded(t)
	agreements := run(t, store, queries.AgreementsListByParty, map[string]string{"party": "RUS"})
	profile := run(t, store, queries.ProfileGetByCountry, map[string]string{"country": "RUS", "latest": "1"})[0]
	counts := profile["counts"].(map[string]any)
	if fmt.Sprint(counts["agreements"]) != fmt.Sprint(len(agreements)) || len(agreements) < 2 {
		t.Errorf("profile counts %v agreements, the list has %d; want the same, at least 2", counts["agreements"], len(agreements))
	}
	shown := profile["agreements"].([]any)
	latest := agreements[len(agreements)-1] // the list is in status date order
	if len(shown) != 1 || shown[0].(map[string]any)["agreement"] != latest["agreement"] {
		t.Errorf("profile with latest=1 shows %v; want only the latest, %v", shown, latest["agreement"])
	}
	for part, n := range counts {
		if list, ok := profile[part].([]any); !ok || len(list) > 1 || fmt.Sprint(n) == "0" && len(list) != 0 {
			t.Errorf("part %s: %d listed, %v counted; want at most 1, none when 0", part, len(list), n)
		}
	}
}
