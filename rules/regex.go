package rules

import (
	"errors"
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode/utf8"

	"github.com/tousu/tousu/classify"
)

// Limits of a regular-expression term.
const (
	maxRegexBytes = 256  // the pattern as written
	maxRegexInsts = 2000 // instructions of the compiled program
	// maxRegexWindow bounds, in bytes each side of a trigger hit, the
	// sentence a regular expression runs on.
	maxRegexWindow = 512
)

// A regexTerm is a compiled regular-expression term.
type regexTerm struct {
	term    int // its term id
	re      *regexp.Regexp
	literal string // the folded required literal: its trigger in the automaton
}

// isRegexItem reports whether a term as written is a regular expression:
// /pattern/.
func isRegexItem(t string) bool { return len(t) >= 2 && t[0] == '/' && t[len(t)-1] == '/' }

// regexTerm compiles /pattern/ into a term, or reports why it cannot be
// one and returns -1.
func (c *compiler) regexTerm(s Scalar, kind, id string) int {
	pat := s.Value[1 : len(s.Value)-1]
	if len(pat) > maxRegexBytes {
		c.errs.at(s.Pos, errRegex, kind, id, "regular expression %s is %d bytes, more than the limit of %d", s.Value, len(pat), maxRegexBytes)
		return -1
	}
	re, lit, err := compileRegex(pat)
	if err != nil {
		var se *syntax.Error
		switch {
		case errors.Is(err, errNoLiteral):
			c.errs.at(s.Pos, errRegexLiteral, kind, id, "regular expression %s has no literal of two or more characters that every match contains (such as 退款 in /退款.{0,8}没到账/): it would have to run on every complaint", s.Value)
		case errors.As(err, &se):
			at := s.Pos
			if i := strings.Index(pat, se.Expr); i >= 0 && se.Expr != "" {
				at = s.at(1 + utf8.RuneCountInString(pat[:i]))
			}
			c.errs.at(at, errRegex, kind, id, "regular expression %s: %s: %s", s.Value, bi{se.Code.String(), zhRegexCode(se.Code)}, se.Expr)
		default:
			c.errs.at(s.Pos, errRegex, kind, id, "regular expression %s: %s", s.Value, bi{err.Error(), zhRegexCode(syntax.ErrorCode(err.Error()))})
		}
		return -1
	}
	key := "\x00/" + re.String()
	if tid, ok := c.termID[key]; ok {
		return tid
	}
	tid := len(c.prog.terms)
	c.termID[key] = tid
	c.prog.terms = append(c.prog.terms, s.Value)
	x := c.ext()
	x.reOf[tid] = len(x.regexes)
	x.regexes = append(x.regexes, regexTerm{term: tid, re: re, literal: lit})
	return tid
}

var (
	errNoLiteral = errors.New("no required literal")
	errTooLarge  = errors.New("compiles to more than 2000 instructions (the limit)")
)

// compileRegex parses a pattern (RE2 syntax, case-insensitive), folds its
// literal characters as the text is folded, and returns it compiled with
// its trigger: a literal of at least two runes every match contains.
func compileRegex(pat string) (*regexp.Regexp, string, error) {
	tree, err := syntax.Parse(pat, syntax.Perl|syntax.FoldCase)
	if err != nil {
		return nil, "", err
	}
	foldLiterals(tree)
	tree = tree.Simplify()
	lit := trigger(requiredLiterals(tree, nil))
	if lit == "" {
		return nil, "", errNoLiteral
	}
	prog, err := syntax.Compile(tree)
	if err != nil {
		return nil, "", err
	}
	if len(prog.Inst) > maxRegexInsts {
		return nil, "", errTooLarge
	}
	re, err := regexp.Compile(tree.String())
	if err != nil {
		return nil, "", err
	}
	return re, lit, nil
}

// foldLiterals folds the literal runes of a parsed pattern with
// classify.FoldRune, dropping invisible ones, so that 退貨 in a pattern
// reads 退货 as the folded text does.
func foldLiterals(re *syntax.Regexp) {
	if re.Op == syntax.OpLiteral {
		out := re.Rune[:0]
		for _, r := range re.Rune {
			if f := classify.FoldRune(r); f >= 0 {
				out = append(out, f)
			}
		}
		re.Rune = out
		if len(out) == 0 {
			re.Op = syntax.OpEmptyMatch
		}
	}
	for _, sub := range re.Sub {
		foldLiterals(sub)
	}
}

// requiredLiterals appends the literal strings every match of re
// contains: literals, literal runs of a concatenation, and what a group,
// a + or a repetition of at least one requires. An alternation requires
// nothing here (its branches may share nothing).
func requiredLiterals(re *syntax.Regexp, out []string) []string {
	switch re.Op {
	case syntax.OpLiteral:
		out = append(out, string(re.Rune))
	case syntax.OpConcat:
		var run []rune
		for _, sub := range re.Sub {
			if sub.Op == syntax.OpLiteral {
				run = append(run, sub.Rune...)
				continue
			}
			if len(run) > 0 {
				out = append(out, string(run))
				run = run[:0]
			}
			out = requiredLiterals(sub, out)
		}
		if len(run) > 0 {
			out = append(out, string(run))
		}
	case syntax.OpCapture, syntax.OpPlus:
		out = requiredLiterals(re.Sub[0], out)
	case syntax.OpRepeat:
		if re.Min >= 1 {
			out = requiredLiterals(re.Sub[0], out)
		}
	}
	return out
}

