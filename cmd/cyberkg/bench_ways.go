package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/spf13/cobra"

	"github.com/cyberkg/cyberkg/api"
	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/graph/neo4jstore"
	"github.com/cyberkg/cyberkg/queries"
	"github.com/cyberkg/cyberkg/service"
)

// The three ways one question is asked.
const (
	wayAPI      = "api"       // GET /v1/queries/NAME on the in-process API, no answer cache: every request a miss
	wayCached   = "api-hit"   // the same on an API with its answer cache, asked again and again: hits
	wayDriver   = "driver"    // the catalog statement on the API's own driver
	wayQueryAPI = "query-api" // the same statement to Neo4j's Query API over HTTP
)

// queryAPIType is the media type of Neo4j's typed JSON, for the parameters
// sent and the answer asked for.
const queryAPIType = "application/vnd.neo4j.query"

// The question timed when none is named: the headline one.
var (
	defaultWaysQuestion = queries.MembersWithAgreementByBloc
	defaultWaysParams   = map[string]string{"bloc": "BRICS", "country": "RUS", "as_of": "2021-06-28"}
)

// waysFlags are the flags of cyberkg bench ways, as given.
type waysFlags struct {
	questions, params []string
	concurrency       string
	duration, warmup  time.Duration
	rounds            int
	neo4jHTTP         string
	profileDir        string
	profileAt         int
	cache             bool
}

// waysPlan is what the flags ask for, checked before anything connects.
type waysPlan struct {
	questions        []benchQuestion
	levels           []int
	duration, warmup time.Duration
	rounds           int
	neo4jHTTP        *url.URL
	profileDir       string
	profileAt        int
	cache            bool
}

// driverParams are the question's parameters as the driver and the Query
// API send them with its catalog statement cut to a page (q.Paged()): its
// own, and the first page the API answers (its default limit), so that all
// ways read the same rows.
func (b benchQuestion) driverParams() map[string]any {
	params := queries.PageParams(0, service.DefaultLimit)
	maps.Copy(params, b.params)
	return params
}

// benchQuestion is a catalog question with its parameters, bound once so
// that every way asks with the same values.
type benchQuestion struct {
	q      *queries.Query
	raw    map[string]string
	params queries.Values
}

// query is the question's parameters as a URL query, sorted by name.
func (b benchQuestion) query() string {
	v := url.Values{}
	for k, s := range b.raw {
		v.Set(k, s)
	}
	return v.Encode()
}

func (b benchQuestion) String() string {
	if len(b.raw) == 0 {
		return b.q.Name
	}
	return b.q.Name + "?" + b.query()
}

