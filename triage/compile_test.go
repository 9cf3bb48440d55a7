package triage

import (
	"testing"

	"github.com/tousu/tousu/rules"
)

// compileSrc parses and compiles one policy file for the package's own
// tests.
func compileSrc(tb testing.TB, name, src string, opts ...rules.Option) *rules.Program {
	tb.Helper()
	p, err := rules.Parse(name, []byte(src), opts...)
	if err != nil {
		tb.Fatal(err)
	}
	prog, err := rules.Compile(p, opts...)
	if err != nil {
		tb.Fatal(err)
	}
	return prog
}
