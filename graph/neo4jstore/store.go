package neo4jstore

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/cyberkg/cyberkg/cypherguard"
	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/queries"
)

// DefaultTimeout bounds a read when the statement names no timeout of its own.
const DefaultTimeout = 15 * time.Second

// deadlineMargin is how long past a statement's own timeout we wait for the
// server to report it, before giving up on the connection.
const deadlineMargin = time.Second

// Store is a graph.Store backed by one Neo4j database.
type Store struct {
	driver   neo4j.DriverWithContext
	database string
	policy   cypherguard.Policy
	lane     *AdhocLane // nil: ad-hoc statements are refused
	gate     *gate
}

var _ graph.Store = (*Store)(nil)

// Option configures a Store.
type Option func(*Store)

// WithAdhocLane runs analysts' own statements (Adhoc) in lane.
func WithAdhocLane(lane *AdhocLane) Option { return func(s *Store) { s.lane = lane } }

// New returns a store over an open driver; it does not own the driver, nor
// the ad-hoc lane.
func New(driver neo4j.DriverWithContext, database string, opts ...Option) *Store {
	s := &Store{driver: driver, database: database, policy: cypherguard.Default(database), gate: newGate(driver.VerifyConnectivity)}
	for _, opt := range opts {
		opt(s)
	}
	return s
}

// Answer answers a catalog question: the query of that name in queries/, in
// a read transaction routed to readers, with the page it asks for and the
// graph's version read in the same statement (one round trip).
func (s *Store) Answer(ctx context.Context, q graph.Question) (*graph.Result, error) {
	query, ok := queries.ByName(q.Name)
	if !ok {
		return nil, graph.Errorf(graph.ENOTFOUND, "no query named %q", q.Name)
	}
	limit := q.Page.Limit
	if limit <= 0 {
		limit = math.MaxInt32
	}
	params := queries.PageParams(q.Page.Offset, limit)
	maps.Copy(params, q.Params)
	res, err := s.read(ctx, run{name: q.Name, cypher: pagedText[query.Name], params: params, timeout: q.Timeout})
	if err != nil {
		return nil, err
	}
	if len(res.Records) != 1 {
		return nil, fmt.Errorf("query %s: %d rows where the page is one", q.Name, len(res.Records))
	}
	rec := res.Records[0]
	rows, _ := rec.Values[2].([]any)
	out := &graph.Result{Columns: query.Columns, Rows: make([]map[string]any, 0, len(rows)), Version: versionOf(rec.Values[0], rec.Values[1])}
	for _, r := range rows {
		values, _ := r.([]any)
		row := make(map[string]any, len(query.Columns))
		for i, k := range query.Columns {
			row[k] = fromDriver(values[i])
		}
		out.Rows = append(out.Rows, row)
	}
	return out, nil
}

// pagedText is each catalog query wrapped so that one statement reads the
// graph's version first, then the query's page of rows (queries.Paged), as
// one row holding the page as a list, so that an empty answer carries the
// version too. The text is the
// catalog's own and Go's; every value is a parameter.
var pagedText = func() map[string]string {
	m := make(map[string]string, len(queries.All))
	for _, q := range queries.All {
		m[q.Name] = "OPTIONAL MATCH (graph_version:GraphVersion {id: 'graph'})\n" +
			"CALL () {\n" +
			"CALL () {\n" + q.Paged() + "\n}\n" +
			"RETURN collect([" + strings.Join(q.Columns, ", ") + "]) AS page_rows\n}\n" +
			"RETURN graph_version.n, graph_version.at, page_rows"
	}
	return m
}()

// Version reads the graph's version.
func (s *Store) Version(ctx context.Context) (graph.Version, error) {
	res, err := s.read(ctx, run{name: stmtGraphVersion.name, cypher: stmtGraphVersion.cypher})
	if err != nil {
		return graph.Version{}, err
	}
	if len(res.Records) == 0 {
		return graph.Version{}, nil
	}
	return versionOf(res.Records[0].Values[0], res.Records[0].Values[1]), nil
}

var stmtGraphVersion = mustRead("graph_version_get")

// versionOf reads a version's number and time; a graph never written since
// it began keeping versions has none (the zero Version).
func versionOf(n, at any) graph.Version {
	t, ok := at.(time.Time)
	if !ok {
		return graph.Version{}
	}
	v, _ := n.(int64)
	return graph.Version{N: v, At: t.UTC()}
}

