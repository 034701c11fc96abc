package neo4jstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/cyberkg/cyberkg/cypherguard"
	"github.com/cyberkg/cyberkg/graph"
)

// MaxValues bounds an ad-hoc answer by its values, not only its rows: one
// row can hold a list of millions, which the row cap alone would let through.
const MaxValues = 1_000_000

var errTooLarge = errors.New("result too large")

// countValues counts the scalars in a value, through lists, maps and the
// properties of nodes and relationships.
func countValues(v any) int {
	switch x := v.(type) {
	case []any:
		n := 0
		for _, e := range x {
			n += countValues(e)
		}
		return n + 1
	case map[string]any:
		n := 0
		for _, e := range x {
			n += countValues(e)
		}
		return n + 1
	case dbtype.Node:
		return countValues(x.Props) + len(x.Labels)
	case dbtype.Relationship:
		return countValues(x.Props) + 1
	case dbtype.Path:
		n := 0
		for _, node := range x.Nodes {
			n += countValues(node)
		}
		for _, r := range x.Relationships {
			n += countValues(r)
		}
		return n
	default:
		return 1
	}
}

// Adhoc runs an analyst's own statement if, and only if, its shape and the
// server's plan of it pass the guard. It runs in a slot of the ad-hoc lane, in
// a READ transaction (the server refuses any write there too), under a time
// limit enforced on both sides: the server's transaction timeout, and our own
// deadline, which cuts the connection when the server does not stop (Neo4j
// checks for termination between rows, not inside one long expression).
// Explicit transactions, not managed ones: an analyst's failing query is
// reported at once, never retried.
func (s *Store) Adhoc(ctx context.Context, req graph.AdhocRequest) (*graph.AdhocResult, error) {
	if err := cypherguard.CheckShape(req.Statement); err != nil {
		return nil, &graph.Error{Code: graph.EINVALID, Param: "statement", Message: "refused: " + err.Error()}
	}
	if s.lane == nil {
		return nil, graph.Errorf(graph.EUNAVAILABLE, "ad-hoc Cypher is not enabled on this server")
	}
	if err := s.available(); err != nil {
		return nil, err
	}
	slot, ok := s.lane.acquire()
	if !ok {
		return nil, graph.Errorf(graph.EBUSY, "all %d ad-hoc query slots are busy: try again shortly", s.lane.Size())
	}
	ctx, cancel := context.WithTimeout(ctx, req.Timeout)
	defer cancel()
	slot.relay.Meter(s.lane.maxBytes, s.lane.maxRowBytes())
	// When the deadline passes or the client leaves, the connection is cut at
	// once, so nothing waits on a server that does not answer.
	stopCut := context.AfterFunc(ctx, slot.relay.Cut)
	tag := newRequestTag()
	var (
		out      *graph.AdhocResult
		err      error
		exceeded bool
		finished bool
	)
	// Deferred, so that even a panic gives the slot back (or to the reaper).
	defer func() {
		if finished && !exceeded && serverAnswered(err) && stopCut() {
			s.lane.release(slot)
			return
		}
		// The server may still be running it: the slot is free again only
		// when the server's transaction has ended.
		slot.relay.Cut()
		go s.reap(slot, tag)
	}()
	// Not through the gate: a lane call has its own deadline and connection,
	// and a long one must not make the gate probe Neo4j all along.
	out, err = s.adhocIn(ctx, slot, req, tag)
	exceeded, finished = slot.relay.Exceeded(), true
	switch {
	case err == nil && !exceeded:
		return out, nil // complete, even if the deadline passed just now
	case exceeded:
		return nil, &graph.Error{Code: graph.EINVALID, Param: "statement", Message: fmt.Sprintf(
			"the answer is larger than %d bytes, or one row larger than %d: return fewer or smaller values (aggregate, add a LIMIT, or slice long lists)", s.lane.maxBytes, s.lane.maxRowBytes())}
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return nil, graph.Errorf(graph.ETIMEOUT, "the statement hit its time limit of %s", req.Timeout)
	case errors.Is(err, errTooLarge):
		return nil, &graph.Error{Code: graph.EINVALID, Param: "statement", Message: fmt.Sprintf(
			"the result holds more than %d values (counting every list element and map entry): aggregate, add a LIMIT, or slice long lists", MaxValues)}
	default:
		return nil, s.statementError(err)
	}
}

// serverAnswered tells whether a statement ended with the server's own
// answer (rows, a failure, a refusal of ours), so its transaction is over.
func serverAnswered(err error) bool {
	var n4j *neo4j.Neo4jError
	var domain *graph.Error
	return err == nil || errors.Is(err, errTooLarge) || errors.As(err, &n4j) || errors.As(err, &domain)
}

