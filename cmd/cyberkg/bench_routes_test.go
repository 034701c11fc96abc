package main

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/cyberkg/cyberkg/internal/syncbuf"
)

func TestBenchRoutesTimesEachRoute(t *testing.T) {
	getenv := seededEnv(t)
	ctx := context.Background()
	var stdout, stderr syncbuf.Buffer
	args := []string{"bench", "routes", "--clients", "2", "--duration", "300ms", "--path", "/v1/entities/RUS", "--path", "/v1/queries/agreements_list_by_party?party=RUS&limit=5"}
	if err := run(ctx, args, getenv, &stdout, &stderr); err != nil {
		t.Fatalf("run(%q) = %v; stderr: %s", args, err, stderr.String())
	}
	for _, path := range []string{"/v1/entities/RUS", `/v1/queries/agreements_list_by_party\?party=RUS&limit=5`} {
		// route, requests (not 0), rps, p50, p95, p99, non-2xx (0), KB
		row := regexp.MustCompile(`(?m)^\s*` + path + `\s+[1-9][0-9]*\s+[0-9]+\s+[0-9.]+\s+[0-9.]+\s+[0-9.]+\s+0\s+[0-9.]+\s`)
		if !row.MatchString(stdout.String()) {
			t.Errorf("no timed row for %s:\n%s", path, stdout.String())
		}
	}
	for _, tt := range []struct{ args, want string }{
		{"--path http://elsewhere/v1/entities/RUS", "--path"},
		{"--path /v1/entities/NOWHERE", "answers 404"},
		{"--clients 0", "--clients"},
	} {
		err := run(ctx, append([]string{"bench", "routes", "--duration", "100ms"}, strings.Fields(tt.args)...), getenv, &stdout, &stderr)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("bench routes %s = %v; want an error naming %s", tt.args, err, tt.want)
		}
	}
}
