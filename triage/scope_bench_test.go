package triage_test

import (
	"fmt"
	"strings"
	"testing"
)

// synthScopePolicy is a policy of n rules that uses every scope feature of
// rule format v1: then items over lexicons in a sentence, near items in a
// clause, exclude_praised, and near items in none lists. Rule i's terms
// are its own (synthTerm), so the rules a complaint makes candidates, and
// those that fire, are the same at every size.
func synthScopePolicy(n int) []byte {
	var b strings.Builder
	b.WriteString("version: 1\nname: synthetic-scope\nlexicons:\n")
	for i := 0; i < n; i += 2 { // half the rules: the limit on lexicons is 5,000
		fmt.Fprintf(&b, "  l%d: [%s, %s]\n", i, synthTerm(i, 0), synthTerm(i, 3))
	}
	b.WriteString("rules:\n")
	axes := []string{"cause: product", "cause: service", "cause: price", "cause: integrity", "severity: serious", "behaviour: venting"}
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "  - id: r%d\n    %s\n", i, axes[i%len(axes)])
		switch i % 4 {
		case 0:
			fmt.Fprintf(&b, "    match: {any: [{then: [$l%d, %s], within: 10, scope: sentence}]}\n", i, synthTerm(i, 1))
		case 1:
			fmt.Fprintf(&b, "    match: {all: [{near: [%s, %s], within: 8, scope: clause}]}\n", synthTerm(i, 0), synthTerm(i, 1))
		case 2:
			fmt.Fprintf(&b, "    exclude_praised: true\n    match: {any: [$l%d, %s]}\n", i, synthTerm(i, 1))
		case 3:
			fmt.Fprintf(&b, "    match: {any: [%s], none: [{near: [%s, %s], within: 5}]}\n", synthTerm(i, 0), synthTerm(i, 1), synthTerm(i, 2))
		}
	}
	b.WriteString("strategies:\n  - id: default\n")
	return []byte(b.String())
}

// synthScopeText makes five rules of synthScopePolicy fire, one of each
// kind and more, and two others fail: rule 6's term is praised (很好) and
// rule 7's none item holds.
func synthScopeText() string {
	var b strings.Builder
	for _, i := range []int{3, 17, 42, 64, 99} {
		fmt.Fprintf(&b, "客户反映%s说了%s的问题一直没有解决，", synthTerm(i, 0), synthTerm(i, 1))
	}
	fmt.Fprintf(&b, "%s很好。%s%s%s没人管", synthTerm(6, 0), synthTerm(7, 0), synthTerm(7, 1), synthTerm(7, 2))
	return b.String()
}

func TestSynthScopePolicyFiresAlike(t *testing.T) {
	text := synthScopeText()
	for _, n := range []int{100, 10000} {
		set, err := compileBytes("synthetic-scope.yaml", synthScopePolicy(n))
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, f := range outcomeOf(t, set, text).Fired {
			ids = append(ids, f.Rule.ID)
		}
		if got := strings.Join(ids, " "); got != "r3 r17 r42 r64 r99" {
			t.Errorf("rules=%d: fired %s, want r3 r17 r42 r64 r99", n, got)
		}
	}
}

// BenchmarkScalingScope is BenchmarkScaling for a policy that uses every
// scope feature (synthScopePolicy), at 100 and 10,000 rules with the same
// five rules firing: the time per complaint should not grow with the
// rules that do not concern it.
func BenchmarkScalingScope(b *testing.B) {
	benchFiredSizes(b, "synthetic-scope.yaml", synthScopeText(), []int{100, 10000}, synthScopePolicy)
}
