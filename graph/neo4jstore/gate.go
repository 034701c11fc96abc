package neo4jstore

import (
	"context"
	"errors"
	"io"
	"net"
	"sync"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/cyberkg/cyberkg/graph"
)

// While Neo4j is down the driver retries each call for maxRetryTime before it
// gives up, so every request would take seconds to get its 503. The gate
// remembers that Neo4j is down and fails calls at once, and probes Neo4j in
// the background until it answers again.
const (
	// suspectAfter: a call still running after this makes the gate probe
	// Neo4j, since a call to a stopped server sits in the driver's retry
	// sleep (1 s and more) after its first failed attempt. A call that runs
	// on is suspected again at doubling gaps, up to suspectMaxGap, so a long
	// query or load does not probe Neo4j five times a second all along.
	suspectAfter  = 200 * time.Millisecond
	suspectMaxGap = 5 * time.Second
	// probeGap bounds how often slow calls may probe while Neo4j is up.
	probeGap = 100 * time.Millisecond
	// probeEvery is how often a down gate probes until Neo4j answers.
	probeEvery = 500 * time.Millisecond
	// probeTimeout bounds one probe.
	probeTimeout = 2 * time.Second
)

// gate is Neo4j's availability as last seen. Only a failed probe puts it
// down: a single failed call may just have met a pooled connection that
// died with an earlier server, so it only asks for a probe.
type gate struct {
	probe func(context.Context) error // VerifyConnectivity: dials when no pooled connection is idle

	mu        sync.Mutex
	cause     error // non-nil while down: what the last probe met
	calls     map[*call]struct{}
	probing   bool // a probe, or the prober, runs
	lastProbe time.Time
}

// call is one call into the driver that the gate may cut short.
type call struct {
	cancel context.CancelCauseFunc
	timer  *time.Timer
	gap    time.Duration // until the next suspicion
	downed error         // set when the gate cancelled it
}

func newGate(probe func(context.Context) error) *gate {
	return &gate{probe: probe, calls: map[*call]struct{}{}}
}

// available fails at once, with graph.EUNAVAILABLE, while Neo4j is known to
// be unreachable. Every call into the driver checks it first.
func (s *Store) available() error { return s.gate.err() }

// guard runs one call into the driver under the gate: it fails at once while
// Neo4j is down, and is cancelled if Neo4j goes down while it runs.
func (s *Store) guard(ctx context.Context, do func(context.Context) error) error {
	if err := s.available(); err != nil {
		return err
	}
	ctx, end := s.gate.track(ctx)
	ended := false
	defer func() {
		if !ended { // do panicked: the call must not stay tracked
			_ = end(context.Canceled)
		}
	}()
	err := do(ctx)
	ended = true
	return end(err)
}

func (g *gate) err() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.cause == nil {
		return nil
	}
	return unreachableError(g.cause)
}

func unreachableError(cause error) error {
	return &wrapped{domain: &graph.Error{Code: graph.EUNAVAILABLE, Message: "the database is unreachable"}, cause: cause}
}

// track registers a call. The returned context is cancelled if the gate goes
// down meanwhile; end must be called with the call's error, and returns the
// error to report.
func (g *gate) track(ctx context.Context) (context.Context, func(error) error) {
	ctx, cancel := context.WithCancelCause(ctx)
	c := &call{cancel: cancel, gap: suspectAfter}
	g.mu.Lock()
	if g.cause != nil { // went down since the caller checked
		c.downed = unreachableError(g.cause)
		cancel(c.downed)
	}
	g.calls[c] = struct{}{}
	c.timer = time.AfterFunc(suspectAfter, func() { g.slow(c) })
	g.mu.Unlock()
	return ctx, func(err error) error {
		g.mu.Lock()
		delete(g.calls, c)
		c.timer.Stop()
		downed := c.downed
		g.mu.Unlock()
		done := ctx.Err() != nil
		cancel(nil)
		switch {
		case downed != nil && err != nil:
			return downed
		case err != nil && !done && unreachable(err):
			g.suspect()
		}
		return err
	}
}

// slow probes for a call that has run for suspectAfter, and again at
// doubling gaps while it runs.
func (g *gate) slow(c *call) {
	g.mu.Lock()
	if _, ok := g.calls[c]; !ok {
		g.mu.Unlock()
		return
	}
	c.gap = min(2*c.gap, suspectMaxGap)
	c.timer.Reset(c.gap)
	g.mu.Unlock()
	g.suspect()
}

// suspect starts a probe unless one runs or ran a moment ago.
func (g *gate) suspect() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.probing || time.Since(g.lastProbe) < probeGap {
		return
	}
	g.probing = true
	go g.probeUntilUp()
}

// probeUntilUp probes now, and while Neo4j is down every probeEvery, until
// it answers (or the driver is closed: a closed driver answers at once).
func (g *gate) probeUntilUp() {
	for {
		ctx, cancel := context.WithTimeout(context.Background(), probeTimeout)
		err := g.probe(ctx)
		cancel()
		g.mu.Lock()
		g.observeLocked(err)
		if g.cause == nil {
			g.probing = false
			g.mu.Unlock()
			return
		}
		g.mu.Unlock()
		time.Sleep(probeEvery)
	}
}

// observe records the outcome of a connectivity check made elsewhere (Ready's).
func (g *gate) observe(err error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.observeLocked(err)
	if g.cause != nil && !g.probing {
		g.probing = true
		go g.probeUntilUp()
	}
}

// observeLocked moves the gate on a probe's outcome: down when Neo4j could
// not be reached, cancelling the calls in flight; up when it answered
// anything; unchanged on a timeout, which proves neither.
func (g *gate) observeLocked(err error) {
	g.lastProbe = time.Now()
	switch {
	case unreachable(err):
		if g.cause == nil {
			down := unreachableError(err)
			for c := range g.calls {
				c.downed = down
				c.cancel(down)
			}
		}
		g.cause = err
	case err == nil || !inconclusive(err):
		g.cause = nil
	}
}

// unreachable reports whether err says Neo4j could not be reached: refused,
// reset or closed connections. Timeouts do not count: the server may only be
// slow, or the pool busy (the driver calls a pool wait a connectivity error).
func unreachable(err error) bool {
	var limit *neo4j.TransactionExecutionLimit
	if errors.As(err, &limit) && len(limit.Errors) > 0 {
		err = limit.Errors[len(limit.Errors)-1]
	}
	var ce *neo4j.ConnectivityError
	if !errors.As(err, &ce) || ce.Inner == nil {
		return false
	}
	var ne net.Error
	if errors.As(ce.Inner, &ne) {
		return !ne.Timeout()
	}
	return errors.Is(ce.Inner, io.EOF) || errors.Is(ce.Inner, io.ErrUnexpectedEOF)
}

// inconclusive reports whether a probe's error says nothing either way.
func inconclusive(err error) bool {
	var ce *neo4j.ConnectivityError
	return errors.As(err, &ce) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled)
}
