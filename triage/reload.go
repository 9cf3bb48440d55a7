package triage

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"

	"github.com/tousu/tousu/rules"
)

// A Reloader serves triage from the current engine and swaps in a new one
// atomically when its policy reloads. A reload whose policy fails to load
// returns the errors and keeps serving the last good policy, as Prometheus
// does with rule files. A Reloader is safe for concurrent use: Triage may
// run while Reload does.
type Reloader struct {
	load func() (*rules.Program, error)
	opts []Option
	mu   sync.Mutex // serialises reloads
	cur  atomic.Pointer[Engine]
}

// NewReloader loads the policy with load and builds the first engine with
// opts; it fails if that first load fails.
func NewReloader(load func() (*rules.Program, error), opts ...Option) (*Reloader, error) {
	if load == nil {
		return nil, errors.New("triage: NewReloader: nil load function")
	}
	r := &Reloader{load: load, opts: opts}
	if err := r.Reload(); err != nil {
		return nil, err
	}
	return r, nil
}

// Reload loads the policy again and, if it loads, serves it from now on.
// If it does not, Reload returns the loader's error (a rules.Errors with
// every positioned mistake) and the previous policy keeps serving.
func (r *Reloader) Reload() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	prog, err := r.load()
	if err != nil {
		return err
	}
	eng, err := New(prog, r.opts...)
	if err != nil {
		return err
	}
	r.cur.Store(eng)
	return nil
}

// Engine returns the engine currently serving.
func (r *Reloader) Engine() *Engine { return r.cur.Load() }

// Triage triages c with the engine currently serving; the decision's
// Policy names the policy it came from.
func (r *Reloader) Triage(ctx context.Context, c Complaint) (Decision, error) {
	return r.cur.Load().Triage(ctx, c)
}
