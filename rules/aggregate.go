package rules

import (
	"math"
	"strconv"

	"gopkg.in/yaml.v3"
)

// Aggregation modes of an axis (the aggregate key of an axes: entry): how
// the weights of the fired rules that vote for one value add up in the
// deciding tier.
const (
	// aggregateSum adds every fired rule's weight: the default, and the
	// meaning of every policy that does not say.
	aggregateSum = "sum"
	// aggregateMax counts only the heaviest fired rule per value, so that
	// several generic rules for one value do not outvote one specific rule
	// for another.
	aggregateMax = "max"
)

// maxCap bounds a cap: key; larger caps are no caps at all.
const maxCap = 1e6

// The values of an axis's confidence: key (Axis.Confidence).
const (
	ConfidenceTier = "tier"
	ConfidenceAll  = "all"
)

// maxDistinctTerms bounds a distinct_terms: key.
const maxDistinctTerms = 16

// Vote returns the weight fired rule f casts on the axis: its rule's
// weight, times the number of distinct terms among its hits, at most
// DistinctTerms (distinct_terms: N), when the axis counts terms. A hit
// counts when no hit before it has its term and its span overlaps no
// counted hit: 不给解决 holds 不给, and 损坏了 holds 损坏 and 坏了, each one
// finding however often either recurs. The second side of a near item
// does not count: {near: [前台, 差]} is one finding. A rule votes its
// weight at least once.
func (a *Axis) Vote(f *Firing) float64 {
	w := f.Rule.Weight
	if a.DistinctTerms < 2 || len(f.Hits) < 2 {
		return w
	}
	var counted [maxDistinctTerms]*Hit
	n := 0
next:
	for i := 0; i < len(f.Hits) && n < a.DistinctTerms; i++ {
		h := &f.Hits[i]
		if i < 64 && f.second&(1<<i) != 0 {
			continue
		}
		for _, p := range f.Hits[:i] {
			if p.Term == h.Term {
				continue next
			}
		}
		for _, c := range counted[:n] {
			if h.Start < c.End && c.Start < h.End {
				continue next
			}
		}
		counted[n] = h
		n++
	}
	return w * float64(max(n, 1))
}

// Accumulate returns the weight of an axis value after a fired rule of
// weight w votes for it, given its weight so far: the sum (the default),
// the maximum (aggregate: max), or the sum capped at Cap (cap: N).
func (a *Axis) Accumulate(sofar, w float64) float64 {
	switch {
	case a.Aggregate == aggregateMax:
		return math.Max(sofar, w)
	case a.Cap > 0:
		return math.Min(sofar+w, a.Cap)
	}
	return sofar + w
}

// Summed reports whether the axis adds weights without a cap (today's
// meaning): the vote then needs no per-value bookkeeping beyond the sum.
func (a *Axis) Summed() bool { return a.Aggregate != aggregateMax && a.Cap <= 0 }

// AggregateLabel says how the axis aggregates for people: "" for a plain
// sum, "max" or "cap 3".
func (a *Axis) AggregateLabel() string {
	label := ""
	switch {
	case a.Aggregate == aggregateMax:
		label = aggregateMax
	case a.Cap > 0:
		label = "cap " + strconv.FormatFloat(a.Cap, 'g', -1, 64)
	}
	if a.DistinctTerms > 1 {
		if label != "" {
			label += ", "
		}
		label += "weight × distinct terms up to " + strconv.Itoa(a.DistinctTerms)
	}
	return label
}

// parseAggregate reads an axis's aggregate: or cap: key into a.
func (d *doc) parseAggregate(a *Axis, key string, n *yaml.Node) {
	switch key {
	case "aggregate":
		s, ok := d.str(n, "aggregate", "axis", a.Name)
		if !ok {
			return
		}
		if s != aggregateSum && s != aggregateMax {
			d.errs.add(d.file, posOf(n), errAggregate, "axis", a.Name, "aggregate must be sum or max, not %q (for a capped sum write cap: N)", s)
			return
		}
		a.Aggregate = s
	case "cap":
		v, ok := d.number(n, "cap", "axis", a.Name)
		if !ok {
			return
		}
		if !(v > 0) || v > maxCap {
			d.errs.add(d.file, posOf(n), errAggregate, "axis", a.Name, "cap must be a number above 0 and at most %g, not %g", float64(maxCap), v)
			return
		}
		a.Cap = v
		a.capPos = d.where(n)
	case "distinct_terms":
		v, ok := d.number(n, "distinct_terms", "axis", a.Name)
		if !ok {
			return
		}
		if v != math.Trunc(v) || v < 1 || v > maxDistinctTerms {
			d.errs.add(d.file, posOf(n), errAggregate, "axis", a.Name, "distinct_terms must be a whole number from 1 to %d, not %g", maxDistinctTerms, v)
			return
		}
		a.DistinctTerms = int(v)
	case "confidence":
		s, ok := d.str(n, "confidence", "axis", a.Name)
		if !ok {
			return
		}
		if s != ConfidenceTier && s != ConfidenceAll {
			d.errs.add(d.file, posOf(n), errAggregate, "axis", a.Name, "confidence must be tier or all, not %q", s)
			return
		}
		a.Confidence = s
		a.confPos = d.where(n)
	}
}

// checkAggregate reports a cap combined with aggregate: max, and copies
// the aggregation of a declaration that restates a seed axis onto it.
func (c *compiler) checkAggregate(dst *Axis, a *Axis) {
	if a.Cap > 0 && a.Aggregate == aggregateMax {
		c.errs.at(a.capPos, errAggregate, "axis", a.Name, "cap applies to a sum: with aggregate: max there is nothing to cap")
		return
	}
	if a.Aggregate != "" {
		dst.Aggregate = a.Aggregate
	}
	if a.Cap > 0 {
		dst.Cap = a.Cap
	}
	if a.DistinctTerms > 0 {
		dst.DistinctTerms = a.DistinctTerms
	}
	if a.Confidence != "" {
		dst.Confidence = a.Confidence
	} else if a.Aggregate == aggregateMax || a.Cap > 0 {
		// A later layer's max or cap wins over an earlier file's
		// confidence: all, which needs a plain sum: back to tier.
		dst.Confidence = ""
	}
	if dst.Confidence == ConfidenceAll && !dst.Summed() { // only when a wrote confidence: all
		c.errs.at(a.confPos, errAggregate, "axis", a.Name, "confidence: all needs a plain sum: not with aggregate: max or a cap")
	}
}

func init() {
	zhTitles[errAggregate] = "分类的计票方式有误"
	for en, zh := range map[string]string{
		"aggregate must be sum or max, not %q (for a capped sum write cap: N)": "aggregate 只能是 sum 或 max，而不是 %q（要给总和封顶请写 cap: N）",
		"cap must be a number above 0 and at most %g, not %g":                  "cap 应当是大于 0、不超过 %g 的数，而不是 %g",
		"cap applies to a sum: with aggregate: max there is nothing to cap":    "cap 只用于求和：aggregate: max 时没有可封顶的总和",
		"distinct_terms must be a whole number from 1 to %d, not %g":           "distinct_terms 应当是 1 到 %d 之间的整数，而不是 %g",
		"confidence must be tier or all, not %q":                               "confidence 只能是 tier 或 all，而不是 %q",
		"confidence: all needs a plain sum: not with aggregate: max or a cap":  "confidence: all 只用于简单求和：不能与 aggregate: max 或 cap 同用",
	} {
		zhFormats[en] = zh
	}
}
