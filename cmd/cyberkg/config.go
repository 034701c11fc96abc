package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/spf13/cobra"

	"github.com/cyberkg/cyberkg/auth"
	"github.com/cyberkg/cyberkg/graph/neo4jstore"
)

// defaultPassword is the local-development password that neo4j-local/neo4jctl
// sets on first start; production deployments set NEO4J_PASSWORD.
const defaultPassword = "cyberkg-local"

// config is read from the environment, and flags override it.
type config struct {
	uri, username, password, database string
	addr                              string
	neo4jHTTP                         string // Neo4j's HTTP address, for its Query API (bench ways)
	logLevel                          string
	wait                              time.Duration
	queryTimeout                      time.Duration
	readTimeout, idleTimeout          time.Duration
	drainDelay                        time.Duration
	memoryLimitMiB                    int64
	cacheMiB                          int64
	cypher                            cypherLimits
	auth                              authConfig
}

// authConfig says where the API keys come from and whether reads need one.
type authConfig struct {
	keysEnv  string // CYBERKG_API_KEYS: secret, so never a flag's default nor shown
	keysFile string
	reads    bool
	readsEnv string // CYBERKG_AUTH_READS as given, checked when serving
}

// cypherLimits bound POST /v1/cypher: the defaults a request gets and the
// most it may ask for.
type cypherLimits struct {
	timeout, maxTimeout time.Duration
	rows, maxRows       int
	concurrency         int   // statements that run at once; more get 429
	maxBytes            int64 // the most one answer may bring from Neo4j
}

func (c *config) bind(root *cobra.Command, getenv func(string) string) {
	env := func(key, def string) string {
		if v := getenv(key); v != "" {
			return v
		}
		return def
	}
	f := root.PersistentFlags()
	f.StringVar(&c.uri, "neo4j-uri", env("NEO4J_URI", "bolt://localhost:7687"), "Neo4j URI: bolt:// for one server, neo4j:// or neo4j+s:// for clusters and Aura (env NEO4J_URI)")
	f.StringVar(&c.username, "neo4j-username", env("NEO4J_USERNAME", "neo4j"), "Neo4j user (env NEO4J_USERNAME)")
	f.StringVar(&c.password, "neo4j-password", env("NEO4J_PASSWORD", defaultPassword), "Neo4j password (env NEO4J_PASSWORD; without it, the local server's)")
	// Help prints a flag's default, which here comes from the environment:
	// never the password, nor one written into the URI.
	f.Lookup("neo4j-password").DefValue = ""
	f.Lookup("neo4j-uri").DefValue = shown(c.uri)
	f.StringVar(&c.database, "neo4j-database", env("NEO4J_DATABASE", "neo4j"), "Neo4j database (env NEO4J_DATABASE)")
	f.StringVar(&c.logLevel, "log-level", env("CYBERKG_LOG_LEVEL", "info"), "debug, info, warn or error (env CYBERKG_LOG_LEVEL)")
	f.DurationVar(&c.wait, "wait", 0, "wait up to this long for Neo4j to accept connections (e.g. 60s)")
	c.addr = env("CYBERKG_ADDR", ":8080")
	c.neo4jHTTP = env("NEO4J_HTTP_URL", "http://localhost:"+env("NEO4J_LOCAL_HTTP_PORT", "7474"))
	c.auth.keysEnv = getenv(auth.EnvKeys)
	c.auth.keysFile = getenv("CYBERKG_API_KEYS_FILE")
	c.auth.readsEnv = getenv("CYBERKG_AUTH_READS")
}

// keyring reads the API keys from CYBERKG_API_KEYS and --api-keys-file;
// nil when neither is set. A malformed line stops the server, named.
func (c *config) keyring() (*auth.Keyring, error) {
	if c.auth.readsEnv != "" {
		if _, err := strconv.ParseBool(c.auth.readsEnv); err != nil {
			return nil, fmt.Errorf("CYBERKG_AUTH_READS=%q: want true or false", c.auth.readsEnv)
		}
	}
	keys, err := auth.Load(c.auth.keysEnv, c.auth.keysFile)
	if err != nil {
		return nil, fmt.Errorf("API keys: %w", err)
	}
	if c.auth.reads && keys.Len() == 0 {
		return nil, fmt.Errorf("--auth-reads needs API keys (%s or --api-keys-file): without them every read would be refused", auth.EnvKeys)
	}
	return keys, nil
}

