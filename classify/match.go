package classify

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A Match is one occurrence of a term in a text.
type Match struct {
	// Term is the index of the term in the slice given to NewMatcher.
	Term int
	// Start and End are byte offsets of the occurrence in the original,
	// unfolded text: text[Start:End] is what the customer wrote.
	Start, End int
	// RuneStart and RuneEnd are the same span counted in runes of the
	// original text (invisible runes included).
	RuneStart, RuneEnd int
	// Negated is true when a negator (不, 没, 没有, 不是, 并非, 别 …) stands
	// before the occurrence in the same clause, an odd number of times:
	// 不是假货, 质量没有问题. False negators such as 不错, 无法, 不得不 and
	// 没想到 do not count.
	Negated bool
	// Praised is true, under Options.Praise only, when a praise predicate
	// (很快, 不错, 很好, 满意 …) that is not itself negated follows the
	// occurrence in the same clause, at most PraiseWindow characters
	// after it: 快递很快, 客服态度很好. A praised topic is not a complaint
	// about that topic.
	Praised bool
}

// ErrEmptyTerm reports a term that folds to nothing (it is empty or made only
// of invisible runes) and so could never match.
var ErrEmptyTerm = errors.New("term folds to nothing")

// ErrTermSyntax reports a term whose {…} placeholder is not {mask}, or that
// has more than MaxMasks masks.
var ErrTermSyntax = errors.New("bad term syntax")

// Mask is the placeholder a term uses for one masked character: 垃{mask}
// matches 垃*, 垃×, 垃x, 垃X, 垃○, 垃〇, 垃口 and 垃＊. A term may hold at most
// MaxMasks of them.
const Mask = "{mask}"

// MaxMasks is the largest number of masks in one term.
const MaxMasks = 2

// maskRunes are the characters customers use to mask a character.
var maskRunes = []rune{'*', '×', 'x', '○', '〇', '口', '＊'}

// A Matcher finds every occurrence of a fixed set of terms in a text, in one
// pass, with a rune-level Aho–Corasick automaton built at construction.
//
// Terms and text are compared after folding (see FoldRune), so a term
// written once in simplified Chinese also matches its traditional,
// full-width and upper-case forms, and invisible runes inside the text do
// not break a match. A term that begins (ends) with an ASCII letter or digit
// only matches where the text has no ASCII letter or digit just before
// (after) it, so "315" does not match inside "12315" and "sb" does not
// match inside "usb".
//
// NewMatcherWith adds opt-in folds against evasion (spaces and marks
// between characters, Cyrillic and Greek look-alikes, accents) and opt-in
// clause breaks for negation; see Options.
//
// A Matcher is immutable and safe for concurrent use by multiple
// goroutines; per-call state lives in a Scratch.
type Matcher struct {
	nterms int
	// termLen[t] is the folded length of pattern t in runes; patterns are
	// the terms' expansions (masks) followed by the negation grammar.
	patLen  []int32
	patTerm []int32 // pattern → term index, or a negative grammar kind
	wordL   []bool  // pattern begins with an ASCII letter or digit
	wordR   []bool  // pattern ends with one
	// numSep[p] is true for the grammar's "." and "," patterns, which do
	// not break a clause between two digits (6.8升, 1,299元).
	numSep    []bool
	anyNumSep bool
	// testNumSep makes the scan test every text for number separators,
	// whatever its digits: TestNumberSeparatorGate compares the two.
	testNumSep bool
	// rhetorical are the patterns of the negators 不是 and 并不是, which a
	// rhetorical question turns into an assertion (这不是骗人吗); -1 if none.
	rhetorical [2]int32
	// clauseFinal is the pattern of the negator 没有, which before a space
	// usually ends its clause (啥都没有 骗鬼呢) rather than negating across
	// it as 不 does (不 好吃); -1 if none.
	clauseFinal int32

	// symBMP maps a raw BMP rune straight to its symbol: folding and
	// symbol lookup in one table read. 0 means "in no pattern", -1 an
	// invisible rune to skip, symSpecial a rune the options look at first
	// (its symbol is then in specialSym).
	symBMP     []int32
	specialSym map[rune]int32
	skippable  map[rune]bool // the marks Options.Spaces may skip
	// symAstral maps an astral folded rune to its symbol; astral runes
	// fold first (see symAstralRune).
	symAstral map[rune]int32
	// The automaton: rootNext is dense over symbols; other states keep
	// their edges sorted in edges[edgeStart[s]:edgeStart[s+1]].
	rootNext  []int32
	edgeStart []int32
	edgeSym   []int32
	edgeNext  []int32
	fail      []int32
	outStart  []int32 // outputs of state s: out[outStart[s]:outStart[s+1]]
	out       []int32 // pattern ids, own and via suffix links

	opt Options
}

// Grammar kinds of the patterns the matcher adds for negation.
const (
	kindNegator      = -1 // 不, 没, 没有 …
	kindFalseNegator = -2 // 不错, 无法 …: contain a negator that does not negate
	kindBreak        = -3 // clause punctuation
	kindContrast     = -4 // contrast words: also end a clause
	kindSentence     = -5 // sentence-ending punctuation: ends a clause and a sentence
	kindPraise       = -6 // praise predicates, under Options.Praise
)

