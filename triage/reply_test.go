package triage

import (
	"context"
	"strings"
	"testing"

	"github.com/tousu/tousu/rules"
)

// referenceReply is the straightforward renderer the compiled templates
// must agree with: scan for {, then }, substitute known names.
func referenceReply(tmpl string, s *rules.Strategy, c Complaint) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(tmpl, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(tmpl[i:], '}')
		if j < 0 {
			break
		}
		b.WriteString(tmpl[:i])
		name := tmpl[i+1 : i+j]
		b.WriteString(referencePlaceholder(name, s, &c)) // unknown names come back as written
		tmpl = tmpl[i+j+1:]
	}
	b.WriteString(tmpl)
	return b.String()
}

// referencePlaceholder is the value of a built-in placeholder, written out
// by hand: a neutral word when the value is missing.
func referencePlaceholder(name string, s *rules.Strategy, c *Complaint) string {
	pick := func(v, fallback string) string {
		if strings.TrimSpace(v) == "" {
			return fallback
		}
		return v
	}
	switch name {
	case "客户姓名":
		return pick(c.Customer.Name, "客户")
	case "订单号":
		return pick(c.Order.ID, "相关订单")
	case "投诉编号":
		return pick(c.ID, "本次投诉")
	case "回复时限":
		return pick(s.RespondWithin.Chinese, "尽快")
	case "处理时限":
		return pick(s.ResolveWithin.Chinese, "尽快")
	case "负责人":
		return pick(s.EscalateTo, "专属客服")
	}
	return "{" + name + "}"
}

func TestCompiledReplies(t *testing.T) {
	s := &rules.Strategy{EscalateTo: "客服主管",
		RespondWithin: rules.Window{Chinese: "2小时"}, ResolveWithin: rules.Window{Chinese: "  "}}
	complaints := []Complaint{
		{},
		{ID: "C-1", Customer: Customer{Name: "王女士"}, Order: Order{ID: "  "}},
		{ID: "C-2", Customer: Customer{Name: "{客户姓名}"}, Order: Order{ID: "8848"}},
	}
	tmpls := []string{
		"", "没有占位符。", "{客户姓名}", "{客户姓名}{客户姓名}", "您好，{客户姓名}：订单{订单号}（{投诉编号}）将于{回复时限}内回复，{处理时限}内处理，负责人{负责人}。",
		"{未知}", "{}", "{", "}", "a{b", "}{客户姓名}{", "{{客户姓名}}", "{客户姓名", "{订单号}}{", "尾部{负责人}",
	}
	for _, c := range complaints {
		for _, tmpl := range tmpls {
			want := referenceReply(tmpl, s, c)
			compiled := compileReply(tmpl, defaultEngine().Program().Placeholders())
			if got := compiled.render(s, &c); got != want {
				t.Errorf("compiled %q for %+v = %q, want %q", tmpl, c, got, want)
			}
			// Bound to the strategy, as the engine keeps it.
			if got := compiled.bind(s).render(s, &c); got != want {
				t.Errorf("bound %q for %+v = %q, want %q", tmpl, c, got, want)
			}
		}
	}
	// Every reply of the built-in policy, through the engine's own table.
	e := defaultEngine()
	for _, c := range complaints {
		for si, st := range e.Program().Strategies() {
			for i, tmpl := range st.Replies {
				if got, want := e.replies[si][i].render(st, &c), referenceReply(tmpl.Value, st, c); got != want {
					t.Errorf("strategy %q reply %d = %q, want %q", st.ID, i, got, want)
				}
			}
		}
	}
}

// TestDeclaredPlaceholders: a policy declares placeholders filled from
// attributes, the customer or the order, with fallback words; unknown
// sources and missing fallbacks are positioned errors.
func TestDeclaredPlaceholders(t *testing.T) {
	prog := compileSrc(t, "tel.yaml", `version: 1
placeholders:
  手机号: {from: attributes.phone, fallback: 您的手机}
  套餐: {from: attributes.plan, fallback: 您的套餐}
  金额: {from: order.amount, fallback: 相关金额}
strategies:
  - id: all
    replies: ["{客户姓名}您好，{手机号}的{套餐}扣费{金额}元，我们核实后回复。"]
`)
	e, err := New(prog)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		c    Complaint
		want string
	}{
		{Complaint{Text: "乱扣费", Customer: Customer{Name: "李先生"}, Order: Order{Amount: 58.5}, Attributes: map[string]string{"phone": "138****5678", "plan": "畅享套餐"}},
			"李先生您好，138****5678的畅享套餐扣费58.5元，我们核实后回复。"},
		{Complaint{Text: "乱扣费"}, "客户您好，您的手机的您的套餐扣费相关金额元，我们核实后回复。"},
	} {
		d, err := e.Triage(context.Background(), tt.c)
		if err != nil {
			t.Fatal(err)
		}
		if d.Strategy.Replies[0] != tt.want {
			t.Errorf("got %s\nwant %s", d.Strategy.Replies[0], tt.want)
		}
	}
	for src, want := range map[string]string{
		"version: 1\nplaceholders:\n  手机号: {from: attributes.phone}\nstrategies:\n  - id: all\n":               `p.yaml:3:3: placeholder "手机号": a placeholder needs a fallback word, so that a reply never shows a gap`,
		"version: 1\nplaceholders:\n  手机号: {from: customer.phone, fallback: 您的手机}\nstrategies:\n  - id: all\n": `p.yaml:3:3: placeholder "手机号": from: unknown field "customer.phone" (want attributes.KEY or one of id, channel, customer.name, customer.tier, customer.prior_complaints, order.id, order.amount, order.currency, order.status, strategy.respond_within, strategy.resolve_within, strategy.escalate_to)`,
		"version: 1\nplaceholders:\n  客户姓名: {from: attributes.name, fallback: 您}\nstrategies:\n  - id: all\n":  `p.yaml:3:3: placeholder "客户姓名": declared twice, or the name of a built-in placeholder`,
		"version: 1\nstrategies:\n  - id: all\n    replies: [\"{工单号}\"]\n":                                     `p.yaml:4:16: strategy "all": reply: unknown placeholder {工单号} (did you mean {订单号}?) (known: {客户姓名} {订单号} {投诉编号} {回复时限} {处理时限} {负责人})`,
	} {
		p, err := rules.Parse("p.yaml", []byte(src))
		if err == nil {
			_, err = rules.Compile(p)
		}
		if err == nil || err.Error() != want {
			t.Errorf("got %v\nwant %s", err, want)
		}
	}
}
