package rules

import (
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
	tests := []struct{ text, want string }{
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
	for _, tt := range tests {
		got := strings.Join(evalHits(t, p, tt.text), " ")
		if got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.text, got, tt.want)
		}
	}
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
	tests := []struct{ text, want string }{
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
	for _, tt := range tests {
		got := strings.Join(evalHits(t, p, tt.text), " ")
		if got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.text, got, tt.want)
		}
	}
	var out Evaluation
	out.Trace = true
	if err := p.Evaluate(testEnv("凉了，怕拉肚子没吃"), &out); err != nil {
		t.Fatal(err)
	}
	var reasons []string
	for _, nm := range out.NearMisses {
		reasons = append(reasons, nm.Rule.ID+":"+nm.Reason+":"+nm.Modality)
	}
	if got, want := strings.Join(reasons, " "), "harm:unasserted:hypothetical harm-too:unasserted:hypothetical harm-asserted:unasserted:hypothetical"; got != want {
		t.Errorf("near misses %s, want %s", got, want)
	}
}
