package rules

import (
	"fmt"
	"slices"
	"time"

	"github.com/expr-lang/expr/vm"
	"github.com/tousu/tousu/classify"
)

// An Evaluation is the per-call state and result of evaluating a Program's
// rules on one complaint: every term occurrence and every rule that fired.
// Reuse one Evaluation per goroutine to evaluate without allocating; its
// slices are overwritten by the next Evaluate. An Evaluation is not safe
// for concurrent use.
type Evaluation struct {
	// Matches are all term occurrences, ordered by position.
	Matches []classify.Match
	// Fired are the rules that fired, in declaration order.
	Fired []Firing
	// Trace asks Evaluate to record NearMisses; it costs nothing when
	// false.
	Trace bool
	// NearMisses are the candidate rules that did not fire, and why, when
	// Trace is set.
	NearMisses []NearMiss

	scratch classify.Scratch
	present []uint32 // per term: the generation in which it was seen, not negated
	negated []uint32 // per term: the generation in which it was seen negated
	itemP   []uint32 // per match item: the generation in which a term of it was seen, not negated
	itemN   []uint32 // per match item: the same, negated
	// presentU, negatedU, itemPU and itemNU are present, negated, itemP
	// and itemN for occurrences that are not praised (Options.Praise).
	presentU, negatedU, itemPU, itemNU []uint32
	// places are the Place of each match, computed only for the matches a
	// near item reads, the first time one does (placeGen[i] == the
	// evaluation's generation); nearA and nearB are a near item's sides.
	places       []classify.Place
	placeGen     []uint32
	nearA, nearB []classify.Place
	gen          uint32
	cand         []uint32 // per rule: the generation in which it became a candidate
	anyHit       []uint32 // per rule: the generation in which a term of its any list counted
	cands        []int32  // candidate rules' indices
	candSet      []uint64 // the same as a bitmap, all zero between evaluations
	fired        []uint32 // per rule: the generation in which it fired
	firedAt      []int32  // per rule: its index in Fired
	refs         []hitRef
	totals       []int32 // per firing: its occurrences, kept or not
	sorted       []Hit
	ends         []int32
	begins       []int32    // where each firing's hits start in sorted
	ext          extScratch // for regular expressions and numbers (extend.go)
	mod          modScratch // for rules that count asserted occurrences only (modality.go)
}

// A Firing is a rule that fired, with the term occurrences that made its
// match clause hold.
type Firing struct {
	Rule *Rule
	// Axis indexes Program.Axes; Value the axis's Values: what the rule
	// votes for.
	Axis, Value int
	// Hits are the occurrences that made it fire, in text order, at most
	// Limits.MaxSpansPerRule of them (and MaxSpansPerDecision for all
	// firings together); TermsTotal counts them all.
	Hits       []Hit
	TermsTotal int

	// second has bit j set when Hits[j]'s term is, for the rule, only the
	// second side of near items (owner.second); hits past 64 are counted
	// as first sides.
	second uint64
}

// A NearMiss is a rule whose terms occurred but that did not fire.
type NearMiss struct {
	Rule *Rule
	// Reason is "when" (its when expression was false), "none" (a term or
	// near item of its none list occurred: Blocker), "negated" (its terms
	// occurred only negated, and it does not count negated occurrences),
	// "praised" (they occurred only praised, and it excludes praised
	// occurrences), "near" (both sides of its near item Blocker occurred,
	// but not within its window, order and scope), "unasserted" (it
	// counts asserted occurrences only, and its terms occurred otherwise:
	// the first such occurrence's Modality and the Marker that made it so,
	// such as hypothetical and 万一) or "modality" (its terms occurred only
	// in modalities its exclude_modality leaves out: Modality and Marker
	// likewise).
	Reason           string
	Blocker          string
	Modality, Marker string
}

// A Hit is one occurrence of a rule's term in the complaint text. Its
// fields are those of triage.Term, so a decision's evidence converts hits
// without copying them field by field.
type Hit struct {
	// Term is the term as the policy wrote it.
	Term string
	// Lexicon is the lexicon the term came from; "" for an inline term.
	Lexicon string
	// Text is the occurrence as written: env.Text[Start:End].
	Text string
	// Start and End are byte offsets into the original text; RuneStart
	// and RuneEnd the same span in runes.
	Start, End         int
	RuneStart, RuneEnd int
}

// A hitRef is a Hit before it is materialised: which match, which owner of
// its term, and the firing it belongs to. It holds no pointers, so
// collecting and sorting hits costs no write barriers.
type hitRef struct {
	match, owner, firing int32
}

