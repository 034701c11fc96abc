package api

import (
	_ "embed"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/service"
)

var (
	//go:embed schemas/ingest_request.json
	ingestRequestSchemaJSON []byte
	ingestRequestSchema     = mustCompileSchema("ingest_request.json", ingestRequestSchemaJSON)
)

type ingestRequest struct {
	Text      string `json:"text"`
	Lang      string `json:"lang"`
	Published string `json:"published"`
	URL       string `json:"url"`
	DryRun    bool   `json:"dry_run"`
}

// handleIngest reads an article and queues the facts it states as one
// proposal (201), or with dry_run answers the candidates (200).
func handleIngest(s *server) gin.HandlerFunc {
	return func(c *gin.Context) {
		var req ingestRequest
		if !s.readJSON(c, maxImportBytes, ingestRequestSchema, &req) {
			return
		}
		day, err := time.Parse(time.DateOnly, req.Published)
		if err != nil {
			writeError(c, s.logger, graph.InvalidParam("published", "published %q is not a date on the calendar", req.Published))
			return
		}
		report, err := s.svc.IngestArticle(c.Request.Context(), service.Ingest{Text: req.Text, Lang: req.Lang, Published: day,
			URL: req.URL, DryRun: req.DryRun, Caller: callerFrom(c)})
		if err != nil {
			s.writeWriteError(c, err)
			return
		}
		if report.Proposal == nil {
			c.JSON(http.StatusOK, report)
			return
		}
		c.Header("Location", "/v1/proposals/"+report.Proposal.ID)
		c.JSON(http.StatusCreated, report)
	}
}
