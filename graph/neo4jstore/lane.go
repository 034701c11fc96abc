package neo4jstore

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"fmt"
	"net"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"

	"github.com/cyberkg/cyberkg/internal/boltrelay"
)

// How long the lane waits for Neo4j to finish a statement that was cut off,
// and how often it looks. Neo4j does not interrupt a single long expression
// (a reduce over a huge list) when its transaction is terminated, so a slot
// stays taken until the server really is done, or until reapLimit.
const (
	reapLimit = 5 * time.Minute
	reapPoll  = 250 * time.Millisecond
)

// requestKey is the transaction metadata key that marks an ad-hoc
// transaction, so it can be found in SHOW TRANSACTIONS and terminated.
const requestKey = "cyberkg_request"

// AdhocLane runs analysts' own statements apart from everything else: a
// fixed number of slots, each a driver with one connection of its own that
// reaches Neo4j through a relay metering the bytes of every answer. A full
// lane refuses at once rather than queueing, and catalog queries never wait
// for it.
type AdhocLane struct {
	slots    chan *adhocSlot
	all      []*adhocSlot
	maxBytes int64
	closing  chan struct{} // closed by Close: reapers stop waiting
	once     sync.Once
}

type adhocSlot struct {
	relay  *boltrelay.Relay
	driver neo4j.DriverWithContext
}

// NewAdhocLane opens size slots to the server that uri names. An answer may
// bring at most maxBytes over the wire. Reads go to that one server: the
// relay cannot follow a cluster's routing table.
func NewAdhocLane(uri, username, password string, size int, maxBytes int64) (*AdhocLane, error) {
	if size < 1 || maxBytes < 1 {
		return nil, fmt.Errorf("ad-hoc lane: size and byte cap must be positive")
	}
	dial, err := upstreamDialer(uri)
	if err != nil {
		return nil, err
	}
	l := &AdhocLane{slots: make(chan *adhocSlot, size), maxBytes: maxBytes, closing: make(chan struct{})}
	for range size {
		relay, err := boltrelay.Listen(dial)
		if err != nil {
			l.Close(context.Background())
			return nil, fmt.Errorf("ad-hoc lane: %w", err)
		}
		driver, err := neo4j.NewDriverWithContext("bolt://"+relay.Addr(), neo4j.BasicAuth(username, password, ""), func(c *config.Config) {
			c.MaxConnectionPoolSize = 1
			c.ConnectionAcquisitionTimeout = acquireConnection
			c.SocketConnectTimeout = connectTimeout
			c.MaxTransactionRetryTime = 0
			// A connection the relay cut while it idled in the pool must be
			// noticed before use, not reported as an unreachable database.
			c.ConnectionLivenessCheckTimeout = 0
			c.UserAgent = "cyberkg-adhoc"
		})
		if err != nil {
			relay.Close()
			l.Close(context.Background())
			return nil, fmt.Errorf("ad-hoc lane: %w", err)
		}
		slot := &adhocSlot{relay: relay, driver: driver}
		l.all = append(l.all, slot)
		l.slots <- slot
	}
	return l, nil
}

// Free is the number of slots free now: Size when nothing runs or is reaped.
func (l *AdhocLane) Free() int { return len(l.slots) }

// Size is the number of statements the lane runs at once.
func (l *AdhocLane) Size() int { return cap(l.slots) }

// MaxBytes is the most an answer may bring over the wire.
func (l *AdhocLane) MaxBytes() int64 { return l.maxBytes }

// maxRowBytes is the most one row may bring: the driver decodes a row whole,
// at up to ~16 bytes of memory for each byte of small integers on the wire.
func (l *AdhocLane) maxRowBytes() int64 { return max(l.maxBytes/8, 1) }

// Close closes every slot's driver and relay, and stops the reapers.
func (l *AdhocLane) Close(ctx context.Context) {
	l.once.Do(func() { close(l.closing) })
	for _, s := range l.all {
		_ = s.driver.Close(ctx)
		_ = s.relay.Close()
	}
}

// acquire takes a free slot, or reports that there is none.
func (l *AdhocLane) acquire() (*adhocSlot, bool) {
	select {
	case s := <-l.slots:
		return s, true
	default:
		return nil, false
	}
}

func (l *AdhocLane) release(s *adhocSlot) { l.slots <- s }

