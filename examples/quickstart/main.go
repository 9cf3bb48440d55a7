// Command quickstart triages a handful of complaints with the built-in
// policy and prints readable decisions.
//
//	go run ./examples/quickstart
package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/tousu/tousu/triage"
)

// Our own sample complaints: simplified and traditional Chinese, full-width
// text, a regulator threat and a calm grumble.
var complaints = []triage.Complaint{
	{ID: "q1", Text: "买的空气炸锅用了两次就坏了，质量太差，以后不会再买这个牌子了。", Customer: triage.Customer{Name: "李先生"}, Order: triage.Order{ID: "JD20251101"}},
	{ID: "q2", Text: "客服三天都不回消息，退款申请一直没人处理，什么服务态度！！！"},
	{ID: "q3", Text: "收到的包包明顯是假貨，和商品描述完全不符，商家還不承認。", Customer: triage.Customer{Name: "陈女士", Tier: "黄金"}},
	{ID: "q4", Text: "刚买完第二天就降价两百，差价也不给补，太坑了。"},
	{ID: "q5", Text: "孩子吃了你们的零食上吐下泻住院了，我已经打１２３１５投诉，还要找律师起诉你们！", Customer: triage.Customer{Name: "张女士", Tier: "铂金"}, Order: triage.Order{ID: "T8823"}},
	{ID: "q6", Text: "大家千万别在这家店买，我要发微博曝光，差评已经写好了。"},
}

func main() {
	eng, err := triage.Default()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	p := eng.Policy()
	fmt.Printf("policy %s (%s)\n\n", p.Name, p.Digest[:19])
	for _, c := range complaints {
		d, err := eng.Triage(context.Background(), c)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		print(c, d)
	}
}

func print(c triage.Complaint, d triage.Decision) {
	fmt.Printf("[%s] %s\n", c.ID, c.Text)
	fmt.Printf("  cause %s (%.2f)  severity %s (%.2f)  behaviour %s (%.2f)", d.Cause, d.Confidence.Cause, d.Severity, d.Confidence.Severity, d.Behaviour, d.Confidence.Behaviour)
	// Axes a policy declares beyond the seeds' three (the built-in
	// policy's demand) come after them in d.Axes.
	for _, a := range d.Axes[3:] {
		fmt.Printf("  %s %s", a.Name, a.Value)
	}
	if d.Review {
		fmt.Print("  → review by a person")
	}
	fmt.Println()
	fmt.Printf("  strategy %s: %s", d.Strategy.ID, d.Strategy.Title)
	if d.Strategy.RespondWithin != "" {
		fmt.Printf("  respond within %s", d.Strategy.RespondWithin)
	}
	if d.Strategy.ResolveWithin != "" {
		fmt.Printf(", resolve within %s", d.Strategy.ResolveWithin)
	}
	if d.Strategy.EscalateTo != "" {
		fmt.Printf(", escalate to %s", d.Strategy.EscalateTo)
	}
	fmt.Println()
	for i, s := range d.Strategy.Steps {
		fmt.Printf("    %d. %s\n", i+1, s)
	}
	if len(d.Strategy.Replies) > 0 {
		fmt.Printf("  reply: %s\n", d.Strategy.Replies[0])
	}
	var ev []string
	for _, e := range d.Evidence {
		var terms []string
		for _, t := range e.Terms {
			terms = append(terms, fmt.Sprintf("%q@%d", t.Text, t.RuneStart))
		}
		ev = append(ev, fmt.Sprintf("%s→%s=%s %s", e.Rule, e.Axis, e.Value, strings.Join(terms, ",")))
	}
	if len(ev) > 0 {
		fmt.Printf("  evidence: %s\n", strings.Join(ev, "; "))
	}
	fmt.Println()
}
