package neo4jstore

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/cyberkg/cyberkg/graph"
)

// The write path's statements; see graph/history.go for the model.
var (
	stmtApplyLock               = mustWrite("apply_lock")
	stmtApplyFactsRead          = mustRead("apply_facts_read")
	stmtApplyFactsOwned         = mustRead("apply_facts_owned")
	stmtApplyNodesCreate        = mustWrite("apply_nodes_create")
	stmtApplyNodesRevise        = mustWrite("apply_nodes_revise")
	stmtApplyNodesRetract       = mustWrite("apply_nodes_retract")
	stmtApplyRelationshipsClose = mustWrite("apply_relationships_close")
	stmtApplyRelsCreate         = mustWrite("apply_relationships_create")
	stmtApplyLegacyRelsRemove   = mustWrite("apply_legacy_relationships_remove")
	stmtChangeCreate            = mustWrite("change_create")
	stmtChangeByKey             = mustRead("change_get_by_idempotency_key")
	stmtChangesList             = mustRead("changes_list")
)

// bookkeeping are the properties the write path keeps on nodes and
// relationships about themselves; they are not part of what a fact says.
var bookkeeping = []string{"recorded_from", "recorded_until", "recorded_by", "version", "version_from",
	"owner", "fact", "retracted_by", "closed_by", "closed_owner"}

var _ graph.Writer = (*Store)(nil)

// ApplyTimeout bounds one write transaction on the server: a 5,000-fact
// import batch takes about a second, so a transaction still running after
// this holds its locks for no good reason.
const ApplyTimeout = 2 * time.Minute

// errDryRun rolls a dry run's transaction back once its report is ready.
var errDryRun = errors.New("dry run")

// Apply writes a change set in one transaction, all or nothing. A change
// sent again with its idempotency key writes nothing and answers the first
// report, marked replayed.
func (s *Store) Apply(ctx context.Context, cs graph.ChangeSet) (*graph.ChangeReport, error) {
	if err := checkChangeSet(cs); err != nil {
		return nil, err
	}
	if cs.IdempotencyKey != "" {
		if rep, err := s.replay(ctx, cs); rep != nil || err != nil {
			return rep, err
		}
	}
	var report *graph.ChangeReport
	err := s.guard(ctx, func(ctx context.Context) error {
		session := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.database, AccessMode: neo4j.AccessModeWrite,
			// The bookmark manager every ExecuteQuery read shares: a read after
			// an acknowledged write waits for it, on a cluster too.
			BookmarkManager: s.driver.ExecuteQueryBookmarkManager()})
		defer session.Close(ctx)
		_, err := session.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
			rep, err := apply(ctx, tx, cs)
			report = rep
			if err == nil && cs.DryRun {
				return nil, errDryRun
			}
			return nil, err
		}, neo4j.WithTxTimeout(ApplyTimeout))
		return err
	})
	if errors.Is(err, errDryRun) {
		return report, nil
	}
	if err != nil && cs.IdempotencyKey != "" && graph.ErrorCode(translate("apply", err)) != graph.EUNAVAILABLE {
		// A request with the same key may have won a race (this one then
		// found its version moved, its fact gone, or the key taken): answer
		// as a retry of it.
		if rep, rerr := s.replay(ctx, cs); rep != nil || rerr != nil {
			return rep, rerr
		}
	}
	if err != nil {
		return nil, translate("apply change", err)
	}
	return report, nil
}

// replay returns the report of the change recorded under cs's idempotency
// key, nil when there is none, and a conflict when the key came with
// another request.
func (s *Store) replay(ctx context.Context, cs graph.ChangeSet) (*graph.ChangeReport, error) {
	res, err := s.writerRead(ctx, stmtChangeByKey, map[string]any{"key": scopedKey(cs)})
	if err != nil {
		return nil, err
	}
	if len(res.Records) == 0 {
		return nil, nil
	}
	hash, _ := res.Records[0].Values[0].(string)
	if hash != cs.RequestHash {
		return nil, &graph.Error{Code: graph.ECONFLICT, Param: "Idempotency-Key",
			Message: "this Idempotency-Key was used before with a different request; use a new key for a new request"}
	}
	text, _ := res.Records[0].Values[1].(string)
	var rep graph.ChangeReport
	if err := json.Unmarshal([]byte(text), &rep); err != nil {
		return nil, fmt.Errorf("decode the recorded report: %w", err)
	}
	rep.Replayed = true
	return &rep, nil
}

