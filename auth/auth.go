// Package auth is cyberkg's API keys: roles, the keyring that holds the keys'
// SHA-256 hashes, and the check of a bearer token against it. It knows
// nothing of HTTP; api/ turns its answers into 401 and 403.
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
)

// Role is what a key may do. Roles are ordered: each grants everything the
// ones below it do.
type Role int

// The roles, lowest first. The zero Role is none: it allows nothing.
const (
	Reader   Role = iota + 1 // reads
	Editor                   // writes and proposes
	Reviewer                 // accepts and rejects proposals
	Admin                    // imports in bulk
)

var roleNames = [...]string{Reader: "reader", Editor: "editor", Reviewer: "reviewer", Admin: "admin"}

func (r Role) String() string {
	if r < Reader || r > Admin {
		return "none"
	}
	return roleNames[r]
}

// Allows reports whether r grants what need does.
func (r Role) Allows(need Role) bool {
	return r >= Reader && r <= Admin && r >= need
}

// ParseRole reads a role's name.
func ParseRole(s string) (Role, error) {
	for r := Reader; r <= Admin; r++ {
		if s == roleNames[r] {
			return r, nil
		}
	}
	return 0, errors.New("want reader, editor, reviewer or admin")
}

// Caller is who sent a request: the name and role of the key it carried.
type Caller struct {
	Name string
	Role Role
}

// TokenPrefix starts every token NewKey makes, so a leaked one is easy to
// recognise (and to scan for).
const TokenPrefix = "ckg_"

// hashPrefix starts a stored hash.
const hashPrefix = "sha256:"

var namePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)

// reserved names are authors the server writes as itself: a key with one
// would pass its writes off as the seed's in the audit trail.
var reserved = []string{"seed", "preview"}

// ValidName reports whether name may name a key.
func ValidName(name string) bool {
	return len(name) <= 64 && namePattern.MatchString(name) && !slices.Contains(reserved, name)
}

type key struct {
	name string
	role Role
	hash [sha256.Size]byte
	from string // where it was read: "keys.txt line 3"
}

// Keyring holds the keys a server accepts: names, roles and hashes, never
// tokens. A nil *Keyring holds none.
type Keyring struct {
	keys []key
}

// Len is the number of keys.
func (k *Keyring) Len() int {
	if k == nil {
		return 0
	}
	return len(k.keys)
}

// String names the keys and their roles, never their hashes, so a keyring
// printed by mistake shows nothing to guess from.
func (k *Keyring) String() string {
	if k.Len() == 0 {
		return "no API keys"
	}
	names := make([]string, len(k.keys))
	for i, key := range k.keys {
		names[i] = key.name + " (" + key.role.String() + ")"
	}
	return fmt.Sprintf("%d API keys: %s", len(k.keys), strings.Join(names, ", "))
}

// Verify returns the caller whose key token is. It hashes the token and
// compares the hash with every stored one in constant time, without stopping
// at a match, so the time taken says nothing of which key matched or how
// much of a hash did.
func (k *Keyring) Verify(token string) (Caller, bool) {
	if k == nil || token == "" {
		return Caller{}, false
	}
	sum := sha256.Sum256([]byte(token))
	found := -1
	for i := range k.keys {
		eq := subtle.ConstantTimeCompare(sum[:], k.keys[i].hash[:])
		found = subtle.ConstantTimeSelect(eq, i, found)
	}
	if found < 0 {
		return Caller{}, false
	}
	return Caller{Name: k.keys[found].name, Role: k.keys[found].role}, true
}

// Parse reads a keyring: one key a line, "NAME ROLE sha256:HEX", with blank
// lines and # comments. origin names the text in errors ("keys.txt line 3:
// …"). Every problem is reported, each with its line; no error repeats a
// line's hash or token.
func Parse(origin, text string) (*Keyring, error) {
	ring := &Keyring{}
	var errs []error
	seen := map[string]int{}
	for i, line := range strings.Split(text, "\n") {
		n := i + 1
		if j := strings.IndexByte(line, '#'); j >= 0 {
			line = line[:j]
		}
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		k, err := parseKey(fields)
		if err == nil && seen[k.name] > 0 {
			err = fmt.Errorf("key %q is already on line %d: names are unique", k.name, seen[k.name])
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("%s line %d: %w", origin, n, err))
			continue
		}
		seen[k.name] = n
		k.from = fmt.Sprintf("%s line %d", origin, n)
		ring.keys = append(ring.keys, k)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return ring, nil
}

