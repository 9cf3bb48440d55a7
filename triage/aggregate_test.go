package triage_test

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/tousu/tousu/triage"
)

// aggregatePolicy has three generic product rules of weight 1 and one
// specific integrity rule of weight 2; the cause axis's aggregation is
// filled in per case.
const aggregatePolicy = `version: 1
axes:
  cause: {%s}
  surface: {values: [web, app], %s}
rules:
  - id: broken
    cause: product
    match: {any: [坏了]}
  - id: scratched
    cause: product
    match: {any: [划痕]}
  - id: noisy
    cause: product
    match: {any: [噪音]}
  - id: fake
    cause: integrity
    weight: 2
    match: {any: [假货]}
  - id: web1
    vote: {surface: web}
    match: {any: [网页]}
  - id: web2
    vote: {surface: web}
    match: {any: [网站]}
  - id: app
    vote: {surface: app}
    weight: 1.5
    match: {any: [APP]}
strategies:
  - id: all
`

// TestAggregate: each aggregation mode on a seed axis and on a declared
// one, with the confidence it yields.
func TestAggregate(t *testing.T) {
	const text = "收到就坏了，有划痕，噪音大，怀疑是假货。网页和网站都下不了单，APP也不行"
	tests := []struct {
		name, cause, channel string
		wantCause            string
		causeConf            float64
		wantChannel          string
		channelConf          float64
	}{
		// sum (today's meaning): 3 product votes outvote one integrity rule of weight 2.
		{"default", "", "", "product", 3.0 / 5, "web", 2 / 3.5},
		{"sum", "aggregate: sum", "aggregate: sum", "product", 3.0 / 5, "web", 2 / 3.5},
		// max: the heaviest rule per value; integrity 2 beats product 1.
		{"max", "aggregate: max", "aggregate: max", "integrity", 2.0 / 3, "app", 1.5 / 2.5},
		// cap 2: product's 3 is capped at 2, a tie with integrity that the
		// earliest-declared rule (broken, product) wins; on surface both
		// web's 2 and app's 1.5 are capped at 1, and web's rule comes first.
		{"cap", "cap: 2", "cap: 1", "product", 2.0 / 4, "web", 1.0 / 2},
		// cap 1.5 on cause: integrity's 2 is capped too.
		{"cap-both", "cap: 1.5", "cap: 5", "product", 1.5 / 3, "web", 2 / 3.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(strings.Replace(aggregatePolicy, "%s", tt.cause, 1), "%s", tt.channel, 1)
			eng := mustEngine(t, "agg.yaml", []byte(src), triage.WithTrace())
			d, err := eng.Triage(context.Background(), triage.Complaint{ID: "1", Text: text})
			if err != nil {
				t.Fatal(err)
			}
			if d.Cause != tt.wantCause || math.Abs(d.Confidence.Cause-tt.causeConf) > 1e-9 {
				t.Errorf("cause %s (%.3f), want %s (%.3f)", d.Cause, d.Confidence.Cause, tt.wantCause, tt.causeConf)
			}
			ch := d.Axes[3]
			if ch.Value != tt.wantChannel || math.Abs(ch.Confidence-tt.channelConf) > 1e-9 {
				t.Errorf("channel %s (%.3f), want %s (%.3f)", ch.Value, ch.Confidence, tt.wantChannel, tt.channelConf)
			}
			// The trace shows the aggregated weights that decided.
			for _, v := range d.Trace.Votes {
				if v.Axis != "cause" {
					continue
				}
				if got := v.Weights[d.Cause] / (v.Weights["product"] + v.Weights["integrity"]); math.Abs(got-tt.causeConf) > 1e-9 {
					t.Errorf("trace weights %v do not give the confidence %.3f", v.Weights, tt.causeConf)
				}
			}
		})
	}
}

// TestAggregateErrors: every mistake in an aggregation is reported at its
// position, all at once.
func TestAggregateErrors(t *testing.T) {
	src := `version: 1
axes:
  cause: {aggregate: mean}
  severity: {cap: 0}
  surface: {values: [web, app], aggregate: max, cap: 2}
rules:
  - id: r
    cause: product
    match: {any: [坏了]}
strategies:
  - id: all
`
	_, err := compileBytes("bad.yaml", []byte(src))
	if err == nil {
		t.Fatal("compiled")
	}
	for _, want := range []string{
		`bad.yaml:3:22: axis "cause": aggregate must be sum or max, not "mean" (for a capped sum write cap: N)`,
		`bad.yaml:4:19: axis "severity": cap must be a number above 0 and at most 1e+06, not 0`,
		`bad.yaml:5:54: axis "surface": cap applies to a sum: with aggregate: max there is nothing to cap`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("missing %s in\n%v", want, err)
		}
	}
}

// TestExcludeModalityExplain: a rule whose exclude_modality left out every
// occurrence says so in the trace, naming the key it has.
func TestExcludeModalityExplain(t *testing.T) {
	src := []byte("version: 1\nrules:\n  - id: harm\n    severity: serious\n    exclude_modality: [hypothetical]\n    match: {any: [拉肚子]}\n  - id: harm-asserted\n    severity: serious\n    asserted_only: true\n    match: {any: [拉肚子]}\nstrategies:\n  - id: all\n")
	eng := mustEngine(t, "p.yaml", src, triage.WithTrace())
	d, err := eng.Triage(context.Background(), triage.Complaint{Text: "怕拉肚子没吃"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range d.Trace.NearMisses {
		got = append(got, m.String())
	}
	want := []string{
		"harm (severity=serious): its terms occurred only as a supposition (怕), which its exclude_modality does not count",
		"harm-asserted (severity=serious): its terms occurred only as a supposition (怕), and it counts asserted occurrences only",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("near misses (-want +got):\n%s", diff)
	}
}
