package main

import (
	"context"
	"io"

	"github.com/spf13/cobra"
)

// run is the whole program; main only supplies the process's environment, so
// tests can call run with their own arguments, environment and outputs.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg := &config{}
	root := &cobra.Command{
		Use:           "cyberkg",
		Short:         "A knowledge graph of cyber-cooperation between states, served over HTTP",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	cfg.bind(root, getenv)
	root.AddCommand(
		newServeCmd(cfg, stdout, stderr),
		newUpCmd(cfg, stdout, stderr),
		newMigrateCmd(cfg, stdout, stderr),
		newSeedCmd(cfg, stdout, stderr),
		newQueryCmd(cfg, stdout, stderr),
		newExportCmd(cfg, stdout, stderr),
		newIngestCmd(cfg, stdout, stderr),
		newBenchCmd(cfg, stdout, stderr),
		newKeysCmd(stdout, stderr),
		newWriteCmd(cfg, stdout, stderr),
		newRetractCmd(cfg, stdout, stderr),
		newImportCmd(cfg, stdout, stderr),
		newGenerateCmd(cfg, stdout, stderr),
		newChangesCmd(cfg, stdout, stderr),
	)
	return root.ExecuteContext(ctx)
}
