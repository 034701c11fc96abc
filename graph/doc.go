// Package graph is the domain of cyberkg: the entities and facts of the
// knowledge graph, their dates and provenance, the error codes every layer
// speaks, and the Store interface the service needs. It imports no driver.
package graph
