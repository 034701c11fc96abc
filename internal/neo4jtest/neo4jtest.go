// Package neo4jtest connects integration tests to the throwaway Neo4j that
// the README's test command starts, and gives them a known graph.
//
// The server comes from NEO4J_TEST_URI, NEO4J_TEST_USERNAME and
// NEO4J_TEST_PASSWORD, never from NEO4J_URI, so tests cannot touch a user's
// database. Without NEO4J_TEST_URI an integration test skips, unless
// CYBERKG_REQUIRE_NEO4J=1 (as the test command sets), when it fails.
package neo4jtest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/cyberkg/cyberkg/graph/neo4jstore"
	"github.com/cyberkg/cyberkg/seed"
)

const database = "neo4j"

var (
	driverOnce sync.Once
	driver     neo4j.DriverWithContext
	lane       *neo4jstore.AdhocLane
	driverErr  error
)

// The ad-hoc lane of the test stores: as the server's defaults.
const (
	LaneSize     = 2
	LaneMaxBytes = 16 << 20
)

// Driver returns the shared driver to the test server.
func Driver(t testing.TB) neo4j.DriverWithContext {
	t.Helper()
	uri := os.Getenv("NEO4J_TEST_URI")
	if uri == "" {
		if os.Getenv("CYBERKG_REQUIRE_NEO4J") == "1" {
			t.Fatal("NEO4J_TEST_URI is not set but CYBERKG_REQUIRE_NEO4J=1: run the tests with scripts/test")
		}
		t.Skip("integration test: set NEO4J_TEST_URI (scripts/test starts a throwaway Neo4j and sets it)")
	}
	driverOnce.Do(func() {
		user := envOr("NEO4J_TEST_USERNAME", "neo4j")
		password := os.Getenv("NEO4J_TEST_PASSWORD")
		driver, driverErr = neo4jstore.Open(uri, user, password)
		if driverErr == nil {
			lane, driverErr = neo4jstore.NewAdhocLane(uri, user, password, LaneSize, LaneMaxBytes)
		}
		if driverErr == nil {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			driverErr = driver.VerifyConnectivity(ctx)
		}
	})
	if driverErr != nil {
		t.Fatalf("test Neo4j at %s: %v", uri, driverErr)
	}
	return driver
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// Lane is the ad-hoc lane of the stores this package makes.
func Lane(t testing.TB) *neo4jstore.AdhocLane {
	t.Helper()
	Driver(t)
	return lane
}

// Empty deletes every node and relationship but keeps the schema.
func Empty(t testing.TB) *neo4jstore.Store {
	t.Helper()
	d := Driver(t)
	// In slices, relationships first, so a large graph left by a benchmark
	// or an import stays under Neo4j's memory limit per transaction.
	for _, cypher := range []string{
		"MATCH ()-[r]->() WITH r LIMIT 50000 DELETE r RETURN count(*) AS n",
		"MATCH (n) WITH n LIMIT 50000 DETACH DELETE n RETURN count(*) AS n",
	} {
		for {
			res, err := neo4j.ExecuteQuery(context.Background(), d, cypher, nil,
				neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(database))
			if err != nil {
				t.Fatalf("empty the test database: %v", err)
			}
			if n, _ := res.Records[0].Values[0].(int64); n == 0 {
				break
			}
		}
	}
	return neo4jstore.New(d, database, neo4jstore.WithAdhocLane(lane))
}

// Seeded empties the database, applies the migrations and loads the built-in
// seed, and returns the store.
func Seeded(t testing.TB) *neo4jstore.Store {
	t.Helper()
	store := Empty(t)
	ctx := context.Background()
	if _, err := store.Migrate(ctx); err != nil {
		t.Fatalf("Migrate() error: %v", err)
	}
	ds, err := seed.Parse(seed.Files())
	if err != nil {
		t.Fatalf("seed.Parse(built-in) error: %v", err)
	}
	if _, err := store.Load(ctx, ds); err != nil {
		t.Fatalf("Load(built-in seed) error: %v", err)
	}
	return store
}

// Dump returns the whole graph as canonical text: one line per node (id,
// labels, properties) and per relationship (type, ends by id, properties),
// sorted, so two dumps are equal exactly when the graphs are.
func Dump(t testing.TB) string {
	t.Helper()
	d := Driver(t)
	ctx := context.Background()
	var lines []string
	res, err := neo4j.ExecuteQuery(ctx, d, `MATCH (n) RETURN labels(n) AS labels, properties(n) AS props`, nil,
		neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(database))
	if err != nil {
		t.Fatalf("dump nodes: %v", err)
	}
	for _, r := range res.Records {
		labels := toStrings(r.Values[0])
		sort.Strings(labels)
		props := r.Values[1].(map[string]any)
		delete(props, "applied_at") // migration bookkeeping differs between runs by design
		lines = append(lines, fmt.Sprintf("node %s %s", strings.Join(labels, ":"), canonical(props)))
	}
	res, err = neo4j.ExecuteQuery(ctx, d, `MATCH (a)-[r]->(b) RETURN coalesce(a.id, a.version) AS a, type(r) AS t, coalesce(b.id, b.version) AS b, properties(r) AS props`, nil,
		neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(database))
	if err != nil {
		t.Fatalf("dump relationships: %v", err)
	}
	for _, r := range res.Records {
		lines = append(lines, fmt.Sprintf("rel %v-[%v]->%v %s", r.Values[0], r.Values[1], r.Values[2], canonical(r.Values[3].(map[string]any))))
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

func canonical(props map[string]any) string {
	plain := map[string]string{}
	for k, v := range props {
		plain[k] = fmt.Sprintf("%v", v)
	}
	b, _ := json.Marshal(plain) // encoding/json sorts map keys
	return string(b)
}

func toStrings(v any) []string {
	list, _ := v.([]any)
	out := make([]string, 0, len(list))
	for _, e := range list {
		out = append(out, fmt.Sprint(e))
	}
	return out
}

// Exec runs one write statement against the test database.
func Exec(t testing.TB, cypher string, params map[string]any) {
	t.Helper()
	if _, err := neo4j.ExecuteQuery(context.Background(), Driver(t), cypher, params,
		neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(database)); err != nil {
		t.Fatalf("exec %q: %v", cypher, err)
	}
}

// Query runs a read against the test database and returns its first value as text.
func Query(t testing.TB, cypher string) string {
	t.Helper()
	return queryIn(t, database, cypher, nil)
}

// QuerySystem is Query against the system database (users, databases).
func QuerySystem(t testing.TB, cypher string) string {
	t.Helper()
	return queryIn(t, "system", cypher, nil)
}

func queryIn(t testing.TB, db, cypher string, params map[string]any) string {
	t.Helper()
	res, err := neo4j.ExecuteQuery(context.Background(), Driver(t), cypher, params, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(db))
	if err != nil {
		t.Fatalf("query %q: %v", cypher, err)
	}
	if len(res.Records) == 0 {
		return ""
	}
	return fmt.Sprint(res.Records[0].Values[0])
}

// QueryParams is Query with parameters.
func QueryParams(t testing.TB, cypher string, params map[string]any) string {
	t.Helper()
	return queryIn(t, database, cypher, params)
}
