package rules_test

import (
	"errors"
	"fmt"

	"github.com/tousu/tousu/rules"
)

func ExampleCompile() {
	pol, err := rules.Parse("policy.yaml", []byte(`
version: 1
name: refunds
lexicons:
  refund: [退款, 退钱]
rules:
  - id: refund-slow
    cause: service
    match: {all: [$refund, 没到账]}
strategies:
  - id: default
    title: 跟进退款
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	prog, err := rules.Compile(pol)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(prog.Name(), len(prog.Rules()), prog.Rules()[0].ID, len(prog.Axes()))
	// Output: refunds 1 refund-slow 3
}

// Every mistake is reported at once, each at its file, line and column.
func ExampleCompile_errors() {
	pol, err := rules.Parse("policy.yaml", []byte(`version: 1
rules:
  - id: x
    cause: price
    match: {any: [$foo]}
  - id: y
    severity: urgent
    when: length > "ten"
strategies:
  - id: default
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = rules.Compile(pol)
	fmt.Println(err)
	var e *rules.Error
	if errors.As(err, &e) {
		fmt.Println(e.Line, e.Col, string(e.Code), errors.Is(err, rules.Code("TS004")))
	}
	// Output:
	// policy.yaml:5:19: rule "x": unknown lexicon "$foo"
	// policy.yaml:7:15: rule "y": unknown severity "urgent" (want one of general, serious)
	// policy.yaml:8:18: rule "y": when: invalid operation: > (mismatched types int and string)
	// 5 19 TS004 true
}

func ExampleLint() {
	src := []byte("version: 1\nlexicons:\n  fake: [假货, 假貨]\n  spare: [贵]\nrules:\n  - id: r\n    cause: integrity\n    match: {any: [$fake]}\nstrategies:\n  - id: all\n")
	pol, err := rules.Parse("p.yaml", src)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, d := range rules.Lint(pol) {
		fmt.Println(d.Format("en"))
		fmt.Println(d.Format("zh"))
	}
	// Output:
	// p.yaml:3:14: lexicon "fake": term "假貨" repeats "假货" (they fold alike) [TS103]
	// p.yaml:3:14: 词表 "fake": 词条 "假貨" 与 "假货" 折叠后相同，重复了 [TS103]
	// p.yaml:4:3: lexicon "spare": never used: no rule refers to $spare [TS101]
	// p.yaml:4:3: 词表 "spare": 没有任何规则引用 $spare [TS101]
}
