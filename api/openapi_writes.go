package api

import (
	"github.com/cyberkg/cyberkg/seed"
	"github.com/cyberkg/cyberkg/service"
)

// instantSchema is the grammar of since and until.
var instantSchema = object{"type": "string", "pattern": instantParamPattern}

// writePaths documents the write path: per kind of fact POST, PUT, DELETE;
// the import; the audit trail.
func writePaths() object {
	secured := []object{{"bearer": []string{}}}
	idem := object{"name": "Idempotency-Key", "in": "header", "description": "Any unique string (a UUID): a retry with the same key and request changes nothing and answers the first report, with Idempotent-Replayed: true.", "schema": object{"type": "string", "maxLength": 200}}
	ifMatch := object{"name": "If-Match", "in": "header", "description": "The ETag you read (\"v3\"): the write is refused with 412 if the fact has changed since.", "schema": object{"type": "string"}}
	dryRun := object{"name": "dry_run", "in": "query", "description": "Validate and report, write nothing.", "schema": object{"type": "boolean"}}
	reason := object{"name": "reason", "in": "query", "description": "Why: kept in the audit trail.", "schema": object{"type": "string"}}
	body := object{"required": true, "content": object{
		"application/json": object{"schema": ref("FactDocument")},
		"application/yaml": object{"schema": object{"type": "string"}},
	}}
	report := func(description string) object { return ok(description, ref("ChangeReport")) }
	paths := object{}
	for _, section := range service.Sections() {
		name := string(section)
		id := pathParam("id", "The fact's id (an entity's) or key (membership:IDN:SCO:2026-03-01).", "agr-rus-idn-iis")
		post := object{
			"summary": "Create " + name + ": one fact in the seed's format, with any new source it cites", "operationId": "create_" + name,
			"security": secured, "parameters": []object{idem, dryRun, reason}, "requestBody": body,
			"responses": responses(report("Created (200 when replayed or a dry run)"), 400, 401, 403, 409, 413, 503),
		}
		post["responses"].(object)["200"] = report("Replayed, or a dry run")
		put := object{
			"summary": "Correct one of the " + name + ": the whole fact as it should read; the old version is kept for known_on", "operationId": "correct_" + name,
			"security": secured, "parameters": []object{id, idem, ifMatch, dryRun, reason}, "requestBody": body,
			"responses": responses(report("Corrected"), 400, 401, 403, 404, 409, 412, 413, 503),
		}
		del := object{
			"summary": "Retract one of the " + name + ": closed now, kept for known_on", "operationId": "retract_" + name,
			"security": secured,
			"parameters": []object{id, idem, ifMatch,
				object{"name": "reason", "in": "query", "required": true, "description": "Why it is retracted.", "schema": object{"type": "string", "minLength": 1}},
				object{"name": "source", "in": "query", "required": true, "description": "The id of the :Source that grounds the retraction.", "schema": object{"type": "string", "minLength": 1}}},
			"responses": responses(report("Retracted"), 400, 401, 403, 404, 409, 412, 503),
		}
		paths["/v1/"+name] = object{"post": post}
		paths["/v1/"+name+"/{id}"] = object{"put": put, "delete": del}
	}
	paths["/v1/import"] = object{"post": object{
		"summary":     "Import many facts (admin): the seed's YAML or JSON, or CSV in a layout; all or nothing",
		"description": "Everything is validated first and every problem reported at once (file, line, field); then all of it is written in one change, or nothing. Facts that already hold are reported unchanged. CSV layouts: " + joinLayouts() + ".",
		"operationId": "import", "security": secured,
		"parameters": []object{idem, dryRun, reason,
			object{"name": "layout", "in": "query", "description": "For CSV bodies: which layout.", "schema": object{"type": "string", "enum": seed.CSVLayouts()}},
			object{"name": "name", "in": "query", "description": "The file's name, for error messages.", "schema": object{"type": "string"}}},
		"requestBody": object{"required": true, "content": object{
			"application/yaml": object{"schema": object{"type": "string"}},
			"application/json": object{"schema": ref("FactDocument")},
			"text/csv":         object{"schema": object{"type": "string"}},
		}},
		"responses": responses(report("Imported (or, on a dry run, what would be)"), 400, 401, 403, 409, 413, 503),
	}}
	paths["/v1/import/open-data"] = object{"post": object{
		"summary":     "Import an open data set's file (admin): the MISP galaxy's threat-actor cluster, or a STIX 2.1 bundle",
		"description": "The file is converted into the seed's format and imported as the data set (owner dataset:NAME): importing the same version again changes nothing, a newer version reports what it adds, changes and retracts, and analysts' corrections are left alone. The answer gives what the conversion found (merges with entities the graph has, names it could not resolve, what it skipped) and the change.",
		"operationId": "importOpenData", "security": secured,
		"parameters": []object{dryRun, reason,
			object{"name": "format", "in": "query", "required": true, "description": "The file's format.", "schema": object{"type": "string", "enum": service.OpenDataFormats}},
			object{"name": "dataset", "in": "query", "description": "The data set the file is the whole of (default: the format's own: misp-galaxy; a STIX bundle's producer).", "schema": object{"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "maxLength": 64}},
			object{"name": "name", "in": "query", "description": "The file's name, for error messages.", "schema": object{"type": "string"}}},
		"requestBody": object{"required": true, "content": object{"application/json": object{"schema": object{"type": "object"}}}},
		"responses":   responses(ok("Imported (or, on a dry run, what would be)", ref("OpenDataReport")), 400, 401, 403, 409, 413, 503),
	}}
	paths["/v1/ingest"] = object{"post": object{
		"summary":     "Read a news article (Indonesian, Russian, English) and queue the facts it states for review, each with its evidence (editor)",
		"description": "The article becomes a :Source; agreements, statements and attributions become one proposal whose evidence gives each fact's character offsets and quote. With dry_run, the candidates only. Nothing enters the graph until a reviewer accepts the proposal.",
		"operationId": "ingest", "security": secured,
		"requestBody": object{"required": true, "content": object{"application/json": object{"schema": ref("IngestRequest")}}},
		"responses":   responses(ok("With dry_run: the candidates", ref("IngestReport")), 400, 401, 403, 413, 503),
	}}
	paths["/v1/ingest"].(object)["post"].(object)["responses"].(object)["201"] = ok("Queued: the proposal, and the candidates it holds", ref("IngestReport"))
	paths["/v1/changes"] = object{"get": object{
		"summary": "The audit trail: every recorded change, newest first", "operationId": "listChanges",
		"parameters": []object{
			object{"name": "entity", "in": "query", "description": "Only changes that touched this entity.", "schema": object{"type": "string"}},
			object{"name": "fact", "in": "query", "description": "Only changes to this fact (an id or a key).", "schema": object{"type": "string"}},
			object{"name": "author", "in": "query", "description": "Only this API key's changes.", "schema": object{"type": "string"}},
			object{"name": "since", "in": "query", "description": "Recorded at or after (a date, an RFC 3339 time, or now).", "schema": instantSchema},
			object{"name": "until", "in": "query", "description": "Recorded before (a date, an RFC 3339 time, or now).", "schema": instantSchema},
			object{"name": "limit", "in": "query", "description": "At most this many (default 100).", "schema": object{"type": "integer", "minimum": 1, "maximum": 1000}},
		},
		"responses": responses(ok("The changes", ref("ChangesAnswer")), 400, 401, 403, 503),
	}}
	for path, methods := range proposalPaths(secured) {
		paths[path] = methods
	}
	return paths
}

// proposalPaths documents the review queue.
func proposalPaths(secured []object) object {
	id := pathParam("id", "The proposal's id.", "prop-20261129T170000.000000Z-0a1b2c3d")
	decision := object{"required": false, "content": object{"application/json": object{"schema": ref("ReviewRequest")}}}
	return object{
		"/v1/proposals": object{
			"post": object{
				"summary":     "Propose candidate facts for review: a seed-format document with evidence and confidence; invisible to reads until accepted",
				"operationId": "propose", "security": secured,
				"requestBody": object{"required": true, "content": object{"application/json": object{"schema": ref("ProposalRequest")}}},
				"responses":   responses(object{"description": "Queued", "content": jsonContent(ref("Proposal"))}, 400, 401, 403, 413, 503),
			},
			"get": object{
				"summary": "The review queue, newest first", "operationId": "listProposals",
				"parameters": []object{
					object{"name": "status", "in": "query", "description": "open, accepted or rejected.", "schema": object{"type": "string", "enum": []string{"open", "accepted", "rejected"}}},
					object{"name": "author", "in": "query", "description": "Only this proposer's.", "schema": object{"type": "string"}},
					object{"name": "entity", "in": "query", "description": "Only those naming this entity.", "schema": object{"type": "string"}},
					object{"name": "limit", "in": "query", "description": "At most this many (default 100).", "schema": object{"type": "integer", "minimum": 1, "maximum": 1000}},
				},
				"responses": responses(ok("The proposals", ref("ProposalsAnswer")), 400, 401, 403, 503),
			},
		},
		"/v1/import/propose": object{"post": object{
			"summary":     "Propose an import for review instead of writing it: what POST /v1/import takes, one proposal per document",
			"operationId": "proposeImport", "security": secured,
			"parameters": []object{
				object{"name": "source", "in": "query", "required": true, "description": "The :Source the file's facts come from: the proposals' evidence.", "schema": object{"type": "string", "minLength": 1}},
				object{"name": "confidence", "in": "query", "description": "0–100 (default 50).", "schema": object{"type": "integer", "minimum": 0, "maximum": 100}},
				object{"name": "note", "in": "query", "description": "For the reviewer.", "schema": object{"type": "string"}},
				object{"name": "layout", "in": "query", "description": "For CSV bodies: which layout.", "schema": object{"type": "string", "enum": seed.CSVLayouts()}},
				object{"name": "name", "in": "query", "description": "The file's name, for error messages.", "schema": object{"type": "string"}},
			},
			"requestBody": object{"required": true, "content": object{
				"application/yaml": object{"schema": object{"type": "string"}},
				"application/json": object{"schema": ref("FactDocument")},
				"text/csv":         object{"schema": object{"type": "string"}},
			}},
			"responses": responses(object{"description": "Queued", "content": jsonContent(ref("ProposalsAnswer"))}, 400, 401, 403, 413, 503),
		}},
		"/v1/proposals/{id}": object{"get": object{
			"summary": "One proposal as a reviewer sees it: a dry run of accepting it now, and the current version of each fact it would change", "operationId": "reviewProposal",
			"parameters": []object{id},
			"responses":  responses(ok("The proposal and its preview", ref("ProposalReview")), 401, 403, 404, 503),
		}},
		"/v1/proposals/{id}/accept": object{"post": object{
			"summary": "Accept a proposal (reviewer), optionally edited: its facts are written with its provenance, and it is closed, in one transaction", "operationId": "acceptProposal",
			"security": secured, "parameters": []object{id}, "requestBody": decision,
			"responses": responses(ok("Written", ref("ChangeReport")), 400, 401, 403, 404, 409, 413, 503),
		}},
		"/v1/proposals/{id}/reject": object{"post": object{
			"summary": "Reject a proposal (reviewer), with a reason", "operationId": "rejectProposal",
			"security": secured, "parameters": []object{id}, "requestBody": decision,
			"responses": responses(ok("Rejected", ref("Proposal")), 400, 401, 403, 404, 409, 413, 503),
		}},
	}
}

func joinLayouts() string {
	out := ""
	for i, l := range seed.CSVLayouts() {
		if i > 0 {
			out += ", "
		}
		out += l
	}
	return out
}
