package rules

import (
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tousu/tousu/classify"
)

const negationPolicy = `version: 1
lexicons:
  fake: [假货]
  hot_water: [热水]
rules:
  - id: fake
    cause: integrity
    match: {any: [$fake]}
  - id: fake-mentioned
    behaviour: negative-publicity
    count_negated: true
    match: {any: [$fake]}
  - id: no-hot-water
    cause: product
    count_negated: true
    match: {any: [$hot_water]}
  - id: masked
    behaviour: venting
    match: {any: ["垃{mask}", "sb"]}
strategies:
  - id: all
`

func fired(t *testing.T, set *Program, text string) []string {
	t.Helper()
	sig := classify.ComputeSignals(text)
	env := &Env{Text: text, Signals: &sig, Customer: &Customer{}, Order: &Order{}}
	var out Evaluation
	if err := set.Evaluate(env, &out); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, f := range out.Fired {
		ids = append(ids, f.Rule.ID)
	}
	return ids
}

func TestNegationAndMasks(t *testing.T) {
	set, err := parseCompile("neg.yaml", []byte(negationPolicy))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text string
		want []string
	}{
		{"收到的是假货", []string{"fake", "fake-mentioned"}},
		{"这不是假货，就是有点旧", []string{"fake-mentioned"}},
		{"並非假貨", []string{"fake-mentioned"}},
		{"不是说没有假货", []string{"fake", "fake-mentioned"}},    // double negation
		{"质量不错，可惜是假货", []string{"fake", "fake-mentioned"}}, // 不错 is no negator
		{"这是不是假货？", []string{"fake", "fake-mentioned"}},    // a question, not a negation
		{"不想说了，假货", []string{"fake", "fake-mentioned"}},    // another clause
		{"房间没有热水", []string{"no-hot-water"}},
		{"什么垃*东西", []string{"masked"}},
		{"垃×", []string{"masked"}},
		{"垃口", []string{"masked"}},
		{"客服是SB吗", []string{"masked"}},
		{"USB接口坏了", nil}, // sb only on ASCII word boundaries
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, fired(t, set, tt.text)); diff != "" {
			t.Errorf("%q: fired rules mismatch (-want +got):\n%s", tt.text, diff)
		}
	}
}

func TestBadTermSyntax(t *testing.T) {
	_, err := parseCompile("p.yaml", []byte("version: 1\nlexicons:\n  x: [\"垃{maks}\", \"{mask}{mask}{mask}\"]\n"+tail))
	want := "p.yaml:3:7: lexicon \"x\": term \"垃{maks}\": only {mask} may stand in braces, at most 2 times\n" +
		"p.yaml:3:18: lexicon \"x\": term \"{mask}{mask}{mask}\": only {mask} may stand in braces, at most 2 times"
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

// TestStrategyMemo: the memoised choice agrees with the unmemoised one for
// every combination of axis values (and values outside the taxonomy),
// channels and tiers, on the first call and when read back from the memo.
func TestStrategyMemo(t *testing.T) {
	pol, err := Load(os.DirFS("../triage"), []string{"policy.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	set, err := Compile(pol)
	if err != nil {
		t.Fatal(err)
	}
	if !set.memoOK {
		t.Fatal("the built-in policy's strategies should be memoable")
	}
	with := func(vals []string) []string { return append(append([]string{}, vals...), "", "other") }
	// Every combination of every axis the policy declares (the seeds' three
	// and its own), each with a value outside the taxonomy too.
	combos := [][]string{{}}
	for _, ax := range set.Axes() {
		var next [][]string
		for _, c := range combos {
			for _, v := range with(ax.Values) {
				next = append(next, append(append([]string{}, c...), v))
			}
		}
		combos = next
	}
	for pass := range 2 {
		for _, axes := range combos {
			for _, ch := range []string{"", "phone", "app", "weibo"} {
				for _, tier := range []string{"", "铂金", "黄金", "普通"} {
					env := &StrategyEnv{Env: Env{Channel: ch, Customer: &Customer{Tier: tier}, Order: &Order{}, Signals: &classify.Signals{}},
						Axes: axes}
					want, err := set.ChooseStrategy(env, nil, &[]int{})
					if err != nil {
						t.Fatal(err)
					}
					got, err := set.ChooseStrategy(env, nil, nil)
					if err != nil {
						t.Fatal(err)
					}
					if got != want {
						t.Fatalf("pass %d, axes %v channel %q tier %q: memo chose %q, want %q", pass, axes, ch, tier, set.Strategies()[got].ID, set.Strategies()[want].ID)
					}
				}
			}
		}
	}
}

// TestMemoOnlyPure: a strategy when that calls now() or a user function
// is never memoised, so its answer follows the call, not the first call.
func TestMemoOnlyPure(t *testing.T) {
	calls := 0
	flip := WithFunction("flip", func(...any) (any, error) { calls++; return calls%2 == 0, nil })
	tests := []struct {
		name, when string
		opts       []Option
		memo       bool
	}{
		{"axes only", `severity == "serious" && channel in ["weibo", "app"] && customer.tier == "铂金"`, nil, true},
		{"now()", `now().Hour() >= 0 && severity == "serious"`, nil, false},
		{"user function", `flip() == true`, []Option{flip}, false},
		{"another field", `order.amount > 100`, nil, false},
		{"customer name", `customer.name == "王"`, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prog := mustCompile(t, "p.yaml", "version: 1\nstrategies:\n  - id: a\n    when: '"+tt.when+"'\n  - id: b\n", tt.opts...)
			if prog.memoOK != tt.memo {
				t.Errorf("memoised %v, want %v", prog.memoOK, tt.memo)
			}
		})
	}
	// The user function's answers alternate; an unmemoised choice follows.
	prog := mustCompile(t, "p.yaml", "version: 1\nstrategies:\n  - id: a\n    when: 'flip() == true'\n  - id: b\n", flip)
	env := &StrategyEnv{Env: Env{Customer: &Customer{}, Order: &Order{}, Signals: &classify.Signals{}}, Axes: []string{"product", "general", "passive"}}
	var got []int
	for range 4 {
		i, err := prog.ChooseStrategy(env, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, i)
	}
	if diff := cmp.Diff([]int{1, 0, 1, 0}, got); diff != "" {
		t.Errorf("choices (-want +got):\n%s", diff)
	}
}

// TestEvaluateZeroEnv: an Env with only a text (no customer, order or
// signals) evaluates expressions that read them as zero values instead
// of dereferencing nil.
func TestEvaluateZeroEnv(t *testing.T) {
	set, err := parseCompile("zero.yaml", []byte(`version: 1
rules:
  - id: vip
    severity: serious
    when: customer.tier == "VIP"
  - id: big-order
    severity: serious
    when: order.amount > 100
  - id: loud
    behaviour: venting
    when: signals.exclamations > 3
  - id: always
    severity: general
    when: 'true'
strategies:
  - id: all
`))
	if err != nil {
		t.Fatal(err)
	}
	var out Evaluation
	env := &Env{Text: "空调坏了！！！！！"}
	if err := set.Evaluate(env, &out); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, f := range out.Fired {
		ids = append(ids, f.Rule.ID)
	}
	if diff := cmp.Diff([]string{"loud", "always"}, ids); diff != "" {
		t.Errorf("fired (-want +got):\n%s", diff)
	}
}
