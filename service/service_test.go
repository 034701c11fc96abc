package service

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/queries"
)

// kindsStore knows a few entities' kinds and answers every question with
// rows (none unless set); the other store operations are not used here.
type kindsStore struct {
	graph.Store
	kinds      map[string]string
	rows       []map[string]any
	asked      *graph.Question
	known      *graph.KnownOn // the known_on Kinds was last asked at
	kindsAsked int
}

func (k *kindsStore) Kinds(_ context.Context, ids []string, known graph.KnownOn) (map[string]string, error) {
	k.kindsAsked++
	k.known = &known
	out := map[string]string{}
	for _, id := range ids {
		if kind, ok := k.kinds[id]; ok {
			out[id] = kind
		}
	}
	return out, nil
}

func (k *kindsStore) Answer(_ context.Context, q graph.Question) (*graph.Result, error) {
	k.asked = &q
	return &graph.Result{Columns: []string{"member"}, Rows: append([]map[string]any{}, k.rows...)}, nil
}

func TestQueryChecksIDsByKind(t *testing.T) {
	store := &kindsStore{kinds: map[string]string{"BRICS": "Bloc", "RUS": "Country", "oleg-khramov": "Person"}}
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	svc := New(store, Options{Now: func() time.Time { return now }})
	q := queries.MembersWithAgreementByBloc
	tests := []struct {
		raw         map[string]string
		code, param string
	}{
		{map[string]string{"bloc": "BRICS", "country": "RUS"}, "", ""},
		{map[string]string{"bloc": "NOPE", "country": "RUS"}, graph.ENOTFOUND, "bloc"},
		{map[string]string{"bloc": "BRICS", "country": "oleg-khramov"}, graph.EINVALID, "country"},
		{map[string]string{"bloc": "RUS", "country": "RUS"}, graph.EINVALID, "bloc"},
		{map[string]string{"bloc": "BRICS", "as_of": "2021-02-30"}, graph.EINVALID, "as_of"},
	}
	for _, tt := range tests {
		store.asked = nil
		answer, err := svc.QueryPage(context.Background(), q, tt.raw, PageRequest{})
		if graph.ErrorCode(err) != tt.code || graph.ErrorParam(err) != tt.param {
			t.Errorf("QueryPage(%s, %v) = %v, want code %q naming %q", q.Name, tt.raw, err, tt.code, tt.param)
		}
		if err != nil {
			if tt.param == "as_of" && store.asked != nil {
				t.Errorf("QueryPage(%s, %v) asked the store %q with a parameter it could not read", q.Name, tt.raw, store.asked.Name)
			}
			continue
		}
		if answer.Params["as_of"] != "2026-11-29" || store.asked.Timeout != 15*time.Second {
			t.Errorf("QueryPage(%s, %v): params %v, timeout %v; want as_of today as a date string and the default 15s", q.Name, tt.raw, answer.Params, store.asked.Timeout)
		}
	}
}

// A question with an answer takes one round trip: its rows prove the ids,
// which are checked only when the answer is empty.
func TestQueryChecksIDsOnlyWhenTheAnswerIsEmpty(t *testing.T) {
	store := &kindsStore{kinds: map[string]string{"BRICS": "Bloc", "RUS": "Country"}}
	svc := New(store, Options{})
	raw := map[string]string{"bloc": "BRICS", "country": "RUS"}
	if _, err := svc.QueryPage(context.Background(), queries.MembersWithAgreementByBloc, raw, PageRequest{}); err != nil || store.kindsAsked != 1 {
		t.Errorf("an empty answer: err %v, kinds asked %d times, want once", err, store.kindsAsked)
	}
	store.rows, store.kindsAsked = []map[string]any{{"member": "BRA"}}, 0
	answer, err := svc.QueryPage(context.Background(), queries.MembersWithAgreementByBloc, raw, PageRequest{})
	if err != nil || store.kindsAsked != 0 || answer.RowCount != 1 {
		t.Errorf("an answer with rows: err %v, kinds asked %d times, rows %d; want no id check and the row", err, store.kindsAsked, answer.RowCount)
	}
}

// known_on reaches the id check, the store's parameters and the answer.
func TestQueryAsksKnownOn(t *testing.T) {
	store := &kindsStore{kinds: map[string]string{"BRICS": "Bloc", "RUS": "Country"}}
	svc := New(store, Options{Now: func() time.Time { return time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC) }})
	tests := []struct {
		raw   map[string]string
		want  time.Time // zero: now
		shown string
	}{
		{nil, time.Time{}, "now"},
		{map[string]string{"known_on": "now"}, time.Time{}, "now"},
		{map[string]string{"known_on": "2026-02-01"}, time.Date(2026, 2, 1, 23, 59, 59, 999999999, time.UTC), "2026-02-01T23:59:59.999999999Z"},
		{map[string]string{"known_on": "2026-03-15T09:00:00+01:00"}, time.Date(2026, 3, 15, 8, 0, 0, 0, time.UTC), "2026-03-15T09:00:00+01:00"},
	}
	for _, tt := range tests {
		store.known, store.asked = nil, nil
		answer, err := svc.QueryPage(context.Background(), queries.MembersWithAgreementByBloc, tt.raw, PageRequest{})
		if err != nil {
			t.Fatalf("QueryPage(%v) error: %v", tt.raw, err)
		}
		if store.known == nil || store.known.Now() != tt.want.IsZero() || (!tt.want.IsZero() && !store.known.Equal(tt.want)) {
			t.Errorf("QueryPage(%v) checked ids known_on %v, want %v", tt.raw, store.known, tt.want)
		}
		if k, ok := store.asked.Params["known_on"].(graph.KnownOn); !ok || k.Now() != tt.want.IsZero() || (!tt.want.IsZero() && !k.Equal(tt.want)) {
			t.Errorf("QueryPage(%v) asked the store known_on %#v, want %v", tt.raw, store.asked.Params["known_on"], tt.want)
		}
		if answer.Params["known_on"] != tt.shown {
			t.Errorf("QueryPage(%v) shows known_on %v, want %q", tt.raw, answer.Params["known_on"], tt.shown)
		}
	}
}

// QueryAll answers the whole question (the news reader matches an article
// against every agreement of a party); QueryPage answers a page of it.
func TestQueryAllIsWholeQueryPageIsAPage(t *testing.T) {
	store := &kindsStore{kinds: map[string]string{"BRICS": "Bloc", "RUS": "Country"}}
	for i := range DefaultLimit + 50 {
		store.rows = append(store.rows, map[string]any{"member": fmt.Sprintf("m%03d", i)})
	}
	svc := New(store, Options{})
	raw := map[string]string{"bloc": "BRICS", "country": "RUS"}
	whole, err := svc.QueryAll(context.Background(), queries.MembersWithAgreementByBloc, raw)
	if err != nil {
		t.Fatal(err)
	}
	if len(whole.Rows) != DefaultLimit+50 || whole.Page.Next != "" || store.asked.Page != (graph.Page{}) {
		t.Errorf("QueryAll: %d rows, next %q, asked for %+v; want all %d rows, read unpaged", len(whole.Rows), whole.Page.Next, store.asked.Page, DefaultLimit+50)
	}
	page, err := svc.QueryPage(context.Background(), queries.MembersWithAgreementByBloc, raw, PageRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Rows) != DefaultLimit || page.Page.Next == "" || store.asked.Page.Limit != DefaultLimit+1 {
		t.Errorf("QueryPage: %d rows, next %q, asked for %+v; want a page of %d and a cursor", len(page.Rows), page.Page.Next, store.asked.Page, DefaultLimit)
	}
}
