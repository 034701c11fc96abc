package service

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/newsreader"
)

// matchStore holds a party's agreements, answering agreements_list_by_party
// as Neo4j does (its scope parameter applied), and a person's events; it
// records what it was asked.
type matchStore struct {
	graph.Store
	agreements []map[string]any
	asked      []graph.Question
	events     map[string][]graph.EntityRef // attendee/day -> events
	eventsAsk  []string
}

func (m *matchStore) Answer(_ context.Context, q graph.Question) (*graph.Result, error) {
	m.asked = append(m.asked, q)
	var rows []map[string]any
	for _, r := range m.agreements {
		if scope, _ := q.Params["scope"].(string); scope == "" || r["scope"] == scope {
			rows = append(rows, r)
		}
	}
	return &graph.Result{Rows: rows}, nil
}

func (m *matchStore) Kinds(_ context.Context, ids []string, _ graph.KnownOn) (map[string]string, error) {
	out := map[string]string{}
	for _, id := range ids {
		out[id] = "Country"
	}
	return out, nil
}

func (m *matchStore) EventsAttended(_ context.Context, who string, on graph.Date) ([]graph.EntityRef, error) {
	key := who + "/" + on.String()
	m.eventsAsk = append(m.eventsAsk, key)
	return m.events[key], nil
}

// An article's bilateral agreement is matched against the party's
// bilateral agreements only, read so: Neo4j leaves the others out.
func TestMatchExistingAsksForBilateralAgreements(t *testing.T) {
	store := &matchStore{agreements: []map[string]any{
		{"agreement": "agr-multi", "scope": "multilateral", "other_parties": []any{"IDN", "CHN"}, "status": "signed"},
		{"agreement": "agr-rus-idn", "scope": "bilateral", "other_parties": []any{"IDN"}, "status": "signed", "status_since": "2021-06-28"},
	}}
	svc := New(store, Options{})
	got, err := svc.matchExisting(context.Background(), []newsreader.Candidate{
		{Kind: "agreement", Parties: []string{"RUS", "IDN"}, Status: "signed"},
		{Kind: "agreement", Parties: []string{"RUS", "CHN"}, Status: "signed"},
	}, time.Date(2021, 7, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if len(store.asked) != 1 || store.asked[0].Params["scope"] != "bilateral" || store.asked[0].Params["party"] != "RUS" {
		t.Errorf("asked %+v; want RUS's agreements once, with scope bilateral", store.asked)
	}
	if got[0].Existing != "agr-rus-idn" || got[0].Match != graph.MatchSecondSource {
		t.Errorf("RUS–IDN: existing %q, match %q; want agr-rus-idn, a second source", got[0].Existing, got[0].Match)
	}
	if got[1].Existing != "" {
		t.Errorf("RUS–CHN matched %q; a multilateral agreement with China is no bilateral one", got[1].Existing)
	}
}

// An article's event is matched with one read per attendee, for a day
// only: a party the graph does not know attended nothing, and a month
// names no event.
func TestMatchEventsReadsEachAttendeesEventsOfTheDay(t *testing.T) {
	store := &matchStore{events: map[string][]graph.EntityRef{
		"joe-biden/2021-06-16": {{ID: "geneva-summit-2021", Kind: "Event", Name: "Geneva summit"}},
	}}
	svc := New(store, Options{})
	got, err := svc.matchEvents(context.Background(), []newsreader.Candidate{
		{Kind: "event", Parties: []string{"new-person", "joe-biden", "vladimir-putin"}, Date: "2021-06-16", DatePrecision: "day"},
		{Kind: "event", Parties: []string{"joe-biden"}, Date: "2021-06", DatePrecision: "month"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got[0].Existing != "geneva-summit-2021" || got[0].Match != graph.MatchSecondSource || !strings.Contains(got[0].Note, "Geneva summit, 2021-06-16") {
		t.Errorf("the summit: %+v; want the graph's Geneva summit, a second source", got[0])
	}
	if got[1].Existing != "" {
		t.Errorf("a meeting in June 2021 matched %q", got[1].Existing)
	}
	if want := []string{"new-person/2021-06-16", "joe-biden/2021-06-16"}; !slices.Equal(store.eventsAsk, want) {
		t.Errorf("events read %v, want %v: one read per attendee until one matches, none for a month", store.eventsAsk, want)
	}
}
