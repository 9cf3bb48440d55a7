package classify

import (
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Options are a Matcher's opt-in folds against evasion and its opt-in
// clause breaks. The zero value is NewMatcher's matching, unchanged in
// behaviour and in cost.
//
// Confusables costs nothing per rune: it is folded into the symbol table.
// Spaces and SpaceBreaks run a scan loop with a side path for the runes
// they concern, which costs little on ordinary text and more the more such
// runes it holds. Pinyin enlarges the automaton (up to 16 more patterns a
// term) and so the time NewMatcherWith takes, not the scan's.
type Options struct {
	// Spaces skips, for matching only, a single space or punctuation mark
	// standing between two Chinese (Han) characters, so that the term 垃圾
	// matches 垃 圾, 垃.圾, 垃　圾, 垃·圾 and 垃_圾. Invisible runes around
	// the mark do not count. The marks are the spaces (ASCII space, NBSP,
	// U+3000 and the other spaces that fold to a space) and . , · ・ • ‧ ∙
	// * - _ ~ / \ | + # = ^ and their full-width forms. A match's span
	// covers the original text, the skipped mark included.
	//
	// The skip applies only to the term automaton: a skipped mark that
	// ends a clause (, or ., or a space under SpaceBreaks) still ends it
	// for negation, so in 不好,垃圾 the negator does not reach 垃圾, and a
	// term that spans the mark takes the clause of its first character. A
	// mark that some term itself holds next to a Chinese character, such
	// as * in 垃{mask}, is not skipped: 垃*商家 keeps matching 垃{mask}.
	Spaces bool
	// Confusables folds Cyrillic and Greek letters that look like Latin
	// ones to those Latin letters (а, е, о, р, с, х, у, і, ѕ, ј, Α, Β, Ε,
	// Η, Ι, Κ, Μ, Ν, Ο, Ρ, Τ, Υ, Χ, Ζ …, after case folding), folds
	// precomposed Latin, Greek and Cyrillic letters to their base letter
	// (é to e, ё to e, ά to a) and skips combining marks (e + U+0301
	// matches e), in terms and text alike. The word boundaries of terms
	// that begin or end with an ASCII letter or digit see the same fold.
	Confusables bool
	// SpaceBreaks ends a clause, for negation only, at a run of spaces or
	// line breaks, an ellipsis (…… or ⋯) or emoji standing between two
	// Chinese characters, so that in 不好吃 垃圾 (and 不好吃……垃圾, 不好吃😡垃圾)
	// the 不 negates 好吃 but not 垃圾. A negator just before the break
	// still reaches across it: in 不 好吃 the 不 negates 好吃; 没有 there
	// ends its own clause instead (啥都没有 骗鬼呢). Matching is
	// not affected. (Full stops, commas and line breaks end clauses
	// whatever the options.)
	SpaceBreaks bool
	// Pinyin adds, for each term of two or more Chinese characters and no
	// {mask}, its toneless pinyin spellings as extra patterns that match
	// as the term: 垃圾 also matches laji and la ji (and so LAJI and
	// ｌａｊｉ). A character with several readings gives several
	// spellings (还款: haikuan, huankuan …), at most 8 a term, the most
	// common readings first; ü is written v (绿 is lv). Like any term that
	// begins and ends with an ASCII letter, a spelling only matches as a
	// whole word: laji does not match inside lajitong. The readings are
	// go-pinyin's, for U+4E00–U+9FFF; a term with a character outside or
	// without a reading gets none. Only the terms get spellings, not the
	// negation grammar.
	Pinyin bool
	// Praise marks praised occurrences (Match.Praised): a term followed in
	// its clause, at most PraiseWindow characters on, by a praise
	// predicate that is not negated: 很快, 挺快, 超快, 不错, 很好, 挺好,
	// 非常好, 满意, 给力, 很棒, 好评, 点赞, 很专业, 很耐心, 很热情, 周到. So
	// in 快递很快 and 客服态度很好 the topic is praised, in 客服态度不是很好
	// it is not. Matching is not affected.
	Praise bool
}

// symSpecial marks, in symBMP, a rune that an option must look at before
// the automaton sees it: a Spaces mark or a SpaceBreaks rune. The rune's
// own symbol is then in Matcher.specialSym.
const symSpecial = -2

// spaceMarks are the folded runes Options.Spaces may skip. Full-width
// forms fold to these.
const spaceMarks = " .,·・•‧∙*-_~/\\|+#=^"

// breakRunes are the folded one-rune clause breaks of the grammar.
const breakRunes = "，,。.！!？?；;：:\n、"

// isSpaceBreak reports whether the folded rune f is one that
// Options.SpaceBreaks breaks at when it stands between Chinese characters.
func isSpaceBreak(f rune) bool {
	switch f {
	case ' ', '\t', '\n', '\v', '\f', '\r', 0x85, 0x2028, 0x2029, '…', '⋯', '︙':
		return true
	}
	return isEmoji(f)
}

// isHan reports whether the folded rune f is a Chinese character.
func isHan(f rune) bool {
	if 0x4E00 <= f && f <= 0x9FFF {
		return true
	}
	return f >= 0x2E80 && unicode.Is(unicode.Han, f)
}

// fold is FoldRune followed by the options' folds.
func (m *Matcher) fold(r rune) rune {
	f := FoldRune(r)
	if m.opt.Confusables && f >= 0 {
		f = confusable(f)
	}
	return f
}

// foldAt folds the rune at byte offset off of text with m.fold.
func (m *Matcher) foldAt(text string, off int) rune {
	r, _ := utf8.DecodeRuneInString(text[off:])
	return m.fold(r)
}

// special handles a rune that symBMP or symAstralRune marked symSpecial,
// the raw rune r of size bytes at byte i of text, when pos visible runes
// precede it (pos is the index of the last). It returns the rune's symbol,
// or skip when Options.Spaces skips it; it appends to s.cuts the clause
// breaks that the options add.
func (m *Matcher) special(s *Scratch, text string, i, size int, r rune, pos int32) (c int32, skip bool) {
	f := m.fold(r)
	if f < 0x10000 {
		c = m.specialSym[f]
	} else {
		c = m.symAstral[f]
	}
	prevHan := pos >= 0 && isHan(m.foldAt(text, int(s.pos[pos].byteOff)))
	if !prevHan {
		return c, false
	}
	breaks := m.opt.SpaceBreaks && isSpaceBreak(f)
	if m.opt.Spaces && m.skippable[f] {
		// Skipped when the next visible rune is a Chinese character.
		for j := i + size; j < len(text); {
			g, n := utf8.DecodeRuneInString(text[j:])
			j += n
			if g = m.fold(g); g < 0 {
				continue
			}
			if !isHan(g) {
				break
			}
			for _, b := range breakRunes {
				breaks = breaks || b == f
			}
			if breaks {
				s.cuts = append(s.cuts, cut{at: pos + 1, bridge: -1})
			}
			return c, true
		}
	}
	if breaks {
		// A run of such runes (and invisible ones) that ends at a Chinese
		// character breaks the clause there. The run's runes are visible,
		// so that character is k+1 positions after this rune. A negator
		// that ends just before the run still reaches across it.
		k := int32(0)
		for j := i + size; j < len(text); {
			g, n := utf8.DecodeRuneInString(text[j:])
			j += n
			switch g = m.fold(g); {
			case g < 0:
			case isSpaceBreak(g):
				k++
			default:
				if isHan(g) {
					s.cuts = append(s.cuts, cut{at: pos + 2 + k, bridge: pos})
				}
				return c, false
			}
		}
	}
	return c, false
}

// A cut is a clause start that an option adds: at is the position of the
// clause's first visible rune. When the cut is a SpaceBreaks run, bridge
// is the position of the rune before the run, where a negator still
// reaches across it; otherwise it is -1.
type cut struct {
	at, bridge int32
}

// clauseAt returns the start of the clause that position p is in, given
// the start that the grammar's breaks give: the later of that start and
// the last cut the options added at or before p, with that cut's bridge
// (or -1).
func (s *Scratch) clauseAt(p, start int32) (int32, int32) {
	lo, hi := 0, len(s.cuts)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if s.cuts[mid].at <= p {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo > 0 && s.cuts[lo-1].at > start {
		return s.cuts[lo-1].at, s.cuts[lo-1].bridge
	}
	return start, -1
}

var (
	confusableOnce sync.Once
	confusables    map[rune]rune
)

// lookalikes are Cyrillic and Greek letters, in their folded (lower-case)
// forms, and a few Latin ones, that look like a Latin letter; for a Greek
// or Cyrillic letter whose capital and small forms look like different
// Latin letters, the capital decides (Η is H, though η looks like n).
var lookalikes = map[rune]rune{
	// Cyrillic
	'а': 'a', 'в': 'b', 'е': 'e', 'к': 'k', 'м': 'm', 'н': 'h', 'о': 'o',
	'р': 'p', 'с': 'c', 'т': 't', 'у': 'y', 'х': 'x', 'ѕ': 's', 'і': 'i',
	'ј': 'j', 'ԁ': 'd', 'ԛ': 'q', 'ԝ': 'w', 'һ': 'h', 'ӏ': 'l', 'ү': 'y',
	'ѵ': 'v', 'ɡ': 'g',
	// Greek
	'α': 'a', 'β': 'b', 'ε': 'e', 'ζ': 'z', 'η': 'h', 'ι': 'i', 'κ': 'k',
	'μ': 'm', 'ν': 'n', 'ο': 'o', 'ρ': 'p', 'τ': 't', 'υ': 'y', 'χ': 'x',
	'ϲ': 'c', 'ϳ': 'j',
	// Latin
	'ı': 'i', 'ȷ': 'j', 'ɑ': 'a', 'ɩ': 'i', 'ʏ': 'y', 'ᴀ': 'a',
}

// confusable returns the Confusables fold of a folded rune: its Latin
// look-alike, its base letter, -1 for a combining mark, or f itself.
func confusable(f rune) rune {
	confusableOnce.Do(buildConfusables)
	if g, ok := confusables[f]; ok {
		return g
	}
	return f
}

// buildConfusables fills confusables from lookalikes, the canonical
// decompositions of the Latin, Greek and Cyrillic letters, and the blocks
// of combining marks.
func buildConfusables() {
	confusables = map[rune]rune{}
	look := func(r rune) rune {
		r = FoldRune(r)
		if l, ok := lookalikes[r]; ok {
			return l
		}
		return r
	}
	for r, l := range lookalikes {
		confusables[FoldRune(r)] = l
	}
	for _, block := range [][2]rune{{0xC0, 0x24F}, {0x370, 0x3FF}, {0x400, 0x52F}, {0x1E00, 0x1FFF}} {
		for r := block[0]; r <= block[1]; r++ {
			f := FoldRune(r)
			if f != r || !unicode.IsLetter(r) {
				continue
			}
			d := norm.NFD.String(string(r))
			base, n := utf8.DecodeRuneInString(d)
			if n == len(d) {
				continue
			}
			marks := true
			for _, c := range d[n:] {
				marks = marks && unicode.Is(unicode.Mn, c)
			}
			if marks {
				confusables[r] = look(base)
			}
		}
	}
	for _, block := range [][2]rune{{0x300, 0x36F}, {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x20D0, 0x20FF}, {0xFE20, 0xFE2F}} {
		for r := block[0]; r <= block[1]; r++ {
			if FoldRune(r) == r && unicode.Is(unicode.Mn, r) {
				confusables[r] = -1
			}
		}
	}
}

// NewMatcherAnywhere is NewMatcherWith where each term i with
// anywhere[i] set also matches inside a word: its edge ASCII letters and
// digits need no word boundary (a term gb then matches in 128gb). Terms
// beyond anywhere's length keep their boundaries. rules builds its
// matcher with it, for the literals that trigger regular expressions.
func NewMatcherAnywhere(terms []string, opt Options, anywhere []bool) (*Matcher, error) {
	m, err := NewMatcherWith(terms, opt)
	if err != nil {
		return nil, err
	}
	for pi, t := range m.patTerm {
		if t >= 0 && int(t) < len(anywhere) && anywhere[t] {
			m.wordL[pi], m.wordR[pi] = false, false
		}
	}
	return m, nil
}