func (c *config) logger(w io.Writer) (*slog.Logger, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.logLevel)); err != nil {
		return nil, fmt.Errorf("--log-level %q: want debug, info, warn or error", c.logLevel)
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level})), nil
}

// connect opens the one driver of the process and checks Neo4j answers,
// retrying for up to c.wait. The caller closes the driver.
func (c *config) connect(ctx context.Context, logger *slog.Logger, opts ...neo4jstore.Option) (neo4j.DriverWithContext, *neo4jstore.Store, error) {
	driver, err := neo4jstore.Open(c.uri, c.username, c.password)
	if err != nil {
		return nil, nil, fmt.Errorf("neo4j driver for %s: %w", shown(c.uri), err)
	}
	deadline := time.Now().Add(c.wait)
	for {
		err = driver.VerifyConnectivity(ctx)
		if err == nil || time.Now().After(deadline) || ctx.Err() != nil || isAuthError(err) {
			break
		}
		logger.Info("waiting for Neo4j", "uri", shown(c.uri), "err", err)
		select {
		case <-ctx.Done():
		case <-time.After(2 * time.Second):
		}
	}
	if err != nil {
		driver.Close(context.Background())
		return nil, nil, fmt.Errorf("neo4j at %s as %s is not reachable: %w", shown(c.uri), c.username, err)
	}
	logger.Debug("connected to Neo4j", "uri", shown(c.uri), "user", c.username, "database", c.database)
	return driver, neo4jstore.New(driver, c.database, opts...), nil
}

// openServing makes what serving the API needs: the logger, and the store
// over one driver (returned too, for whoever times the driver beside the
// API) with its ad-hoc lane. closeAll releases them.
func (c *config) openServing(ctx context.Context, stderr io.Writer) (logger *slog.Logger, driver neo4j.DriverWithContext, store *neo4jstore.Store, closeAll func(), err error) {
	if c.cypher.concurrency < 1 || c.cypher.maxBytes < 1 {
		return nil, nil, nil, nil, fmt.Errorf("--cypher-concurrency and --cypher-max-bytes must be positive")
	}
	lane, err := neo4jstore.NewAdhocLane(c.uri, c.username, c.password, c.cypher.concurrency, c.cypher.maxBytes)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	logger, driver, store, err = c.open(ctx, stderr, neo4jstore.WithAdhocLane(lane))
	if err != nil {
		lane.Close(context.Background())
		return nil, nil, nil, nil, err
	}
	return logger, driver, store, func() {
		driver.Close(context.Background())
		lane.Close(context.Background())
	}, nil
}

// shown is uri as help, logs and errors may show it: with any password in
// it masked (the driver ignores one there, but people paste such URIs).
func shown(uri string) string {
	u, err := url.Parse(uri)
	switch {
	case err == nil:
		return u.Redacted()
	case strings.Contains(uri, "@"):
		return "xxxxx" + uri[strings.LastIndex(uri, "@"):]
	}
	return uri
}

func isAuthError(err error) bool {
	var n4j *neo4j.Neo4jError
	return errors.As(err, &n4j) && n4j.HasSecurityCode()
}

// open makes the logger, then the driver and store; the caller closes the driver.
func (c *config) open(ctx context.Context, stderr io.Writer, opts ...neo4jstore.Option) (*slog.Logger, neo4j.DriverWithContext, *neo4jstore.Store, error) {
	logger, err := c.logger(stderr)
	if err != nil {
		return nil, nil, nil, err
	}
	driver, store, err := c.connect(ctx, logger, opts...)
	if err != nil {
		return nil, nil, nil, err
	}
	return logger, driver, store, nil
}
