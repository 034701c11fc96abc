package api

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/cyberkg/cyberkg/export"
	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/service"
)

// exportParams are the query parameters of GET /v1/export.
var exportParams = service.ExportParams(knownOnParam)

func handleExport(s *server) gin.HandlerFunc {
	return func(c *gin.Context) {
		raw, err := singleValues(c)
		if err != nil {
			writeError(c, s.logger, err)
			return
		}
		if service.Streams(raw) {
			s.streamExport(c, raw)
			return
		}
		if service.WholeGraph(raw) {
			// Built in memory, the whole graph is held until written: a few
			// at once would hold as many copies, so it takes a slot as a
			// streamed one does.
			release, err := s.svc.ExportSlot()
			if err != nil {
				writeError(c, s.logger, err)
				return
			}
			defer release()
		}
		g, params, err := s.svc.ExportSubgraph(c.Request.Context(), "GET /v1/export", exportParams, raw)
		if err != nil {
			writeError(c, s.logger, err)
			return
		}
		format := params.String("format")
		var buf bytes.Buffer
		if err := export.Write(&buf, format, g); err != nil {
			writeError(c, s.logger, fmt.Errorf("export %s: %w", format, err))
			return
		}
		f := export.Formats[format]
		c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="cyberkg-%s.%s"`, params.Date("as_of"), f.Extension))
		c.Data(http.StatusOK, f.MediaType, buf.Bytes())
	}
}

// streamExport sends the whole graph as JSON while Neo4j reads it: the
// server's memory does not grow with the graph. Once the answer has begun,
// a failure can no longer be a problem document: the connection is cut
// instead, so the client sees a broken transfer, never a complete-looking
// partial graph.
func (s *server) streamExport(c *gin.Context, raw map[string]string) {
	params, err := s.svc.Bind(c.Request.Context(), "GET /v1/export", exportParams, raw)
	if err != nil {
		writeError(c, s.logger, err)
		return
	}
	sink := &exportBody{c: c, filename: fmt.Sprintf("cyberkg-%s.json", params.Date("as_of"))}
	err = s.svc.ExportStream(c.Request.Context(), service.ExportWalk(params), sink)
	if err == nil {
		err = sink.close()
	}
	if err != nil {
		if sink.stream == nil {
			writeError(c, s.logger, err)
			return
		}
		s.logger.WarnContext(c.Request.Context(), "export cut off", "error", err)
		panic(http.ErrAbortHandler)
	}
}

// exportBody begins the answer at the first entity, so an export that fails
// before it still answers with a problem.
type exportBody struct {
	c        *gin.Context
	filename string
	stream   *export.JSONStream
}

func (b *exportBody) begin() {
	if b.stream == nil {
		b.c.Header("Content-Type", export.Formats["json"].MediaType)
		b.c.Header("Content-Disposition", `attachment; filename="`+b.filename+`"`)
		b.c.Status(http.StatusOK)
		b.stream = export.NewJSONStream(&progressWriter{w: b.c.Writer, rc: http.NewResponseController(b.c.Writer)})
	}
}

// exportProgress is how long a streamed export may wait for its client to
// take the next chunk. The server's write timeout bounds an ordinary
// answer; a whole graph takes longer, so each chunk the client takes moves
// the deadline on, and only a client that stops reading is cut off.
const exportProgress = 30 * time.Second

type progressWriter struct {
	w  io.Writer
	rc *http.ResponseController
}

func (p *progressWriter) Write(b []byte) (int, error) {
	_ = p.rc.SetWriteDeadline(time.Now().Add(exportProgress)) // not every writer has a deadline (tests')
	return p.w.Write(b)
}

func (b *exportBody) Node(n graph.GraphNode) error { b.begin(); return b.stream.Node(n) }
func (b *exportBody) Edge(e graph.GraphEdge) error { b.begin(); return b.stream.Edge(e) }
func (b *exportBody) close() error                 { b.begin(); return b.stream.Close() }
