package cypherfrag_test

import (
	"testing"

	_ "github.com/cyberkg/cyberkg/graph/neo4jstore" // loads the store's statements
	"github.com/cyberkg/cyberkg/internal/cypherfrag"
	_ "github.com/cyberkg/cyberkg/queries" // loads the catalog
)

// Every fragment is used by a catalog query or a store statement; both are
// loaded, and expanded, when their packages initialise.
func TestEveryFragmentIsUsed(t *testing.T) {
	for _, name := range cypherfrag.Names() {
		if !cypherfrag.Used(name) {
			t.Errorf("fragment %s is used by no statement: remove it", name)
		}
	}
}
