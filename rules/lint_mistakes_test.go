package rules

import (
	"strings"
	"testing"
)

// lintFiles parses files (name, source pairs) and lints them as one
// policy in order, reporting parse errors as Lint reports compile errors.
func lintFiles(files ...string) Errors {
	pol := &Policy{}
	for i := 0; i+1 < len(files); i += 2 {
		p, err := Parse(files[i], []byte(files[i+1]))
		if err != nil {
			return asErrors(err)
		}
		pol.Files = append(pol.Files, p.Files...)
	}
	return Lint(pol)
}

const mistakeTail = "strategies:\n  - id: all\n"

// TestFifteenMistakes makes, one by one, the mistakes of issue 21 that a
// new policy author made on purpose, and checks that lint reports each
// with its code, at its position, with the hint that fixes it, in English
// and in Chinese.
func TestFifteenMistakes(t *testing.T) {
	tests := []struct {
		name   string
		files  []string // name, source pairs
		code   Code
		pos    string // file:line:col
		hint   string // in the English message
		hintZh string // in the Chinese message
	}{
		{"axis value that does not exist", []string{"p.yaml", "version: 1\nstrategies:\n  - id: s\n    when: severity == \"serius\"\n  - id: all\n"},
			warnAxisValue, "p.yaml:4:11", `severity is never "serius" (did you mean "serious"?)`, `（是不是 "serious"？）`},
		{"always-false interval", []string{"p.yaml", "version: 1\nrules:\n  - id: r\n    cause: price\n    match: {any: [贵]}\n    when: order.amount > 100 && order.amount < 50\n" + mistakeTail},
			warnConstantWhen, "p.yaml:6:11", "when never holds (order.amount > 100 && order.amount < 50): the rule can never fire", "条件永远不成立"},
		{"always-false constant", []string{"p.yaml", "version: 1\nrules:\n  - id: r\n    cause: price\n    match: {any: [贵]}\n    when: 'false'\n" + mistakeTail},
			warnConstantWhen, "p.yaml:6:11", "when never holds (false)", "永远不会触发"},
		{"strategy that contradicts itself", []string{"p.yaml", "version: 1\nstrategies:\n  - id: s\n    when: cause == \"price\" && cause == \"service\"\n  - id: all\n"},
			warnConstantWhen, "p.yaml:4:11", "the strategy can never be chosen", "这个策略永远不会被选中"},
		{"strategy behind a broader one", []string{"p.yaml", "version: 1\nstrategies:\n  - id: serious\n    when: severity == \"serious\"\n  - id: serious-price\n    when: severity == \"serious\" && cause == \"price\"\n  - id: all\n"},
			warnUnreachable, "p.yaml:5:5", `strategy "serious" before it holds whenever this one does`, `前面的策略 "serious" 都已成立`},
		{"rule a higher tier outvotes", []string{"p.yaml", "version: 1\nrules:\n  - id: high\n    severity: serious\n    priority: 2\n    match: {any: [受伤, 住院]}\n  - id: low\n    severity: general\n    match: {any: [受伤]}\n" + mistakeTail},
			warnOutranked, "p.yaml:7:5", `rule "high" (priority 2) fires whenever this one does`, `优先级更高的规则 "high"`},
		{"redundant term in a lexicon", []string{"p.yaml", "version: 1\nlexicons:\n  cheap: [不值, 不值钱]\nrules:\n  - id: r\n    cause: price\n    match: {any: [$cheap]}\n" + mistakeTail},
			warnRedundantItem, "p.yaml:3:15", `"不值" in the same lexicon matches wherever it does`, `同一词表中的 "不值"`},
		{"term a lexicon of the list holds", []string{"p.yaml", "version: 1\nlexicons:\n  expensive: [贵, 价格高]\nrules:\n  - id: r\n    cause: price\n    match: {any: [$expensive, 贵]}\n" + mistakeTail},
			warnRedundantItem, "p.yaml:7:31", "$expensive in the same any list already holds it", "已包含它"},
		{"unknown calendar", []string{"p.yaml", "version: 1\nstrategies:\n  - id: all\n    resolve_within: 3d business\n    calendar: cn-mainlnd\n"},
			errUnknownName, "p.yaml:5:15", `unknown calendar "cn-mainlnd" (did you mean cn-mainland?)`, "（是不是 cn-mainland？）"},
		{"unknown regulator clock", []string{"p.yaml", "version: 1\nstrategies:\n  - id: all\n    regulatory: [12315-acceptence]\n"},
			errUnknownName, "p.yaml:4:18", "(did you mean 12315-acceptance?)", "（是不是 12315-acceptance？）"},
		{"full-width placeholder braces", []string{"p.yaml", "version: 1\nstrategies:\n  - id: all\n    replies: [\"请联系｛负责人｝\"]\n"},
			warnFullWidth, "p.yaml:4:19", "write {负责人}", "请写成 {负责人}"},
		{"lexicon name misspelt", []string{"p.yaml", "version: 1\nlexicons:\n  bill_shock: [天价账单]\nrules:\n  - id: r\n    cause: price\n    match: {any: [$bill_shok]}\n" + mistakeTail},
			errUnknownLexicon, "p.yaml:7:19", `unknown lexicon "$bill_shok" (did you mean $bill_shock?)`, "（是不是 $bill_shock？）"},
		{"macro name misspelt", []string{"p.yaml", "version: 1\nmacros:\n  big_charge: order.amount > 1000\nrules:\n  - id: r\n    cause: price\n    match: {any: [贵]}\n    when: big_chrage\n" + mistakeTail},
			errExpr, "p.yaml:8:11", "unknown name big_chrage (did you mean big_charge?)", "（是不是 big_charge？）"},
		{"field that does not exist", []string{"p.yaml", "version: 1\nrules:\n  - id: r\n    cause: price\n    match: {any: [贵]}\n    when: order.total > 100\n" + mistakeTail},
			errExpr, "p.yaml:6:17", "order has no field total (fields: id, amount, currency, status)", "order 没有字段 total（可用字段：id、amount、currency、status）"},
		{"=> for >=", []string{"p.yaml", "version: 1\nrules:\n  - id: r\n    cause: price\n    match: {any: [贵]}\n    when: order.amount => 100\n" + mistakeTail},
			errExpr, "p.yaml:6:24", "write >= for at least", "请写 >="},
		{"= for ==", []string{"p.yaml", "version: 1\nrules:\n  - id: r\n    cause: price\n    match: {any: [贵]}\n    when: customer.tier = \"铂金\"\n" + mistakeTail},
			errExpr, "p.yaml:6:25", "write == for equals", "请写 =="},
		{"full-width colon after a key", []string{"p.yaml", "version: 1\nrules:\n  - id: r\n    cause: price\n    weight：3\n    match: {any: [贵]}\n" + mistakeTail},
			errPunctuation, "p.yaml:5:11", "full-width colon ： after weight; YAML needs an ASCII colon and a space: write weight: 3", "请写成 weight: 3"},
		{"tab in indentation", []string{"p.yaml", "version: 1\nrules:\n  - id: r\n  \tcause: price\n    match: {any: [贵]}\n" + mistakeTail},
			errPunctuation, "p.yaml:4:3", "replace the tab with spaces", "请把制表符换成空格"},
		{"full-width ＄ before a lexicon", []string{"p.yaml", "version: 1\nlexicons:\n  expensive: [贵]\nrules:\n  - id: r\n    cause: price\n    match: {any: [$expensive, ＄expensive]}\n" + mistakeTail},
			warnFullWidth, "p.yaml:7:31", "write $expensive", "请写成 $expensive"},
		{"full-width operator in a when", []string{"p.yaml", "version: 1\nrules:\n  - id: r\n    cause: price\n    match: {any: [贵]}\n    when: order.amount ＞ 100\n" + mistakeTail},
			errExpr, "p.yaml:6:24", "full-width ＞: write the ASCII >", "请写半角的 >"},
		{"key misspelt", []string{"p.yaml", "version: 1\nrules:\n  - id: r\n    cause: price\n    wieght: 3\n    match: {any: [贵]}\n" + mistakeTail},
			errUnknownKey, "p.yaml:5:5", `unknown key "wieght" in a rule (did you mean weight?)`, "规则里没有键 \"wieght\"（是不是 weight？）"},
		{"unplaced strategy in a layer", []string{"base.yaml", "version: 1\nstrategies:\n  - id: all\n", "ours.yaml", "version: 1\nstrategies:\n  - id: vip\n    when: customer.tier == \"铂金\"\n"},
			errNoCatchAll, "ours.yaml:4:11", "place it: before: all", "before: all"},
		{"disabled rule's failing example", []string{"p.yaml", "version: 1\nrules:\n  - id: r\n    cause: price\n    enabled: false\n    match: {any: [贵]}\n    examples: {match: [太贵了]}\n" + mistakeTail},
			errExampleMismatch, "p.yaml:3:5", "the rule is disabled", "该规则已停用"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			diags := lintFiles(tt.files...)
			var found *Error
			for _, d := range diags {
				if d.Code == tt.code {
					found = d
					break
				}
			}
			if found == nil {
				t.Fatalf("no %s among %v", tt.code, diags)
			}
			if got := found.Format("en"); !strings.HasPrefix(got, tt.pos+": ") {
				t.Errorf("position: got %s, want %s", got, tt.pos)
			}
			if got := found.Message("en"); !strings.Contains(got, tt.hint) {
				t.Errorf("hint: got %q, want it to contain %q", got, tt.hint)
			}
			if got := found.Message("zh"); !strings.Contains(got, tt.hintZh) {
				t.Errorf("Chinese hint: got %q, want it to contain %q", got, tt.hintZh)
			}
			for _, w := range latinWords(found.Message("zh")) {
				if !strings.Contains(strings.Join(tt.files, "\n"), w) && !allowedLatin[w] {
					t.Errorf("Chinese message %q has the English word %q", found.Message("zh"), w)
				}
			}
		})
	}
}

// TestPunctuationOnlyNearTheError checks that a tab inside a block of text
// far from the parser's error is not taken for its cause.
func TestPunctuationOnlyNearTheError(t *testing.T) {
	src := "version: 1\ndescription: |\n  第一行\n  \t缩进的说明\nrules:\n  - id: r\n    cause: price\n    match: {any: [贵]\n" + mistakeTail
	diags := lintFiles("p.yaml", src)
	if len(diags) != 1 || diags[0].Code != errSyntax {
		t.Errorf("got %v, want the parser's own error", diags)
	}
}
