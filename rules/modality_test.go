package rules

import (
	"math"
	"strings"
	"testing"
)

// TestAssertedOnly: a rule with asserted_only counts asserted occurrences
// only, in every list; other rules see every occurrence, as before.
func TestAssertedOnly(t *testing.T) {
	p := mustCompile(t, "p.yaml", `version: 1
rules:
  - id: fire
    severity: serious
    asserted_only: true
    match: {any: [起火, 爆炸]}
  - id: fire-all
    cause: product
    match: {any: [起火, 爆炸]}
  - id: threat
    behaviour: extreme
    asserted_only: true
    match: {all: [投诉, 消协]}
strategies:
  - id: all
`)
	tests := []hitCase{
		{"充电器起火了", "fire:起火@3-5 fire-all:起火@3-5"},
		{"万一起火了怎么办", "fire-all:起火@2-4"},
		{"估计会爆炸", "fire-all:爆炸@3-5"},
		{"会不会起火？", "fire-all:起火@3-5"},
		{"听说有人家里起火了", "fire-all:起火@6-8"},
		{"说明书写着“小心起火”", "fire-all:起火@8-10"},
		// One asserted occurrence is enough; its evidence is that one.
		{"万一起火怎么办。结果真的起火了", "fire:起火@12-14 fire-all:起火@2-4 fire-all:起火@12-14"},
		// False friends keep the occurrence asserted.
		{"太可怕了，充电器起火了", "fire:起火@8-10 fire-all:起火@8-10"},
		{"你们这个就是会起火好吗！", "fire:起火@7-9 fire-all:起火@7-9"},
		// all: every item asserted.
		{"我已经向消协投诉了", "threat:消协@4-6 threat:投诉@6-8"},
		{"要是再不处理，我就向消协投诉", ""},
	}
	checkHits(t, p, tests)
	// The near miss says why.
	var out Evaluation
	out.Trace = true
	env := testEnv("万一起火了怎么办")
	if err := p.Evaluate(env, &out); err != nil {
		t.Fatal(err)
	}
	if len(out.NearMisses) != 1 || out.NearMisses[0].Reason != "unasserted" || out.NearMisses[0].Modality != "hypothetical" || out.NearMisses[0].Marker != "万一" {
		t.Errorf("near misses %+v", out.NearMisses)
	}
}

// TestAssertedOnlyDefault: without the switch nothing changes, and the
// program computes no modality.
func TestAssertedOnlyDefault(t *testing.T) {
	p := mustCompile(t, "p.yaml", "version: 1\nrules:\n  - id: fire\n    severity: serious\n    match: {any: [起火]}\nstrategies:\n  - id: all\n")
	if p.modality.on {
		t.Error("modality on without asserted_only")
	}
	if got := strings.Join(evalHits(t, p, "万一起火了怎么办"), " "); got != "fire:起火@2-4" {
		t.Errorf("got %s", got)
	}
}

// TestExcludeModality: exclude_modality leaves out the modalities it
// names and only those; rules with different sets keep their own views,
// and rules with the same set share one.
func TestExcludeModality(t *testing.T) {
	p := mustCompile(t, "p.yaml", `version: 1
rules:
  - id: harm
    severity: serious
    exclude_modality: [hypothetical, figurative]
    match: {any: [拉肚子, 吓死]}
  - id: harm-too
    cause: product
    exclude_modality: [figurative, hypothetical, figurative]
    match: {any: [拉肚子]}
  - id: harm-asserted
    behaviour: venting
    asserted_only: true
    match: {any: [拉肚子]}
  - id: harm-all
    cause: service
    match: {any: [拉肚子]}
strategies:
  - id: all
`)
	if got := len(p.modality.masks); got != 2 {
		t.Errorf("%d views, want 2 (harm and harm-too share one)", got)
	}
	tests := []hitCase{
		{"吃完拉肚子了", "harm:拉肚子@2-5 harm-too:拉肚子@2-5 harm-asserted:拉肚子@2-5 harm-all:拉肚子@2-5"},
		// Hypothetical: left out by both sets.
		{"凉了，怕拉肚子没吃", "harm-all:拉肚子@4-7"},
		// Figurative: 吓死 in 吓死我了.
		{"吓死我了", ""},
		// Asked and reported occurrences count unless asserted_only.
		{"吃了会拉肚子吗？", "harm:拉肚子@3-6 harm-too:拉肚子@3-6 harm-all:拉肚子@3-6"},
		{"我同事吃完拉肚子了", "harm:拉肚子@5-8 harm-too:拉肚子@5-8 harm-all:拉肚子@5-8"},
		// A later asserted occurrence counts for every view.
		{"怕拉肚子。结果真拉肚子了", "harm:拉肚子@8-11 harm-too:拉肚子@8-11 harm-asserted:拉肚子@8-11 harm-all:拉肚子@1-4 harm-all:拉肚子@8-11"},
	}
	checkHits(t, p, tests)
	var out Evaluation
	out.Trace = true
	if err := p.Evaluate(testEnv("凉了，怕拉肚子没吃"), &out); err != nil {
		t.Fatal(err)
	}
	var reasons []string
	for _, nm := range out.NearMisses {
		reasons = append(reasons, nm.Rule.ID+":"+nm.Reason+":"+nm.Modality)
	}
	if got, want := strings.Join(reasons, " "), "harm:modality:hypothetical harm-too:modality:hypothetical harm-asserted:unasserted:hypothetical"; got != want {
		t.Errorf("near misses %s, want %s", got, want)
	}
}

