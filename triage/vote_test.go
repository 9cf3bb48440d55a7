package triage

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/tousu/tousu/rules"
)

// referenceVote is the decision semantics written plainly, with strings:
// the highest priority tier with votes decides an axis; in it the value
// with the most weight wins; a tie goes to the value whose earliest
// firing rule comes first (tie: rules) or to the value declared first
// (tie: values).
func referenceVote(fired []rules.Firing, ax rules.Axis) axisVote {
	axis := ax.Name
	top, have := 0, false
	for _, f := range fired {
		if f.Rule.Axis == axis && (!have || f.Rule.Priority > top) {
			top, have = f.Rule.Priority, true
		}
	}
	if !have {
		return axisVote{value: ax.Default, defaulted: true}
	}
	var order []string
	weight := map[string]float64{}
	total := 0.0
	for _, f := range fired {
		if f.Rule.Axis != axis {
			continue
		}
		w := f.Rule.Weight * float64(min(referenceFindings(f.Hits), max(ax.DistinctTerms, 1)))
		if f.Rule.Priority != top {
			if ax.Confidence == rules.ConfidenceAll {
				total += w
			}
			continue
		}
		if _, ok := weight[f.Rule.Value]; !ok {
			order = append(order, f.Rule.Value)
		}
		weight[f.Rule.Value] += w
		total += w
	}
	if ax.Tie == "values" {
		slices.SortFunc(order, func(a, b string) int { return slices.Index(ax.Values, a) - slices.Index(ax.Values, b) })
	}
	best := order[0]
	for _, v := range order[1:] {
		if weight[v] > weight[best] {
			best = v
		}
	}
	return axisVote{value: best, confidence: weight[best] / total}
}

// referenceFindings counts the findings among hits as distinct_terms
// means them: a hit is a new finding unless an earlier hit has its term or
// it overlaps a hit counted before it; at least one.
func referenceFindings(hits []rules.Hit) int {
	seen := map[string]bool{}
	var counted []rules.Hit
	for _, h := range hits {
		dup := seen[h.Term]
		seen[h.Term] = true
		if dup || slices.ContainsFunc(counted, func(c rules.Hit) bool { return h.Start < c.End && c.Start < h.End }) {
			continue
		}
		counted = append(counted, h)
	}
	return max(len(counted), 1)
}

// TestVoteAgreesWithReference draws random sets of fired rules from the
// built-in policy and from a policy made of ties and tiers, and checks the
// engine's vote against referenceVote.
func TestVoteAgreesWithReference(t *testing.T) {
	tied := compileSrc(t, "tied.yaml", `version: 1
axes:
  risk: {values: [low, mid, high], tie: values}
  cause: {distinct_terms: 3, confidence: all}
rules:
  - {id: a, cause: service, match: {any: [甲]}}
  - {id: b, cause: product, match: {any: [乙]}}
  - {id: c, cause: product, weight: 0.5, match: {any: [丙]}}
  - {id: d, cause: service, weight: 0.5, match: {any: [丁]}}
  - {id: e, cause: price, priority: 1, match: {any: [戊]}}
  - {id: f, cause: integrity, priority: 1, match: {any: [己]}}
  - {id: g, severity: serious, weight: 2, match: {any: [庚]}}
  - {id: h, severity: general, match: {any: [辛]}}
  - {id: i, severity: general, match: {any: [壬]}}
  - {id: j, behaviour: venting, priority: -1, match: {any: [癸]}}
  - {id: k, behaviour: extreme, priority: -1, match: {any: [子]}}
  - {id: l, vote: {risk: high}, match: {any: [丑]}}
  - {id: m, vote: {risk: low}, match: {any: [寅]}}
  - {id: n, vote: {risk: mid}, weight: 2, match: {any: [卯]}}
strategies:
  - id: all
`)
	rng := rand.New(rand.NewPCG(1, 2))
	for _, prog := range []*rules.Program{defaultEngine().Program(), tied} {
		e, err := New(prog)
		if err != nil {
			t.Fatal(err)
		}
		st := e.pool.Get().(*state)
		axes := prog.Axes()
		all := prog.Rules()
		for range 5000 {
			var fired []rules.Firing
			p := rng.Float64()
			for _, r := range all { // declaration order, as Evaluate reports them
				if rng.Float64() < p {
					a := slices.IndexFunc(axes, func(x rules.Axis) bool { return x.Name == r.Axis })
					var hits []rules.Hit
					for range rng.IntN(5) { // overlapping spans of three terms
						start := rng.IntN(12)
						hits = append(hits, rules.Hit{Term: []string{"甲", "乙", "丙"}[rng.IntN(3)], Start: start, End: start + 1 + rng.IntN(4)})
					}
					slices.SortFunc(hits, func(a, b rules.Hit) int { return a.Start - b.Start })
					fired = append(fired, rules.Firing{Rule: r, Axis: a, Value: slices.Index(axes[a].Values, r.Value), Hits: hits})
				}
			}
			st.out.Fired = fired
			e.vote(st)
			for a, ax := range axes {
				v := st.votes[a]
				got := axisVote{value: v.value, confidence: v.confidence, defaulted: v.defaulted}
				if want := referenceVote(fired, ax); got != want {
					var ids []string
					for _, f := range fired {
						ids = append(ids, f.Rule.ID)
					}
					t.Fatalf("%s: %s: vote over %v = %+v, want %+v", prog.Name(), ax.Name, ids, got, want)
				}
			}
		}
	}
}
