// Package api is cyberkg's HTTP layer: a Gin engine over a graph.Store.
// Every route is registered in routes.go; every error leaves through the one
// table in problem.go as application/problem+json.
package api
