// Package repotest finds the repository's own files from a test, whatever
// package folder it runs in.
package repotest

import (
	"os"
	"path/filepath"
	"testing"
)

// Root is the repository's root: the nearest folder above the test's with
// a go.mod.
func Root(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's folder")
		}
		dir = parent
	}
}

// File reads a file by its path from the repository's root; hint says how
// to get it when it is missing (a fetched data set).
func File(t testing.TB, rel, hint string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(Root(t), rel))
	if err != nil {
		t.Fatalf("%v (%s)", err, hint)
	}
	return data
}
