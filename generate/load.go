package generate

import (
	"context"
	"fmt"
	"maps"
	"sync"
	"time"

	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/seed"
	"github.com/cyberkg/cyberkg/service"
)

// Caller is who the generated facts are written as: an analyst's write, so
// they are owned by no loader, and the audit trail names the command.
var Caller = service.Caller{Name: "cyberkg generate", Role: "admin"}

// DefaultBatch is how many generated facts each import writes: the
// import's own batch of 5,000 overflows Neo4j's default 256 MB per
// transaction when the batch is all agreements with their status
// histories (measured on the 1.1M-fact graph, BENCHMARKS.md).
const DefaultBatch = 2000

// Options tune a load.
type Options struct {
	// Batch is how many facts each import writes (default DefaultBatch).
	Batch int
	// Progress, when set, is called after each batch.
	Progress func(Progress)
}

// Progress is how far a load has come.
type Progress struct {
	Facts   int            // written so far (created, changed or unchanged)
	Batches int            // imports done
	Elapsed time.Duration  // since the load began
	Counts  map[string]int // outcomes so far: created, changed, unchanged…
}

// Load writes the generator's facts through the import path
// (service.ImportFacts: validated as the seed is, then batched,
// parameterised writes with their history and change records), one batch at
// a time, each its own change. The next batch is made and validated while
// one is written, so at most three are in memory at once. Running it again with the same
// seed and scale finds every fact unchanged and records no change. On an
// error it stops, and the progress says what was written before.
func Load(ctx context.Context, svc *service.Service, g *Generator, opts Options) (*Progress, error) {
	if opts.Batch <= 0 {
		opts.Batch = DefaultBatch
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	reason := fmt.Sprintf("synthetic graph: seed %d, scale %d", g.seed, g.plan.Scale)
	// The ids of batches prepared and not yet written: the next batch may
	// name them before they are in the graph.
	var mu sync.Mutex
	pending := map[string]string{}
	type prepared struct {
		im      *service.PreparedImport
		defines map[string]string
		facts   int
		err     error
	}
	ready := make(chan prepared, 1)
	go func() {
		defer close(ready)
		i := 0
		for d := range g.Batches(opts.Batch) {
			i++
			doc, err := d.Seed(fmt.Sprintf("generated-%d-%d-batch-%d.json", g.seed, g.plan.Scale, i))
			var im *service.PreparedImport
			var defines map[string]string
			if err == nil {
				mu.Lock()
				known := maps.Clone(pending)
				mu.Unlock()
				im, err = svc.PrepareImport(ctx, service.Import{Documents: []seed.Document{doc}, Caller: Caller, Reason: reason,
					RequestHash: service.HashRequest(doc.Name, string(doc.Data)), Pending: known})
			}
			if err == nil {
				defines = im.Defines()
				mu.Lock()
				maps.Copy(pending, defines)
				mu.Unlock()
			}
			select {
			case ready <- prepared{im, defines, d.Len(), err}:
			case <-ctx.Done():
				return
			}
			if err != nil {
				return
			}
		}
	}()
	start := time.Now()
	p := &Progress{Counts: map[string]int{}}
	for b := range ready {
		if b.err == nil {
			var rep *graph.ChangeReport
			if rep, b.err = svc.WriteImport(ctx, b.im); b.err == nil {
				for k, n := range rep.Counts {
					if k != "batches" {
						p.Counts[k] += n
					}
				}
			}
		}
		if b.err != nil {
			return p, fmt.Errorf("generated batch %d (%d facts written before it): %w", p.Batches+1, p.Facts, b.err)
		}
		mu.Lock()
		for id := range b.defines {
			delete(pending, id)
		}
		mu.Unlock()
		p.Facts += b.facts
		p.Batches++
		p.Elapsed = time.Since(start)
		if opts.Progress != nil {
			opts.Progress(*p)
		}
	}
	return p, ctx.Err()
}
