package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"slices"
	"sync"
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
		Long: `Runs each catalog query (its first page, with its default parameters, through the
same code path as the API) a number of times after a warm-up, and prints p50, p95
and max latency, and each p50 as a multiple of the p50 of 'RETURN 1' measured in
the same run, so figures from a busy or a quiet machine compare.`,
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
					// The first page, as the API answers it: what a user waits for.
					_, err := svc.QueryPage(ctx, q, nil, service.PageRequest{})
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
	cmd.AddCommand(newBenchLanesCmd(cfg, stdout, stderr), newBenchWaysCmd(cfg, stdout, stderr), newBenchRoutesCmd(cfg, stdout, stderr))
	cmd.Flags().IntVarP(&iterations, "iterations", "n", 200, "timed runs per query")
	cmd.Flags().DurationVar(&cfg.queryTimeout, "query-timeout", 15*time.Second, "time limit of each query")
	return cmd
}

const warmup = 20

// timeIt runs f warm-up times untimed, then n times timed, one after another.
func timeIt(n int, f func() error) (loopStats, error) {
	for i := 0; i < warmup; i++ {
		if err := f(); err != nil {
			return loopStats{}, err
		}
	}
	ds := make([]time.Duration, n)
	start := time.Now()
	for i := range ds {
		t := time.Now()
		if err := f(); err != nil {
			return loopStats{}, err
		}
		ds[i] = time.Since(t)
	}
	return summarize(ds, 0, time.Since(start)), nil
}

// loopStats describe a run of timed requests: every latency, and the
// figures drawn from them. Runs of the same thing merge into one.
type loopStats struct {
	n, failed          int
	elapsed            time.Duration // wall time of the run
	p50, p95, p99, max time.Duration
	took               []time.Duration // sorted
	allocs, allocBytes uint64          // heap allocations of the whole process meanwhile
}

// summarize sorts took (in place) and reads its percentiles.
func summarize(took []time.Duration, failed int, elapsed time.Duration) loopStats {
	slices.Sort(took)
	s := loopStats{n: len(took), failed: failed, elapsed: elapsed, took: took}
	if len(took) == 0 {
		return s
	}
	at := func(p float64) time.Duration { return took[min(len(took)-1, int(float64(len(took))*p))] }
	s.p50, s.p95, s.p99, s.max = at(0.50), at(0.95), at(0.99), took[len(took)-1]
	return s
}

// merge is one run made of s and o, as if their requests had run in turn.
func (s loopStats) merge(o loopStats) loopStats {
	m := summarize(append(slices.Clone(s.took), o.took...), s.failed+o.failed, s.elapsed+o.elapsed)
	m.allocs, m.allocBytes = s.allocs+o.allocs, s.allocBytes+o.allocBytes
	return m
}

// rps is the requests finished per second of wall time.
func (s loopStats) rps() float64 {
	if s.elapsed <= 0 {
		return 0
	}
	return float64(s.n) / s.elapsed.Seconds()
}

// perRequest is a process-wide allocation total divided among the requests.
func (s loopStats) perRequest(total uint64) float64 {
	if s.n == 0 {
		return 0
	}
	return float64(total) / float64(s.n)
}

// An asker sends one request and reports whether it succeeded; an error
// means it could not ask at all, which ends the loop.
type asker func(ctx context.Context) (ok bool, err error)

// closedLoop has clients call ask one after another for d (a closed loop:
// each waits for its answer before asking again) and returns the latencies.
func closedLoop(ctx context.Context, clients int, d time.Duration, ask asker) (loopStats, error) {
	var mu sync.Mutex
	var all []time.Duration
	failed := 0
	var firstErr error
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	end := start.Add(d)
	var wg sync.WaitGroup
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(end) && ctx.Err() == nil {
				t := time.Now()
				ok, err := ask(ctx)
				took := time.Since(t)
				mu.Lock()
				if err != nil {
					firstErr = cmp.Or(firstErr, err)
					mu.Unlock()
					return
				}
				all = append(all, took)
				if !ok {
					failed++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)
	if firstErr != nil {
		return loopStats{}, firstErr
	}
	if len(all) == 0 {
		return loopStats{}, fmt.Errorf("no request finished in %s", d)
	}
	s := summarize(all, failed, elapsed)
	s.allocs, s.allocBytes = after.Mallocs-before.Mallocs, after.TotalAlloc-before.TotalAlloc
	return s, nil
}

// httpAsker sends the request newRequest makes and reads the whole answer;
// any status but 2xx is a failed answer.
func httpAsker(client *http.Client, newRequest func(ctx context.Context) (*http.Request, error)) asker {
	return func(ctx context.Context) (bool, error) {
		req, err := newRequest(ctx)
		if err != nil {
			return false, err
		}
		res, err := client.Do(req)
		if err != nil {
			return false, err
		}
		defer res.Body.Close()
		if _, err := io.Copy(io.Discard, res.Body); err != nil {
			return false, err
		}
		return res.StatusCode >= 200 && res.StatusCode < 300, nil
	}
}

// getAsker is httpAsker for GET url.
func getAsker(client *http.Client, url string) asker {
	return httpAsker(client, func(ctx context.Context) (*http.Request, error) {
		return http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	})
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
