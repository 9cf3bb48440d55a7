package rules

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tousu/tousu/classify"
)

// evalHits evaluates text and returns, per fired rule, its hits as
// "rule:text@runeStart-runeEnd".
func evalHits(t *testing.T, p *Program, text string) []string {
	t.Helper()
	env := testEnv(text)
	var out Evaluation
	if err := p.Evaluate(env, &out); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range out.Fired {
		for _, h := range f.Hits {
			if h.Text != text[h.Start:h.End] {
				t.Errorf("hit text %q is not text[%d:%d]", h.Text, h.Start, h.End)
			}
			got = append(got, fmt.Sprintf("%s:%s@%d-%d", f.Rule.ID, h.Text, h.RuneStart, h.RuneEnd))
		}
		if len(f.Hits) == 0 {
			got = append(got, f.Rule.ID)
		}
	}
	return got
}

// hitCase is a text and the hits evalHits should report for it, joined by
// spaces.
type hitCase struct{ text, want string }

// checkHits compares evalHits with each case's want.
func checkHits(t *testing.T, p *Program, tests []hitCase) {
	t.Helper()
	for _, tt := range tests {
		got := strings.Join(evalHits(t, p, tt.text), " ")
		if got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.text, got, tt.want)
		}
	}
}

// testEnv is an environment for text.
func testEnv(text string) *Env {
	sig := classify.ComputeSignals(text)
	return &Env{Text: text, Signals: &sig, Customer: &Customer{}, Order: &Order{}}
}

// TestRegexTerms: regular expressions run on the folded text (traditional,
// full-width, upper case), only where their literal occurs, with spans in
// the original text; they are items like terms (any, all, none,
// lexicons, negation).
func TestRegexTerms(t *testing.T) {
	p := mustCompile(t, "p.yaml", `version: 1
lexicons:
  late: ["/退款.{0,8}没到账/", 迟迟不退]
rules:
  - id: refund
    cause: service
    match: {any: [$late]}
  - id: phone
    cause: product
    match: {any: ["/iphone\\s*1[0-9]/"]}
  - id: price
    cause: price
    match: {all: ["/多收了?[0-9]+/", 贵]}
  - id: spec
    cause: integrity
    match: {any: ["/说是[0-9]+g/"], none: ["/[0-9]+g够用/"]}
strategies:
  - id: all
`)
	tests := []hitCase{
		{"退款三天了还没到账", "refund:退款三天了还没到账@0-9"},
		{"退款申請後一直沒到賬", "refund:退款申請後一直沒到賬@0-10"},
		{"退款已经到账了", ""},
		{"退款……等了好久好久好久好久还是没到账", ""}, // more than 8 characters between
		{"退款。没到账", ""},              // another sentence
		{"退款没到账！退款还是没到账", "refund:退款没到账@0-5 refund:退款还是没到账@6-13"}, // each sentence once
		{"ＩＰＨＯＮＥ１５屏幕坏了", "phone:ＩＰＨＯＮＥ１５@0-8"},
		{"iPhone 13 发热", "phone:iPhone 13@0-9"},
		{"多收了３００太贵了", "price:多收了３００@0-6 price:贵@7-8"},
		{"多收３００还行", ""},
		{"说是128G，实际只有64G", "spec:说是128G@0-6"},
		{"说是128G，128G够用", ""},
		{"并非说是128G", ""},                 // 并非 negates the trigger 说是 at the match's start, so the match
		{"不是说是128G吗", "spec:说是128G@2-8"}, // a rhetorical question asserts what 不是 seems to deny
	}
	checkHits(t, p, tests)
}

