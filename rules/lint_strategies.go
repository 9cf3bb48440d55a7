package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/expr-lang/expr/ast"
)

// Bounds of the unreachable-strategy check: it enumerates the combinations
// of the axis values a strategy's when names, so that many are enough.
const (
	maxCombinations = 100_000   // the messages say so
	maxEvaluations  = 5_000_000 // strategy when evaluations for one policy
)

// constantWhen reports a when that always or never holds by constant
// folding and interval reasoning on comparisons with constants (TS108).
// what is "rule" or "strategy"; node is nil when the when folded to true.
func constantWhen(l logic, when Scalar, node ast.Node, what string) (finding, bool) {
	if when.Value == "" || strings.TrimSpace(when.Value) == "true" {
		return finding{}, false // when: true is how a rule says "always"
	}
	t := yes
	if node != nil {
		t = l.eval(node, nil)
	}
	w := strings.Join(strings.Fields(when.Value), " ")
	switch {
	case t == no && what == "rule":
		return finding{fmt.Sprintf("when never holds (%s): the rule can never fire", w),
			fmt.Sprintf("条件永远不成立（%s）：这条规则永远不会触发", w)}, true
	case t == no:
		return finding{fmt.Sprintf("when never holds (%s): the strategy can never be chosen", w),
			fmt.Sprintf("条件永远不成立（%s）：这个策略永远不会被选中", w)}, true
	case t == yes && what == "rule":
		return finding{fmt.Sprintf("when always holds (%s): leave it out", w),
			fmt.Sprintf("条件总是成立（%s）：可以删去", w)}, true
	case t == yes:
		return finding{fmt.Sprintf("when always holds (%s): no strategy after it can be chosen; leave the when out and put the strategy last", w),
			fmt.Sprintf("条件总是成立（%s）：它后面的策略都不会被选中；请去掉 when 并把它放在最后", w)}, true
	}
	return finding{}, false
}

// unreachable reports whether strategy i can never be chosen because,
// for every combination of the values of the axes its when names (other
// conditions left open), it does not hold or an earlier strategy does. It
// returns the finding, and checked false when there were too many
// combinations to try. budget counts evaluations left for the policy.
func (s *Program) unreachable(i int, budget *int) (f finding, found, checked bool) {
	st := s.strategies[i]
	l := logic{axes: s.axes}
	var node ast.Node
	if st.program != nil {
		node = st.program.Node()
	}
	var named []int
	if node != nil {
		named = axesRead(node)
	}
	// Enumerate the axes the earlier strategies name too, when there are
	// not too many combinations: two earlier strategies may together
	// cover what neither covers alone.
	all := slices.Clone(named)
	for _, prev := range s.strategies[:i] {
		if prev.program != nil {
			for _, a := range axesRead(prev.program.Node()) {
				if !slices.Contains(all, a) {
					all = append(all, a)
				}
			}
		}
	}
	if n := 1; len(all) > len(named) {
		for _, a := range all {
			n *= len(s.axes[a].Values)
			if n > maxCombinations {
				break
			}
		}
		if n <= maxCombinations {
			named = all
		}
	}
	combos := 1
	for _, a := range named {
		combos *= len(s.axes[a].Values)
		if combos > maxCombinations {
			return finding{"not checked for earlier strategies that hide it: its when names more than 100,000 combinations of axis values",
				"未检查它是否被前面的策略挡住：它的条件涉及的分类取值组合超过 100,000 种"}, false, i == 0
		}
	}
	if *budget < combos*(i+1) {
		return finding{"not checked for earlier strategies that hide it: the strategies before it name more than 5,000,000 combinations of axis values in all",
			"未检查它是否被前面的策略挡住：它之前的策略共涉及超过 5,000,000 种分类取值组合"}, false, i == 0
	}
	*budget -= combos * (i + 1)
	var hiders []int // indices of the strategies that hide it
	holds := false
	idx := make([]int, len(named))
	for {
		var fs facts
		for k, a := range named {
			fs = fs.with(atom{path: axesField + "." + fmt.Sprint(a), axis: a, op: "==", strs: []string{s.axes[a].Values[idx[k]]}}, s.axes)
		}
		t := yes
		if node != nil {
			t = l.eval(node, fs)
		}
		if t != no {
			holds = true
			if node != nil {
				fs = l.assume(node, true, fs)
			}
			hider := -1
			for j, prev := range s.strategies[:i] {
				if prev.program == nil || l.eval(prev.program.Node(), fs) == yes {
					hider = j
					break
				}
			}
			if hider < 0 {
				return finding{}, false, true
			}
			if !slices.Contains(hiders, hider) {
				hiders = append(hiders, hider)
			}
		}
		// Next combination.
		k := len(idx) - 1
		for ; k >= 0; k-- {
			if idx[k]++; idx[k] < len(s.axes[named[k]].Values) {
				break
			}
			idx[k] = 0
		}
		if k < 0 {
			break
		}
	}
	if !holds {
		var names []string
		for _, a := range named {
			names = append(names, s.axes[a].Name)
		}
		return finding{fmt.Sprintf("can never be chosen: its when holds for no value of %s", strings.Join(names, ", ")),
			fmt.Sprintf("永远不会被选中：%s 取任何值时它的条件都不成立", strings.Join(names, "、"))}, true, true
	}
	slices.Sort(hiders)
	q := make([]string, len(hiders))
	for k, h := range hiders {
		q[k] = fmt.Sprintf("%q", s.strategies[h].ID)
	}
	if len(hiders) == 1 {
		return finding{fmt.Sprintf("can never be chosen: strategy %s before it holds whenever this one does", q[0]),
			fmt.Sprintf("永远不会被选中：凡是它成立的时候，前面的策略 %s 都已成立", q[0])}, true, true
	}
	return finding{fmt.Sprintf("can never be chosen: strategies %s before it hold whenever this one does", strings.Join(q, ", ")),
		fmt.Sprintf("永远不会被选中：凡是它成立的时候，前面的策略 %s 中总有一个已成立", strings.Join(q, "、"))}, true, true
}