// The negation grammar, in simplified Chinese (text is folded before
// matching, so traditional forms match too).
var (
	negators      = []string{"不", "没", "没有", "无", "未", "非", "不是", "并非", "并不", "并不是", "别", "勿", "毫无", "从未", "从不", "不会", "不要", "甭"}
	falseNegators = []string{"不错", "不得不", "无法", "没想到", "没办法", "无论", "不管", "不仅", "不但", "不过", "不少", "不久", "无语", "非常", "并非不", "不一会", "差不多", "不停", "不断", "无奈", "未免", "不知道", "不清楚", "别人", "别的", "别家", "无聊", "无数", "毫无疑问", "无非", "莫非", "非得", "非要", "非让", "非逼", "没准", "不禁", "不由得", "不然", "是不是", "能不能", "要不要", "会不会", "好不好", "对不对", "行不行", "有没有", "是否", "不知", "无理由", "不行", "不到", "不了", "没多久", "不一样", "特别", "分别", "区别", "差别", "告别", "级别", "类别", "性别", "识别", "个别", "鉴别", "辨别", "别墅", "别致", "无线", "无限", "无比", "无人机", "无良", "无耻", "非会员", "非工作", "非高峰", "未来", "忍不住", "恨不得", "不得了", "了不起", "禁不住", "不愧", "不时",
		// Negative words that begin with a negator: what follows them is
		// asserted (三无假货, 未经同意扣费, 不满意质量差), while a term that
		// starts inside them stays negated (满意 in 不满意; see coveredByFalse).
		"三无", "无故", "无端", "无视", "无理", "无德", "无底线", "不满", "不明", "未经", "不正规", "不合格", "不合理", "不透明", "非法", "不良", "不法", "不实", "不规范", "不正当", "不公", "不负责", "不靠谱", "不诚信", "不厚道", "不专业", "不讲理", "不讲信用", "不道德", "不要脸", "没良心", "没素质", "没诚信", "没礼貌", "不礼貌", "不耐烦", "不卫生", "不安全", "不作为", "不像话", "不正常", "不新鲜", "不干净", "不及时", "不到位", "不符", "不堪", "不当", "不妥", "惨不忍睹", "不忍直视",
		// Words that add to what follows: 不光质量差 (not only), 不止一次坏了,
		// 别说质量差了 (let alone).
		"不光", "不只", "不单", "不止", "何止", "不免", "别说", "没少",
		// Rhetorical: 这不就是骗人, 不也是假货 assert what follows.
		"不就是", "不也是"}
	breaks       = []string{"，", ",", "：", ":", "、", "而且", "并且", "结果", "所以", "因为", "就", "才"}
	sentenceEnds = []string{"。", ".", "！", "!", "？", "?", "；", ";", "\n"}
	contrasts    = []string{"但是", "但", "可是", "不过", "然而", "就是", "只是", "虽然", "却"}
	// praises are the praise predicates of Options.Praise.
	praises = []string{"很快", "挺快", "超快", "好快", "蛮快", "真快", "特别快", "非常快", "超级快", "不错", "很好", "挺好", "非常好", "满意", "给力", "很棒", "好评", "点赞", "很专业", "很耐心", "很热情", "周到", "准时", "及时", "热情", "有礼貌", "贴心", "没问题", "没毛病", "还行", "还可以"}
)

// PraiseWindow is how many characters may stand between a topic and the
// praise predicate that follows it (客服态度很好: 态度 stands between 客服
// and 很好).
const PraiseWindow = 6

// maxPraise is the length in runes of the longest praise predicate.
const maxPraise = 3

// NewMatcher returns a Matcher for terms. Terms are matched by their index;
// duplicates are allowed and each reports its own matches. A term may hold
// up to MaxMasks {mask} placeholders. A term that folds to nothing is an
// error wrapping ErrEmptyTerm; a bad placeholder one wrapping
// ErrTermSyntax. All bad terms are reported together.
//
// NewMatcher(terms) is NewMatcherWith(terms, Options{}).
func NewMatcher(terms []string) (*Matcher, error) {
	return NewMatcherWith(terms, Options{})
}

