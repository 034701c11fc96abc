package api

import (
	"context"
	"slices"
	"testing"

	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/internal/neo4jtest"
	"github.com/cyberkg/cyberkg/queries"
)

// Every parameter list the OpenAPI document shows.
func documentedParams() map[string][]queries.Param {
	all := map[string][]queries.Param{
		"GET /v1/search": searchParams, "GET /v1/paths": pathsParams,
		"GET /v1/entities/{id}/neighbourhood": neighbourhoodParams, "GET /v1/export": exportParams,
		"GET /v1/entities/{id}": entityParams,
	}
	for _, q := range queries.All {
		all["GET /v1/queries/"+q.Name] = q.Params
	}
	return all
}

// Without examples, generated ids and texts almost never name anything, and
// schemathesis would test little beyond the 404s.
func TestFreeTextParamsHaveExamples(t *testing.T) {
	for route, specs := range documentedParams() {
		for _, p := range specs {
			if (p.Type == queries.ID || p.Type == queries.String) && len(p.OneOf) == 0 && len(paramExamples[p.Name]) == 0 {
				t.Errorf("%s: parameter %s has no entry in paramExamples", route, p.Name)
			}
		}
	}
	for _, id := range paramExamples["from"] {
		if slices.Contains(paramExamples["to"], id) {
			t.Errorf("paramExamples: %s is an example of both from and to, which must differ", id)
		}
	}
}

// The examples name entities of the kind each parameter wants, in the seed.
func TestIDExamplesNameEntitiesOfTheRightKind(t *testing.T) {
	store := neo4jtest.Seeded(t)
	for route, specs := range documentedParams() {
		for _, p := range specs {
			if p.Type != queries.ID {
				continue
			}
			kinds, err := store.Kinds(context.Background(), paramExamples[p.Name], graph.KnownOn{})
			if err != nil {
				t.Fatal(err)
			}
			for _, id := range paramExamples[p.Name] {
				if got, ok := kinds[id]; !ok || (p.Kind != "Entity" && got != p.Kind) {
					t.Errorf("%s: example %s of parameter %s is %q in the seed, want a %s", route, id, p.Name, got, p.Kind)
				}
			}
		}
	}
}
