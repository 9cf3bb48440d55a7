package classify

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func scanSpansWith(t *testing.T, terms []string, opt Options, text string) []span {
	t.Helper()
	m, err := NewMatcherWith(terms, opt)
	if err != nil {
		t.Fatal(err)
	}
	var s Scratch
	var out []span
	for _, x := range m.Scan(&s, text) {
		if text[x.Start:x.End] != string([]rune(text)[x.RuneStart:x.RuneEnd]) {
			t.Errorf("byte span %d-%d and rune span %d-%d of %q disagree", x.Start, x.End, x.RuneStart, x.RuneEnd, terms[x.Term])
		}
		out = append(out, span{terms[x.Term], text[x.Start:x.End], x.Negated})
	}
	return out
}

// optionCase is one text scanned with an option off and on.
type optionCase struct {
	name    string
	text    string
	off, on []span
}

func runOptionCases(t *testing.T, terms []string, opt Options, tests []optionCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.off, scanSpansWith(t, terms, Options{}, tt.text)); diff != "" {
				t.Errorf("option off, %q (-want +got):\n%s", tt.text, diff)
			}
			if diff := cmp.Diff(tt.on, scanSpansWith(t, terms, opt, tt.text)); diff != "" {
				t.Errorf("option on, %q (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

func TestOptionSpaces(t *testing.T) {
	terms := []string{"垃圾", "假货", "好吃", "垃{mask}", "sb"}
	s := func(term, text string, neg bool) []span { return []span{{term, text, neg}} }
	runOptionCases(t, terms, Options{Spaces: true}, []optionCase{
		{"space", "真是垃 圾", nil, s("垃圾", "垃 圾", false)},
		{"full stop", "真是垃.圾", nil, s("垃圾", "垃.圾", false)},
		{"ideographic space", "真是垃\u3000圾", nil, s("垃圾", "垃\u3000圾", false)},
		{"no-break space", "真是垃\u00a0圾", nil, s("垃圾", "垃\u00a0圾", false)},
		{"middle dot", "真是垃·圾", nil, s("垃圾", "垃·圾", false)},
		{"katakana middle dot", "真是垃・圾", nil, s("垃圾", "垃・圾", false)},
		{"underscore", "真是垃_圾", nil, s("垃圾", "垃_圾", false)},
		{"hyphen", "真是垃-圾", nil, s("垃圾", "垃-圾", false)},
		{"full-width tilde", "真是垃～圾", nil, s("垃圾", "垃～圾", false)},
		{"full-width comma", "真是垃，圾", nil, s("垃圾", "垃，圾", false)},
		{"traditional with space", "買到假 貨", nil, s("假货", "假 貨", false)},
		{"traditional with full-width stop", "買到假．貨", nil, s("假货", "假．貨", false)},
		{"full-width underscore", "買到假＿貨", nil, s("假货", "假＿貨", false)},
		{"invisible beside the mark", "垃\u200b \u200b圾", nil, s("垃圾", "垃\u200b \u200b圾", false)},
		{"two marks are not skipped", "垃  圾", nil, nil},
		{"two different marks", "垃.-圾", nil, nil},
		{"not between Chinese characters", "s b", nil, nil},
		{"mask kept", "垃*商家", s("垃{mask}", "垃*", false), s("垃{mask}", "垃*", false)},
		{"comma still ends the clause", "不好吃,垃圾",
			[]span{{"好吃", "好吃", true}, {"垃圾", "垃圾", false}},
			[]span{{"好吃", "好吃", true}, {"垃圾", "垃圾", false}}},
		{"full stop still ends the clause", "不好.垃圾",
			s("垃圾", "垃圾", false), s("垃圾", "垃圾", false)},
		{"a term spanning a mark takes its first character's clause", "不是垃,圾",
			nil, s("垃圾", "垃,圾", true)},
		{"a space is no clause break", "不 好吃",
			s("好吃", "好吃", true), s("好吃", "好吃", true)},
	})
}

func TestOptionConfusables(t *testing.T) {
	terms := []string{"sb", "iphone", "假货", "cafe", "ѕb"}
	s := func(term, text string) []span { return []span{{term, text, false}} }
	runOptionCases(t, terms, Options{Confusables: true}, []optionCase{
		{"Cyrillic dze", "你是ѕb", s("ѕb", "ѕb"), []span{{"sb", "ѕb", false}, {"ѕb", "ѕb", false}}},
		{"Cyrillic capital dze", "你是ЅB", s("ѕb", "ЅB"), []span{{"sb", "ЅB", false}, {"ѕb", "ЅB", false}}},
		{"a term in Cyrillic matches Latin", "你是sb", s("sb", "sb"), []span{{"sb", "sb", false}, {"ѕb", "sb", false}}},
		{"Cyrillic i and o", "这个іphоne是假貨", s("假货", "假貨"), []span{{"iphone", "іphоne", false}, {"假货", "假貨", false}}},
		{"Greek capitals", "ΙΡΗΟΝΕ坏了", nil, s("iphone", "ΙΡΗΟΝΕ")},
		{"full-width Greek-free", "ＩＰＨＯＮＥ坏了", s("iphone", "ＩＰＨＯＮＥ"), s("iphone", "ＩＰＨＯＮＥ")},
		{"precomposed accent", "去café", nil, s("cafe", "café")},
		{"combining accent after", "去cafe\u0301了", s("cafe", "cafe"), s("cafe", "cafe")},
		{"combining accent inside", "去ca\u0301fe", nil, s("cafe", "ca\u0301fe")},
		{"word boundary sees the fold", "аsb", s("sb", "sb"), nil},
		{"word boundary after", "sbа", s("sb", "sb"), nil},
		{"Chinese unchanged", "買到假貨", s("假货", "假貨"), s("假货", "假貨")},
	})
}

func TestOptionSpaceBreaks(t *testing.T) {
	terms := []string{"垃圾", "好吃", "假货", "sb"}
	neg := func(term string, n bool) span { return span{term, term, n} }
	runOptionCases(t, terms, Options{SpaceBreaks: true}, []optionCase{
		{"space", "不好 垃圾", []span{neg("垃圾", true)}, []span{neg("垃圾", false)}},
		{"phrase then phrase", "不好吃 垃圾",
			[]span{neg("好吃", true), neg("垃圾", true)},
			[]span{neg("好吃", true), neg("垃圾", false)}},
		{"negator before a space reaches across", "不 好吃",
			[]span{neg("好吃", true)}, []span{neg("好吃", true)}},
		{"ideographic space", "不好\u3000垃圾", []span{neg("垃圾", true)}, []span{neg("垃圾", false)}},
		{"two spaces", "不好  垃圾", []span{neg("垃圾", true)}, []span{neg("垃圾", false)}},
		{"ellipsis", "不好……垃圾", []span{neg("垃圾", true)}, []span{neg("垃圾", false)}},
		{"midline ellipsis", "不好⋯垃圾", []span{neg("垃圾", true)}, []span{neg("垃圾", false)}},
		{"three dots end a clause anyway", "不好...垃圾", []span{neg("垃圾", false)}, []span{neg("垃圾", false)}},
		{"line break ends a clause anyway", "不好\n垃圾", []span{neg("垃圾", false)}, []span{neg("垃圾", false)}},
		{"emoji", "不好😡垃圾", []span{neg("垃圾", true)}, []span{neg("垃圾", false)}},
		{"emoji with a variation selector", "不好☹\ufe0f垃圾", []span{neg("垃圾", true)}, []span{neg("垃圾", false)}},
		{"没有 before a space ends its clause", "啥都没有 垃圾",
			[]span{neg("垃圾", true)}, []span{neg("垃圾", false)}},
		{"traditional", "不是 假貨",
			[]span{{"假货", "假貨", true}}, []span{{"假货", "假貨", true}}},
		{"traditional, two phrases", "不好 假貨",
			[]span{{"假货", "假貨", true}}, []span{{"假货", "假貨", false}}},
		{"not between Chinese characters", "不是 sb", []span{neg("sb", true)}, []span{neg("sb", true)}},
		{"no space", "不好垃圾", []span{neg("垃圾", true)}, []span{neg("垃圾", true)}},
	})
}

// TestOptionSpacesWithBreaks checks that a space Spaces skips still
// breaks the clause under SpaceBreaks.
func TestOptionSpacesWithBreaks(t *testing.T) {
	terms := []string{"垃圾", "好垃"}
	got := scanSpansWith(t, terms, Options{Spaces: true, SpaceBreaks: true}, "不好 垃圾")
	want := []span{{"好垃", "好 垃", true}, {"垃圾", "垃圾", false}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestOptionsBadTerms(t *testing.T) {
	if _, err := NewMatcherWith([]string{"\u0301"}, Options{Confusables: true}); err == nil {
		t.Error("a term of combining marks alone matched nothing, yet was accepted")
	}
	if _, err := NewMatcherWith([]string{"\u0301"}, Options{}); err != nil {
		t.Errorf("without Confusables a combining mark is a term: %v", err)
	}
}

func TestScanNoAllocOptions(t *testing.T) {
	m, err := NewMatcherWith([]string{"假货", "退款", "质量", "iphone"}, Options{Spaces: true, Confusables: true, SpaceBreaks: true})
	if err != nil {
		t.Fatal(err)
	}
	text := "收到的іPhone是假 貨，退款也不給 質.量太差😡！"
	var s Scratch
	m.Scan(&s, text)
	if n := testing.AllocsPerRun(100, func() { m.Scan(&s, text) }); n != 0 {
		t.Errorf("Scan allocated %v times per run", n)
	}
}

func TestOptionPinyin(t *testing.T) {
	terms := []string{"垃圾", "还款", "質量", "绿色", "好", "垃{mask}"}
	s := func(term, text string, neg bool) []span { return []span{{term, text, neg}} }
	runOptionCases(t, terms, Options{Pinyin: true}, []optionCase{
		{"run together", "真是laji", nil, s("垃圾", "laji", false)},
		{"with a space", "真是la ji啊", nil, s("垃圾", "la ji", false)},
		{"upper case", "真是LAJI", nil, s("垃圾", "LAJI", false)},
		{"full-width", "真是ｌａｊｉ", nil, s("垃圾", "ｌａｊｉ", false)},
		{"a second reading", "快点huankuan", nil, s("还款", "huankuan", false)},
		{"a term written in traditional", "zhiliang太差", nil, s("質量", "zhiliang", false)},
		{"ü as v", "lvse的", nil, s("绿色", "lvse", false)},
		{"negated", "不是laji", nil, s("垃圾", "laji", true)},
		{"whole words only", "lajitong", nil, nil},
		{"two spaces", "la  ji", nil, nil},
		{"no spelling for one character", "hao", nil, nil},
		{"the characters still match", "垃圾", s("垃圾", "垃圾", false), s("垃圾", "垃圾", false)},
	})
}

func TestPinyinPatterns(t *testing.T) {
	str := func(ps [][]rune) []string {
		var out []string
		for _, p := range ps {
			out = append(out, string(p))
		}
		return out
	}
	tests := []struct {
		term string
		want []string
	}{
		{"垃圾", []string{"laji", "la ji", "lajie", "la jie"}},
		{"假货", []string{"jiahuo", "jia huo", "jiehuo", "jie huo", "xiahuo", "xia huo"}},
		{"垃", nil},
		{"垃a", nil},
		{"\U00020000垃", nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, str(pinyinPatterns([]rune(tt.term)))); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.term, diff)
		}
	}
	// 行 and 重 have three readings each: the spellings stop at the cap,
	// the most common first.
	got := str(pinyinPatterns([]rune("行行重重")))
	if len(got) != 2*maxPinyinSpellings || got[0] != "xingxingzhongzhong" {
		t.Errorf("行行重重: %d spellings, first %q", len(got), got[0])
	}
	if got := str(pinyinPatterns([]rune("还款"))); !slices.Contains(got, "huankuan") {
		t.Errorf("还款: %q lacks huankuan", got)
	}
}
