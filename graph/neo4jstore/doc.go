// Package neo4jstore implements graph.Store on Neo4j 5 with the official Go
// driver: reads through reader routing, schema migrations, and the
// all-or-nothing seed load. It translates driver errors into graph errors.
// Every statement it runs is a file of cypher/ (statements.go).
package neo4jstore
