// Package boltrelay relays connections from a loopback listener to one
// upstream server, metering the bytes the server sends back. The Neo4j
// driver offers no hook into its socket, so this is where an answer's size
// can be capped while it streams in, and where a stuck connection can be cut.
package boltrelay

import (
	"context"
	"io"
	"net"
	"sync"
	"time"
)

// dialTimeout bounds connecting to the upstream server.
const dialTimeout = 10 * time.Second

// Relay listens on 127.0.0.1 and relays every connection it accepts to the
// upstream server. Bytes from the server count against a budget set by
// Meter; past it, the connection is cut.
type Relay struct {
	ln   net.Listener
	dial func(ctx context.Context) (net.Conn, error)

	mu       sync.Mutex
	conns    map[net.Conn]struct{}
	budget   int64 // bytes of all answers since Meter; 0: no limit
	message  int64 // bytes of one Bolt message (one row); 0: no limit
	used     int64
	exceeded bool
	closed   bool
	gen      int // counts Cuts: a connection from before the last one is dead
}

// Listen starts a relay to the server that dial connects to.
func Listen(dial func(ctx context.Context) (net.Conn, error)) (*Relay, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	r := &Relay{ln: ln, dial: dial, conns: map[net.Conn]struct{}{}}
	go r.serve()
	return r, nil
}

// Addr is the loopback address to connect to ("127.0.0.1:port").
func (r *Relay) Addr() string { return r.ln.Addr().String() }

// Meter starts counting afresh: from now on the server may send at most
// budget bytes in all, and no single Bolt message (a row) over message bytes,
// before the connection is cut; 0 is no limit. The driver decodes a whole
// row at once, so one huge row must be stopped on the wire.
func (r *Relay) Meter(budget, message int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.budget, r.message, r.used, r.exceeded = budget, message, 0, false
}

// Exceeded reports whether the budget set by the last Meter was overrun.
func (r *Relay) Exceeded() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.exceeded
}

// Cut closes every relayed connection now, and any still being dialled;
// new ones may follow.
func (r *Relay) Cut() {
	r.mu.Lock()
	r.gen++
	conns := make([]net.Conn, 0, len(r.conns))
	for c := range r.conns {
		conns = append(conns, c)
	}
	r.mu.Unlock()
	// Outside the lock: closing a TLS connection may wait to say goodbye.
	for _, c := range conns {
		_ = c.Close()
	}
}

// Close stops listening and cuts every connection.
func (r *Relay) Close() error {
	r.mu.Lock()
	r.closed = true
	r.mu.Unlock()
	err := r.ln.Close()
	r.Cut()
	return err
}

func (r *Relay) serve() {
	for {
		c, err := r.ln.Accept()
		if err != nil {
			return // closed
		}
		go r.relay(c)
	}
}

// track registers both ends of a relayed connection accepted in generation
// gen; false once the relay is closed or was cut since.
func (r *Relay) track(gen int, conns ...net.Conn) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed || r.gen != gen {
		return false
	}
	for _, c := range conns {
		r.conns[c] = struct{}{}
	}
	return true
}

func (r *Relay) untrack(conns ...net.Conn) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, c := range conns {
		delete(r.conns, c)
		_ = c.Close()
	}
}

// spend counts n bytes from the server, in which a message reached the
// given size; false when either overruns its limit, or when the connection
// (of generation gen) was cut, so late bytes never count against the next answer.
func (r *Relay) spend(gen, n int, message int64) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.gen != gen {
		return false
	}
	r.used += int64(n)
	if (r.budget > 0 && r.used > r.budget) || (r.message > 0 && message > r.message) {
		r.exceeded = true
		return false
	}
	return true
}

func (r *Relay) relay(client net.Conn) {
	r.mu.Lock()
	gen := r.gen
	r.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), dialTimeout)
	upstream, err := r.dial(ctx)
	cancel()
	if err != nil {
		_ = client.Close()
		return
	}
	if !r.track(gen, client, upstream) {
		_ = client.Close()
		_ = upstream.Close()
		return
	}
	defer r.untrack(client, upstream)
	go func() {
		_, _ = io.Copy(upstream, client)
		_ = upstream.Close() // the client hung up: so does the server side
	}()
	buf := make([]byte, 32<<10)
	frames := newFramer()
	for {
		n, err := upstream.Read(buf)
		if n > 0 {
			if !r.spend(gen, n, frames.feed(buf[:n])) {
				return // over budget: untrack cuts both ends
			}
			if _, werr := client.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return // EOF, or a connection cut on either side
		}
	}
}
