package rules

import "github.com/tousu/tousu/classify"

// modality is a program's record of the rules that count asserted
// occurrences only (asserted_only: true).
type modality struct {
	on   bool   // some enabled rule counts asserted occurrences only
	only []bool // per rule
	term []bool // per term: owned by such a rule, so its modality matters
}

// initModality records the rules with asserted_only, after layering.
func (p *Program) initModality() {
	p.modality = modality{only: make([]bool, len(p.rules))}
	for i, r := range p.rules {
		p.modality.only[i] = r.AssertedOnly
		if r.AssertedOnly && r.Enabled {
			p.modality.on = true
		}
	}
	if p.modality.on {
		p.modalTerms()
	}
}

// modScratch is an Evaluation's state for modality: each match's
// modality, and which terms and match items occurred asserted.
type modScratch struct {
	mods             []classify.Modality // per match of the last Evaluate
	present, negated []uint32            // per term: the generation it was seen asserted
	itemP, itemN     []uint32            // per match item: the same
	text             string              // the text of the last Evaluate, for near misses
}

// classify computes the modality of each match whose term a rule with
// asserted_only owns; the others count as asserted without a look.
func (m *modScratch) classify(s *Program, text string, ms []classify.Match, gen uint32) {
	m.text = text
	if len(m.present) != len(s.terms) || len(m.itemP) != s.nitems {
		m.present, m.negated = make([]uint32, len(s.terms)), make([]uint32, len(s.terms))
		m.itemP, m.itemN = make([]uint32, s.nitems), make([]uint32, s.nitems)
	} else if gen == 1 { // the evaluation's generations wrapped
		clear(m.present)
		clear(m.negated)
		clear(m.itemP)
		clear(m.itemN)
	}
	m.mods = m.mods[:0]
	for _, x := range ms {
		mod := classify.Asserted
		if s.modality.term[x.Term] {
			mod, _ = classify.ModalityAt(text, x.Start, x.End)
		}
		m.mods = append(m.mods, mod)
	}
}

// modalTerms marks the terms of the rules with asserted_only, at
// compile time.
func (s *Program) modalTerms() {
	t := make([]bool, len(s.terms))
	for _, r := range s.rules {
		if !r.AssertedOnly || !r.Enabled {
			continue
		}
		for _, list := range [][]item{r.any, r.all, r.none} {
			for _, it := range list {
				for _, id := range it.terms {
					t[id] = true
				}
			}
		}
	}
	s.modality.term = t
}

// mark records match mi if it is asserted; fresh says its term had not
// yet been seen asserted (in its polarity) in this evaluation.
func (m *modScratch) mark(s *Program, mi int, x classify.Match, gen uint32) (asserted, fresh bool) {
	if m.mods[mi] != classify.Asserted {
		return false, false
	}
	seen, items := m.present, m.itemP
	if x.Negated {
		seen, items = m.negated, m.itemN
	}
	if seen[x.Term] == gen {
		return true, false
	}
	seen[x.Term] = gen
	for _, it := range s.termItems[s.itemAt[x.Term]:s.itemAt[x.Term+1]] {
		items[it] = gen
	}
	return true, true
}

// asserted reports whether match mi of the last evaluation is asserted.
func (m *modScratch) asserted(mi int) bool { return m.mods[mi] == classify.Asserted }

// nearMiss records, for a rule with asserted_only whose match clause
// holds on all occurrences but not on the asserted ones, why: the first
// of its occurrences that did not count.
func (m *modScratch) nearMiss(out *Evaluation, r *rule, gen uint32) bool {
	if !r.AssertedOnly || len(m.itemP) == 0 || len(m.mods) != len(out.Matches) {
		return false
	}
	if r.matches(m.itemP, m.itemN, gen, r.CountNegated, false) || !r.matches(out.itemP, out.itemN, gen, r.CountNegated, false) {
		return false
	}
	for mi, x := range out.Matches {
		if m.mods[mi] == classify.Asserted || x.Negated && !r.CountNegated || !ownsTerm(r, x.Term) {
			continue
		}
		mod, marker := classify.ModalityAt(m.text, x.Start, x.End)
		out.NearMisses = append(out.NearMisses, NearMiss{Rule: r.Rule, Reason: "unasserted", Modality: mod.String(), Marker: marker})
		return true
	}
	return false
}

// ownsTerm reports whether term t is in r's any or all list.
func ownsTerm(r *rule, t int) bool {
	for _, list := range [][]item{r.any, r.all} {
		for _, it := range list {
			for _, id := range it.terms {
				if id == t {
					return true
				}
			}
		}
	}
	return false
}