// writerRead runs one of the write path's reads on the leader, where the
// last write of any API process is already visible (a retry must find the
// change it repeats, wherever that was made).
func (s *Store) writerRead(ctx context.Context, st *statement, params map[string]any) (*neo4j.EagerResult, error) {
	return s.write(ctx, st.name, st.cypher, toDriverParams(params))
}

func scopedKey(cs graph.ChangeSet) string { return cs.Author + ":" + cs.IdempotencyKey }

// checkChangeSet refuses kinds and types outside the schema before any of
// them becomes a label or a relationship type.
func checkChangeSet(cs graph.ChangeSet) error {
	ds := graph.Dataset{}
	for _, f := range cs.Facts {
		if f.Key == "" {
			return graph.Errorf(graph.EINVALID, "a fact without a key")
		}
		if f.Node != nil {
			ds.Nodes = append(ds.Nodes, *f.Node)
		}
		ds.Relationships = append(ds.Relationships, f.Relationships...)
	}
	if cs.Author == "" || cs.Owner == "" {
		return errors.New("a change needs an author and an owner")
	}
	return checkDataset(ds)
}

// current is what the graph holds now for one fact.
type current struct {
	labels []string
	props  map[string]any
	rels   []currentRel
	// A relationship fact that was retracted: its last version, and who
	// retracted it.
	closedVersion int
	closedOwner   string
	// Other facts whose current relationships name this entity.
	dependents []string
}

type currentRel struct {
	elementID, typ, from, to string
	props                    map[string]any
}

func (c current) exists() bool    { return c.labels != nil || len(c.rels) > 0 }
func (c current) isNode() bool    { return c.labels != nil }
func (c current) retracted() bool { return slices.Contains(c.labels, graph.LabelRetracted) }

func (c current) version() int {
	v := c.closedVersion // a relationship fact written again goes on from its last version
	if c.isNode() {
		v = 1
		if n, ok := c.props["version"].(int64); ok {
			v = int(n)
		}
		return v
	}
	for _, r := range c.rels {
		n, ok := r.props["version"].(int64)
		if !ok {
			n = 1
		}
		v = max(v, int(n))
	}
	return v
}

func (c current) owner() string {
	if !c.exists() {
		return c.closedOwner
	}
	if c.isNode() {
		if o, ok := c.props["owner"].(string); ok {
			return o
		}
		if c.props["seed_file"] != nil {
			return graph.OwnerSeed // written before recorded time, by the seed loader
		}
		return ""
	}
	for _, r := range c.rels {
		if o, ok := r.props["owner"].(string); ok {
			return o
		}
	}
	return ""
}

// plan is what apply writes.
type plan struct {
	create  []map[string]any // {kind, props}
	revise  []map[string]any // {id, props}
	retract []string
	close   []string
	rels    []map[string]any // {type, from, to, props}
	touched map[string]bool
	report  graph.ChangeReport
}