// rows runs a read and converts its records to plain values.
func (s *Store) rows(ctx context.Context, r run) (*graph.Result, error) {
	res, err := s.read(ctx, r)
	if err != nil {
		return nil, err
	}
	out := &graph.Result{Columns: res.Keys, Rows: make([]map[string]any, 0, len(res.Records))}
	for _, rec := range res.Records {
		row := make(map[string]any, len(res.Keys))
		for i, k := range res.Keys {
			row[k] = fromDriver(rec.Values[i])
		}
		out.Rows = append(out.Rows, row)
	}
	return out, nil
}

// read runs a statement in a read transaction and returns the driver's records.
func (s *Store) read(ctx context.Context, st run) (*neo4j.EagerResult, error) {
	timeout := st.timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	// Our own deadline backs the server's transaction timeout: a server that
	// stops answering cannot hold the request, and the driver drops a
	// connection whose read was cut off rather than pool it again.
	ctx, cancel := context.WithTimeout(ctx, timeout+deadlineMargin)
	defer cancel()
	var res *neo4j.EagerResult
	err := s.guard(ctx, func(ctx context.Context) (err error) {
		res, err = neo4j.ExecuteQuery(ctx, s.driver, st.cypher, toDriverParams(st.params), neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase(s.database),
			neo4j.ExecuteQueryWithReadersRouting(),
			neo4j.ExecuteQueryWithTransactionConfig(neo4j.WithTxTimeout(timeout)))
		return err
	})
	if err != nil {
		return nil, translate(fmt.Sprintf("query %s", st.name), err)
	}
	return res, nil
}

// raw is read for the store's own statements.
func (s *Store) raw(ctx context.Context, st *statement, params map[string]any) ([]*neo4j.Record, error) {
	res, err := s.read(ctx, st.with(params))
	if err != nil {
		return nil, err
	}
	return res.Records, nil
}

func (s *Store) write(ctx context.Context, name, cypher string, params map[string]any) (*neo4j.EagerResult, error) {
	var res *neo4j.EagerResult
	err := s.guard(ctx, func(ctx context.Context) (err error) {
		res, err = neo4j.ExecuteQuery(ctx, s.driver, cypher, params, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase(s.database),
			neo4j.ExecuteQueryWithWritersRouting())
		return err
	})
	if err != nil {
		return nil, translate(name, err)
	}
	return res, nil
}

// Kinds returns the kind label of each id the graph knew on known.
func (s *Store) Kinds(ctx context.Context, ids []string, known graph.KnownOn) (map[string]string, error) {
	res, err := s.rows(ctx, stmtKindsListByID.with(map[string]any{"ids": ids, "known_on": known}))
	if err != nil {
		return nil, err
	}
	kinds := make(map[string]string, len(res.Rows))
	for _, row := range res.Rows {
		id, _ := row["id"].(string)
		kinds[id] = graph.KindOf(toStrings(row["labels"]))
	}
	return kinds, nil
}

// Names returns the current entities of the given kinds with their names,
// aliases and external ids.
func (s *Store) Names(ctx context.Context, kinds []string) ([]graph.Named, error) {
	res, err := s.rows(ctx, stmtNamesListByKind.with(map[string]any{"kinds": kinds, "known_on": graph.KnownOn{}}))
	if err != nil {
		return nil, err
	}
	out := make([]graph.Named, 0, len(res.Rows))
	for _, row := range res.Rows {
		id, _ := row["id"].(string)
		name, _ := row["name"].(string)
		text := func(key string) string { v, _ := row[key].(string); return v }
		sources := toStrings(row["sources"])
		slices.Sort(sources)
		out = append(out, graph.Named{ID: id, Kind: graph.KindOf(toStrings(row["labels"])), Name: name, ISO2: text("iso2"),
			Owner: text("owner"), Aliases: toStrings(row["aliases"]), ExternalIDs: toStrings(row["external_ids"]),
			Description: text("description"), DescriptionAttribution: text("description_attribution"),
			Wikidata: text("wikidata"), Note: text("note"), Sources: sources})
	}
	return out, nil
}

