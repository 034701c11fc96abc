package neo4jstore

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/cyberkg/cyberkg/graph"
)

var (
	stmtProposalCreate  = mustWrite("proposal_create")
	stmtProposalsList   = mustRead("proposals_list")
	stmtProposalGet     = mustRead("proposal_get")
	stmtProposalDecide  = mustWrite("proposal_decide")
	_                   = graph.ReviewQueue((*Store)(nil))
	errProposalNotFound = graph.Errorf(graph.ENOTFOUND, "no such proposal")
)

// Propose records a proposal, open for review.
func (s *Store) Propose(ctx context.Context, p graph.Proposal) (*graph.Proposal, error) {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	p.ProposedAt = time.Now().UTC()
	p.ID = "prop-" + p.ProposedAt.Format("20060102T150405.000000Z") + "-" + hex.EncodeToString(b)
	p.Status = graph.ProposalOpen
	evidence, err := json.Marshal(p.Evidence)
	if err != nil {
		return nil, err
	}
	base, err := json.Marshal(p.Base)
	if err != nil {
		return nil, err
	}
	props := map[string]any{"id": p.ID, "status": p.Status, "proposed_by": p.ProposedBy, "proposed_at": p.ProposedAt,
		"document": p.Document, "evidence": string(evidence), "confidence": p.Confidence, "note": p.Note,
		"facts": p.Facts, "entities": p.Entities, "base_versions": string(base)}
	if len(p.Matches) > 0 {
		matches, err := json.Marshal(p.Matches)
		if err != nil {
			return nil, err
		}
		props["matches"] = string(matches)
	}
	return s.oneProposal(ctx, stmtProposalCreate, map[string]any{"proposal": props})
}

// Proposals lists proposals, newest first.
func (s *Store) Proposals(ctx context.Context, f graph.ProposalFilter) ([]graph.Proposal, error) {
	res, err := s.writerRead(ctx, stmtProposalsList, map[string]any{"status": nilIfEmpty(f.Status),
		"author": nilIfEmpty(f.ProposedBy), "entity": nilIfEmpty(f.Entity), "limit": max(1, f.Limit)})
	if err != nil {
		return nil, err
	}
	out := make([]graph.Proposal, 0, len(res.Records))
	for _, rec := range res.Records {
		p, err := proposalOf(rec.Values[0])
		if err != nil {
			return nil, err
		}
		out = append(out, *p)
	}
	return out, nil
}

// Proposal returns one proposal.
func (s *Store) Proposal(ctx context.Context, id string) (*graph.Proposal, error) {
	return s.oneProposal(ctx, stmtProposalGet, map[string]any{"id": id})
}

// Reject closes an open proposal as rejected.
func (s *Store) Reject(ctx context.Context, id, reviewer, reason string) (*graph.Proposal, error) {
	p, err := s.oneProposal(ctx, stmtProposalDecide, map[string]any{"id": id, "status": graph.ProposalRejected,
		"reviewer": reviewer, "at": time.Now().UTC(), "reason": reason, "change": nil})
	if errors.Is(err, errProposalNotFound) {
		return nil, s.notOpen(ctx, id)
	}
	return p, err
}

// notOpen explains why a proposal cannot be decided: unknown, or decided already.
func (s *Store) notOpen(ctx context.Context, id string) error {
	p, err := s.Proposal(ctx, id)
	if err != nil {
		return err
	}
	return graph.Errorf(graph.ECONFLICT, "proposal %s was %s by %s already", id, p.Status, p.ReviewedBy)
}

// oneProposal runs a statement that returns one proposal, or none.
func (s *Store) oneProposal(ctx context.Context, st *statement, params map[string]any) (*graph.Proposal, error) {
	res, err := s.writerRead(ctx, st, params)
	if err != nil {
		return nil, err
	}
	if len(res.Records) == 0 {
		return nil, errProposalNotFound
	}
	return proposalOf(res.Records[0].Values[0])
}

// decideInTx marks the proposal a change accepts, inside the change's transaction.
func decideInTx(ctx context.Context, tx neo4j.ManagedTransaction, cs graph.ChangeSet, now time.Time, change string) error {
	res, err := tx.Run(ctx, stmtProposalDecide.cypher, map[string]any{"id": cs.Proposal, "status": graph.ProposalAccepted,
		"reviewer": cs.Author, "at": now, "reason": nilIfEmpty(cs.Reason), "change": change})
	if err != nil {
		return err
	}
	recs, err := res.Collect(ctx)
	if err != nil {
		return err
	}
	if len(recs) == 0 {
		return graph.Errorf(graph.ECONFLICT, "proposal %s is not open: it was decided already, or does not exist", cs.Proposal)
	}
	return nil
}

func proposalOf(v any) (*graph.Proposal, error) {
	m, _ := v.(map[string]any)
	p := &graph.Proposal{Evidence: []graph.Evidence{}, Facts: []string{}, Entities: []string{}}
	p.ID, _ = m["id"].(string)
	p.Status, _ = m["status"].(string)
	p.ProposedBy, _ = m["proposed_by"].(string)
	if t, ok := m["proposed_at"].(time.Time); ok {
		p.ProposedAt = t.UTC()
	}
	p.Document, _ = m["document"].(string)
	if text, ok := m["evidence"].(string); ok {
		if err := json.Unmarshal([]byte(text), &p.Evidence); err != nil {
			return nil, fmt.Errorf("decode the evidence of %s: %w", p.ID, err)
		}
	}
	if text, ok := m["matches"].(string); ok {
		if err := json.Unmarshal([]byte(text), &p.Matches); err != nil {
			return nil, fmt.Errorf("decode the matches of %s: %w", p.ID, err)
		}
	}
	p.Base = map[string]int{}
	if text, ok := m["base_versions"].(string); ok {
		if err := json.Unmarshal([]byte(text), &p.Base); err != nil {
			return nil, fmt.Errorf("decode the base versions of %s: %w", p.ID, err)
		}
	}
	if n, ok := m["confidence"].(int64); ok {
		p.Confidence = int(n)
	}
	p.Note, _ = m["note"].(string)
	p.Facts = toStrings(m["facts"])
	p.Entities = toStrings(m["entities"])
	p.ReviewedBy, _ = m["reviewed_by"].(string)
	if t, ok := m["reviewed_at"].(time.Time); ok {
		t = t.UTC()
		p.ReviewedAt = &t
	}
	p.Reason, _ = m["reason"].(string)
	p.Change, _ = m["change"].(string)
	return p, nil
}
