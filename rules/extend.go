package rules

import (
	"slices"
	"strings"

	"github.com/expr-lang/expr/ast"

	"github.com/tousu/tousu/classify"
)

// Special match items: terms that are not found by the automaton alone.
// A regular expression (/退款.{0,8}没到账/) puts a required literal of
// its own into the automaton and runs where that literal occurs; a number
// item (@money, @duration, @quantity) is found by the number recogniser.
// Both become ordinary matches of a term id of their own, so the rest of
// evaluation (items, owners, negation, evidence) does not know them apart.
const (
	termPlain uint8 = iota
	termRegex
	termNumber
)

// extension holds a program's special terms; nil when it has none, so
// that policies without them pay nothing.
type extension struct {
	kind    []uint8 // per term id, built by index
	regexes []regexTerm
	reOf    map[int]int // term id → index in regexes
	numbers []numberTerm
	// needsNumbers says whether an expression reads max_amount or
	// max_duration.
	needsNumbers bool
	// The recogniser runs only when its numbers can change the result:
	// always when numAlways, otherwise when a term of numGate occurs
	// (see gateNumbers).
	numAlways bool
	numGate   []bool // per term id
}

// extScratch is an Evaluation's scratch for special terms.
type extScratch struct {
	extra, merged  []classify.Match
	folded         []byte
	startOff       []int32 // per folded byte: original byte offset of the rune starting there, -1 elsewhere
	endOff         []int32 // per folded byte boundary: original byte offset of the rune ending there
	startRune      []int32
	endRune        []int32
	winHi, lastEnd []int    // per regex: end of the last window run, of the last match kept
	negTrig        [][2]int // negated trigger hits: term, start
	quantities     []classify.Quantity
	numbers        classify.NumberScanner
}

// ext returns the program's extension, creating it.
func (c *compiler) ext() *extension {
	if c.prog.ext == nil {
		c.prog.ext = &extension{reOf: map[int]int{}}
	}
	return c.prog.ext
}

// specialTerm compiles a regular expression or number item; ok is false
// for a plain term. tid is -1 when it is not usable (the error reported).
func (c *compiler) specialTerm(s Scalar, kind, id string) (tid int, ok bool) {
	switch {
	case isRegexItem(s.Value):
		return c.regexTerm(s, kind, id), true
	case strings.HasPrefix(s.Value, "@"):
		return c.numberTerm(s, kind, id), true
	}
	return -1, false
}

// isSpecialTerm reports whether a term as written is a regular expression
// or a number item.
func isSpecialTerm(t string) bool { return isRegexItem(t) || strings.HasPrefix(t, "@") }

// matcherTerms are the terms the automaton is built from: each regular
// expression's slot holds its trigger literal, each number item's a
// string no text holds.
func (x *extension) matcherTerms(terms []string) ([]string, []bool) {
	out := make([]string, len(terms))
	copy(out, terms)
	anywhere := make([]bool, len(terms))
	x.kind = make([]uint8, len(terms))
	for _, r := range x.regexes {
		out[r.term] = r.literal
		anywhere[r.term] = true
		x.kind[r.term] = termRegex
	}
	for _, n := range x.numbers {
		out[n.term] = neverTerm
		x.kind[n.term] = termNumber
	}
	return out, anywhere
}

// neverTerm is a term no complaint text holds: two noncharacters.
const neverTerm = "\uFDD0\uFDD1"

// apply turns the automaton's matches into the program's: trigger hits
// become the matches of their regular expressions, the numbers of the
// text become matches of the number items, and the result is ordered by
// position again. It also fills env's number fields.
func (x *extension) apply(sc *extScratch, env *Env, ms []classify.Match, trace bool) []classify.Match {
	sc.extra = sc.extra[:0]
	sc.negTrig = sc.negTrig[:0]
	if n := len(x.regexes); n > 0 {
		if cap(sc.winHi) < n {
			sc.winHi, sc.lastEnd = make([]int, n), make([]int, n)
		}
		sc.winHi, sc.lastEnd = sc.winHi[:n], sc.lastEnd[:n]
		clear(sc.winHi)
		clear(sc.lastEnd)
	}
	kept := ms[:0]
	for _, m := range ms {
		switch x.kind[m.Term] {
		case termPlain:
			kept = append(kept, m)
		case termRegex:
			if m.Negated {
				sc.negTrig = append(sc.negTrig, [2]int{m.Term, m.Start})
			}
			x.runRegex(sc, env.Text, m)
		}
	}
	if len(x.numbers) > 0 || x.needsNumbers {
		if x.numAlways || trace || x.gated(kept) || x.gated(sc.extra) {
			x.runNumbers(sc, env)
		} else {
			env.MaxAmount, env.MaxDuration = 0, 0
		}
	}
	if len(sc.extra) == 0 {
		return kept
	}
	for i := range sc.extra {
		m := &sc.extra[i]
		if x.kind[m.Term] == termRegex {
			for _, k := range sc.negTrig {
				if k == [2]int{m.Term, m.Start} {
					m.Negated = true
				}
			}
		}
	}
	// The scan's own buffer may have no room: merge into ours, so that a
	// reused Evaluation does not allocate.
	sc.merged = append(append(sc.merged[:0], kept...), sc.extra...)
	classify.SortMatches(sc.merged)
	return sc.merged
}

