package neo4jstore

import (
	"context"
	"fmt"
	"slices"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/cyberkg/cyberkg/graph"
)

// LoadStats counts what a load wrote.
type LoadStats struct {
	Nodes         int `json:"nodes"`
	Relationships int `json:"relationships"`
	Removed       int `json:"removed"` // entities a previous load wrote that the dataset no longer has
}

// Load writes a dataset in one transaction: all of it or, on any error,
// nothing. The dataset owns its entities: their properties are replaced,
// their outgoing relationships rewritten, and entities an earlier load
// wrote (marked by seed_file) that the dataset no longer has are removed.
// Loading the same dataset twice therefore gives the same graph.
func (s *Store) Load(ctx context.Context, ds graph.Dataset) (LoadStats, error) {
	if err := checkDataset(ds); err != nil {
		return LoadStats{}, err
	}
	var stats any
	err := s.guard(ctx, func(ctx context.Context) (err error) {
		session := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.database, AccessMode: neo4j.AccessModeWrite})
		defer session.Close(ctx)
		stats, err = session.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
			return load(ctx, tx, ds)
		})
		return err
	})
	if err != nil {
		return LoadStats{}, translate("load dataset", err)
	}
	return stats.(LoadStats), nil
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

func load(ctx context.Context, tx neo4j.ManagedTransaction, ds graph.Dataset) (LoadStats, error) {
	var stats LoadStats
	ids := make([]string, len(ds.Nodes))
	byKind := map[string][]map[string]any{}
	for i, n := range ds.Nodes {
		ids[i] = n.ID
		props := toDriverParams(n.Properties)
		props["id"] = n.ID
		byKind[n.Kind] = append(byKind[n.Kind], map[string]any{"id": n.ID, "props": props})
	}
	removed, err := single(ctx, tx, stmtSeedEntitiesRemove, map[string]any{"ids": ids})
	if err != nil {
		return stats, fmt.Errorf("remove stale entities: %w", err)
	}
	stats.Removed = int(removed)
	if _, err := single(ctx, tx, stmtSeedRelationshipsClear, map[string]any{"ids": ids}); err != nil {
		return stats, fmt.Errorf("clear relationships: %w", err)
	}
	for _, kind := range graph.KindLabels {
		rows := byKind[kind]
		if len(rows) == 0 {
			continue
		}
		n, err := single(ctx, tx, stmtSeedEntitiesWrite, map[string]any{"rows": rows, "kind": kind, "kinds": graph.KindLabels})
		if err != nil {
			return stats, fmt.Errorf("write %s entities: %w", kind, err)
		}
		stats.Nodes += int(n)
	}
	byType := map[string][]map[string]any{}
	for _, r := range ds.Relationships {
		byType[r.Type] = append(byType[r.Type], map[string]any{"from": r.From, "to": r.To, "props": toDriverParams(r.Properties)})
	}
	for _, typ := range graph.RelationshipTypes {
		rows := byType[typ]
		if len(rows) == 0 {
			continue
		}
		n, err := single(ctx, tx, stmtSeedRelationshipsWrite, map[string]any{"rows": rows, "type": typ})
		if err != nil {
			return stats, fmt.Errorf("write %s relationships: %w", typ, err)
		}
		if int(n) != len(rows) {
			return stats, graph.Errorf(graph.EINVALID, "%d of %d %s relationships name an entity that does not exist", len(rows)-int(n), len(rows), typ)
		}
		stats.Relationships += int(n)
	}
	return stats, nil
}

func single(ctx context.Context, tx neo4j.ManagedTransaction, st *statement, params map[string]any) (int64, error) {
	res, err := tx.Run(ctx, st.cypher, params)
	if err != nil {
		return 0, err
	}
	rec, err := res.Single(ctx)
	if err != nil {
		return 0, err
	}
	n, _ := rec.Values[0].(int64)
	return n, nil
}
