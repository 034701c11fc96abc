package boltrelay

// framer follows the server's side of a Bolt connection just far enough to
// know how large the message now arriving is: the handshake answer (four
// bytes, or a version manifest), then chunks of a two-byte length, a message
// ending at a zero-length chunk. It never buffers or decodes a message.
type framer struct {
	state   int
	need    int   // bytes still to skip in the current state
	header  int   // the chunk header read so far
	varints int   // manifest varints still to read: the count, then capabilities
	message int64 // bytes of the message now arriving
}

const (
	stateHandshake = iota
	stateManifestCount
	stateManifestVersions
	stateManifestCaps
	stateChunkHeader
	stateChunkData
)

var manifestMarker = [4]byte{0x00, 0x00, 0x01, 0xFF}

func newFramer() *framer { return &framer{state: stateHandshake, need: 4} }

// feed reads the next bytes from the server and returns the largest size the
// message in progress reached within them.
func (f *framer) feed(p []byte) int64 {
	largest := f.message
	for len(p) > 0 {
		switch f.state {
		case stateHandshake:
			// Compare with the manifest marker byte by byte as they come.
			if p[0] != manifestMarker[4-f.need] {
				f.header = -1 // a plain version answer, not the marker
			}
			p, f.need = p[1:], f.need-1
			if f.need == 0 {
				if f.header == -1 {
					f.state, f.need, f.header = stateChunkHeader, 2, 0
				} else {
					f.state, f.need = stateManifestCount, 0
				}
			}
		case stateManifestCount, stateManifestCaps:
			b := p[0]
			p = p[1:]
			if f.state == stateManifestCount {
				f.need |= int(b&0x7F) << (7 * f.varints)
				f.varints++
			}
			if b&0x80 != 0 {
				continue
			}
			if f.state == stateManifestCount {
				f.state, f.need, f.varints = stateManifestVersions, 4*f.need, 0
				if f.need == 0 {
					f.state = stateManifestCaps
				}
			} else {
				f.state, f.need, f.header = stateChunkHeader, 2, 0
			}
		case stateManifestVersions:
			n := min(f.need, len(p))
			p, f.need = p[n:], f.need-n
			if f.need == 0 {
				f.state = stateManifestCaps
			}
		case stateChunkHeader:
			f.header = f.header<<8 | int(p[0])
			p, f.need = p[1:], f.need-1
			if f.need > 0 {
				continue
			}
			if f.header == 0 {
				f.message = 0 // end of a message
				f.state, f.need = stateChunkHeader, 2
			} else {
				f.state, f.need = stateChunkData, f.header
			}
			f.header = 0
		case stateChunkData:
			n := min(f.need, len(p))
			p, f.need = p[n:], f.need-n
			f.message += int64(n)
			largest = max(largest, f.message)
			if f.need == 0 {
				f.state, f.need = stateChunkHeader, 2
			}
		}
	}
	return largest
}
