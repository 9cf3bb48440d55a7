package rules

import (
	"testing"

	"github.com/tousu/tousu/classify"
)

// parseCompile parses and compiles one policy file, as most callers do.
func parseCompile(name string, src []byte, opts ...Option) (*Program, error) {
	p, err := Parse(name, src, opts...)
	if err != nil {
		return nil, err
	}
	return Compile(p, opts...)
}

// layered parses files (name, source pairs) and compiles them as one
// policy in order.
func layered(opts []Option, files ...string) (*Program, error) {
	pol := &Policy{}
	for i := 0; i+1 < len(files); i += 2 {
		p, err := Parse(files[i], []byte(files[i+1]), opts...)
		if err != nil {
			return nil, err
		}
		pol.Files = append(pol.Files, p.Files...)
	}
	return Compile(pol, opts...)
}

// lintSrc parses and lints one file, reporting parse errors as Lint would
// report compile errors.
func lintSrc(name string, src []byte) Errors {
	p, err := Parse(name, src)
	if err != nil {
		return asErrors(err)
	}
	return Lint(p)
}

func mustCompile(t testing.TB, name, src string, opts ...Option) *Program {
	t.Helper()
	p, err := parseCompile(name, []byte(src), opts...)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func classifySignals(text string) classify.Signals { return classify.ComputeSignals(text) }
