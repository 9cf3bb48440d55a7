package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tousu/tousu/classify"
)

// coverage finds which terms of a program occur inside a term's own text,
// by scanning that text with the program's matcher: the matcher's own
// semantics (folding, word boundaries for ASCII-edged terms, masks) and
// one pass per term, however many terms there are.
type coverage struct {
	s    *Program
	id   map[string]int // folded term → its index in s.terms
	sc   classify.Scratch
	memo map[int][]int // term index ×2 (+1 counting negation) → the terms inside it
	// negLex holds the lexicons that only rules counting negated
	// occurrences (count_negated) use: in them a negated cover still
	// covers.
	negLex map[string]bool
}

func newCoverage(s *Program) *coverage {
	c := &coverage{s: s, id: make(map[string]int, len(s.terms)), memo: map[int][]int{}, negLex: map[string]bool{}}
	for i, t := range s.terms {
		c.id[classify.Fold(t)] = i
	}
	plain := map[string]bool{} // lexicons some rule uses without count_negated
	for _, r := range s.rules {
		for _, list := range [][]item{r.any, r.all, r.none} {
			for _, it := range list {
				if it.lexicon == "" {
					continue
				}
				if r.CountNegated {
					c.negLex[it.lexicon] = true
				} else {
					plain[it.lexicon] = true
				}
			}
		}
		for _, n := range r.near {
			plain[n.a.lexicon], plain[n.b.lexicon] = true, true
		}
	}
	for lx := range plain {
		delete(c.negLex, lx)
	}
	return c
}

// termID returns the index of a term as written, or -1.
func (c *coverage) termID(t string) int {
	if id, ok := c.id[classify.Fold(t)]; ok {
		return id
	}
	return -1
}

// within returns the terms that occur inside text, text's own term
// included. Unless countNeg, a term negated there is left out (塞牙缝 in
// 不够塞牙缝: where the longer term occurs, the shorter does not count);
// a rule with count_negated counts it. nil for a term with {mask}, whose
// text is not what it matches.
func (c *coverage) within(text string, countNeg bool) []int {
	if strings.Contains(text, "{") || c.s.matcher == nil || isSpecialTerm(text) {
		return nil
	}
	var out []int
	for _, m := range c.s.matcher.Scan(&c.sc, text) {
		if c.s.ext != nil && c.s.ext.kind[m.Term] != termPlain {
			continue // a trigger literal is not its regular expression
		}
		if m.Negated && !countNeg {
			continue // 塞牙缝 inside 不够塞牙缝 is negated there: it does not cover it
		}
		if !slices.Contains(out, m.Term) {
			out = append(out, m.Term)
		}
	}
	return out
}

// finding2 is a finding with its position.
type finding2 struct {
	pos Position
	finding
}

// lexiconRedundancy reports a term of a lexicon that another, shorter
// term of the same lexicon matches wherever it occurs ([不值, 不值钱]); terms
// that fold alike are TS103's.
func (c *coverage) lexiconRedundancy(lx *Lexicon) []finding2 {
	spelling := map[int]string{}
	for _, t := range lx.Terms {
		if id := c.termID(t.Value); id >= 0 {
			if _, ok := spelling[id]; !ok {
				spelling[id] = t.Value
			}
		}
	}
	var out []finding2
	for _, t := range lx.Terms {
		self := c.termID(t.Value)
		for _, u := range c.within(t.Value, c.negLex[lx.Name]) {
			if b, ok := spelling[u]; ok && u != self {
				out = append(out, finding2{t.Pos, finding{
					fmt.Sprintf("term %q is redundant: %q in the same lexicon matches wherever it does", t.Value, b),
					fmt.Sprintf("词条 %q 多余：同一词表中的 %q 已能匹配它出现的每一处", t.Value, b)}})
				break
			}
		}
	}
	return out
}

// listRedundancy reports an item of a rule's any or none list that another
// item, one of them a lexicon, already matches wherever it does: an inline
// term a lexicon of the list holds or covers ([$expensive, 贵]), or a
// lexicon every term of which another item covers. Two inline terms are
// TS104's.
func (c *coverage) listRedundancy(r *rule) []finding2 {
	var out []finding2
	for _, l := range []struct {
		name  string
		items []item
	}{{"any", r.any}, {"none", r.none}} {
		for i, it := range l.items {
			for j, other := range l.items {
				if i == j || it.lexicon == "" && other.lexicon == "" || it.lexicon != "" && it.lexicon == other.lexicon {
					continue
				}
				if f, ok := c.itemCovered(it, other, l.name, r.CountNegated); ok {
					out = append(out, finding2{it.pos, f})
					break
				}
			}
		}
	}
	return out
}

// itemCovered reports whether other matches wherever it does, for a rule
// that counts negated occurrences when countNeg.
func (c *coverage) itemCovered(it, other item, list string, countNeg bool) (finding, bool) {
	if len(it.terms) == 0 || len(other.terms) == 0 {
		return finding{}, false
	}
	witness := -1
	for _, t := range it.terms {
		found := -1
		key := 2 * t
		if countNeg {
			key++
		}
		in, ok := c.memo[key]
		if !ok {
			in = c.within(c.s.terms[t], countNeg)
			c.memo[key] = in
		}
		for _, u := range in {
			if slices.Contains(other.terms, u) {
				found = u
				break
			}
		}
		if found < 0 {
			return finding{}, false
		}
		witness = found
	}
	w := c.s.terms[witness]
	switch {
	case it.lexicon == "" && it.terms[0] == witness:
		return finding{
			fmt.Sprintf("term %q is redundant: %s in the same %s list already holds it", it.text, other.text, list),
			fmt.Sprintf("词条 %q 多余：同一 %s 列表中的 %s 已包含它", it.text, list, other.text)}, true
	case it.lexicon == "":
		return finding{
			fmt.Sprintf("term %q is redundant: %s in the same %s list matches wherever it does (by its term %q)", it.text, other.text, list, w),
			fmt.Sprintf("词条 %q 多余：同一 %s 列表中的 %s（其中的词条 %q）已能匹配它出现的每一处", it.text, list, other.text, w)}, true
	}
	return finding{
		fmt.Sprintf("%s is redundant: %s in the same %s list matches wherever any of its terms does", it.text, other.text, list),
		fmt.Sprintf("%s 多余：同一 %s 列表中的 %s 已能匹配它每个词条出现的每一处", it.text, list, other.text)}, true
}
