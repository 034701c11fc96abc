package newsreader

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"sort"
	"text/tabwriter"
)

// Gold is a hand-written answer for one article: the facts a careful
// reader takes from it, each with its span (character offsets; the
// article's words stay in the article).
type Gold struct {
	Article   string      `json:"article"`
	Language  string      `json:"language"`
	Published string      `json:"published"`
	Note      string      `json:"note"`
	Facts     []Candidate `json:"facts"`
}

// ReadGold reads a gold file.
func ReadGold(data []byte) (*Gold, error) {
	var g Gold
	if err := json.Unmarshal(data, &g); err != nil {
		return nil, fmt.Errorf("gold file: %w", err)
	}
	return &g, nil
}

// Score is precision and recall for one kind of fact.
type Score struct {
	Kind       string  `json:"kind"`
	Proposed   int     `json:"proposed"`
	Gold       int     `json:"gold"`
	Matched    int     `json:"matched"`
	Precision  float64 `json:"precision"`
	Recall     float64 `json:"recall"`
	MissedGold []int   `json:"missed,omitempty"` // indexes into the gold facts
}

// Evaluate matches candidates to gold facts: the same kind, overlapping
// evidence, and the same key (an agreement's parties and status, a
// statement's speaker, an attribution's claimant and verdict, a position's
// holder and title); each gold fact is matched once. It returns a score per
// kind and overall ("all"), kinds in name order.
func Evaluate(candidates, gold []Candidate) []Score {
	used := make([]bool, len(gold))
	byKind := map[string]*Score{}
	get := func(k string) *Score {
		if byKind[k] == nil {
			byKind[k] = &Score{Kind: k}
		}
		return byKind[k]
	}
	for i, g := range gold {
		get(g.Kind).Gold++
		_ = i
	}
	for _, c := range candidates {
		if c.Kind == "entity" {
			continue // new names are for the reviewer, not facts
		}
		s := get(c.Kind)
		s.Proposed++
		for i, g := range gold {
			if !used[i] && matches(c, g) {
				used[i] = true
				s.Matched++
				break
			}
		}
	}
	for i, g := range gold {
		if !used[i] {
			get(g.Kind).MissedGold = append(get(g.Kind).MissedGold, i)
		}
	}
	all := Score{Kind: "all"}
	var out []Score
	for _, s := range byKind {
		s.Precision, s.Recall = ratio(s.Matched, s.Proposed), ratio(s.Matched, s.Gold)
		all.Proposed += s.Proposed
		all.Gold += s.Gold
		all.Matched += s.Matched
		out = append(out, *s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Kind < out[j].Kind })
	all.Precision, all.Recall = ratio(all.Matched, all.Proposed), ratio(all.Matched, all.Gold)
	return append(out, all)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func matches(c, g Candidate) bool {
	if c.Kind != g.Kind || c.Evidence.End <= g.Evidence.Start || g.Evidence.End <= c.Evidence.Start {
		return false
	}
	switch c.Kind {
	case "agreement":
		a, b := slices.Clone(c.Parties), slices.Clone(g.Parties)
		slices.Sort(a)
		slices.Sort(b)
		return slices.Equal(a, b) && c.Status == g.Status
	case "statement":
		return c.Subject == g.Subject
	case "attribution":
		return c.Subject == g.Subject && c.Relation == g.Relation
	case "position":
		return c.Subject == g.Subject && c.Relation == g.Relation
	case "event":
		a, b := slices.Clone(c.Parties), slices.Clone(g.Parties)
		slices.Sort(a)
		slices.Sort(b)
		return slices.Equal(a, b) && c.Relation == g.Relation && c.Date == g.Date
	case "membership":
		return c.Subject == g.Subject && c.Object == g.Object
	}
	return c.Subject == g.Subject
}

// PrintScores writes the evaluation table.
func PrintScores(w io.Writer, scores []Score) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "kind\tproposed\tgold\tmatched\tprecision\trecall")
	for _, s := range scores {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%.2f\t%.2f\n", s.Kind, s.Proposed, s.Gold, s.Matched, s.Precision, s.Recall)
	}
	return tw.Flush()
}
