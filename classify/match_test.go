package classify

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
)

type span struct {
	Term    string
	Text    string
	Negated bool
}

func scanSpans(t *testing.T, terms []string, text string) []span {
	t.Helper()
	m, err := NewMatcher(terms)
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

func TestMatchVariants(t *testing.T) {
	terms := []string{"假货", "质量问题", "iphone", "315", "sb", "垃{mask}", "退款", "切"}
	tests := []struct {
		name string
		text string
		want []span
	}{
		{"simplified", "买到假货", []span{{"假货", "假货", false}}},
		{"traditional", "買到假貨", []span{{"假货", "假貨", false}}},
		{"traditional phrase", "產品質量問題", []span{{"质量问题", "質量問題", false}}},
		{"full-width and upper case", "ＩＰＨＯＮＥ坏了", []span{{"iphone", "ＩＰＨＯＮＥ", false}}},
		{"mixed case", "iPhone", []span{{"iphone", "iPhone", false}}},
		{"zero-width split", "假\u200b货", []span{{"假货", "假\u200b货", false}}},
		{"soft hyphen and variation selector", "假\u00ad貨\ufe0f", []span{{"假货", "假\u00ad貨", false}}},
		{"word boundary: 315 not in 12315", "打12315", nil},
		{"word boundary: 315 alone", "打315热线", []span{{"315", "315", false}}},
		{"full-width digits keep boundaries", "打１２３１５", nil},
		{"sb not in usb", "USB口坏了", nil},
		{"sb alone", "真是SB", []span{{"sb", "SB", false}}},
		{"mask star", "垃*", []span{{"垃{mask}", "垃*", false}}},
		{"mask times", "垃×商家", []span{{"垃{mask}", "垃×", false}}},
		{"mask full-width star", "垃＊", []span{{"垃{mask}", "垃＊", false}}},
		{"overlaps", "退款退款", []span{{"退款", "退款", false}, {"退款", "退款", false}}},
		{"negated", "这不是假货", []span{{"假货", "假货", true}}},
		{"negation stops at a clause break", "不想说，假货", []span{{"假货", "假货", false}}},
		{"double negation", "不是没有假货", []span{{"假货", "假货", false}}},
		{"false negator", "质量不错，就是假货", []span{{"假货", "假货", false}}},
		{"question is no negation", "是不是假货", []span{{"假货", "假货", false}}},
		{"特别 is no 别", "特别假货", []span{{"假货", "假货", false}}},
		{"无线 is no 无", "无线假货", []span{{"假货", "假货", false}}},
		{"无良 is no 无", "无良假货", []span{{"假货", "假货", false}}},
		{"非会员 is no 非", "非会员假货", []span{{"假货", "假货", false}}},
		{"别 alone still negates", "别买假货", []span{{"假货", "假货", true}}},
		{"traditional negator", "並非假貨", []span{{"假货", "假貨", true}}},
		{"mathematical bold beyond the BMP", "你是𝐬𝐛", []span{{"sb", "𝐬𝐛", false}}},
		{"squared letters beyond the BMP", "\U0001F142\U0001F131", []span{{"sb", "\U0001F142\U0001F131", false}}},
		{"mathematical digits keep boundaries", "打12𝟑𝟏𝟓", nil},
		{"mathematical digits alone", "打𝟑𝟏𝟓", []span{{"315", "𝟑𝟏𝟓", false}}},
		{"compatibility-supplement ideograph", "一刀\U0002F850断", []span{{"切", "\U0002F850", false}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, scanSpans(t, terms, tt.text)); diff != "" {
				t.Errorf("%q (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

// TestFalseNegatorScope pins what a false negator shields: the terms
// after it, not a term that starts inside it.
func TestFalseNegatorScope(t *testing.T) {
	terms := []string{"假货", "扣费", "质量差", "满意"}
	tests := []struct {
		name string
		text string
		want []span
	}{
		{"三无 asserts what follows", "三无假货", []span{{"假货", "假货", false}}},
		{"未经 asserts what follows", "未经同意扣费", []span{{"扣费", "扣费", false}}},
		{"无故 asserts what follows", "无故扣费", []span{{"扣费", "扣费", false}}},
		{"不满意 asserts what follows", "不满意质量差", []span{{"满意", "满意", true}, {"质量差", "质量差", false}}},
		{"满意 inside 不满意 stays negated", "很不满意", []span{{"满意", "满意", true}}},
		{"a plain negator still negates", "不是假货", []span{{"假货", "假货", true}}},
		{"不光 adds to what follows", "不光质量差，还是假货", []span{{"质量差", "质量差", false}, {"假货", "假货", false}}},
		{"别说 asserts what follows", "别说质量差了", []span{{"质量差", "质量差", false}}},
		{"别 alone still negates", "别买假货", []span{{"假货", "假货", true}}},
		{"不当 asserts what follows", "说是使用不当扣费", []span{{"扣费", "扣费", false}}},
		{"不堪 asserts what follows", "全是不堪的质量差", []span{{"质量差", "质量差", false}}},
		{"不就是 asserts what follows", "这不就是假货", []span{{"假货", "假货", false}}},
		{"不也是 asserts what follows", "不也是假货", []span{{"假货", "假货", false}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, scanSpans(t, terms, tt.text)); diff != "" {
				t.Errorf("%q (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

// TestRhetoricalQuestion pins 不是 in a rhetorical question: a clause
// ending its sentence in 吗, 嘛 or 么 asserts what 不是 seems to deny.
func TestRhetoricalQuestion(t *testing.T) {
	terms := []string{"假货", "扣费", "质量差", "瞎了吗"}
	tests := []struct {
		name string
		text string
		want []span
	}{
		{"吗 with ？", "这不是假货吗？", []span{{"假货", "假货", false}}},
		{"吗 at the end of the text", "你们这不是假货吗", []span{{"假货", "假货", false}}},
		{"嘛 and a particle", "不是假货嘛啊！", []span{{"假货", "假货", false}}},
		{"traditional 嗎", "這不是假貨嗎？", []span{{"假货", "假貨", false}}},
		{"words between the term and 吗", "不是乱扣费给谁看吗。后来退了", []span{{"扣费", "扣费", false}}},
		{"a plain 不是 still negates", "这不是假货。", []span{{"假货", "假货", true}}},
		{"什么 is no question particle", "不是假货什么", []span{{"假货", "假货", true}}},
		{"怎么 is no question particle", "不是假货怎么", []span{{"假货", "假货", true}}},
		{"a clause break ends the question", "不是假货，你敢卖吗", []span{{"假货", "假货", true}}},
		{"a term that ends in the particle", "你们不是瞎了吗？", []span{{"瞎了吗", "瞎了吗", false}}},
		{"吗 before a clause break", "这不是假货吗，还敢卖", []span{{"假货", "假货", false}}},
		{"吗 before a space", "这不是假货吗 我已经投诉了", []span{{"假货", "假货", false}}},
		{"a space before the clause ends", "这不是 假货吗", []span{{"假货", "假货", false}}},
		{"不 alone still negates", "不扣费吗？", []span{{"扣费", "扣费", true}}},
		{"the 吗 of a later sentence", "不是质量差。真的吗？", []span{{"质量差", "质量差", true}}},
		{"an ASCII period ends the sentence", "这个不是假货. 你们敢卖吗?", []span{{"假货", "假货", true}}},
		{"a full-width period ends the sentence", "这个不是假货．你们敢卖吗？", []span{{"假货", "假货", true}}},
		{"并不是 in a rhetorical question", "这并不是假货吗？", []span{{"假货", "假货", false}}},
		{"并不是 still negates", "这并不是假货。", []span{{"假货", "假货", true}}},
		{"an ellipsis after the particle", "这不是假货吗……我要投诉", []span{{"假货", "假货", false}}},
		{"a tilde after the particle", "这不是假货吗～", []span{{"假货", "假货", false}}},
		{"an emoji after the particle", "这不是假货吗😡", []span{{"假货", "假货", false}}},
		{"quotation marks inside the question", "这不是“假货”吗", []span{{"假货", "假货", false}}},
		{"an emoji before the particle ends the clause", "这不是假货😡吗", []span{{"假货", "假货", true}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, scanSpans(t, terms, tt.text)); diff != "" {
				t.Errorf("%q (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

func TestBadTerms(t *testing.T) {
	for _, term := range []string{"", "\u200b", "垃{maks}", "{mask}{mask}{mask}"} {
		if _, err := NewMatcher([]string{term}); err == nil {
			t.Errorf("NewMatcher(%q) succeeded", term)
		}
	}
}

func TestScanNoAlloc(t *testing.T) {
	m, err := NewMatcher([]string{"假货", "退款", "质量", "iphone"})
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Repeat("收到的iPhone是假貨，退款也不給，質量太差！", 5)
	var s Scratch
	m.Scan(&s, text)
	if n := testing.AllocsPerRun(100, func() { m.Scan(&s, text) }); n != 0 {
		t.Errorf("Scan allocated %v times per run", n)
	}
}

// refFold is the property test's independent fold: x/text's NFKC, width
// and case folding, and OpenCC's raw character maps, rune by rune; never
// the generated table.
type refFold struct {
	ts, variants map[rune]rune
}

func (f *refFold) fold(r rune) rune {
	if unicode.Is(unicode.Variation_Selector, r) || unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r) ||
		r == 0x200B || r == 0x200C || r == 0x200D || r == 0x2060 || r == 0xFEFF || r == 0x00AD {
		return -1
	}
	for i := 0; i < 4; i++ {
		s := string(r)
		if n := norm.NFKC.String(s); utf8.RuneCountInString(n) == 1 {
			s = n
		}
		if w := width.Fold.String(s); utf8.RuneCountInString(w) == 1 {
			s = w
		}
		if c := cases.Fold().String(s); utf8.RuneCountInString(c) == 1 {
			s = c
		}
		x, _ := utf8.DecodeRuneInString(s)
		if v, ok := f.variants[x]; ok {
			x = v
		}
		if v, ok := f.ts[x]; ok {
			x = v
		}
		if x == r {
			break
		}
		r = x
	}
	return r
}

// refMatches finds every occurrence of every folded term by brute force.
func (f *refFold) matches(terms []string, text string) map[[3]int]bool {
	type vr struct {
		r          rune
		start, end int
	}
	var vis []vr
	for i, r := range text {
		if g := f.fold(r); g >= 0 {
			vis = append(vis, vr{g, i, i + utf8.RuneLen(r)})
		}
	}
	word := func(r rune) bool { return r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) }
	got := map[[3]int]bool{}
	for ti, term := range terms {
		var ft []rune
		for _, r := range term {
			if g := f.fold(r); g >= 0 {
				ft = append(ft, g)
			}
		}
	next:
		for i := 0; i+len(ft) <= len(vis); i++ {
			for k := range ft {
				if vis[i+k].r != ft[k] {
					continue next
				}
			}
			if word(ft[0]) && i > 0 && word(vis[i-1].r) || word(ft[len(ft)-1]) && i+len(ft) < len(vis) && word(vis[i+len(ft)].r) {
				continue
			}
			got[[3]int{ti, vis[i].start, vis[i+len(ft)-1].end}] = true
		}
	}
	return got
}

// readOpenCC reads an OpenCC dictionary's one-character entries as a map.
func readOpenCC(t *testing.T, name string) map[rune]rune {
	m := map[rune]rune{}
	for _, e := range readDict(t, name) {
		m[e.from] = e.to
	}
	return m
}

// TestMatchProperty splices terms, in traditional, full-width, upper-case
// and zero-width-split variants, into filler text and checks that the
// matcher finds exactly what the reference finds.
func TestMatchProperty(t *testing.T) {
	ts := readOpenCC(t, "TSCharacters.txt")
	variants := readOpenCC(t, "TWVariantsRev.txt")
	for k, v := range readOpenCC(t, "HKVariantsRev.txt") {
		if _, ok := variants[k]; !ok {
			variants[k] = v
		}
	}
	simplified := map[rune]bool{}
	toTrad := map[rune]rune{}
	for k, v := range ts {
		simplified[v] = true
		if _, ok := toTrad[v]; !ok {
			toTrad[v] = k
		}
	}
	for k := range variants {
		if simplified[k] {
			delete(variants, k)
		}
	}
	ref := &refFold{ts: ts, variants: variants}
	terms := []string{"假货", "质量问题", "退款", "发货太慢", "态度恶劣", "过敏", "iphone", "12315", "vip", "说好的赠品", "与描述不符", "价格", "客服"}
	filler := []rune("的了是我在有他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应战向头文体政美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次度门任常先海通教儿原东声提立及比员解水名真论处走义各入几口认条平系气题活尔更别打女变四神总何电数安少报才结反受目太量再感建务做接必场件计管期市直德资命山金指克许统区保至队形社便空决治展马科司五基眼书非则听白却界达光放强即像难且权思王象完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术领共确传师观清今切院让识候带导争运笑飞风步改收根干造言联持组每济车亲极林服快办议往元英士证近失转夫令准布始怎呢存未远叫台单影具罗字爱击流备兵连调深商算质团集百需价花党华城石级整府离况亚请技际约示复病息究线似官火断精满支视消越器容照须九增研写称企八功吗包片史委乎查轻易早曾除农找装广显吧阿李标谈吃图念六引历首医局突专费号尽另周较注语仅考落青随选列武红响虽推势参希古众构房半节土投某案黑维革划敌致陈律足态护七兴派孩验责营星够章音跟志底站严巴例防族供效续施留讲型料终答紧黄绝奇察母京段依批群项故按河米围江织害斗双境客纪采举杀攻父苏密低朝友诉止细愿千值仍男钱破网热助倒育属坐帝限船脸职速刻乐否刚威毛状率甚独球般普怕弹校苦创假久错承印晚兰试股拿脑预谁益阳若哪微尼继送急血惊伤素药适波夜省初喜卫源食险待述陆习置居劳财环排福纳欢雷警获模充负云停木游龙树疑层冷洲冲射略范竟句室异激汉村哈策演简卡罪判担州静退既衣您宗积余痛检差富灵协角占配征修皮挥胜降阶审沉坚善妈刘读啊超免压银买皇养伊怀执副乱抗犯追帮宣佛岁航优怪香著田铁控税左右份穿艺背阵草脚概恶块顿敢守酒岛托央户烈洋哥索胡款靠评版宝座释景顾弟登货互付伯慢欧换闻危忙核暗姐介坏讨丽良序升监临亮露永呼味野架域沙掉括舰鱼杂误湖钟奥践乌")
	r := rand.New(rand.NewPCG(1, 2))
	pick := func(rs []rune) rune { return rs[r.IntN(len(rs))] }
	variant := func(term string) string {
		var b strings.Builder
		for i, c := range term {
			switch r.IntN(4) {
			case 0:
				if tr, ok := toTrad[c]; ok {
					c = tr
				}
			case 1:
				if c < 128 && c > 32 {
					c = c - 0x21 + 0xFF01
				} else if unicode.IsLower(c) {
					c = unicode.ToUpper(c)
				}
			case 2:
				if i > 0 {
					b.WriteRune(0x200B)
				}
			}
			b.WriteRune(c)
		}
		return b.String()
	}
	m, err := NewMatcher(terms)
	if err != nil {
		t.Fatal(err)
	}
	var sc Scratch
	compared := 0
	for iter := 0; iter < 400; iter++ {
		var b strings.Builder
		for k := 0; k < 8; k++ {
			for j := r.IntN(6); j > 0; j-- {
				b.WriteRune(pick(filler))
			}
			if r.IntN(3) > 0 {
				b.WriteString(variant(terms[r.IntN(len(terms))]))
			}
		}
		text := b.String()
		want := ref.matches(terms, text)
		got := map[[3]int]bool{}
		for _, x := range m.Scan(&sc, text) {
			got[[3]int{x.Term, x.Start, x.End}] = true
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("text %q: matcher and reference disagree (-reference +matcher):\n%s", text, diff)
		}
		compared += len(want)
	}
	if compared < 1000 {
		t.Errorf("compared only %d matches", compared)
	}
	t.Logf("compared %d matches", compared)
}