// NewMatcherWith is NewMatcher with the opt-in folds and clause breaks of
// opt (see Options).
func NewMatcherWith(terms []string, opt Options) (*Matcher, error) {
	m := &Matcher{nterms: len(terms), opt: opt, symAstral: map[rune]int32{}, rhetorical: [2]int32{-1, -1}, clauseFinal: -1}
	var pats, pinyin [][]rune
	var pinyinTerm []int32
	var errs []error
	for i, t := range terms {
		exp, err := expandTerm(t)
		if err == nil && opt.Confusables {
			exp, err = m.foldPatterns(exp)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("term %q: %w", t, err))
			continue
		}
		for _, e := range exp {
			pats = append(pats, e)
			m.patTerm = append(m.patTerm, int32(i))
		}
		if opt.Pinyin && !strings.Contains(t, Mask) {
			for _, p := range pinyinPatterns(exp[0]) {
				pinyin = append(pinyin, p)
				pinyinTerm = append(pinyinTerm, int32(i))
			}
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	own := len(pats)
	pats = append(pats, pinyin...)
	m.patTerm = append(m.patTerm, pinyinTerm...)
	for _, g := range []struct {
		list []string
		kind int32
	}{{negators, kindNegator}, {falseNegators, kindFalseNegator}, {breaks, kindBreak}, {contrasts, kindContrast}, {sentenceEnds, kindSentence}, {praises, kindPraise}} {
		if g.kind == kindPraise && !opt.Praise {
			continue
		}
		for _, w := range g.list {
			if g.kind == kindNegator {
				switch w {
				case "不是":
					m.rhetorical[0] = int32(len(pats))
				case "并不是":
					m.rhetorical[1] = int32(len(pats))
				case "没有":
					m.clauseFinal = int32(len(pats))
				}
			}
			pats = append(pats, []rune(Fold(w)))
			m.patTerm = append(m.patTerm, g.kind)
		}
	}
	m.numSep = make([]bool, len(pats))
	for pi := own; pi < len(pats); pi++ {
		if k := m.patTerm[pi]; (k == kindBreak || k == kindSentence) && len(pats[pi]) == 1 && (pats[pi][0] == '.' || pats[pi][0] == ',') {
			m.numSep[pi], m.anyNumSep = true, true
		}
	}
	m.build(pats, own)
	return m, nil
}

// foldPatterns applies the Confusables fold to a term's patterns, dropping
// the runes it skips.
func (m *Matcher) foldPatterns(pats [][]rune) ([][]rune, error) {
	for i, p := range pats {
		q := p[:0]
		for _, r := range p {
			if f := confusable(r); f >= 0 {
				q = append(q, f)
			}
		}
		if len(q) == 0 {
			return nil, ErrEmptyTerm
		}
		pats[i] = q
	}
	return pats, nil
}

// CheckTerm reports whether a term can be matched: it must fold to at least
// one rune and hold at most MaxMasks well-formed {mask} placeholders.
func CheckTerm(t string) error {
	_, err := expandTerm(t)
	return err
}

// expandTerm folds a term and expands its masks into concrete patterns.
func expandTerm(t string) ([][]rune, error) {
	if i := strings.IndexByte(t, '{'); i >= 0 {
		rest := t
		masks := 0
		for {
			j := strings.IndexByte(rest, '{')
			if j < 0 {
				break
			}
			if !strings.HasPrefix(rest[j:], Mask) {
				return nil, fmt.Errorf("%w: only %s may stand in braces", ErrTermSyntax, Mask)
			}
			masks++
			rest = rest[j+len(Mask):]
		}
		if masks > MaxMasks {
			return nil, fmt.Errorf("%w: more than %d masks", ErrTermSyntax, MaxMasks)
		}
	}
	parts := strings.Split(t, Mask)
	out := [][]rune{nil}
	for k, p := range parts {
		f := []rune(Fold(p))
		for i := range out {
			out[i] = append(out[i], f...)
		}
		if k < len(parts)-1 {
			var next [][]rune
			for _, o := range out {
				for _, mr := range maskRunes {
					fr := FoldRune(mr)
					dup := false
					for _, n := range next {
						if len(n) == len(o)+1 && n[len(n)-1] == fr && string(n[:len(o)]) == string(o) {
							dup = true
						}
					}
					if !dup {
						next = append(next, append(append([]rune(nil), o...), fr))
					}
				}
			}
			out = next
		}
	}
	if len(out) == 1 && len(out[0]) == 0 {
		return nil, ErrEmptyTerm
	}
	return out, nil
}

// build constructs the symbol table and the automaton. The first own
// patterns are the terms' own (not their pinyin spellings nor the
// grammar).
func (m *Matcher) build(pats [][]rune, own int) {
	// Symbols: 1..n for the folded runes that occur in patterns.
	symOfFolded := map[rune]int32{}
	for _, p := range pats {
		for _, r := range p {
			if _, ok := symOfFolded[r]; !ok {
				symOfFolded[r] = int32(len(symOfFolded) + 1)
			}
		}
	}
	nsym := len(symOfFolded) + 1
	if m.opt.Spaces {
		// A mark that a term holds next to a Chinese character is the
		// term's own (垃* of 垃{mask}): it must reach the automaton.
		inTerm := map[rune]bool{}
		for _, p := range pats[:own] {
			for k, r := range p {
				if k > 0 && isHan(p[k-1]) || k+1 < len(p) && isHan(p[k+1]) {
					inTerm[r] = true
				}
			}
		}
		m.skippable = map[rune]bool{}
		for _, r := range spaceMarks {
			if !inTerm[r] {
				m.skippable[r] = true
			}
		}
	}
	if m.opt.Spaces || m.opt.SpaceBreaks {
		m.specialSym = map[rune]int32{}
	}
	m.symBMP = make([]int32, 0x10000)
	for r := rune(0); r < 0x10000; r++ {
		f := m.fold(r)
		switch {
		case f < 0:
			m.symBMP[r] = -1
		case m.skippable[f] || m.opt.SpaceBreaks && isSpaceBreak(f):
			m.symBMP[r] = symSpecial
			m.specialSym[f] = symOfFolded[f]
		default:
			m.symBMP[r] = symOfFolded[f]
		}
	}
	for f, s := range symOfFolded {
		if f >= 0x10000 {
			m.symAstral[f] = s
		}
	}
	// Trie with map edges during construction.
	type node struct {
		next map[int32]int32
		outs []int32
	}
	nodes := []node{{next: map[int32]int32{}}}
	m.patLen = make([]int32, len(pats))
	m.wordL = make([]bool, len(pats))
	m.wordR = make([]bool, len(pats))
	for pi, p := range pats {
		s := int32(0)
		for _, r := range p {
			c := symOfFolded[r]
			n, ok := nodes[s].next[c]
			if !ok {
				n = int32(len(nodes))
				nodes = append(nodes, node{next: map[int32]int32{}})
				nodes[s].next[c] = n
			}
			s = n
		}
		nodes[s].outs = append(nodes[s].outs, int32(pi))
		m.patLen[pi] = int32(len(p))
		m.wordL[pi] = isWordRune(p[0])
		m.wordR[pi] = isWordRune(p[len(p)-1])
	}
	// Failure links, breadth first; outputs inherit the failure state's.
	n := len(nodes)
	m.fail = make([]int32, n)
	m.rootNext = make([]int32, nsym)
	for c, nx := range nodes[0].next {
		m.rootNext[c] = nx
	}
	queue := make([]int32, 0, n)
	for _, nx := range nodes[0].next {
		queue = append(queue, nx)
	}
	// Sort the first level so the order (and so the output) is
	// deterministic.
	sortInt32(queue)
	allOuts := make([][]int32, n)
	allOuts[0] = nil
	for _, s := range queue {
		allOuts[s] = append([]int32(nil), nodes[s].outs...)
	}
	step := func(s, c int32) int32 {
		for {
			if s == 0 {
				return m.rootNext[c]
			}
			if nx, ok := nodes[s].next[c]; ok {
				return nx
			}
			s = m.fail[s]
		}
	}
	for qi := 0; qi < len(queue); qi++ {
		s := queue[qi]
		keys := make([]int32, 0, len(nodes[s].next))
		for c := range nodes[s].next {
			keys = append(keys, c)
		}
		sortInt32(keys)
		for _, c := range keys {
			nx := nodes[s].next[c]
			f := step(m.fail[s], c)
			if s == 0 {
				f = 0
			}
			m.fail[nx] = f
			allOuts[nx] = append(append([]int32(nil), nodes[nx].outs...), allOuts[f]...)
			queue = append(queue, nx)
		}
	}
	// Flatten edges and outputs.
	m.edgeStart = make([]int32, n+1)
	m.outStart = make([]int32, n+1)
	for s := 0; s < n; s++ {
		m.edgeStart[s] = int32(len(m.edgeSym))
		if s != 0 {
			keys := make([]int32, 0, len(nodes[s].next))
			for c := range nodes[s].next {
				keys = append(keys, c)
			}
			sortInt32(keys)
			for _, c := range keys {
				m.edgeSym = append(m.edgeSym, c)
				m.edgeNext = append(m.edgeNext, nodes[s].next[c])
			}
		}
		m.outStart[s] = int32(len(m.out))
		m.out = append(m.out, allOuts[s]...)
	}
	m.edgeStart[n] = int32(len(m.edgeSym))
	m.outStart[n] = int32(len(m.out))
}

func sortInt32(a []int32) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

// Len reports the number of terms.
func (m *Matcher) Len() int { return m.nterms }

// Scratch holds the per-call buffers of a scan. The zero value is ready to
// use. A Scratch must not be used by two goroutines at once; reuse one per
// goroutine (or take it from a sync.Pool) to scan without allocating.
type Scratch struct {
	pos  []visible // each visible rune of the text
	raw  []rawHit
	cuts []cut // clause starts the options add, ascending
	out  []Match
	// clauses and sentences are the starts (visible positions) of the
	// clauses and sentences the grammar's breaks begin, ascending; the
	// first clause and sentence, at 0, are not listed. They are read off
	// raw when first needed after a scan (startsBuilt), by matcher m.
	clauses, sentences []int32
	startsBuilt        bool
	m                  *Matcher
	// praised lists the praise predicates that are not negated (Options.Praise),
	// and outSpan the visible span of each of out, in out's order before sorting.
	praised []rawHit
	outSpan []visSpan
	// Negations counts the negated matches of the last scan; Contrast
	// reports whether the text had a contrast word (但是, 可是, 不过 …).
	Negations int
	Contrast  bool
	// Signals are the text's signals, measured during the scan: those of
	// ComputeSignals(text) plus Negations and Contrast.
	Signals Signals
	meter   signalMeter
	// negs lists the indices in raw of the negator hits, in raw's order
	// (by end), built when a scan first needs it (negsBuilt).
	negs      []int32
	negsBuilt bool
	// text is the text of the scan being resolved.
	text string
}

// visible locates one visible rune in the original text.
type visible struct {
	byteOff int32 // byte offset
	runeOff int32 // rune index (invisible runes counted)
}

// rawHit is a pattern occurrence in visible-rune positions [from, to].
type rawHit struct {
	pat      int32
	from, to int32
	endByte  int32
	endRune  int32
}

// symAstralRune returns the symbol of an astral rune r, as symBMP does for
// BMP runes. It folds r first and then looks its fold up where that fold
// lives: an astral rune may fold to a BMP rune (𝐬 to s, 🄰 to a, the CJK
// compatibility-supplement ideographs to their unified forms), and a BMP
// fold's symbol is symBMP's entry for it, the fold being its own fold.
//
// Options apply too: symBMP holds the options' fold of a BMP fold, which
// is its own fold, and an astral emoji is special under SpaceBreaks.
func (m *Matcher) symAstralRune(r rune) int32 {
	switch f := FoldRune(r); {
	case f < 0:
		return -1
	case f < 0x10000:
		return m.symBMP[f]
	case m.opt.SpaceBreaks && isSpaceBreak(f):
		return symSpecial
	default:
		return m.symAstral[f]
	}
}

// wideEdges is the most edges a state may have to be searched one by
// one; beyond it they are searched by halves.
const wideEdges = 8

// wide advances the automaton from state s, which has more than wideEdges
// edges (the children of 不, 没, 太 …), on symbol c: it searches the
// sorted edges by halves, then follows the failure links. The scan loops
// advance from the root and from states with few edges themselves,
// written out by hand: the compiler will not inline a loop this size, and
// a call per rune costs the scan several per cent.
func (m *Matcher) wide(s, c int32) int32 {
	for {
		if s == 0 {
			return m.rootNext[c]
		}
		lo, hi := m.edgeStart[s], m.edgeStart[s+1]
		if hi-lo > wideEdges {
			for lo < hi {
				mid := int32(uint32(lo+hi) >> 1)
				if m.edgeSym[mid] < c {
					lo = mid + 1
				} else {
					hi = mid
				}
			}
			if lo < m.edgeStart[s+1] && m.edgeSym[lo] == c {
				return m.edgeNext[lo]
			}
		} else {
			for i := lo; i < hi; i++ {
				if m.edgeSym[i] == c {
					return m.edgeNext[i]
				}
			}
		}
		s = m.fail[s]
	}
}

// Scan returns every occurrence of every term in text, overlaps included,
// ordered by start offset and then by term index. The returned slice is
// owned by s and valid until the next Scan with s. Scan does not allocate
// once s has grown to the size the text needs.
func (m *Matcher) Scan(s *Scratch, text string) []Match {
	s.pos, s.raw, s.cuts = s.pos[:0], s.raw[:0], s.cuts[:0]
	s.Negations, s.Contrast = 0, false
	s.meter = signalMeter{prev: -1}
	if m.specialSym == nil {
		m.scan(s, text)
	} else {
		m.scanSpecial(s, text)
	}
	s.Signals = s.meter.finish()
	if m.anyNumSep && (s.meter.digitGap || m.testNumSep) {
		m.dropNumberSeparators(s, text)
	}
	out := m.resolve(s, text)
	s.Signals.Negations, s.Signals.Contrast = s.Negations, s.Contrast
	return out
}

// scan runs the automaton over text, recording each visible rune in s.pos
// and each pattern occurrence in s.raw, for a matcher whose symbol table
// marks no rune symSpecial. scanSpecial is the same loop with the options'
// side path; they are two loops so that this one, the hot loop of every
// matcher without Spaces or SpaceBreaks, stays as tight as it was.
func (m *Matcher) scan(s *Scratch, text string) {
	state := int32(0)
	pos := int32(-1)
	ri := int32(-1) // rune index in the original text
	for i := 0; i < len(text); {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		if !s.meter.fresh(r) {
			s.meter.add(r)
		}
		var c int32
		if r < 0x10000 {
			c = m.symBMP[r]
		} else if f := FoldRune(r); f < 0 {
			c = -1
		} else if f < 0x10000 {
			c = m.symBMP[f] // see symAstralRune
		} else {
			c = m.symAstral[f]
		}
		ri++
		if c < 0 { // invisible: skip, keep the state
			i += size
			continue
		}
		pos++
		s.pos = append(s.pos, visible{int32(i), ri})
		i += size
		if c == 0 {
			state = 0
			continue
		}
	advance: // the automaton, on symbol c (see wide)
		for state != 0 {
			lo, hi := m.edgeStart[state], m.edgeStart[state+1]
			if hi-lo > wideEdges {
				state = m.wide(state, c)
				break advance
			}
			for e := lo; e < hi; e++ {
				if m.edgeSym[e] == c {
					state = m.edgeNext[e]
					break advance
				}
			}
			state = m.fail[state]
		}
		if state == 0 {
			state = m.rootNext[c]
		}
		for _, p := range m.out[m.outStart[state]:m.outStart[state+1]] {
			s.raw = append(s.raw, rawHit{pat: p, from: pos - m.patLen[p] + 1, to: pos, endByte: int32(i), endRune: ri + 1})
		}
	}
}

// scanSpecial is scan for a matcher with Spaces or SpaceBreaks: a rune
// marked symSpecial goes to special first, which may skip it.
func (m *Matcher) scanSpecial(s *Scratch, text string) {
	state := int32(0)
	pos := int32(-1)
	ri := int32(-1) // rune index in the original text
	for i := 0; i < len(text); {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		if !s.meter.fresh(r) {
			s.meter.add(r)
		}
		var c int32
		if r < 0x10000 {
			c = m.symBMP[r]
		} else {
			c = m.symAstralRune(r)
		}
		ri++
		if c < 0 {
			skip := true // invisible: skip, keep the state
			if c == symSpecial {
				c, skip = m.special(s, text, i, size, r, pos)
			}
			if skip {
				i += size
				continue
			}
		}
		pos++
		s.pos = append(s.pos, visible{int32(i), ri})
		i += size
		if c == 0 {
			state = 0
			continue
		}
	advance: // the automaton, on symbol c (see wide)
		for state != 0 {
			lo, hi := m.edgeStart[state], m.edgeStart[state+1]
			if hi-lo > wideEdges {
				state = m.wide(state, c)
				break advance
			}
			for e := lo; e < hi; e++ {
				if m.edgeSym[e] == c {
					state = m.edgeNext[e]
					break advance
				}
			}
			state = m.fail[state]
		}
		if state == 0 {
			state = m.rootNext[c]
		}
		for _, p := range m.out[m.outStart[state]:m.outStart[state+1]] {
			s.raw = append(s.raw, rawHit{pat: p, from: pos - m.patLen[p] + 1, to: pos, endByte: int32(i), endRune: ri + 1})
		}
	}
}

// dropNumberSeparators removes from s.raw the "." and "," hits that stand
// between two digits: the decimal point of 6.8升 and the thousands
// separator of 1,299元 end no clause or sentence.
func (m *Matcher) dropNumberSeparators(s *Scratch, text string) {
	n := int32(len(s.pos))
	// digitAt reports whether visible rune p is an ASCII or a full-width
	// digit (０–９ is EF BC 90–99 in UTF-8), reading bytes only: the "，"
	// that folds to "," sits between two Chinese characters in most texts.
	digitAt := func(p int32) bool {
		t := text[s.pos[p].byteOff:]
		switch {
		case t[0] < utf8.RuneSelf:
			return '0' <= t[0] && t[0] <= '9'
		case t[0] == 0xEF && len(t) >= 3:
			return t[1] == 0xBC && 0x90 <= t[2] && t[2] <= 0x99
		}
		return false
	}
	drop := func(h rawHit) bool {
		return m.numSep[h.pat] && h.from > 0 && h.to+1 < n && digitAt(h.from-1) && digitAt(h.to+1)
	}
	// Most texts have no such separator: find the first before copying.
	first := slices.IndexFunc(s.raw, drop)
	if first < 0 {
		return
	}
	kept := s.raw[:first]
	for _, h := range s.raw[first+1:] {
		if !drop(h) {
			kept = append(kept, h)
		}
	}
	s.raw = kept
}

// resolve applies word boundaries and negation and produces the matches.
func (m *Matcher) resolve(s *Scratch, text string) []Match {
	s.out, s.outSpan, s.praised = s.out[:0], s.outSpan[:0], s.praised[:0]
	s.m, s.startsBuilt, s.text = m, false, text
	n := int32(len(s.pos))
	s.negsBuilt = false
	// Clause state: the position after the last break, and the negators
	// seen since, by end position.
	clauseStart := int32(0)
	for hi, h := range s.raw {
		kind := m.patTerm[h.pat]
		if kind < 0 {
			switch kind {
			case kindBreak, kindContrast, kindSentence:
				if h.to+1 > clauseStart {
					clauseStart = h.to + 1
				}
				s.Contrast = s.Contrast || kind == kindContrast
			case kindPraise:
				cs, bridge := clauseStart, int32(-1)
				if len(s.cuts) > 0 {
					cs, bridge = s.clauseAt(h.from, cs)
				}
				if !m.negated(s, hi, cs, bridge) {
					s.praised = append(s.praised, h)
				}
			}
			continue
		}
		if m.wordL[h.pat] && h.from > 0 && m.wordAt(text, s.pos[h.from-1].byteOff) {
			continue
		}
		if m.wordR[h.pat] && h.to+1 < n && m.wordAt(text, s.pos[h.to+1].byteOff) {
			continue
		}
		cs, bridge := clauseStart, int32(-1)
		if len(s.cuts) > 0 {
			cs, bridge = s.clauseAt(h.from, cs)
		}
		neg := m.negated(s, hi, cs, bridge)
		if neg {
			s.Negations++
		}
		s.out = append(s.out, Match{Term: int(kind), Start: int(s.pos[h.from].byteOff), End: int(h.endByte),
			RuneStart: int(s.pos[h.from].runeOff), RuneEnd: int(h.endRune), Negated: neg})
		if m.opt.Praise {
			s.outSpan = append(s.outSpan, visSpan{h.from, h.to + 1})
		}
	}
	if len(s.praised) > 0 {
		s.markPraised()
	}
	sortMatches(s.out)
	dedupe(&s.out)
	s.text = "" // do not keep the text alive in a pooled Scratch
	return s.out
}

// negationWindow is how many runes before a term a negator may stand.
const negationWindow = 4

// negated reports whether an odd number of true negators end within the
// window before raw hit hi, inside its clause and outside the term itself.
// A negator that ends at bridge (when not -1) counts too: it stands just
// before the space that began the clause (不 好吃 under SpaceBreaks);
// 没有 there ends its own clause instead (啥都没有 骗鬼呢).
func (m *Matcher) negated(s *Scratch, hi int, clauseStart, bridge int32) bool {
	h := s.raw[hi]
	lo := h.from - negationWindow
	if lo < clauseStart {
		lo = clauseStart
		if bridge >= 0 && bridge >= h.from-negationWindow {
			lo = bridge
		}
	}
	count := 0
	// Hits are ordered by end position; walk back over the ones ending
	// before the term starts. Real text has a few; nested terms (啊, 啊啊,
	// …) have thousands overlapping each other, and then only the
	// negators among them are visited.
	for j := hi - 1; j >= 0; j-- {
		if hi-j > negationWalk {
			return m.negatedByIndex(s, hi, lo, clauseStart, bridge)
		}
		g := s.raw[j]
		if g.to < lo {
			break
		}
		if g.to >= h.from || m.patTerm[g.pat] != kindNegator || g.from < clauseStart && (g.to != bridge || g.pat == m.clauseFinal) {
			continue
		}
		if m.coveredByFalse(s, j, h.from) || m.longerNegatorCovers(s, j) || m.rhetoricalNegator(s, g.pat, h) {
			continue
		}
		count++
	}
	return count%2 == 1
}

// rhetoricalNegator reports whether pat is 不是 or 并不是 and the clause
// of raw hit h ends its sentence as a rhetorical question, where the
// negator asserts instead (see rhetoricalAfter).
func (m *Matcher) rhetoricalNegator(s *Scratch, pat int32, h rawHit) bool {
	return (pat == m.rhetorical[0] || pat == m.rhetorical[1]) && rhetoricalAfter(s.text, int(s.pos[h.from].byteOff), int(h.endByte))
}

// rhetoricalAfter reports whether the clause of the term text[start:from]
// ends its sentence as a rhetorical question: in 吗, 嘛 or 么 (after any
// 啊, 呀, 呢, 哈, spaces or invisible runes), not in 什么, 怎么, 这么, 那么,
// 多么 or 干吗. Under 不是 such a question asserts what it seems to deny:
// 这不是欺骗消费者吗, 不是说好七天无理由吗. The clause ends at a clause or
// sentence break (。, ., ，, ！, ？ …), at other punctuation or a symbol
// (吗……, 吗～, 吗😡), at a space after the particle, or at the end of the
// text; quotation marks inside it do not end it (不是“正品”吗). The term's
// own runes count, so a term may end in the particle (瞎了吗). It reads at
// most rhetoricalReach runes past the term; word breaks such as 但是 do
// not end the clause here.
func rhetoricalAfter(text string, start, from int) bool {
	var last [2]rune
	for _, r := range text[start:from] { // the term's own tail (瞎了吗)
		if f := FoldRune(r); f >= 0 {
			last[0], last[1] = last[1], f
		}
	}
	for i, n := from, 0; n < rhetoricalReach; n++ {
		if i >= len(text) {
			return rhetoricalTail(last)
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		f := FoldRune(r)
		switch {
		case f == ' ' || f == '\u3000':
			// A space after the particle ends the question as a break would
			// (这不是欺诈吗 我已经打了12345).
			if rhetoricalTail(last) {
				return true
			}
			continue
		case f < 0, f == '啊', f == '呀', f == '呢', f == '哈', isQuoteMark(f):
			continue
		case isSentenceEnd(f) || f == '.' || f == '\n' || isClauseBreak(f) || unicode.IsPunct(f) || unicode.IsSymbol(f):
			return rhetoricalTail(last)
		}
		last[0], last[1] = last[1], f
	}
	return false
}

// isQuoteMark reports whether f is a quotation mark (folded).
func isQuoteMark(f rune) bool {
	switch f {
	case '"', '\'', '“', '”', '‘', '’', '「', '」', '『', '』':
		return true
	}
	return false
}

// rhetoricalReach bounds how far rhetoricalAfter reads.
const rhetoricalReach = 24

// rhetoricalTail reports whether a clause whose last two runes are last
// ends in a question particle (see rhetoricalAfter).
func rhetoricalTail(last [2]rune) bool {
	switch last[1] {
	case '吗':
		return last[0] != '干'
	case '嘛':
		return last[0] != '干'
	case '么':
		switch last[0] {
		case '什', '怎', '这', '那', '多':
			return false
		}
		return true
	}
	return false
}

// negationWalk is how many hits negated walks back over before it turns to
// the index of negators.
const negationWalk = 64

// negatedByIndex is negated visiting only the negator hits ending in
// [lo, h.from), found in the scan's negator index.
func (m *Matcher) negatedByIndex(s *Scratch, hi int, lo, clauseStart, bridge int32) bool {
	if !s.negsBuilt {
		s.negs = s.negs[:0]
		for j, g := range s.raw {
			if m.patTerm[g.pat] == kindNegator {
				s.negs = append(s.negs, int32(j))
			}
		}
		s.negsBuilt = true
	}
	h := s.raw[hi]
	count := 0
	first, _ := slices.BinarySearchFunc(s.negs, lo, func(j, lo int32) int { return cmp.Compare(s.raw[j].to, lo) })
	for _, j32 := range s.negs[first:] {
		j := int(j32)
		g := s.raw[j]
		if g.to >= h.from || j >= hi {
			break
		}
		if g.from < clauseStart && (g.to != bridge || g.pat == m.clauseFinal) {
			continue
		}
		if m.coveredByFalse(s, j, h.from) || m.longerNegatorCovers(s, j) || m.rhetoricalNegator(s, g.pat, h) {
			continue
		}
		count++
	}
	return count%2 == 1
}

// coveredByFalse reports whether negator hit j lies inside a false negator
// (不 inside 不错, 无 inside 三无) that ends before from, where the term
// it would negate starts. A term that starts inside the false negator
// stays negated by it: 满意 in 不满意, 过期 in 不过期.
func (m *Matcher) coveredByFalse(s *Scratch, j int, from int32) bool {
	g := s.raw[j]
	for k := j - 8; k < j+8 && k < len(s.raw); k++ {
		if k < 0 || k == j {
			continue
		}
		f := s.raw[k]
		if m.patTerm[f.pat] == kindFalseNegator && f.from <= g.from && g.to <= f.to && f.to < from {
			return true
		}
	}
	return false
}

// longerNegatorCovers reports whether negator hit j lies inside a longer
// negator (不 inside 不是), so a two-rune negator counts once.
func (m *Matcher) longerNegatorCovers(s *Scratch, j int) bool {
	g := s.raw[j]
	for k := j - 4; k < j+4 && k < len(s.raw); k++ {
		if k < 0 || k == j {
			continue
		}
		f := s.raw[k]
		if m.patTerm[f.pat] == kindNegator && f.from <= g.from && g.to <= f.to && f.to-f.from > g.to-g.from {
			return true
		}
	}
	return false
}

// dedupe removes repeated matches of one term at one span (a term whose
// mask expansions fold alike).
func dedupe(ms *[]Match) {
	out := (*ms)[:0]
	for i, x := range *ms {
		if i > 0 && out[len(out)-1].Term == x.Term && out[len(out)-1].Start == x.Start && out[len(out)-1].End == x.End {
			continue
		}
		out = append(out, x)
	}
	*ms = out
}

// wordAt reports whether the rune at byte offset off of text folds, with
// the matcher's options, to an ASCII letter or digit.
func (m *Matcher) wordAt(text string, off int32) bool {
	c := text[off]
	if c < utf8.RuneSelf {
		return isWordRune(rune(c))
	}
	return isWordRune(m.foldAt(text, int(off)))
}

// isWordRune reports whether r is an ASCII letter or digit: the runes that
// word-boundary checks apply to.
func isWordRune(r rune) bool {
	return r < utf8.RuneSelf && ('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9')
}

// sortMatches orders matches by start, then term, with an insertion sort:
// matches arrive ordered by end, so this is near-linear and does not
// allocate.
func sortMatches(ms []Match) {
	// Nearly sorted and short in real text: insertion sort. Nested terms
	// (啊, 啊啊, …) make many overlapping matches far out of order: once
	// the shifts pass a small multiple of the length, sort them properly.
	shifts := 0
	for i := 1; i < len(ms); i++ {
		for j := i; j > 0 && less(ms[j], ms[j-1]); j-- {
			ms[j], ms[j-1] = ms[j-1], ms[j]
			shifts++
		}
		if shifts > 8*len(ms)+64 {
			slices.SortFunc(ms, compareMatches)
			return
		}
	}
}

func less(a, b Match) bool {
	if a.Start != b.Start {
		return a.Start < b.Start
	}
	if a.Term != b.Term {
		return a.Term < b.Term
	}
	return a.End < b.End
}

func compareMatches(a, b Match) int {
	if c := cmp.Compare(a.Start, b.Start); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Term, b.Term); c != 0 {
		return c
	}
	return cmp.Compare(a.End, b.End)
}

// visSpan is a visible span [from, to).
type visSpan struct{ from, to int32 }

// markPraised sets Praised on each match of s.out (still in s.outSpan's
// order) that a praise predicate of s.praised follows in the same clause,
// at most PraiseWindow visible runes after it.
func (s *Scratch) markPraised() {
	for i, sp := range s.outSpan {
		c := s.clauseOf(sp.from)
		// praised is ordered by end; a predicate within the window
		// begins at sp.to+PraiseWindow at the latest, and none is longer
		// than maxPraise.
		lo, _ := slices.BinarySearchFunc(s.praised, sp.to, func(h rawHit, at int32) int { return cmp.Compare(h.to, at) })
		for _, p := range s.praised[lo:] {
			if p.to >= sp.to+PraiseWindow+maxPraise {
				break
			}
			if p.from < sp.to || p.from-sp.to > PraiseWindow || s.clauseOf(p.from) != c {
				continue
			}
			s.out[i].Praised = true
			break
		}
	}
}

// clauseOf returns the start of the clause that visible position p is in:
// the last start, of the grammar's breaks or the options' cuts, at or
// before p.
func (s *Scratch) clauseOf(p int32) int32 {
	s.buildStarts()
	start := lastAtOrBefore(s.clauses, p)
	if len(s.cuts) > 0 {
		start, _ = s.clauseAt(p, start)
	}
	return start
}

// buildStarts lists, once per scan, the clause and sentence starts of the
// grammar's break hits in raw (ordered by end, so the starts ascend).
func (s *Scratch) buildStarts() {
	if s.startsBuilt {
		return
	}
	s.startsBuilt = true
	s.clauses, s.sentences = s.clauses[:0], s.sentences[:0]
	if s.m == nil {
		return
	}
	for _, h := range s.raw {
		switch s.m.patTerm[h.pat] {
		case kindSentence:
			s.sentences = append(s.sentences, h.to+1)
			fallthrough
		case kindBreak, kindContrast:
			s.clauses = append(s.clauses, h.to+1)
		}
	}
}

// lastAtOrBefore returns the last of the ascending starts that is at or
// before p, or 0.
func lastAtOrBefore(starts []int32, p int32) int32 {
	i, _ := slices.BinarySearch(starts, p+1)
	if i == 0 {
		return 0
	}
	return starts[i-1]
}

// A Place locates a match of the last Scan in the text's visible
// characters (invisible runes, such as zero-width spaces, not counted),
// with the clause and sentence it begins in. Proximity is measured with
// it: two occurrences are Gap characters apart, and in one clause (one
// sentence) when their Clause (Sentence) is equal.
type Place struct {
	// From and To are the occurrence's span [From, To) in visible
	// characters.
	From, To int
	// Clause and Sentence are the visible positions at which the
	// occurrence's clause and sentence begin. Clauses end where negation's
	// do (punctuation, 结果, 但是 … and the cuts of Options.SpaceBreaks);
	// sentences end at 。 ！ ？ ； and line breaks (and their ASCII and
	// full-width forms).
	Clause, Sentence int
}

// Place returns where match m of the last Scan with s stands. m must be
// one of the matches that Scan returned.
func (s *Scratch) Place(m Match) Place {
	from, _ := slices.BinarySearchFunc(s.pos, int32(m.RuneStart), func(v visible, r int32) int { return cmp.Compare(v.runeOff, r) })
	to, _ := slices.BinarySearchFunc(s.pos, int32(m.RuneEnd), func(v visible, r int32) int { return cmp.Compare(v.runeOff, r) })
	f := int32(from)
	c := s.clauseOf(f) // builds the starts
	return Place{From: from, To: to, Clause: int(c), Sentence: int(lastAtOrBefore(s.sentences, f))}
}

// Gap returns how many visible characters stand between two places: from
// the end of the earlier to the start of the later, or -1 when they
// overlap.
func Gap(a, b Place) int {
	if a.From > b.From {
		a, b = b, a
	}
	if b.From < a.To {
		return -1
	}
	return b.From - a.To
}