// EventsAttended returns the events attendee attended that are dated on
// the day on, as the graph knows them now.
func (s *Store) EventsAttended(ctx context.Context, attendee string, on graph.Date) ([]graph.EntityRef, error) {
	res, err := s.rows(ctx, stmtEventsByAttendee.with(map[string]any{"attendee": attendee, "date": on, "known_on": graph.KnownOn{}}))
	if err != nil {
		return nil, err
	}
	out := make([]graph.EntityRef, 0, len(res.Rows))
	for _, row := range res.Rows {
		out = append(out, graph.EntityRef{ID: str(row["id"]), Kind: "Event", Name: str(row["name"])})
	}
	return out, nil
}

// Entity returns one entity, its relationships and the sources they cite,
// as the graph knew them on known.
func (s *Store) Entity(ctx context.Context, id string, known graph.KnownOn) (*graph.Entity, error) {
	res, err := s.rows(ctx, stmtEntityGet.with(map[string]any{"id": id, "known_on": known, "per_group": graph.LinksPerGroup}))
	if err != nil {
		return nil, err
	}
	if len(res.Rows) == 0 {
		return nil, graph.Errorf(graph.ENOTFOUND, "no entity with id %q", id)
	}
	row := res.Rows[0]
	if ok, _ := row["known"].(bool); !ok {
		return nil, notKnown(id, known, str(row["recorded_from"]), str(row["recorded_until"]))
	}
	labels := toStrings(row["labels"])
	e := &graph.Entity{ID: id, Kind: graph.KindOf(labels), Labels: labels, Links: []graph.Link{}, LinkGroups: []graph.LinkGroup{}, Sources: []graph.SourceRef{}}
	e.Properties, _ = row["properties"].(map[string]any)
	for _, g := range toMaps(row["groups"]) {
		group := graph.LinkGroup{Type: str(g["type"]), Direction: "in"}
		if out, _ := g["out"].(bool); out {
			group.Direction = "out"
		}
		count, _ := g["count"].(int64)
		group.Count = int(count)
		for _, l := range toMaps(g["links"]) {
			link := graph.Link{Type: group.Type, Direction: group.Direction, Other: graph.EntityRef{
				ID: str(l["other_id"]), Kind: graph.KindOf(toStrings(l["other_labels"])), Name: str(l["other_name"]),
			}}
			link.Properties, _ = l["properties"].(map[string]any)
			e.Links = append(e.Links, link)
			group.Shown++
		}
		e.LinkGroups = append(e.LinkGroups, group)
	}
	// Groups come in no set order; links keep theirs (by the other end's id).
	sort.SliceStable(e.LinkGroups, func(i, j int) bool {
		a, b := e.LinkGroups[i], e.LinkGroups[j]
		return a.Type < b.Type || a.Type == b.Type && a.Direction < b.Direction
	})
	sort.SliceStable(e.Links, func(i, j int) bool {
		a, b := e.Links[i], e.Links[j]
		return a.Type < b.Type || a.Type == b.Type && a.Direction < b.Direction
	})
	for _, src := range toMaps(row["sources"]) {
		e.Sources = append(e.Sources, graph.SourceRef{ID: str(src["id"]), Title: str(src["title"]),
			Publisher: str(src["publisher"]), URL: str(src["url"]), Reliability: str(src["reliability"])})
	}
	sort.Slice(e.Sources, func(i, j int) bool { return e.Sources[i].ID < e.Sources[j].ID })
	return e, nil
}

// notKnown is the not-found error of an entity that exists but that the
// graph did not know on known: retracted by then, or recorded only later.
// recordedFrom and recordedUntil are RFC 3339 timestamps, or "" for none.
func notKnown(id string, known graph.KnownOn, recordedFrom, recordedUntil string) error {
	from, _ := time.Parse(time.RFC3339Nano, recordedFrom)
	until, _ := time.Parse(time.RFC3339Nano, recordedUntil)
	asked := known.UTC().Format(time.RFC3339Nano)
	switch {
	case !until.IsZero() && known.Now():
		return graph.Errorf(graph.ENOTFOUND, "entity %q was retracted at %s (known_on before then shows it)", id, recordedUntil)
	case !from.IsZero() && known.Before(from):
		return graph.Errorf(graph.ENOTFOUND, "entity %q was first recorded at %s, after known_on %s", id, recordedFrom, asked)
	case !until.IsZero() && !known.Before(until):
		return graph.Errorf(graph.ENOTFOUND, "entity %q was retracted at %s, before known_on %s", id, recordedUntil, asked)
	default:
		return graph.Errorf(graph.ENOTFOUND, "no entity with id %q known on %s", id, asked)
	}
}

