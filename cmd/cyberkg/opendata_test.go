package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cyberkg/cyberkg/internal/neo4jtest"
	"github.com/cyberkg/cyberkg/internal/repotest"
	"github.com/cyberkg/cyberkg/internal/syncbuf"
)

// The user's path: import ATT&CK's bundle from the command line, then export
// APT28's neighbourhood as STIX to a file; bad flags are refused by name.
func TestImportAndExportSTIXFromTheCommandLine(t *testing.T) {
	getenv := testEnv(t) // empties the database
	neo4jtest.Seeded(t)
	ctx := context.Background()
	bundle := filepath.Join(repotest.Root(t), "seed/opendata/mitre-attack/enterprise-groups-campaigns.json")

	var stdout, stderr syncbuf.Buffer
	if err := run(ctx, []string{"import", "--format", "stix", bundle}, getenv, &stdout, &stderr); err != nil {
		t.Fatalf("import --format stix: %v; %s", err, stderr.String())
	}
	var report struct {
		Dataset string `json:"dataset"`
		Change  struct {
			Counts map[string]int `json:"counts"`
		} `json:"change"`
	}
	if err := json.Unmarshal([]byte(stdout.String()), &report); err != nil || report.Dataset != "mitre-attack" || report.Change.Counts["created"] == 0 {
		t.Fatalf("import printed %.300s (%v); want the mitre-attack data set's change", stdout.String(), err)
	}

	out := filepath.Join(t.TempDir(), "apt28.json")
	stdout = syncbuf.Buffer{}
	if err := run(ctx, []string{"export", "--format", "stix", "--entity", "apt28", "--depth", "2", "-o", out}, getenv, &stdout, &stderr); err != nil {
		t.Fatalf("export: %v; %s", err, stderr.String())
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"type": "bundle"`) && !strings.Contains(string(data), `"type":"bundle"`) {
		t.Errorf("export wrote %.200s, want a STIX bundle", data)
	}
	if !strings.Contains(string(data), "intrusion-set--bef4c620-0787-42a8-a96d-b7eb6e85917c") {
		t.Error("APT28 is not exported under the STIX id ATT&CK gave it")
	}

	for args, want := range map[string]string{
		"export --format pdf":                              "format",
		"export --entity no-such-entity":                   "no-such-entity",
		"export --query members_list_by_bloc --entity RUS": "not both",
		"import --format stix " + out + " " + out:          "one file at a time",
		"import --format misp-galaxy " + bundle:            "threat-actor cluster",
	} {
		err := run(ctx, strings.Fields(args), getenv, &stdout, &stderr)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("cyberkg %s = %v, want an error naming %q", args, err, want)
		}
	}
}
