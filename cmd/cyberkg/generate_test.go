package main

import (
	"context"
	"strings"
	"testing"

	"github.com/cyberkg/cyberkg/internal/syncbuf"
)

// Bad flags are refused before any connection, naming the flag.
func TestGenerateFlagErrorsNameTheFlag(t *testing.T) {
	getenv := func(string) string { return "" }
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--scale", "10"}, "--scale 10: a generated graph has at least 1000 facts"},
		{[]string{"--scale", "-5"}, "--scale -5"},
		{[]string{"--scale", "many"}, `invalid argument "many" for "--scale"`},
		{[]string{"--seed", "-1"}, `invalid argument "-1" for "--seed"`},
		{[]string{"--batch", "0"}, "--batch 0: between 1 and 50000"},
		{[]string{"--batch", "100000"}, "--batch 100000"},
		{[]string{"extra"}, `unknown command "extra"`},
	}
	for _, tt := range tests {
		var stdout, stderr syncbuf.Buffer
		args := append([]string{"generate"}, tt.args...)
		err := run(context.Background(), args, getenv, &stdout, &stderr)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("run(%q) = %v, want an error containing %q", args, err, tt.want)
		}
	}
}

func TestBoltPortIsLocalOnly(t *testing.T) {
	tests := []struct {
		uri  string
		want int
	}{
		{"bolt://localhost:7687", 7687},
		{"bolt://127.0.0.1:37687", 37687},
		{"neo4j://[::1]:7688", 7688},
		{"bolt://localhost", 7687},
		{"neo4j+s://abc.databases.neo4j.io", 0},
		{"bolt://10.0.0.5:7687", 0},
	}
	for _, tt := range tests {
		if got := boltPort(tt.uri); got != tt.want {
			t.Errorf("boltPort(%q) = %d, want %d", tt.uri, got, tt.want)
		}
	}
}
