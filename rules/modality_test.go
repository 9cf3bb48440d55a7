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