func newBenchWaysCmd(cfg *config, stdout, stderr io.Writer) *cobra.Command {
	var f waysFlags
	cmd := &cobra.Command{
		Use:   "ways",
		Short: "The same catalog questions three ways (the API, the driver, Neo4j's Query API): throughput, p50/p95/p99 and their ratios",
		Long: `Asks each --question, with the same Cypher and the same parameters, three ways
against the same database: through the API (served in-process on a loopback port,
GET /v1/queries/NAME), through the driver the API uses (the catalog statement,
every record read, as the API does), and through Neo4j's Query API over HTTP
(POST /db/DATABASE/query/v2 with typed JSON parameters, the whole answer read).
It first checks the three give the same number of rows, then at each
--concurrency runs --rounds closed loops of --duration per way, the order of the
ways reversed every other round, each after a --warmup. It prints, per question,
requests, throughput and latency percentiles per way and concurrency, then the
ratios the API is held to: its p50 within 1.10 × the driver's, and its
throughput at least the Query API's.

With no --question it asks members_with_agreement_by_bloc with
bloc=BRICS, country=RUS, as_of=2021-06-28. --param NAME=VALUE sets a parameter
of every question that takes it. --profile DIR then runs one more loop of the
API way and one of the driver way at --profile-concurrency, for --duration each,
and writes their CPU and allocation profiles (api-cpu.pprof, driver-cpu.pprof…):
the API's own costs are what it spends beyond the driver.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			plan, err := f.plan()
			if err != nil {
				return err
			}
			return benchWays(cmd.Context(), cfg, plan, stdout, stderr)
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&f.questions, "question", nil, "a catalog query to time, by name; repeatable (default members_with_agreement_by_bloc with bloc=BRICS, country=RUS, as_of=2021-06-28)")
	fl.StringArrayVar(&f.params, "param", nil, "NAME=VALUE: a parameter of every question that takes it; repeatable")
	fl.StringVar(&f.concurrency, "concurrency", "1,16,64", "clients asking at once, one closed loop per value, comma separated")
	fl.DurationVar(&f.duration, "duration", 5*time.Second, "how long each way is timed at each concurrency, per round")
	fl.DurationVar(&f.warmup, "warmup", time.Second, "untimed loop before each timed one (0: none)")
	fl.IntVar(&f.rounds, "rounds", 2, "timed loops per way and concurrency, the ways' order reversed every other round")
	fl.StringVar(&f.neo4jHTTP, "neo4j-http", cfg.neo4jHTTP, "Neo4j's HTTP address, for its Query API (env NEO4J_HTTP_URL; else http://localhost:$NEO4J_LOCAL_HTTP_PORT when that is set)")
	fl.Lookup("neo4j-http").DefValue = shown(cfg.neo4jHTTP)
	fl.StringVar(&f.profileDir, "profile", "", "after timing, profile one more loop of the API way and one of the driver way, and write their CPU and allocation profiles in this folder")
	fl.IntVar(&f.profileAt, "profile-concurrency", 16, "clients of the profiled loop")
	fl.BoolVar(&f.cache, "cache", false, "also ask an API with its answer cache (serve's default size): the question repeated, every request after the first a hit, beside the api way's misses")
	return cmd
}

// plan checks the flags, every problem named by its flag.
func (f waysFlags) plan() (*waysPlan, error) {
	p := &waysPlan{duration: f.duration, warmup: f.warmup, rounds: f.rounds, profileDir: f.profileDir, profileAt: f.profileAt, cache: f.cache}
	for _, s := range strings.Split(f.concurrency, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 || n > 1024 {
			return nil, fmt.Errorf("--concurrency %q: want whole numbers from 1 to 1024, comma separated (e.g. 1,16,64)", f.concurrency)
		}
		p.levels = append(p.levels, n)
	}
	switch {
	case f.duration <= 0:
		return nil, fmt.Errorf("--duration %s: want a positive time, such as 5s", f.duration)
	case f.warmup < 0:
		return nil, fmt.Errorf("--warmup %s: want 0 (none) or a positive time", f.warmup)
	case f.rounds < 1:
		return nil, fmt.Errorf("--rounds %d: want at least 1", f.rounds)
	case f.profileAt < 1:
		return nil, fmt.Errorf("--profile-concurrency %d: want at least 1", f.profileAt)
	}
	u, err := url.Parse(f.neo4jHTTP)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("--neo4j-http %q: want Neo4j's HTTP address, such as http://localhost:7474", shown(f.neo4jHTTP))
	}
	p.neo4jHTTP = u

	raws := map[string]map[string]string{}
	names := f.questions
	if len(names) == 0 {
		names = []string{defaultWaysQuestion.Name}
		raws[defaultWaysQuestion.Name] = maps.Clone(defaultWaysParams)
	}
	var qs []*queries.Query
	for _, name := range names {
		q, ok := queries.ByName(name)
		if !ok {
			return nil, fmt.Errorf("--question %q: no catalog query of that name ('cyberkg query' lists them)", name)
		}
		if raws[name] == nil {
			raws[name] = map[string]string{}
		}
		if !slices.Contains(qs, q) {
			qs = append(qs, q)
		}
	}
	given := map[string]string{} // parameter name -> the --param that set it
	for _, kv := range f.params {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return nil, fmt.Errorf("--param %q: want NAME=VALUE", kv)
		}
		taken := false
		for _, q := range qs {
			if slices.Contains(q.ParamNames(), k) {
				raws[q.Name][k] = v
				taken = true
			}
		}
		if !taken {
			return nil, fmt.Errorf("--param %q: no question here takes a parameter %q", kv, k)
		}
		given[k] = kv
	}
	for _, q := range qs {
		params, err := q.Bind(raws[q.Name], time.Now())
		if err != nil {
			var ge *graph.Error
			if !errors.As(err, &ge) {
				return nil, fmt.Errorf("--question %s: %w", q.Name, err)
			}
			if given[ge.Param] != "" {
				return nil, fmt.Errorf("--param %q: %s", given[ge.Param], ge.Message)
			}
			return nil, fmt.Errorf("--question %s: %s (give it with --param %s=VALUE)", q.Name, ge.Message, ge.Param)
		}
		p.questions = append(p.questions, benchQuestion{q: q, raw: raws[q.Name], params: params})
	}
	return p, nil
}

// apiOptions are the options of the in-process APIs the api ways ask: the
// one place that says how those servers are set up; cached is the one
// with the answer cache.
func apiOptions(cached bool) api.Options {
	if cached {
		return api.Options{CacheBytes: api.DefaultCacheBytes}
	}
	return api.Options{}
}

// way is one of the three ways to ask a question.
type way struct {
	name string
	ask  asker                                  // one request, timed
	rows func(ctx context.Context) (int, error) // its answer's row count, for the check before timing
}

func benchWays(ctx context.Context, cfg *config, p *waysPlan, stdout, stderr io.Writer) error {
	_, driver, store, closeAll, err := cfg.openServing(ctx, stderr)
	if err != nil {
		return err
	}
	defer closeAll()
	base, stop, err := serveAPI(store, apiOptions(false))
	if err != nil {
		return err
	}
	defer stop()
	cachedBase, stopCached, err := serveAPI(store, apiOptions(true))
	if err != nil {
		return err
	}
	defer stopCached()
	most := max(slices.Max(p.levels), p.profileAt)
	client := &http.Client{Transport: &http.Transport{MaxIdleConns: 2 * (most + 8), MaxIdleConnsPerHost: most + 8}}
	defer client.CloseIdleConnections()
	endpoint := p.neo4jHTTP.JoinPath("db", cfg.database, "query", "v2").String()

	waysOf := func(bq benchQuestion) ([]way, error) {
		qa, err := queryAPIWay(client, endpoint, cfg.username, cfg.password, bq)
		if err != nil {
			return nil, err
		}
		ways := []way{apiWay(client, base, bq, wayAPI), driverWay(driver, cfg.database, bq), qa}
		if p.cache {
			ways = append(ways, apiWay(client, cachedBase, bq, wayCached))
		}
		return ways, nil
	}
	perLoop := p.duration + p.warmup
	nWays := 3
	if p.cache {
		nWays++
	}
	fmt.Fprintf(stdout, "%d question(s) × %d ways × concurrency %s × %d round(s) of %s (after %s warm-up each): about %s\n\n",
		len(p.questions), nWays, joinInts(p.levels), p.rounds, p.duration, p.warmup,
		time.Duration(len(p.questions)*nWays*len(p.levels)*p.rounds)*perLoop)
	for _, bq := range p.questions {
		ways, err := waysOf(bq)
		if err != nil {
			return err
		}
		rows, err := sameRows(ctx, bq, ways)
		if err != nil {
			return err
		}
		stats := map[int]map[string]loopStats{}
		for _, c := range p.levels {
			stats[c] = map[string]loopStats{}
			for r := range p.rounds {
				order := slices.Clone(ways)
				if r%2 == 1 {
					slices.Reverse(order)
				}
				for _, w := range order {
					if p.warmup > 0 {
						if _, err := closedLoop(ctx, c, p.warmup, w.ask); err != nil {
							return fmt.Errorf("%s, %s way, warm-up at concurrency %d: %w", bq, w.name, c, err)
						}
					}
					s, err := closedLoop(ctx, c, p.duration, w.ask)
					if err != nil {
						return fmt.Errorf("%s, %s way at concurrency %d: %w", bq, w.name, c, err)
					}
					if r == 0 {
						stats[c][w.name] = s
					} else {
						stats[c][w.name] = stats[c][w.name].merge(s)
					}
				}
			}
		}
		if err := printWays(stdout, bq, rows, p.levels, ways, stats); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "(each figure pools %d round(s) of %s; KB/req and allocs/req are this whole process's heap allocations per request, HTTP client included; Neo4j at %s, its Query API at %s)\n",
		p.rounds, p.duration, shown(cfg.uri), shown(endpoint))
	if p.profileDir != "" {
		ways, err := waysOf(p.questions[0])
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout)
		// The driver's profile is the baseline: what the API spends beyond it
		// is the API's own.
		for _, w := range ways[:2] {
			if err := profileWay(ctx, p, p.questions[0], w, stdout); err != nil {
				return err
			}
		}
		api, driver := filepath.Join(p.profileDir, wayAPI+"-cpu.pprof"), filepath.Join(p.profileDir, wayDriver+"-cpu.pprof")
		fmt.Fprintf(stdout, "  go tool pprof -top -diff_base %s %s\n", driver, api)
	}
	return nil
}

// sameRows asks the question once each way and fails unless all three
// answer, with the same number of rows.
func sameRows(ctx context.Context, bq benchQuestion, ways []way) (int, error) {
	counts := make([]string, len(ways))
	first := -1
	same := true
	for i, w := range ways {
		n, err := w.rows(ctx)
		if err != nil {
			return 0, fmt.Errorf("%s, %s way: %w", bq, w.name, err)
		}
		if first < 0 {
			first = n
		}
		same = same && n == first
		counts[i] = fmt.Sprintf("%s %d", w.name, n)
	}
	if !same {
		return 0, fmt.Errorf("%s: the ways disagree on the answer, so timing them compares nothing: %s rows", bq, strings.Join(counts, ", "))
	}
	return first, nil
}

func printWays(stdout io.Writer, bq benchQuestion, rows int, levels []int, ways []way, stats map[int]map[string]loopStats) error {
	fmt.Fprintf(stdout, "%s: %d rows each way\n", bq, rows)
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "concurrency\tway\trequests\trps\tp50 ms\tp95 ms\tp99 ms\tnon-2xx/errors\tKB/req\tallocs/req\t\n")
	for _, c := range levels {
		for _, w := range ways {
			s := stats[c][w.name]
			fmt.Fprintf(tw, "%d\t%s\t%d\t%.0f\t%.2f\t%.2f\t%.2f\t%d\t%.1f\t%.0f\t\n", c, w.name, s.n, s.rps(),
				ms(s.p50), ms(s.p95), ms(s.p99), s.failed, s.perRequest(s.allocBytes)/1024, s.perRequest(s.allocs))
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, c := range levels {
		a, d, q := stats[c][wayAPI], stats[c][wayDriver], stats[c][wayQueryAPI]
		p50 := float64(a.p50) / float64(d.p50)
		rps := a.rps() / q.rps()
		fmt.Fprintf(stdout, "concurrency %d: api p50 / driver p50 = %.2f (goal ≤ 1.10: %s); api rps / query-api rps = %.2f (goal ≥ 1.00: %s)",
			c, p50, verdict(p50 <= 1.10), rps, verdict(rps >= 1))
		if h, ok := stats[c][wayCached]; ok {
			hits := h.rps() / q.rps()
			fmt.Fprintf(stdout, "; api-hit rps / query-api rps = %.2f (goal ≥ 2.00: %s)", hits, verdict(hits >= 2))
		}
		fmt.Fprintln(stdout)
	}
	fmt.Fprintln(stdout)
	return nil
}

func verdict(met bool) string {
	if met {
		return "met"
	}
	return "missed"
}

func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ",")
}

// apiWay asks the in-process API at base, as an analyst's client would.
func apiWay(client *http.Client, base string, bq benchQuestion, name string) way {
	u := base + "/v1/queries/" + url.PathEscape(bq.q.Name) + "?" + bq.query()
	get := func(ctx context.Context) (*http.Request, error) {
		return http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	}
	return way{name: name, ask: httpAsker(client, get), rows: func(ctx context.Context) (int, error) {
		var answer struct {
			Rows *[]json.RawMessage `json:"rows"`
		}
		if err := fetchJSON(ctx, client, get, &answer); err != nil {
			return 0, err
		}
		if answer.Rows == nil {
			return 0, errors.New("the answer has no rows")
		}
		return len(*answer.Rows), nil
	}}
}

// driverWay runs the catalog statement on the driver the API uses, as the
// store does (a read routed to readers, with the same time limit) and reads
// every record, but with nothing of the API or the store around it.
func driverWay(driver neo4j.DriverWithContext, database string, bq benchQuestion) way {
	params := neo4jstore.DriverParams(bq.driverParams())
	run := func(ctx context.Context) (*neo4j.EagerResult, error) {
		return neo4j.ExecuteQuery(ctx, driver, bq.q.Paged(), params, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase(database),
			neo4j.ExecuteQueryWithReadersRouting(),
			neo4j.ExecuteQueryWithTransactionConfig(neo4j.WithTxTimeout(neo4jstore.DefaultTimeout)))
	}
	return way{
		name: wayDriver,
		ask: func(ctx context.Context) (bool, error) {
			_, err := run(ctx)
			if ctx.Err() != nil {
				return false, ctx.Err()
			}
			return err == nil, nil
		},
		rows: func(ctx context.Context) (int, error) {
			res, err := run(ctx)
			if err != nil {
				return 0, err
			}
			return len(res.Records), nil
		},
	}
}

// queryAPIWay posts the statement to Neo4j's Query API with its parameters
// in typed JSON, in a read transaction, and reads the whole answer.
func queryAPIWay(client *http.Client, endpoint, user, password string, bq benchQuestion) (way, error) {
	given := bq.driverParams()
	params := make(map[string]any, len(given))
	for k, v := range given {
		t, err := typedParam(v)
		if err != nil {
			return way{}, fmt.Errorf("%s: parameter %s for the Query API: %w", bq, k, err)
		}
		params[k] = t
	}
	body, err := json.Marshal(map[string]any{"statement": bq.q.Paged(), "parameters": params, "accessMode": "READ"})
	if err != nil {
		return way{}, err
	}
	post := func(ctx context.Context) (*http.Request, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		req.SetBasicAuth(user, password)
		req.Header.Set("Content-Type", queryAPIType)
		req.Header.Set("Accept", queryAPIType)
		return req, nil
	}
	return way{name: wayQueryAPI, ask: httpAsker(client, post), rows: func(ctx context.Context) (int, error) {
		var answer struct {
			Data *struct {
				Values []json.RawMessage `json:"values"`
			} `json:"data"`
			Errors []struct{ Code, Message string } `json:"errors"`
		}
		if err := fetchJSON(ctx, client, post, &answer); err != nil {
			return 0, err
		}
		if len(answer.Errors) > 0 {
			return 0, fmt.Errorf("%s: %s", answer.Errors[0].Code, answer.Errors[0].Message)
		}
		if answer.Data == nil {
			return 0, errors.New("the answer has no data")
		}
		return len(answer.Data.Values), nil
	}}, nil
}

// typedParam is a bound parameter in the Query API's typed JSON.
func typedParam(v any) (any, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case string:
		return typedValue("String", x), nil
	case int:
		return typedValue("Integer", strconv.Itoa(x)), nil
	case bool:
		return map[string]any{"$type": "Boolean", "_value": x}, nil
	case graph.Date:
		return typedValue("Date", x.Time.Format(time.DateOnly)), nil
	case graph.KnownOn:
		if x.Now() {
			return nil, nil
		}
		return typedValue("OffsetDateTime", x.UTC().Format(time.RFC3339Nano)), nil
	default:
		return nil, fmt.Errorf("no typed JSON for a %T", v)
	}
}

func typedValue(typ, value string) map[string]any {
	return map[string]any{"$type": typ, "_value": value}
}

// fetchJSON sends the request newRequest makes and decodes a 2xx answer
// into v; any other status is an error that quotes the answer.
func fetchJSON(ctx context.Context, client *http.Client, newRequest func(context.Context) (*http.Request, error), v any) error {
	req, err := newRequest(ctx)
	if err != nil {
		return err
	}
	res, err := client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return err
	}
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return fmt.Errorf("%s %s: %s: %.300s", req.Method, shown(req.URL.String()), res.Status, body)
	}
	if err := json.Unmarshal(body, v); err != nil {
		return fmt.Errorf("%s %s: %w", req.Method, shown(req.URL.String()), err)
	}
	return nil
}

// profileWay runs one more loop of a way, outside the tables, with the CPU
// profiled and the heap's allocations snapshotted before and after, and
// says how to read them.
func profileWay(ctx context.Context, p *waysPlan, bq benchQuestion, w way, stdout io.Writer) (err error) {
	if err := os.MkdirAll(p.profileDir, 0o755); err != nil {
		return fmt.Errorf("--profile: %w", err)
	}
	path := func(what string) string { return filepath.Join(p.profileDir, w.name+"-"+what+".pprof") }
	allocs := func(name string) error {
		out, err := os.Create(name)
		if err != nil {
			return fmt.Errorf("--profile: %w", err)
		}
		if err := pprof.Lookup("allocs").WriteTo(out, 0); err != nil {
			out.Close()
			return fmt.Errorf("--profile: %s: %w", name, err)
		}
		return out.Close()
	}
	if _, err := closedLoop(ctx, p.profileAt, p.warmup+time.Second, w.ask); err != nil {
		return err
	}
	if err := allocs(path("allocs-before")); err != nil {
		return err
	}
	cpu, err := os.Create(path("cpu"))
	if err != nil {
		return fmt.Errorf("--profile: %w", err)
	}
	defer func() {
		if cerr := cpu.Close(); err == nil && cerr != nil {
			err = cerr
		}
	}()
	if err := pprof.StartCPUProfile(cpu); err != nil {
		return fmt.Errorf("--profile: %w", err)
	}
	s, err := closedLoop(ctx, p.profileAt, p.duration, w.ask)
	pprof.StopCPUProfile()
	if err != nil {
		return err
	}
	if err := allocs(path("allocs")); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "profiled: %s, %s way, concurrency %d, %s: %d requests, %.0f rps, p50 %.2f ms, %.1f KB and %.0f allocations per request\n",
		bq, w.name, p.profileAt, p.duration, s.n, s.rps(), ms(s.p50), s.perRequest(s.allocBytes)/1024, s.perRequest(s.allocs))
	fmt.Fprintf(stdout, "  go tool pprof -top %s\n", path("cpu"))
	fmt.Fprintf(stdout, "  go tool pprof -top -sample_index=alloc_space -base %s %s\n", path("allocs-before"), path("allocs"))
	return nil
}