// TestAssertedOnlySharesView: asserted_only is the same as listing all five
// modalities, and rules that exclude the same modalities share a view.
func TestAssertedOnlySharesView(t *testing.T) {
	p := mustCompile(t, "p.yaml", `version: 1
rules:
  - id: a
    severity: serious
    asserted_only: true
    match: {any: [拉肚子]}
  - id: b
    cause: product
    exclude_modality: [hypothetical, question, reported, quoted, figurative]
    match: {any: [拉肚子]}
strategies:
  - id: all
`)
	if got := len(p.modality.masks); got != 1 {
		t.Errorf("%d views %#x, want 1: a and b exclude the same modalities", got, p.modality.masks)
	}
}

// firedIDs evaluates text with p into out and returns the fired rules'
// ids, joined by spaces.
func firedIDs(t *testing.T, p *Program, out *Evaluation, text string) string {
	t.Helper()
	if err := p.Evaluate(testEnv(text), out); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, f := range out.Fired {
		ids = append(ids, f.Rule.ID)
	}
	return strings.Join(ids, " ")
}

// Policies for the view tests: one rule that does not count questions,
// one rule with no modality at all.
const (
	harmUnlessAsked = `version: 1
rules:
  - id: harm
    severity: serious
    exclude_modality: [question]
    match: {all: [骗子]}
strategies:
  - id: all
`
	plainLiar = `version: 1
rules:
  - id: plain
    severity: serious
    match: {all: [骗子]}
strategies:
  - id: all
`
)

// TestModalityViewsAcrossPrograms: one Evaluation used with several
// programs (the documented reuse is per goroutine, and Evaluate re-sizes
// its arrays when the program changes) never reads another's stamps.
func TestModalityViewsAcrossPrograms(t *testing.T) {
	p1 := mustCompile(t, "p1.yaml", `version: 1
rules:
  - id: harm
    severity: serious
    exclude_modality: [question]
    match: {all: [骗子]}
  - id: other
    cause: product
    match: {all: [骗子]}
strategies:
  - id: all
`)
	p3 := mustCompile(t, "p3.yaml", plainLiar)
	p2 := mustCompile(t, "p2.yaml", harmUnlessAsked)
	var fresh Evaluation
	if got := firedIDs(t, p2, &fresh, "他是骗子吗？"); got != "" {
		t.Fatalf("fresh evaluation: %q fired", got)
	}
	var out Evaluation
	for range 3 {
		firedIDs(t, p1, &out, "他是骗子") // gens 1..3: p1's view stamps 3
	}
	firedIDs(t, p3, &out, "你好") // rule count changes: gen back to 1
	firedIDs(t, p3, &out, "你好") // gen 2
	// p2 has p3's sizes: no reset, gen 3; its one view reuses p1's arrays.
	if got := firedIDs(t, p2, &out, "他是骗子吗？"); got != "" {
		t.Errorf("reused evaluation: %q fired on a question, want nothing", got)
	}
}

// TestModalityViewsAfterWrap: the generation wraps while a program
// without modality runs; the views start afresh.
func TestModalityViewsAfterWrap(t *testing.T) {
	modal := mustCompile(t, "m.yaml", harmUnlessAsked)
	plain := mustCompile(t, "p.yaml", plainLiar)
	var out Evaluation
	for range 3 {
		firedIDs(t, modal, &out, "他是骗子") // view stamps 3
	}
	out.gen = math.MaxUint32       // as after 4 billion evaluations
	firedIDs(t, plain, &out, "你好") // wraps to 1: out's arrays cleared, the views not
	firedIDs(t, modal, &out, "你好") // gen 2
	if got := firedIDs(t, modal, &out, "他是骗子吗？"); got != "" {
		t.Errorf("after wrap: %q fired on a question, want nothing", got)
	}
}

// TestAxisNamedLikeModalityKey: an axis may not take the name of a rule
// key, or its AXIS: VALUE shorthand in a rule would be read as the key.
func TestAxisNamedLikeModalityKey(t *testing.T) {
	for _, key := range []string{"asserted_only", "exclude_modality", "exclude_praised"} {
		src := "version: 1\naxes:\n  " + key + ": {values: [hypothetical, low]}\nrules:\n  - id: r\n    cause: product\n    match: {any: [坏了]}\nstrategies:\n  - id: all\n"
		pol, err := Parse("p.yaml", []byte(src))
		if err == nil {
			_, err = Compile(pol)
		}
		if err == nil || !strings.Contains(err.Error(), "not a rule key") {
			t.Errorf("axis %q: got %v, want the reserved-name error", key, err)
		}
	}
}