func apply(ctx context.Context, tx neo4j.ManagedTransaction, cs graph.ChangeSet) (*graph.ChangeReport, error) {
	if cs.Exclusive {
		if err := withdrawUnasserted(ctx, tx, &cs); err != nil {
			return nil, err
		}
	}
	// A dry run (a preview, a review screen) takes no locks: it must not
	// make writers wait, and it writes nothing anyway.
	now := time.Now().UTC()
	if !cs.DryRun {
		var err error
		if now, err = lockAll(ctx, tx, cs); err != nil {
			return nil, err
		}
	}
	state, err := readFacts(ctx, tx, cs)
	if err != nil {
		return nil, err
	}
	p := &plan{touched: map[string]bool{}, report: graph.ChangeReport{At: now, DryRun: cs.DryRun, Fact: cs.Primary, Counts: map[string]int{}}}
	changeID := newChangeID(now)
	if err := p.decide(cs, state, now, changeID); err != nil {
		return nil, err
	}
	for _, f := range p.report.Facts {
		p.report.Counts[f.Outcome]++
	}
	if cs.DryRun {
		return &p.report, nil
	}
	if len(p.touched) == 0 && cs.Proposal == "" {
		return &p.report, nil
	}
	p.report.Change = changeID
	if err := p.write(ctx, tx, cs, now, changeID); err != nil {
		return nil, err
	}
	return &p.report, nil
}

// withdrawUnasserted adds a retraction for each current fact of the owner
// that the change set does not assert.
func withdrawUnasserted(ctx context.Context, tx neo4j.ManagedTransaction, cs *graph.ChangeSet) error {
	if cs.Owner == graph.OwnerSeed {
		if _, err := single(ctx, tx, stmtApplyLegacyRelsRemove, nil); err != nil {
			return fmt.Errorf("remove relationships without a fact key: %w", err)
		}
	}
	asserted := map[string]bool{}
	for _, f := range cs.Facts {
		asserted[f.Key] = true
	}
	for _, k := range cs.Asserted {
		asserted[k] = true
	}
	res, err := tx.Run(ctx, stmtApplyFactsOwned.cypher, map[string]any{"owner": cs.Owner, "legacy": cs.Owner == graph.OwnerSeed})
	if err != nil {
		return err
	}
	recs, err := res.Collect(ctx)
	if err != nil {
		return err
	}
	for _, rec := range recs {
		key, _ := rec.Values[0].(string)
		anchor, _ := rec.Values[1].(string)
		typ, _ := rec.Values[2].(string)
		if !asserted[key] {
			cs.Retractions = append(cs.Retractions, graph.Retraction{Key: key, Anchor: anchor, Type: typ})
		}
	}
	return nil
}

// lockAll locks every entity the change touches and returns its recorded time.
func lockAll(ctx context.Context, tx neo4j.ManagedTransaction, cs graph.ChangeSet) (time.Time, error) {
	set := map[string]bool{}
	for _, f := range cs.Facts {
		set[f.Key] = true
		set[f.Anchor()] = true
		for _, r := range f.Relationships {
			set[r.From], set[r.To] = true, true
		}
	}
	for _, r := range cs.Retractions {
		set[r.Anchor] = true
	}
	ids := slices.Sorted(maps.Keys(set))
	res, err := tx.Run(ctx, stmtApplyLock.cypher, map[string]any{"ids": ids})
	if err != nil {
		return time.Time{}, err
	}
	rec, err := res.Single(ctx)
	if err != nil {
		return time.Time{}, err
	}
	now, ok := rec.Values[0].(time.Time)
	if !ok {
		return time.Time{}, fmt.Errorf("lock: the server's clock answered %T", rec.Values[0])
	}
	return now.UTC(), nil
}

