package queries_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/cyberkg/cyberkg/internal/neo4jtest"
	"github.com/cyberkg/cyberkg/queries"
)

// The expectations below come from the MISP galaxy's threat-actor cluster
// (version 336) and the seed's membership dates, not from running the
// queries: APT28's "country" is RU and its CFR sponsor the Russian
// Federation; Iran joined the SCO on 2023-07-04.

func ids(list any, key string) []string {
	var out []string
	items, _ := list.([]any)
	for _, it := range items {
		m, _ := it.(map[string]any)
		out = append(out, fmt.Sprint(m[key]))
	}
	return out
}

func TestActorsListBySponsorKeepsEachClaimant(t *testing.T) {
	store := neo4jtest.WithOpenData(t)
	rows := run(t, store, queries.ActorsListBySponsor, map[string]string{"country": "RUS"})
	var apt28 []string
	for _, r := range rows {
		if r["actor"] == "apt28" {
			apt28 = append(apt28, fmt.Sprint(r["claimed_by"], "/", r["verdict"], "/", r["confidence"]))
			if r["said_on"] != nil {
				t.Errorf("apt28 claim %v has a date; the data set gives none", r["statement"])
			}
		}
	}
	slices.Sort(apt28)
	if want := []string{"cfr-cyber-operations-tracker/alleged/50", "misp-galaxy/alleged/50"}; !slices.Equal(apt28, want) {
		t.Errorf("claims attributing APT28 to Russia = %v, want %v: one per claimant, alleged, never merged", apt28, want)
	}
	for _, r := range run(t, store, queries.ActorsListBySponsor, map[string]string{"country": "CHN"}) {
		if r["actor"] == "apt28" {
			t.Errorf("APT28 listed for China: %v", r)
		}
	}
}

func TestSuspicionsInsideABlocFollowItsMembers(t *testing.T) {
	store := neo4jtest.WithOpenData(t)
	pairs := func(asOf string) []string {
		var out []string
		for _, r := range run(t, store, queries.SuspicionsListByBloc, map[string]string{"bloc": "SCO", "as_of": asOf}) {
			out = append(out, fmt.Sprint(r["suspected_sponsor"], ">", r["target"]))
			if len(ids(r["actors"], "actor")) == 0 {
				t.Errorf("pair %v with no actor", r)
			}
		}
		return out
	}
	then, now := pairs(articleDate), pairs("today")
	if !slices.Contains(then, "RUS>CHN") || !slices.Contains(now, "RUS>CHN") {
		t.Errorf("RUS>CHN (APT28, APT29 target China) missing: 2021 %v, today %v", then, now)
	}
	for _, p := range then {
		if strings.Contains(p, "IRN") || strings.Contains(p, "BLR") {
			t.Errorf("as of %s, %s: Iran and Belarus were not yet SCO members", articleDate, p)
		}
	}
	if !slices.Contains(now, "IRN>RUS") || !slices.Contains(now, "RUS>IRN") {
		t.Errorf("today %v, want Iran's pairs with Russia now that it is a member", now)
	}
	// Cooperation beside suspicion: Russia and China's bilateral pact.
	for _, r := range run(t, store, queries.SuspicionsListByBloc, map[string]string{"bloc": "SCO", "as_of": "today"}) {
		if r["suspected_sponsor"] == "RUS" && r["target"] == "CHN" && !slices.Contains(ids(r["agreements"], "agreement"), "agr-rus-chn-iis") {
			t.Errorf("RUS>CHN agreements = %v, want agr-rus-chn-iis", r["agreements"])
		}
	}
}

func TestTargetsAndProfileShowSuspicion(t *testing.T) {
	store := neo4jtest.WithOpenData(t)
	rows := run(t, store, queries.TargetsListBySponsor, map[string]string{"country": "RUS"})
	var targets []string
	for _, r := range rows {
		targets = append(targets, fmt.Sprint(r["target"]))
		if r["target"] == "RUS" {
			t.Error("Russia listed as its own actors' target")
		}
	}
	for _, want := range []string{"DEU", "UKR", "USA", "GEO"} {
		if !slices.Contains(targets, want) {
			t.Errorf("targets of Russia's suspected actors = %v, want %s among them", targets, want)
		}
	}
	profile := run(t, store, queries.ProfileGetByCountry, map[string]string{"country": "KAZ"})[0]
	var targetedBy []string
	for _, a := range profile["targeted_by"].([]any) {
		m := a.(map[string]any)
		targetedBy = append(targetedBy, fmt.Sprint(m["actor"], "/", m["suspected_sponsors"]))
	}
	if !slices.Contains(targetedBy, "apt28/[RUS]") || len(ids(profile["agreements"], "agreement")) == 0 {
		t.Errorf("Kazakhstan's profile: targeted_by %v and agreements %v, want APT28 (sponsor RUS) beside its agreements", targetedBy, profile["agreements"])
	}
}
