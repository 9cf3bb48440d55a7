package triage_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/tousu/tousu/classify"
	"github.com/tousu/tousu/rules"
	"github.com/tousu/tousu/triage"
)

// TestHostileText: every bad text gets a decision, never a panic or an
// error, with the damage counted in the signals.
func TestHostileText(t *testing.T) {
	eng := mustDefault()
	tests := []struct {
		name  string
		text  string
		check func(t *testing.T, d triage.Decision)
	}{
		{"invalid UTF-8 is counted", "假货\xff\xfe质量差\xc3", func(t *testing.T, d triage.Decision) {
			if d.Signals.Invalid != 3 || d.Cause != "integrity" {
				t.Errorf("invalid=%d cause=%s", d.Signals.Invalid, d.Cause)
			}
		}},
		{"NUL and control characters", "假\x00货\x01\x02\x1b[31m退款", func(t *testing.T, d triage.Decision) {
			if d.Signals.Length != 12 {
				t.Errorf("length %d", d.Signals.Length)
			}
		}},
		{"BOM", "\ufeff买到假货", func(t *testing.T, d triage.Decision) {
			if d.Cause != "integrity" {
				t.Errorf("cause %s", d.Cause)
			}
		}},
		{"zero-width and variation selectors dodge nothing", "买到假\u200b货，质\ufe0f量\u200d差", func(t *testing.T, d triage.Decision) {
			if d.Cause != "integrity" || !fired(d, "cause-integrity-fake") {
				t.Errorf("cause %s, evidence %v", d.Cause, d.Evidence)
			}
		}},
		{"emoji", "😡😡😡垃圾😡", func(t *testing.T, d triage.Decision) {
			if d.Signals.Emoji != 4 || d.Behaviour != "venting" {
				t.Errorf("emoji %d behaviour %s", d.Signals.Emoji, d.Behaviour)
			}
		}},
		{"1 MB of ！ is truncated", strings.Repeat("！", 1<<20/3), func(t *testing.T, d triage.Decision) {
			if !d.Signals.Truncated || d.Signals.Length != (64<<10)/3 {
				t.Errorf("truncated %v length %d", d.Signals.Truncated, d.Signals.Length)
			}
		}},
		{"whitespace only", " \t\n\u3000 ", func(t *testing.T, d triage.Decision) {
			if !d.Defaulted.Cause || !d.Review {
				t.Errorf("want defaults and review, got %+v", d.Defaulted)
			}
		}},
		{"empty", "", func(t *testing.T, d triage.Decision) {
			if d.Strategy.ID == "" {
				t.Error("no strategy")
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := eng.Triage(context.Background(), triage.Complaint{ID: "h", Text: tt.text})
			if err != nil {
				t.Fatal(err)
			}
			checkSpans(t, tt.text, d)
			tt.check(t, d)
		})
	}
}

func fired(d triage.Decision, rule string) bool {
	for _, e := range d.Evidence {
		if e.Rule == rule {
			return true
		}
	}
	return false
}

// checkSpans asserts that every evidence span lies inside the text and
// folds to its term.
func checkSpans(t *testing.T, text string, d triage.Decision) {
	t.Helper()
	opt := builtinMatchOptions()
	for _, e := range d.Evidence {
		for _, tm := range e.Terms {
			if tm.Start < 0 || tm.End > len(text) || tm.Start > tm.End || text[tm.Start:tm.End] != tm.Text {
				t.Fatalf("rule %s: span %d-%d does not hold %q", e.Rule, tm.Start, tm.End, tm.Text)
			}
			if strings.Contains(tm.Term, classify.Mask) || classify.Fold(tm.Text) == classify.Fold(tm.Term) {
				continue
			}
			// Under the policy's evasion folds (confusables: Ŝ is s) a span
			// may differ from its term after the plain fold; the term must
			// then still match the whole span on its own.
			m, err := classify.NewMatcherWith([]string{tm.Term}, opt)
			if err != nil {
				t.Fatalf("rule %s: term %q: %v", e.Rule, tm.Term, err)
			}
			whole := false
			for _, mt := range m.Scan(new(classify.Scratch), tm.Text) {
				if mt.Start == 0 && mt.End == len(tm.Text) {
					whole = true
				}
			}
			if !whole {
				t.Fatalf("rule %s: %q matched %q", e.Rule, tm.Term, tm.Text)
			}
		}
	}
}

// builtinMatchOptions are the matching options the built-in policy sets
// (its fold and clauses keys), a later file's setting winning.
var builtinMatchOptions = sync.OnceValue(func() classify.Options {
	var o classify.Options
	set := func(dst *bool, v *bool) {
		if v != nil {
			*dst = *v
		}
	}
	for _, f := range triage.BuiltinPolicy().Files {
		set(&o.Spaces, f.Fold.Spaces)
		set(&o.Confusables, f.Fold.Confusables)
		set(&o.Pinyin, f.Fold.Pinyin)
		set(&o.SpaceBreaks, f.Clauses.SpaceBreaks)
	}
	return o
})

// TestCostRejects: the same expression under the default limits is a
// positioned compile error, before any complaint runs it.
func TestCostRejects(t *testing.T) {
	_, err := compileBytes("mem.yaml", []byte("version: 1\nrules:\n  - id: greedy\n    cause: price\n    when: len(1..1000000000) > 0\nstrategies:\n  - id: all\n"))
	if err == nil || err.Error() != `mem.yaml:5:11: rule "greedy": when: too costly: 1..1000000000 may cost 1e+09, more than the limit of 1e+07` {
		t.Errorf("got %v", err)
	}
}

// TestMemoryBudget: an expression that would build a billion-element
// array fails that complaint with a clear error; the engine goes on. The
// compile-time cost check rejects it (TestCostRejects); with that check
// turned off, expr's memory budget is the last guard.
func TestMemoryBudget(t *testing.T) {
	eng := engineWith(t, "mem.yaml", []byte(`version: 1
rules:
  - id: greedy
    cause: price
    match: {any: [贵]}
    when: len(1..1000000000) > 0
strategies:
  - id: all
`), rules.WithLimits(rules.Limits{MaxExprCost: -1}))
	const budget = `triage: complaint "m": rule "greedy": when: memory budget exceeded`
	greedy := triage.Complaint{ID: "m", Text: "太贵了"}
	_, err := eng.Triage(context.Background(), greedy)
	if err == nil || !strings.Contains(err.Error(), budget) {
		t.Errorf("got %v", err)
	}
	// A complaint that does not reach the rule is decided as usual.
	if d, err := eng.Triage(context.Background(), triage.Complaint{ID: "n", Text: "很好"}); err != nil || d.Strategy.ID != "all" {
		t.Errorf("got %+v, %v", d, err)
	}
	// The engine goes on: the same complaint fails the same way again.
	if _, err := eng.Triage(context.Background(), greedy); err == nil || !strings.Contains(err.Error(), budget) {
		t.Errorf("again: got %v", err)
	}
	// A caller can tell the budget failure from a cancellation: a
	// cancelled call of the same complaint reports context.Canceled and
	// not the budget, and the budget failure is no cancellation.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, cerr := eng.Triage(ctx, greedy)
	if !errors.Is(cerr, context.Canceled) || cerr != nil && strings.Contains(cerr.Error(), "memory budget") {
		t.Errorf("cancelled: got %v, want context.Canceled", cerr)
	}
	if errors.Is(err, context.Canceled) == errors.Is(cerr, context.Canceled) {
		t.Errorf("the budget error %v and the cancellation %v look alike to errors.Is", err, cerr)
	}
}

// TestPanicRecovered: a user-supplied function that panics fails the
// complaint it was called for; the engine and other complaints go on.
func TestPanicRecovered(t *testing.T) {
	explode := rules.WithFunction("explode", func(args ...any) (any, error) {
		if s, _ := args[0].(string); strings.Contains(s, "炸") {
			panic("boom")
		}
		return false, nil
	})
	set, err := compileBytes("p.yaml", []byte(`version: 1
rules:
  - id: custom
    cause: price
    when: explode(text) == true
strategies:
  - id: all
`), explode)
	if err != nil {
		t.Fatal(err)
	}
	eng, err := triage.New(set)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	_, err = eng.Triage(ctx, triage.Complaint{ID: "p", Text: "炸了"})
	if err == nil || !strings.Contains(err.Error(), `triage: complaint "p": rule "custom": when: `) || !strings.Contains(err.Error(), "boom") {
		t.Errorf("got %v", err)
	}
	if d, err := eng.Triage(ctx, triage.Complaint{ID: "q", Text: "好"}); err != nil || d.Strategy.ID != "all" {
		t.Errorf("next complaint: %+v, %v", d, err)
	}
}

// TestOverlappingTermsBounded: a lexicon of nested terms (啊, 啊啊, … 64
// of them) on a complaint of 21,845 啊 has millions of occurrences; the
// decision keeps the first MaxSpansPerRule of them with the true count,
// and stays small.
func TestOverlappingTermsBounded(t *testing.T) {
	var terms []string
	for k := 1; k <= 64; k++ {
		terms = append(terms, strings.Repeat("啊", k))
	}
	src := "version: 1\nlexicons:\n  ah: [" + strings.Join(terms, ", ") + "]\nrules:\n  - id: ah\n    behaviour: venting\n    match: {any: [$ah]}\n  - id: ah2\n    cause: service\n    match: {any: [$ah]}\nstrategies:\n  - id: all\n"
	eng := mustEngine(t, "ah.yaml", []byte(src))
	n := 21845
	d, err := eng.Triage(context.Background(), triage.Complaint{Text: strings.Repeat("啊", n)})
	if err != nil {
		t.Fatal(err)
	}
	want := 0 // occurrences of the k-rune term: n-k+1
	for k := 1; k <= 64; k++ {
		want += n - k + 1
	}
	if len(d.Evidence) != 2 || len(d.Evidence[0].Terms) != 32 || d.Evidence[0].TermsTotal != want || d.Evidence[1].TermsTotal != want {
		t.Fatalf("evidence: %d rules, %d terms, total %d (want 32 of %d)", len(d.Evidence), len(d.Evidence[0].Terms), d.Evidence[0].TermsTotal, want)
	}
	b, _ := json.Marshal(d)
	if len(b) > 32<<10 {
		t.Errorf("decision is %d bytes", len(b))
	}
}