// readFacts reads the current state of every fact the change asserts or
// retracts. A new entity fact has no row, and its zero current says so.
func readFacts(ctx context.Context, tx neo4j.ManagedTransaction, cs graph.ChangeSet) (map[string]current, error) {
	var rows []map[string]any
	for _, f := range cs.Facts {
		rows = append(rows, map[string]any{"key": f.Key, "anchor": f.Anchor()})
	}
	for _, r := range cs.Retractions {
		rows = append(rows, map[string]any{"key": r.Key, "anchor": r.Anchor})
	}
	res, err := tx.Run(ctx, stmtApplyFactsRead.cypher, map[string]any{"facts": rows})
	if err != nil {
		return nil, err
	}
	recs, err := res.Collect(ctx)
	if err != nil {
		return nil, err
	}
	state := map[string]current{}
	for _, rec := range recs {
		key, _ := rec.Values[0].(string)
		var c current
		if labels, ok := rec.Values[1].([]any); ok {
			c.labels = []string{}
			for _, l := range labels {
				c.labels = append(c.labels, l.(string))
			}
		}
		c.props, _ = rec.Values[2].(map[string]any)
		rels, _ := rec.Values[3].([]any)
		for _, x := range rels {
			m := x.(map[string]any)
			if m["element_id"] == nil {
				continue // OPTIONAL MATCH found nothing
			}
			props, _ := m["props"].(map[string]any)
			c.rels = append(c.rels, currentRel{elementID: m["element_id"].(string), typ: m["type"].(string),
				from: m["from"].(string), to: m["to"].(string), props: props})
		}
		if v, ok := rec.Values[4].(int64); ok {
			c.closedVersion = int(v)
		}
		c.closedOwner, _ = rec.Values[5].(string)
		c.dependents = toStrings(rec.Values[6])
		state[key] = c
	}
	return state, nil
}

// decide compares each fact with what the graph holds, checks the change's
// preconditions, and plans the writes.
func (p *plan) decide(cs graph.ChangeSet, state map[string]current, now time.Time, changeID string) error {
	for key, want := range cs.Expect {
		if got := state[key].version(); got != want {
			return &graph.Error{Code: graph.ESTALE, Param: "If-Match",
				Message: fmt.Sprintf("%q is at version %d, not %d: someone changed it since you read it; read it again and redo your change", key, got, want)}
		}
	}
	for _, key := range cs.Create {
		if c := state[key]; c.exists() {
			if c.retracted() {
				return graph.Errorf(graph.ECONFLICT, "%q was retracted; a retracted id is not reused: pick another id", key)
			}
			return graph.Errorf(graph.ECONFLICT, "%q already exists; correct it with PUT", key)
		}
	}
	for _, key := range cs.Exist {
		if c := state[key]; !c.exists() || c.retracted() {
			return graph.Errorf(graph.ENOTFOUND, "no current fact %q", key)
		}
	}
	for _, f := range cs.Facts {
		if err := p.fact(cs, f, state[f.Key], now, changeID); err != nil {
			return err
		}
	}
	retracting := map[string]bool{}
	for _, r := range cs.Retractions {
		retracting[r.Key] = true
	}
	// What each fact this change asserts will name: a dependent rewritten
	// in the same change no longer names what its new version does not.
	names := map[string]map[string]bool{}
	for _, f := range cs.Facts {
		names[f.Key] = map[string]bool{}
		for _, r := range f.Relationships {
			names[f.Key][r.From], names[f.Key][r.To] = true, true
		}
	}
	for _, r := range cs.Retractions {
		c := state[r.Key]
		if !c.exists() || c.retracted() {
			return graph.Errorf(graph.ENOTFOUND, "no current fact %q to retract", r.Key)
		}
		if cs.Exclusive && c.owner() != cs.Owner {
			continue // an analyst took it over since the seed listed its own facts
		}
		var named []string
		for _, d := range c.dependents {
			if rewritten, ok := names[d]; ok && !rewritten[r.Key] {
				continue
			}
			if !retracting[d] {
				named = append(named, d)
			}
		}
		if len(named) > 0 && cs.Exclusive {
			// A load no longer asserts it, but others' facts still cite it
			// (another data set's statement, an analyst's): it stays.
			p.report.Facts = append(p.report.Facts, graph.FactOutcome{Key: r.Key, Outcome: graph.Kept, Version: c.version(),
				Detail: loaderName(cs.Owner) + " no longer asserts it, but " + strings.Join(named, ", ") + " name it"})
			continue
		}
		if len(named) > 0 {
			return graph.Errorf(graph.ECONFLICT, "%q is named by current facts (%s); retract or correct those first, so that none of them points at a retracted entity", r.Key, strings.Join(named, ", "))
		}
		if c.isNode() {
			p.retract = append(p.retract, r.Key)
		}
		for _, cr := range c.rels {
			p.close = append(p.close, cr.elementID)
			p.touched[cr.from], p.touched[cr.to] = true, true
		}
		p.touched[r.Anchor] = true
		p.report.Facts = append(p.report.Facts, graph.FactOutcome{Key: r.Key, Outcome: graph.Retracted, Version: c.version()})
	}
	return nil
}

