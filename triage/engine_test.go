package triage

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tousu/tousu/rules"
)

// semantics is a small policy whose votes are easy to count.
const semantics = `
version: 1
name: semantics
review: {min_confidence: 0.6}
lexicons:
  fake: [假货]
  slow: [太慢, 等了很久]
  money: [太贵, 差价]
rules:
  - id: integrity
    cause: integrity
    weight: 2
    match: {any: [$fake]}
  - id: service
    cause: service
    match: {any: [$slow]}
  - id: broken
    cause: product
    match: {any: [坏了]}
  - id: price
    cause: price
    weight: 2
    match: {any: [$money]}
  - id: price-b
    cause: price
    match: {all: [差价, 退]}
  - id: tier1-serious
    severity: serious
    priority: 1
    match: {any: [住院]}
  - id: general
    severity: general
    weight: 5
    match: {any: [太慢, 住院]}
  - id: loud
    behaviour: venting
    when: signals.exclamations >= 3
  - id: vip-only
    behaviour: extreme
    match: {any: [投诉]}
    when: customer.tier == "铂金"
    enabled: true
  - id: off
    behaviour: extreme
    match: {any: [假货]}
    enabled: false
  - id: blocked
    severity: serious
    count_negated: true
    match: {any: [假货], none: [不是假货]}
strategies:
  - id: vip
    when: customer.tier == "铂金" && severity == "serious"
    replies: ["{客户姓名}您好，订单{订单号}将在{处理时限}内处理，负责人{负责人}。"]
    resolve_within: 24h
    escalate_to: 客服经理
  - id: rest
    calendar: cn-mainland
    respond_within: 8h business
    resolve_within: 7d business
    replies: ["{客户姓名}您好，我们会在{回复时限}内回复，{处理时限}内处理完毕。"]
defaults: {cause: product, severity: general, behaviour: passive}
`

