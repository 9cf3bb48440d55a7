package triage_test

import (
	"testing"

	"github.com/tousu/tousu/classify"
	"github.com/tousu/tousu/rules"
	"github.com/tousu/tousu/triage"
)

// mustEngine compiles the policy src (named name in errors) and builds an
// engine on it, failing the test or benchmark on any error.
func mustEngine(tb testing.TB, name string, src []byte, opts ...triage.Option) *triage.Engine {
	tb.Helper()
	set, err := rules.Parse(name, src)
	if err != nil {
		tb.Fatal(err)
	}
	eng, err := triage.New(set, opts...)
	if err != nil {
		tb.Fatal(err)
	}
	return eng
}

// outcomeOf evaluates set on text outside the engine, to read what a
// benchmark or test should expect of it (candidates, fired rules).
func outcomeOf(tb testing.TB, set *rules.Set, text string) *rules.Outcome {
	tb.Helper()
	var out rules.Outcome
	sig := classify.ComputeSignals(text)
	env := rules.Env{Text: text, Length: sig.Length, Signals: &sig, Customer: &rules.Customer{}, Order: &rules.Order{}}
	if err := set.Evaluate(&env, &out); err != nil {
		tb.Fatal(err)
	}
	return &out
}
