package main

import (
	"io"

	"github.com/spf13/cobra"
)

func newMigrateCmd(cfg *config, _, stderr io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "migrate",
		Short: "Apply the schema migrations (constraints and indexes); safe to run again",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			logger, driver, store, err := cfg.open(cmd.Context(), stderr)
			if err != nil {
				return err
			}
			defer driver.Close(cmd.Context())
			return migrate(cmd.Context(), store, logger)
		},
	}
}
