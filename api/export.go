package api

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/cyberkg/cyberkg/export"
	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/queries"
	"github.com/cyberkg/cyberkg/service"
)

// exportParams are the query parameters of GET /v1/export.
var exportParams = service.ExportParams(knownOnParam)

func handleExport(s *server) gin.HandlerFunc {
	return func(c *gin.Context) {
		g, params, err := s.exportSubgraph(c)
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

func (s *server) exportSubgraph(c *gin.Context) (*graph.Subgraph, queries.Values, error) {
	raw, err := singleValues(c)
	if err != nil {
		return nil, nil, err
	}
	return s.svc.ExportSubgraph(c.Request.Context(), "GET /v1/export", exportParams, raw)
}
