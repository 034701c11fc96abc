package service_test

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/internal/neo4jtest"
	"github.com/cyberkg/cyberkg/internal/repotest"
	"github.com/cyberkg/cyberkg/queries"
	"github.com/cyberkg/cyberkg/seed"
	"github.com/cyberkg/cyberkg/service"
)

// The reader's whole path: a graph that knows only the countries, the blocs
// and who belongs to them (no people, no organisations); the seed article
// ingested; its proposal accepted by a reviewer; and the headline question
// then answers from the accepted facts alone, with the article as their
// source, while the people and bodies the article names are new entities,
// with what they said and the posts they hold.
func TestIngestedArticleAnswersTheHeadlineOnceAccepted(t *testing.T) {
	store := neo4jtest.Empty(t)
	ctx := context.Background()
	if _, err := store.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	ds, err := seed.Parse(seed.Files())
	if err != nil {
		t.Fatal(err)
	}
	var only graph.Dataset
	for _, n := range ds.Nodes {
		if slices.Contains([]string{"Country", "Bloc", "Source"}, n.Kind) {
			only.Nodes = append(only.Nodes, n)
		}
	}
	kept := map[string]bool{}
	for _, n := range only.Nodes {
		kept[n.ID] = true
	}
	for _, r := range ds.Relationships {
		if kept[r.From] && kept[r.To] && slices.Contains([]string{"MEMBER_OF", "REPORTED_IN"}, r.Type) {
			only.Relationships = append(only.Relationships, r)
		}
	}
	if _, err := store.Load(ctx, only); err != nil {
		t.Fatal(err)
	}
	if n := neo4jtest.Query(t, "MATCH (a) WHERE a:Agreement OR a:Person OR a:Organization RETURN count(a)"); n != "0" {
		t.Fatalf("the graph already has %s agreements, people or organisations", n)
	}

	svc := service.New(store, service.Options{})
	text := repotest.File(t, "../shared/seeds/000_f02ef9834c905904.txt", "the seed article is in ../shared beside the repository")
	published := time.Date(2021, 6, 28, 0, 0, 0, 0, time.UTC)
	report, err := svc.IngestArticle(ctx, service.Ingest{Text: string(text), Published: published,
		Caller: service.Caller{Name: "reader", Role: "editor"}})
	if err != nil {
		t.Fatal(err)
	}
	if report.Language != "id" || report.Proposal == nil || len(report.Proposal.Evidence) == 0 {
		t.Fatalf("ingest = language %q, proposal %v", report.Language, report.Proposal)
	}
	runes := []rune(string(text))
	for _, e := range report.Proposal.Evidence {
		if e.Start == nil || e.End == nil || string(runes[*e.Start:*e.End]) != e.Quote {
			t.Errorf("evidence for %s: the quote is not the text at its offsets", e.Fact)
		}
	}
	// Nothing is in the graph before a reviewer accepts it.
	if n := neo4jtest.Query(t, "MATCH (a:Agreement) RETURN count(a)"); n != "0" {
		t.Fatalf("%s agreements before review", n)
	}
	beforeReview := time.Now().UTC()
	time.Sleep(10 * time.Millisecond) // the acceptance is recorded after this instant, on any machine
	if _, err := svc.AcceptProposal(ctx, service.Accept{ID: report.Proposal.ID, Caller: service.Caller{Name: "reviewer", Role: "reviewer"}}); err != nil {
		t.Fatal(err)
	}
	headlineKnown := func(asOf, knownOn string) []string {
		q, _ := queries.ByName("members_with_agreement_by_bloc")
		answer, err := svc.QueryAll(ctx, q, map[string]string{"bloc": "BRICS", "country": "RUS", "as_of": asOf, "known_on": knownOn})
		if err != nil {
			t.Fatal(err)
		}
		var members []string
		for _, r := range answer.Rows {
			members = append(members, fmt.Sprint(r["member"]))
			if !strings.Contains(fmt.Sprint(r["sources"]), report.Source) {
				t.Errorf("%v cites %v, not the article %s", r["agreement"], r["sources"], report.Source)
			}
		}
		return members
	}
	headline := func(asOf string) []string { return headlineKnown(asOf, "now") }
	// As the graph was known before the review, the article's facts were not in it.
	if got := headlineKnown("today", beforeReview.Format(time.RFC3339Nano)); len(got) != 0 {
		t.Errorf("headline today as known before the review = %v, want none", got)
	}
	// The article: agreements with Iran and Kyrgyzstan signed "this year",
	// Indonesia's only ready to sign. Iran joined BRICS in 2024.
	if got := headline("today"); !slices.Equal(got, []string{"IRN"}) {
		t.Errorf("headline today from the article's facts = %v, want [IRN]", got)
	}
	if got := headline("2021-06-28"); len(got) != 0 {
		t.Errorf("headline as of the interview = %v, want none: Iran was not yet a BRICS member", got)
	}
	// Khramov, unknown before, is a person now: he holds his post in the
	// body the article names, and said what the article quotes.
	said := neo4jtest.QueryParams(t, `MATCH (p:Person {id: 'oleg-khramov', name: 'Oleg Khramov'})-[:HOLDS_POSITION {title: 'Deputy Secretary'}]->
		(:Organization {id: 'dewan-keamanan-federasi-rusia', kind: 'government-body'})
		MATCH (s:Statement)-[:BY]->(p) WHERE (s)-[:REPORTED_IN]->(:Source {id: $source})
		RETURN count(s)`, map[string]any{"source": report.Source})
	if n, _ := strconv.Atoi(said); n < 4 {
		t.Errorf("statements by the new person Oleg Khramov, in his post, citing the article: %s, want at least 4", said)
	}
}

