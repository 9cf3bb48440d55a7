package rules

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestHostileExpressions reproduces the expressions that hung or killed
// the process (issue: robustness II) and the policies that overflowed the
// parser's stack or the macro expansion: each is now a positioned error,
// reported within seconds and in bounded memory.
func TestHostileExpressions(t *testing.T) {
	rule := func(when string) string {
		return "version: 1\nrules:\n  - id: x\n    cause: price\n    when: '" + when + "'\nstrategies:\n  - id: all\n"
	}
	var macros strings.Builder
	macros.WriteString("version: 1\nmacros:\n  m0: length > 1\n")
	for i := 1; i <= 24; i++ {
		fmt.Fprintf(&macros, "  m%d: m%d && m%d\n", i, i-1, i-1)
	}
	macros.WriteString("rules:\n  - id: x\n    cause: price\n    when: m24\nstrategies:\n  - id: all\n")
	tests := []struct {
		name, src, want string
	}{
		{"nested all over a range", rule("let r = 1..1000; all(r, {all(r, {all(r, {# > 0})})})"),
			`p.yaml:5:11: rule "x": when: too costly: all(r, all(r, all(r, # > 0))) may cost 5e+09, more than the limit of 1e+07`},
		{"repeat", rule(`repeat(text, 1000000) != ""`),
			`p.yaml:5:11: rule "x": when: too costly: repeat(text, 1000000) may cost 6.55e+10, more than the limit of 1e+07`},
		{"replace with an empty string", rule(`len(replace(text, "", text)) > 0`),
			`p.yaml:5:11: rule "x": when: too costly: replace(text, "", text) may cost 4.3e+09, more than the limit of 1e+07`},
		{"growing reduce", rule(`reduce(1..20000, #acc + text, "") != ""`),
			`p.yaml:5:11: rule "x": when: too costly: #acc + text may cost 1.31e+09, more than the limit of 1e+07`},
		{"unbounded range", rule(`any(1..length, {# > 3})`),
			`p.yaml:5:11: rule "x": when: too costly: 1..length: its cost cannot be bounded before it runs (use constant bounds and counts)`},
		{"a million !", rule(strings.Repeat("!", 1_000_001) + "true"),
			`p.yaml:5:112: rule "x": when: nested more than 100 deep (the limit)`},
		{"a million (", rule(strings.Repeat("(", 1_000_000)),
			`p.yaml:5:112: rule "x": when: nested more than 100 deep (the limit)`},
		{"a million -", rule(strings.Repeat("-", 1_000_000) + "1 > 0"),
			`p.yaml:5:112: rule "x": when: nested more than 100 deep (the limit)`},
		{"not not not", rule(strings.Repeat("not ", 200) + "true"),
			`p.yaml:5:412: rule "x": when: nested more than 100 deep (the limit)`},
		{"macros doubling 24 times", macros.String(),
			`p.yaml:31:11: rule "x": when: more than 1000 nodes after macro expansion (the limit)`},
		{"huge weights", "version: 1\nrules:\n  - id: x\n    cause: price\n    weight: 1e308\n    match: {any: [贵]}\n  - id: y\n    cause: product\n    weight: 1e308\n    match: {any: [贵]}\nstrategies:\n  - id: all\n",
			`p.yaml:5:13: rule "x": weight 1e+308 is more than the limit of 1000000`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			start := time.Now()
			_, err := parseCompile("p.yaml", []byte(tt.src))
			lint := lintSrc("p.yaml", []byte(tt.src))
			elapsed := time.Since(start)
			runtime.ReadMemStats(&after)
			if err == nil {
				t.Fatal("compiled, want an error")
			}
			if got := strings.SplitN(err.Error(), "\n", 2)[0]; got != tt.want {
				t.Errorf("first error:\n got %s\nwant %s", got, tt.want)
			}
			if len(lint) == 0 || lint[0].Error() != tt.want {
				t.Errorf("lint: %v", lint)
			}
			t.Logf("%v, %d MB allocated", elapsed.Round(time.Millisecond), (after.TotalAlloc-before.TotalAlloc)>>20)
			// A generous guard against a hang or a blow-up, not a timing claim.
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 512<<20 {
				t.Errorf("allocated %d MB", alloc>>20)
			}
			if elapsed > 30*time.Second {
				t.Errorf("took %v", elapsed)
			}
		})
	}
}

// TestCostOfOrdinaryExpressions: what policies write stays well within the
// budget.
func TestCostOfOrdinaryExpressions(t *testing.T) {
	for _, when := range []string{
		`text contains "假"`, `signals.exclamations >= 3 || signals.shouting`, `order.amount > 3 * 100 && customer.tier in ["铂金", "黄金"]`,
		`any(["退款", "退货"], {text contains #})`, `len(text) > 10 && text matches "[0-9]{3,}"`, `now().Hour() >= 18`,
		`let r = 1..10; all(r, {# > 0})`, `upper(channel) == "APP"`,
	} {
		src := "version: 1\nrules:\n  - id: x\n    cause: price\n    when: '" + when + "'\nstrategies:\n  - id: all\n"
		if _, err := parseCompile("p.yaml", []byte(src)); err != nil {
			t.Errorf("%s: %v", when, err)
		}
	}
}

// FuzzCost feeds arbitrary when expressions through the nesting check, the
// compiler and the cost estimator: nothing may panic or overflow the
// stack, and an expression that compiles is evaluated on a complaint at
// the text limit without failing the process (expr's memory budget is the
// last guard; an error is fine, a crash or hang is a finding).
func FuzzCost(f *testing.F) {
	for _, s := range []string{
		`text contains "假"`, `len(text) > 10`, `let r = 1..1000; all(r, {all(r, {# > 0})})`, `repeat(text, 3) != ""`,
		`reduce(1..20, #acc + text, "") != ""`, `any(split(text, "，"), {len(#) > 3})`, `replace(text, "a", "bb") == text`,
		`!!!!true`, `((((length > 1))))`, `not not true`, `upper(lower(text)) matches "A+"`, `map(1..10, {# * 2})[0] == 2`,
		`filter(["a", "b"], {# == "a"})[0] == "a"`, `order.amount > 100 ? true : false`, `count(1..100, {# % 2 == 0}) > 10`,
	} {
		f.Add(s)
	}
	text := strings.Repeat("这个商品是假货！", (64<<10)/24)
	f.Fuzz(func(t *testing.T, when string) {
		if strings.ContainsAny(when, "'\n\r") {
			return // kept a single-quoted YAML scalar on one line
		}
		src := "version: 1\nrules:\n  - id: x\n    cause: price\n    when: '" + when + "'\nstrategies:\n  - id: all\n"
		prog, err := parseCompile("f.yaml", []byte(src))
		if err != nil {
			return
		}
		sig := classifySignals(text)
		env := &Env{Text: text, Signals: &sig, Customer: &Customer{}, Order: &Order{}}
		var out Evaluation
		_ = prog.Evaluate(env, &out)
	})
}
