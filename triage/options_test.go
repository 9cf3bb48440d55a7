package triage_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tousu/tousu/rules"
	"github.com/tousu/tousu/triage"
)

// TestOptionsFailEarly: every bad option is an error from New (and
// Default), never a failure of every later Triage.
func TestOptionsFailEarly(t *testing.T) {
	prog := mustDefault().Program()
	tests := []struct {
		name string
		opt  triage.Option
		want string
	}{
		{"nil logger", triage.WithLogger(nil, false), "triage: WithLogger: nil logger"},
		{"nil decision log", triage.WithDecisionLog(nil, false), "triage: WithDecisionLog: nil function"},
		{"nil metrics", triage.WithMetrics(nil), "triage: WithMetrics: nil Metrics"},
		{"nil option", nil, "triage: New: nil option"},
		{"unknown zone", triage.WithTimeZone("Europe/Berln"), `triage: WithTimeZone("Europe/Berln"): unknown time zone`},
		{"empty zone", triage.WithTimeZone(""), `triage: WithTimeZone(""): unknown time zone`},
		{"zero text limit", triage.WithMaxTextBytes(0), "triage: WithMaxTextBytes(0): the limit must be positive"},
		{"text limit above the policy's", triage.WithMaxTextBytes(1 << 20), "triage: WithMaxTextBytes(1048576): the policy was compiled for texts of at most 65536 bytes (rules.Limits.MaxTextBytes), which its cost limits assume"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := triage.New(prog, tt.opt)
			if err == nil || err.Error() != tt.want {
				t.Errorf("New: got %v, want %s", err, tt.want)
			}
			if _, err := triage.Default(tt.opt); err == nil || err.Error() != tt.want {
				t.Errorf("Default: got %v, want %s", err, tt.want)
			}
		})
	}
	// A larger text limit works with a policy compiled for it.
	big := mustProgram(t, "p.yaml", []byte("version: 1\nstrategies:\n  - id: all\n"), rules.WithLimits(rules.Limits{MaxTextBytes: 1 << 20}))
	if _, err := triage.New(big, triage.WithMaxTextBytes(1<<20)); err != nil {
		t.Error(err)
	}
}

// TestDefaultWithOptions: Default with options shares the compiled policy
// and applies them.
func TestDefaultWithOptions(t *testing.T) {
	var mu sync.Mutex
	var logged []string
	eng, err := triage.Default(triage.WithDecisionLog(func(_ context.Context, r triage.DecisionRecord) {
		mu.Lock()
		logged = append(logged, r.ID)
		mu.Unlock()
	}, false))
	if err != nil {
		t.Fatal(err)
	}
	if eng == mustDefault() || eng.Program() != mustDefault().Program() {
		t.Error("Default with options should be a new engine on the same program")
	}
	if _, err := eng.Triage(context.Background(), triage.Complaint{ID: "x", Text: "假货"}); err != nil {
		t.Fatal(err)
	}
	if len(logged) != 1 || logged[0] != "x" {
		t.Errorf("logged %v", logged)
	}
}

// TestCanContactUnknownZone: an unknown customer time zone is said, not
// replaced by Shanghai's.
func TestCanContactUnknownZone(t *testing.T) {
	eng := mustDefault()
	d, err := eng.Triage(context.Background(), triage.Complaint{Text: "物流太慢", Customer: triage.Customer{TimeZone: "Europe/Berln"}})
	if err != nil {
		t.Fatal(err)
	}
	ok, _, reason := eng.CanContact(d, time.Now(), 0)
	if ok || reason != `未知的时区 "Europe/Berln" (unknown time zone "Europe/Berln")` {
		t.Errorf("got %v %q", ok, reason)
	}
	// The engine's own zone applies to customers who name none.
	ny, err := triage.Default(triage.WithTimeZone("America/New_York"))
	if err != nil {
		t.Fatal(err)
	}
	d, _ = ny.Triage(context.Background(), triage.Complaint{Text: "物流慢"})
	loc, _ := time.LoadLocation("America/New_York")
	if ok, _, _ := ny.CanContact(d, time.Date(2025, 3, 17, 11, 0, 0, 0, loc), 0); !ok {
		t.Error("11:00 in New York should be inside contact hours")
	}
	if ok, _, _ := mustDefault().CanContact(d, time.Date(2025, 3, 17, 11, 0, 0, 0, loc), 0); ok {
		t.Error("11:00 in New York is 23:00 in Shanghai: outside")
	}
}

type observer struct {
	triage.Counters
	mu      sync.Mutex
	digests []string
}

func (o *observer) PolicyLoaded(policy, digest string) {
	o.mu.Lock()
	o.digests = append(o.digests, policy+" "+digest[:13])
	o.mu.Unlock()
}

// TestReloaderParity: a Reloader has the Engine's methods; a panicking or
// cancelled reload changes nothing and says why; a metrics observer hears
// each policy's digest once per load, while counters keep the policy name.
func TestReloaderParity(t *testing.T) {
	srcs := []string{
		"version: 1\nname: p\nrules:\n  - id: fake\n    cause: integrity\n    match: {any: [假货]}\nstrategies:\n  - id: all\n    contact: {hours: \"10:00-18:00\"}\n",
		"version: 1\nname: p\nrules:\n  - id: fake\n    cause: price\n    match: {any: [假货]}\nstrategies:\n  - id: all\n",
	}
	next := 0
	panicNow := false
	var obs observer
	r, err := triage.NewReloader(func() (*rules.Program, error) {
		if panicNow {
			panic("disk on fire")
		}
		return compileBytes("p.yaml", []byte(srcs[next]))
	}, triage.WithMetrics(&obs))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var d triage.Decision
	if err := r.TriageInto(ctx, triage.Complaint{Text: "假货"}, &d); err != nil || d.Cause != "integrity" {
		t.Fatalf("TriageInto: %v %s", err, d.Cause)
	}
	res := r.TriageBatch(ctx, []triage.Complaint{{ID: "a", Text: "假货"}, {ID: "b", Text: "好"}}, 2)
	if len(res) != 2 || res[0].Err != nil || res[0].Decision.Cause != "integrity" || res[1].Decision.ID != "b" {
		t.Errorf("TriageBatch: %+v", res)
	}
	if ok, _, _ := r.CanContact(d, time.Date(2025, 3, 17, 9, 0, 0, 0, time.FixedZone("CST", 8*3600)), 0); ok {
		t.Error("CanContact: 09:00 is outside 10:00-18:00")
	}
	panicNow = true
	if err := r.Reload(ctx); err == nil || !strings.Contains(err.Error(), "the load function panicked: disk on fire") {
		t.Errorf("panicking load: %v", err)
	}
	panicNow = false
	next = 1
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := r.Reload(cancelled); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled reload: %v", err)
	}
	if d, _ := r.Triage(ctx, triage.Complaint{Text: "假货"}); d.Cause != "integrity" {
		t.Errorf("a failed reload changed the policy: %s", d.Cause)
	}
	if err := r.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	if d, _ := r.Triage(ctx, triage.Complaint{Text: "假货"}); d.Cause != "price" || r.Policy().Digest != r.Program().Digest() {
		t.Errorf("after reload: %s", d.Cause)
	}
	if len(obs.digests) != 2 || obs.digests[0] == obs.digests[1] || !strings.HasPrefix(obs.digests[0], "p sha256:") {
		t.Errorf("observer heard %v", obs.digests)
	}
	if got := obs.Snapshot()["cause/integrity"]; got < 3 {
		t.Errorf("counters %v", obs.Snapshot())
	}
}
