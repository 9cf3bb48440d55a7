package rules

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
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
	// Near and then items, well formed and not.
	f.Add([]byte("version: 1\nlexicons:\n  a: [说好]\nrules:\n  - id: r\n    cause: integrity\n    exclude_praised: true\n    match: {any: [{then: [$a, 结果], within: 20, scope: sentence}], none: [{near: [$a, 很好], within: 2}]}\nstrategies:\n  - id: s\n"))
	f.Add([]byte("version: 1\nrules:\n  - id: r\n    cause: price\n    match: {all: [{near: [贵], within: 0, order: 1, scope: x}, {then: [a, b], order: true}]}\nstrategies:\n  - id: s\n"))
	// Hostile axis declarations: many values, duplicates, reserved names,
	// an undeclared value in a rule.
	f.Add([]byte("version: 1\naxes:\n  risk: {values: [" + strings.Repeat("v,", 100) + "v]}\nstrategies:\n  - id: s\n"))
	f.Add([]byte("version: 1\naxes:\n  risk: [low, low]\nstrategies:\n  - id: s\n"))
	f.Add([]byte("version: 1\nreview: {min_confidence: !!float nan}\naxes:\n  cause: {min_confidence: !!float nan, confidence: all, aggregate: max}\nstrategies:\n  - id: s\n"))
	f.Add([]byte("version: 1\naxes:\n  cause: {distinct_terms: 99, confidence: all, cap: 2}\n  severity: {distinct_terms: 2.5, confidence: most}\n  risk: {values: [a, b], distinct_terms: 3, confidence: tier}\nstrategies:\n  - id: s\n"))
	f.Add([]byte("version: 1\nreview: {min_confidence: 0.8}\naxes:\n  behaviour: {min_confidence: 0.7}\n  risk: {values: [low, high], min_confidence: -1}\n  tone: {values: [a], min_confidence: .nan}\nstrategies:\n  - id: s\n"))
	f.Add([]byte("version: 1\naxes:\n  evidence: [a, b]\n  when: [a]\nstrategies:\n  - id: s\n"))
	f.Add([]byte("version: 1\naxes:\n  risk: [low, high]\nrules:\n  - id: r\n    vote: {risk: medium}\n    match: {any: [贵]}\nstrategies:\n  - id: s\n    when: risk == \"hgih\"\n  - id: d\n"))
	// Rule language II: aggregation, regular expressions, number items,
	// asserted_only, and their mistakes.
	f.Add([]byte("version: 1\naxes:\n  cause: {aggregate: max}\n  severity: {cap: 2}\nrules:\n  - id: r\n    cause: price\n    asserted_only: true\n    match: {any: [\"/退款.{0,8}没到账/\", \"@money\"]}\n    when: max_amount > 100\nstrategies:\n  - id: s\n"))
	f.Add([]byte("version: 1\nrules:\n  - id: r\n    severity: serious\n    exclude_modality: [hypothetical, figurative, asserted]\n    match: {any: [拉肚子]}\nstrategies:\n  - id: s\n"))
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

// FuzzNear fuzzes near and then items and exclude_praised: any two sides,
// window and text. A policy that compiles must evaluate without error, and
// the items must nest as their meaning says: then implies near, a clause
// implies its sentence and a sentence the whole text, a window implies any
// wider one, and a rule that excludes praised occurrences fires only when
// the same rule counting them does.
func FuzzNear(f *testing.F) {
	f.Add("说好", "结果", 20, "说好七天到货结果等了一个月")
	f.Add("客服", "态度差", 6, "店铺是新开的，但热线客服态度差。客服很好")
	f.Add("快递", "很快", 1, "快递很快，快\u200b递很慢\n快遞")
	f.Add("a", "a", 3, "a a a")
	f.Add("说好", "说好", 0, "说好说好")
	f.Fuzz(func(t *testing.T, a, b string, within int, text string) {
		if within < 1 || within > 1000 || len(text) > 2000 {
			return
		}
		side := func(s string) string { return strconv.Quote(s) }
		near := func(key string, w int, scope string) string {
			item := fmt.Sprintf("{%s: [%s, %s], within: %d", key, side(a), side(b), w)
			if scope != "" {
				item += ", scope: " + scope
			}
			return item + "}"
		}
		rule := func(id, item string) string {
			return fmt.Sprintf("  - id: %s\n    cause: price\n    match: {any: [%s]}\n", id, item)
		}
		src := "version: 1\nrules:\n" +
			rule("near", near("near", within, "")) +
			rule("wider", near("near", 2*within+1, "")) +
			rule("then", near("then", within, "")) +
			rule("clause", near("near", within, "clause")) +
			rule("sentence", near("near", within, "sentence")) +
			rule("a", side(a)) +
			"  - id: a-unpraised\n    cause: price\n    exclude_praised: true\n    match: {any: [" + side(a) + "]}\n" +
			"strategies:\n  - id: s\n"
		set, err := parseCompile("f.yaml", []byte(src))
		if err != nil {
			return // an empty or over-long side: reported, not our concern here
		}
		env := &Env{Text: text, Customer: &Customer{}, Order: &Order{}}
		var out Evaluation
		out.Trace = true
		if err := set.Evaluate(env, &out); err != nil {
			t.Fatal(err)
		}
		got := map[string]bool{}
		for _, fr := range out.Fired {
			got[fr.Rule.ID] = true
		}
		for _, imp := range [][2]string{{"then", "near"}, {"near", "wider"}, {"clause", "sentence"}, {"sentence", "near"}, {"a-unpraised", "a"}} {
			if got[imp[0]] && !got[imp[1]] {
				t.Fatalf("%q: %s fired without %s (fired %v)", text, imp[0], imp[1], got)
			}
		}
	})
}
