package api

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/queries"
)

// The OpenAPI 3.1 description of every route, built from the same parameter
// specs and JSON Schemas the handlers use, so the two cannot drift apart
// without a test noticing (openapi_integration_test.go).

type object = map[string]any

func ref(name string) object { return object{"$ref": "#/components/schemas/" + name} }

func jsonContent(schema object) object {
	return object{"application/json": object{"schema": schema}}
}

func ok(description string, schema object) object {
	return object{"description": description, "content": jsonContent(schema)}
}

func problems(statuses ...int) object {
	out := object{}
	for _, s := range statuses {
		out[fmt.Sprint(s)] = object{"$ref": fmt.Sprintf("#/components/responses/Problem%d", s)}
	}
	return out
}

// browserFile documents a file for Neo4j Browser: GET, HEAD, and the CORS
// preflight Browser's fetches need.
func browserFile(id, summary, description, mediaType string) object {
	file := object{"200": object{"description": description, "content": object{mediaType: object{"schema": object{"type": "string"}}}}}
	return object{
		"get":  object{"summary": summary, "operationId": id, "responses": file},
		"head": object{"summary": summary + ", headers only", "operationId": id + "Head", "responses": object{"200": object{"description": description + ", without the body"}}},
		"options": object{
			"summary": "CORS preflight: any origin may GET it", "operationId": id + "Preflight",
			"responses": object{"204": object{"description": "Access-Control-Allow-Origin: *, with the methods and headers allowed"}},
		},
	}
}

func responses(success object, statuses ...int) object {
	out := problems(statuses...)
	out["200"] = success
	return out
}

// The patterns of a date parameter (as_of) and of a recorded time (known_on);
// the docs page knows them by these, to say them in words.
const (
	dateParamPattern    = "^(" + graph.DatePattern + "|today)$"
	instantParamPattern = "^(" + queries.InstantPattern + ")$"
)

// paramSchema is the JSON Schema of a query-string parameter.
func paramSchema(p queries.Param) object {
	s := object{}
	switch p.Type {
	case queries.Integer:
		s["type"] = "integer"
		if p.Min != nil {
			s["minimum"], s["maximum"] = *p.Min, *p.Max
		}
	case queries.Boolean:
		s["type"] = "boolean"
	case queries.Date:
		s["type"] = "string"
		s["pattern"] = dateParamPattern
		s["examples"] = []string{"2021-06-28", "2021-06", "2021", "today"}
	case queries.Instant:
		// A date-time (RFC 3339) or a day; JSON Schema's formats cannot say "either".
		s["type"] = "string"
		s["pattern"] = instantParamPattern
		s["examples"] = []string{"now", "2026-11-28", "2026-11-29T17:03:00Z", "2026-11-29T17:03:00.25+01:00"}
	default:
		s["type"] = "string"
		if len(p.OneOf) == 0 {
			// Bind refuses an empty value rather than reading it as the default.
			s["minLength"], s["maxLength"] = 1, p.LengthLimit()
		}
		if examples, ok := paramExamples[p.Name]; ok {
			s["examples"] = examples
		}
	}
	if len(p.OneOf) > 0 {
		s["enum"] = p.OneOf
	}
	if p.Default != "" {
		s["default"] = p.Default
		if n, err := strconv.Atoi(p.Default); err == nil && p.Type == queries.Integer {
			s["default"] = n
		}
		if p.Type == queries.Boolean {
			s["default"] = p.Default == "true"
		}
	}
	return s
}

func queryParams(specs []queries.Param) []object {
	out := make([]object, 0, len(specs))
	for _, p := range specs {
		desc := p.Description
		if p.Type == queries.ID && p.Kind != "" && p.Kind != "Entity" {
			desc += " Must be a " + p.Kind + "."
		}
		param := object{"name": p.Name, "in": "query", "required": p.Required, "description": desc, "schema": paramSchema(p)}
		if p.Type == queries.ID && p.Kind != "" {
			param["x-kind"] = p.Kind // the docs page says "id of a Country"
		}
		if v, ok := requestExamples[p.Name]; ok {
			param["example"] = v
		}
		out = append(out, param)
	}
	return out
}

