package triage_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tousu/tousu/rules"
	"github.com/tousu/tousu/triage"
	"github.com/tousu/tousu/triage/triagetest"
)

// declaredAxis adds an axis in YAML alone: no Go knows channel_risk. It is
// testdata/declared-axis.yaml, which the decision-schema test reads too.
var declaredAxis = func() string {
	b, err := os.ReadFile("testdata/declared-axis.yaml")
	if err != nil {
		panic(err)
	}
	return string(b)
}()

// TestDeclaredAxis: an axis declared in YAML is voted, explained, used by a
// strategy, logged, counted and checked by case files, with no Go change
// (triagectl's TestDeclaredAxisTools diffs and evaluates it).
func TestDeclaredAxis(t *testing.T) {
	prog, err := compileBytes("risk.yaml", []byte(declaredAxis))
	if err != nil {
		t.Fatal(err)
	}
	var counters triage.Counters
	var logged []triage.DecisionRecord
	eng, err := triage.New(prog, triage.WithTrace(), triage.WithMetrics(&counters),
		triage.WithDecisionLog(func(_ context.Context, r triage.DecisionRecord) { logged = append(logged, r) }, false))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	d, err := eng.Triage(ctx, triage.Complaint{ID: "1", Text: "买到假货，我要去微博曝光"})
	if err != nil {
		t.Fatal(err)
	}
	// Voted, and the strategy read it.
	risk, ok := d.Axes.Get("channel_risk")
	if !ok || risk.Value != "high" || risk.Confidence != 1 || risk.Defaulted || d.Strategy.ID != "pr" {
		t.Errorf("decision: %+v, strategy %s", d.Axes, d.Strategy.ID)
	}
	// Explained.
	var explained bool
	for _, v := range d.Trace.Votes {
		explained = explained || v.Axis == "channel_risk" && v.Weights["high"] == 1
	}
	if !explained {
		t.Errorf("trace votes %+v lack channel_risk", d.Trace.Votes)
	}
	// In the JSON, beside the seeds' three.
	b, _ := json.Marshal(d)
	if !strings.Contains(string(b), `"axes":{"cause":{"value":"integrity","confidence":1,"defaulted":false},"severity":`) ||
		!strings.Contains(string(b), `"channel_risk":{"value":"high","confidence":1,"defaulted":false}}`) {
		t.Errorf("JSON: %s", b)
	}
	var back triage.Decision
	if err := json.Unmarshal(b, &back); err != nil || len(back.Axes) != 4 || back.Axes[3] != risk {
		t.Errorf("JSON round trip: %+v, %v", back.Axes, err)
	}
	// Logged and counted.
	if len(logged) != 1 || len(logged[0].Axes) != 4 || logged[0].Axes[3].Value != "high" {
		t.Errorf("decision log: %+v", logged)
	}
	if got := counters.Snapshot()["channel_risk/high"]; got != 1 {
		t.Errorf("counter channel_risk/high = %d; all %v", got, counters.Snapshot())
	}
	// Defaulted without review, as declared.
	d, err = eng.Triage(ctx, triage.Complaint{ID: "2", Text: "买到假货"})
	if err != nil {
		t.Fatal(err)
	}
	if risk, _ := d.Axes.Get("channel_risk"); risk.Value != "low" || !risk.Defaulted || d.Strategy.ID != "all" {
		t.Errorf("defaulted: %+v", d.Axes)
	}
	// Checked by case files.
	dir := t.TempDir()
	cases := "- name: 曝光\n  complaint: {text: 假货要去微博曝光}\n  want: {cause: integrity, channel_risk: high, strategy: pr}\n" +
		"- name: 不曝光\n  complaint: {text: 假货}\n  want: {channel_risk: high}\n"
	if err := os.WriteFile(filepath.Join(dir, "c.yaml"), []byte(cases), 0o644); err != nil {
		t.Fatal(err)
	}
	loaded, err := triagetest.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	cr, err := triagetest.RunCases(eng, loaded)
	if err != nil {
		t.Fatal(err)
	}
	if f := cr.Failed(); len(f) != 1 || f[0].Case.Name != "不曝光" || f[0].Diff != "channel_risk: want high, got low" {
		t.Errorf("cases: %+v", f)
	}
}