// gated reports whether a match of ms is of a term of numGate.
func (x *extension) gated(ms []classify.Match) bool {
	for _, m := range ms {
		if x.numGate[m.Term] {
			return true
		}
	}
	return false
}

// gateNumbers decides when the number recogniser must run. A rule uses
// numbers if a match list (near items included) holds a number item or
// its when reads max_amount or max_duration. If every such rule has terms
// and cannot fire without an occurrence of one of its other terms, the
// numbers can change nothing (no firing, no evidence, no expression that
// reads them) unless one of those terms occurs: they are numGate, and the
// recogniser runs only after a scan that found one. Otherwise (a
// strategy reads numbers, a rule without terms does, or one could fire on
// numbers alone) it runs on every complaint, as it does when a trace is
// asked for, whose near misses may name such rules.
func (p *Program) gateNumbers() {
	x := p.ext
	if x == nil || len(x.numbers) == 0 && !x.needsNumbers {
		return
	}
	x.numGate = make([]bool, len(p.terms))
	for _, st := range p.strategies {
		if st.program != nil && readsNumbers(st.program.Node()) {
			x.numAlways = true
		}
	}
	plain := func(it item) bool { // every term of it is found by the scan
		for _, t := range it.terms {
			if x.kind[t] == termNumber {
				return false
			}
		}
		return len(it.terms) > 0
	}
	for _, r := range p.rules {
		if !r.Enabled {
			continue
		}
		uses := r.program != nil && readsNumbers(r.program.Node())
		for _, list := range [][]item{r.any, r.all, r.none} {
			for _, it := range list {
				uses = uses || !plain(it)
			}
		}
		for _, n := range r.near {
			uses = uses || !plain(n.a) || !plain(n.b)
		}
		if !uses {
			continue
		}
		if !r.hasTerms || !needsPlain(r, plain) {
			x.numAlways = true
			return
		}
		// A plain all item must hold for the rule to fire: its terms alone
		// are gate enough (a rarer word than the any list's, such as 万
		// beside 坏了, keeps the recogniser off most complaints).
		if i := slices.IndexFunc(r.all, plain); i >= 0 {
			for _, t := range r.all[i].terms {
				x.numGate[t] = true
			}
			continue
		}
		for _, list := range [][]item{r.any, r.all} {
			for _, it := range list {
				for _, t := range it.terms {
					x.numGate[t] = x.numGate[t] || x.kind[t] != termNumber
				}
			}
		}
		for _, n := range r.near {
			if n.List != "none" {
				for _, t := range append(slices.Clip(n.a.terms), n.b.terms...) {
					x.numGate[t] = x.numGate[t] || x.kind[t] != termNumber
				}
			}
		}
	}
}

// needsPlain reports whether r's match clause can hold only if a term of
// an item for which plain is true occurs.
func needsPlain(r *rule, plain func(item) bool) bool {
	for _, it := range r.all {
		if plain(it) {
			return true
		}
	}
	for _, n := range r.near {
		if n.List == "all" && (plain(n.a) || plain(n.b)) {
			return true
		}
	}
	if len(r.any) == 0 && !r.nearAny {
		return false
	}
	for _, it := range r.any {
		if !plain(it) {
			return false
		}
	}
	for _, n := range r.near {
		if n.List == "any" && !plain(n.a) && !plain(n.b) {
			return false
		}
	}
	return true
}

// readsNumbers reports whether an expression reads max_amount or
// max_duration.
func readsNumbers(n ast.Node) bool {
	return ast.Find(n, func(x ast.Node) bool {
		id, ok := x.(*ast.IdentifierNode)
		return ok && (id.Value == "max_amount" || id.Value == "max_duration")
	}) != nil
}

func init() {
	zhTitles[errRegex] = "正则表达式有误"
	zhTitles[errRegexLiteral] = "正则表达式缺少必需的字面文字"
	zhTitles[errNumberItem] = "未知的数量项"
	for en, zh := range map[string]string{
		"regular expression %s is %d bytes, more than the limit of %d": "正则表达式 %s 有 %d 字节，超过了 %d 字节的上限",
		"regular expression %s has no literal of two or more characters that every match contains (such as 退款 in /退款.{0,8}没到账/): it would have to run on every complaint": "正则表达式 %s 没有每次匹配都包含的、两个字以上的固定文字（如 /退款.{0,8}没到账/ 中的 退款），只能对每条投诉都运行",
		"regular expression %s: %s":                                    "正则表达式 %s：%s",
		"regular expression %s: %s: %s":                                "正则表达式 %s：%s：%s",
		"regular expression %s: %v":                                    "正则表达式 %s：%v",
		"unknown number item %q (want @money, @duration or @quantity)": "没有数量项 %q（可用 @money、@duration 或 @quantity）",
	} {
		zhFormats[en] = zh
	}
}