// loaderName is how a report names a loader: "the seed", "the data set
// misp-galaxy".
func loaderName(owner string) string {
	if name, ok := strings.CutPrefix(owner, graph.OwnerDatasetPrefix); ok {
		return "the data set " + name
	}
	return "the " + owner
}

func (p *plan) fact(cs graph.ChangeSet, f graph.Fact, c current, now time.Time, changeID string) error {
	if graph.IsLoader(cs.Owner) && (c.exists() || c.closedOwner != "") && !graph.IsLoader(c.owner()) {
		p.report.Facts = append(p.report.Facts, graph.FactOutcome{Key: f.Key, Outcome: graph.Kept, Version: c.version(),
			Detail: "an analyst changed or retracted this fact; " + loaderName(cs.Owner) + " leaves it alone"})
		return nil
	}
	if c.retracted() && !graph.IsLoader(cs.Owner) {
		// Restoring would put the entity back as if it had never been
		// retracted, for known_on questions too: a new id keeps history true.
		return graph.Errorf(graph.ECONFLICT, "%q was retracted; a retracted id is not reused: pick another id", f.Key)
	}
	if f.Node != nil && c.isNode() {
		if kind := graph.KindOf(c.labels); kind != f.Node.Kind {
			return graph.Errorf(graph.EINVALID, "%q is a %s, not a %s", f.Key, kind, f.Node.Kind)
		}
	}
	var want map[string]any
	if f.Node != nil {
		want = plainProps(f.Node.Properties)
	}

	// Relationships: keep the equal ones, close the rest, create the new.
	keep := make([]bool, len(c.rels))
	var add []graph.RelationshipRecord
	for _, r := range f.Relationships {
		found := false
		for i, cr := range c.rels {
			if !keep[i] && sameRel(graph.RelationshipRecord{Type: cr.typ, From: cr.from, To: cr.to, Properties: stripped(cr.props)}, r) {
				keep[i], found = true, true
				break
			}
		}
		if !found {
			add = append(add, r)
		}
	}
	var drop []currentRel
	for i, cr := range c.rels {
		if !keep[i] {
			drop = append(drop, cr)
		}
	}
	nodeChanged := f.Node != nil && (!c.isNode() || c.retracted() || !reflect.DeepEqual(canonical(want), canonical(stripped(c.props))))
	if c.exists() && slices.Contains(cs.Beside, f.Key) && (nodeChanged || len(add) > 0 || len(drop) > 0) {
		return graph.Errorf(graph.ECONFLICT, "%q already exists and says something else; cite it by id, or correct it on its own route", f.Key)
	}
	if !nodeChanged && len(add) == 0 && len(drop) == 0 {
		p.report.Facts = append(p.report.Facts, graph.FactOutcome{Key: f.Key, Outcome: graph.Unchanged, Version: c.version()})
		return nil
	}

	version := c.version() + 1
	outcome := graph.Changed
	switch {
	case !c.exists():
		outcome = graph.Created // version 1, or the next after a retracted relationship fact's last
	case c.retracted():
		outcome = graph.Restored
	}
	if f.Node != nil {
		props := maps.Clone(want)
		props["id"] = f.Key
		props["version"], props["version_from"], props["recorded_by"], props["owner"] = version, now, changeID, cs.Owner
		if c.isNode() {
			if from, ok := c.props["recorded_from"]; ok {
				props["recorded_from"] = from
			}
			p.revise = append(p.revise, map[string]any{"id": f.Key, "props": toDriverParams(props)})
		} else {
			props["recorded_from"] = now
			p.create = append(p.create, map[string]any{"kind": f.Node.Kind, "props": toDriverParams(props)})
		}
		p.touched[f.Key] = true
	}
	for _, cr := range drop {
		p.close = append(p.close, cr.elementID)
		p.touched[cr.from], p.touched[cr.to] = true, true
	}
	// A new version of the fact rewrites all its relationships, so each
	// relationship's version and recorded_from say which version it belongs to.
	if f.Node == nil {
		for i, cr := range c.rels {
			if keep[i] {
				p.close = append(p.close, cr.elementID)
				add = append(add, graph.RelationshipRecord{Type: cr.typ, From: cr.from, To: cr.to, Properties: stripped(cr.props), Fact: f.Key})
			}
		}
	}
	for _, r := range add {
		props := plainProps(r.Properties)
		props["fact"], props["recorded_from"], props["version"], props["owner"], props["recorded_by"] = f.Key, now, version, cs.Owner, changeID
		p.rels = append(p.rels, map[string]any{"type": r.Type, "from": r.From, "to": r.To, "props": toDriverParams(props)})
		p.touched[r.From], p.touched[r.To] = true, true
	}
	p.report.Facts = append(p.report.Facts, graph.FactOutcome{Key: f.Key, Outcome: outcome, Version: version})
	return nil
}

