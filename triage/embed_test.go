package triage_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tousu/tousu/rules"
	"github.com/tousu/tousu/triage"
)

const policyA = "version: 1\nname: a\nrules:\n  - id: fake\n    cause: integrity\n    match: {any: [假货]}\nstrategies:\n  - id: all\n"
const policyB = "version: 1\nname: b\nrules:\n  - id: slow\n    cause: service\n    match: {any: [太慢]}\nstrategies:\n  - id: all\n"
const broken = "version: 1\nname: broken\nrules:\n  - id: x\n    cause: nope\n    match: {any: [$missing]}\nstrategies:\n  - id: all\n"

func TestReloaderKeepsLastGoodPolicy(t *testing.T) {
	var mu sync.Mutex
	src := policyA
	r, err := triage.NewReloader(func() (*rules.Program, error) {
		mu.Lock()
		defer mu.Unlock()
		return compileBytes("p.yaml", []byte(src))
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	d, err := r.Triage(ctx, triage.Complaint{Text: "假货"})
	if err != nil {
		t.Fatal(err)
	}
	digestA := d.Policy.Digest
	if d.Policy.Name != "a" || d.Cause != "integrity" {
		t.Fatalf("policy a: %+v", d)
	}
	mu.Lock()
	src = broken
	mu.Unlock()
	err = r.Reload(context.Background())
	var es rules.Errors
	if !errors.As(err, &es) || len(es) != 2 || es[0].Error() != `p.yaml:5:12: rule "x": unknown cause "nope" (want one of product, service, price, integrity)` {
		t.Fatalf("broken reload: %v", err)
	}
	if d, err := r.Triage(ctx, triage.Complaint{Text: "假货"}); err != nil || d.Policy.Digest != digestA {
		t.Errorf("after a failed reload the policy changed to %q (%v)", d.Policy.Name, err)
	}
	mu.Lock()
	src = policyB
	mu.Unlock()
	if err := r.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	if d, err := r.Triage(ctx, triage.Complaint{Text: "太慢"}); err != nil || d.Policy.Name != "b" || d.Cause != "service" {
		t.Errorf("policy b: %+v, %v", d, err)
	}
}

func TestDecisionLogAndMetrics(t *testing.T) {
	set, err := compileBytes("p.yaml", []byte(policyA))
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var recs []triage.DecisionRecord
	logf := func(_ context.Context, r triage.DecisionRecord) { mu.Lock(); recs = append(recs, r); mu.Unlock() }
	var counters triage.Counters
	for _, withText := range []bool{false, true} {
		recs = nil
		eng, err := triage.New(set, triage.WithDecisionLog(logf, withText), triage.WithMetrics(&counters))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := eng.Triage(context.Background(), triage.Complaint{ID: "c1", Text: "假货！电话13812345678"}); err != nil {
			t.Fatal(err)
		}
		r := recs[0]
		wantText := ""
		if withText {
			wantText = "假货！电话[手机号****5678]"
		}
		if r.ID != "c1" || r.PolicyDigest != set.Digest() || r.Cause != "integrity" || !cmp.Equal(r.Rules, []string{"fake"}) || r.Text != wantText || r.Time.IsZero() {
			t.Errorf("record %+v", r)
		}
	}
	got := counters.Snapshot()
	want := map[string]int64{"rule/fake": 2, "cause/integrity": 2, "severity/general": 2, "behaviour/passive": 2}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("counters (-want +got):\n%s", diff)
	}
	var b strings.Builder
	eng, err := triage.New(set, triage.WithLogger(slog.New(slog.NewJSONHandler(&b, nil)), false))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := eng.Triage(context.Background(), triage.Complaint{ID: "c2", Text: "假货"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"msg":"triage.decision","decision":{"id":"c2"`) || strings.Contains(b.String(), `"text"`) {
		t.Errorf("slog output %s", b.String())
	}
}

func TestHookPanicFailsOneComplaint(t *testing.T) {
	set, _ := compileBytes("p.yaml", []byte(policyA))
	eng, err := triage.New(set, triage.WithDecisionLog(func(_ context.Context, r triage.DecisionRecord) {
		if r.ID == "bad" {
			panic("log sink down")
		}
	}, false))
	if err != nil {
		t.Fatal(err)
	}
	res := eng.TriageBatch(context.Background(), []triage.Complaint{{ID: "ok1", Text: "假货"}, {ID: "bad", Text: "假货"}, {ID: "ok2", Text: "好"}}, 2)
	if res[0].Err != nil || res[2].Err != nil || res[0].Decision.ID != "ok1" || res[2].Decision.ID != "ok2" {
		t.Errorf("good complaints: %+v %+v", res[0], res[2])
	}
	if res[1].Err == nil || res[1].Err.Error() != `triage: complaint "bad": panic: log sink down` {
		t.Errorf("bad complaint: %v", res[1].Err)
	}
}

func TestTriageBatch(t *testing.T) {
	eng := mustDefault()
	var cs []triage.Complaint
	for i := 0; i < 200; i++ {
		text := "物流太慢了"
		if i%3 == 0 {
			text = "买到假货"
		}
		cs = append(cs, triage.Complaint{ID: string(rune('a' + i%26)), Text: text})
	}
	res := eng.TriageBatch(context.Background(), cs, 0)
	for i, r := range res {
		want := "service"
		if i%3 == 0 {
			want = "integrity"
		}
		if r.Err != nil || r.Decision.Cause != want || r.Decision.ID != cs[i].ID {
			t.Fatalf("item %d: %+v", i, r)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, r := range eng.TriageBatch(ctx, cs[:5], 2) {
		if !errors.Is(r.Err, context.Canceled) {
			t.Errorf("cancelled batch: %v", r.Err)
		}
	}
}