// TestDeclaredAxisErrors: hostile declarations are positioned errors.
func TestDeclaredAxisErrors(t *testing.T) {
	var vals []string
	for i := range 5000 {
		vals = append(vals, fmt.Sprintf("v%d", i))
	}
	many := "version: 1\naxes:\n  risk: {values: [" + strings.Join(vals, ", ") + "]}\nstrategies:\n  - id: s\n"
	tests := []struct{ name, src, want string }{
		{"thousands of values", many, `p.yaml:3:18: axis "risk": 5000 values, more than the limit of 64`},
		{"duplicate values", "version: 1\naxes:\n  risk: [low, low]\nstrategies:\n  - id: s\n", `p.yaml:3:3: axis "risk": value "low" given twice or empty`},
		{"named like a field", "version: 1\naxes:\n  evidence: [a, b]\nstrategies:\n  - id: s\n", `p.yaml:3:3: axis "evidence": an axis name must be a word of letters, digits and _ that is not a rule key, an expression name or a decision field`},
		{"named like a rule key", "version: 1\naxes:\n  when: [a, b]\nstrategies:\n  - id: s\n", `p.yaml:3:3: axis "when": an axis name must be a word of letters, digits and _ that is not a rule key, an expression name or a decision field`},
		{"redefining a seed axis", "version: 1\naxes:\n  cause: [a, b]\nstrategies:\n  - id: s\n", `p.yaml:3:3: axis "cause": the cause axis is the seeds' taxonomy and cannot be redefined (its values are product, service, price, integrity)`},
		{"undeclared value in a rule", "version: 1\naxes:\n  risk: [low, high]\nrules:\n  - id: r\n    vote: {risk: medium}\n    match: {any: [贵]}\nstrategies:\n  - id: s\n", `p.yaml:6:18: rule "r": unknown risk "medium" (want one of low, high)`},
		{"min_confidence out of range", "version: 1\naxes:\n  risk: {values: [low, high], min_confidence: 2}\nstrategies:\n  - id: s\n", `p.yaml:3:47: axis "risk": min_confidence must be between 0 and 1, not 2`},
		{"min_confidence NaN", "version: 1\naxes:\n  cause: {min_confidence: !!float nan}\nstrategies:\n  - id: s\n", `p.yaml:3:27: axis "cause": min_confidence must be between 0 and 1, not NaN`},
		{"min_confidence not a number", "version: 1\naxes:\n  behaviour: {min_confidence: high}\nstrategies:\n  - id: s\n", `p.yaml:3:31: axis "behaviour": min_confidence must be a number, not the text "high"`},
		{"distinct_terms out of range", "version: 1\naxes:\n  cause: {distinct_terms: 0}\nstrategies:\n  - id: s\n", `p.yaml:3:27: axis "cause": distinct_terms must be a whole number from 1 to 16, not 0`},
		{"distinct_terms not whole", "version: 1\naxes:\n  cause: {distinct_terms: 2.5}\nstrategies:\n  - id: s\n", `p.yaml:3:27: axis "cause": distinct_terms must be a whole number from 1 to 16, not 2.5`},
		{"confidence unknown", "version: 1\naxes:\n  cause: {confidence: most}\nstrategies:\n  - id: s\n", `p.yaml:3:23: axis "cause": confidence must be tier or all, not "most"`},
		{"confidence all with max", "version: 1\naxes:\n  cause: {aggregate: max, confidence: all}\nstrategies:\n  - id: s\n", `p.yaml:3:39: axis "cause": confidence: all needs a plain sum: not with aggregate: max or a cap`},
		{"undeclared axis in a rule", "version: 1\nrules:\n  - id: r\n    vote: {risk: high}\n    match: {any: [贵]}\nstrategies:\n  - id: s\n", `p.yaml:4:18: rule "r": votes on unknown axis "risk" (axes: cause, severity, behaviour)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := compileBytes("p.yaml", []byte(tt.src))
			var es rules.Errors
			if err == nil || !errorsAs(err, &es) || es[0].Error() != tt.want {
				t.Errorf("got %v\nwant %s", err, tt.want)
			}
		})
	}
}

// TestAxisMinConfidence: an axis's min_confidence replaces the policy's
// review.min_confidence for that axis only, on a seed axis restated
// without values and on a declared one.
func TestAxisMinConfidence(t *testing.T) {
	const base = `version: 1
review: {min_confidence: 0.9}
rules:
  - id: calm
    behaviour: passive
    match: {any: [退款]}
  - id: loud
    behaviour: venting
    match: {any: [气死]}
  - id: slow
    cause: service
    match: {any: [退款]}
  - id: mild
    severity: general
    match: {any: [退款]}
  - id: risky
    vote: {risk: high}
    match: {any: [气死]}
  - id: safe
    vote: {risk: low}
    match: {any: [退款]}
strategies:
  - id: s
`
	tests := []struct {
		name, axes string
		review     bool
	}{
		{"policy threshold", "axes:\n  risk: [low, high]\n", true},
		{"behaviour lowered, risk still below 0.9", "axes:\n  behaviour: {min_confidence: 0.5}\n  risk: [low, high]\n", true},
		{"both lowered", "axes:\n  behaviour: {min_confidence: 0.5}\n  risk: {values: [low, high], min_confidence: 0.5}\n", false},
		{"behaviour raised above its 0.5", "axes:\n  behaviour: {min_confidence: 0.51}\n  risk: {values: [low, high], min_confidence: 0}\n", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			eng := mustEngine(t, "p.yaml", []byte(base+tt.axes))
			d, err := eng.Triage(context.Background(), triage.Complaint{Text: "退款退不了，气死了"})
			if err != nil {
				t.Fatal(err)
			}
			if d.Confidence.Behaviour != 0.5 || d.Confidence.Cause != 1 {
				t.Fatalf("confidence %+v, want behaviour 0.5 and cause 1", d.Confidence)
			}
			if d.Review != tt.review {
				t.Errorf("review = %v, want %v (axes %+v)", d.Review, tt.review, d.Axes)
			}
		})
	}
}

// TestDistinctTerms: with distinct_terms a rule votes its weight once per
// distinct finding, up to the cap; a term again, a term inside another's
// span and the second side of a near item are no new finding.
func TestDistinctTerms(t *testing.T) {
	eng := mustEngine(t, "p.yaml", []byte(`version: 1
axes:
  cause: {distinct_terms: 2, confidence: all}
rules:
  - id: facility
    cause: product
    match: {any: [脏, 没热水, 隔音差, 太吵]}
  - id: staff
    cause: service
    weight: 1.5
    match: {any: [{near: [前台, 差], within: 4}]}
  - id: refusal
    cause: service
    weight: 1.5
    match: {any: [不给, 不给退]}
  - id: fake
    cause: integrity
    priority: 1
    match: {any: [假货]}
strategies:
  - id: s
`))
	tests := []struct {
		text       string
		cause      string
		confidence float64
	}{
		{"房间脏，前台态度差", "service", 1.5 / 2.5},
		{"房间脏，没热水，前台态度差", "product", 2 / 3.5},
		{"房间脏，没热水，隔音差，太吵，前台态度差", "product", 2 / 3.5}, // at most 2
		{"房间脏，脏得很，前台态度差", "service", 1.5 / 2.5},      // one term twice
		{"前台态度差，前台也很差，房间脏", "service", 1.5 / 2.5},    // a near item is one finding
		{"不给退，房间脏", "service", 1.5 / 2.5},            // 不给 lies inside 不给退
		{"假货，房间脏，没热水", "integrity", 1.0 / 3},         // confidence: all counts the lower tier
	}
	for _, tt := range tests {
		d, err := eng.Triage(context.Background(), triage.Complaint{Text: tt.text})
		if err != nil {
			t.Fatal(err)
		}
		if d.Cause != tt.cause || math.Abs(d.Confidence.Cause-tt.confidence) > 1e-9 {
			t.Errorf("%s: cause %s at %.3f, want %s at %.3f", tt.text, d.Cause, d.Confidence.Cause, tt.cause, tt.confidence)
		}
	}
}

// TestDistinctTermsSecondSide: a term that is the second side of one near
// item and the first side of another is a finding, whatever the order of
// the items.
func TestDistinctTermsSecondSide(t *testing.T) {
	for _, items := range []string{"{near: [甲, 乙], within: 2}, {near: [乙, 丙], within: 2}", "{near: [乙, 丙], within: 2}, {near: [甲, 乙], within: 2}"} {
		eng := mustEngine(t, "p.yaml", []byte(`version: 1
axes:
  cause: {distinct_terms: 4}
rules:
  - id: pairs
    cause: service
    match: {any: [`+items+`]}
  - id: other
    cause: product
    weight: 1.5
    match: {any: [丁]}
strategies:
  - id: s
`))
		d, err := eng.Triage(context.Background(), triage.Complaint{Text: "甲乙。乙丙。丁"})
		if err != nil {
			t.Fatal(err)
		}
		// 甲 and 乙 are findings (乙 is a first side in one item); 丙 is not.
		if d.Cause != "service" || math.Abs(d.Confidence.Cause-2/3.5) > 1e-9 {
			t.Errorf("%s: cause %s at %.3f, want service at %.3f", items, d.Cause, d.Confidence.Cause, 2/3.5)
		}
	}
}

// TestLayerAggregationAndConfidenceAll: a later layer's cap or max on an
// axis an earlier file gave confidence: all takes it back to tier; a file
// that writes both is a positioned error.
func TestLayerAggregationAndConfidenceAll(t *testing.T) {
	base, err := rules.Parse("base.yaml", []byte("version: 1\naxes:\n  cause: {confidence: all}\nrules:\n  - {id: a, cause: service, match: {any: [甲]}}\nstrategies:\n  - id: s\n"))
	if err != nil {
		t.Fatal(err)
	}
	layer, err := rules.Parse("layer.yaml", []byte("version: 1\naxes:\n  cause: {cap: 3}\n"))
	if err != nil {
		t.Fatal(err)
	}
	prog, err := rules.Compile(&rules.Policy{Files: append(slices.Clone(base.Files), layer.Files...)})
	if err != nil {
		t.Fatalf("layering a cap on confidence: all: %v", err)
	}
	if ax := prog.Axes()[0]; ax.Confidence != "" || ax.Cap != 3 {
		t.Errorf("cause after the layer: confidence %q cap %v, want tier and 3", ax.Confidence, ax.Cap)
	}
	both, err := rules.Parse("both.yaml", []byte("version: 1\naxes:\n  cause: {aggregate: max, confidence: all}\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = rules.Compile(&rules.Policy{Files: append(slices.Clone(base.Files), both.Files...)})
	if err == nil || !strings.Contains(err.Error(), `both.yaml:3:39: axis "cause": confidence: all needs a plain sum`) {
		t.Errorf("got %v, want a positioned error in both.yaml", err)
	}
}