func parseKey(fields []string) (key, error) {
	if len(fields) != 3 {
		for _, f := range fields {
			if strings.HasPrefix(f, TokenPrefix) {
				return key{}, errors.New("this looks like a token: store its hash, the line `cyberkg keys hash` or `cyberkg keys new` prints")
			}
		}
		return key{}, fmt.Errorf("want NAME ROLE sha256:HEX, found %d fields", len(fields))
	}
	name, roleName, hash := fields[0], fields[1], fields[2]
	if !ValidName(name) {
		// The field is not echoed: it may be a token put in the wrong place.
		return key{}, errors.New("the name must be lowercase letters, digits, '.', '_' or '-', starting with a letter or digit, at most 64 characters, and not seed or preview (the server's own)")
	}
	role, err := ParseRole(roleName)
	if err != nil {
		return key{}, fmt.Errorf("role of key %q: %w", name, err)
	}
	k := key{name: name, role: role}
	if strings.HasPrefix(hash, TokenPrefix) {
		return key{}, fmt.Errorf("key %q: the third field is a token, not its hash: store the line `cyberkg keys hash` prints", name)
	}
	digest, ok := strings.CutPrefix(hash, hashPrefix)
	if !ok || len(digest) != hex.EncodedLen(sha256.Size) {
		return key{}, fmt.Errorf("hash of key %q: want sha256: and 64 hex digits", name)
	}
	if _, err := hex.Decode(k.hash[:], []byte(digest)); err != nil {
		return key{}, fmt.Errorf("hash of key %q: want sha256: and 64 hex digits", name)
	}
	return k, nil
}

// EnvKeys is the environment variable that may hold a keyring. A variable
// holds one line only in many deployment tools, so ';' separates keys too.
const EnvKeys = "CYBERKG_API_KEYS"

// Load builds the keyring of a server from the text of EnvKeys and the file
// at path, either of which may be empty; a name in both is refused. It
// returns nil when neither is given.
func Load(envText, path string) (*Keyring, error) {
	var rings []*Keyring
	if strings.TrimSpace(envText) != "" {
		ring, err := Parse(EnvKeys, strings.ReplaceAll(envText, ";", "\n"))
		if err != nil {
			return nil, err
		}
		rings = append(rings, ring)
	}
	if path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("API keys file: %w", err)
		}
		ring, err := Parse(path, string(data))
		if err != nil {
			return nil, err
		}
		rings = append(rings, ring)
	}
	if len(rings) == 0 {
		return nil, nil
	}
	return Merge(rings...)
}

// Merge joins keyrings; a name in more than one is an error.
func Merge(rings ...*Keyring) (*Keyring, error) {
	out := &Keyring{}
	seen := map[string]string{}
	var errs []error
	for _, r := range rings {
		if r == nil {
			continue
		}
		for _, k := range r.keys {
			if first, ok := seen[k.name]; ok {
				errs = append(errs, fmt.Errorf("%s: key %q is already in %s: names are unique", k.from, k.name, first))
				continue
			}
			seen[k.name] = k.from
			out.keys = append(out.keys, k)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

// Hash is a token's stored form: "sha256:" and the hex of its SHA-256.
func Hash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hashPrefix + hex.EncodeToString(sum[:])
}

// Line is the keyring line of a key: "NAME ROLE sha256:HEX".
func Line(name string, role Role, token string) (string, error) {
	if !ValidName(name) {
		return "", fmt.Errorf("key name %q: want lowercase letters, digits, '.', '_' or '-', starting with a letter or digit, at most 64 characters", name)
	}
	if !role.Allows(Reader) {
		return "", errors.New("role: want reader, editor, reviewer or admin")
	}
	return name + " " + role.String() + " " + Hash(token), nil
}

// NewKey makes a key: a token of 32 random bytes (show it once, to its
// owner; it is kept nowhere) and the keyring line that stores its hash.
func NewKey(name string, role Role) (token, line string, err error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", "", fmt.Errorf("random token: %w", err)
	}
	token = TokenPrefix + base64.RawURLEncoding.EncodeToString(b[:])
	line, err = Line(name, role, token)
	if err != nil {
		return "", "", err
	}
	return token, line, nil
}
