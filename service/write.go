package service

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/seed"
)

// Caller is who asks for a write: an API key's name and role, or the
// command line's user.
type Caller struct {
	Name, Role string
}

// Section is one kind of fact a write route takes, named as the seed
// format's section: agreements, memberships, sources…
type Section string

// routeFacts says what a route's facts are: entities of some kind labels (by
// id), or relationship facts (by a key with this prefix). A route touches
// only its own kind.
type routeFacts struct {
	kinds     []string
	keyPrefix string
}

func (f routeFacts) entities() bool { return f.keyPrefix == "" }

// has reports whether fact is one of the route's.
func (f routeFacts) has(fact graph.Fact) bool {
	if f.entities() {
		return fact.Node != nil && slices.Contains(f.kinds, fact.Node.Kind)
	}
	return fact.Node == nil && strings.HasPrefix(fact.Key, f.keyPrefix)
}

var sections = map[Section]routeFacts{
	"sources": {kinds: []string{"Source"}}, "entities": {kinds: []string{"Country", "Bloc", "Person", "Organization", "ThreatActor"}},
	"agreements": {kinds: []string{"Agreement"}}, "statements": {kinds: []string{"Statement"}},
	"events": {kinds: []string{"Event"}}, "incidents": {kinds: []string{"Incident"}},
	"memberships": {keyPrefix: "membership:"}, "positions": {keyPrefix: "position:"}, "relations": {keyPrefix: "relation:"},
}

// Sections lists the write routes' sections.
func Sections() []Section { return slices.Sorted(maps.Keys(sections)) }

// Write is one write of one fact.
type Write struct {
	Section Section
	// Key is the fact being corrected (PUT); "" creates a new fact (POST).
	Key    string
	Body   []byte // a document in the seed's format: the fact in its section, new sources beside it
	Caller Caller
	Reason string
	// IdempotencyKey makes a retry harmless; RequestHash identifies the
	// request it came with.
	IdempotencyKey, RequestHash string
	// IfMatch is the version the writer last saw; 0 when not given.
	IfMatch int
	DryRun  bool
}

// WriteFact validates a write as the seed loader validates its files and
// applies it. The document must hold exactly one item of the section and
// may add sources for it to cite.
func (s *Service) WriteFact(ctx context.Context, w Write) (*graph.ChangeReport, error) {
	route, ok := sections[w.Section]
	if !ok {
		return nil, graph.Errorf(graph.ENOTFOUND, "no kind of fact %q", w.Section)
	}
	parsed, err := s.parse(ctx, []seed.Document{{Name: "request", Data: w.Body}})
	if err != nil {
		return nil, err
	}
	for name, n := range parsed.Sections {
		switch {
		case Section(name) == w.Section && n != 1:
			return nil, graph.InvalidParam(string(w.Section), "this route writes exactly one item of %s; this request has %d (use POST /v1/import for many)", w.Section, n)
		case Section(name) != w.Section && name != "sources":
			return nil, graph.InvalidParam(name, "this route writes %s, and new sources for them to cite; %s belong to their own route", w.Section, name)
		}
	}
	if parsed.Sections[string(w.Section)] == 0 {
		return nil, graph.InvalidParam(string(w.Section), "the request has no item in %s", w.Section)
	}
	facts := graph.FactsOf(parsed.Dataset)
	key := factKeyOf(route, facts, w.Key)
	if key == "" {
		return nil, graph.InvalidParam(string(w.Section), "the request names no %s fact", w.Section)
	}
	cs := graph.ChangeSet{Kind: "create", Author: w.Caller.Name, Role: w.Caller.Role, Owner: graph.OwnerAnalyst,
		Reason: w.Reason, IdempotencyKey: w.IdempotencyKey, RequestHash: w.RequestHash, Facts: facts, DryRun: w.DryRun}
	for _, f := range facts {
		if f.Key != key {
			cs.Beside = append(cs.Beside, f.Key) // a source brought along for the fact to cite
		}
	}
	if w.Key == "" {
		cs.Create = append(cs.Create, key)
	} else {
		if key != w.Key {
			return nil, graph.InvalidParam("id", "the body describes %q but the address names %q; a fact's id or key cannot be changed, retract it and write a new one", key, w.Key)
		}
		cs.Kind = "correct"
		cs.Exist = []string{key}
	}
	if w.IfMatch > 0 {
		cs.Expect = map[string]int{key: w.IfMatch}
	}
	cs.Primary = key
	return s.Apply(ctx, cs)
}

