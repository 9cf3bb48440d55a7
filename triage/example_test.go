package triage_test

import (
	"context"
	"fmt"
	"time"

	"github.com/tousu/tousu/rules"
	"github.com/tousu/tousu/triage"
)

func ExampleNew() {
	pol, err := rules.Parse("policy.yaml", []byte(`
version: 1
name: shop
lexicons:
  fake: [假货, 高仿]
  regulator: ["12315", 消协]
rules:
  - id: fake
    cause: integrity
    match: {any: [$fake]}
  - id: regulator
    behaviour: extreme
    match: {any: [$regulator]}
strategies:
  - id: escalate
    when: behaviour == "extreme"
    escalate_to: 客服主管
    replies: ["{客户姓名}您好，您的投诉已由{负责人}专人跟进。"]
  - id: default
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
	eng, err := triage.New(prog)
	if err != nil {
		fmt.Println(err)
		return
	}
	d, err := eng.Triage(context.Background(), triage.Complaint{
		Text:     "收到的是高仿貨，我要打１２３１５！",
		Customer: triage.Customer{Name: "陈女士"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.Cause, d.Behaviour, d.Strategy.ID)
	fmt.Println(d.Strategy.Replies[0])
	for _, e := range d.Evidence {
		fmt.Printf("%s: %q at runes %d-%d\n", e.Rule, e.Terms[0].Text, e.Terms[0].RuneStart, e.Terms[0].RuneEnd)
	}
	// Output:
	// integrity extreme escalate
	// 陈女士您好，您的投诉已由客服主管专人跟进。
	// fake: "高仿" at runes 4-6
	// regulator: "１２３１５" at runes 11-16
}

func ExampleDefault() {
	eng, err := triage.Default()
	if err != nil {
		fmt.Println(err)
		return
	}
	d, err := eng.Triage(context.Background(), triage.Complaint{
		Text: "垃圾商家卖假货，我已经向12315投诉了，还要找律师！",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.Cause, d.Behaviour)
	// Output: integrity extreme
}

func ExampleReloader() {
	src := "version: 1\nname: v1\nrules:\n  - id: slow\n    cause: service\n    match: {any: [太慢]}\nstrategies:\n  - id: all\n"
	r, err := triage.NewReloader(func() (*rules.Program, error) {
		pol, err := rules.Parse("p.yaml", []byte(src))
		if err != nil {
			return nil, err
		}
		return rules.Compile(pol)
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	src = "version: 1\nname: v2\nrules:\n  - id: slow\n    cause: servise\n"
	fmt.Println(r.Reload(context.Background()))
	d, _ := r.Triage(context.Background(), triage.Complaint{Text: "物流太慢"})
	fmt.Println("still serving", d.Policy.Name, d.Cause)
	// Output:
	// p.yaml:1:1: the policy has no strategies; the last one must have no when (a catch-all)
	// p.yaml:4:5: rule "slow": a rule needs match.any, match.all or when
	// p.yaml:5:12: rule "slow": unknown cause "servise" (did you mean service?) (want one of product, service, price, integrity)
	// still serving v1 service
}

func ExampleEngine_TriageBatch() {
	eng, err := triage.Default()
	if err != nil {
		fmt.Println(err)
		return
	}
	results := eng.TriageBatch(context.Background(), []triage.Complaint{
		{ID: "a", Text: "买到假货"},
		{ID: "b", Text: "物流太慢了"},
	}, 0)
	for _, r := range results {
		fmt.Println(r.Decision.ID, r.Decision.Cause, r.Err)
	}
	// Output:
	// a integrity <nil>
	// b service <nil>
}

func ExampleEngine_CanContact() {
	eng, err := triage.Default()
	if err != nil {
		fmt.Println(err)
		return
	}
	d, err := eng.Triage(context.Background(), triage.Complaint{Text: "物流太慢了"})
	if err != nil {
		fmt.Println(err)
		return
	}
	loc, _ := time.LoadLocation("Asia/Shanghai")
	ok, next, reason := eng.CanContact(d, time.Date(2025, 3, 17, 20, 0, 0, 0, loc), 0)
	fmt.Println(ok, next.Format("2006-01-02 15:04"), reason)
	// Output: false 2025-03-18 10:00 不在联系时间 10:00-18:00 内 (outside contact hours 10:00-18:00)
}