// requestExamples are the values the docs page puts in its example requests
// besides the defaults: a fixed as_of, so an example's answer does not drift
// with today, and an entity, so the export's example is not the whole graph.
var requestExamples = map[string]string{
	"as_of":  "2021-06-28",
	"entity": "IDN",
}

func pathParam(name, description string, examples ...string) object {
	schema := object{"type": "string"}
	if len(examples) > 0 {
		schema["examples"] = examples
	}
	return object{"name": name, "in": "path", "required": true, "description": description, "schema": schema}
}

// paramExamples are real values of the id and text parameters, by name, so
// that generated requests (schemathesis in scripts/test) reach the graph
// rather than only its 404s. from and to differ: the same entity is refused.
var paramExamples = map[string][]string{
	"bloc":         {"BRICS", "SCO"},
	"country":      {"RUS", "IDN"},
	"party":        {"RUS", "BRICS"},
	"speaker":      {"oleg-khramov"},
	"subject":      {"RUS", "USA"},
	"incident":     {"colonial-pipeline-attack"},
	"organization": {"security-council-of-russia"},
	"id":           {"IDN", "oleg-khramov"},
	"entity":       {"IDN", "BRICS"},
	"from":         {"oleg-khramov", "RUS"},
	"to":           {"joe-biden", "IDN"},
	"q":            {"Kirgistan", "Ann Nyberger", "俄罗斯", "Indonsia"},
}

// cypherExamples are real read-only statements for POST /v1/cypher.
var cypherExamples = object{
	"membership": object{"summary": "A country's blocs", "value": object{
		"statement":  "MATCH (c:Country {id: $id})-[m:MEMBER_OF]->(b:Bloc) RETURN b.id AS bloc, m.since AS since",
		"parameters": object{"id": "IDN"}, "timeout_ms": 5000, "max_rows": 100,
	}},
	"headline": object{"summary": "BRICS members on a date", "value": object{
		"statement":  "MATCH (c:Country)-[m:MEMBER_OF]->(:Bloc {id: $bloc}) WHERE m.since <= $as_of AND (m.until IS NULL OR m.until > $as_of) RETURN c.id AS member ORDER BY member",
		"parameters": object{"bloc": "BRICS", "as_of": object{"$type": "Date", "_value": "2021-06-28"}},
	}},
}

