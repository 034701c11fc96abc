package main

import (
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/cyberkg/cyberkg/api"
	"github.com/cyberkg/cyberkg/graph"
)

// The catalog question timed, and the ad-hoc statement that keeps the lane
// busy: it works row by row for its whole time limit.
const (
	laneCatalogPath = "/v1/queries/members_with_agreement_by_bloc?bloc=BRICS&country=RUS&as_of=2021-06-28"
	laneSlowBody    = `{"statement": "UNWIND range(1, 2000000000) AS x WITH x WHERE x < 0 RETURN count(x)", "timeout_ms": 2000}`
)

func newBenchLanesCmd(cfg *config, stdout, stderr io.Writer) *cobra.Command {
	var duration time.Duration
	var clients, load int
	cmd := &cobra.Command{
		Use:   "lanes",
		Short: "Catalog latency through the API with the ad-hoc lane idle, then saturated by slow statements, side by side",
		Long: `Serves the API in-process on a loopback port and times the headline catalog
question through HTTP, closed loop with --clients clients for --duration: first with
the ad-hoc lane idle, then while --load clients keep sending slow ad-hoc statements
(each runs for its 2 s limit, or is refused with 429 when every slot is busy,
and its client waits as Retry-After says).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if clients < 1 || load < 1 || duration < time.Second {
				return fmt.Errorf("--clients and --load must be positive and --duration at least 1s")
			}
			ctx := cmd.Context()
			_, _, store, closeAll, err := cfg.openServing(ctx, stderr)
			if err != nil {
				return err
			}
			defer closeAll()
			base, stop, err := serveAPI(store, api.Options{})
			if err != nil {
				return err
			}
			defer stop()
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients + load + 8}}

			catalog := getAsker(client, base+laneCatalogPath)
			if _, err := closedLoop(ctx, clients, time.Second, catalog); err != nil { // warm-up
				return err
			}
			idle, err := closedLoop(ctx, clients, duration, catalog)
			if err != nil {
				return err
			}
			stopLoad := adhocLoad(client, base+"/v1/cypher", load)
			time.Sleep(200 * time.Millisecond) // the lane fills
			busy, err := closedLoop(ctx, clients, duration, catalog)
			adhoc := stopLoad()
			if err != nil {
				return err
			}

			tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintf(tw, "catalog, ad-hoc lane\trequests\trps\tp50 ms\tp95 ms\tp99 ms\tmax ms\tnon-200\t\n")
			for _, row := range []struct {
				name string
				s    loopStats
			}{{"idle", idle}, {"saturated", busy}} {
				fmt.Fprintf(tw, "%s\t%d\t%.0f\t%.2f\t%.2f\t%.2f\t%.2f\t%d\t\n", row.name, row.s.n, row.s.rps(),
					ms(row.s.p50), ms(row.s.p95), ms(row.s.p99), ms(row.s.max), row.s.failed)
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "p99 saturated / idle: %.2f; p50: %.2f\n", float64(busy.p99)/float64(idle.p99), float64(busy.p50)/float64(idle.p50))
			fmt.Fprintf(stdout, "ad-hoc answers meanwhile (%d clients, %d slots): %s\n", load, cfg.cypher.concurrency, adhoc)
			fmt.Fprintf(stdout, "(%d catalog clients, %s each way; Neo4j at %s)\n", clients, duration, shown(cfg.uri))
			return nil
		},
	}
	cmd.Flags().DurationVar(&duration, "duration", 10*time.Second, "how long each side is timed")
	cmd.Flags().IntVar(&clients, "clients", 8, "concurrent catalog clients")
	cmd.Flags().IntVar(&load, "load", 64, "concurrent clients sending slow ad-hoc statements")
	cmd.Flags().IntVar(&cfg.cypher.concurrency, "cypher-concurrency", 2, "slots of the ad-hoc lane, as for serve")
	cmd.Flags().Int64Var(&cfg.cypher.maxBytes, "cypher-max-bytes", 16<<20, "byte cap of one ad-hoc answer, as for serve")
	return cmd
}

// serveAPI serves the API over store in this process, on a loopback port,
// with its log discarded; base is its http://127.0.0.1:PORT, and stop
// closes it.
func serveAPI(store graph.Store, opts api.Options) (base string, stop func(), err error) {
	handler, err := api.NewServer(store, slog.New(slog.NewTextHandler(io.Discard, nil)), opts)
	if err != nil {
		return "", nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return "http://" + ln.Addr().String(), func() { _ = srv.Close() }, nil
}

// adhocLoad keeps n clients posting slow statements until the returned
// function is called, which waits for them and describes their answers.
func adhocLoad(client *http.Client, url string, n int) func() string {
	stop := make(chan struct{})
	var mu sync.Mutex
	statuses := map[int]int{}
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				res, err := client.Post(url, "application/json", strings.NewReader(laneSlowBody))
				status := 0
				if err != nil {
					res = nil
				} else {
					_, _ = io.Copy(io.Discard, res.Body)
					res.Body.Close()
					status = res.StatusCode
				}
				mu.Lock()
				statuses[status]++
				mu.Unlock()
				if status == http.StatusTooManyRequests {
					time.Sleep(retryAfter(res)) // as a client should
				}
			}
		}()
	}
	return func() string {
		close(stop)
		wg.Wait()
		codes := make([]int, 0, len(statuses))
		for c := range statuses {
			codes = append(codes, c)
		}
		sort.Ints(codes)
		parts := make([]string, len(codes))
		for i, c := range codes {
			parts[i] = fmt.Sprintf("%d × %d", statuses[c], c)
		}
		return strings.Join(parts, ", ")
	}
}

// retryAfter is the wait a 429 asks for (whole seconds), 1 s if it names none.
func retryAfter(res *http.Response) time.Duration {
	if res != nil {
		if s, err := strconv.Atoi(res.Header.Get("Retry-After")); err == nil && s > 0 {
			return time.Duration(s) * time.Second
		}
	}
	return time.Second
}
