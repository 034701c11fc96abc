package main

import (
	"fmt"
	"io"
	"sort"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/cyberkg/cyberkg/queries"
	"github.com/cyberkg/cyberkg/service"
)

func newBenchCmd(cfg *config, stdout, stderr io.Writer) *cobra.Command {
	var iterations int
	cmd := &cobra.Command{
		Use:   "bench",
		Short: "Time every catalog query with its defaults and print p50/p95 latencies against a trivial baseline",
		Long: `Runs each catalog query (with its default parameters, through the same code path as
the API) a number of times after a warm-up, and prints p50, p95 and max latency,
and each p50 as a multiple of the p50 of 'RETURN 1' measured in the same run, so
figures from a busy or a quiet machine compare.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if iterations < 5 {
				return fmt.Errorf("--iterations %d: want at least 5", iterations)
			}
			_, driver, store, err := cfg.open(cmd.Context(), stderr)
			if err != nil {
				return err
			}
			defer driver.Close(cmd.Context())
			ctx := cmd.Context()
			baseline, err := timeIt(iterations, func() error {
				return store.Ping(ctx)
			})
			if err != nil {
				return fmt.Errorf("baseline: %w", err)
			}
			tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintf(tw, "query\tp50 ms\tp95 ms\tmax ms\tp50 / baseline\t\n")
			fmt.Fprintf(tw, "RETURN 1 (baseline)\t%.2f\t%.2f\t%.2f\t1.0\t\n", ms(baseline.p50), ms(baseline.p95), ms(baseline.max))
			svc := service.New(store, service.Options{QueryTimeout: cfg.queryTimeout})
			for _, q := range queries.All {
				st, err := timeIt(iterations, func() error {
					_, err := svc.Query(ctx, q, nil)
					return err
				})
				if err != nil {
					return fmt.Errorf("%s: %w", q.Name, err)
				}
				fmt.Fprintf(tw, "%s\t%.2f\t%.2f\t%.2f\t%.1f\t\n", q.Name, ms(st.p50), ms(st.p95), ms(st.max), float64(st.p50)/float64(baseline.p50))
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "(%d timed runs each after %d warm-up runs; Neo4j at %s)\n", iterations, warmup, shown(cfg.uri))
			return nil
		},
	}
	cmd.AddCommand(newBenchLanesCmd(cfg, stdout, stderr))
	cmd.Flags().IntVarP(&iterations, "iterations", "n", 200, "timed runs per query")
	cmd.Flags().DurationVar(&cfg.queryTimeout, "query-timeout", 15*time.Second, "time limit of each query")
	return cmd
}

const warmup = 20

type latencies struct{ p50, p95, max time.Duration }

// timeIt runs f warm-up times untimed, then n times timed.
func timeIt(n int, f func() error) (latencies, error) {
	for i := 0; i < warmup; i++ {
		if err := f(); err != nil {
			return latencies{}, err
		}
	}
	ds := make([]time.Duration, n)
	for i := range ds {
		start := time.Now()
		if err := f(); err != nil {
			return latencies{}, err
		}
		ds[i] = time.Since(start)
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	return latencies{p50: ds[n/2], p95: ds[n*95/100], max: ds[n-1]}, nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