// factKeyOf finds the key of the fact a one-item write asserts.
func factKeyOf(route routeFacts, all []graph.Fact, addressed string) string {
	var keys []string
	for _, f := range all {
		if route.has(f) {
			keys = append(keys, f.Key)
		}
	}
	if slices.Contains(keys, addressed) {
		return addressed
	}
	if len(keys) == 1 {
		return keys[0]
	}
	return ""
}

// Retract withdraws a fact, with the reason and the source that ground it.
type Retract struct {
	Section                     Section
	Key, Reason, Source         string
	Caller                      Caller
	IdempotencyKey, RequestHash string
	IfMatch                     int
}

// RetractFact closes a fact now; it stays for known_on questions.
func (s *Service) RetractFact(ctx context.Context, r Retract) (*graph.ChangeReport, error) {
	if strings.TrimSpace(r.Reason) == "" {
		return nil, graph.InvalidParam("reason", "a retraction says why: give a reason")
	}
	if r.Source == "" {
		return nil, graph.InvalidParam("source", "every write names its source: give the id of the :Source that shows the fact is wrong")
	}
	kinds, err := s.Kinds(ctx, []string{r.Source}, graph.KnownOn{})
	if err != nil {
		return nil, err
	}
	if kinds[r.Source] != "Source" {
		return nil, graph.InvalidParam("source", "%q is not a :Source of the graph", r.Source)
	}
	if err := s.checkSection(ctx, r.Section, r.Key); err != nil {
		return nil, err
	}
	anchor := graph.AnchorOf(r.Key)
	cs := graph.ChangeSet{Kind: "retract", Author: r.Caller.Name, Role: r.Caller.Role, Owner: graph.OwnerAnalyst,
		Reason: r.Reason, Cites: []string{r.Source}, IdempotencyKey: r.IdempotencyKey, RequestHash: r.RequestHash,
		Retractions: []graph.Retraction{{Key: r.Key, Anchor: anchor}}, Primary: r.Key}
	if r.IfMatch > 0 {
		cs.Expect = map[string]int{r.Key: r.IfMatch}
	}
	return s.Apply(ctx, cs)
}

// checkSection refuses a key that is not of the route's kind: DELETE
// /v1/memberships/RUS must not retract the country.
func (s *Service) checkSection(ctx context.Context, section Section, key string) error {
	route, ok := sections[section]
	switch {
	case !ok:
		return graph.Errorf(graph.ENOTFOUND, "no kind of fact %q", section)
	case route.entities() && strings.Contains(key, ":"):
		return graph.Errorf(graph.ENOTFOUND, "%q is a relationship fact's key; %s are entities, by id", key, section)
	case !route.entities() && !strings.HasPrefix(key, route.keyPrefix):
		return graph.Errorf(graph.ENOTFOUND, "%q is not a key of %s (they look like %s…)", key, section, route.keyPrefix)
	case !route.entities():
		return nil
	}
	kinds, err := s.Kinds(ctx, []string{key}, graph.KnownOn{})
	if err != nil {
		return err
	}
	if kind, ok := kinds[key]; ok && !slices.Contains(route.kinds, kind) {
		return graph.Errorf(graph.ENOTFOUND, "%q is a %s, not one of the %s; retract it on its own route", key, kind, section)
	}
	return nil
}

// Import is many facts at once, from documents in the seed's format.
type Import struct {
	Documents                   []seed.Document
	Caller                      Caller
	Reason                      string
	IdempotencyKey, RequestHash string
	DryRun                      bool
	// Dataset, when set, makes this the whole of an open data set: its facts
	// are owned by the data set, and what an earlier import of it asserted
	// and this one does not is retracted (kept for known_on questions).
	Dataset string
	// Pending are the ids, with their kinds, that imports prepared before
	// this one define and that are not written yet (PreparedImport.Defines):
	// a load in parts prepares one part while the one before is written.
	// References to them pass validation; the write still refuses a
	// relationship to an entity that does not exist.
	Pending map[string]string
}

