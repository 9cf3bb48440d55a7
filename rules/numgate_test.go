package rules

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestNumberGate: the number recogniser runs only after a scan that found
// a term that lets a rule using numbers fire, and the result is the same
// as when it runs on every complaint (Trace forces it).
func TestNumberGate(t *testing.T) {
	gated := `version: 1
lexicons:
  judge: [居然, 花了]
rules:
  - id: amount
    cause: price
    match: {any: [{near: ["@money", $judge], within: 6, scope: clause}]}
  - id: demand
    behaviour: extreme
    match: {any: [赔偿]}
    when: max_amount > 100
  - id: spec
    cause: integrity
    match: {all: ["@quantity", 说是], none: [官方]}
  - id: costly
    severity: serious
    match: {any: [坏了], all: [万]}
    when: max_amount >= 5000
  - id: plain
    cause: service
    match: {any: [客服]}
strategies:
  - id: all
`
	always := map[string]string{
		"bare number item":   "  - id: x\n    cause: price\n    match: {any: [\"@money\", 贵]}\n",
		"rule without terms": "  - id: x\n    severity: serious\n    when: max_duration > 60\n",
		"strategy":           "  - id: s\n    when: max_amount > 0\n",
		"number item in all": "  - id: x\n    cause: price\n    match: {all: [\"@money\"]}\n",
	}
	p := mustCompile(t, "p.yaml", gated)
	if p.ext.numAlways {
		t.Fatal("numbers run on every complaint for a policy that gates them")
	}
	for _, term := range []string{"居然", "花了", "赔偿", "说是", "万"} {
		if !p.ext.numGate[slices.Index(p.terms, term)] {
			t.Errorf("%s does not gate the number recogniser", term)
		}
	}
	// 坏了 is in costly's any list, but costly cannot fire without 万, its
	// plain all item: 万 alone gates it.
	for _, term := range []string{"客服", "官方", "@money", "坏了"} {
		if p.ext.numGate[slices.Index(p.terms, term)] {
			t.Errorf("%s gates the number recogniser", term)
		}
	}
	for name, add := range always {
		src := gated
		if name == "strategy" {
			src = strings.Replace(src, "strategies:\n", "strategies:\n"+add, 1)
		} else {
			src = strings.Replace(src, "strategies:\n", add+"strategies:\n", 1)
		}
		if q := mustCompile(t, "p.yaml", src); !q.ext.numAlways {
			t.Errorf("%s: numbers are gated", name)
		}
	}
	texts := []string{"居然卖58", "花了300，客服不理", "要求赔偿1000元", "要求赔偿50元", "说是128G，结果是64G",
		"官方说是128G", "客服说要600元", "收了600", "等了两天，居然", "一万二买的相机坏了", "相机坏了", "花了两万，坏了", ""}
	for _, text := range texts {
		var want, got []string
		for _, trace := range []bool{true, false} {
			env := testEnv(text)
			out := Evaluation{Trace: trace}
			if err := p.Evaluate(env, &out); err != nil {
				t.Fatal(err)
			}
			var s []string
			for _, f := range out.Fired {
				s = append(s, fmt.Sprint(f.Rule.ID, f.Hits, f.TermsTotal))
			}
			if trace {
				want = s
			} else {
				got = s
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: gated %v, always %v", text, got, want)
		}
	}
}
