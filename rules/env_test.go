package rules

import (
	"slices"
	"testing"
	"time"

	"github.com/tousu/tousu/classify"
)

// TestFoldedReceivedFired: expressions read the folded text, the time the
// complaint was received in the policy's zone, and (in strategies) the
// ids and tags of the rules that fired.
func TestFoldedReceivedFired(t *testing.T) {
	prog := mustCompile(t, "p.yaml", `version: 1
time_zone: Asia/Shanghai
rules:
  - id: return
    cause: service
    tags: [logistics]
    when: folded contains "退货"
  - id: night
    severity: serious
    when: received.hour >= 22 || received.hour >= 0 && received.hour < 6
  - id: weekend
    behaviour: venting
    when: received.weekday == 0 || received.weekday == 6
strategies:
  - id: logistics
    when: '"logistics" in tags && "return" in fired'
  - id: all
`)
	if !prog.needsFolded || !prog.needsReceived || !prog.needsFired || prog.memoOK {
		t.Fatalf("needs folded %v received %v fired %v, memo %v", prog.needsFolded, prog.needsReceived, prog.needsFired, prog.memoOK)
	}
	eval := func(text string, at time.Time) ([]string, int) {
		sig := classify.ComputeSignals(text)
		env := &StrategyEnv{Env: Env{Text: text, Signals: &sig, Customer: &Customer{}, Order: &Order{}, ReceivedAt: at}}
		var out Evaluation
		if err := prog.Evaluate(&env.Env, &out); err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, f := range out.Fired {
			ids = append(ids, f.Rule.ID)
		}
		env.Axes = []string{"product", "general", "passive"}
		si, err := prog.ChooseStrategy(env, &out, nil)
		if err != nil {
			t.Fatal(err)
		}
		return ids, si
	}
	// 23:30 UTC on a Friday is 07:30 on Saturday in Shanghai.
	ids, si := eval("我要退貨", time.Date(2025, 3, 14, 23, 30, 0, 0, time.UTC))
	if !slices.Equal(ids, []string{"return", "weekend"}) || si != 0 {
		t.Errorf("traditional text on a Saturday morning: fired %v, strategy %d", ids, si)
	}
	ids, si = eval("我要退款", time.Date(2025, 3, 17, 15, 0, 0, 0, time.UTC)) // 23:00 Monday in Shanghai
	if !slices.Equal(ids, []string{"night"}) || si != 1 {
		t.Errorf("a Monday night: fired %v, strategy %d", ids, si)
	}
	if ids, _ := eval("退货", time.Time{}); !slices.Equal(ids, []string{"return"}) {
		t.Errorf("no receipt time: fired %v", ids)
	}
	if _, err := parseCompile("p.yaml", []byte("version: 1\ntime_zone: Mars/Olympus\nstrategies:\n  - id: all\n")); err == nil || err.Error() != `p.yaml:2:12: time_zone: unknown time zone "Mars/Olympus" (an IANA name such as Asia/Shanghai)` {
		t.Errorf("unknown zone: %v", err)
	}
}
