package rules

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/tousu/tousu/classify"
)

// scopePolicy uses every scope feature of issue 18: near and then items
// over lexicons, in a clause and in a sentence, in any, all and none
// lists, and exclude_praised.
const scopePolicy = `version: 1
lexicons:
  claim: [说好, 说是, 明明, 显示, 宣传, 所谓]
  contrast: [结果, 实际, 却, 根本]
  staff: [客服, 店员, 热线]
  attitude_bad: [态度差, 态度恶劣, 不耐烦]
  delivery: [快递, 物流, 发货]
rules:
  - id: claim-vs-reality
    cause: integrity
    match: {any: [{then: [$claim, $contrast], within: 20, scope: sentence}]}
  - id: staff-attitude
    cause: service
    match:
      all:
        - {near: [$staff, $attitude_bad], within: 6, scope: clause}
  - id: delivery
    cause: product
    exclude_praised: true
    match: {any: [$delivery]}
  - id: delivery-any
    behaviour: passive
    match: {any: [$delivery]}
  - id: staff-not-near
    severity: serious
    match:
      any: [$staff]
      none: [{near: [$staff, $attitude_bad], within: 6}]
strategies:
  - id: all
`

func TestScopeFeatures(t *testing.T) {
	set := mustCompile(t, "scope.yaml", scopePolicy)
	tests := []struct {
		text string
		want []string // rules that fire
	}{
		// Claim then contrast, in one sentence.
		{"说好七天到货结果等了一个月", []string{"claim-vs-reality"}},
		{"說好七天到貨結果等了一個月", []string{"claim-vs-reality"}},             // traditional
		{"说好７天到货，结果等了１个月！", []string{"claim-vs-reality"}},           // full-width digits, a comma between
		{"说\u200b好七天到货结\u200b果等了一个月", []string{"claim-vs-reality"}}, // zero-width split
		{"结果说好的赠品没有", nil},                                          // contrast before claim: then wants the claim first
		{"说好七天到货。结果等了一个月", nil},                                     // another sentence
		{"说好七天到货，我们一家人一直在等啊等啊等啊等啊等啊等啊，结果没到", nil},                   // more than 20 characters apart
		{"宣传是纯棉实际是化纤", []string{"claim-vs-reality"}},
		{"说好七天到货！结果等了一个月", nil},  // ！ ends a sentence
		{"说好七天到货．结果等了一个月", nil},  // so does a full-width full stop
		{"说好七天到货\n结果等了一个月", nil}, // and a line break
		// Staff near a bad-attitude word, in one clause.
		{"客服的态度差极了", []string{"staff-attitude"}},
		{"客服那个态度恶劣", []string{"staff-attitude"}},
		{"客服的態度差極了", []string{"staff-attitude"}},                       // traditional
		{"ＶＩＰ客服的态度差", []string{"staff-attitude"}},                      // full-width letters before
		{"客\u200b服的\u200b\u200b\u200b态度差", []string{"staff-attitude"}}, // zero-width runes do not count as characters
		{"店铺是新开的，但热线态度差", []string{"staff-attitude"}},
		{"客服回复很快，物流态度差", []string{"delivery", "delivery-any", "staff-not-near"}}, // 客服 and 态度差 in two clauses
		{"客服，态度差", nil},                                                          // another clause; 1 character apart, so the unscoped none item blocks staff-not-near
		{"客服你好我想问一下这个东西态度差", []string{"staff-not-near"}},                         // too far apart
		// Praise.
		{"快递很快", []string{"delivery-any"}},
		{"快遞很快", []string{"delivery-any"}},
		{"ＱＱ快\u200b递很快", []string{"delivery-any"}},
		{"物流速度还不错", []string{"delivery-any"}},
		{"快递很慢", []string{"delivery", "delivery-any"}},
		{"快递不是很快", []string{"delivery", "delivery-any"}},
		{"快递很快，但是物流信息不更新", []string{"delivery", "delivery-any"}}, // 物流 is not praised
	}
	for _, tt := range tests {
		got := fired(t, set, tt.text)
		slices.Sort(got)
		want := slices.Clone(tt.want)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%q: fired %v, want %v", tt.text, got, want)
		}
	}
}

