package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/cyberkg/cyberkg/generate"
	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/service"
)

// milestones are the sizes the load reports when it passes them.
var milestones = []int{10_000, 100_000, 1_000_000}

func newGenerateCmd(cfg *config, stdout, stderr io.Writer) *cobra.Command {
	var scale, batch int
	var seedValue uint64
	cmd := &cobra.Command{
		Use:   "generate",
		Short: "Load a synthetic graph of --scale facts, the same for the same --seed, and report load throughput and memory",
		Long: `Generates a realistic synthetic graph over the seed's countries (load the seed first): sources, dozens of
blocs with membership histories, speakers, threat actors, incidents, agreements with status histories and
statements with attributions, in the mix of 100,000 agreements to 1,000,000 statements (--scale 1100000 is
that graph). Ids start with gen-sSEED- and names say "Synthetic"; two seeds' graphs stand side by side. The
facts go through the import path, validated as any import, in batches of --batch facts, each its own change
by "cyberkg generate" (owner analyst); running it again with the same seed and scale finds every fact
unchanged and writes nothing. The default batch fits Neo4j's default 256 MB per transaction (a batch of
5,000 agreements, with their status histories, does not); a larger one needs db.memory.transaction.max raised.

At 10k, 100k and 1M facts (the first batch that reaches each), and at the end, it prints the time, facts/s,
this process's peak Go heap and RSS, and, when Neo4j runs on this machine, the server's peak RSS sampled while
loading and the CPU time it used meanwhile (for anyone's work).
`,
		Example: `  cyberkg generate --scale 10000 --seed 1
  cyberkg generate --scale 1100000 --seed 1 --batch 1000`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if scale < generate.MinScale {
				return fmt.Errorf("--scale %d: a generated graph has at least %d facts", scale, generate.MinScale)
			}
			if batch < 1 || batch > 50_000 {
				return fmt.Errorf("--batch %d: between 1 and 50000 facts per transaction", batch)
			}
			countries, err := generate.Countries()
			if err != nil {
				return err
			}
			g, err := generate.New(seedValue, scale, countries)
			if err != nil {
				return err
			}
			_, driver, store, err := cfg.open(cmd.Context(), stderr)
			if err != nil {
				return err
			}
			defer driver.Close(cmd.Context())
			svc := service.New(store, service.Options{ImportBatch: batch})
			kinds, err := svc.Kinds(cmd.Context(), countries, graph.KnownOn{})
			if err != nil {
				return err
			}
			if len(kinds) < len(countries) {
				return fmt.Errorf("the graph has %d of the seed's %d countries: load the seed first (cyberkg seed)", len(kinds), len(countries))
			}
			return runGenerate(cmd.Context(), svc, g, batch, boltPort(cfg.uri), stdout)
		},
	}
	cmd.Flags().IntVar(&scale, "scale", 10_000, "how many facts to generate (one fact: an entity with its relationships, or a membership)")
	cmd.Flags().Uint64Var(&seedValue, "seed", 1, "the random seed: the same seed and scale give the same graph")
	cmd.Flags().IntVar(&batch, "batch", generate.DefaultBatch, "facts per transaction")
	return cmd
}

// figures are one row of the report.
type figures struct {
	label            string
	facts            int
	elapsed          time.Duration
	heap, rss        uint64 // this process's peaks
	serverRSS        uint64 // the Neo4j server's peak while loading; 0: not known
	serverCPU        time.Duration
	serverKnown, cpu bool
}

func runGenerate(ctx context.Context, svc *service.Service, g *generate.Generator, batch int, port int, stdout io.Writer) error {
	plan := g.Plan()
	fmt.Fprintf(stdout, "generating %d facts: %d sources, %d blocs with %d memberships, %d speakers, %d threat actors, %d incidents, %d agreements, %d statements\n",
		plan.Scale, plan.Sources, plan.Blocs, plan.Memberships, plan.Speakers, plan.Actors, plan.Incidents, plan.Agreements, plan.Statements)
	server := findServer(port)
	if server.pid == 0 {
		fmt.Fprintf(stdout, "(Neo4j's memory is not reported: no process on this machine listens on port %d, or it is not ours to read)\n", port)
	}
	m := newMeter(server)
	stop := m.sample(250 * time.Millisecond)
	var rows []figures
	next := 0
	progress, err := generate.Load(ctx, svc, g, generate.Options{Batch: batch, Progress: func(p generate.Progress) {
		for next < len(milestones) && p.Facts >= milestones[next] {
			row := m.figures(milestoneName(milestones[next]), p)
			rows = append(rows, row)
			printRow(stdout, row)
			next++
		}
	}})
	stop()
	if err != nil {
		return err
	}
	total := m.figures("total", *progress)
	rows = append(rows, total)
	fmt.Fprintf(stdout, "%d facts in %d batches: %s\n\n", progress.Facts, progress.Batches, outcomes(progress.Counts))
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "at\tfacts\telapsed\tfacts/s\tgo heap peak\tgo RSS peak\tneo4j RSS peak\tneo4j CPU\t")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%.0f\t%s\t%s\t%s\t%s\t\n", r.label, r.facts, r.elapsed.Round(10*time.Millisecond),
			float64(r.facts)/r.elapsed.Seconds(), mib(r.heap), mib(r.rss), serverMiB(r), serverCPU(r))
	}
	return tw.Flush()
}

func milestoneName(n int) string {
	if n >= 1_000_000 {
		return fmt.Sprintf("%dM", n/1_000_000)
	}
	return fmt.Sprintf("%dk", n/1000)
}

