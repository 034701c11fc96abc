package api

import (
	_ "embed"
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/cyberkg/cyberkg/auth"
	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/service"
)

var (
	//go:embed schemas/proposal_request.json
	proposalRequestSchemaJSON []byte
	//go:embed schemas/review_request.json
	reviewRequestSchemaJSON []byte

	proposalRequestSchema = mustCompileSchema("proposal_request.json", proposalRequestSchemaJSON)
	reviewRequestSchema   = mustCompileSchema("review_request.json", reviewRequestSchemaJSON)
)

// proposalRoutes registers the review queue: editors propose, reviewers
// accept or reject, anyone who may read sees the queue.
func (s *server) proposalRoutes(r *gin.Engine) {
	r.POST("/v1/proposals", s.require(auth.Editor), handlePropose(s))
	r.POST("/v1/import/propose", s.require(auth.Editor), handleProposeImport(s))
	r.POST("/v1/ingest", s.require(auth.Editor), handleIngest(s))
	r.GET("/v1/proposals", s.readAccess(), handleListProposals(s))
	r.GET("/v1/proposals/:id", s.readAccess(), handleReviewProposal(s))
	r.POST("/v1/proposals/:id/accept", s.require(auth.Reviewer), handleAccept(s))
	r.POST("/v1/proposals/:id/reject", s.require(auth.Reviewer), handleReject(s))
}

type proposalRequest struct {
	Document   json.RawMessage  `json:"document"`
	Evidence   []graph.Evidence `json:"evidence"`
	Confidence int              `json:"confidence"`
	Note       string           `json:"note"`
}

type reviewRequest struct {
	Document json.RawMessage `json:"document"`
	Note     string          `json:"note"`
	Reason   string          `json:"reason"`
}

// documentOf is a document given as a JSON object or as YAML text.
func documentOf(raw json.RawMessage) []byte {
	var text string
	if json.Unmarshal(raw, &text) == nil {
		return []byte(text)
	}
	return raw
}

func handlePropose(s *server) gin.HandlerFunc {
	return func(c *gin.Context) {
		var req proposalRequest
		if !s.readJSON(c, maxWriteBytes, proposalRequestSchema, &req) {
			return
		}
		p, err := s.svc.ProposeFacts(c.Request.Context(), service.Propose{Document: documentOf(req.Document), Evidence: req.Evidence,
			Confidence: req.Confidence, Note: req.Note, Caller: callerFrom(c)})
		if err != nil {
			s.writeWriteError(c, err)
			return
		}
		c.Header("Location", "/v1/proposals/"+p.ID)
		c.JSON(http.StatusCreated, p)
	}
}

// handleProposeImport takes what POST /v1/import takes, and queues it for
// review instead of writing it.
func handleProposeImport(s *server) gin.HandlerFunc {
	return func(c *gin.Context) {
		body, ok := readBody(c, maxImportBytes)
		if !ok {
			return
		}
		confidence := 50
		if v := c.Query("confidence"); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				writeProblem(c, Problem{Status: http.StatusBadRequest, Code: graph.EINVALID, Param: "confidence", Detail: "confidence is a whole number, 0–100"})
				return
			}
			confidence = n
		}
		name := fileName(c)
		docs, err := service.Documents(name, body, c.ContentType(), c.Query("layout"))
		if err != nil {
			s.writeWriteError(c, err)
			return
		}
		list, err := s.svc.ProposeImport(c.Request.Context(), docs, c.Query("source"), confidence, c.Query("note"), callerFrom(c))
		if err != nil {
			s.writeWriteError(c, err)
			return
		}
		c.JSON(http.StatusCreated, gin.H{"proposals": list, "count": len(list)})
	}
}

func handleListProposals(s *server) gin.HandlerFunc {
	return func(c *gin.Context) {
		f := graph.ProposalFilter{Status: c.Query("status"), ProposedBy: c.Query("author"), Entity: c.Query("entity")}
		_, given := c.GetQuery("status")
		switch f.Status {
		case graph.ProposalOpen, graph.ProposalAccepted, graph.ProposalRejected:
		case "":
			if !given {
				break
			}
			fallthrough
		default:
			writeProblem(c, Problem{Status: http.StatusBadRequest, Code: graph.EINVALID, Param: "status", Detail: "status is open, accepted or rejected"})
			return
		}
		var ok bool
		if f.Limit, ok = listLimit(c); !ok {
			return
		}
		list, err := s.svc.Proposals(c.Request.Context(), f)
		if err != nil {
			writeError(c, s.logger, err)
			return
		}
		c.JSON(http.StatusOK, gin.H{"proposals": list, "count": len(list)})
	}
}

func handleReviewProposal(s *server) gin.HandlerFunc {
	return func(c *gin.Context) {
		r, err := s.svc.ReviewProposal(c.Request.Context(), c.Param("id"))
		if err != nil {
			writeError(c, s.logger, err)
			return
		}
		c.JSON(http.StatusOK, r)
	}
}

// reviewBody reads an optional decision body.
func (s *server) reviewBody(c *gin.Context) (reviewRequest, bool) {
	var req reviewRequest
	body, err := readOptionalBody(c, maxWriteBytes)
	if err != nil || len(body) == 0 {
		return req, err == nil
	}
	if err := decodeJSON(reviewRequestSchema, body, &req); err != nil {
		writeError(c, s.logger, err)
		return req, false
	}
	return req, true
}

func handleAccept(s *server) gin.HandlerFunc {
	return func(c *gin.Context) {
		req, ok := s.reviewBody(c)
		if !ok {
			return
		}
		var edited []byte
		if len(req.Document) > 0 {
			edited = documentOf(req.Document)
		}
		report, err := s.svc.AcceptProposal(c.Request.Context(), service.Accept{ID: c.Param("id"), Edited: edited, Note: req.Note, Caller: callerFrom(c)})
		if err != nil {
			s.writeWriteError(c, err)
			return
		}
		answerChange(c, report, http.StatusOK)
	}
}

func handleReject(s *server) gin.HandlerFunc {
	return func(c *gin.Context) {
		req, ok := s.reviewBody(c)
		if !ok {
			return
		}
		p, err := s.svc.RejectProposal(c.Request.Context(), c.Param("id"), req.Reason, callerFrom(c))
		if err != nil {
			writeError(c, s.logger, err)
			return
		}
		c.JSON(http.StatusOK, p)
	}
}
