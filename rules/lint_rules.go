package rules

import (
	"fmt"
	"slices"
	"strings"
)

// outranked reports a rule that can never decide its axis (TS112): a rule
// of a higher priority on the same axis fires whenever it does, so a
// higher tier always has votes when it votes. The check is conservative:
// the higher rule has no when (or when: true), no near items and no
// exclude_praised, counts negated occurrences as this one does, requires nothing this one does not require, forbids
// nothing this one does not forbid, and its any list (if it has one)
// holds every term of this rule's any list or of one of its all items.
func (s *Program) outranked(r *rule, ix *outrankIndex) (finding, bool) {
	if !r.Enabled || r.axis < 0 {
		return finding{}, false
	}
	var found *rule
	ix.candidates(r, func(h *rule) bool {
		if h == r || h.axis != r.axis || h.Priority <= r.Priority || h.CountNegated != r.CountNegated {
			return true
		}
		if !itemsWithin(h.all, r.all) || !termsWithin(itemTermIDs(h.none), itemTermIDs(r.none)) {
			return true
		}
		if len(h.any) > 0 && !anyImplied(h.any, r) {
			return true
		}
		found = h
		return false
	})
	if found == nil {
		return finding{}, false
	}
	h := found
	axis := s.axes[r.axis].Name
	return finding{
		fmt.Sprintf("can never decide %s: rule %q (priority %d) fires whenever this one does (priority %d), and the higher priority decides", axis, h.ID, h.Priority, r.Priority),
		fmt.Sprintf("永远无法决定 %s：每当它触发（priority %d），优先级更高的规则 %q（priority %d）也会触发，由后者决定", axis, r.Priority, h.ID, h.Priority)}, true
}

// outrankIndex holds, per axis, the rules that could outrank another
// (enabled, no when, no near items or exclude_praised), so that TS112
// looks at a few candidates a rule rather than at every rule: those whose
// any list holds a term the rule needs, and those without an any list.
// With 10,000 rules the pairwise scan took seconds.
type outrankIndex struct {
	byTerm map[[2]int][]*rule // (axis, term) → candidates whose any list holds the term
	noAny  map[int][]*rule    // axis → candidates without an any list
}

func newOutrankIndex(s *Program) *outrankIndex {
	ix := &outrankIndex{byTerm: map[[2]int][]*rule{}, noAny: map[int][]*rule{}}
	for _, h := range s.rules {
		if !h.Enabled || h.axis < 0 || !alwaysTrue(h.When.Value) || h.scoped {
			continue
		}
		if len(h.any) == 0 {
			ix.noAny[h.axis] = append(ix.noAny[h.axis], h)
			continue
		}
		seen := map[int]bool{}
		for _, t := range itemTermIDs(h.any) {
			if !seen[t] {
				seen[t] = true
				ix.byTerm[[2]int{h.axis, t}] = append(ix.byTerm[[2]int{h.axis, t}], h)
			}
		}
	}
	return ix
}

// candidates calls f with every rule that might outrank r, until f
// returns false. A rule with an any list outranks r only if it holds
// every term of r's any list or of one of r's all items, so it holds the
// first term of one of them.
func (ix *outrankIndex) candidates(r *rule, f func(*rule) bool) {
	for _, h := range ix.noAny[r.axis] {
		if !f(h) {
			return
		}
	}
	var firsts []int
	if ts := itemTermIDs(r.any); len(ts) > 0 {
		firsts = append(firsts, ts[0])
	}
	for _, it := range r.all {
		if len(it.terms) > 0 {
			firsts = append(firsts, it.terms[0])
		}
	}
	for _, t := range firsts {
		for _, h := range ix.byTerm[[2]int{r.axis, t}] {
			if !f(h) {
				return
			}
		}
	}
}

// alwaysTrue reports whether a when holds for every complaint as written.
func alwaysTrue(when string) bool {
	w := strings.TrimSpace(when)
	return w == "" || w == "true"
}

func itemTermIDs(items []item) []int {
	var out []int
	for _, it := range items {
		out = append(out, it.terms...)
	}
	return out
}

// termsWithin reports whether every term of a is in b.
func termsWithin(a, b []int) bool {
	if len(a)*len(b) > 256 { // lexicons can be long: look up in a set
		set := make(map[int]bool, len(b))
		for _, t := range b {
			set[t] = true
		}
		for _, t := range a {
			if !set[t] {
				return false
			}
		}
		return true
	}
	for _, t := range a {
		if !slices.Contains(b, t) {
			return false
		}
	}
	return true
}

// itemsWithin reports whether every item of a has an item of b with the
// same terms: what a requires, b requires too.
func itemsWithin(a, b []item) bool {
	for _, x := range a {
		if !slices.ContainsFunc(b, func(y item) bool { return slices.Equal(x.terms, y.terms) }) {
			return false
		}
	}
	return true
}

// anyImplied reports whether r firing means one of the terms of any
// occurs: every item of r's any list has its terms among them, or one of
// r's all items has.
func anyImplied(any []item, r *rule) bool {
	terms := itemTermIDs(any)
	if len(r.any) > 0 && termsWithin(itemTermIDs(r.any), terms) {
		return true
	}
	for _, it := range r.all {
		if termsWithin(it.terms, terms) {
			return true
		}
	}
	return false
}

// scopeBreaks are the punctuation marks that end a clause and those that
// end a sentence, in their written and folded forms.
var scopeBreaks = map[string]string{
	"clause":   "，,：:、。.！!？?；;\n",
	"sentence": "。.！!？?；;\n",
}

// nearFindings reports the near items of r that are written but say
// nothing more (TS114: then between one item and itself) or can never
// hold (TS115: with an order and a scope, every term of the first item
// holds a break of the scope, so the second item, which must follow it,
// always begins in a later clause or sentence), and exclude_praised on a
// rule without terms (TS116).
func (s *Program) nearFindings(r *rule) []posFinding {
	var out []posFinding
	for _, x := range r.near {
		if x.Order && slices.Equal(x.a.terms, x.b.terms) {
			out = append(out, posFinding{x.Pos, warnSameSides, finding{
				fmt.Sprintf("%s: both items are %s, so the order says nothing: write near", x.Near, x.a.text),
				fmt.Sprintf("%s：前后两项都是 %s，先后顺序没有意义：请改用 near", x.Near, x.a.text)}})
			continue
		}
		if !x.Order || x.Scope == "" || len(x.a.terms) == 0 {
			continue
		}
		always := true
		for _, t := range x.a.terms {
			always = always && strings.ContainsAny(s.terms[t], scopeBreaks[x.Scope])
		}
		if always {
			zhScope := map[string]string{"clause": "分句", "sentence": "句子"}[x.Scope]
			out = append(out, posFinding{x.Pos, warnNeverNear, finding{
				fmt.Sprintf("%s can never hold: every term of %s ends its %s, so %s never follows it in the same %s", x.Near, x.a.text, x.Scope, x.b.text, x.Scope),
				fmt.Sprintf("%s 永远不会成立：%s 的每个词条都结束了所在的%s，%s 不可能在同一%s里跟在它后面", x.Near, x.a.text, zhScope, x.b.text, zhScope)}})
		}
	}
	if r.ExcludePraised && !r.hasTerms {
		out = append(out, posFinding{r.Pos, warnPraiseUnused, finding{
			"exclude_praised does nothing: the rule has no terms in match.any or match.all",
			"exclude_praised 不起作用：这条规则的 match.any 和 match.all 中没有词条"}})
	}
	return out
}

// posFinding is a finding with its code and position.
type posFinding struct {
	pos  Position
	code Code
	finding
}
