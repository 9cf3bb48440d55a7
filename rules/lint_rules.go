package rules

import (
	"fmt"
	"slices"
	"strings"
)

// outranked reports a rule that can never decide its axis (TS112): a rule
// of a higher priority on the same axis fires whenever it does, so a
// higher tier always has votes when it votes. The check is conservative:
// the higher rule has no when (or when: true), counts negated occurrences
// as this one does, requires nothing this one does not require, forbids
// nothing this one does not forbid, and its any list (if it has one)
// holds every term of this rule's any list or of one of its all items.
func (s *Program) outranked(r *rule) (finding, bool) {
	if !r.Enabled || r.axis < 0 {
		return finding{}, false
	}
	for _, h := range s.rules {
		if h == r || !h.Enabled || h.axis != r.axis || h.Priority <= r.Priority ||
			h.CountNegated != r.CountNegated || !alwaysTrue(h.When.Value) {
			continue
		}
		if !itemsWithin(h.all, r.all) || !termsWithin(itemTermIDs(h.none), itemTermIDs(r.none)) {
			continue
		}
		if len(h.any) > 0 && !anyImplied(h.any, r) {
			continue
		}
		axis := s.axes[r.axis].Name
		return finding{
			fmt.Sprintf("can never decide %s: rule %q (priority %d) fires whenever this one does (priority %d), and the higher priority decides", axis, h.ID, h.Priority, r.Priority),
			fmt.Sprintf("永远无法决定 %s：每当它触发（priority %d），优先级更高的规则 %q（priority %d）也会触发，由后者决定", axis, r.Priority, h.ID, h.Priority)}, true
	}
	return finding{}, false
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
