package rules

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// FuzzParse feeds the loader arbitrary bytes: it must never panic, and
// every error must be a positioned *Error inside the file.
func FuzzParse(f *testing.F) {
	f.Add([]byte("version: 1\nlexicons:\n  a: [贵]\nrules:\n  - id: r\n    cause: price\n    match: {any: [$a]}\n    when: length > 1\nstrategies:\n  - id: s\n"))
	f.Add([]byte("version: 1\nmacros:\n  a: b\n  b: a\n"))
	f.Add([]byte("a: &x [1]\nb: *x\n"))
	f.Add([]byte("version: 1\nrules: [{id: r, cause: price, when: 'text +'}]\n"))
	f.Add([]byte("\xff\xfe"))
	// Hostile axis declarations: many values, duplicates, reserved names,
	// an undeclared value in a rule.
	f.Add([]byte("version: 1\naxes:\n  risk: {values: [" + strings.Repeat("v,", 100) + "v]}\nstrategies:\n  - id: s\n"))
	f.Add([]byte("version: 1\naxes:\n  risk: [low, low]\nstrategies:\n  - id: s\n"))
	f.Add([]byte("version: 1\naxes:\n  evidence: [a, b]\n  when: [a]\nstrategies:\n  - id: s\n"))
	f.Add([]byte("version: 1\naxes:\n  risk: [low, high]\nrules:\n  - id: r\n    vote: {risk: medium}\n    match: {any: [贵]}\nstrategies:\n  - id: s\n    when: risk == \"hgih\"\n  - id: d\n"))
	// Rule language II: aggregation, regular expressions, number items,
	// asserted_only, and their mistakes.
	f.Add([]byte("version: 1\naxes:\n  cause: {aggregate: max}\n  severity: {cap: 2}\nrules:\n  - id: r\n    cause: price\n    asserted_only: true\n    match: {any: [\"/退款.{0,8}没到账/\", \"@money\"]}\n    when: max_amount > 100\nstrategies:\n  - id: s\n"))
	f.Add([]byte("version: 1\nrules:\n  - id: r\n    cause: price\n    match: {any: [\"/(/\", \"/[0-9]+/\", \"@mony\"]}\nstrategies:\n  - id: s\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		set, err := parseCompile("f.yaml", src)
		if err == nil {
			if set == nil || len(set.Strategies()) == 0 {
				t.Fatal("a loaded set without strategies")
			}
			return
		}
		var es Errors
		if !errors.As(err, &es) || len(es) == 0 {
			t.Fatalf("error is not Errors: %T %v", err, err)
		}
		lines := bytes.Count(src, []byte("\n")) + bytes.Count(src, []byte("\r")) + 1 // YAML also breaks lines at \r
		for _, e := range es {
			if e.File != "f.yaml" || e.Line < 0 || e.Line > lines+1 || e.Code == "" {
				t.Fatalf("badly positioned error %+v in %d lines", e, lines)
			}
		}
	})
}