// ImportBatch is how many facts an import writes per transaction: Neo4j
// bounds a transaction's memory (256 MiB by default), and 5,000 facts stay
// well under it.
const ImportBatch = 5000

// ImportFacts validates every document first and reports every problem at
// once; then writes all of it in one transaction, or nothing. An import of
// more than ImportBatch facts is written in batches, each its own change:
// when one fails, the batches before it stay written, and running the same
// import again finds their facts unchanged and resumes where it stopped (with
// an Idempotency-Key, each batch's is derived from it, and they are replayed).
// Facts that already hold are reported unchanged, others created or changed.
func (s *Service) ImportFacts(ctx context.Context, im Import) (*graph.ChangeReport, error) {
	p, err := s.PrepareImport(ctx, im)
	if err != nil {
		return nil, err
	}
	return s.WriteImport(ctx, p)
}

// PreparedImport is an import validated and put in write order, not yet
// written.
type PreparedImport struct {
	im Import
	cs graph.ChangeSet
}

// Defines lists the entities the import defines, with their kinds.
func (p *PreparedImport) Defines() map[string]string {
	out := map[string]string{}
	for _, f := range p.cs.Facts {
		if f.Node != nil {
			out[f.Key] = f.Node.Kind
		}
	}
	return out
}

// Len is how many facts the import asserts.
func (p *PreparedImport) Len() int { return len(p.cs.Facts) }

// PrepareImport is the first half of ImportFacts: it validates every
// document, reporting every problem at once, and writes nothing.
func (s *Service) PrepareImport(ctx context.Context, im Import) (*PreparedImport, error) {
	if len(im.Documents) == 0 {
		return nil, graph.InvalidParam("file", "nothing to import")
	}
	parsed, err := s.parseWith(ctx, im.Documents, im.Pending)
	if err != nil {
		return nil, err
	}
	facts := importOrder(graph.FactsOf(parsed.Dataset))
	cs := graph.ChangeSet{Kind: "import", Author: im.Caller.Name, Role: im.Caller.Role, Owner: graph.OwnerAnalyst,
		Reason: im.Reason, IdempotencyKey: im.IdempotencyKey, RequestHash: im.RequestHash, Facts: facts, DryRun: im.DryRun}
	if im.Dataset != "" {
		cs.Owner, cs.Exclusive = graph.OwnerDatasetPrefix+im.Dataset, true
	}
	return &PreparedImport{im: im, cs: cs}, nil
}

// WriteImport is the second half of ImportFacts: it writes a prepared
// import, in batches when it is large.
func (s *Service) WriteImport(ctx context.Context, p *PreparedImport) (*graph.ChangeReport, error) {
	im, cs, facts := p.im, p.cs, p.cs.Facts
	size := s.opts.ImportBatch
	if len(facts) <= size || im.DryRun {
		return s.Apply(ctx, cs)
	}
	if cs.Exclusive {
		// Only the last batch withdraws what the data set no longer
		// asserts, with every batch's keys, once all of them are written.
		for _, f := range facts {
			cs.Asserted = append(cs.Asserted, f.Key)
		}
	}
	batches := (len(facts) + size - 1) / size
	total := &graph.ChangeReport{Counts: map[string]int{}, Facts: make([]graph.FactOutcome, 0, len(facts))}
	for i := range batches {
		batch := cs
		batch.Facts = facts[i*size : min(len(facts), (i+1)*size)]
		batch.Exclusive = cs.Exclusive && i == batches-1
		if im.IdempotencyKey != "" {
			batch.IdempotencyKey = fmt.Sprintf("%s:batch-%d-of-%d", im.IdempotencyKey, i+1, batches)
			batch.RequestHash = HashRequest(im.RequestHash, batch.IdempotencyKey)
		}
		rep, err := s.Apply(ctx, batch)
		if err != nil {
			return nil, &graph.Error{Code: graph.ErrorCode(err), Param: graph.ErrorParam(err), Message: fmt.Sprintf(
				"batch %d of %d failed (%s); the %d batches before it (%d facts) are written: run the same import again to resume after them",
				i+1, batches, graph.ErrorMessage(err), i, i*size)}
		}
		total.Change, total.At = rep.Change, rep.At
		total.Replayed = total.Replayed || rep.Replayed
		for k, n := range rep.Counts {
			total.Counts[k] += n
		}
		total.Facts = append(total.Facts, rep.Facts...)
	}
	total.Counts["batches"] = batches
	return total, nil
}

