// Package stixcheck validates STIX bundles in tests with
// scripts/stix-validate: stix2-validator 3.2.0, strict, in the repository's
// .venv (scripts/lib.sh ensure_venv).
package stixcheck

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/cyberkg/cyberkg/internal/repotest"
)

// Validation is the validator's verdict on a bundle.
type Validation struct {
	Valid        bool     `json:"valid"`
	Objects      int      `json:"objects"`
	Errors       []string `json:"errors"`
	Warnings     []string `json:"warnings"`
	UUIDv5IDs    int      `json:"uuid_v5_ids"`
	UnhashedURLs int      `json:"unhashed_urls"`
}

// Validate runs the validator on data. Without .venv it skips, or fails
// when CYBERKG_REQUIRE_NEO4J=1 (as scripts/test sets).
func Validate(t testing.TB, data []byte) Validation {
	t.Helper()
	root := repotest.Root(t)
	python := filepath.Join(root, ".venv", "bin", "python")
	if _, err := os.Stat(python); err != nil {
		if os.Getenv("CYBERKG_REQUIRE_NEO4J") == "1" {
			t.Fatalf("%s is missing, so no STIX bundle can be validated: run `source scripts/lib.sh && ensure_venv` (%v)", python, err)
		}
		t.Skipf("%s is missing: run `source scripts/lib.sh && ensure_venv` to validate STIX bundles", python)
	}
	cmd := exec.Command(python, filepath.Join(root, "scripts", "stix-validate"), "--json", "-")
	cmd.Stdin = bytes.NewReader(data)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	out, err := cmd.Output()
	var v Validation
	if jerr := json.Unmarshal(out, &v); jerr != nil {
		t.Fatalf("scripts/stix-validate: %v, %v\n%s%s", err, jerr, out, stderr.String())
	}
	t.Logf("stix-validate: valid %v, %d objects, %d errors, %d warnings (strict; not run: 103, %d UUIDv5 ids; 302, %d urls without hashes), %s",
		v.Valid, v.Objects, len(v.Errors), len(v.Warnings), v.UUIDv5IDs, v.UnhashedURLs, time.Since(start).Round(time.Millisecond))
	return v
}

// Extension is an object's property extension of the given id ({} when it
// has none).
func Extension(o map[string]any, id string) map[string]any {
	exts, _ := o["extensions"].(map[string]any)
	ext, _ := exts[id].(map[string]any)
	if ext == nil {
		return map[string]any{}
	}
	return ext
}

// Strings is a JSON list of strings.
func Strings(v any) []string {
	list, _ := v.([]any)
	out := make([]string, 0, len(list))
	for _, e := range list {
		s, _ := e.(string)
		out = append(out, s)
	}
	return out
}
