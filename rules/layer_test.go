package rules

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

const layerBase = `version: 1
name: base
lexicons:
  fake: [假货]
rules:
  - id: fake
    cause: integrity
    match: {any: [$fake]}
  - id: slow
    cause: service
    tags: [logistics]
    match: {any: [太慢]}
  - id: loud
    behaviour: venting
    match: {any: [垃圾]}
strategies:
  - id: extreme
    when: behaviour == "extreme"
  - id: default
`

const layerOurs = `version: 1
name: ours
extend:
  $fake: [水货]
disable:
  rules: [loud]
  tags: [logistics]
rules:
  - id: fake
    replace: true
    cause: integrity
    weight: 3
    match: {any: [$fake, 高仿]}
  - id: price
    cause: price
    match: {any: [太贵]}
strategies:
  - id: vip
    before: extreme
    when: customer.tier == "铂金"
  - id: price
    after: extreme
    when: cause == "price"
  - id: default
    replace: true
    title: 我们的兜底
`

func TestLayering(t *testing.T) {
	set, err := layered(nil, "base.yaml", layerBase, "ours.yaml", layerOurs)
	if err != nil {
		t.Fatal(err)
	}
	type ruleView struct {
		ID      string
		Enabled bool
		Weight  float64
		Index   int
	}
	var rules []ruleView
	for i, r := range set.Rules() {
		rules = append(rules, ruleView{r.ID, r.Enabled, r.Weight, i})
	}
	want := []ruleView{{"fake", true, 3, 0}, {"slow", false, 1, 1}, {"loud", false, 1, 2}, {"price", true, 1, 3}}
	if diff := cmp.Diff(want, rules); diff != "" {
		t.Errorf("rules (-want +got):\n%s", diff)
	}
	var order []string
	for _, s := range set.Strategies() {
		order = append(order, s.ID+":"+s.Title)
	}
	if diff := cmp.Diff([]string{"vip:", "extreme:", "price:", "default:我们的兜底"}, order); diff != "" {
		t.Errorf("strategies (-want +got):\n%s", diff)
	}
	// The extended lexicon reaches the base rule, and the replacement's
	// inline term too.
	for text, want := range map[string]bool{"水货": true, "高仿": true, "假货": true, "太慢": false} {
		if got, _ := set.matchesText(set.rules[0], text); got != want {
			t.Errorf("fake on %q = %v", text, got)
		}
	}
}

func TestLayeringErrors(t *testing.T) {
	bad := `version: 1
extend:
  $missing: [x]
disable:
  rules: [nope]
  tags: [untagged]
rules:
  - id: ghost
    replace: true
    cause: price
    match: {any: [贵]}
  - id: slow
    cause: price
    match: {any: [贵]}
strategies:
  - id: s
    before: nowhere
    when: cause == "price"
`
	_, err := layered(nil, "base.yaml", layerBase, "ours.yaml", bad)
	var got []string
	for _, e := range asErrors(err) {
		got = append(got, e.Error())
	}
	want := []string{
		`ours.yaml:3:3: lexicon "missing": extends nothing: no lexicon "missing" in earlier files`,
		`ours.yaml:5:11: rule "nope": disables nothing: no rule "nope" in earlier files`,
		`ours.yaml:6:10: disables nothing: no rule tagged "untagged" in earlier files`,
		`ours.yaml:8:9: rule "ghost": replaces nothing: no rule "ghost" in earlier files`,
		`ours.yaml:12:9: rule "slow": id used twice (first at base.yaml:9:9)`,
		`ours.yaml:17:13: strategy "s": no strategy "nowhere" to go before`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}