// importOrder puts facts in an order where each batch only names entities
// written before it or in it: by kind (sources, the things facts are about,
// the facts, relationships last), and within that, after the facts of this
// import they name (a statement about another statement).
func importOrder(facts []graph.Fact) []graph.Fact {
	rank := map[string]int{"Source": 0, "Country": 1, "Bloc": 1, "Person": 2, "Organization": 2, "ThreatActor": 2, "Incident": 3,
		"Agreement": 4, "Event": 5, "Statement": 6}
	of := func(f graph.Fact) int {
		if f.Node == nil {
			return 7
		}
		return rank[f.Node.Kind]
	}
	slices.SortStableFunc(facts, func(a, b graph.Fact) int { return of(a) - of(b) })
	defined := map[string]bool{}
	for _, f := range facts {
		if f.Node != nil {
			defined[f.Key] = true
		}
	}
	// Kahn's algorithm, taking the ready facts in the order above; what is
	// left in a cycle goes last, in that order.
	placed := map[string]bool{}
	out := make([]graph.Fact, 0, len(facts))
	pending := facts
	for len(pending) > 0 {
		var rest []graph.Fact
		for _, f := range pending {
			ready := true
			for _, r := range f.Relationships {
				for _, id := range []string{r.From, r.To} {
					if id != f.Key && defined[id] && !placed[id] {
						ready = false
					}
				}
			}
			if ready {
				out = append(out, f)
				placed[f.Key] = true
			} else {
				rest = append(rest, f)
			}
		}
		if len(rest) == len(pending) {
			return append(out, rest...)
		}
		pending = rest
	}
	return out
}

// parse validates documents against the seed's rules, resolving ids they do
// not define against the graph.
func (s *Service) parse(ctx context.Context, docs []seed.Document) (*seed.Parsed, error) {
	return s.parseWith(ctx, docs, nil)
}

// parseWith is parse, taking the pending ids as the graph's.
func (s *Service) parseWith(ctx context.Context, docs []seed.Document, pending map[string]string) (*seed.Parsed, error) {
	parsed, err := seed.ParseDocuments(docs, func(ids []string) (map[string]string, error) {
		var ask []string
		found := map[string]string{}
		for _, id := range ids {
			if kind, ok := pending[id]; ok {
				found[id] = kind
			} else {
				ask = append(ask, id)
			}
		}
		if len(ask) == 0 {
			return found, nil
		}
		kinds, err := s.Kinds(ctx, ask, graph.KnownOn{})
		maps.Copy(found, kinds)
		return found, err
	})
	var errs seed.Errors
	if errors.As(err, &errs) {
		return nil, &InvalidDocument{Errors: errs}
	}
	return parsed, err
}

// InvalidDocument is a write or import refused by validation: every problem,
// each with its place.
type InvalidDocument struct{ Errors seed.Errors }

func (e *InvalidDocument) Error() string { return e.Errors.Error() }

// Unwrap makes it a graph.EINVALID naming the first field, for callers that
// know only domain errors.
func (e *InvalidDocument) Unwrap() error {
	first := e.Errors[0]
	return &graph.Error{Code: graph.EINVALID, Param: first.Field,
		Message: fmt.Sprintf("%d problem(s); first: %s", len(e.Errors), first.Error())}
}

// HashRequest identifies a request for idempotency: the same key with
// another request is refused.
func HashRequest(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		fmt.Fprintf(h, "%d:%s", len(p), p)
	}
	return hex.EncodeToString(h.Sum(nil))
}
