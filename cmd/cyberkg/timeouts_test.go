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
// limits (1 s here; 15 s and 60 s by default).
func TestServerDropsSilentAndIdleClients(t *testing.T) {
	s := startServing(t, "serve", "--migrate", "--read-timeout", "1s", "--idle-timeout", "1s")
	base := s.base
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}

	for _, tt := range []struct {
		name, request string
	}{
		{"a POST whose body never arrives", "POST /v1/cypher HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"statement\":"},
		{"an idle keep-alive connection", "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"},
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
			// Read whatever the server says until it closes the connection;
			// the test waits 8 times the server's limit (the old default idle limit was 10 s).
			_ = conn.SetReadDeadline(time.Now().Add(8 * time.Second))
			_, err = io.Copy(io.Discard, bufio.NewReader(conn))
			if ne := net.Error(nil); errors.As(err, &ne) && ne.Timeout() {
				t.Fatalf("the server kept the connection open for 8s (its limit is 1s)")
			}
			t.Logf("closed by the server after %s", time.Since(start).Round(10*time.Millisecond))
		})
	}
	s.cancel()
	if err := <-s.done; err != nil {
		t.Errorf("serve after cancel = %v, want nil", err)
	}
}
