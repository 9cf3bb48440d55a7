package triage

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tousu/tousu/rules"
)

// A Reloader serves triage from the current engine and swaps in a new one
// atomically when its policy reloads. A reload whose policy fails to load
// returns the errors and keeps serving the last good policy, as Prometheus
// does with rule files. A Reloader has the methods of an Engine, each
// served by the engine current when it is called. A Reloader is safe for
// concurrent use: Triage may run while Reload does.
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
	if err := r.Reload(context.Background()); err != nil {
		return nil, err
	}
	return r, nil
}

// Reload loads the policy again and, if it loads, serves it from now on.
// If it does not, Reload returns the loader's error (a rules.Errors with
// every positioned mistake) and the previous policy keeps serving. A panic
// in the load function is returned as an error. When ctx is done before
// the new engine is in place, Reload returns ctx's error and changes
// nothing; the load function itself is not interrupted.
func (r *Reloader) Reload(ctx context.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return err
	}
	prog, err := r.safeLoad()
	if err != nil {
		return err
	}
	eng, err := New(prog, r.opts...)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	r.cur.Store(eng)
	return nil
}

func (r *Reloader) safeLoad() (prog *rules.Program, err error) {
	defer func() {
		if p := recover(); p != nil {
			prog, err = nil, fmt.Errorf("triage: reload: the load function panicked: %v", p)
		}
	}()
	prog, err = r.load()
	if err == nil && prog == nil {
		err = errors.New("triage: reload: the load function returned no program")
	}
	return prog, err
}

// Engine returns the engine currently serving.
func (r *Reloader) Engine() *Engine { return r.cur.Load() }

// Program returns the compiled policy currently serving.
func (r *Reloader) Program() *rules.Program { return r.cur.Load().Program() }

// Policy names the policy currently serving.
func (r *Reloader) Policy() PolicyRef { return r.cur.Load().Policy() }

// Triage triages c with the engine currently serving; the decision's
// Policy names the policy it came from.
func (r *Reloader) Triage(ctx context.Context, c Complaint) (Decision, error) {
	return r.cur.Load().Triage(ctx, c)
}

// TriageInto is Engine.TriageInto on the engine currently serving.
func (r *Reloader) TriageInto(ctx context.Context, c Complaint, d *Decision) error {
	return r.cur.Load().TriageInto(ctx, c, d)
}

// TriageBatch is Engine.TriageBatch on the engine currently serving: the
// whole batch is triaged by one policy, even if a reload happens meanwhile.
func (r *Reloader) TriageBatch(ctx context.Context, complaints []Complaint, workers int) []BatchResult {
	return r.cur.Load().TriageBatch(ctx, complaints, workers)
}

// CanContact is Engine.CanContact on the engine currently serving.
func (r *Reloader) CanContact(d Decision, now time.Time, callsToday int) (ok bool, next time.Time, reason string) {
	return r.cur.Load().CanContact(d, now, callsToday)
}