// Ready checks that Neo4j answers and that every migration has been applied.
// It always asks Neo4j, whatever the gate says, and tells the gate.
func (s *Store) Ready(ctx context.Context) error {
	err := s.driver.VerifyConnectivity(ctx)
	s.gate.observe(err)
	if err != nil {
		return translate("verify connectivity", err)
	}
	applied, err := s.appliedMigrations(ctx)
	if err != nil {
		return err
	}
	var missing []string
	for _, m := range migrations {
		if !applied[m.version] {
			missing = append(missing, m.version)
		}
	}
	if len(missing) > 0 {
		return graph.Errorf(graph.EUNAVAILABLE, "schema not applied: migrations %s pending (run 'cyberkg migrate')", strings.Join(missing, ", "))
	}
	return nil
}

// translate maps a driver error to a domain error, keeping the original for the log.
func translate(op string, err error) error {
	var domain *graph.Error
	if errors.As(err, &domain) {
		return fmt.Errorf("%s: %w", op, err) // already a domain error, raised inside a transaction function
	}
	var limit *neo4j.TransactionExecutionLimit
	if errors.As(err, &limit) && len(limit.Errors) > 0 {
		err = limit.Errors[len(limit.Errors)-1]
	}
	code, msg := graph.EINTERNAL, "internal error"
	var n4j *neo4j.Neo4jError
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		code, msg = graph.ETIMEOUT, "the query ran out of time"
	case errors.Is(err, context.Canceled):
		code, msg = graph.EUNAVAILABLE, "the request was cancelled"
	case errors.As(err, &n4j):
		switch {
		case strings.HasPrefix(n4j.Code, "Neo.ClientError.Transaction.TransactionTimedOut"),
			n4j.Code == "Neo.TransientError.Transaction.LockClientStopped" && strings.Contains(n4j.Msg, "timeout"):
			code, msg = graph.ETIMEOUT, "the query hit its time limit"
		case n4j.Code == "Neo.ClientError.Schema.ConstraintValidationFailed":
			code, msg = graph.ECONFLICT, "a uniqueness constraint refused the change"
		case n4j.Code == "Neo.ClientError.Statement.EntityNotFound":
			code, msg = graph.ENOTFOUND, "not found"
		case n4j.HasSecurityCode():
			code, msg = graph.EUNAVAILABLE, "the database refused our credentials"
		case strings.HasPrefix(n4j.Code, "Neo.TransientError"), strings.HasPrefix(n4j.Code, "Neo.ClientError.Cluster"):
			code, msg = graph.EUNAVAILABLE, "the database is busy or unavailable"
		case strings.HasPrefix(n4j.Code, "Neo.ClientError.Database.DatabaseNotFound"):
			code, msg = graph.EUNAVAILABLE, "the configured database does not exist"
		}
	case neo4j.IsConnectivityError(err):
		code, msg = graph.EUNAVAILABLE, "the database is unreachable"
	}
	return fmt.Errorf("%s: %w", op, &wrapped{domain: &graph.Error{Code: code, Message: msg}, cause: err})
}

// wrapped is a graph.Error that keeps the driver error it came from, so the
// log shows the cause while the client sees only the domain message.
type wrapped struct {
	domain *graph.Error
	cause  error
}

func (w *wrapped) Error() string   { return w.domain.Error() + ": " + w.cause.Error() }
func (w *wrapped) Unwrap() []error { return []error{w.domain, w.cause} }

// Ping asks Neo4j the trivial question: the baseline of the benchmarks.
func (s *Store) Ping(ctx context.Context) error {
	_, err := s.read(ctx, stmtPing.with(nil))
	return err
}

// Explain plans a statement without running it and returns the server's
// statement type: "r" (read only), "rw", "w" (write) or "s" (schema). Tests
// use it to check the catalog and the store's own statements.
func (s *Store) Explain(ctx context.Context, name, cypher string, params map[string]any) (string, error) {
	var res *neo4j.EagerResult
	err := s.guard(ctx, func(ctx context.Context) (err error) {
		res, err = neo4j.ExecuteQuery(ctx, s.driver, "EXPLAIN "+cypher, toDriverParams(params), neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase(s.database),
			neo4j.ExecuteQueryWithReadersRouting())
		return err
	})
	if err != nil {
		return "", translate(fmt.Sprintf("explain %s", name), err)
	}
	return res.Summary.StatementType().String(), nil
}
