package main

import (
	"bufio"
	"io"
	"os"
	"path/filepath"
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
			svc := service.New(store, service.Options{})
			if service.Streams(raw) {
				// The whole graph as JSON: written as it is read.
				values, err := svc.Bind(cmd.Context(), "cyberkg export", specs, raw)
				if err != nil {
					return err
				}
				return writeOutput(output, stdout, func(w io.Writer) error {
					s := export.NewJSONStream(w)
					if err := svc.ExportStream(cmd.Context(), service.ExportWalk(values), s); err != nil {
						return err
					}
					return s.Close()
				})
			}
			g, values, err := svc.ExportSubgraph(cmd.Context(), "cyberkg export", specs, raw)
			if err != nil {
				return err
			}
			return writeOutput(output, stdout, func(w io.Writer) error {
				buf := bufio.NewWriter(w)
				if err := export.Write(buf, values.String("format"), g); err != nil {
					return err
				}
				return buf.Flush()
			})
		},
	}
	for _, p := range specs {
		cmd.Flags().String(strings.ReplaceAll(p.Name, "_", "-"), p.Default, p.Description)
	}
	cmd.Flags().StringArrayVarP(&params, "param", "p", nil, "with --query: one of the query's parameters as NAME=VALUE (repeatable)")
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to this file instead of standard output")
	return cmd
}

// writeOutput has write write to standard output, or to the file output
// (unless it is "" or -): to a file beside it first, renamed once whole, so
// a failed export leaves no partial file behind.
func writeOutput(output string, stdout io.Writer, write func(io.Writer) error) error {
	if output == "" || output == "-" {
		return write(stdout)
	}
	f, err := os.CreateTemp(filepath.Dir(output), "."+filepath.Base(output)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // nothing left once renamed
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Chmod(0o644); err != nil { // as os.Create would, less the umask
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), output)
}
