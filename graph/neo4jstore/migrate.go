package neo4jstore

import (
	"context"
	"embed"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

//go:embed migrations/*.cypher
var migrationFiles embed.FS

// migration is one file of schema statements, applied in version order.
type migration struct {
	version    string // the file name without .cypher, e.g. 001_entity_id_unique
	statements []string
}

var migrations = mustLoadMigrations()

func mustLoadMigrations() []migration {
	entries, err := migrationFiles.ReadDir("migrations")
	if err != nil {
		panic(err)
	}
	var out []migration
	for _, e := range entries {
		text, err := migrationFiles.ReadFile("migrations/" + e.Name())
		if err != nil {
			panic(err)
		}
		m := migration{version: strings.TrimSuffix(e.Name(), ".cypher")}
		for _, st := range strings.Split(stripComments(string(text)), ";") {
			if st = strings.TrimSpace(st); st != "" {
				m.statements = append(m.statements, st)
			}
		}
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	return out
}

func stripComments(text string) string {
	var b strings.Builder
	for _, line := range strings.Split(text, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "//") {
			b.WriteString(line)
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// Migrate applies every migration not yet recorded, in order, and records
// each. Schema statements use IF NOT EXISTS, so a migration interrupted half
// way is simply applied again. It returns the versions it applied.
func (s *Store) Migrate(ctx context.Context) ([]string, error) {
	applied, err := s.appliedMigrations(ctx)
	if err != nil {
		return nil, err
	}
	var done []string
	for _, m := range migrations {
		if applied[m.version] {
			continue
		}
		// Schema commands cannot share a transaction with writes, so each runs on its own.
		for _, st := range m.statements {
			if _, err := s.write(ctx, "migrate "+m.version, st, nil); err != nil {
				return done, fmt.Errorf("migration %s: %w", m.version, err)
			}
		}
		if _, err := s.write(ctx, "record migration "+m.version, stmtMigrationRecord.cypher,
			map[string]any{"version": m.version, "now": time.Now().UTC()}); err != nil {
			return done, fmt.Errorf("record migration %s: %w", m.version, err)
		}
		done = append(done, m.version)
	}
	if err := s.awaitIndexes(ctx); err != nil {
		return done, err
	}
	return done, nil
}

// awaitIndexes waits until new indexes are online, so the first search after
// a migration does not fail on an index still being populated.
func (s *Store) awaitIndexes(ctx context.Context) error {
	err := s.guard(ctx, func(ctx context.Context) error {
		_, err := neo4j.ExecuteQuery(ctx, s.driver, stmtIndexesAwait.cypher, nil, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase(s.database), neo4j.ExecuteQueryWithWritersRouting())
		return err
	})
	if err != nil {
		return translate("await indexes", err)
	}
	return nil
}

func (s *Store) appliedMigrations(ctx context.Context) (map[string]bool, error) {
	var res *neo4j.EagerResult
	err := s.guard(ctx, func(ctx context.Context) (err error) {
		res, err = neo4j.ExecuteQuery(ctx, s.driver, stmtMigrationsListApplied.cypher, nil,
			neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(s.database), neo4j.ExecuteQueryWithReadersRouting())
		return err
	})
	if err != nil {
		return nil, translate("read applied migrations", err)
	}
	applied := map[string]bool{}
	for _, rec := range res.Records {
		if v, ok := rec.Values[0].(string); ok {
			applied[v] = true
		}
	}
	return applied, nil
}

// MigrationVersions lists every known migration, for status output.
func MigrationVersions() []string {
	out := make([]string, len(migrations))
	for i, m := range migrations {
		out[i] = m.version
	}
	return out
}
