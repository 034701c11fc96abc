package api_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/cyberkg/cyberkg/auth"
	"github.com/cyberkg/cyberkg/internal/repotest"
)

// An editor sends an article: with dry_run the candidates come back; without,
// one proposal is queued (201, Location) and nothing is written yet.
func TestIngestOverHTTP(t *testing.T) {
	k := newKeyedServer(t)
	text := string(repotest.File(t, "../shared/seeds/000_f02ef9834c905904.txt", "the seed article is in ../shared"))
	body := func(extra string) string {
		return `{"text": ` + mustJSON(t, text) + `, "published": "2021-06-28"` + extra + `}`
	}
	if r := k.send(t, auth.Reader, http.MethodPost, "/v1/ingest", body("")); r.status != http.StatusForbidden {
		t.Errorf("a reader's ingest: %d, want 403", r.status)
	}
	for name, bad := range map[string]string{
		"no date":       `{"text": "Rusia."}`,
		"not a date":    `{"text": "Rusia.", "published": "2021-02-30"}`,
		"unknown field": `{"text": "Rusia.", "published": "2021-06-28", "speed": 1}`,
		"bad language":  `{"text": "Rusia.", "published": "2021-06-28", "lang": "fr"}`,
	} {
		if r := k.send(t, auth.Editor, http.MethodPost, "/v1/ingest", bad); r.status != http.StatusBadRequest {
			t.Errorf("%s: %d %v, want 400", name, r.status, r.body)
		}
	}
	// The largest article the schema takes is read whole (a thousand-odd
	// sentences full of names); one character more is refused, by name.
	sentence := "Rusia dan Mesir telah menandatangani perjanjian kerja sama pada 1 Maret 2026. "
	largest := strings.Repeat(sentence, 200000/len([]rune(sentence)))
	largest += strings.Repeat("x", 200000-len([]rune(largest)))
	big := k.send(t, auth.Editor, http.MethodPost, "/v1/ingest", `{"text": `+mustJSON(t, largest)+`, "published": "2026-03-02", "dry_run": true}`)
	if got, _ := big.body["candidates"].([]any); big.status != http.StatusOK || len(got) == 0 {
		t.Errorf("the largest article: %d, %d candidates", big.status, len(got))
	}
	if r := k.send(t, auth.Editor, http.MethodPost, "/v1/ingest", `{"text": `+mustJSON(t, largest+"x")+`, "published": "2026-03-02"}`); r.status != http.StatusBadRequest ||
		!strings.Contains(fmt.Sprint(r.body), "text") {
		t.Errorf("an article of 200,001 characters: %d %v, want 400 naming text", r.status, r.body)
	}
	dry := k.send(t, auth.Editor, http.MethodPost, "/v1/ingest", body(`, "dry_run": true`))
	candidates, _ := dry.body["candidates"].([]any)
	if dry.status != http.StatusOK || dry.body["language"] != "id" || len(candidates) < 10 || dry.body["proposal"] != nil {
		t.Fatalf("dry run: %d, language %v, %d candidates, proposal %v", dry.status, dry.body["language"], len(candidates), dry.body["proposal"])
	}
	r := k.send(t, auth.Editor, http.MethodPost, "/v1/ingest", body(""))
	if r.status != http.StatusCreated || !strings.HasPrefix(r.header.Get("Location"), "/v1/proposals/prop-") {
		t.Fatalf("ingest: %d, Location %q, %v", r.status, r.header.Get("Location"), r.body)
	}
	p := k.send(t, auth.Reader, http.MethodGet, r.header.Get("Location"), "")
	proposal, _ := p.body["proposal"].(map[string]any)
	if p.status != http.StatusOK || proposal["status"] != "open" {
		t.Errorf("the queued proposal: %d %v", p.status, p.body)
	}
}

// Eight editors send the largest article the schema takes at once: every
// one is read whole (200, with its candidates), and the server's live heap
// stays bounded while they are. The client keeps only the status and the
// size of each answer, so that its memory is not counted as the server's.
func TestIngestEightLargestArticlesAtOnce(t *testing.T) {
	k := newKeyedServer(t)
	sentence := "Rusia dan Mesir telah menandatangani perjanjian kerja sama pada 1 Maret 2026. Oleg Khramov mengatakan bahwa Budi Santoso bertemu Jane Roe. "
	largest := strings.Repeat(sentence, 200000/len([]rune(sentence)))
	largest += strings.Repeat("x", 200000-len([]rune(largest)))
	body := `{"text": ` + mustJSON(t, largest) + `, "published": "2026-03-02", "dry_run": true}`
	before, peak := peakLiveHeap()
	var wg sync.WaitGroup
	answers := make([]string, 8)
	for i := range answers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest(http.MethodPost, k.url+"/v1/ingest", strings.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+k.tokens[auth.Editor])
			req.Header.Set("Content-Type", "application/json")
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				answers[i] = err.Error()
				return
			}
			defer res.Body.Close()
			n, _ := io.Copy(io.Discard, res.Body)
			answers[i] = fmt.Sprintf("%d, %d KB", res.StatusCode, n>>10)
		}()
	}
	wg.Wait()
	live := peak()
	t.Logf("eight largest articles at once: %v; live heap %.0f MB before, peak %.0f MB (+%.0f MB)", answers, before, live, live-before)
	for _, a := range answers {
		if !strings.HasPrefix(a, "200, ") || strings.HasPrefix(a, "200, 0 KB") {
			t.Errorf("an answer: %s, want 200 with the candidates", a)
		}
	}
	if live-before > 300 {
		t.Errorf("the live heap grew by %.0f MB for eight articles, want under 300 MB", live-before)
	}
}
