package generate_test

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"strings"
	"testing"

	"github.com/cyberkg/cyberkg/generate"
	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/seed"
)

func countries(t testing.TB) []string {
	t.Helper()
	cs, err := generate.Countries()
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

func newGenerator(t testing.TB, seedValue uint64, scale int) *generate.Generator {
	t.Helper()
	g, err := generate.New(seedValue, scale, countries(t))
	if err != nil {
		t.Fatalf("New(%d, %d) error: %v", seedValue, scale, err)
	}
	return g
}

// digest is the generated graph as one hash, with the seed taken out of the
// ids so that two seeds are compared on what they say.
func digest(t *testing.T, g *generate.Generator, seedValue uint64) string {
	t.Helper()
	h := sha256.New()
	for d := range g.Batches(1000) {
		doc, err := d.Seed("batch")
		if err != nil {
			t.Fatal(err)
		}
		h.Write(bytes.ReplaceAll(doc.Data, fmt.Appendf(nil, "gen-s%d-", seedValue), []byte("gen-s-")))
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

func TestSameSeedSameFactsAnotherSeedOthers(t *testing.T) {
	a, b := digest(t, newGenerator(t, 1, 5000), 1), digest(t, newGenerator(t, 1, 5000), 1)
	if a != b {
		t.Errorf("two graphs of seed 1, scale 5000: digests %s and %s, want the same", a, b)
	}
	// The country list's order does not matter.
	cs := countries(t)
	reversed := make([]string, len(cs))
	for i, c := range cs {
		reversed[len(cs)-1-i] = c
	}
	g, err := generate.New(1, 5000, reversed)
	if err != nil {
		t.Fatal(err)
	}
	if c := digest(t, g, 1); c != a {
		t.Errorf("seed 1 over the countries in reverse order: digest %s, want %s", c, a)
	}
	if c := digest(t, newGenerator(t, 2, 5000), 2); c == a {
		t.Errorf("seeds 1 and 2 gave the same graph (ids aside), want different ones")
	}
}

func TestPlanKeepsTheIssuesMixAndAddsUpToTheScale(t *testing.T) {
	for _, scale := range []int{generate.MinScale, 10_000, 100_000, 1_100_000} {
		p := newGenerator(t, 1, scale).Plan()
		sum := p.Sources + p.Blocs + p.Memberships + p.Speakers + p.Actors + p.Incidents + p.Agreements + p.Statements
		if sum != scale {
			t.Errorf("Plan(%d) = %+v adds up to %d, want %d", scale, p, sum, scale)
		}
		if p.Blocs < 12 || p.Blocs > 48 {
			t.Errorf("Plan(%d).Blocs = %d, want dozens (12 to 48)", scale, p.Blocs)
		}
		if p.Memberships < 3*p.Blocs {
			t.Errorf("Plan(%d).Memberships = %d for %d blocs, want at least three members each", scale, p.Memberships, p.Blocs)
		}
		// 100,000 agreements to 1,000,000 statements, within what the
		// fixed parts take from the statements.
		if ratio := float64(p.Statements) / float64(p.Agreements); ratio < 7 || ratio > 10.01 {
			t.Errorf("Plan(%d): %d statements to %d agreements (%.1f), want about 10", scale, p.Statements, p.Agreements, ratio)
		}
	}
	full := newGenerator(t, 1, 1_100_000).Plan()
	if full.Agreements != 100_000 || full.Statements < 990_000 || full.Speakers != 1000 || full.Sources != 5000 || full.Blocs != 40 {
		t.Errorf("Plan(1100000) = %+v, want the issue's graph: 100,000 agreements, ~1,000,000 statements, 1,000 speakers, 5,000 sources, 40 blocs", full)
	}
}

func TestScaleBelowTheMinimumIsRefused(t *testing.T) {
	if _, err := generate.New(1, generate.MinScale-1, countries(t)); err == nil || !strings.Contains(err.Error(), "at least") {
		t.Errorf("New(1, %d) error = %v, want at least %d facts", generate.MinScale-1, err, generate.MinScale)
	}
	if _, err := generate.New(1, 10_000, []string{"RUS", "IDN"}); err == nil || !strings.Contains(err.Error(), "load the seed") {
		t.Errorf("New over two countries error = %v, want a request to load the seed", err)
	}
}

// Every batch passes the import's own validation (the seed's schema and
// rules), with the ids of earlier batches and the countries as what the graph
// holds; and it holds as many facts, as graph.FactsOf counts them, as the
// plan says, each kind as planned.
func TestEveryBatchIsAValidImportOfItsFacts(t *testing.T) {
	const scale, size = 12_000, 2500
	g := newGenerator(t, 9, scale)
	known := map[string]string{}
	for _, c := range countries(t) {
		known[c] = "Country"
	}
	kinds := map[string]int{}
	total, memberships := 0, 0
	i := 0
	for d := range g.Batches(size) {
		i++
		doc, err := d.Seed(fmt.Sprintf("batch-%d.json", i))
		if err != nil {
			t.Fatal(err)
		}
		parsed, err := seed.ParseDocuments([]seed.Document{doc}, seed.KnownKinds(known))
		if err != nil {
			t.Fatalf("batch %d refused: %v", i, err)
		}
		facts := graph.FactsOf(parsed.Dataset)
		if len(facts) != d.Len() || (d.Len() != size && total+d.Len() != scale) {
			t.Errorf("batch %d: %d facts, document of %d, want %d (or the rest)", i, len(facts), d.Len(), size)
		}
		for _, f := range facts {
			if !strings.HasPrefix(graph.AnchorOf(f.Key), "gen-s9-") && !strings.HasPrefix(f.Key, "membership:") {
				t.Errorf("fact %q is not obviously synthetic", f.Key)
			}
			if f.Node == nil {
				memberships++
				continue
			}
			if !strings.Contains(fmt.Sprint(f.Node.Properties["name"]), "Synthetic") {
				t.Errorf("%s is named %q, want a name that says Synthetic", f.Key, f.Node.Properties["name"])
			}
			known[f.Key] = f.Node.Kind
			kinds[f.Node.Kind]++
		}
		total += len(facts)
	}
	p := g.Plan()
	if total != scale {
		t.Errorf("the batches hold %d facts, want %d", total, scale)
	}
	want := map[string]int{"Source": p.Sources, "Bloc": p.Blocs, "ThreatActor": p.Actors, "Incident": p.Incidents,
		"Agreement": p.Agreements, "Statement": p.Statements}
	for kind, n := range want {
		if kinds[kind] != n {
			t.Errorf("%d %s facts, want %d", kinds[kind], kind, n)
		}
	}
	if kinds["Person"]+kinds["Organization"] != p.Speakers || kinds["Person"] == 0 || kinds["Organization"] == 0 {
		t.Errorf("%d persons and %d organisations, want %d speakers of both kinds", kinds["Person"], kinds["Organization"], p.Speakers)
	}
	if memberships != p.Memberships {
		t.Errorf("%d memberships, want %d", memberships, p.Memberships)
	}
}

// The graph has what the issue asks for: membership histories (states that
// left, and came back), multilateral agreements within a bloc, status
// histories that reach every status, and attributions with verdicts.
func TestTheGraphHasHistoriesAndAttributions(t *testing.T) {
	g := newGenerator(t, 4, 20_000)
	var left, rejoined, multilateral, within, attributions int
	statuses := map[string]int{}
	verdicts := map[string]int{}
	open := map[string]bool{}
	for it := range g.Facts() {
		switch {
		case it.Membership != nil:
			m := it.Membership
			key := m.Country + " " + m.Bloc
			if m.Until != "" {
				left++
			} else if open[key] {
				t.Errorf("%s is a member of %s twice at once", m.Country, m.Bloc)
			}
			if seen, ok := open[key]; ok && !seen {
				rejoined++
			}
			open[key] = m.Until == ""
		case it.Agreement != nil:
			a := it.Agreement
			if a.Scope == "multilateral" {
				multilateral++
				if a.Within != "" && len(a.Parties) >= 3 {
					within++
				}
			}
			for _, s := range a.StatusHistory {
				statuses[s.Status]++
			}
		case it.Statement != nil:
			for _, a := range it.Statement.Attributes {
				attributions++
				verdicts[a.Verdict]++
			}
		}
	}
	if left == 0 || rejoined == 0 {
		t.Errorf("memberships: %d ended, %d renewed after ending; want some of each", left, rejoined)
	}
	if multilateral == 0 || within != multilateral {
		t.Errorf("%d multilateral agreements, %d within a bloc among 3 or more; want some, all within a bloc", multilateral, within)
	}
	for _, s := range []string{"draft", "ready-to-sign", "signed", "in-force", "terminated"} {
		if statuses[s] == 0 {
			t.Errorf("no agreement was ever %s; want every status in some history (%v)", s, statuses)
		}
	}
	if attributions == 0 || verdicts["alleged"] == 0 || verdicts["denied"] == 0 || verdicts["confirmed"] == 0 {
		t.Errorf("%d attributions with verdicts %v; want some of each verdict", attributions, verdicts)
	}
}