// adhocIn plans, checks and runs the statement on the slot's own connection.
func (s *Store) adhocIn(ctx context.Context, slot *adhocSlot, req graph.AdhocRequest, tag string) (*graph.AdhocResult, error) {
	params := toDriverParams(req.Params)
	session := slot.driver.NewSession(ctx, neo4j.SessionConfig{
		DatabaseName: s.database,
		AccessMode:   neo4j.AccessModeRead,
		FetchSize:    min(req.MaxRows+1, 1000),
	})
	defer session.Close(context.Background()) // never blocks: a stuck connection has been cut
	config := []func(*neo4j.TransactionConfig){neo4j.WithTxTimeout(req.Timeout), neo4j.WithTxMetadata(map[string]any{requestKey: tag})}

	summary, err := s.explain(ctx, session, req, params, config)
	if err != nil {
		return nil, err
	}
	if err := s.policy.Check(summary.StatementType().String(), guardPlan(summary.Plan())); err != nil {
		return nil, &graph.Error{Code: graph.EINVALID, Param: "statement", Message: "refused: " + err.Error()}
	}
	return s.runAdhoc(ctx, session, req, params, config)
}

func (s *Store) explain(ctx context.Context, session neo4j.SessionWithContext, req graph.AdhocRequest, params map[string]any, config []func(*neo4j.TransactionConfig)) (neo4j.ResultSummary, error) {
	tx, err := session.BeginTransaction(ctx, config...)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback(context.Background())
	res, err := tx.Run(ctx, "EXPLAIN "+req.Statement, params)
	if err != nil {
		return nil, err
	}
	return res.Consume(ctx)
}

// runAdhoc reads rows up to the caps; the transaction is always rolled back,
// which also stops a query cut short on the server.
func (s *Store) runAdhoc(ctx context.Context, session neo4j.SessionWithContext, req graph.AdhocRequest, params map[string]any, config []func(*neo4j.TransactionConfig)) (*graph.AdhocResult, error) {
	tx, err := session.BeginTransaction(ctx, config...)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback(context.Background())
	res, err := tx.Run(ctx, req.Statement, params)
	if err != nil {
		return nil, err
	}
	out := &graph.AdhocResult{Rows: []json.RawMessage{}, MaxRows: req.MaxRows}
	if out.Columns, err = res.Keys(); err != nil {
		return nil, err
	}
	values := 0
	for res.Next(ctx) {
		if len(out.Rows) == req.MaxRows {
			out.Truncated = true
			break
		}
		rec := res.Record()
		row := make(map[string]any, len(rec.Keys))
		for i, k := range rec.Keys {
			values += countValues(rec.Values[i])
			row[k] = typed(rec.Values[i])
		}
		if values > MaxValues {
			return nil, errTooLarge
		}
		encoded, err := json.Marshal(row)
		if err != nil {
			return nil, fmt.Errorf("encode row %d: %w", len(out.Rows)+1, err)
		}
		out.Rows = append(out.Rows, encoded)
	}
	if !out.Truncated {
		if err := res.Err(); err != nil {
			return nil, err
		}
	}
	out.RowCount = len(out.Rows)
	return out, nil
}

// statementError reports what the server said about the analyst's own
// statement as bad input: a syntax error, an unknown function, a write in
// read mode, a USE of another database, and a failure while it ran on the
// user's own values (a negative substring, an index out of range). Time
// limits, unavailability and our own credentials are translated as usual.
func (s *Store) statementError(err error) error {
	var domain *graph.Error
	if errors.As(err, &domain) {
		return err
	}
	var n4j *neo4j.Neo4jError
	if !errors.As(err, &n4j) {
		return translate("ad-hoc statement", err)
	}
	if strings.HasSuffix(n4j.Code, "MemoryPoolOutOfMemoryError") || strings.HasSuffix(n4j.Code, "General.OutOfMemoryError") {
		return &graph.Error{Code: graph.EINVALID, Param: "statement",
			Message: "the statement needs more memory than one transaction may use (db.memory.transaction.max): aggregate less at once or add a LIMIT"}
	}
	ours := strings.Contains(n4j.Msg, "'"+s.database+"'") || strings.Contains(n4j.Msg, "`"+s.database+"`")
	users := strings.HasPrefix(n4j.Code, "Neo.DatabaseError.Statement.") ||
		(strings.HasPrefix(n4j.Code, "Neo.ClientError.") &&
			!strings.HasPrefix(n4j.Code, "Neo.ClientError.Transaction.TransactionTimedOut") &&
			!n4j.HasSecurityCode() && !strings.HasPrefix(n4j.Code, "Neo.ClientError.Cluster") &&
			(!strings.HasPrefix(n4j.Code, "Neo.ClientError.Database") || !ours))
	if users {
		msg := strings.TrimPrefix(n4j.Msg, "EXPLAIN ")
		return &graph.Error{Code: graph.EINVALID, Param: "statement", Message: fmt.Sprintf("Neo4j refused the statement (%s): %s", n4j.Code, msg)}
	}
	return translate("ad-hoc statement", err)
}

func guardPlan(p neo4j.Plan) cypherguard.Plan {
	if p == nil {
		return cypherguard.Plan{}
	}
	args := p.Arguments()
	out := cypherguard.Plan{Operator: p.Operator()}
	out.Details, _ = args["Details"].(string)
	switch rows := args["EstimatedRows"].(type) {
	case float64:
		out.EstimatedRows = rows
	case int64:
		out.EstimatedRows = float64(rows)
	}
	for _, c := range p.Children() {
		out.Children = append(out.Children, guardPlan(c))
	}
	return out
}
