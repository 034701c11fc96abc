package service

import (
	"context"
	"testing"
	"time"

	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/queries"
)

// kindsStore knows a few entities' kinds and answers every question with no
// rows; the other store operations are not used here.
type kindsStore struct {
	graph.Store
	kinds map[string]string
	asked *graph.Question
}

func (k *kindsStore) Kinds(_ context.Context, ids []string) (map[string]string, error) {
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
	return &graph.Result{Columns: []string{"member"}, Rows: []map[string]any{}}, nil
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
		answer, err := svc.Query(context.Background(), q, tt.raw)
		if graph.ErrorCode(err) != tt.code || graph.ErrorParam(err) != tt.param {
			t.Errorf("Query(%s, %v) = %v, want code %q naming %q", q.Name, tt.raw, err, tt.code, tt.param)
		}
		if err != nil {
			if store.asked != nil {
				t.Errorf("Query(%s, %v) asked the store %q after refusing", q.Name, tt.raw, store.asked.Name)
			}
			continue
		}
		if answer.Params["as_of"] != "2026-11-29" || store.asked.Timeout != 15*time.Second {
			t.Errorf("Query(%s, %v): params %v, timeout %v; want as_of today as a date string and the default 15s", q.Name, tt.raw, answer.Params, store.asked.Timeout)
		}
	}
}
