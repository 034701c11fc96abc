package service

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/seed"
)

// Propose is a proposal as an editor, an importer or the news reader sends it.
type Propose struct {
	Document   []byte // candidate facts in the seed's format
	Evidence   []graph.Evidence
	Matches    []graph.Match // the news reader's: facts the graph holds already
	Confidence int
	Note       string
	Caller     Caller
}

// ProposeFacts validates candidate facts now, as a write would be, and
// queues them for review; nothing is visible to reads until accepted.
func (s *Service) ProposeFacts(ctx context.Context, p Propose) (*graph.Proposal, error) {
	if p.Confidence < 0 || p.Confidence > 100 {
		return nil, graph.InvalidParam("confidence", "confidence is 0–100, as in STIX; got %d", p.Confidence)
	}
	parsed, err := s.parse(ctx, []seed.Document{{Name: "proposal", Data: p.Document}})
	if err != nil {
		return nil, err
	}
	facts := graph.FactsOf(parsed.Dataset)
	keys := make([]string, len(facts))
	entities := map[string]bool{}
	defined := map[string]string{}
	for i, f := range facts {
		keys[i] = f.Key
		if f.Node != nil {
			entities[f.Key] = true
			defined[f.Key] = f.Node.Kind
		}
		for _, r := range f.Relationships {
			entities[r.From], entities[r.To] = true, true
		}
	}
	if len(p.Evidence) == 0 {
		return nil, graph.InvalidParam("evidence", "a proposal gives its evidence: at least one source, and where it says so")
	}
	var cited []string
	for i, e := range p.Evidence {
		field := fmt.Sprintf("evidence[%d]", i)
		switch {
		case e.Source == "":
			return nil, graph.InvalidParam(field+".source", "each piece of evidence names its source")
		case e.Fact != "" && !slices.Contains(keys, e.Fact):
			return nil, graph.InvalidParam(field+".fact", "%q is not one of the proposal's facts (%s)", e.Fact, strings.Join(keys, ", "))
		case (e.Start == nil) != (e.End == nil):
			return nil, graph.InvalidParam(field, "give both start and end of the quoted span, or neither")
		case e.Start != nil && (*e.Start < 0 || *e.End < *e.Start):
			return nil, graph.InvalidParam(field+".end", "the span %d–%d is not a span of the text", *e.Start, *e.End)
		case e.Start != nil && e.Quote != "" && len([]rune(e.Quote)) != *e.End-*e.Start:
			return nil, graph.InvalidParam(field+".quote", "the quote has %d characters, the span %d", len([]rune(e.Quote)), *e.End-*e.Start)
		}
		if defined[e.Source] == "" {
			cited = append(cited, e.Source)
		} else if defined[e.Source] != "Source" {
			return nil, graph.InvalidParam(field+".source", "%q is a %s, not a :Source", e.Source, defined[e.Source])
		}
	}
	if len(cited) > 0 {
		kinds, err := s.Kinds(ctx, cited, graph.KnownOn{})
		if err != nil {
			return nil, err
		}
		for i, e := range p.Evidence {
			if k := kinds[e.Source]; slices.Contains(cited, e.Source) && k != "Source" {
				return nil, graph.InvalidParam(fmt.Sprintf("evidence[%d].source", i), "%q is not a :Source of the graph nor of the proposal", e.Source)
			}
		}
	}
	if len(facts) > ImportBatch {
		return nil, graph.InvalidParam("document", "a proposal holds at most %d facts, this one %d: split it", ImportBatch, len(facts))
	}
	// What each fact stands at now: accepting it later must find it there.
	preview, err := s.Apply(ctx, graph.ChangeSet{Kind: "accept", Author: "preview", Owner: graph.OwnerAnalyst, Facts: facts, DryRun: true})
	if err != nil {
		return nil, err
	}
	base := map[string]int{}
	for _, f := range preview.Facts {
		switch f.Outcome {
		case graph.Created:
			base[f.Key] = 0
		case graph.Changed:
			base[f.Key] = f.Version - 1
		default:
			base[f.Key] = f.Version
		}
	}
	return s.Propose(ctx, graph.Proposal{ProposedBy: p.Caller.Name, Document: string(p.Document), Evidence: p.Evidence,
		Matches: p.Matches, Confidence: p.Confidence, Note: p.Note, Facts: keys, Entities: slices.Sorted(maps.Keys(entities)), Base: base})
}

// Review is a proposal as a reviewer sees it: what accepting it would do to
// each fact, and the current version of each fact it would change.
type Review struct {
	Proposal *graph.Proposal          `json:"proposal"`
	Preview  *graph.ChangeReport      `json:"preview,omitempty"`  // a dry run of accepting it now; absent once decided
	Current  map[string]*graph.Entity `json:"current"`            // entities it would change, as they are
	Problems []string                 `json:"problems,omitempty"` // why it could not be accepted as it stands
}