func (l *AdhocLane) isClosed() bool {
	select {
	case <-l.closing:
		return true
	default:
		return false
	}
}

// pause waits d, or less when the lane closes.
func (l *AdhocLane) pause(d time.Duration) {
	select {
	case <-l.closing:
	case <-time.After(d):
	}
}

// upstreamDialer connects to the host and port of uri, with TLS for the +s
// and +ssc schemes (the relay carries plain Bolt from the driver).
func upstreamDialer(uri string) (func(ctx context.Context) (net.Conn, error), error) {
	u, err := url.Parse(uri)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("ad-hoc lane: the Neo4j URI has no host")
	}
	host := u.Host
	if u.Port() == "" {
		host = net.JoinHostPort(u.Hostname(), "7687")
	}
	var tlsConfig *tls.Config
	switch {
	case strings.HasSuffix(u.Scheme, "+s"):
		tlsConfig = &tls.Config{ServerName: u.Hostname(), MinVersion: tls.VersionTLS12}
	case strings.HasSuffix(u.Scheme, "+ssc"):
		tlsConfig = &tls.Config{InsecureSkipVerify: true, MinVersion: tls.VersionTLS12} //nolint:gosec // +ssc means: trust a self-signed certificate
	}
	return func(ctx context.Context) (net.Conn, error) {
		d := &net.Dialer{Timeout: connectTimeout}
		if tlsConfig != nil {
			return (&tls.Dialer{NetDialer: d, Config: tlsConfig}).DialContext(ctx, "tcp", host)
		}
		return d.DialContext(ctx, "tcp", host)
	}, nil
}

func newRequestTag() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// reap returns a slot whose statement was cut off (time limit, byte cap, a
// client that left) once Neo4j has no transaction of it left: it terminates
// every transaction of the request it sees, and waits until two listings in
// a row show none (the first may come before Neo4j has begun what the relay
// had already passed on). It gives up at reapLimit, or when the lane closes.
func (s *Store) reap(slot *adhocSlot, tag string) {
	defer s.lane.release(slot)
	deadline := time.Now().Add(reapLimit)
	terminated := map[string]bool{}
	empty := 0
	for ; empty < 2 && time.Now().Before(deadline); s.lane.pause(reapPoll) {
		if s.lane.isClosed() {
			return
		}
		if s.available() != nil {
			continue // Neo4j is down: wait to see it say the transaction is gone
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		ids, err := s.adhocTransactions(ctx, tag)
		var fresh []string
		for _, id := range ids {
			if !terminated[id] {
				fresh = append(fresh, id)
			}
		}
		switch {
		case err != nil:
			empty = 0
		case len(ids) == 0:
			empty++
		default:
			empty = 0
			if len(fresh) > 0 && s.terminateTransactions(ctx, fresh) == nil {
				for _, id := range fresh {
					terminated[id] = true
				}
			}
		}
		cancel()
	}
}

// adhocTransactions lists the transactions Neo4j still has for one ad-hoc
// request (tag), or for every ad-hoc request when tag is "".
func (s *Store) adhocTransactions(ctx context.Context, tag string) ([]string, error) {
	res, err := neo4j.ExecuteQuery(ctx, s.driver, stmtTransactionsByRequest.cypher, map[string]any{"key": requestKey, "tag": tag}, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(s.database), neo4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		return nil, translate("show ad-hoc transactions", err)
	}
	ids := make([]string, 0, len(res.Records))
	for _, r := range res.Records {
		if id, ok := r.Values[0].(string); ok {
			ids = append(ids, id)
		}
	}
	return ids, nil
}

// AdhocTransactions lists the ad-hoc transactions Neo4j is still running,
// for tests and operators: after every request has ended it should be empty,
// but for statements Neo4j itself cannot interrupt.
func (s *Store) AdhocTransactions(ctx context.Context) ([]string, error) {
	return s.adhocTransactions(ctx, "")
}

func (s *Store) terminateTransactions(ctx context.Context, ids []string) error {
	_, err := neo4j.ExecuteQuery(ctx, s.driver, stmtTransactionsTerminate.cypher, map[string]any{"ids": ids},
		neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(s.database), neo4j.ExecuteQueryWithWritersRouting())
	if err != nil {
		return translate("terminate ad-hoc transactions", err)
	}
	return nil
}
