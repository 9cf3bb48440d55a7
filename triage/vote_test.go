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
		if f.Rule.Axis != axis || f.Rule.Priority != top {
			continue
		}
		if _, ok := weight[f.Rule.Value]; !ok {
			order = append(order, f.Rule.Value)
		}
		weight[f.Rule.Value] += f.Rule.Weight
		total += f.Rule.Weight
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

// TestVoteAgreesWithReference draws random sets of fired rules from the
// built-in policy and from a policy made of ties and tiers, and checks the
// engine's vote against referenceVote.
func TestVoteAgreesWithReference(t *testing.T) {
	tied := compileSrc(t, "tied.yaml", `version: 1
axes:
  risk: {values: [low, mid, high], tie: values}
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
					fired = append(fired, rules.Firing{Rule: r, Axis: a, Value: slices.Index(axes[a].Values, r.Value)})
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