func newEngine(t *testing.T, src string, opts ...Option) *Engine {
	t.Helper()
	e, err := New(compileSrc(t, "semantics.yaml", src), opts...)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

type outcome struct {
	Cause, Severity, Behaviour string
	Confidence                 Confidence
	Defaulted                  Defaulted
	Review                     bool
	Strategy                   string
	Rules                      []string
}

func TestVoting(t *testing.T) {
	e := newEngine(t, semantics)
	tests := []struct {
		name string
		c    Complaint
		want outcome
	}{
		{"no votes: defaults, confidence 0, review", Complaint{Text: "你好"}, outcome{
			"product", "general", "passive", Confidence{}, Defaulted{true, true, true}, true, "rest", nil}},
		{"weight decides", Complaint{Text: "假货，而且物流太慢"}, outcome{
			"integrity", "general", "passive", Confidence{2.0 / 3, 5.0 / 6, 0}, Defaulted{false, false, true}, true, "rest",
			[]string{"integrity", "service", "general", "blocked"}}},
		{"more weight wins", Complaint{Text: "等了很久还有差价，要退款"}, outcome{
			"price", "general", "passive", Confidence{3.0 / 4, 0, 0}, Defaulted{false, true, true}, true, "rest",
			[]string{"service", "price", "price-b"}}},
		{"tie goes to the earliest-declared firing rule", Complaint{Text: "坏了，物流也太慢"}, outcome{
			"service", "general", "passive", Confidence{0.5, 1, 0}, Defaulted{false, false, true}, true, "rest",
			[]string{"service", "broken", "general"}}},
		{"higher tier wins over more weight", Complaint{Text: "吃了住院了"}, outcome{
			"product", "serious", "passive", Confidence{0, 1, 0}, Defaulted{true, false, true}, true, "rest",
			[]string{"tier1-serious", "general"}}},
		{"negated term does not count; none blocks; disabled never fires", Complaint{Text: "这不是假货"}, outcome{
			"product", "general", "passive", Confidence{}, Defaulted{true, true, true}, true, "rest", nil}},
		{"when on customer and signals; strategy sees axes", Complaint{Text: "我要投诉！！！吃了住院", Customer: Customer{Tier: "铂金"}}, outcome{
			"product", "serious", "venting", Confidence{0, 1, 0.5}, Defaulted{true, false, false}, true, "vip",
			[]string{"tier1-serious", "general", "loud", "vip-only"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := e.Triage(context.Background(), tt.c)
			if err != nil {
				t.Fatal(err)
			}
			got := outcome{string(d.Cause), string(d.Severity), string(d.Behaviour), d.Confidence, d.Defaulted, d.Review, d.Strategy.ID, nil}
			for _, ev := range d.Evidence {
				got.Rules = append(got.Rules, ev.Rule)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("decision mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestEvidenceSpans(t *testing.T) {
	e := newEngine(t, semantics)
	text := "收到的是假貨！物流太慢"
	d, err := e.Triage(context.Background(), Complaint{Text: text})
	if err != nil {
		t.Fatal(err)
	}
	got := d.Evidence[0].Terms
	want := []Term{{Term: "假货", Lexicon: "fake", Text: "假貨", Start: 12, End: 18, RuneStart: 4, RuneEnd: 6}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("evidence mismatch (-want +got):\n%s", diff)
	}
	for _, ev := range d.Evidence {
		for _, tm := range ev.Terms {
			if text[tm.Start:tm.End] != tm.Text || string([]rune(text)[tm.RuneStart:tm.RuneEnd]) != tm.Text {
				t.Errorf("span %+v does not point at %q", tm, tm.Text)
			}
		}
	}
}

func TestReplies(t *testing.T) {
	e := newEngine(t, semantics)
	tests := []struct {
		c    Complaint
		want []string
	}{
		{Complaint{Text: "吃了住院", Customer: Customer{Name: "王女士", Tier: "铂金"}, Order: Order{ID: "A1001"}},
			[]string{"王女士您好，订单A1001将在24小时内处理，负责人客服经理。"}},
		{Complaint{Text: "吃了住院", Customer: Customer{Tier: "铂金"}},
			[]string{"客户您好，订单相关订单将在24小时内处理，负责人客服经理。"}},
		{Complaint{Text: "你好"},
			[]string{"客户您好，我们会在8小时（工作时间）内回复，7个工作日内处理完毕。"}},
	}
	for _, tt := range tests {
		d, err := e.Triage(context.Background(), tt.c)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tt.want, d.Strategy.Replies); diff != "" {
			t.Errorf("replies mismatch (-want +got):\n%s", diff)
		}
	}
}

func TestTruncation(t *testing.T) {
	e := newEngine(t, semantics, WithMaxTextBytes(10))
	// 假货 starts at byte 9: the 10-byte prefix cuts inside 假 and must
	// back up to a rune boundary, so nothing matches.
	d, err := e.Triage(context.Background(), Complaint{Text: "一二三假货"})
	if err != nil {
		t.Fatal(err)
	}
	if !d.Signals.Truncated || d.Signals.Length != 3 || len(d.Evidence) != 0 {
		t.Errorf("got truncated=%v length=%d evidence=%v", d.Signals.Truncated, d.Signals.Length, d.Evidence)
	}
	if _, err := New(e.Program(), WithMaxTextBytes(0)); err == nil || !strings.Contains(err.Error(), "must be positive") {
		t.Errorf("WithMaxTextBytes(0): got %v", err)
	}
}

func TestCanceledContext(t *testing.T) {
	e := newEngine(t, semantics)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := e.Triage(ctx, Complaint{Text: "假货"}); err != context.Canceled {
		t.Errorf("got %v, want context.Canceled", err)
	}
}

// TestBuiltinExamples checks every inline example of the built-in policy:
// lint reports a failing one as a TS018 error.
func TestBuiltinExamples(t *testing.T) {
	n := 0
	for _, r := range defaultEngine().Program().Rules() {
		n += len(r.Examples.Match) + len(r.Examples.NoMatch)
	}
	if n == 0 {
		t.Error("the built-in policy has no inline examples")
	}
	for _, e := range rules.Lint(BuiltinPolicy()) {
		if !e.Warning {
			t.Error(e)
		}
	}
}