// Evaluate runs every enabled rule of p against env and records the result
// in out. The text's signals are measured during the scan and stored in
// *env.Signals before any expression runs (its Truncated field is kept).
// Only rules whose terms occur in env.Text, and rules with no terms, are
// evaluated. An error in a when expression (for example a memory budget
// exceeded) stops the evaluation and is returned with the rule's id.
func (s *Program) Evaluate(env *Env, out *Evaluation) (err error) {
	// Expressions read customer, order and signals through pointers: a
	// caller's zero Env gets zero values rather than a nil dereference.
	if env.Customer == nil {
		env.Customer = new(Customer)
	}
	if env.Order == nil {
		env.Order = new(Order)
	}
	if env.Signals == nil {
		env.Signals = new(classify.Signals)
	}
	out.Fired = out.Fired[:0]
	out.refs = out.refs[:0]
	out.Matches = s.matcher.Scan(&out.scratch, env.Text)
	if s.ext != nil {
		out.Matches = s.ext.apply(&out.ext, env, out.Matches, out.Trace)
	}
	if s.needsFolded {
		env.Folded = classify.Fold(env.Text)
	}
	if s.needsReceived {
		env.Received = receivedIn(env.ReceivedAt, s.location)
	}
	if env.Signals != nil {
		truncated := env.Signals.Truncated
		*env.Signals = out.scratch.Signals
		env.Signals.Truncated = truncated
		env.Length = env.Signals.Length
	}
	if len(out.present) != len(s.terms) || len(out.itemP) != s.nitems || len(out.cand) != len(s.rules) {
		out.present = make([]uint32, len(s.terms))
		out.negated = make([]uint32, len(s.terms))
		out.itemP = make([]uint32, s.nitems)
		out.itemN = make([]uint32, s.nitems)
		out.presentU = make([]uint32, len(s.terms))
		out.negatedU = make([]uint32, len(s.terms))
		out.itemPU = make([]uint32, s.nitems)
		out.itemNU = make([]uint32, s.nitems)
		out.cand = make([]uint32, len(s.rules))
		out.anyHit = make([]uint32, len(s.rules))
		out.candSet = make([]uint64, (len(s.rules)+63)/64)
		out.fired = make([]uint32, len(s.rules))
		out.firedAt = make([]int32, len(s.rules))
		out.gen = 0
	}
	out.gen++
	if out.gen == 0 { // wrapped: forget old generations
		clear(out.present)
		clear(out.negated)
		clear(out.itemP)
		clear(out.itemN)
		clear(out.presentU)
		clear(out.negatedU)
		clear(out.itemPU)
		clear(out.itemNU)
		clear(out.placeGen)
		clear(out.cand)
		clear(out.anyHit)
		clear(out.fired)
		out.gen = 1
	}
	gen := out.gen
	out.cands = out.cands[:0]
	praise := s.matchOptions.Praise
	modal := s.modality.on
	if modal {
		out.mod.classify(s, env.Text, out.Matches, gen)
	}
	for mi, m := range out.Matches {
		if praise && !m.Praised {
			su, iu := out.presentU, out.itemPU
			if m.Negated {
				su, iu = out.negatedU, out.itemNU
			}
			if su[m.Term] != gen {
				su[m.Term] = gen
				for _, it := range s.termItems[s.itemAt[m.Term]:s.itemAt[m.Term+1]] {
					iu[it] = gen
				}
			}
		}
		seen, items := out.present, out.itemP
		if m.Negated {
			seen, items = out.negated, out.itemN
		}
		if modal {
			// An occurrence is fresh if some view counts it and saw its
			// term so far only in modalities it does not count.
			if fresh := out.mod.mark(s, mi, m, gen); seen[m.Term] == gen && !fresh {
				continue
			}
		} else if seen[m.Term] == gen {
			continue
		}
		seen[m.Term] = gen
		for _, it := range s.termItems[s.itemAt[m.Term]:s.itemAt[m.Term+1]] {
			items[it] = gen
		}
		for _, o := range s.owners[s.ownerAt[m.Term]:s.ownerAt[m.Term+1]] {
			// The any list holds without looking at its items: a term of it
			// occurred, counted as the rule counts negation (and modality).
			if o.inAny && (!m.Negated || s.countNeg[o.rule]) && (!modal || out.mod.counts(s, int(o.rule), mi)) {
				out.anyHit[o.rule] = gen
			}
			if out.cand[o.rule] != gen {
				out.cand[o.rule] = gen
				out.cands = append(out.cands, o.rule)
				out.candSet[o.rule>>6] |= 1 << (o.rule & 63)
			}
		}
	}
	for _, r := range s.noTerms {
		out.cands = append(out.cands, r)
		out.candSet[r>>6] |= 1 << (r & 63)
	}
	out.cands = sortCandidates(out.cands, out.candSet)

	var machine *vm.VM
	defer func() {
		if machine != nil {
			s.vms.Put(machine)
		}
	}()
	out.NearMisses = out.NearMisses[:0]
	for _, ri := range out.cands {
		r := s.rules[ri]
		itemP, itemN := out.itemP, out.itemN
		if modal {
			if p, n, ok := out.mod.items(s, int(ri)); ok {
				itemP, itemN = p, n
			}
		}
		if r.scoped {
			if ok, _ := s.matchScoped(out, r, gen, r.CountNegated, r.ExcludePraised, true); !ok {
				if out.Trace {
					s.scopedNearMiss(out, r, gen)
				}
				continue
			}
		} else if !r.matchesAny(out.anyHit[ri] == gen, itemP, itemN, gen, s.countNeg[ri]) {
			if out.Trace {
				out.nearMiss(s, int(ri), gen)
			}
			continue
		}
		if r.fast != nil {
			if !r.fast(env) {
				if out.Trace {
					out.NearMisses = append(out.NearMisses, NearMiss{Rule: r.Rule, Reason: "when"})
				}
				continue
			}
		} else if r.program != nil {
			if machine == nil {
				machine = s.vms.Get().(*vm.VM)
			}
			ok, err := run(machine, r.program, env)
			if err != nil {
				return fmt.Errorf("rule %q: when: %w", r.ID, err)
			}
			if !ok {
				if out.Trace {
					out.NearMisses = append(out.NearMisses, NearMiss{Rule: r.Rule, Reason: "when"})
				}
				continue
			}
		}
		out.fired[r.index] = gen
		out.firedAt[r.index] = int32(len(out.Fired))
		out.Fired = append(out.Fired, Firing{Rule: r.Rule, Axis: r.axis, Value: r.value})
	}
	s.collectHits(out, env.Text, gen)
	out.mod.text = "" // do not keep the text alive in a pooled Evaluation
	return nil
}

