package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/cyberkg/cyberkg/auth"
	"github.com/cyberkg/cyberkg/internal/syncbuf"
)

func TestKeysNewPrintsTheTokenAndItsLine(t *testing.T) {
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"keys", "new", "--name", "alice", "--role", "reviewer"}, func(string) string { return "" }, &stdout, &stderr)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("keys new printed %q, want two lines: the token and the keyring line", stdout.String())
	}
	token, line := lines[0], lines[1]
	if !strings.HasPrefix(token, auth.TokenPrefix) || strings.Contains(line, token) {
		t.Errorf("keys new: token %q, line %q; want a ckg_ token and a line without it", token, line)
	}
	ring, err := auth.Parse("keys new", line)
	if err != nil {
		t.Fatalf("keys new printed a line the keyring refuses: %v", err)
	}
	if got, ok := ring.Verify(token); !ok || got != (auth.Caller{Name: "alice", Role: auth.Reviewer}) {
		t.Errorf("the new line verifies the new token as %v, %v; want alice, reviewer", got, ok)
	}
	if !strings.Contains(stderr.String(), "line 1: the token") || !strings.Contains(stderr.String(), "line 2: the keyring line") || strings.Contains(stderr.String(), token) {
		t.Errorf("keys new said on stderr %q; want which line is which, without the token", stderr.String())
	}

	for _, args := range [][]string{
		{"keys", "new", "--name", "alice", "--role", "owner"},
		{"keys", "new", "--name", "Alice", "--role", "admin"},
		{"keys", "new", "--role", "admin"},
		{"keys", "new", "--name", "alice"},
	} {
		stdout.Reset()
		if err := run(context.Background(), args, func(string) string { return "" }, &stdout, &stderr); err == nil || stdout.Len() > 0 {
			t.Errorf("run(%q) = %v and printed %q; want an error and nothing printed", args, err, stdout.String())
		}
	}
}

func TestKeysHashReadsATokenOnStandardInput(t *testing.T) {
	const token = "my-own-token-minted-elsewhere-0123456789"
	tests := []struct {
		name, stdin string
		args        []string
		want        string // the output, or part of the error
		ok          bool
	}{
		{"hash", token + "\n", nil, auth.Hash(token) + "\n", true},
		{"line", "  " + token + "\r\n", []string{"--name", "ci-bot", "--role", "editor"}, "ci-bot editor " + auth.Hash(token) + "\n", true},
		{"empty", "\n", nil, "no token", false},
		{"short", "abc123", nil, "at least 32", false},
		{"two tokens", token + "\n" + token, nil, "more than one token", false},
		{"name without role", token, []string{"--name", "ci-bot"}, "both --name and --role", false},
		{"bad role", token, []string{"--name", "ci-bot", "--role", "root"}, "--role", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			cmd := newKeysCmd(&stdout, &stderr)
			cmd.SetArgs(append([]string{"hash"}, tt.args...))
			cmd.SetIn(strings.NewReader(tt.stdin))
			cmd.SetOut(&stderr)
			cmd.SetErr(&stderr)
			cmd.SilenceUsage, cmd.SilenceErrors = true, true
			err := cmd.Execute()
			if tt.ok {
				if err != nil || stdout.String() != tt.want {
					t.Errorf("keys hash %q < %q = %q, %v; want %q", tt.args, tt.stdin, stdout.String(), err, tt.want)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("keys hash %q < %q: error %v, want one saying %q", tt.args, tt.stdin, err, tt.want)
			}
			if err != nil && strings.Contains(err.Error(), token) {
				t.Errorf("keys hash: the error %q repeats the token", err)
			}
		})
	}
}

// keysConfig binds a config as serve does, with env and args.
func keysConfig(t *testing.T, env map[string]string, args ...string) *config {
	t.Helper()
	cfg := &config{}
	root := &cobra.Command{Use: "cyberkg"}
	cfg.bind(root, func(k string) string { return env[k] })
	serve := &cobra.Command{Use: "serve"}
	addServeFlags(serve, cfg)
	root.AddCommand(serve)
	if err := serve.Flags().Parse(args); err != nil {
		t.Fatal(err)
	}
	return cfg
}

