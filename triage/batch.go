package triage

import (
	"context"
	"runtime"
	"sync"
)

// A BatchResult is one complaint's outcome in TriageBatch.
type BatchResult struct {
	Decision Decision
	Err      error
}

// TriageBatch triages complaints with at most workers goroutines
// (GOMAXPROCS when workers ≤ 0) and returns their results in input order.
// One complaint's error never fails the others. When ctx is done, the
// complaints not yet started get ctx's error.
func (e *Engine) TriageBatch(ctx context.Context, complaints []Complaint, workers int) []BatchResult {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, max(len(complaints), 1))
	out := make([]BatchResult, len(complaints))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if err := ctx.Err(); err != nil {
					out[i].Err = err
					continue
				}
				out[i].Err = e.TriageInto(ctx, complaints[i], &out[i].Decision)
				if out[i].Err != nil {
					out[i].Decision = Decision{}
				}
			}
		}()
	}
	for i := range complaints {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}
