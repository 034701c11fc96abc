package main

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/url"
	"testing"
	"time"
)

// A client that never sends its body, or idles on a keep-alive connection,
// must not hold the connection: the server closes it at its read and idle
// limits (3 s and 1 s here; 15 s and 60 s by default). They differ, so the
// test tells them apart: net/http falls back to the read limit for idling.
func TestServerDropsSilentAndIdleClients(t *testing.T) {
	s := startServing(t, "serve", "--migrate", "--read-timeout", "3s", "--idle-timeout", "1s")
	base := s.base
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}

	for _, tt := range []struct {
		name, request string
		limit         time.Duration
	}{
		{"a POST whose body never arrives", "POST /v1/cypher HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"statement\":", 3 * time.Second},
		{"an idle keep-alive connection", "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", time.Second},
	} {
		t.Run(tt.name, func(t *testing.T) {
			conn, err := net.Dial("tcp", u.Host)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			start := time.Now()
			if _, err := io.WriteString(conn, tt.request); err != nil {
				t.Fatal(err)
			}
			// Read whatever the server says until it closes the connection.
			_ = conn.SetReadDeadline(time.Now().Add(8 * time.Second))
			_, err = io.Copy(io.Discard, bufio.NewReader(conn))
			took := time.Since(start)
			if ne := net.Error(nil); errors.As(err, &ne) && ne.Timeout() {
				t.Fatalf("the server kept the connection open for 8s (its limit is %s)", tt.limit)
			}
			// Not before its own limit; well before the next one (the slack is generous).
			if took < tt.limit*9/10 || took > tt.limit+1500*time.Millisecond {
				t.Errorf("closed after %s, want about %s", took, tt.limit)
			}
			t.Logf("closed by the server after %s", took.Round(10*time.Millisecond))
		})
	}
	s.cancel()
	if err := <-s.done; err != nil {
		t.Errorf("serve after cancel = %v, want nil", err)
	}
}
