package triage

import (
	"fmt"
	"slices"
	"sort"

	"github.com/tousu/tousu/rules"
)

// WithTrace makes every Decision carry a Trace: why it came out as it did,
// recorded from the same evaluation that made it.
func WithTrace() Option {
	return func(c *config) error { c.trace = true; return nil }
}

// A Trace explains a decision.
type Trace struct {
	// Votes per axis and priority tier, highest tier first.
	Votes []TierVotes `json:"votes"`
	// NearMisses are rules whose terms occurred but that did not fire.
	NearMisses []NearMiss `json:"near_misses,omitempty"`
	// Lost are rules that fired but whose value did not win.
	Lost []LostVote `json:"lost,omitempty"`
	// StrategiesFailed are the strategies tried before the chosen one,
	// whose when was false.
	StrategiesFailed []string `json:"strategies_failed,omitempty"`
}

// TierVotes are the weights per value of one axis in one priority tier.
type TierVotes struct {
	Axis     string             `json:"axis"`
	Priority int                `json:"priority"`
	Weights  map[string]float64 `json:"weights"`
	Deciding bool               `json:"deciding"`
	// Aggregate says how the axis added the weights up when not by a
	// plain sum: "max" (the heaviest rule per value) or "cap N" (a sum
	// capped at N per value), and "weight × distinct terms up to N" when
	// a rule votes once per distinct term (rules.Axis.DistinctTerms).
	Aggregate string `json:"aggregate,omitempty"`
}

// NearMiss is a rule that almost fired.
type NearMiss struct {
	Rule  string `json:"rule"`
	Axis  string `json:"axis"`
	Value string `json:"value"`
	// Reason is "when" (its when was false), "none" (Blocker occurred),
	// "negated" (its terms occurred only negated), "praised" (only
	// praised, and the rule has exclude_praised), "near" (both sides of
	// the near item Blocker occurred, but not within its window, order
	// and scope), "unasserted" (the rule has asserted_only and its terms
	// occurred only otherwise: the first such occurrence was Modality,
	// hypothetical, question, reported, quoted or figurative, by its
	// Marker, such as 万一) or "modality" (likewise, for a rule whose
	// exclude_modality leaves that modality out).
	Reason   string `json:"reason"`
	Blocker  string `json:"blocker,omitempty"`
	Modality string `json:"modality,omitempty"`
	Marker   string `json:"marker,omitempty"`
	// HasTerms is false for a rule with no terms (a when alone), which is
	// a candidate on every complaint.
	HasTerms bool `json:"-"`
}

// LostVote is a fired rule whose value did not win its axis.
type LostVote struct {
	Rule  string `json:"rule"`
	Axis  string `json:"axis"`
	Value string `json:"value"`
	// Reason: "lower tier" (a higher priority tier decided), "outvoted"
	// (less weight in the deciding tier) or "tie-break" (equal weight, the
	// winner's earliest rule is declared first).
	Reason string `json:"reason"`
}

func (e *Engine) buildTrace(fired []rules.Firing, misses []rules.NearMiss, failed []int, d *Decision) *Trace {
	t := &Trace{}
	for a, ad := range d.Axes {
		axis := ad.Name
		ax := &e.axes[a]
		tiers := map[int]map[string]float64{}
		top, have := 0, false
		for k := range fired {
			f := &fired[k]
			if f.Rule.Axis != axis {
				continue
			}
			p := f.Rule.Priority
			if tiers[p] == nil {
				tiers[p] = map[string]float64{}
			}
			tiers[p][f.Rule.Value] = ax.Accumulate(tiers[p][f.Rule.Value], ax.Vote(f))
			if !have || p > top {
				top, have = p, true
			}
		}
		var ps []int
		for p := range tiers {
			ps = append(ps, p)
		}
		sort.Sort(sort.Reverse(sort.IntSlice(ps)))
		for _, p := range ps {
			t.Votes = append(t.Votes, TierVotes{Axis: axis, Priority: p, Weights: tiers[p], Deciding: p == top, Aggregate: ax.AggregateLabel()})
		}
		win := ad.Value
		for _, f := range fired {
			if f.Rule.Axis != axis || f.Rule.Value == win {
				continue
			}
			reason := "outvoted"
			switch {
			case f.Rule.Priority < top:
				reason = "lower tier"
			case tiers[top][f.Rule.Value] == tiers[top][win]:
				reason = "tie-break"
			}
			t.Lost = append(t.Lost, LostVote{Rule: f.Rule.ID, Axis: axis, Value: f.Rule.Value, Reason: reason})
		}
	}
	for _, m := range misses {
		t.NearMisses = append(t.NearMisses, NearMiss{Rule: m.Rule.ID, Axis: m.Rule.Axis, Value: m.Rule.Value, Reason: m.Reason, Blocker: m.Blocker, Modality: m.Modality, Marker: m.Marker,
			HasTerms: len(m.Rule.Any)+len(m.Rule.All) > 0 || slices.ContainsFunc(m.Rule.Near, func(n *rules.Near) bool { return n.List != "none" })})
	}
	for _, i := range failed {
		t.StrategiesFailed = append(t.StrategiesFailed, e.strategies[i].ID)
	}
	return t
}

// String renders the reason of a near miss for people.
func (m NearMiss) String() string {
	switch m.Reason {
	case "when":
		if !m.HasTerms {
			return fmt.Sprintf("%s (%s=%s): its when was false", m.Rule, m.Axis, m.Value)
		}
		return fmt.Sprintf("%s (%s=%s): its terms occurred but its when was false", m.Rule, m.Axis, m.Value)
	case "none":
		return fmt.Sprintf("%s (%s=%s): blocked by none: %s", m.Rule, m.Axis, m.Value, m.Blocker)
	case "praised":
		return fmt.Sprintf("%s (%s=%s): its terms occurred only praised", m.Rule, m.Axis, m.Value)
	case "near":
		return fmt.Sprintf("%s (%s=%s): its terms occurred but not as %s", m.Rule, m.Axis, m.Value, m.Blocker)
	case "unasserted", "modality":
		how := map[string]string{"hypothetical": "as a supposition", "question": "in a question", "reported": "as reported by others", "quoted": "in quotation marks", "figurative": "as a figure of speech"}[m.Modality]
		if m.Reason == "modality" {
			return fmt.Sprintf("%s (%s=%s): its terms occurred only %s (%s), which its exclude_modality does not count", m.Rule, m.Axis, m.Value, how, m.Marker)
		}
		return fmt.Sprintf("%s (%s=%s): its terms occurred only %s (%s), and it counts asserted occurrences only", m.Rule, m.Axis, m.Value, how, m.Marker)
	}
	return fmt.Sprintf("%s (%s=%s): its terms occurred only negated", m.Rule, m.Axis, m.Value)
}
