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
	switch {
	case a.Aggregate == aggregateMax:
		return aggregateMax
	case a.Cap > 0:
		return "cap " + strconv.FormatFloat(a.Cap, 'g', -1, 64)
	}
	return ""
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
}

func init() {
	zhTitles[errAggregate] = "分类的计票方式有误"
	for en, zh := range map[string]string{
		"aggregate must be sum or max, not %q (for a capped sum write cap: N)": "aggregate 只能是 sum 或 max，而不是 %q（要给总和封顶请写 cap: N）",
		"cap must be a number above 0 and at most %g, not %g":                  "cap 应当是大于 0、不超过 %g 的数，而不是 %g",
		"cap applies to a sum: with aggregate: max there is nothing to cap":    "cap 只用于求和：aggregate: max 时没有可封顶的总和",
	} {
		zhFormats[en] = zh
	}
}
