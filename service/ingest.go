package service

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/newsreader"
	"github.com/cyberkg/cyberkg/queries"
)

// Ingest is one article for the news reader.
type Ingest struct {
	Text      string
	Lang      string // id, ru, en, or auto
	Published time.Time
	URL       string
	DryRun    bool // propose nothing: only say what would be proposed
	Caller    Caller
}

// Check says what is wrong with an ingest's own input, before the graph
// is asked anything.
func (in Ingest) Check() error {
	if in.Text == "" {
		return graph.InvalidParam("text", "the article is empty")
	}
	if in.Lang != "" && in.Lang != "auto" && in.Lang != "id" && in.Lang != "ru" && in.Lang != "en" {
		return graph.InvalidParam("lang", "lang is id, ru, en or auto; got %q", in.Lang)
	}
	return nil
}

// IngestReport is what the reader found and, unless a dry run, the
// proposal it queued for review.
type IngestReport struct {
	Language   string                 `json:"language"`
	Source     string                 `json:"source"`
	Candidates []newsreader.Candidate `json:"candidates"`
	Skipped    []string               `json:"skipped,omitempty"`
	Proposal   *graph.Proposal        `json:"proposal,omitempty"`
}

// IngestArticle reads an article against what the graph knows and queues
// the facts it states as one proposal, each with its evidence; nothing
// enters the graph until a reviewer accepts it.
func (s *Service) IngestArticle(ctx context.Context, in Ingest) (*IngestReport, error) {
	if err := in.Check(); err != nil {
		return nil, err
	}
	known, err := s.Names(ctx, knownKinds)
	if err != nil {
		return nil, err
	}
	reader, err := newsreader.NewReader(known)
	if err != nil {
		return nil, err
	}
	a := newsreader.Article{Text: in.Text, Lang: in.Lang, Published: in.Published, URL: in.URL}
	language, candidates, err := reader.Read(a)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]graph.Named, len(known))
	for _, k := range known {
		byID[k.ID] = k
	}
	if candidates, err = s.matchExisting(ctx, candidates, a.Published); err != nil {
		return nil, err
	}
	if candidates, err = s.matchEvents(ctx, candidates); err != nil {
		return nil, err
	}
	p, err := newsreader.Propose(a, language, candidates, byID)
	if err != nil {
		return nil, err
	}
	report := &IngestReport{Language: language, Source: p.Source, Candidates: candidates, Skipped: p.Skipped}
	if in.DryRun {
		return report, nil
	}
	confidence := 0
	for _, c := range candidates {
		confidence = max(confidence, c.Confidence)
	}
	report.Proposal, err = s.ProposeFacts(ctx, Propose{Document: p.Document, Evidence: p.Evidence, Matches: p.Matches, Confidence: confidence,
		Note: "proposed by the news reader from " + p.Source, Caller: in.Caller})
	return report, err
}

// matchEvents matches the events an article states to those the graph
// holds on the same date with one of the same attendees: the article is a
// second source of the graph's event (the Geneva summit of 16 June 2021),
// not a new one.
func (s *Service) matchEvents(ctx context.Context, candidates []newsreader.Candidate) ([]newsreader.Candidate, error) {
	for i, c := range candidates {
		if c.Kind != "event" || c.Date == "" {
			continue
		}
		// Only a day can be the same day: an article's "June 2021" names no event.
		on, err := graph.ParseDate(c.Date)
		if err != nil || on.Precision != graph.Day {
			continue
		}
		for _, who := range c.Parties {
			// A party the graph does not know (a new entity of the same
			// proposal) attended none.
			events, err := s.EventsAttended(ctx, who, on)
			if err != nil {
				return nil, err
			}
			if len(events) > 0 {
				ev := events[0]
				candidates[i].Existing, candidates[i].Match = ev.ID, graph.MatchSecondSource
				candidates[i].Note = fmt.Sprintf("adds a second source to an existing fact: %s (%s, %s)", ev.ID, ev.Name, c.Date)
				break
			}
		}
	}
	return candidates, nil
}

// matchExisting matches the agreements an article states to those the
// graph holds between the same two parties, as of the article's date: the
// same status adds a second source to an existing fact, another status
// conflicts with it. Either way the candidate says which fact, and is not
// proposed again as a new agreement (newsreader.Propose skips candidates
// with Existing set).
func (s *Service) matchExisting(ctx context.Context, candidates []newsreader.Candidate, published time.Time) ([]newsreader.Candidate, error) {
	held := map[string][]map[string]any{} // party -> its bilateral agreements then
	for i, c := range candidates {
		if c.Kind != "agreement" || len(c.Parties) != 2 {
			continue
		}
		party, other := c.Parties[0], c.Parties[1]
		if _, ok := held[party]; !ok {
			answer, err := s.QueryAll(ctx, queries.AgreementsListByParty, map[string]string{"party": party, "scope": "bilateral", "as_of": published.Format(time.DateOnly)})
			if err != nil {
				return nil, err
			}
			held[party] = answer.Rows
		}
		for _, row := range held[party] {
			others, _ := row["other_parties"].([]any)
			if !slices.Contains(others, any(other)) {
				continue
			}
			id := fmt.Sprint(row["agreement"])
			candidates[i].Existing, candidates[i].Match = id, graph.MatchConflict
			if row["status"] == c.Status {
				candidates[i].Match = graph.MatchSecondSource
				candidates[i].Note = fmt.Sprintf("adds a second source to an existing fact: %s (%s since %v)", id, row["status"], row["status_since"])
			} else {
				candidates[i].Note = fmt.Sprintf("conflicts with an existing fact: %s was %s on that date (since %v), the article says %s", id, row["status"], row["status_since"], c.Status)
			}
			break
		}
	}
	return candidates, nil
}
