package api_test

import (
	"net/http"
	"testing"

	"github.com/cyberkg/cyberkg/auth"
	"github.com/cyberkg/cyberkg/internal/neo4jtest"
)

// An admin imports the MISP galaxy over HTTP; the answer says what the
// conversion found; the same file again changes nothing; search then finds
// an actor by an alias and by its ATT&CK id.
func TestImportOpenDataOverHTTP(t *testing.T) {
	k := newKeyedServer(t)
	body := string(neo4jtest.RepoFile(t, ".cache/opendata/misp-galaxy/threat-actor.json"))
	path := "/v1/import/open-data?format=misp-galaxy&name=threat-actor.json"

	if r := k.send(t, auth.Editor, http.MethodPost, path, body); r.status != http.StatusForbidden {
		t.Errorf("an editor's import: %d, want 403 (admin only)", r.status)
	}
	for _, bad := range []string{"/v1/import/open-data?format=csv", "/v1/import/open-data?format=misp-galaxy&dataset=Bad%20Name"} {
		if r := k.send(t, auth.Admin, http.MethodPost, bad, body); r.status != http.StatusBadRequest || r.body["param"] == nil {
			t.Errorf("POST %s: %d %v, want 400 naming the parameter", bad, r.status, r.body)
		}
	}
	if r := k.send(t, auth.Admin, http.MethodPost, path, `{"type": "tool", "values": []}`); r.status != http.StatusBadRequest {
		t.Errorf("a cluster of another type: %d, want 400", r.status)
	}

	first := k.send(t, auth.Admin, http.MethodPost, path, body)
	if first.status != http.StatusOK {
		t.Fatalf("import: %d %v", first.status, first.body)
	}
	conv := first.body["conversion"].(map[string]any)
	if made := conv["made"].(map[string]any); made["threat_actors"] != float64(864) || conv["dataset"] != "misp-galaxy" {
		t.Errorf("conversion = %v, want 864 threat actors of misp-galaxy", conv)
	}
	again := k.send(t, auth.Admin, http.MethodPost, path, body)
	counts := again.body["change"].(map[string]any)["counts"].(map[string]any)
	if again.status != http.StatusOK || len(counts) != 1 || counts["unchanged"] == nil {
		t.Errorf("the same file again: %d, counts %v; want everything unchanged", again.status, counts)
	}

	for q, want := range map[string]string{"Fancy%20Bear": "apt28", "G0007": "apt28", "Sofacy": "apt28"} {
		r := k.send(t, 0, http.MethodGet, "/v1/search?kind=ThreatActor&q="+q, "")
		hits, _ := r.body["hits"].([]any)
		if len(hits) == 0 || hits[0].(map[string]any)["id"] != want {
			t.Errorf("search %s: %v, want %s first", q, r.body, want)
		}
	}
}