// OpenAPI returns the API's OpenAPI 3.1 document.
func OpenAPI() ([]byte, error) {
	names := make([]string, len(queries.All))
	for i, q := range queries.All {
		names[i] = q.Name
	}
	paths := object{
		"/": object{"get": object{
			"summary": "The graph explorer (a page for people)", "operationId": "explorer",
			"responses": object{
				"200": object{"description": "HTML", "content": object{"text/html": object{"schema": object{"type": "string"}}}},
				"503": object{"$ref": "#/components/responses/Problem503"},
			},
		}},
		"/assets/{filepath}": object{"get": object{
			"summary": "The explorer's script and stylesheet", "operationId": "assets",
			"parameters": []object{pathParam("filepath", "app.js or style.css", "app.js", "style.css")},
			"responses": object{
				"200": object{"description": "The file", "content": object{"text/javascript": object{"schema": object{"type": "string"}}, "text/css": object{"schema": object{"type": "string"}}}},
				"404": object{"$ref": "#/components/responses/Problem404"},
			},
		}},
		"/healthz": object{"get": object{
			"summary": "Liveness: the process is up", "operationId": "healthz",
			"responses": object{"200": ok("Alive", ref("Status"))},
		}},
		"/readyz": object{"get": object{
			"summary":     "Readiness: Neo4j reachable and the schema applied",
			"operationId": "readyz",
			"responses":   responses(ok("Ready", ref("Status")), 503),
		}},
		"/v1/queries": object{"get": object{
			"summary": "The catalog of named queries, with their parameters", "operationId": "listQueries",
			"responses": object{"200": ok("The catalog", ref("QueryCatalog"))},
		}},
		"/v1/queries/{name}": object{"get": object{
			"summary":     "Run a named query; its own parameters go in the query string (see the per-query paths)",
			"operationId": "runQuery",
			"parameters":  []object{{"name": "name", "in": "path", "required": true, "description": "The query's name.", "schema": object{"type": "string", "enum": names}}},
			"responses":   responses(ok("The answer", ref("QueryAnswer")), 400, 404, 503, 504),
		}},
		"/v1/entities/{id}": object{"get": object{
			"summary": "One entity with its properties, relationships and sources", "operationId": "getEntity",
			"parameters": append([]object{pathParam("id", "The entity's id (RUS, BRICS, oleg-khramov, …).", "oleg-khramov", "RUS", "colonial-pipeline-attack")}, queryParams(entityParams)...),
			"responses":  responses(ok("The entity", ref("Entity")), 400, 404, 503, 504),
		}},
		"/v1/entities/{id}/neighbourhood": object{"get": object{
			"summary": "The entities within 1–3 hops and the relationships among them, as of a date, as a drawable graph", "operationId": "getNeighbourhood",
			"parameters": append([]object{pathParam("id", "The entity's id.", "IDN", "BRICS")}, queryParams(neighbourhoodParams)...),
			"responses":  responses(ok("The neighbourhood", ref("NeighbourhoodAnswer")), 400, 404, 503, 504),
		}},
		"/v1/paths": object{"get": object{
			"summary": "How two entities are connected: the shortest paths between them, as a list and as a graph", "operationId": "getPaths",
			"parameters": queryParams(pathsParams),
			"responses":  responses(ok("The paths", ref("PathsAnswer")), 400, 404, 503, 504),
		}},
		"/v1/search": object{"get": object{
			"summary": "Search names and aliases in any language, typo-tolerant, best first", "operationId": "search",
			"parameters": queryParams(searchParams),
			"responses":  responses(ok("The hits", ref("SearchAnswer")), 400, 503, 504),
		}},
		"/v1/export": object{"get": object{
			"summary":     "The graph as it stood on a date (whole, an entity's neighbourhood, or a catalog query's subgraph) as JSON, a CSV zip, GraphML or a STIX 2.1 bundle",
			"operationId": "export",
			"parameters":  queryParams(exportParams),
			"responses": responses(object{"description": "The export, as a download", "content": object{
				"application/json":        object{"schema": object{"type": "object", "required": []string{"nodes", "edges"}, "properties": object{"nodes": object{"type": "array", "items": ref("GraphNode")}, "edges": object{"type": "array", "items": ref("GraphEdge")}}}},
				"application/zip":         object{"schema": object{"type": "string", "contentEncoding": "binary"}},
				"application/graphml+xml": object{"schema": object{"type": "string"}},
				"application/stix+json": object{"schema": object{"type": "object", "required": []string{"type", "id", "objects"},
					"description": "A STIX 2.1 bundle (docs/stix.md in the repository: the mapping and the cyberkg extension)."}},
			}}, 400, 404, 429, 503, 504),
		}},
		"/v1/cypher": object{"post": object{
			"summary":     "Run your own read-only Cypher, with parameters, a time limit and a row cap",
			"description": "The statement is planned by the server first (EXPLAIN): anything that writes, administers, loads files, commits in batches, calls a procedure outside an allowlist, uses another database, expands paths without a bound, or is expected to touch too many rows is refused with 400. So is a statement nested deeper than the parser can take. It then runs in a READ transaction, in a lane of its own with a few slots (429 with Retry-After when all are busy), under a time limit (504), a row cap (truncated: true) and caps on the answer's values and bytes (400). Values keep Neo4j's types: nodes, relationships, paths and temporal values are objects with a \"$type\".",
			"operationId": "runCypher",
			"requestBody": object{"required": true, "content": object{"application/json": object{"schema": ref("CypherRequest"), "examples": cypherExamples}}},
			"responses":   responses(ok("The rows", ref("CypherAnswer")), 400, 429, 503, 504),
		}},
		"/openapi.json": object{"get": object{
			"summary": "This document", "operationId": "openapi",
			"responses": object{"200": ok("OpenAPI 3.1", object{"type": "object"})},
		}},
		"/metrics": object{"get": object{
			"summary": "Prometheus metrics: requests and latencies by route and status, Neo4j latencies by query, errors by kind, connections in use", "operationId": "metrics",
			"responses": object{"200": object{"description": "Prometheus text format", "content": object{"text/plain": object{"schema": object{"type": "string"}}}}},
		}},
		"/browser/guide.html":    browserFile("browserGuide", "The cyberkg guide for Neo4j Browser (:play this URL)", "Browser guide (HTML slides)", "text/html"),
		"/browser/cyberkg.grass": browserFile("browserStyle", "The cyberkg GraSS style for Neo4j Browser (:style this URL)", "GraSS stylesheet", "text/plain"),
		"/docs": object{"get": object{
			"summary": "The API reference, for people", "operationId": "docs",
			"responses": object{"200": object{"description": "HTML", "content": object{"text/html": object{"schema": object{"type": "string"}}}}},
		}},
	}
	for path, methods := range writePaths() {
		if existing, ok := paths[path].(object); ok {
			maps.Copy(existing, methods.(object))
		} else {
			paths[path] = methods
		}
	}
	for _, q := range queries.All {
		paths["/v1/queries/"+q.Name] = object{"get": object{
			"summary":     q.Description,
			"operationId": "query_" + q.Name,
			"tags":        []string{"catalog"},
			"parameters":  queryParams(append(slices.Clone(q.Params), pageParams...)),
			"responses":   responses(ok("The answer", ref("QueryAnswer")), 400, 404, 503, 504),
		}}
	}
	var cypherRequest object
	if err := json.Unmarshal(cypherRequestSchemaJSON, &cypherRequest); err != nil {
		return nil, err
	}
	delete(cypherRequest, "$schema")

	problemResponses := object{}
	for status, text := range map[int]string{
		400: "Bad input: `param` names the parameter at fault.",
		401: "No API key, or one this server does not know (send Authorization: Bearer <key>).",
		403: "The API key's role is too low for this route.",
		404: "No such query, entity or route.",
		409: "The fact already exists (create), or the Idempotency-Key came before with another request.",
		412: "If-Match names an older version: someone changed the fact since you read it.",
		413: "The body is too large.",
		429: "Every slot of a bounded resource is busy (ad-hoc queries, whole-graph exports); retry after Retry-After seconds.",
		503: "Neo4j is unreachable or not ready; retry after Retry-After seconds.",
		504: "The query hit its time limit.",
	} {
		resp := object{"description": text, "content": object{"application/problem+json": object{"schema": ref("Problem")}}}
		if status == 503 || status == 429 {
			resp["headers"] = object{"Retry-After": object{"description": "Seconds to wait.", "schema": object{"type": "string"}}}
		}
		if status == 401 {
			resp["headers"] = object{"WWW-Authenticate": object{"description": "The Bearer challenge.", "schema": object{"type": "string"}}}
		}
		problemResponses[fmt.Sprintf("Problem%d", status)] = resp
	}

	doc := object{
		"openapi": "3.1.0",
		"info": object{
			"title":       "cyberkg",
			"version":     "1",
			"description": "A knowledge graph of cyber-cooperation between states: agreements, bloc memberships, statements, attributions and incidents, each with its sources and the dates when it held. Every time-dependent question takes as_of.",
		},
		"paths": paths,
		"components": object{
			"responses": problemResponses,
			"schemas":   schemas(cypherRequest),
			// Routes that need an API key list it under "security".
			"securitySchemes": object{"bearer": object{
				"type": "http", "scheme": "bearer",
				"description": "An API key (ckg_…) with a role: reader < editor < reviewer < admin, each granting what the lower ones do.",
			}},
		},
	}
	return json.MarshalIndent(doc, "", "  ")
}

