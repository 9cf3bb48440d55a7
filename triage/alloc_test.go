package triage_test

import (
	"bufio"
	"context"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
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
// Triage, with a fresh Decision, may allocate once more for a short
// complaint: the storage of the decision's slices.
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
		// A fresh Decision of a short complaint (a few rules and terms)
		// gets its slices in one allocation.
		if strings.HasSuffix(name, "100B") {
			got := testing.AllocsPerRun(200, func() {
				if _, err := eng.Triage(ctx, c); err != nil {
					t.Fatal(err)
				}
			})
			if got > limit+1 {
				t.Errorf("%s: Triage allocated %.0f times, limit %.0f", name, got, limit+1)
			}
		}
	}
}

// TestTriageIntoReuse triages complaints of every size in turn into one
// reused Decision, small after big and big after small, with and without
// deadlines, and checks each against a fresh Triage: reusing the storage
// (a decision's evidence, terms, axes and replies share one allocation
// when fresh) never changes a decision. A decision Triage returned stays
// as it was after later calls.
func TestTriageIntoReuse(t *testing.T) {
	eng, err := triage.New(mustDefault().Program(), triage.WithTrace())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var cs []triage.Complaint
	f, err := os.Open(filepath.Join("..", "testdata", "golden", "complaints.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var c triage.Complaint
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatal(err)
		}
		cs = append(cs, c)
	}
	names := slices.Sorted(maps.Keys(benchTexts))
	for i, name := range names {
		c := triage.Complaint{ID: name, Text: benchTexts[name]}
		if i%2 == 0 {
			c.ReceivedAt = time.Date(2025, 3, 14, 10, 30, 0, 0, time.UTC)
			c.Customer.Name = "王女士"
		}
		cs = append(cs, c, triage.Complaint{Text: ""})
	}
	back := slices.Clone(cs)
	slices.Reverse(back)
	cs = append(cs, back...)
	encode := func(d triage.Decision) string {
		b, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	var first triage.Decision
	var firstJSON string
	var d triage.Decision
	for i, c := range cs {
		fresh, err := eng.Triage(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first, firstJSON = fresh, encode(fresh)
		}
		if err := eng.TriageInto(ctx, c, &d); err != nil {
			t.Fatal(err)
		}
		if got, want := encode(d), encode(fresh); got != want {
			t.Fatalf("complaint %d (%s): reused decision\n%s\nwant\n%s", i, c.ID, got, want)
		}
	}
	if got := encode(first); got != firstJSON {
		t.Errorf("the first decision changed after later calls:\n%s\nwas\n%s", got, firstJSON)
	}
}
