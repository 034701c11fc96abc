package boltrelay

import (
	"bytes"
	"context"
	"io"
	"net"
	"testing"
	"time"
)

// echoServer answers each connection by sending size bytes after it reads one byte.
func echoServer(t *testing.T, size int) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				one := make([]byte, 1)
				for {
					if _, err := io.ReadFull(c, one); err != nil {
						return
					}
					if _, err := c.Write(bytes.Repeat([]byte{'x'}, size)); err != nil {
						return
					}
				}
			}()
		}
	}()
	return ln.Addr().String()
}

func relayTo(t *testing.T, addr string) *Relay {
	t.Helper()
	r, err := Listen(func(ctx context.Context) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, "tcp", addr)
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

func ask(t *testing.T, c net.Conn, want int) (int, error) {
	t.Helper()
	if _, err := c.Write([]byte{'?'}); err != nil {
		return 0, err
	}
	_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
	buf := make([]byte, want)
	return io.ReadFull(c, buf)
}

func TestRelayPassesAnswersWithinBudget(t *testing.T) {
	r := relayTo(t, echoServer(t, 1000))
	r.Meter(2500, 0)
	c, err := net.Dial("tcp", r.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for i := range 2 {
		if n, err := ask(t, c, 1000); err != nil || n != 1000 {
			t.Fatalf("answer %d: read %d bytes, err %v; want 1000, nil", i, n, err)
		}
	}
	if r.Exceeded() {
		t.Error("Exceeded() = true after 2000 of 2500 bytes")
	}
}

func TestRelayCutsAnAnswerOverBudget(t *testing.T) {
	r := relayTo(t, echoServer(t, 100_000))
	r.Meter(50_000, 0)
	c, err := net.Dial("tcp", r.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	n, err := ask(t, c, 100_000)
	if err == nil || n >= 100_000 {
		t.Fatalf("read %d bytes, err %v; want the connection cut before 100000", n, err)
	}
	if !r.Exceeded() {
		t.Error("Exceeded() = false after the cut")
	}
	// A new meter and a new connection work again.
	r.Meter(0, 0)
	c2, err := net.Dial("tcp", r.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	if n, err := ask(t, c2, 100_000); err != nil || n != 100_000 {
		t.Fatalf("after Meter(0): read %d bytes, err %v", n, err)
	}
}

func TestCutDropsLiveConnections(t *testing.T) {
	r := relayTo(t, echoServer(t, 10))
	c, err := net.Dial("tcp", r.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := ask(t, c, 10); err != nil {
		t.Fatal(err)
	}
	r.Cut()
	if _, err := ask(t, c, 10); err == nil {
		t.Fatal("the connection still answers after Cut")
	}
}