// ReviewProposal returns a proposal with the dry run of accepting it.
func (s *Service) ReviewProposal(ctx context.Context, id string) (*Review, error) {
	p, err := s.Proposal(ctx, id)
	if err != nil {
		return nil, err
	}
	r := &Review{Proposal: p, Current: map[string]*graph.Entity{}}
	if p.Status != graph.ProposalOpen {
		return r, nil
	}
	parsed, err := s.parse(ctx, []seed.Document{{Name: "proposal", Data: []byte(p.Document)}})
	if err != nil {
		// The graph changed since it was proposed (an id retracted…): say so.
		r.Problems = append(r.Problems, err.Error())
		return r, nil
	}
	cs := acceptance(p, graph.FactsOf(parsed.Dataset))
	cs.Author, cs.DryRun = "preview", true
	r.Preview, err = s.Apply(ctx, cs)
	if err != nil {
		if graph.ErrorCode(err) == graph.EINTERNAL || graph.ErrorCode(err) == graph.EUNAVAILABLE {
			return nil, err
		}
		r.Problems = append(r.Problems, graph.ErrorMessage(err))
		return r, nil
	}
	for _, f := range r.Preview.Facts {
		if f.Outcome == graph.Changed && graph.AnchorOf(f.Key) == f.Key {
			if e, err := s.Entity(ctx, f.Key, graph.KnownOn{}); err == nil {
				r.Current[f.Key] = e
			}
		}
	}
	return r, nil
}

// Accept is a reviewer's acceptance, optionally of an edited document.
type Accept struct {
	ID     string
	Edited []byte // nil: the document as proposed
	Note   string
	Caller Caller
}

// AcceptProposal writes the proposal's facts, as proposed or as edited,
// with its provenance, and closes it, in one transaction.
func (s *Service) AcceptProposal(ctx context.Context, a Accept) (*graph.ChangeReport, error) {
	p, err := s.Proposal(ctx, a.ID)
	if err != nil {
		return nil, err
	}
	doc := []byte(p.Document)
	if len(a.Edited) > 0 {
		doc = a.Edited
	}
	parsed, err := s.parse(ctx, []seed.Document{{Name: "proposal", Data: doc}})
	if err != nil {
		return nil, err
	}
	if p.ProposedBy == a.Caller.Name {
		return nil, graph.Errorf(graph.EFORBIDDEN, "%s proposed %s: another reviewer decides it", p.ProposedBy, p.ID)
	}
	facts := graph.FactsOf(parsed.Dataset)
	for _, f := range facts {
		if !slices.Contains(p.Facts, f.Key) {
			return nil, graph.InvalidParam("document", "an edit may change the proposal's facts (%s), not add %q: propose it on its own", strings.Join(p.Facts, ", "), f.Key)
		}
	}
	reason := "accepted proposal " + p.ID + " by " + p.ProposedBy
	if len(a.Edited) > 0 {
		reason += ", edited"
	}
	if a.Note != "" {
		reason += ": " + a.Note
	}
	cs := acceptance(p, facts)
	cs.Author, cs.Role, cs.Reason = a.Caller.Name, a.Caller.Role, reason
	cs.IdempotencyKey, cs.RequestHash = "accept:"+p.ID, HashRequest(string(doc))
	return s.Apply(ctx, cs)
}

// acceptance is the change that accepts a proposal: its facts must stand
// where they stood when it was proposed (a fact new then must still be
// new), so an acceptance never overwrites a correction made meanwhile. The
// proposal's id is also the idempotency key: accepting twice writes once.
func acceptance(p *graph.Proposal, facts []graph.Fact) graph.ChangeSet {
	cs := graph.ChangeSet{Kind: "accept", Owner: graph.OwnerAnalyst, Facts: facts, Proposal: p.ID, Expect: map[string]int{}}
	for key, v := range p.Base {
		if v == 0 {
			cs.Create = append(cs.Create, key)
		} else {
			cs.Expect[key] = v
		}
	}
	return cs
}

// RejectProposal closes a proposal with the reviewer's reason.
func (s *Service) RejectProposal(ctx context.Context, id, reason string, caller Caller) (*graph.Proposal, error) {
	if strings.TrimSpace(reason) == "" {
		return nil, graph.InvalidParam("reason", "a rejection says why: give a reason")
	}
	return s.Reject(ctx, id, caller.Name, reason)
}

// ProposeImport queues import documents for review instead of writing
// them: one proposal per document, its evidence the source the file comes
// from.
func (s *Service) ProposeImport(ctx context.Context, docs []seed.Document, source string, confidence int, note string, caller Caller) ([]graph.Proposal, error) {
	if source == "" {
		return nil, graph.InvalidParam("source", "a proposed import names the :Source its facts come from")
	}
	var out []graph.Proposal
	for _, d := range docs {
		p, err := s.ProposeFacts(ctx, Propose{Document: d.Data, Evidence: []graph.Evidence{{Source: source}},
			Confidence: confidence, Note: strings.TrimSpace(d.Name + ": " + note), Caller: caller})
		if err != nil {
			return out, err
		}
		out = append(out, *p)
	}
	return out, nil
}
