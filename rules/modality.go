package rules

import "github.com/tousu/tousu/classify"

// modality is a program's record of the rules that do not count some
// modalities of their occurrences (asserted_only, exclude_modality). Rules
// that exclude the same modalities share a view: one set of the terms and
// match items seen in a counted modality.
type modality struct {
	on    bool
	view  []int8  // per rule: its view (an index into masks), or -1
	masks []uint8 // per view: bit m set when modality m does not count
	term  []bool  // per term: owned by a rule with a view, so its modality matters
}

// modalityMask returns the modalities, as bits, whose occurrences do not
// count for r: every one but Asserted under asserted_only, and those of
// exclude_modality. Asserted occurrences always count.
func modalityMask(r *Rule) uint8 {
	var m uint8
	if r.AssertedOnly {
		m = 0xff
	}
	for _, x := range r.ExcludeModality {
		m |= 1 << x
	}
	const all = 1<<classify.Hypothetical | 1<<classify.Question | 1<<classify.Reported | 1<<classify.Quoted | 1<<classify.Figurative
	return m & all
}

// maxModalityViews bounds the distinct modality sets a program may use:
// each costs an evaluation four arrays the size of the term and item
// tables. There are 31 such sets of the five modalities.
const maxModalityViews = 32

// initModality records the rules' modality views, after layering.
func (p *Program) initModality() {
	p.modality = modality{view: make([]int8, len(p.rules))}
	for i, r := range p.rules {
		p.modality.view[i] = -1
		mask := modalityMask(r.Rule)
		if mask == 0 || !r.Enabled {
			continue
		}
		v := -1
		for j, m := range p.modality.masks {
			if m == mask {
				v = j
			}
		}
		if v < 0 && len(p.modality.masks) < maxModalityViews {
			v = len(p.modality.masks)
			p.modality.masks = append(p.modality.masks, mask)
		}
		p.modality.view[i] = int8(v)
	}
	p.modality.on = len(p.modality.masks) > 0
	if p.modality.on {
		p.modalTerms()
	}
}

// modScratch is an Evaluation's state for modality: each match's
// modality, and per view which terms and match items occurred in a
// counted modality.
type modScratch struct {
	mods    []classify.Modality // per match of the last Evaluate
	views   []modView
	text    string // the text of the last Evaluate, for near misses
	lastGen uint32
}

// modView is one view's record: per term and per match item, the
// generation it was seen in a modality the view counts, by polarity.
type modView struct {
	present, negated []uint32
	itemP, itemN     []uint32
}

// classify computes the modality of each match whose term a rule with a
// view owns; the others count as asserted without a look.
func (m *modScratch) classify(s *Program, text string, ms []classify.Match, gen uint32) {
	m.text = text
	stale := gen <= m.lastGen // the evaluation's generations restarted (wrap, or another program)
	m.lastGen = gen
	if len(m.views) != len(s.modality.masks) {
		m.views = make([]modView, len(s.modality.masks))
	}
	for i := range m.views {
		v := &m.views[i]
		if len(v.present) != len(s.terms) || len(v.itemP) != s.nitems {
			v.present, v.negated = make([]uint32, len(s.terms)), make([]uint32, len(s.terms))
			v.itemP, v.itemN = make([]uint32, s.nitems), make([]uint32, s.nitems)
		} else if stale {
			clear(v.present)
			clear(v.negated)
			clear(v.itemP)
			clear(v.itemN)
		}
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

// modalTerms marks the terms of the rules with a view, at compile time.
func (s *Program) modalTerms() {
	t := make([]bool, len(s.terms))
	for i, r := range s.rules {
		if s.modality.view[i] < 0 {
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

// mark records match mi in every view that counts its modality; fresh
// says some view had not yet seen its term (in its polarity) in this
// evaluation.
func (m *modScratch) mark(s *Program, mi int, x classify.Match, gen uint32) (fresh bool) {
	if !s.modality.term[x.Term] {
		// No rule with a view holds the term, so no view's items need it.
		return false
	}
	bit := uint8(1) << m.mods[mi]
	for vi, mask := range s.modality.masks {
		if mask&bit != 0 {
			continue
		}
		v := &m.views[vi]
		seen, items := v.present, v.itemP
		if x.Negated {
			seen, items = v.negated, v.itemN
		}
		if seen[x.Term] == gen {
			continue
		}
		seen[x.Term] = gen
		for _, it := range s.termItems[s.itemAt[x.Term]:s.itemAt[x.Term+1]] {
			items[it] = gen
		}
		fresh = true
	}
	return fresh
}

// counts reports whether match mi of the last evaluation counts for rule
// ri: the rule has no view, or its view counts the match's modality.
func (m *modScratch) counts(s *Program, ri, mi int) bool {
	v := s.modality.view[ri]
	return v < 0 || s.modality.masks[v]&(1<<m.mods[mi]) == 0
}

// items returns the present arrays rule ri's match lists are read
// against: its view's, or nil when it has none.
func (m *modScratch) items(s *Program, ri int) (itemP, itemN []uint32, ok bool) {
	v := s.modality.view[ri]
	if v < 0 {
		return nil, nil, false
	}
	return m.views[v].itemP, m.views[v].itemN, true
}

// nearMiss records, for a rule with a view whose match clause holds on
// all occurrences but not on the counted ones, why: the first of its
// occurrences that did not count.
func (m *modScratch) nearMiss(s *Program, out *Evaluation, ri int, gen uint32) bool {
	r := s.rules[ri]
	itemP, itemN, ok := m.items(s, ri)
	if !ok || len(itemP) == 0 || len(m.mods) != len(out.Matches) {
		return false
	}
	if r.matches(itemP, itemN, gen, r.CountNegated, false) || !r.matches(out.itemP, out.itemN, gen, r.CountNegated, false) {
		return false
	}
	for mi, x := range out.Matches {
		if m.counts(s, ri, mi) || x.Negated && !r.CountNegated || !ownsTerm(r, x.Term) {
			continue
		}
		mod, marker := classify.ModalityAt(m.text, x.Start, x.End)
		reason := "unasserted"
		if !r.AssertedOnly {
			reason = "modality"
		}
		out.NearMisses = append(out.NearMisses, NearMiss{Rule: r.Rule, Reason: reason, Modality: mod.String(), Marker: marker})
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
