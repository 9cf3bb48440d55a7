package rules

import (
	"fmt"
	"strings"

	"github.com/tousu/tousu/classify"
)

// foldedTerm is a term as the matcher sees it, with where it is written.
type foldedTerm struct {
	text, folded string
	pos          Position
}

// maskFree reports whether a term has no {mask}: coverage is reasoned on
// plain text only.
func maskFree(t string) bool { return !strings.Contains(t, "{") }

// covers returns the first term of by that matches wherever t does (t
// contains it, word boundaries respected), other than t itself.
func covers(t foldedTerm, by []foldedTerm) (foldedTerm, bool) {
	if !maskFree(t.text) {
		return foldedTerm{}, false
	}
	for _, b := range by {
		if b.pos == t.pos || !maskFree(b.text) || b.folded == "" {
			continue
		}
		if len(b.folded) <= len(t.folded) && coveredBy(t.folded, b.folded) {
			return b, true
		}
	}
	return foldedTerm{}, false
}

func foldAll(terms []Scalar) []foldedTerm {
	out := make([]foldedTerm, 0, len(terms))
	for _, t := range terms {
		out = append(out, foldedTerm{t.Value, classify.Fold(t.Value), t.Pos})
	}
	return out
}

// lexiconRedundancy reports a term of a lexicon that a shorter term of
// the same lexicon already matches wherever it occurs ([不值, 不值钱]); terms
// that fold alike are TS103's.
func (s *Program) lexiconRedundancy(lx *Lexicon) []finding2 {
	var out []finding2
	terms := foldAll(lx.Terms)
	for _, t := range terms {
		var shorter []foldedTerm
		for _, b := range terms {
			if len(b.folded) < len(t.folded) {
				shorter = append(shorter, b)
			}
		}
		if b, ok := covers(t, shorter); ok {
			out = append(out, finding2{t.pos, finding{
				fmt.Sprintf("term %q is redundant: %q in the same lexicon matches wherever it does", t.text, b.text),
				fmt.Sprintf("词条 %q 多余：同一词表中的 %q 已能匹配它出现的每一处", t.text, b.text)}})
		}
	}
	return out
}

// finding2 is a finding with its position.
type finding2 struct {
	pos Position
	finding
}

// listRedundancy reports an item of a rule's any or none list that another
// item holding a lexicon already matches wherever it does: an inline term
// a lexicon of the list covers ([$expensive, 贵] when $expensive holds 贵),
// or a lexicon every term of which another item covers. Two inline terms
// are TS104's.
func (s *Program) listRedundancy(r *rule) []finding2 {
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
				if f, ok := s.itemCovered(it, other, l.name); ok {
					out = append(out, finding2{it.pos, f})
					break
				}
			}
		}
	}
	return out
}

// itemTerms returns the terms an item stands for.
func (s *Program) itemTerms(it item) []foldedTerm {
	if it.lexicon == "" {
		return []foldedTerm{{it.text, classify.Fold(it.text), it.pos}}
	}
	for _, lx := range s.lexicons {
		if lx.Name == it.lexicon {
			return foldAll(lx.Terms)
		}
	}
	return nil
}

// itemCovered reports whether other matches wherever it does.
func (s *Program) itemCovered(it, other item, list string) (finding, bool) {
	terms, by := s.itemTerms(it), s.itemTerms(other)
	if len(terms) == 0 || len(by) == 0 {
		return finding{}, false
	}
	var witness foldedTerm
	for _, t := range terms {
		t.pos = Position{} // never the same term as one of by
		b, ok := covers(t, by)
		if !ok {
			return finding{}, false
		}
		witness = b
	}
	switch {
	case it.lexicon == "" && classify.Fold(it.text) == witness.folded:
		return finding{
			fmt.Sprintf("term %q is redundant: %s in the same %s list already holds it", it.text, other.text, list),
			fmt.Sprintf("词条 %q 多余：同一 %s 列表中的 %s 已包含它", it.text, list, other.text)}, true
	case it.lexicon == "":
		return finding{
			fmt.Sprintf("term %q is redundant: %s in the same %s list matches wherever it does (by its term %q)", it.text, other.text, list, witness.text),
			fmt.Sprintf("词条 %q 多余：同一 %s 列表中的 %s（其中的词条 %q）已能匹配它出现的每一处", it.text, list, other.text, witness.text)}, true
	}
	return finding{
		fmt.Sprintf("%s is redundant: %s in the same %s list matches wherever any of its terms does", it.text, other.text, list),
		fmt.Sprintf("%s 多余：同一 %s 列表中的 %s 已能匹配它每个词条出现的每一处", it.text, list, other.text)}, true
}
