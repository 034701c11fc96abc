package neo4jstore_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/graph/neo4jstore"
	"github.com/cyberkg/cyberkg/internal/neo4jtest"
	"github.com/cyberkg/cyberkg/seed"
)

// A client that writes and then reads sees its write, through the routing
// driver (neo4j://) a cluster or Aura needs: reads go to readers and wait for
// the bookmark of the write, which the store's writes and reads share.
func TestReadsSeeTheWritesBeforeThemOverRouting(t *testing.T) {
	neo4jtest.Seeded(t)
	uri := strings.Replace(os.Getenv("NEO4J_TEST_URI"), "bolt://", "neo4j://", 1)
	driver, err := neo4jstore.Open(uri, os.Getenv("NEO4J_TEST_USERNAME"), os.Getenv("NEO4J_TEST_PASSWORD"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	defer driver.Close(ctx)
	store := neo4jstore.New(driver, "neo4j")
	for i := range 20 {
		id := "src-causal-" + string(rune('a'+i))
		doc := "sources:\n  - {id: " + id + ", title: Causal " + id + ", publisher: Test, reliability: C}\n"
		parsed, err := seed.ParseDocuments([]seed.Document{{Name: "t", Data: []byte(doc)}}, func([]string) (map[string]string, error) { return nil, nil })
		if err != nil {
			t.Fatal(err)
		}
		if _, err := store.Apply(ctx, graph.ChangeSet{Kind: "create", Author: "test", Owner: graph.OwnerAnalyst, Facts: graph.FactsOf(parsed.Dataset)}); err != nil {
			t.Fatalf("write %d: %v", i, err)
		}
		e, err := store.Entity(ctx, id, graph.KnownOn{})
		if err != nil || e.ID != id {
			t.Fatalf("read right after write %d: %v, %+v", i, err, e)
		}
	}
}
