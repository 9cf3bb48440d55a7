package triage_test

import (
	"context"
	"fmt"

	"github.com/tousu/tousu/rules"
	"github.com/tousu/tousu/triage"
)

func ExampleNew() {
	set, err := rules.Parse("policy.yaml", []byte(`
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
	eng, err := triage.New(set)
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
	d, err := triage.Default().Triage(context.Background(), triage.Complaint{
		Text: "垃圾商家卖假货，我已经向12315投诉了，还要找律师！",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.Cause, d.Behaviour)
	// Output: integrity extreme
}
