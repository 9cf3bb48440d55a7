package triage

import (
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
		b.WriteString(placeholder(name, s, &c)) // unknown names come back as written
		tmpl = tmpl[i+j+1:]
	}
	b.WriteString(tmpl)
	return b.String()
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
			if got := compileReply(tmpl).render(s, &c); got != want {
				t.Errorf("compiled %q for %+v = %q, want %q", tmpl, c, got, want)
			}
		}
	}
	// Every reply of the built-in policy, through the engine's own table.
	e := defaultEngine()
	c := complaints[1]
	for si, st := range e.Program().Strategies() {
		for i, tmpl := range st.Replies {
			if got, want := e.replies[si][i].render(st, &c), referenceReply(tmpl.Value, st, c); got != want {
				t.Errorf("strategy %q reply %d = %q, want %q", st.ID, i, got, want)
			}
		}
	}
}
