package auth

import (
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRolesAreOrdered(t *testing.T) {
	tests := []struct {
		have, need Role
		want       bool
	}{
		{Reader, Reader, true},
		{Reader, Editor, false},
		{Editor, Reader, true},
		{Editor, Reviewer, false},
		{Reviewer, Editor, true},
		{Reviewer, Admin, false},
		{Admin, Reviewer, true},
		{Admin, Admin, true},
		{0, Reader, false}, // no role allows nothing
		{0, 0, false},
		{Admin + 1, Reader, false},
	}
	for _, tt := range tests {
		if got := tt.have.Allows(tt.need); got != tt.want {
			t.Errorf("%s.Allows(%s) = %v, want %v", tt.have, tt.need, got, tt.want)
		}
	}
	for _, name := range []string{"reader", "editor", "reviewer", "admin"} {
		r, err := ParseRole(name)
		if err != nil || r.String() != name {
			t.Errorf("ParseRole(%q) = %v, %v; want the role of that name", name, r, err)
		}
	}
	for _, name := range []string{"", "Admin", "writer", "none"} {
		if r, err := ParseRole(name); err == nil {
			t.Errorf("ParseRole(%q) = %v, want an error", name, r)
		}
	}
}

func TestNewKeyVerifies(t *testing.T) {
	token, line, err := NewKey("alice", Editor)
	if err != nil {
		t.Fatal(err)
	}
	raw, ok := strings.CutPrefix(token, TokenPrefix)
	if !ok {
		t.Fatalf("NewKey token %q lacks the %s prefix", token, TokenPrefix)
	}
	if b, err := base64.RawURLEncoding.DecodeString(raw); err != nil || len(b) != 32 {
		t.Errorf("NewKey token %q: want 32 bytes in unpadded base64url, got %d bytes, %v", token, len(b), err)
	}
	if strings.Contains(line, token) || strings.Contains(line, raw) {
		t.Errorf("NewKey line %q holds the token", line)
	}
	if !strings.HasPrefix(line, "alice editor sha256:") {
		t.Errorf("NewKey line = %q, want alice editor sha256:…", line)
	}
	ring, err := Parse("test", line)
	if err != nil {
		t.Fatalf("Parse(NewKey's line): %v", err)
	}
	if got, ok := ring.Verify(token); !ok || got != (Caller{Name: "alice", Role: Editor}) {
		t.Errorf("Verify(new token) = %v, %v; want alice, editor", got, ok)
	}
	other, _, _ := NewKey("alice", Editor)
	if other == token {
		t.Errorf("NewKey made the same token twice")
	}
}

func TestVerify(t *testing.T) {
	// Windows line ends, comments, spacing and upper-case hex are all fine.
	ring, err := Parse("test", strings.Join([]string{
		"# the team",
		"alice reader " + Hash("token-a"),
		"",
		"bob   admin  " + Hash("token-b") + "  # ops",
		"carol reviewer sha256:" + strings.ToUpper(Hash("token-c")[len("sha256:"):]),
	}, "\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	if ring.Len() != 3 {
		t.Errorf("Len() = %d, want 3", ring.Len())
	}
	tests := []struct {
		token string
		want  Caller
		ok    bool
	}{
		{"token-a", Caller{"alice", Reader}, true},
		{"token-b", Caller{"bob", Admin}, true},
		{"token-c", Caller{"carol", Reviewer}, true},
		{"token-d", Caller{}, false},
		{"token-a ", Caller{}, false},
		{"", Caller{}, false},
		{Hash("token-a"), Caller{}, false}, // the hash is not a token
	}
	for _, tt := range tests {
		got, ok := ring.Verify(tt.token)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Verify(%q) = %v, %v; want %v, %v", tt.token, got, ok, tt.want, tt.ok)
		}
	}
	var none *Keyring
	if got, ok := none.Verify("token-a"); ok {
		t.Errorf("nil Keyring: Verify = %v, true; want false", got)
	}
	if none.Len() != 0 {
		t.Errorf("nil Keyring: Len = %d, want 0", none.Len())
	}
}

func TestParseNamesTheLineAndTheProblem(t *testing.T) {
	good := Hash("x")
	token := "ckg_" + strings.Repeat("Zz9", 14)
	tests := []struct {
		name, text string
		want       []string // each must be in the error
	}{
		{"two fields", "alice reader", []string{"keys.txt line 1", "want NAME ROLE sha256:HEX, found 2 fields"}},
		{"four fields", "\n\nalice reader " + good + " extra", []string{"keys.txt line 3", "found 4 fields"}},
		{"bad name", "Alice reader " + good, []string{"keys.txt line 1", "name must be lowercase"}},
		{"name starts with a dash", "-alice reader " + good, []string{"line 1", "name must be"}},
		{"bad role", "alice writer " + good, []string{"line 1", `role of key "alice"`, "want reader, editor, reviewer or admin"}},
		{"short hash", "alice reader sha256:abcd", []string{"line 1", `hash of key "alice"`, "64 hex digits"}},
		{"not hex", "alice reader sha256:" + strings.Repeat("zz", 32), []string{"line 1", "64 hex digits"}},
		{"other algorithm", "alice reader md5:" + good[7:], []string{"line 1", "sha256:"}},
		{"duplicate", "alice reader " + good + "\nalice admin " + Hash("y"), []string{"keys.txt line 2", `key "alice" is already on line 1`}},
		{"token instead of hash", "alice reader " + token, []string{"line 1", "token, not its hash"}},
		{"token alone", token, []string{"line 1", "looks like a token"}},
		{"every problem at once", "alice writer " + good + "\nBob reader " + good, []string{"keys.txt line 1", "keys.txt line 2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ring, err := Parse("keys.txt", tt.text)
			if err == nil {
				t.Fatalf("Parse(%q) = %d keys, want an error", tt.text, ring.Len())
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Parse(%q) error = %q, want it to say %q", tt.text, err, w)
				}
			}
			if strings.Contains(err.Error(), token) || strings.Contains(err.Error(), good[7:]) {
				t.Errorf("Parse(%q) error = %q repeats a token or hash", tt.text, err)
			}
		})
	}
}