func TestAPIKeysConfig(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "keys")
	if err := os.WriteFile(file, []byte("# the team\nbob editor "+auth.Hash("token-b")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	envKeys := "alice reader " + auth.Hash("token-a")
	tests := []struct {
		name  string
		env   map[string]string
		args  []string
		keys  int
		reads bool
		err   string // part of the error; "" for none
	}{
		{"none", nil, nil, 0, false, ""},
		{"env", map[string]string{"CYBERKG_API_KEYS": envKeys}, nil, 1, false, ""},
		{"file flag", nil, []string{"--api-keys-file", file}, 1, false, ""},
		{"file env", map[string]string{"CYBERKG_API_KEYS_FILE": file}, nil, 1, false, ""},
		{"both", map[string]string{"CYBERKG_API_KEYS": envKeys}, []string{"--api-keys-file", file}, 2, false, ""},
		{"reads from env", map[string]string{"CYBERKG_API_KEYS": envKeys, "CYBERKG_AUTH_READS": "true"}, nil, 1, true, ""},
		{"reads flag wins", map[string]string{"CYBERKG_API_KEYS": envKeys, "CYBERKG_AUTH_READS": "true"}, []string{"--auth-reads=false"}, 1, false, ""},
		{"reads by flag", map[string]string{"CYBERKG_API_KEYS": envKeys}, []string{"--auth-reads"}, 1, true, ""},
		{"reads without keys", nil, []string{"--auth-reads"}, 0, true, "--auth-reads needs API keys"},
		{"reads not a bool", map[string]string{"CYBERKG_API_KEYS": envKeys, "CYBERKG_AUTH_READS": "sometimes"}, nil, 0, false, `CYBERKG_AUTH_READS="sometimes"`},
		{"same name twice", map[string]string{"CYBERKG_API_KEYS": "bob admin " + auth.Hash("x")}, []string{"--api-keys-file", file}, 0, false, `key "bob" is already in CYBERKG_API_KEYS line 1`},
		{"malformed env", map[string]string{"CYBERKG_API_KEYS": envKeys + ";carol editor sha256:beef"}, nil, 0, false, "CYBERKG_API_KEYS line 2"},
		{"missing file", nil, []string{"--api-keys-file", filepath.Join(dir, "nope")}, 0, false, "API keys file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := keysConfig(t, tt.env, tt.args...)
			keys, err := cfg.keyring()
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Errorf("keyring() error = %v, want one saying %q", err, tt.err)
				}
				return
			}
			if err != nil || keys.Len() != tt.keys || cfg.auth.reads != tt.reads {
				t.Errorf("keyring() = %d keys (reads need a key: %v), %v; want %d keys (%v)", keys.Len(), cfg.auth.reads, err, tt.keys, tt.reads)
			}
		})
	}
}

// TestAPIKeysStayOutOfHelpAndLogs puts a distinctive token and hash into
// CYBERKG_API_KEYS and looks for them in everything run prints or returns.
// A malformed keyring stops serve before it connects to Neo4j, naming the line.
func TestAPIKeysStayOutOfHelpAndLogs(t *testing.T) {
	const token = "ckg_Do-Not-Print-This-Token-Anywhere-0123456789"
	hash := auth.Hash(token)
	closed := closedPort(t)
	good := "alice editor " + hash
	tests := []struct {
		name, keys string
		args       []string
		err        string // part of run's error; "" for any
	}{
		{"serve help", good, []string{"serve", "--help"}, ""},
		{"up help", good, []string{"up", "--help"}, ""},
		{"serve without Neo4j", good, []string{"serve", "--log-level", "debug", "--addr", "127.0.0.1:0"}, "not reachable"},
		{"a token where the hash goes", "alice editor " + token, []string{"serve", "--log-level", "debug"}, "CYBERKG_API_KEYS line 1"},
		{"a token alone", good + ";" + token, []string{"up", "--log-level", "debug"}, "CYBERKG_API_KEYS line 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{"CYBERKG_API_KEYS": tt.keys, "NEO4J_URI": "bolt://127.0.0.1:" + closed}
			var stdout, stderr syncbuf.Buffer
			err := run(context.Background(), tt.args, func(k string) string { return env[k] }, &stdout, &stderr)
			out := stdout.String() + stderr.String()
			if err != nil {
				out += err.Error()
			}
			if tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)) {
				t.Errorf("run(%q) = %v, want an error saying %q", tt.args, err, tt.err)
			}
			for _, secret := range []string{token, hash[len("sha256:"):]} {
				if strings.Contains(out, secret) {
					t.Errorf("run(%q) shows a key:\n%s", tt.args, out)
				}
			}
			if strings.Contains(tt.name, "help") && !strings.Contains(out, "--api-keys-file") {
				t.Errorf("run(%q) does not document --api-keys-file:\n%s", tt.args, out)
			}
		})
	}
}
