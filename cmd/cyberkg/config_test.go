package main

import (
	"context"
	"net"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/cyberkg/cyberkg/internal/syncbuf"
)

// TestSecretsStayOutOfHelpLogsAndErrors sets a distinctive password, in
// NEO4J_PASSWORD and in the URI, and looks for it in everything run prints
// or returns: help, and a start that cannot reach Neo4j.
func TestSecretsStayOutOfHelpLogsAndErrors(t *testing.T) {
	const secret = "s3cret-Hunter2-do-not-print"
	closed := closedPort(t)
	tests := []struct {
		name string
		args []string
		uri  string
	}{
		{"help", []string{"--help"}, ""},
		{"serve help", []string{"serve", "--help"}, ""},
		{"up help", []string{"up", "--help"}, ""},
		{"query help", []string{"query", "--help"}, ""},
		{"help with a password in the URI", []string{"serve", "--help"}, "bolt://neo4j:" + secret + "@127.0.0.1:" + closed},
		{"no Neo4j, logs at debug while waiting", []string{"migrate", "--log-level", "debug", "--wait", "1s"}, "bolt://127.0.0.1:" + closed},
		{"no Neo4j, password in the URI", []string{"migrate", "--log-level", "debug"}, "bolt://neo4j:" + secret + "@127.0.0.1:" + closed},
		{"serve without Neo4j", []string{"serve", "--log-level", "debug", "--addr", "127.0.0.1:0"}, "bolt://neo4j:" + secret + "@127.0.0.1:" + closed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{"NEO4J_PASSWORD": secret, "NEO4J_URI": tt.uri}
			var stdout, stderr syncbuf.Buffer
			err := run(context.Background(), tt.args, func(k string) string { return env[k] }, &stdout, &stderr)
			out := stdout.String() + stderr.String()
			if err != nil {
				out += err.Error()
			}
			if strings.Contains(out, secret) {
				t.Errorf("run(%q) shows the password:\n%s", tt.args, out)
			}
			if strings.Contains(strings.Join(tt.args, " "), "help") && !strings.Contains(out, "--neo4j-password") {
				t.Errorf("run(%q) printed no help:\n%s", tt.args, out)
			}
		})
	}
}

// TestPasswordFlagAndEnvironmentStillApply checks that hiding the default
// changed nothing else: the environment sets the password, the flag wins.
func TestPasswordFlagAndEnvironmentStillApply(t *testing.T) {
	tests := []struct {
		env  string
		args []string
		want string
	}{
		{"", nil, defaultPassword},
		{"from-env", nil, "from-env"},
		{"from-env", []string{"--neo4j-password", "from-flag"}, "from-flag"},
	}
	for _, tt := range tests {
		cfg := &config{}
		root := &cobra.Command{Use: "cyberkg"}
		cfg.bind(root, func(k string) string {
			if k == "NEO4J_PASSWORD" {
				return tt.env
			}
			return ""
		})
		if err := root.PersistentFlags().Parse(tt.args); err != nil {
			t.Fatal(err)
		}
		if cfg.password != tt.want {
			t.Errorf("password with NEO4J_PASSWORD=%q and args %q = %q, want %q", tt.env, tt.args, cfg.password, tt.want)
		}
	}
}

// closedPort returns a local port that nothing listens on (just closed).
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	ln.Close()
	return port
}
