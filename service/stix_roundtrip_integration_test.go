package service_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/cyberkg/cyberkg/internal/neo4jtest"
	"github.com/cyberkg/cyberkg/internal/stixcheck"
	"github.com/cyberkg/cyberkg/service"
	"github.com/cyberkg/cyberkg/stix"
)

func exportSTIX(t *testing.T, svc *service.Service, raw map[string]string) []byte {
	t.Helper()
	raw["format"] = "stix"
	g, _, err := svc.ExportSubgraph(context.Background(), "test", service.ExportParams(service.KnownOnParam), raw)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := stix.Write(&buf, g); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// objectsOf is a bundle's objects by id, without the timestamps of when the
// graph recorded them (an import into another database records anew).
func objectsOf(t *testing.T, bundle []byte) map[string]string {
	t.Helper()
	var b struct {
		Objects []map[string]any `json:"objects"`
	}
	if err := json.Unmarshal(bundle, &b); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, o := range b.Objects {
		delete(o, "created")
		delete(o, "modified")
		data, _ := json.Marshal(o)
		out[fmt.Sprint(o["id"])] = string(data)
	}
	return out
}

// The whole graph, seed and open data, exported as STIX: valid (strict,
// zero errors), and, imported into an empty database, exporting the same
// objects again: the same facts.
func TestSTIXRoundTrip(t *testing.T) {
	store := neo4jtest.WithOpenData(t)
	svc := service.New(store, service.Options{})
	first := exportSTIX(t, svc, map[string]string{})
	if v := stixcheck.Validate(t, first); !v.Valid || len(v.Errors) > 0 || len(v.Warnings) > 0 || v.Objects < 7000 {
		t.Fatalf("the whole graph's STIX export: valid %v, %d objects, errors %v, warnings %v", v.Valid, v.Objects, v.Errors, v.Warnings)
	}

	empty := neo4jtest.Empty(t)
	if _, err := empty.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	into := service.New(empty, service.Options{})
	rep, err := into.ImportOpenData(context.Background(), service.OpenData{Format: service.FormatSTIX, Name: "export.json",
		Data: first, Caller: service.Caller{Name: "test", Role: "admin"}})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Unresolved != 0 {
		t.Errorf("import of the export: %d unresolved", rep.Unresolved)
	}
	second := exportSTIX(t, into, map[string]string{})
	a, b := objectsOf(t, first), objectsOf(t, second)
	var diffs []string
	for id, o := range a {
		if b[id] != o {
			diffs = append(diffs, fmt.Sprintf("%s:\n  before %s\n  after  %s", id, o, b[id]))
		}
	}
	for id := range b {
		if _, ok := a[id]; !ok {
			diffs = append(diffs, "only after: "+b[id])
		}
	}
	slices.Sort(diffs)
	if len(diffs) > 0 {
		t.Errorf("%d of %d objects differ after the round trip; the first:\n%s", len(diffs), len(a), strings.Join(diffs[:min(3, len(diffs))], "\n"))
	}
}