// nearMiss records why a candidate rule's match clause failed.
func (out *Evaluation) nearMiss(s *Program, ri int, gen uint32) {
	r := s.rules[ri]
	if s.modality.on && out.mod.nearMiss(s, out, ri, gen) {
		return
	}
	if r.matches(out.itemP, out.itemN, gen, r.CountNegated, false) {
		for i, id := range r.noneID {
			if seen(id, out.itemP, out.itemN, gen, r.CountNegated) {
				out.NearMisses = append(out.NearMisses, NearMiss{Rule: r.Rule, Reason: "none", Blocker: r.none[i].text})
				return
			}
		}
	}
	if !r.CountNegated && r.matches(out.itemP, out.itemN, gen, true, false) {
		out.NearMisses = append(out.NearMisses, NearMiss{Rule: r.Rule, Reason: "negated"})
	}
}

// collectHits attributes every match to the fired rules that own its term,
// in one pass over the matches, then groups the hits by firing with a
// counting sort that keeps each rule's hits in text order.
func (s *Program) collectHits(out *Evaluation, text string, gen uint32) {
	if len(out.Fired) == 0 {
		return
	}
	n := len(out.Fired)
	out.totals = append(out.totals[:0], make([]int32, n)...)
	perRule, perDecision := int32(s.limits.MaxSpansPerRule), s.limits.MaxSpansPerDecision
	modal := s.modality.on
	for mi := range out.Matches {
		m := &out.Matches[mi]
		at, end := s.ownerAt[m.Term], s.ownerAt[m.Term+1]
		for oi, o := range s.owners[at:end] {
			if out.fired[o.rule] != gen || m.Negated && !s.countNeg[o.rule] || m.Praised && s.exclPraised[o.rule] ||
				modal && !out.mod.counts(s, int(o.rule), mi) {
				continue
			}
			f := out.firedAt[o.rule]
			t := out.totals[f] + 1
			out.totals[f] = t
			// Evidence keeps the first occurrences of each rule, up to the
			// limits; the true count is TermsTotal.
			if perRule > 0 && t > perRule || perDecision > 0 && len(out.refs) >= perDecision {
				continue
			}
			out.refs = append(out.refs, hitRef{match: int32(mi), owner: at + int32(oi), firing: f})
		}
	}
	out.ends = append(out.ends[:0], make([]int32, n)...)
	for _, h := range out.refs {
		out.ends[h.firing]++
	}
	var sum int32
	for f := range out.ends { // ends[f] becomes the start of firing f
		c := out.ends[f]
		out.ends[f] = sum
		sum += c
	}
	out.begins = append(out.begins[:0], out.ends...)
	if cap(out.sorted) < len(out.refs) {
		out.sorted = make([]Hit, len(out.refs))
	}
	out.sorted = out.sorted[:len(out.refs)]
	for _, h := range out.refs { // ends[f] advances to the end of firing f
		m := &out.Matches[h.match]
		d := &out.sorted[out.ends[h.firing]]
		d.Term, d.Lexicon, d.Text = s.terms[m.Term], s.lexNames[s.owners[h.owner].lexicon], text[m.Start:m.End]
		d.Start, d.End, d.RuneStart, d.RuneEnd = m.Start, m.End, m.RuneStart, m.RuneEnd
		if s.owners[h.owner].second {
			if j := out.ends[h.firing] - out.begins[h.firing]; j < 64 {
				out.Fired[h.firing].second |= 1 << j
			}
		}
		out.ends[h.firing]++
	}
	begin := int32(0)
	for f := range out.Fired {
		end := out.ends[f]
		out.Fired[f].Hits = out.sorted[begin:end:end]
		out.Fired[f].TermsTotal = int(out.totals[f])
		begin = end
	}
}

