package neo4jstore

import (
	"context"
	"errors"
	"io"
	"net"
	"os"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/cyberkg/cyberkg/graph"
)

// fakeProbe answers the gate's probes with whatever the test sets.
type fakeProbe struct {
	mu  sync.Mutex
	err error
	n   int
}

func (p *fakeProbe) set(err error) { p.mu.Lock(); p.err = err; p.mu.Unlock() }
func (p *fakeProbe) probe(context.Context) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n++
	return p.err
}

var (
	refused  = &neo4j.ConnectivityError{Inner: &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}}
	poolWait = &neo4j.ConnectivityError{Inner: errors.New("timeout while waiting for a pooled connection: context deadline exceeded")}
)

// eventually polls cond; the deadlines are generous, the gate's steps are
// fractions of a second.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not after 10 s", what)
		}
	}
}

func TestGateCutsCallsShortWhileNeo4jIsDown(t *testing.T) {
	p := &fakeProbe{err: refused}
	s := &Store{gate: newGate(p.probe)}

	// A call stuck in the driver's retry sleep is cancelled once a probe fails.
	err := s.guard(context.Background(), func(ctx context.Context) error {
		<-ctx.Done()
		return &neo4j.TransactionExecutionLimit{Cause: ctx.Err().Error(), Errors: []error{refused}}
	})
	if graph.ErrorCode(err) != graph.EUNAVAILABLE || graph.ErrorMessage(err) != "the database is unreachable" {
		t.Fatalf("guard(call to a stopped server) = %v, want %s: the database is unreachable", err, graph.EUNAVAILABLE)
	}
	// Later calls fail without reaching the driver.
	ran := false
	err = s.guard(context.Background(), func(context.Context) error { ran = true; return nil })
	if ran || graph.ErrorCode(err) != graph.EUNAVAILABLE {
		t.Errorf("guard(call while down) = %v, ran %v; want %s without running", err, ran, graph.EUNAVAILABLE)
	}
	// The prober lifts the gate once Neo4j answers, and then stops.
	p.set(nil)
	eventually(t, "gate up after Neo4j answers", func() bool { return s.available() == nil })
	p.mu.Lock()
	n := p.n
	p.mu.Unlock()
	time.Sleep(3 * probeEvery)
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.n != n {
		t.Errorf("the prober probed %d more times after the gate went up, want it stopped", p.n-n)
	}
}

func TestGateIgnoresWhatDoesNotProveAnOutage(t *testing.T) {
	tests := []struct {
		name  string
		probe error // what a probe meets
		call  error // what the call fails with
	}{
		{"busy pool", poolWait, poolWait},
		{"slow dial", &neo4j.ConnectivityError{Inner: &net.OpError{Op: "dial", Err: os.ErrDeadlineExceeded}}, nil},
		{"probe timed out", context.DeadlineExceeded, nil},
		{"a dead pooled connection, then a fresh one that works", nil, &neo4j.ConnectivityError{Inner: io.EOF}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &fakeProbe{err: tt.probe}
			s := &Store{gate: newGate(p.probe)}
			start := time.Now()
			err := s.guard(context.Background(), func(ctx context.Context) error {
				select {
				case <-ctx.Done():
					return ctx.Err()
				case <-time.After(3 * suspectAfter): // long enough to be probed
					return tt.call
				}
			})
			if !errors.Is(err, tt.call) {
				t.Errorf("guard(call failing with %v) = %v after %v, want the call's own error", tt.call, err, time.Since(start))
			}
			time.Sleep(2 * probeGap) // a probe the failure asked for
			if err := s.available(); err != nil {
				t.Errorf("available() after a probe met %v = %v, want nil", tt.probe, err)
			}
		})
	}
}

func TestGateLearnsFromReady(t *testing.T) {
	p := &fakeProbe{err: refused}
	s := &Store{gate: newGate(p.probe)}
	s.gate.observe(refused) // Ready's own check failed
	if graph.ErrorCode(s.available()) != graph.EUNAVAILABLE {
		t.Fatalf("available() after Ready met %v = %v, want %s", refused, s.available(), graph.EUNAVAILABLE)
	}
	p.set(nil)
	s.gate.observe(nil) // Ready's check succeeded
	eventually(t, "gate up after Ready succeeded", func() bool { return s.available() == nil })
}

func TestGateStopsProbingWhenTheDriverCloses(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now: connections are refused
	driver, err := Open("bolt://"+addr, "neo4j", "unused")
	if err != nil {
		t.Fatal(err)
	}
	s := New(driver, "neo4j")
	if err := s.Ready(context.Background()); graph.ErrorCode(err) != graph.EUNAVAILABLE {
		t.Fatalf("Ready() with nothing listening = %v, want %s", err, graph.EUNAVAILABLE)
	}
	if graph.ErrorCode(s.available()) != graph.EUNAVAILABLE {
		t.Fatalf("available() after a refused connection = %v, want %s", s.available(), graph.EUNAVAILABLE)
	}
	driver.Close(context.Background())
	eventually(t, "prober stopped after the driver closed", func() bool {
		s.gate.mu.Lock()
		defer s.gate.mu.Unlock()
		return !s.gate.probing
	})
}