// TestRegexNegation: a regular expression's occurrence is negated when
// its trigger literal, at its start, is.
func TestRegexNegation(t *testing.T) {
	p := mustCompile(t, "p.yaml", `version: 1
rules:
  - id: fake
    cause: integrity
    match: {any: ["/假货.{0,4}(吧|啊)/"]}
strategies:
  - id: all
`)
	if got := evalHits(t, p, "这不是假货吧"); len(got) != 0 {
		t.Errorf("negated: fired %v", got)
	}
	if got := evalHits(t, p, "这是假货吧"); len(got) != 1 {
		t.Errorf("asserted: fired %v", got)
	}
}

// TestRegexTrigger: the literal each pattern puts into the automaton.
func TestRegexTrigger(t *testing.T) {
	tests := []struct{ pat, lit string }{
		{`退款.{0,8}没到账`, "没到账"},
		{`[0-9]+元`, ""},
		{`[0-9]+块钱`, "块钱"},
		{`(退款|退货)没到账`, "没到账"},
		{`(退款)+没`, "退款"},
		{`IPHONE\s*1[0-9]`, "iphone"},
		{`退貨`, "退货"},
		{`a{2}bc`, "aa"},
		{`(?:假货){1,3}`, "假货"},
		{`(假货)?`, ""},
		{`假|货`, ""},
		{`\d+G`, ""},
	}
	for _, tt := range tests {
		_, lit, err := compileRegex(tt.pat)
		if tt.lit == "" {
			if err != errNoLiteral {
				t.Errorf("%s: literal %q, err %v; want no literal", tt.pat, lit, err)
			}
			continue
		}
		if err != nil || lit != tt.lit {
			t.Errorf("%s: literal %q, err %v; want %q", tt.pat, lit, err, tt.lit)
		}
	}
}

// TestRegexErrors: every bad pattern is reported at once, at its
// position.
func TestRegexErrors(t *testing.T) {
	src := `version: 1
lexicons:
  a: ["/[0-9]+元/"]
rules:
  - id: r
    cause: price
    match: {any: ["/退款(没到账/", $a, "/(退款){1000}(退款){1000}(退款){1000}/", "@money", "@mony"]}
strategies:
  - id: all
`
	_, err := parseCompile("p.yaml", []byte(src))
	if err == nil {
		t.Fatal("compiled")
	}
	want := []string{
		`p.yaml:3:7: lexicon "a": regular expression /[0-9]+元/ has no literal of two or more characters that every match contains (such as 退款 in /退款.{0,8}没到账/): it would have to run on every complaint`,
		`p.yaml:7:21: rule "r": regular expression /退款(没到账/: missing closing ): 退款(没到账`,
		`p.yaml:7:35: rule "r": regular expression /(退款){1000}(退款){1000}(退款){1000}/: compiles to more than 2000 instructions (the limit)`,
		`p.yaml:7:81: rule "r": unknown number item "@mony" (want @money, @duration or @quantity)`,
	}
	if got := err.Error(); got != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", got, strings.Join(want, "\n"))
	}
}

// TestNumberItems: @money, @duration and @quantity match numbers with
// units; max_amount and max_duration read the largest.
func TestNumberItems(t *testing.T) {
	p := mustCompile(t, "p.yaml", `version: 1
rules:
  - id: price
    cause: price
    match: {any: ["@money"]}
  - id: big
    severity: serious
    when: max_amount >= 500 || max_duration >= 120
  - id: spec
    cause: integrity
    match: {all: ["@quantity", 说是]}
  - id: wait
    cause: service
    match: {any: ["@duration"]}
strategies:
  - id: all
`)
	tests := []hitCase{
		{"收了600", "price:600@2-5 big"},
		{"多扣了88块", "price:88块@3-6"},
		{"等了3个多钟头", "big wait:3个多钟头@2-7"},
		{"等了半小时", "wait:半小时@2-5"},
		{"说是128G，结果是64G", "spec:说是@0-2 spec:128G@2-6 spec:64G@10-13"},
		{"花了三百多，等了两天", "price:三百多@2-5 big wait:两天@8-10"},
		{"打了12315", ""},
	}
	checkHits(t, p, tests)
}