// write runs the plan and records the change.
func (p *plan) write(ctx context.Context, tx neo4j.ManagedTransaction, cs graph.ChangeSet, now time.Time, changeID string) error {
	stamp := map[string]any{"now": now, "change": changeID, "owner": cs.Owner}
	if len(p.create) > 0 {
		if _, err := single(ctx, tx, stmtApplyNodesCreate, map[string]any{"rows": p.create}); err != nil {
			return fmt.Errorf("create entities: %w", err)
		}
	}
	if len(p.revise) > 0 {
		if _, err := single(ctx, tx, stmtApplyNodesRevise, with(stamp, "rows", p.revise)); err != nil {
			return fmt.Errorf("revise entities: %w", err)
		}
	}
	if len(p.retract) > 0 {
		if _, err := single(ctx, tx, stmtApplyNodesRetract, with(stamp, "ids", p.retract)); err != nil {
			return fmt.Errorf("retract entities: %w", err)
		}
	}
	if len(p.close) > 0 {
		if _, err := single(ctx, tx, stmtApplyRelationshipsClose, with(stamp, "ids", p.close)); err != nil {
			return fmt.Errorf("close relationships: %w", err)
		}
	}
	if len(p.rels) > 0 {
		n, err := single(ctx, tx, stmtApplyRelsCreate, map[string]any{"rows": p.rels})
		if err != nil {
			return fmt.Errorf("create relationships: %w", err)
		}
		if int(n) != len(p.rels) {
			return graph.Errorf(graph.EINVALID, "%d of %d relationships name an entity that does not exist or was retracted", len(p.rels)-int(n), len(p.rels))
		}
	}
	facts, err := json.Marshal(p.report.Facts)
	if err != nil {
		return err
	}
	report, err := json.Marshal(p.report)
	if err != nil {
		return err
	}
	keys := make([]string, 0, len(p.report.Facts))
	for _, f := range p.report.Facts {
		if f.Outcome != graph.Unchanged && f.Outcome != graph.Kept {
			keys = append(keys, f.Key)
		}
	}
	change := map[string]any{"id": changeID, "recorded_at": now, "kind": cs.Kind, "author": cs.Author, "role": cs.Role,
		"reason": cs.Reason, "cites": append([]string{}, cs.Cites...), "facts": string(facts), "fact_keys": keys, "report": string(report), "request_hash": cs.RequestHash}
	if cs.IdempotencyKey != "" {
		change["idempotency_key"] = scopedKey(cs)
	}
	if cs.Proposal != "" {
		change["proposal"] = cs.Proposal
	}
	entities := slices.Sorted(maps.Keys(p.touched))
	if _, err := single(ctx, tx, stmtChangeCreate, map[string]any{"change": change, "entities": entities}); err != nil {
		return fmt.Errorf("record the change: %w", err)
	}
	if cs.Proposal != "" {
		return decideInTx(ctx, tx, cs, now, changeID)
	}
	return nil
}

