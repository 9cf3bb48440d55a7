package classify

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestPraised checks Options.Praise: a topic followed in its clause by a
// praise predicate that is not negated is praised, in simplified,
// traditional, full-width and zero-width-split text alike.
func TestPraised(t *testing.T) {
	terms := []string{"快递", "客服", "服务", "质量"}
	m, err := NewMatcherWith(terms, Options{Praise: true})
	if err != nil {
		t.Fatal(err)
	}
	plain, err := NewMatcher(terms)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text    string
		praised map[string]bool // term → praised, for every match
	}{
		{"快递很快", map[string]bool{"快递": true}},
		{"快遞很快", map[string]bool{"快递": true}},             // traditional
		{"快递好快，快递员也特别快", map[string]bool{"快递": true}},     // 好快, 特别快
		{"快\u200b递很\u200b快", map[string]bool{"快递": true}}, // zero-width split
		{"ＱＱ快递很快！", map[string]bool{"快递": true}},          // full-width around
		{"客服态度很好", map[string]bool{"客服": true}},           // 态度 between
		{"客服态度不是很好", map[string]bool{"客服": false}},        // the praise is negated
		{"客服，很好", map[string]bool{"客服": false}},           // another clause
		{"快递很快，但是质量太差", map[string]bool{"快递": true, "质量": false}},
		{"质量还不错", map[string]bool{"质量": true}},
		{"服务一直以来都非常非常非常好", map[string]bool{"服务": false}}, // 非常好 too far
		{"很满意的服务", map[string]bool{"服务": false}},         // praise before, not after
	}
	var s Scratch
	for _, tt := range tests {
		got := map[string]bool{}
		for _, x := range m.Scan(&s, tt.text) {
			got[terms[x.Term]] = x.Praised
		}
		if len(got) != len(tt.praised) {
			t.Errorf("%q: matches %v, want %v", tt.text, got, tt.praised)
			continue
		}
		for k, v := range tt.praised {
			if got[k] != v {
				t.Errorf("%q: %s praised %v, want %v", tt.text, k, got[k], v)
			}
		}
		for _, x := range plain.Scan(&s, tt.text) {
			if x.Praised {
				t.Errorf("%q: praised without Options.Praise", tt.text)
			}
		}
	}
}

// TestPlace checks the visible spans, clauses and sentences Place gives.
func TestPlace(t *testing.T) {
	terms := []string{"说好", "结果", "质量", "客服"}
	tests := []struct {
		text        string
		opt         Options
		a, b        string
		gap         int
		sameClause  bool
		sameSentenc bool
	}{
		{"说好七天到结果一个月", Options{}, "说好", "结果", 3, true, true}, // 结果 ends the clause after itself
		{"说好七天到，结果一个月", Options{}, "说好", "结果", 4, false, true},
		{"說好七天到。結果一個月", Options{}, "说好", "结果", 4, false, false},
		{"说\u200b好七\u200b天到\u200b结果", Options{}, "说好", "结果", 3, true, true},
		{"质量很差客服不理", Options{}, "质量", "客服", 2, true, true},
		{"质量很差 客服不理", Options{}, "质量", "客服", 3, true, true},
		{"质量很差 客服不理", Options{SpaceBreaks: true}, "质量", "客服", 3, false, true},
		{"质量很差\n客服不理", Options{}, "质量", "客服", 3, false, false},
		{"质量很差！客服不理", Options{}, "质量", "客服", 3, false, false},
		{"质量很差，客服不理", Options{}, "质量", "客服", 3, false, true},
		// A decimal point or thousands separator between digits ends
		// nothing; the same marks elsewhere still do.
		{"说好6.8升结果13升", Options{}, "说好", "结果", 4, true, true},
		{"说好１．８升结果", Options{}, "说好", "结果", 4, true, true},
		{"说好1,299元结果", Options{}, "说好", "结果", 6, true, true},
		{"说好6. 结果", Options{}, "说好", "结果", 3, false, false},
		{"说好a.结果", Options{}, "说好", "结果", 2, false, false},
		{"说好6,结果", Options{}, "说好", "结果", 2, false, true},
		// Invisible runes beside the separator hide nothing: the scan
		// still sees digit, separator, digit.
		{"说好1\u200b,\u200b299元结果", Options{}, "说好", "结果", 6, true, true},
		// A space is visible: 1 . 5 is no number, its point a full stop.
		{"说好1 . 5升结果", Options{}, "说好", "结果", 6, false, false},
		// An ideograph between the digit and the mark: a break.
		{"说好6升,9升结果", Options{}, "说好", "结果", 5, false, true},
	}
	for _, tt := range tests {
		m, err := NewMatcherWith(terms, tt.opt)
		if err != nil {
			t.Fatal(err)
		}
		var s Scratch
		places := map[string]Place{}
		for _, x := range m.Scan(&s, tt.text) {
			places[terms[x.Term]] = s.Place(x)
		}
		a, b := places[tt.a], places[tt.b]
		if g := Gap(a, b); g != tt.gap {
			t.Errorf("%q: gap %d, want %d (%+v %+v)", tt.text, g, tt.gap, a, b)
		}
		if (a.Clause == b.Clause) != tt.sameClause || (a.Sentence == b.Sentence) != tt.sameSentenc {
			t.Errorf("%q: places %+v %+v: same clause %v, same sentence %v; want %v, %v", tt.text, a, b,
				a.Clause == b.Clause, a.Sentence == b.Sentence, tt.sameClause, tt.sameSentenc)
		}
	}
}

// TestNumberSeparatorGate checks the scan's shortcut: it tests a text's
// "." and "," hits for number separators only when the signal meter saw
// a digit after a gap without ideographs. On texts drawn from digits,
// separators, invisible and visible runes, the matches and their places
// are those of a scan that tests every text.
func TestNumberSeparatorGate(t *testing.T) {
	terms := []string{"说好", "结果", "元", "升"}
	alphabet := []string{"1", "9", "０", "８", ",", ".", "，", "．", "。", "\u200b", " ", "说好", "结果", "元", "升", "个", "a", "！"}
	for _, opt := range []Options{{}, {SpaceBreaks: true}} {
		gated, err := NewMatcherWith(terms, opt)
		if err != nil {
			t.Fatal(err)
		}
		always, _ := NewMatcherWith(terms, opt)
		always.testNumSep = true
		rng := rand.New(rand.NewPCG(1, 2))
		var sg, sa Scratch
		for range 20000 {
			var b strings.Builder
			for range 1 + rng.IntN(12) {
				b.WriteString(alphabet[rng.IntN(len(alphabet))])
			}
			text := b.String()
			mg, ma := gated.Scan(&sg, text), always.Scan(&sa, text)
			if !slices.Equal(mg, ma) {
				t.Fatalf("%q (%+v): gated scan %v, full scan %v", text, opt, mg, ma)
			}
			for i := range mg {
				if pg, pa := sg.Place(mg[i]), sa.Place(ma[i]); pg != pa {
					t.Fatalf("%q (%+v): %s placed %+v by the gated scan, %+v by the full one", text, opt, terms[mg[i].Term], pg, pa)
				}
			}
		}
	}
}
