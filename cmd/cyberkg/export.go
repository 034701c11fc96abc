package main

import (
	"bufio"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cyberkg/cyberkg/export"
	"github.com/cyberkg/cyberkg/service"
)

func newExportCmd(cfg *config, stdout, stderr io.Writer) *cobra.Command {
	var params []string
	var output string
	specs := service.ExportParams(service.KnownOnParam)
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Export the graph, a neighbourhood or a query's subgraph, as of a date: JSON, CSV, GraphML or a STIX 2.1 bundle",
		Long: "Exports what GET /v1/export does, with the same parameters: the whole graph by default, --entity ID for a\n" +
			"neighbourhood, or --query NAME with the query's parameters as --param NAME=VALUE.",
		Example: `  cyberkg export --format stix -o cyberkg.stix.json
  cyberkg export --format stix --as-of 2021-06-28 --entity apt28 --depth 2
  cyberkg export --format graphml --query members_with_agreement_by_bloc --param bloc=SCO --param as_of=2021-06-28`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			raw, err := paramValues(params, service.ExportQueryPrefix)
			if err != nil {
				return err
			}
			for _, p := range specs {
				if f := cmd.Flags().Lookup(strings.ReplaceAll(p.Name, "_", "-")); f != nil && f.Changed {
					raw[p.Name] = f.Value.String()
				}
			}
			_, driver, store, err := cfg.open(cmd.Context(), stderr)
			if err != nil {
				return err
			}
			defer driver.Close(cmd.Context())
			g, values, err := service.New(store, service.Options{}).ExportSubgraph(cmd.Context(), "cyberkg export", specs, raw)
			if err != nil {
				return err
			}
			w := stdout
			if output != "" && output != "-" {
				f, err := os.Create(output)
				if err != nil {
					return err
				}
				defer f.Close()
				w = f
			}
			buf := bufio.NewWriter(w)
			if err := export.Write(buf, values.String("format"), g); err != nil {
				return err
			}
			return buf.Flush()
		},
	}
	for _, p := range specs {
		cmd.Flags().String(strings.ReplaceAll(p.Name, "_", "-"), p.Default, p.Description)
	}
	cmd.Flags().StringArrayVarP(&params, "param", "p", nil, "with --query: one of the query's parameters as NAME=VALUE (repeatable)")
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to this file instead of standard output")
	return cmd
}
