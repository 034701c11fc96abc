package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/spf13/cobra"

	"github.com/cyberkg/cyberkg/api"
	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/graph/neo4jstore"
	"github.com/cyberkg/cyberkg/service"
)

const shutdownTimeout = 10 * time.Second

func newServeCmd(cfg *config, stdout, stderr io.Writer) *cobra.Command {
	var migrate, loadSeed bool
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the HTTP API",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return serve(cmd.Context(), cfg, serveOptions{migrate: migrate, seed: loadSeed}, stdout, stderr)
		},
	}
	addServeFlags(cmd, cfg)
	cmd.Flags().BoolVar(&migrate, "migrate", false, "apply schema migrations before serving")
	cmd.Flags().BoolVar(&loadSeed, "seed", false, "load the built-in seed before serving")
	return cmd
}

func newUpCmd(cfg *config, stdout, stderr io.Writer) *cobra.Command {
	var seedDir string
	var openData []string
	cmd := &cobra.Command{
		Use:   "up",
		Short: "Apply the schema, load the seed and serve the API: everything after Neo4j is up",
		Example: `  cyberkg up
  cyberkg up --open-data misp-galaxy=threat-actor.json --open-data stix=enterprise-groups-campaigns.json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			files, err := parseOpenData(openData)
			if err != nil {
				return err
			}
			return serve(cmd.Context(), cfg, serveOptions{migrate: true, seed: true, seedDir: seedDir, openData: files}, stdout, stderr)
		},
	}
	addServeFlags(cmd, cfg)
	cmd.Flags().StringVar(&seedDir, "seed-dir", "", "load seed files from this folder instead of the built-in seed")
	cmd.Flags().StringArrayVar(&openData, "open-data", nil, "after the seed, import an open data set's file as FORMAT=FILE ("+
		strings.Join(service.OpenDataFormats, ", ")+"; repeatable): the same version again changes nothing")
	return cmd
}

func addServeFlags(cmd *cobra.Command, cfg *config) {
	cmd.Flags().StringVar(&cfg.addr, "addr", cfg.addr, "address to listen on (env CYBERKG_ADDR)")
	cmd.Flags().DurationVar(&cfg.queryTimeout, "query-timeout", 15*time.Second, "time limit of each catalog query")
	cmd.Flags().DurationVar(&cfg.cypher.timeout, "cypher-timeout", 10*time.Second, "POST /v1/cypher: default time limit")
	cmd.Flags().DurationVar(&cfg.cypher.maxTimeout, "cypher-max-timeout", 60*time.Second, "POST /v1/cypher: the longest time limit a request may ask for")
	cmd.Flags().IntVar(&cfg.cypher.rows, "cypher-rows", 1000, "POST /v1/cypher: default row cap")
	cmd.Flags().IntVar(&cfg.cypher.maxRows, "cypher-max-rows", 10000, "POST /v1/cypher: the highest row cap a request may ask for")
	cmd.Flags().IntVar(&cfg.cypher.concurrency, "cypher-concurrency", 2, "POST /v1/cypher: statements that run at once, on connections of their own; more get 429 (analysts' statements can take a core each)")
	cmd.Flags().Int64Var(&cfg.cypher.maxBytes, "cypher-max-bytes", 16<<20, "POST /v1/cypher: the most bytes one answer may bring from Neo4j; past it the statement is cut off with 400")
	cmd.Flags().Int64Var(&cfg.memoryLimitMiB, "memory-limit", api.DefaultMemoryLimit>>20, "soft limit of the server's memory, in MiB: near it, Go collects garbage sooner (0: none; GOMEMLIMIT, if set, wins)")
	cmd.Flags().Int64Var(&cfg.cacheMiB, "cache", api.DefaultCacheBytes>>20, "memory of the answer cache of catalog questions, in MiB (0: none); an answer is served from it only while the graph's version is the one it was read at")
	cmd.Flags().DurationVar(&cfg.drainDelay, "drain-delay", 0, "on SIGTERM, answer 503 (readiness included) for this long before closing the listener, so a load balancer stops sending; in-flight requests always finish")
	cmd.Flags().DurationVar(&cfg.readTimeout, "read-timeout", 15*time.Second, "the longest a client may take to send a request, body included")
	cmd.Flags().DurationVar(&cfg.idleTimeout, "idle-timeout", 60*time.Second, "how long an idle keep-alive connection stays open")
	cmd.Flags().StringVar(&cfg.auth.keysFile, "api-keys-file", cfg.auth.keysFile, "file of API keys, one 'NAME ROLE sha256:HEX' a line (cyberkg keys new makes them); adds to those in CYBERKG_API_KEYS (env CYBERKG_API_KEYS_FILE)")
	reads, _ := strconv.ParseBool(cfg.auth.readsEnv) // a bad value stops serve, in cfg.keyring
	cmd.Flags().BoolVar(&cfg.auth.reads, "auth-reads", reads, "reads need an API key too, of any role (env CYBERKG_AUTH_READS); writes always do")
}

type serveOptions struct {
	migrate, seed bool
	seedDir       string
	openData      []openDataFile
}

// openDataFile is one --open-data FORMAT=FILE.
type openDataFile struct{ format, path string }

func parseOpenData(flags []string) ([]openDataFile, error) {
	var out []openDataFile
	for _, f := range flags {
		format, path, ok := strings.Cut(f, "=")
		if !ok || !slices.Contains(service.OpenDataFormats, format) || path == "" {
			return nil, fmt.Errorf("--open-data %q: want FORMAT=FILE, FORMAT one of %s", f, strings.Join(service.OpenDataFormats, ", "))
		}
		out = append(out, openDataFile{format, path})
	}
	return out, nil
}

func serve(ctx context.Context, cfg *config, opts serveOptions, stdout, stderr io.Writer) error {
	if cfg.cypher.timeout <= 0 || cfg.cypher.rows <= 0 || cfg.cypher.maxTimeout < cfg.cypher.timeout || cfg.cypher.maxRows < cfg.cypher.rows {
		return fmt.Errorf("--cypher-timeout and --cypher-rows must be positive, and the --cypher-max-* limits at least as large")
	}
	if cfg.readTimeout <= 0 || cfg.idleTimeout <= 0 {
		return fmt.Errorf("--read-timeout and --idle-timeout must be positive")
	}
	if cfg.drainDelay < 0 {
		return fmt.Errorf("--drain-delay must be 0 or more, not %s", cfg.drainDelay)
	}
	if cfg.cacheMiB < 0 {
		return fmt.Errorf("--cache must be 0 (none) or a size in MiB, not %d", cfg.cacheMiB)
	}
	if cfg.memoryLimitMiB < 0 {
		return fmt.Errorf("--memory-limit must be 0 (none) or a size in MiB, not %d", cfg.memoryLimitMiB)
	}
	// Concurrent answers of up to a million values each are mostly garbage
	// soon after: without a limit, the heap may grow to twice its live size
	// before Go collects it.
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set && cfg.memoryLimitMiB > 0 {
		debug.SetMemoryLimit(cfg.memoryLimitMiB << 20)
	}
	keys, err := cfg.keyring()
	if err != nil {
		return err
	}
	logger, _, store, closeAll, err := cfg.openServing(ctx, stderr)
	if err != nil {
		return err
	}
	defer closeAll()
	if keys.Len() == 0 {
		logger.Info("no API keys configured: reads are open, writes are refused (set CYBERKG_API_KEYS or --api-keys-file)")
	} else {
		logger.Info("API keys loaded", "keys", keys.Len(), "reads_need_key", cfg.auth.reads)
	}

	if opts.migrate {
		if err := migrate(ctx, store, logger); err != nil {
			return err
		}
	}
	if opts.seed {
		if err := loadSeed(ctx, store, opts.seedDir, logger); err != nil {
			return err
		}
	}
	if err := importOpenData(ctx, store, opts.openData, logger); err != nil {
		return err
	}

	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.addr, err)
	}
	draining := new(atomic.Bool)
	handler, err := api.NewServer(store, logger, api.Options{
		QueryTimeout:  cfg.queryTimeout,
		CypherTimeout: cfg.cypher.timeout, CypherMaxTimeout: cfg.cypher.maxTimeout,
		CypherRows: cfg.cypher.rows, CypherMaxRows: cfg.cypher.maxRows,
		Keys: keys, AuthReads: cfg.auth.reads, Draining: draining, CacheBytes: cfg.cacheMiB << 20,
	})
	if err != nil {
		return err
	}
	// A slow or silent client may not hold a connection: the body must arrive
	// within the read limit, and an answer may take the longest query's time.
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: min(10*time.Second, cfg.readTimeout),
		ReadTimeout:       cfg.readTimeout,
		WriteTimeout:      max(cfg.cypher.maxTimeout, cfg.queryTimeout) + cfg.readTimeout + 10*time.Second,
		IdleTimeout:       cfg.idleTimeout,
	}
	base := baseURL(ln.Addr())
	fmt.Fprintf(stdout, "cyberkg API:      %s\n", base)
	fmt.Fprintf(stdout, "  explorer:       %s/\n", base)
	fmt.Fprintf(stdout, "  reference:      %s/docs\n", base)
	fmt.Fprintf(stdout, "  queries:        %s/v1/queries\n", base)
	fmt.Fprintf(stdout, "  headline:       %s/v1/queries/members_with_agreement_by_bloc?bloc=BRICS&country=RUS&as_of=2021-06-28\n", base)
	fmt.Fprintf(stdout, "  readiness:      %s/readyz\n", base)
	logger.Info("serving", "addr", ln.Addr().String(), "neo4j", shown(cfg.uri), "database", cfg.database)

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	// New requests get 503 from now on; those in flight finish. After the
	// drain delay the listener closes, and Shutdown waits for the last
	// answers before the driver is closed (closeAll, deferred above).
	draining.Store(true)
	logger.Info("draining", "delay", cfg.drainDelay.String())
	time.Sleep(cfg.drainDelay)
	// The shutdown deadline comes from a fresh context: ctx is already cancelled.
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	logger.Info("shutting down", "timeout", shutdownTimeout.String())
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// baseURL is the URL a person on this machine can open for addr.
func baseURL(addr net.Addr) string {
	host, port, _ := net.SplitHostPort(addr.String())
	if host == "" || host == "::" || host == "0.0.0.0" {
		host = "localhost"
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	return "http://" + host + ":" + port
}

func migrate(ctx context.Context, store *neo4jstore.Store, logger *slog.Logger) error {
	applied, err := store.Migrate(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	logger.Info("schema up to date", "applied_now", applied, "known", len(neo4jstore.MigrationVersions()))
	return nil
}

// importOpenData imports each open data set's file as the data set, as
// "cyberkg import --format" does, and logs what it did.
func importOpenData(ctx context.Context, store *neo4jstore.Store, files []openDataFile, logger *slog.Logger) error {
	svc := service.New(store, service.Options{})
	for _, f := range files {
		data, err := os.ReadFile(f.path)
		if err != nil {
			return fmt.Errorf("--open-data: %w", err)
		}
		rep, err := svc.ImportOpenData(ctx, service.OpenData{Format: f.format, Name: filepath.Base(f.path), Data: data,
			Caller: service.Caller{Name: "open-data", Role: "admin"}, Reason: "cyberkg up --open-data"})
		if err != nil {
			return fmt.Errorf("import %s: %w", f.path, err)
		}
		c := rep.Change.Counts
		logger.Info("open data imported", "dataset", rep.Dataset, "version", rep.Version, "file", f.path,
			"change", rep.Change.Change, "created", c[graph.Created], "changed", c[graph.Changed], "unchanged", c[graph.Unchanged],
			"retracted", c[graph.Retracted], "kept", c[graph.Kept], "unresolved", rep.Unresolved)
	}
	return nil
}

func loadSeed(ctx context.Context, store *neo4jstore.Store, dir string, logger *slog.Logger) error {
	ds, err := parseSeed(dir)
	if err != nil {
		return err
	}
	report, err := store.Load(ctx, ds)
	if err != nil {
		return fmt.Errorf("load seed: %w", err)
	}
	c := report.Counts
	logger.Info("seed loaded", "from", seedOrigin(dir), "change", report.Change, "created", c[graph.Created], "changed", c[graph.Changed],
		"unchanged", c[graph.Unchanged], "retracted", c[graph.Retracted], "restored", c[graph.Restored], "kept_analysts", c[graph.Kept])
	return nil
}
