package boltrelay

import (
	"bytes"
	"testing"
)

// chunked frames a message as the server does, in chunks of at most size bytes.
func chunked(msg []byte, size int) []byte {
	var out []byte
	for len(msg) > 0 {
		n := min(size, len(msg))
		out = append(out, byte(n>>8), byte(n))
		out = append(out, msg[:n]...)
		msg = msg[n:]
	}
	return append(out, 0, 0)
}

func TestFramerMeasuresMessages(t *testing.T) {
	plain := []byte{0, 0, 6, 5} // Bolt 5.6
	manifest := []byte{0, 0, 1, 0xFF, 2, 0, 8, 8, 5, 0, 2, 4, 4, 0x81, 0x01}
	for _, tt := range []struct {
		name      string
		handshake []byte
	}{{"plain handshake", plain}, {"manifest handshake", manifest}} {
		t.Run(tt.name, func(t *testing.T) {
			stream := append([]byte{}, tt.handshake...)
			stream = append(stream, chunked(bytes.Repeat([]byte{1}, 100), 30)...)
			stream = append(stream, chunked(bytes.Repeat([]byte{2}, 70_000), 65535)...)
			stream = append(stream, chunked(bytes.Repeat([]byte{3}, 10), 65535)...)
			// Fed in pieces of every size, the largest message is still 70000.
			for _, piece := range []int{1, 3, 7, 1000, len(stream)} {
				f := newFramer()
				var largest int64
				for p := stream; len(p) > 0; {
					n := min(piece, len(p))
					largest = max(largest, f.feed(p[:n]))
					p = p[n:]
				}
				if largest != 70_000 || f.message != 0 {
					t.Errorf("pieces of %d: largest message %d, open message %d; want 70000, 0", piece, largest, f.message)
				}
			}
		})
	}
}

func TestFramerSeesAMessageWhileItArrives(t *testing.T) {
	f := newFramer()
	stream := append([]byte{0, 0, 6, 5}, chunked(bytes.Repeat([]byte{1}, 5000), 1000)...)
	if got := f.feed(stream[:2500]); got <= 2000 || got > 2500 {
		t.Errorf("a message half in: largest %d, want between 2000 and 2500", got)
	}
}