// matchScoped reports whether the match clause of r, a rule with near
// items or exclude_praised, holds: negated occurrences count when
// countNeg, praised ones unless exclPraised, and withNone applies the none
// list. When it does not hold for want of a near item of the any or all
// list whose sides both occurred, failed is that item.
func (s *Program) matchScoped(out *Evaluation, r *rule, gen uint32, countNeg, exclPraised, withNone bool) (ok bool, failed *nearItem) {
	present, negated := out.itemP, out.itemN
	if exclPraised {
		present, negated = out.itemPU, out.itemNU
	}
	holds := func(x *nearItem) bool {
		if !seen(x.aID, present, negated, gen, countNeg) || !seen(x.bID, present, negated, gen, countNeg) {
			return false
		}
		if s.nearHolds(out, x, gen, countNeg, exclPraised) {
			return true
		}
		if failed == nil && x.List != "none" {
			failed = x
		}
		return false
	}
	if len(r.anyID) > 0 || r.nearAny {
		found := false
		for _, id := range r.anyID {
			if seen(id, present, negated, gen, countNeg) {
				found = true
				break
			}
		}
		for i := 0; !found && i < len(r.near); i++ {
			found = r.near[i].List == "any" && holds(&r.near[i])
		}
		if !found {
			return false, failed
		}
	}
	for _, id := range r.allID {
		if !seen(id, present, negated, gen, countNeg) {
			return false, nil
		}
	}
	for i := range r.near {
		if x := &r.near[i]; x.List == "all" && !holds(x) {
			return false, failed
		}
	}
	if withNone {
		for _, id := range r.noneID {
			if seen(id, present, negated, gen, countNeg) {
				return false, nil
			}
		}
		for i := range r.near {
			if x := &r.near[i]; x.List == "none" && holds(x) {
				return false, nil
			}
		}
	}
	return true, nil
}

// nearHolds reports whether an occurrence of near item x's first side and
// one of its second stand within its window, in its order and scope,
// counting negated and praised occurrences as the rule does.
func (s *Program) nearHolds(out *Evaluation, x *nearItem, gen uint32, countNeg, exclPraised bool) bool {
	if n := len(out.Matches); len(out.places) < n {
		out.places = slices.Grow(out.places[:0], n)[:n]
		out.placeGen = slices.Grow(out.placeGen[:0], n)[:n]
		clear(out.placeGen)
	}
	place := func(i int) classify.Place {
		if out.placeGen[i] != gen {
			out.places[i] = out.scratch.Place(out.Matches[i])
			out.placeGen[i] = gen
		}
		return out.places[i]
	}
	out.nearA, out.nearB = out.nearA[:0], out.nearB[:0]
	for i, m := range out.Matches {
		if m.Negated && !countNeg || m.Praised && exclPraised {
			continue
		}
		for _, it := range s.termItems[s.itemAt[m.Term]:s.itemAt[m.Term+1]] {
			if it == x.aID {
				out.nearA = append(out.nearA, place(i))
			}
			if it == x.bID {
				out.nearB = append(out.nearB, place(i))
			}
		}
	}
	for _, a := range out.nearA {
		for _, b := range out.nearB {
			if x.Order && b.From < a.To {
				continue
			}
			if g := classify.Gap(a, b); g < 0 || g > x.Within {
				continue
			}
			switch x.Scope {
			case "clause":
				if a.Clause != b.Clause {
					continue
				}
			case "sentence":
				if a.Sentence != b.Sentence {
					continue
				}
			}
			return true
		}
	}
	return false
}

