package rules

import (
	"strings"
	"testing"
)

// TestLogic checks the three-valued evaluation of strategy expressions:
// constant folding, intervals on one field, text and axis values.
func TestLogic(t *testing.T) {
	tests := []struct {
		when string
		want tri
	}{
		{`order.amount > 100 && order.amount < 50`, no},
		{`order.amount > 100 && order.amount < 150`, unknown},
		{`order.amount >= 100 && order.amount <= 100`, unknown},
		{`order.amount > 100 && order.amount <= 100`, no},
		{`100 < order.amount && order.amount < 100`, no},
		{`length > 3 || length <= 3`, yes},
		{`length > 3 || length < 3`, unknown},
		{`!(length > 3) && length > 5`, no},
		{`not (length >= 3 and length < 3)`, yes},
		{`order.amount == 5 && order.amount != 5`, no},
		{`order.status == "paid" && order.status == "refunded"`, no},
		{`order.status in ["paid", "sent"] && order.status not in ["paid", "sent"]`, no},
		{`signals.shouting && !signals.shouting`, no},
		{`signals.shouting || !signals.shouting`, yes},
		{`cause == "price" && cause == "service"`, no},
		{`severity == "general" || severity == "serious"`, yes},
		{`severity in ["general", "serious"]`, yes},
		{`severity != "general" && severity != "serious"`, no},
		{`cause == "price" && length > 3`, unknown},
		{`text contains "退" && length > 3 && length < 2`, no},
		{`length < 0`, no},
		{`length >= 0`, yes},
		{`signals.exclamations > -1`, yes},
		{`customer.prior_complaints >= 0`, unknown}, // given by the caller: may be anything
		{`false`, no},
		{`1 > 2`, no},
	}
	for _, tt := range tests {
		t.Run(tt.when, func(t *testing.T) {
			p := mustCompile(t, "p.yaml", "version: 1\nstrategies:\n  - id: s\n    when: '"+tt.when+"'\n  - id: all\n")
			st := p.strategies[0]
			got := yes
			if st.program != nil {
				got = logic{axes: p.axes}.eval(st.program.Node(), nil)
			}
			if got != tt.want {
				t.Errorf("got %d, want %d", got, tt.want)
			}
		})
	}
}

// TestUnreachableStrategies checks which strategy hides which.
func TestUnreachableStrategies(t *testing.T) {
	tests := []struct {
		name       string
		strategies string
		want       []string
	}{
		{"broader first", `
  - {id: a, when: 'severity == "serious"'}
  - {id: b, when: 'severity == "serious" && behaviour == "extreme"'}`,
			[]string{`strategy "b": can never be chosen: strategy "a" before it holds whenever this one does`}},
		{"narrower first", `
  - {id: a, when: 'severity == "serious" && behaviour == "extreme"'}
  - {id: b, when: 'severity == "serious"'}`, nil},
		{"covered by two", `
  - {id: a, when: 'severity == "serious"'}
  - {id: b, when: 'severity == "general"'}
  - {id: c, when: 'behaviour == "extreme"'}`,
			[]string{`strategy "c": can never be chosen: strategies "a", "b" before it hold whenever this one does`}},
		{"other conditions left open", `
  - {id: a, when: 'severity == "serious" && customer.tier == "铂金"'}
  - {id: b, when: 'severity == "serious"'}`, nil},
		{"same other condition", `
  - {id: a, when: 'customer.tier == "铂金"'}
  - {id: b, when: 'customer.tier == "铂金" && severity == "serious"'}`,
			[]string{`strategy "b": can never be chosen: strategy "a" before it holds whenever this one does`}},
		{"contradiction", `
  - {id: a, when: 'customer.tier == "铂金"'}
  - {id: b, when: 'cause == "price" && cause == "service"'}`,
			[]string{`strategy "b": when never holds (cause == "price" && cause == "service"): the strategy can never be chosen`}},
		{"same when written differently", `
  - {id: a, when: 'customer.tier == "铂金"'}
  - {id: b, when: 'customer.tier  ==  "铂金"'}`,
			[]string{`strategy "b": can never be chosen: strategy "a" before it has the same when`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "version: 1\nstrategies:" + tt.strategies + "\n  - id: all\n"
			var got []string
			for _, d := range lintSrc("p.yaml", []byte(src)) {
				_, msg, _ := strings.Cut(d.Error(), ": ")
				got = append(got, msg)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("got  %s\nwant %s", got[i], tt.want[i])
				}
			}
		})
	}
}