func with(base map[string]any, key string, value any) map[string]any {
	out := maps.Clone(base)
	out[key] = value
	return out
}

func newChangeID(now time.Time) string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return "chg-" + now.Format("20060102T150405.000000Z") + "-" + hex.EncodeToString(b)
}

// plainProps drops empty values, as the seed loader does.
func plainProps(props map[string]any) map[string]any {
	out := make(map[string]any, len(props))
	for k, v := range props {
		if s, ok := v.(string); ok && s == "" {
			continue
		}
		out[k] = v
	}
	return out
}

// stripped is props without the bookkeeping.
func stripped(props map[string]any) map[string]any {
	out := maps.Clone(props)
	if out == nil {
		out = map[string]any{}
	}
	for _, k := range bookkeeping {
		delete(out, k)
	}
	delete(out, "id")
	return out
}

func sameRel(a, b graph.RelationshipRecord) bool {
	return a.Type == b.Type && a.From == b.From && a.To == b.To &&
		reflect.DeepEqual(canonical(stripped(plainProps(a.Properties))), canonical(stripped(plainProps(b.Properties))))
}

// canonical turns domain and driver values into one comparable form: dates
// as ISO strings, integers as int64, every list as []any.
func canonical(v any) any {
	switch x := v.(type) {
	case nil:
		return nil
	case graph.Date:
		return "date:" + x.Time.Format(time.DateOnly)
	case dbtype.Date:
		return "date:" + x.Time().Format(time.DateOnly)
	case time.Time:
		return "datetime:" + x.UTC().Format(time.RFC3339Nano)
	case int:
		return int64(x)
	case int32:
		return int64(x)
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			if k == "id" {
				continue
			}
			out[k] = canonical(e)
		}
		return out
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Slice {
		out := make([]any, rv.Len())
		for i := range out {
			out[i] = canonical(rv.Index(i).Interface())
		}
		return out
	}
	return v
}

// Changes lists the audit trail, newest first.
func (s *Store) Changes(ctx context.Context, f graph.ChangeFilter) ([]graph.Change, error) {
	params := map[string]any{"author": nilIfEmpty(f.Author), "entity": nilIfEmpty(f.Entity), "fact": nilIfEmpty(f.Fact),
		"since": nilIfZero(f.Since), "until": nilIfZero(f.Until), "limit": max(1, f.Limit)}
	res, err := s.writerRead(ctx, stmtChangesList, params)
	if err != nil {
		return nil, err
	}
	out := make([]graph.Change, 0, len(res.Records))
	for _, rec := range res.Records {
		m, _ := rec.Values[0].(map[string]any)
		c := graph.Change{Entities: []string{}, Facts: []graph.FactOutcome{}}
		c.ID, _ = m["id"].(string)
		if at, ok := m["recorded_at"].(time.Time); ok {
			c.At = at.UTC()
		}
		c.Kind, _ = m["kind"].(string)
		c.Author, _ = m["author"].(string)
		c.Role, _ = m["role"].(string)
		c.Reason, _ = m["reason"].(string)
		cites, _ := m["cites"].([]any)
		for _, x := range cites {
			c.Cites = append(c.Cites, x.(string))
		}
		if k, ok := m["idempotency_key"].(string); ok {
			_, c.IdempotencyKey, _ = strings.Cut(k, ":")
		}
		ents, _ := m["entities"].([]any)
		for _, e := range ents {
			c.Entities = append(c.Entities, e.(string))
		}
		sort.Strings(c.Entities)
		if text, ok := m["facts"].(string); ok {
			if err := json.Unmarshal([]byte(text), &c.Facts); err != nil {
				return nil, fmt.Errorf("decode change %s: %w", c.ID, err)
			}
		}
		out = append(out, c)
	}
	return out, nil
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nilIfZero(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}