// scopedNearMiss records why the match clause of a scoped rule failed.
func (s *Program) scopedNearMiss(out *Evaluation, r *rule, gen uint32) {
	neg, praised := r.CountNegated, r.ExcludePraised
	if ok, _ := s.matchScoped(out, r, gen, neg, praised, false); ok {
		for i, id := range r.noneID {
			if seen(id, out.itemP, out.itemN, gen, neg) {
				out.NearMisses = append(out.NearMisses, NearMiss{Rule: r.Rule, Reason: "none", Blocker: r.none[i].text})
				return
			}
		}
		present, negated := out.itemP, out.itemN
		if praised {
			present, negated = out.itemPU, out.itemNU
		}
		for i := range r.near {
			x := &r.near[i]
			if x.List == "none" && seen(x.aID, present, negated, gen, neg) && seen(x.bID, present, negated, gen, neg) && s.nearHolds(out, x, gen, neg, praised) {
				out.NearMisses = append(out.NearMisses, NearMiss{Rule: r.Rule, Reason: "none", Blocker: x.Near.String()})
				return
			}
		}
	}
	_, failed := s.matchScoped(out, r, gen, true, false, false)
	switch {
	case failed != nil:
		out.NearMisses = append(out.NearMisses, NearMiss{Rule: r.Rule, Reason: "near", Blocker: failed.Near.String()})
	case !neg && func() bool { ok, _ := s.matchScoped(out, r, gen, true, praised, false); return ok }():
		out.NearMisses = append(out.NearMisses, NearMiss{Rule: r.Rule, Reason: "negated"})
	case praised && func() bool { ok, _ := s.matchScoped(out, r, gen, neg, false, false); return ok }():
		out.NearMisses = append(out.NearMisses, NearMiss{Rule: r.Rule, Reason: "praised"})
	}
}

// run evaluates a when program, turning a panic into an error.
func run(machine *vm.VM, p *vm.Program, env any) (ok bool, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	v, err := machine.Run(p, env)
	if err != nil {
		return false, err
	}
	b, _ := v.(bool)
	return b, nil
}

// seen reports whether a term of match item id occurred; negated
// occurrences count only when countNeg.
func seen(id int32, present, negated []uint32, gen uint32, countNeg bool) bool {
	return present[id] == gen || countNeg && negated[id] == gen
}

// matches reports whether r's match clause holds, given which match items
// occurred (present) and occurred negated; countNeg counts the negated
// ones, and withNone applies the none list.
// matchesAny is matches with the none list, when whether the any list
// holds is already known (anyOK).
func (r *rule) matchesAny(anyOK bool, present, negated []uint32, gen uint32, countNeg bool) bool {
	if len(r.anyID) > 0 && !anyOK {
		return false
	}
	for _, id := range r.allID {
		if !seen(id, present, negated, gen, countNeg) {
			return false
		}
	}
	for _, id := range r.noneID {
		if seen(id, present, negated, gen, countNeg) {
			return false
		}
	}
	return true
}

func (r *rule) matches(present, negated []uint32, gen uint32, countNeg, withNone bool) bool {
	if len(r.anyID) > 0 {
		found := false
		for _, id := range r.anyID {
			if seen(id, present, negated, gen, countNeg) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	for _, id := range r.allID {
		if !seen(id, present, negated, gen, countNeg) {
			return false
		}
	}
	if withNone {
		for _, id := range r.noneID {
			if seen(id, present, negated, gen, countNeg) {
				return false
			}
		}
	}
	return true
}

// receivedIn is when a complaint was received, in loc; -1s and "" when t
// is zero.
func receivedIn(t time.Time, loc *time.Location) Received {
	if t.IsZero() {
		return Received{Weekday: -1, Hour: -1, Minute: -1}
	}
	t = t.In(loc)
	return Received{Weekday: int(t.Weekday()), Hour: t.Hour(), Minute: t.Minute(), Date: t.Format(time.DateOnly)}
}
