package neo4jstore

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/cyberkg/cyberkg/cypherguard"
	"github.com/cyberkg/cyberkg/graph"
)

// errRowCap stops reading once the row cap is passed; the transaction is
// rolled back, which also stops the query on the server.
var errRowCap = errors.New("row cap reached")

// Adhoc runs an analyst's own statement if, and only if, the server's plan of
// it passes the guard policy. It runs in a READ transaction (the server
// refuses any write there too), with a time limit and a row cap.
func (s *Store) Adhoc(ctx context.Context, req graph.AdhocRequest) (*graph.AdhocResult, error) {
	params := toDriverParams(req.Params)
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{
		DatabaseName: s.database,
		AccessMode:   neo4j.AccessModeRead,
		FetchSize:    min(req.MaxRows+1, 1000),
	})
	defer session.Close(context.Background())
	timeout := neo4j.WithTxTimeout(req.Timeout)

	plan, err := session.ExecuteRead(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		res, err := tx.Run(ctx, "EXPLAIN "+req.Statement, params)
		if err != nil {
			return nil, err
		}
		return res.Consume(ctx)
	}, timeout)
	if err != nil {
		return nil, s.statementError("explain", err)
	}
	summary := plan.(neo4j.ResultSummary)
	if err := s.policy.Check(summary.StatementType().String(), guardPlan(summary.Plan())); err != nil {
		return nil, &graph.Error{Code: graph.EINVALID, Param: "statement", Message: "refused: " + err.Error()}
	}

	out := &graph.AdhocResult{Rows: []map[string]any{}, MaxRows: req.MaxRows}
	_, err = session.ExecuteRead(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		out.Rows, out.Truncated = out.Rows[:0], false // a retried attempt starts afresh
		res, err := tx.Run(ctx, req.Statement, params)
		if err != nil {
			return nil, err
		}
		if out.Columns, err = res.Keys(); err != nil {
			return nil, err
		}
		for res.Next(ctx) {
			if len(out.Rows) == req.MaxRows {
				out.Truncated = true
				return nil, errRowCap
			}
			rec := res.Record()
			row := make(map[string]any, len(rec.Keys))
			for i, k := range rec.Keys {
				row[k] = typed(rec.Values[i])
			}
			out.Rows = append(out.Rows, row)
		}
		return nil, res.Err()
	}, timeout)
	if err != nil && !errors.Is(err, errRowCap) {
		return nil, s.statementError("run", err)
	}
	out.RowCount = len(out.Rows)
	return out, nil
}

// statementError reports what the server said about the analyst's own
// statement (a syntax error, an unknown function, a write in read mode, a
// USE of a database that does not exist) as bad input; other failures are
// translated as usual.
func (s *Store) statementError(op string, err error) error {
	var n4j *neo4j.Neo4jError
	otherDatabase := func() bool {
		return !strings.Contains(n4j.Msg, "'"+s.database+"'") && !strings.Contains(n4j.Msg, "`"+s.database+"`")
	}
	if errors.As(err, &n4j) && strings.HasPrefix(n4j.Code, "Neo.ClientError.") &&
		!strings.HasPrefix(n4j.Code, "Neo.ClientError.Transaction.TransactionTimedOut") &&
		!n4j.HasSecurityCode() && !strings.HasPrefix(n4j.Code, "Neo.ClientError.Cluster") &&
		(!strings.HasPrefix(n4j.Code, "Neo.ClientError.Database") || otherDatabase()) {
		msg := strings.TrimPrefix(n4j.Msg, "EXPLAIN ")
		return &graph.Error{Code: graph.EINVALID, Param: "statement", Message: fmt.Sprintf("Neo4j refused the statement (%s): %s", n4j.Code, msg)}
	}
	return translate("ad-hoc "+op, err)
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