func TestLoadMergesTheEnvironmentAndTheFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "keys")
	if err := os.WriteFile(file, []byte("# editors\ncarol editor "+Hash("token-c")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := "alice reader " + Hash("token-a") + "; bob admin " + Hash("token-b") + ";"

	ring, err := Load(env, file)
	if err != nil {
		t.Fatal(err)
	}
	for token, want := range map[string]Caller{"token-a": {"alice", Reader}, "token-b": {"bob", Admin}, "token-c": {"carol", Editor}} {
		if got, ok := ring.Verify(token); !ok || got != want {
			t.Errorf("Load(env, file).Verify(%q) = %v, %v; want %v", token, got, ok, want)
		}
	}

	if ring, err := Load("", ""); ring != nil || err != nil {
		t.Errorf("Load(\"\", \"\") = %v, %v; want nil, nil", ring, err)
	}
	if ring, err := Load("  ", file); err != nil || ring.Len() != 1 {
		t.Errorf("Load(blank env, file) = %d keys, %v; want 1", ring.Len(), err)
	}

	_, err = Load("carol reader "+Hash("other"), file)
	if err == nil || !strings.Contains(err.Error(), `key "carol" is already in CYBERKG_API_KEYS line 1`) || !strings.Contains(err.Error(), file+" line 2") {
		t.Errorf("Load with carol in both = %v, want an error naming both places", err)
	}
	_, err = Load("alice reader "+Hash("a")+";bob root "+Hash("b"), "")
	if err == nil || !strings.Contains(err.Error(), "CYBERKG_API_KEYS line 2") {
		t.Errorf("Load with a bad second entry = %v, want CYBERKG_API_KEYS line 2", err)
	}
	if _, err := Load("", filepath.Join(dir, "missing")); err == nil {
		t.Errorf("Load of a missing file: no error")
	}
}

func TestLineRefusesBadInput(t *testing.T) {
	if _, err := Line("Alice", Reader, "t"); err == nil {
		t.Errorf("Line(\"Alice\", …): no error")
	}
	if _, err := Line("alice", 0, "t"); err == nil {
		t.Errorf("Line(…, no role, …): no error")
	}
	if _, _, err := NewKey("", Admin); err == nil {
		t.Errorf("NewKey(\"\", admin): no error")
	}
	got, err := Line("ci.bot-1", Admin, "abc")
	want := "ci.bot-1 admin sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
	if err != nil || got != want {
		t.Errorf("Line(ci.bot-1, admin, abc) = %q, %v; want %q", got, err, want)
	}
}

func TestKeyringPrintsNoHash(t *testing.T) {
	ring, err := Parse("test", "alice reader "+Hash("token-a")+"\nbob admin "+Hash("token-b"))
	if err != nil {
		t.Fatal(err)
	}
	for _, got := range []string{ring.String(), fmt.Sprint(ring), fmt.Sprintf("%+v", ring)} {
		if strings.Contains(got, Hash("token-a")[7:]) || strings.Contains(got, "sha256") {
			t.Errorf("a printed keyring shows a hash: %s", got)
		}
	}
	if got, want := ring.String(), "2 API keys: alice (reader), bob (admin)"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	var none *Keyring
	if got := none.String(); got != "no API keys" {
		t.Errorf("nil Keyring: String() = %q", got)
	}
}

func TestReservedNamesAreRefused(t *testing.T) {
	for _, name := range []string{"seed", "preview"} {
		if ValidName(name) {
			t.Errorf("ValidName(%q) = true; the server writes as %s itself", name, name)
		}
	}
}
