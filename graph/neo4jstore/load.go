package neo4jstore

import (
	"context"
	"fmt"
	"slices"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/cyberkg/cyberkg/graph"
)

// Load writes the seed's dataset through the write path, as the seed: facts
// it asserts are created or given a new version when they differ, facts the
// seed asserted before and no longer does are retracted (kept for known_on
// questions), and facts an analyst owns are left alone. Loading the same
// dataset twice changes nothing the second time.
func (s *Store) Load(ctx context.Context, ds graph.Dataset) (*graph.ChangeReport, error) {
	return s.Apply(ctx, graph.ChangeSet{Kind: "seed", Author: graph.OwnerSeed, Owner: graph.OwnerSeed,
		Reason: "seed load", Exclusive: true, Facts: graph.FactsOf(ds)})
}

// checkDataset refuses kinds and types outside the schema before any of them
// becomes a label or a relationship type.
func checkDataset(ds graph.Dataset) error {
	for _, n := range ds.Nodes {
		if !slices.Contains(graph.KindLabels, n.Kind) {
			return graph.Errorf(graph.EINVALID, "entity %q has unknown kind %q", n.ID, n.Kind)
		}
	}
	for _, r := range ds.Relationships {
		if !slices.Contains(graph.RelationshipTypes, r.Type) {
			return graph.Errorf(graph.EINVALID, "relationship %s->%s has unknown type %q", r.From, r.To, r.Type)
		}
	}
	return nil
}

func single(ctx context.Context, tx neo4j.ManagedTransaction, st *statement, params map[string]any) (int64, error) {
	res, err := tx.Run(ctx, st.cypher, params)
	if err != nil {
		return 0, err
	}
	rec, err := res.Single(ctx)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", st.name, err)
	}
	n, _ := rec.Values[0].(int64)
	return n, nil
}