func schemas(cypherRequest object) object {
	str := object{"type": "string"}
	anyObj := object{"type": "object"}
	list := func(items object) object { return object{"type": "array", "items": items} }
	obj := func(required []string, props object) object {
		return object{"type": "object", "required": required, "properties": props}
	}
	return object{
		"Status": obj([]string{"status"}, object{"status": str}),
		"Problem": obj([]string{"type", "title", "status", "detail", "code"}, object{
			"type": str, "title": str, "status": object{"type": "integer"}, "detail": str, "instance": str,
			"code":   object{"type": "string", "enum": []string{"invalid", "not_found", "conflict", "precondition_failed", "unavailable", "timeout", "busy", "internal", codeUnauthorized, codeForbidden}},
			"param":  object{"type": "string", "description": "The parameter at fault."},
			"errors": list(obj([]string{"reason"}, object{"file": str, "line": object{"type": "integer"}, "field": str, "reason": str})),
		}),
		"Param": obj([]string{"name", "type", "required", "description"}, object{
			"name": str, "type": object{"type": "string", "enum": []string{"string", "integer", "date", "boolean", "id", "instant"}},
			"kind": str, "default": str, "required": object{"type": "boolean"}, "one_of": list(str),
			"min": object{"type": "integer"}, "max": object{"type": "integer"}, "max_length": object{"type": "integer"}, "description": str,
		}),
		"Query": obj([]string{"name", "description", "params", "columns"}, object{"name": str, "description": str, "params": list(ref("Param")),
			"columns": object{"type": "array", "items": str, "description": "The answer's columns, in order."}}),
		"QueryCatalog": obj([]string{"queries"}, object{"queries": list(ref("Query"))}),
		"QueryAnswer": obj([]string{"query", "params", "columns", "rows", "row_count", "page"}, object{
			"query": str, "params": anyObj, "columns": list(str),
			"rows":      object{"type": "array", "items": anyObj, "description": "One object per row, keyed by column. Dates are ISO 8601 strings; `sources` lists the sources behind the row."},
			"row_count": object{"type": "integer", "description": "The rows in this page."},
			"page":      ref("Page"),
		}),
		"Page": obj([]string{"offset", "limit"}, object{
			"offset":    object{"type": "integer", "minimum": 0, "description": "The rows of the whole answer before this page."},
			"limit":     object{"type": "integer", "minimum": 1, "description": "The most rows this page could hold."},
			"total":     object{"type": "integer", "minimum": 0, "description": "The rows of the whole answer, given once a page reaches its end."},
			"more_than": object{"type": "integer", "minimum": 0, "description": "Given instead of total while there are more pages: the whole answer has more rows than this."},
			"next":      object{"type": "string", "description": "The cursor of the next page: send it as cursor. Absent on the last page."},
		}),
		"SourceRef": obj([]string{"id", "title"}, object{"id": str, "title": str, "publisher": str, "url": str, "reliability": str}),
		"EntityRef": obj([]string{"id", "kind", "name"}, object{"id": str, "kind": str, "name": str}),
		"Link": obj([]string{"type", "direction", "other", "properties"}, object{
			"type": str, "direction": object{"type": "string", "enum": []string{"in", "out"}}, "other": ref("EntityRef"), "properties": anyObj,
		}),
		"Entity": obj([]string{"id", "kind", "labels", "properties", "links", "link_groups", "sources"}, object{
			"id": str, "kind": str, "labels": list(str), "properties": anyObj,
			"links":       object{"type": "array", "items": ref("Link"), "description": "The first links of each group, by the other end's id."},
			"link_groups": list(ref("LinkGroup")),
			"sources":     list(ref("SourceRef")),
		}),
		"LinkGroup": obj([]string{"type", "direction", "count", "shown"}, object{
			"type": str, "direction": object{"type": "string", "enum": []string{"in", "out"}},
			"count": object{"type": "integer", "minimum": 0, "description": "The entity's relationships of this type and direction."},
			"shown": object{"type": "integer", "minimum": 0, "description": "Those of them in links."},
			"rest":  object{"type": "string", "description": "When some are not shown: the path of the catalog query that lists them all, page by page (those that hold today; add as_of for another date)."},
		}),
		"SearchHit": obj([]string{"id", "kind", "name", "aliases", "score"}, object{
			"id": str, "kind": str, "name": str, "aliases": list(str), "score": object{"type": "number"},
		}),
		"SearchAnswer": obj([]string{"query", "hits"}, object{"query": str, "hits": list(ref("SearchHit"))}),
		"GraphNode": obj([]string{"id", "kind", "name", "properties"}, object{"id": str, "kind": str, "name": str, "properties": anyObj,
			"group": object{"description": "Only in GET /v1/entities/{id}/neighbourhood (not in paths or exports): a statement's speaker or a threat actor's suspected sponsor, which a drawing may gather it under.",
				"type": "object", "required": []string{"by", "id", "name"},
				"properties": object{"by": object{"type": "string", "enum": []string{"speaker", "suspected_sponsor"}}, "id": str, "name": str}}}),
		"GraphEdge": obj([]string{"id", "type", "source", "target", "properties"}, object{
			"id": str, "type": str, "source": str, "target": str, "properties": anyObj,
		}),
		"Subgraph": obj([]string{"nodes", "edges", "truncated"}, object{
			"nodes": list(ref("GraphNode")), "edges": list(ref("GraphEdge")), "truncated": object{"type": "boolean"},
		}),
		"GraphPath": obj([]string{"length", "nodes", "edges"}, object{
			"length": object{"type": "integer"}, "nodes": list(str), "edges": list(ref("GraphEdge")),
		}),
		"PathsAnswer": obj([]string{"from", "to", "as_of", "known_on", "paths", "graph"}, object{
			"from": str, "to": str, "as_of": str, "known_on": str, "paths": list(ref("GraphPath")), "graph": ref("Subgraph"),
		}),
		"NeighbourhoodAnswer": obj([]string{"id", "as_of", "known_on", "depth", "graph"}, object{
			"id": str, "as_of": str, "known_on": str, "depth": object{"type": "integer"}, "graph": ref("Subgraph"),
		}),
		"CypherRequest": cypherRequest,
		"FactOutcome": obj([]string{"key", "outcome", "version"}, object{
			"key": str, "outcome": object{"type": "string", "enum": []string{"created", "changed", "unchanged", "retracted", "restored", "kept"}},
			"version": object{"type": "integer"}, "detail": str,
		}),
		"ChangeReport": obj([]string{"change", "recorded_at", "replayed", "counts", "facts"}, object{
			"change": object{"type": "string", "description": "The :Change recorded; empty when nothing changed or on a dry run."},
			"fact":   str, "recorded_at": object{"type": "string", "format": "date-time"}, "replayed": object{"type": "boolean"},
			"dry_run": object{"type": "boolean"}, "counts": object{"type": "object", "additionalProperties": object{"type": "integer"}},
			"facts": list(ref("FactOutcome")),
		}),
		"OpenDataReport": obj([]string{"conversion", "change"}, object{
			"conversion": obj([]string{"dataset", "read", "made"}, object{
				"dataset": str, "version": str,
				"read":       object{"type": "object", "description": "What the file holds, by kind.", "additionalProperties": object{"type": "integer"}},
				"made":       object{"type": "object", "description": "What the conversion asserts, by kind.", "additionalProperties": object{"type": "integer"}},
				"merged":     list(obj([]string{"name", "id", "by"}, object{"name": str, "id": str, "by": str})),
				"skipped":    object{"type": "object", "description": "What was left out, by reason (revoked, an unknown object type…).", "additionalProperties": object{"type": "integer"}},
				"unresolved": list(obj([]string{"name", "field", "of"}, object{"name": str, "field": str, "of": str})),
			}),
			"change": ref("ChangeReport"),
		}),
		"Change": obj([]string{"id", "recorded_at", "kind", "author", "entities", "facts"}, object{
			"id": str, "recorded_at": object{"type": "string", "format": "date-time"}, "kind": str, "author": str, "role": str,
			"reason": str, "cites": list(str), "idempotency_key": str, "entities": list(str), "facts": list(ref("FactOutcome")),
		}),
		"Proposal": obj([]string{"id", "status", "proposed_by", "proposed_at", "evidence", "confidence", "facts", "entities"}, object{
			"id": str, "status": object{"type": "string", "enum": []string{"open", "accepted", "rejected"}}, "proposed_by": str,
			"proposed_at": object{"type": "string", "format": "date-time"},
			"document":    object{"type": "string", "description": "The candidate facts, as sent; left out of lists."},
			"evidence":    list(ref("Evidence")),
			"matches": object{"type": "array", "description": "The news reader's: facts the source states that the graph holds already, which the proposal does not write again.",
				"items": obj([]string{"fact", "relation", "says", "note", "evidence"}, object{"fact": str,
					"relation": object{"type": "string", "enum": []string{"second-source", "conflict"}}, "says": str, "note": str, "evidence": ref("Evidence")})},
			"confidence": object{"type": "integer"}, "note": str, "facts": list(str), "entities": list(str), "reviewed_by": str,
			"reviewed_at": object{"type": "string", "format": "date-time"}, "reason": str, "change": str,
		}),
		"Evidence":        obj([]string{"source"}, object{"fact": str, "source": str, "quote": str, "start": object{"type": "integer"}, "end": object{"type": "integer"}}),
		"ProposalsAnswer": obj([]string{"proposals", "count"}, object{"proposals": list(ref("Proposal")), "count": object{"type": "integer"}}),
		"ProposalReview": obj([]string{"proposal", "current"}, object{
			"proposal": ref("Proposal"), "preview": ref("ChangeReport"),
			"current": object{"type": "object", "additionalProperties": ref("Entity")}, "problems": list(str),
		}),
		"ProposalRequest": jsonSchemaOf(proposalRequestSchemaJSON),
		"IngestRequest":   jsonSchemaOf(ingestRequestSchemaJSON),
		"IngestReport": obj([]string{"language", "source", "candidates"}, object{
			"language": str, "source": str, "skipped": list(str), "proposal": ref("Proposal"),
			"candidates": list(obj([]string{"kind", "relation", "evidence", "confidence"}, object{
				"kind":    object{"type": "string", "enum": []string{"agreement", "statement", "attribution", "membership", "position", "event", "entity"}},
				"subject": str, "object": str, "parties": list(str), "about": str, "relation": str, "date": str, "date_precision": str,
				"status": str, "verdict": str, "name": str, "confidence": object{"type": "integer"}, "note": str, "existing": str,
				"match":    object{"type": "string", "enum": []string{"second-source", "conflict"}},
				"evidence": obj([]string{"start", "end", "quote"}, object{"start": object{"type": "integer"}, "end": object{"type": "integer"}, "quote": str}),
			})),
		}),
		"ReviewRequest": jsonSchemaOf(reviewRequestSchemaJSON),
		"ChangesAnswer": obj([]string{"changes", "count"}, object{"changes": list(ref("Change")), "count": object{"type": "integer"}}),
		"FactDocument":  object{"type": "object", "description": "A document in the seed's format (seed/schema.json in the repository describes it): the route's one fact in its section, and any new sources it cites under sources. Every fact names its source."},
		"CypherAnswer": obj([]string{"columns", "rows", "row_count", "truncated", "max_rows"}, object{
			"columns": list(str), "rows": list(anyObj), "row_count": object{"type": "integer"},
			"truncated": object{"type": "boolean", "description": "True when the row cap cut the result."},
			"max_rows":  object{"type": "integer"},
		}),
	}
}

// jsonSchemaOf is one of api/schemas as an OpenAPI schema.
func jsonSchemaOf(data []byte) object {
	var schema object
	if err := json.Unmarshal(data, &schema); err != nil {
		panic(fmt.Sprintf("api: a schema in api/schemas is not JSON: %v", err))
	}
	delete(schema, "$schema")
	return schema
}

func handleOpenAPI(doc []byte) gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Data(http.StatusOK, "application/json", doc)
	}
}