// trigger chooses the literal to put into the automaton: the longest
// piece of a required literal, of at least two runes, that is a valid
// term (no braces, which terms read as masks); "" when there is none.
func trigger(lits []string) string {
	best := ""
	for _, l := range lits {
		for _, piece := range strings.FieldsFunc(l, func(r rune) bool { return r == '{' || r == '}' }) {
			if utf8.RuneCountInString(piece) < 2 || strings.TrimSpace(piece) == "" || classify.CheckTerm(piece) != nil {
				continue
			}
			if utf8.RuneCountInString(piece) > utf8.RuneCountInString(best) {
				best = piece
			}
		}
	}
	return best
}

// sentenceEnd reports whether r ends a sentence for a regular
// expression's window.
func sentenceEnd(r rune) bool {
	switch r {
	case '。', '！', '？', '；', '!', '?', ';', '\n':
		return true
	}
	return false
}

// window returns the sentence around text[start:end], at most
// maxRegexWindow bytes each side.
func window(text string, start, end int) (lo, hi int) {
	lo = start
	for lo > 0 && start-lo < maxRegexWindow {
		r, size := utf8.DecodeLastRuneInString(text[:lo])
		if sentenceEnd(r) {
			break
		}
		lo -= size
	}
	hi = end
	for hi < len(text) && hi-end < maxRegexWindow {
		r, size := utf8.DecodeRuneInString(text[hi:])
		if sentenceEnd(r) {
			break
		}
		hi += size
	}
	return lo, hi
}

// runRegex runs the regular expression a trigger hit m belongs to on the
// sentence around it, once per sentence, adding its matches to sc.extra
// with spans in the original text.
func (x *extension) runRegex(sc *extScratch, text string, m classify.Match) {
	ri := x.reOf[m.Term]
	if m.Start < sc.winHi[ri] {
		return // inside a window already run
	}
	lo, hi := window(text, m.Start, m.End)
	sc.winHi[ri] = hi
	runeLo := int32(m.RuneStart - utf8.RuneCountInString(text[lo:m.Start]))
	sc.foldWindow(text[lo:hi])
	for _, loc := range x.regexes[ri].re.FindAllIndex(sc.folded, -1) {
		a, b := loc[0], loc[1]
		if a == b || sc.startOff[a] < 0 {
			continue
		}
		start, end := lo+int(sc.startOff[a]), lo+int(sc.endOff[b])
		if start < sc.lastEnd[ri] {
			continue
		}
		sc.lastEnd[ri] = end
		sc.extra = append(sc.extra, classify.Match{Term: m.Term, Start: start, End: end,
			RuneStart: int(runeLo + sc.startRune[a]), RuneEnd: int(runeLo + sc.endRune[b])})
	}
}

// foldWindow folds s into sc.folded, recording for each folded byte the
// original offsets (relative to s) of the rune that starts or ends there.
func (sc *extScratch) foldWindow(s string) {
	sc.folded = sc.folded[:0]
	sc.startOff, sc.endOff = sc.startOff[:0], sc.endOff[:0]
	sc.startRune, sc.endRune = sc.startRune[:0], sc.endRune[:0]
	sc.startOff, sc.startRune = append(sc.startOff, -1), append(sc.startRune, 0)
	sc.endOff, sc.endRune = append(sc.endOff, 0), append(sc.endRune, 0)
	ri := int32(0)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		f := classify.FoldRune(r)
		if f >= 0 {
			at := len(sc.folded)
			sc.folded = utf8.AppendRune(sc.folded, f)
			sc.startOff[at], sc.startRune[at] = int32(i), ri
			for len(sc.startOff) <= len(sc.folded) {
				sc.startOff = append(sc.startOff, -1)
				sc.startRune = append(sc.startRune, 0)
				sc.endOff = append(sc.endOff, 0)
				sc.endRune = append(sc.endRune, 0)
			}
			sc.endOff[len(sc.folded)], sc.endRune[len(sc.folded)] = int32(i+size), ri+1
		}
		i += size
		ri++
	}
}

// zhRegexCode says a regexp/syntax error in Chinese.
func zhRegexCode(c syntax.ErrorCode) string {
	switch c {
	case syntax.ErrMissingParen:
		return "缺少右括号 )"
	case syntax.ErrUnexpectedParen:
		return "多了一个右括号 )"
	case syntax.ErrMissingBracket:
		return "缺少右方括号 ]"
	case syntax.ErrInvalidCharRange:
		return "字符范围写得不对"
	case syntax.ErrInvalidCharClass:
		return "字符类写得不对"
	case syntax.ErrInvalidEscape:
		return "转义写得不对"
	case syntax.ErrTrailingBackslash:
		return "末尾多了反斜杠"
	case syntax.ErrMissingRepeatArgument:
		return "重复符号前面缺少内容"
	case syntax.ErrInvalidRepeatOp:
		return "重复符号写得不对"
	case syntax.ErrInvalidRepeatSize:
		return "重复次数写得不对（最多 1000）"
	case syntax.ErrInvalidNamedCapture:
		return "命名分组写得不对"
	case syntax.ErrInvalidPerlOp:
		return "(? 写法不对"
	case syntax.ErrNestingDepth, syntax.ErrLarge:
		return "表达式太复杂"
	}
	if string(c) == errTooLarge.Error() {
		return "编译后超过 2000 条指令（上限）"
	}
	return "无法编译：" + string(c)
}