func printRow(w io.Writer, r figures) {
	fmt.Fprintf(w, "%s: %d facts in %s, %.0f facts/s; go heap peak %s, RSS peak %s; neo4j RSS peak %s, CPU %s\n", r.label, r.facts,
		r.elapsed.Round(10*time.Millisecond), float64(r.facts)/r.elapsed.Seconds(), mib(r.heap), mib(r.rss), serverMiB(r), serverCPU(r))
}

func outcomes(counts map[string]int) string {
	var parts []string
	for _, k := range []string{graph.Created, graph.Changed, graph.Unchanged, graph.Kept} {
		if counts[k] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[k], k))
		}
	}
	return strings.Join(parts, ", ")
}

func mib(b uint64) string { return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20)) }

func serverMiB(r figures) string {
	if !r.serverKnown {
		return "n/a"
	}
	return mib(r.serverRSS)
}

func serverCPU(r figures) string {
	if !r.cpu {
		return "n/a"
	}
	return r.serverCPU.Round(100 * time.Millisecond).String()
}

// meter keeps the peaks of this process's heap and of the server's RSS,
// sampled while the load runs.
type meter struct {
	mu        sync.Mutex
	server    process
	heap      uint64
	serverRSS uint64
	cpuStart  time.Duration
	cpuKnown  bool
}

func newMeter(server process) *meter {
	m := &meter{server: server}
	m.cpuStart, m.cpuKnown = server.cpu()
	return m
}

func (m *meter) sample(every time.Duration) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			m.take()
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() { close(done); wg.Wait(); m.take() }
}

func (m *meter) take() {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	rss, _ := m.server.rss()
	m.mu.Lock()
	m.heap = max(m.heap, ms.HeapAlloc)
	m.serverRSS = max(m.serverRSS, rss)
	m.mu.Unlock()
}

func (m *meter) figures(label string, p generate.Progress) figures {
	m.take()
	m.mu.Lock()
	defer m.mu.Unlock()
	self, _ := procStatus("self", "VmHWM")
	f := figures{label: label, facts: p.Facts, elapsed: p.Elapsed, heap: m.heap, rss: self, serverRSS: m.serverRSS, serverKnown: m.server.pid != 0}
	if cpu, ok := m.server.cpu(); ok && m.cpuKnown {
		f.serverCPU, f.cpu = cpu-m.cpuStart, true
	}
	return f
}

// process is the local Neo4j server, found by the port it listens on; pid 0
// when there is none.
type process struct{ pid int }

func (p process) rss() (uint64, bool) {
	if p.pid == 0 {
		return 0, false
	}
	return procStatus(strconv.Itoa(p.pid), "VmRSS")
}

// cpu is the user and system time the process has used.
func (p process) cpu() (time.Duration, bool) {
	if p.pid == 0 {
		return 0, false
	}
	data, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(p.pid), "stat"))
	if err != nil {
		return 0, false
	}
	// Fields after the command, which is in parentheses and may hold spaces.
	_, rest, ok := strings.Cut(string(data), ") ")
	fields := strings.Fields(rest)
	if !ok || len(fields) < 13 {
		return 0, false
	}
	utime, err1 := strconv.ParseUint(fields[11], 10, 64)
	stime, err2 := strconv.ParseUint(fields[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	const ticks = 100 // USER_HZ, 100 on every Linux architecture Go supports
	return time.Duration(utime+stime) * time.Second / ticks, true
}

// procStatus reads a size field of /proc/PID/status, in bytes.
func procStatus(pid, field string) (uint64, bool) {
	f, err := os.Open(filepath.Join("/proc", pid, "status"))
	if err != nil {
		return 0, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), ":")
		if !ok || name != field {
			continue
		}
		kb, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(value), " kB"), 10, 64)
		return kb << 10, err == nil
	}
	return 0, false
}

// boltPort is the port of a Neo4j URI on this machine; 0 for a remote one.
func boltPort(uri string) int {
	u, err := url.Parse(uri)
	if err != nil {
		return 0
	}
	host := u.Hostname()
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return 0
	}
	port, err := strconv.Atoi(u.Port())
	if err != nil {
		return 7687
	}
	return port
}

// findServer finds the process listening on port: the socket's inode from
// /proc/net/tcp{,6}, then the process holding it.
func findServer(port int) process {
	if port == 0 {
		return process{}
	}
	inodes := map[string]bool{}
	for _, table := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		data, err := os.ReadFile(table)
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(data), "\n")[1:] {
			f := strings.Fields(line)
			if len(f) < 10 || f[3] != "0A" { // 0A: listening
				continue
			}
			_, hexPort, _ := strings.Cut(f[1], ":")
			if p, err := strconv.ParseInt(hexPort, 16, 32); err == nil && int(p) == port {
				inodes["socket:["+f[9]+"]"] = true
			}
		}
	}
	if len(inodes) == 0 {
		return process{}
	}
	procs, _ := os.ReadDir("/proc")
	for _, d := range procs {
		pid, err := strconv.Atoi(d.Name())
		if err != nil {
			continue
		}
		fds, err := os.ReadDir(filepath.Join("/proc", d.Name(), "fd"))
		if err != nil {
			continue
		}
		for _, fd := range fds {
			if link, err := os.Readlink(filepath.Join("/proc", d.Name(), "fd", fd.Name())); err == nil && inodes[link] {
				return process{pid: pid}
			}
		}
	}
	return process{}
}
