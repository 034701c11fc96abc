// Command cyberkg serves the cyber-cooperation knowledge graph over HTTP and
// manages its Neo4j database: schema migrations, the seed, and named queries.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "cyberkg:", err)
		os.Exit(1)
	}
}