// Facts the graph already holds are matched, not duplicated: the seed
// article's agreements and the Geneva summit are all in the seed, so each
// candidate names the seed's fact and adds the article as a second source;
// a status the graph contradicts is a conflict.
func TestIngestMatchesFactsTheGraphHolds(t *testing.T) {
	store := neo4jtest.Seeded(t)
	svc := service.New(store, service.Options{})
	ctx := context.Background()
	text := repotest.File(t, "../shared/seeds/000_f02ef9834c905904.txt", "the seed article is in ../shared beside the repository")
	published := time.Date(2021, 6, 28, 0, 0, 0, 0, time.UTC)
	report, err := svc.IngestArticle(ctx, service.Ingest{Text: string(text), Published: published, DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	agreements := 0
	for _, c := range report.Candidates {
		if c.Kind != "agreement" {
			continue
		}
		agreements++
		if c.Existing == "" || !strings.HasPrefix(c.Note, "adds a second source to an existing fact") {
			t.Errorf("%s: existing %q, note %q; want the seed's agreement, with a second source", c, c.Existing, c.Note)
		}
	}
	if agreements != 5 {
		t.Errorf("%d agreement candidates, want 5", agreements)
	}
	report, err = svc.IngestArticle(ctx, service.Ingest{Text: "Perjanjian kerja sama antara Rusia dan Brasil siap untuk ditandatangani.",
		Lang: "id", Published: published, DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(report.Candidates) == 0 || report.Candidates[0].Existing != "agr-rus-bra-iis" || report.Candidates[0].Match != graph.MatchConflict ||
		!strings.HasPrefix(report.Candidates[0].Note, "conflicts with an existing fact") {
		t.Errorf("a status the graph contradicts (Brazil signed in 2010): %v", report.Candidates)
	}

	// Proposed, the matches travel with the proposal, for the reviewer to
	// see beside the facts as they are; the facts themselves are not in it.
	report, err = svc.IngestArticle(ctx, service.Ingest{Text: string(text), Published: published,
		Caller: service.Caller{Name: "reader", Role: "editor"}})
	if err != nil {
		t.Fatal(err)
	}
	review, err := svc.ReviewProposal(ctx, report.Proposal.ID)
	if err != nil {
		t.Fatal(err)
	}
	var matched []string
	for _, m := range review.Proposal.Matches {
		matched = append(matched, m.Fact+":"+m.Relation)
		if m.Evidence.Source != report.Source || m.Evidence.Quote == "" || !strings.Contains(m.Says, "on 20") {
			t.Errorf("match %+v: want the article's words, and what it says with a date", m)
		}
		if slices.Contains(review.Proposal.Facts, m.Fact) {
			t.Errorf("%s is proposed again", m.Fact)
		}
	}
	slices.Sort(matched)
	want := []string{"agr-rus-idn-iis:second-source", "agr-rus-irn-iis:second-source", "agr-rus-kgz-iis:second-source",
		"agr-rus-nic-iis:second-source", "agr-rus-uzb-iis:second-source", "geneva-summit-2021:second-source"}
	if !slices.Equal(matched, want) {
		t.Errorf("matches read back = %q, want %q", matched, want)
	}
}

// A membership and an event the reader finds are written as the seed would
// write them, once accepted: the bloc's members as of a later date include
// the country, citing the article, and the event has its attendees.
func TestIngestedMembershipAndEventAreWritten(t *testing.T) {
	store := neo4jtest.Seeded(t)
	svc := service.New(store, service.Options{})
	ctx := context.Background()
	text := "Indonesia resmi bergabung dengan SCO pada 3 Maret 2026. Pada 4 Maret 2026, Vladimir Putin dan Joe Biden bertemu di Jenewa. " +
		"Rusia dan Mongolia menandatangani perjanjian kerja sama dalam kerangka SCO pada 2 Maret 2026."
	report, err := svc.IngestArticle(ctx, service.Ingest{Text: text, Lang: "id", Published: time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC),
		Caller: service.Caller{Name: "reader", Role: "editor"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AcceptProposal(ctx, service.Accept{ID: report.Proposal.ID, Caller: service.Caller{Name: "reviewer", Role: "reviewer"}}); err != nil {
		t.Fatal(err)
	}
	q, _ := queries.ByName("members_list_by_bloc")
	members, err := svc.QueryAll(ctx, q, map[string]string{"bloc": "SCO", "as_of": "2026-03-10"})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range members.Rows {
		if r["member"] == "IDN" {
			found = true
			if fmt.Sprint(r["since"]) != "2026-03-03" || !strings.Contains(fmt.Sprint(r["sources"]), report.Source) {
				t.Errorf("IDN in the SCO: %v, want since 2026-03-03 citing %s", r, report.Source)
			}
		}
	}
	if !found {
		t.Errorf("IDN is not among the SCO's members as of 2026-03-10: %v", members.Rows)
	}
	attended := neo4jtest.QueryParams(t, `MATCH (e:Event {kind: 'meeting', place: 'Jenewa'})-[:REPORTED_IN]->(:Source {id: $source})
		MATCH (p)-[:ATTENDED]->(e) WITH e, p ORDER BY p.id
		WITH toString(e.date) AS date, collect(p.id) AS ids
		RETURN date + ' ' + reduce(s = '', id IN ids | s + id + ' ')`, map[string]any{"source": report.Source})
	if attended != "2026-03-04 joe-biden vladimir-putin " {
		t.Errorf("the meeting read back: %q", attended)
	}
	within := neo4jtest.QueryParams(t, `MATCH (:Country {id: 'MNG'})-[:PARTY_TO]->(a:Agreement)-[:WITHIN]->(b:Bloc)
		WHERE (a)-[:REPORTED_IN]->(:Source {id: $source}) RETURN b.id`, map[string]any{"source": report.Source})
	if within != "SCO" {
		t.Errorf("the Russia–Mongolia agreement is within %q, want the SCO", within)
	}
}
