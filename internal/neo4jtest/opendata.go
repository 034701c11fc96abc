package neo4jtest

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/cyberkg/cyberkg/graph/neo4jstore"
	"github.com/cyberkg/cyberkg/internal/repotest"
	"github.com/cyberkg/cyberkg/service"
)

// OpenDataFile is one open data set the tests import, by its format and
// its path from the repository's root.
type OpenDataFile struct{ Format, Path string }

// OpenDataFiles are the MISP galaxy's threat actors (fetched by
// scripts/lib.sh fetch_open_data, which scripts/test runs) and the ATT&CK
// bundle in the repository.
var OpenDataFiles = []OpenDataFile{
	{service.FormatMISPGalaxy, ".cache/opendata/misp-galaxy/threat-actor.json"},
	{service.FormatSTIX, "seed/opendata/mitre-attack/enterprise-groups-campaigns.json"},
}

// RepoFile reads a file by its path from the repository's root.
func RepoFile(t testing.TB, rel string) []byte {
	t.Helper()
	return repotest.File(t, rel, "the MISP galaxy is fetched by: source scripts/lib.sh && fetch_open_data")
}

// WithOpenData is Seeded, then every open data set imported as the API and
// the CLI import it.
func WithOpenData(t testing.TB) *neo4jstore.Store {
	t.Helper()
	store := Seeded(t)
	svc := service.New(store, service.Options{})
	for _, f := range OpenDataFiles {
		if _, err := svc.ImportOpenData(context.Background(), service.OpenData{Format: f.Format, Name: filepath.Base(f.Path),
			Data: RepoFile(t, f.Path), Caller: service.Caller{Name: "test", Role: "admin"}}); err != nil {
			t.Fatalf("import %s: %v", f.Path, err)
		}
	}
	return store
}
