package triage_test

import (
	"errors"
	"testing"

	"github.com/tousu/tousu/classify"
	"github.com/tousu/tousu/rules"
	"github.com/tousu/tousu/triage"
)

// mustEngine compiles the policy src (named name in errors) and builds an
// engine on it, failing the test or benchmark on any error.
func mustEngine(tb testing.TB, name string, src []byte, opts ...triage.Option) *triage.Engine {
	tb.Helper()
	eng, err := triage.New(mustProgram(tb, name, src), opts...)
	if err != nil {
		tb.Fatal(err)
	}
	return eng
}

// mustProgram parses and compiles the policy src.
func mustProgram(tb testing.TB, name string, src []byte, opts ...rules.Option) *rules.Program {
	tb.Helper()
	p, err := rules.Parse(name, src, opts...)
	if err != nil {
		tb.Fatal(err)
	}
	prog, err := rules.Compile(p, opts...)
	if err != nil {
		tb.Fatal(err)
	}
	return prog
}

// outcomeOf evaluates prog on text outside the engine, to read what a
// benchmark or test should expect of it (fired rules).
func outcomeOf(tb testing.TB, set *rules.Program, text string) *rules.Evaluation {
	tb.Helper()
	var out rules.Evaluation
	sig := classify.ComputeSignals(text)
	env := rules.Env{Text: text, Length: sig.Length, Signals: &sig, Customer: &rules.Customer{}, Order: &rules.Order{}}
	if err := set.Evaluate(&env, &out); err != nil {
		tb.Fatal(err)
	}
	return &out
}

// compileBytes parses and compiles one policy file, returning the errors
// of either step.
func compileBytes(name string, src []byte, opts ...rules.Option) (*rules.Program, error) {
	p, err := rules.Parse(name, src, opts...)
	if err != nil {
		return nil, err
	}
	return rules.Compile(p, opts...)
}

func errorsAs(err error, target any) bool { return errors.As(err, target) }

// engineWith compiles src with the compile options opts and builds a
// plain engine on it.
func engineWith(tb testing.TB, name string, src []byte, opts ...rules.Option) *triage.Engine {
	tb.Helper()
	eng, err := triage.New(mustProgram(tb, name, src, opts...))
	if err != nil {
		tb.Fatal(err)
	}
	return eng
}

// mustDefault is the shared built-in engine, for tests and benchmarks.
func mustDefault() *triage.Engine {
	eng, err := triage.Default()
	if err != nil {
		panic(err) // Default without options cannot fail
	}
	return eng
}
