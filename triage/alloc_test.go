package triage_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tousu/tousu/triage"
)

// TestTriageIntoAllocs bounds the allocations of a TriageInto call that
// reuses its Decision: at most 2, plus 1 per when expression evaluated
// (expr fetches struct fields by reflection, which boxes each value; the
// rules with a when that fired or failed only on it bound that from
// above), plus 1 per reply rendered with placeholders (a string the caller
// keeps). The built-in policy's hot expressions read one field each.
func TestTriageIntoAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	eng := mustDefault()
	traced, err := triage.New(eng.Program(), triage.WithTrace())
	if err != nil {
		t.Fatal(err)
	}
	hasWhen := map[string]bool{}
	for _, r := range eng.Program().Rules() {
		hasWhen[r.ID] = r.When.Value != ""
	}
	ctx := context.Background()
	for name, text := range benchTexts {
		c := triage.Complaint{ID: "a", Text: text}
		if strings.HasSuffix(name, "300B") { // as a service sends it: deadlines and escalations too
			c = triage.Complaint{ID: "C-1", Text: text, Channel: "app", ReceivedAt: time.Date(2025, 3, 14, 10, 30, 0, 0, time.UTC),
				Customer: triage.Customer{Name: "王女士", Tier: "黄金", TimeZone: "Asia/Shanghai"}, Order: triage.Order{ID: "A1001", Amount: 299}}
		}
		var d triage.Decision
		if err := eng.TriageInto(ctx, c, &d); err != nil {
			t.Fatal(err)
		}
		td, err := traced.Triage(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		whens := 0
		for _, e := range td.Evidence {
			if hasWhen[e.Rule] {
				whens++
			}
		}
		for _, m := range td.Trace.NearMisses {
			if m.Reason == "when" {
				whens++
			}
		}
		if !c.ReceivedAt.IsZero() && (d.RespondBy == nil || len(d.Escalations) == 0) {
			t.Fatalf("%s: the full complaint should get deadlines and escalations", name)
		}
		replies := len(d.Strategy.Replies)
		limit := float64(2 + whens + replies)
		got := testing.AllocsPerRun(200, func() {
			if err := eng.TriageInto(ctx, c, &d); err != nil {
				t.Fatal(err)
			}
		})
		t.Logf("%s: %.0f allocs (limit %.0f: at most %d whens, %d replies)", name, got, limit, whens, replies)
		if got > limit {
			t.Errorf("%s: TriageInto allocated %.0f times, limit %.0f", name, got, limit)
		}
	}
}