// TestScopeNearMisses checks the near misses scope gives: a near item
// whose sides occurred too far apart, and terms that occurred only
// praised.
func TestScopeNearMisses(t *testing.T) {
	set := mustCompile(t, "scope.yaml", scopePolicy)
	for _, tt := range []struct{ text, rule, reason, blocker string }{
		{"说好七天到货。结果等了一个月", "claim-vs-reality", "near", "{then: [$claim, $contrast], within: 20, scope: sentence}"},
		{"快递很快", "delivery", "praised", ""},
		{"客服的态度差", "staff-not-near", "none", "{near: [$staff, $attitude_bad], within: 6}"},
	} {
		sig := classify.ComputeSignals(tt.text)
		env := &Env{Text: tt.text, Signals: &sig, Customer: &Customer{}, Order: &Order{}}
		out := Evaluation{Trace: true}
		if err := set.Evaluate(env, &out); err != nil {
			t.Fatal(err)
		}
		found := false
		for _, m := range out.NearMisses {
			if m.Rule.ID == tt.rule {
				found = true
				if m.Reason != tt.reason || m.Blocker != tt.blocker {
					t.Errorf("%q: %s: near miss %q %q, want %q %q", tt.text, tt.rule, m.Reason, m.Blocker, tt.reason, tt.blocker)
				}
			}
		}
		if !found {
			t.Errorf("%q: no near miss for %s: %+v", tt.text, tt.rule, out.NearMisses)
		}
	}
}

// TestNearErrors checks that every mistake in near and then items is
// reported at once, at its position.
func TestNearErrors(t *testing.T) {
	src := `version: 1
lexicons:
  a: [说好]
rules:
  - id: r
    cause: integrity
    match:
      any:
        - {near: [$a, 结果], within: 0}
        - {then: [$a], within: 5}
        - {near: [$a, 结果], within: 5, scope: paragraph}
        - {then: [$a, 结果], within: 5, order: true}
        - {near: [$a, 结果]}
        - {near: [$a, $nope], within: 3}
        - {within: 3}
        - {near: [$a, 结果], then: [$a, 结果], within: 3}
strategies:
  - id: all
`
	_, err := parseCompile("near.yaml", []byte(src))
	if err == nil {
		t.Fatal("no error")
	}
	want := []string{
		`near.yaml:9:36: rule "r": within must be at least 1 character, not 0 [TS021]`,
		`near.yaml:10:18: rule "r": then names two items, like then: [$claim, $contrast], not 1 [TS021]`,
		`near.yaml:11:46: rule "r": scope must be clause or sentence, not "paragraph" [TS021]`,
		`near.yaml:12:11: rule "r": then already orders its items: drop order [TS021]`,
		`near.yaml:13:11: rule "r": a near item needs within: the most characters between its items [TS021]`,
		`near.yaml:14:23: rule "r": unknown lexicon "$nope" [TS004]`,
		`near.yaml:15:11: rule "r": a near item needs near: [A, B] or then: [A, B] [TS021]`,
		`near.yaml:16:28: rule "r": a near item has near or then, not both [TS021]`,
	}
	var got []string
	for _, e := range asErrors(err) {
		got = append(got, e.Format("en"))
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !errors.Is(err, errNear) {
		t.Errorf("not errNear: %v", err)
	}
}

// TestNearClauseSpaceBreaks checks that clauses: {space_breaks: true}
// ends a clause for near items as it does for negation: a space between
// two Chinese phrases is not a clause break unless the policy says so.
func TestNearClauseSpaceBreaks(t *testing.T) {
	const rule = `rules:
  - id: r
    cause: service
    match: {any: [{near: [客服, 态度差], within: 6, scope: clause}]}
strategies:
  - id: all
`
	plain := mustCompile(t, "p.yaml", "version: 1\n"+rule)
	breaks := mustCompile(t, "p.yaml", "version: 1\nclauses: {space_breaks: true}\n"+rule)
	for _, tt := range []struct {
		text          string
		plain, breaks bool
	}{
		{"客服态度差", true, true},
		{"客服 态度差", true, false},
		{"客服\u3000态度差", true, false},
		{"客服😡态度差", true, false},
		{"客服，态度差", false, false},
	} {
		if got := len(fired(t, plain, tt.text)) == 1; got != tt.plain {
			t.Errorf("%q: fired %v without space_breaks, want %v", tt.text, got, tt.plain)
		}
		if got := len(fired(t, breaks, tt.text)) == 1; got != tt.breaks {
			t.Errorf("%q: fired %v with space_breaks, want %v", tt.text, got, tt.breaks)
		}
	}
}
