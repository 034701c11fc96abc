package main

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/cyberkg/cyberkg/queries"
)

// benchRoutes are the requests bench routes times by default: the first
// page of every catalog question with its defaults, and the entity,
// neighbourhood, walk and search routes, on the graph's best-connected
// country.
func benchRoutes() []string {
	var paths []string
	for _, q := range queries.All {
		paths = append(paths, "/v1/queries/"+q.Name)
	}
	return append(paths,
		"/v1/queries/profile_get_by_country?country=IDN&as_of=2021-06-28",
		"/v1/queries/timeline_list_by_entity?id=RUS&from=2021-01-01&to=2021-12-31",
		"/v1/entities/RUS",
		"/v1/entities/RUS/neighbourhood?depth=1",
		"/v1/paths?from=oleg-khramov&to=joe-biden&max_length=4",
		"/v1/search?q=Rusia",
	)
}

func newBenchRoutesCmd(cfg *config, stdout, stderr io.Writer) *cobra.Command {
	var paths []string
	var clients int
	var duration time.Duration
	var cached bool
	cmd := &cobra.Command{
		Use:   "routes",
		Short: "Each API route's latency under concurrent clients: p50/p95/p99 and the answer's size, one route at a time",
		Long: `Serves the API in-process on a loopback port (with no answer cache unless --cache:
every request is read from Neo4j) and, for each --path in turn, has --clients
clients ask it again and again for --duration after a warm-up, and prints
requests, throughput, p50/p95/p99 and the answer's size. Without --path it times
the first page of every catalog question with its defaults, a profile, a
timeline, an entity, a neighbourhood, paths and a search.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if clients < 1 || duration <= 0 {
				return fmt.Errorf("--clients must be at least 1 and --duration positive")
			}
			for _, p := range paths {
				if u, err := url.Parse(p); err != nil || !strings.HasPrefix(u.Path, "/") || u.Host != "" {
					return fmt.Errorf("--path %q: want a path of this API, such as /v1/entities/RUS", p)
				}
			}
			if len(paths) == 0 {
				paths = benchRoutes()
			}
			ctx := cmd.Context()
			_, _, store, closeAll, err := cfg.openServing(ctx, stderr)
			if err != nil {
				return err
			}
			defer closeAll()
			base, stop, err := serveAPI(store, apiOptions(cached))
			if err != nil {
				return err
			}
			defer stop()
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients + 8}}
			defer client.CloseIdleConnections()
			tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
			fmt.Fprintf(tw, "route\trequests\trps\tp50 ms\tp95 ms\tp99 ms\tnon-2xx\tKB\t\n")
			for _, p := range paths {
				size, status, err := fetchSize(client, base+p)
				if err != nil {
					return fmt.Errorf("%s: %w", p, err)
				}
				if status != http.StatusOK {
					return fmt.Errorf("%s answers %d, not 200", p, status)
				}
				ask := getAsker(client, base+p)
				if _, err := closedLoop(ctx, clients, min(duration, time.Second), ask); err != nil { // warm-up
					return fmt.Errorf("%s: %w", p, err)
				}
				s, err := closedLoop(ctx, clients, duration, ask)
				if err != nil {
					return fmt.Errorf("%s: %w", p, err)
				}
				fmt.Fprintf(tw, "%s\t%d\t%.0f\t%.2f\t%.2f\t%.2f\t%d\t%.1f\t\n", p, s.n, s.rps(), ms(s.p50), ms(s.p95), ms(s.p99), s.failed, float64(size)/1024)
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "(%d clients, %s per route after a warm-up, answer cache %s; Neo4j at %s)\n", clients, duration, map[bool]string{true: "on", false: "off"}[cached], shown(cfg.uri))
			return nil
		},
	}
	cmd.Flags().StringArrayVar(&paths, "path", nil, "a GET path of the API to time, with its query string; repeatable (default: every catalog question and the main read routes)")
	cmd.Flags().IntVar(&clients, "clients", 16, "concurrent clients")
	cmd.Flags().DurationVar(&duration, "duration", 3*time.Second, "how long each route is timed")
	cmd.Flags().BoolVar(&cached, "cache", false, "serve with the answer cache (repeated questions then hit it)")
	return cmd
}

// fetchSize asks url once and returns the answer's size and status.
func fetchSize(client *http.Client, url string) (int64, int, error) {
	res, err := client.Get(url)
	if err != nil {
		return 0, 0, err
	}
	defer res.Body.Close()
	n, err := io.Copy(io.Discard, res.Body)
	return n, res.StatusCode, err
}
