package rules

import (
	"fmt"
	"slices"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/vm"
	"github.com/tousu/tousu/classify"
)

// ChooseStrategy returns the index in Strategies of the first strategy
// whose when holds for env, whose Axes must hold one value per axis of
// Axes; ev is the complaint's evaluation, from which env's Fired and Tags
// are filled when a strategy reads them. The last strategy has no when, so
// there is always one unless an expression fails to evaluate. When failed
// is not nil, the indices of the strategies tried before the chosen one,
// whose when was false, are appended to it.
func (p *Program) ChooseStrategy(env *StrategyEnv, ev *Evaluation, failed *[]int) (int, error) {
	if p.needsFired && ev != nil {
		env.Fired, env.Tags = env.Fired[:0], env.Tags[:0]
		for _, f := range ev.Fired {
			env.Fired = append(env.Fired, f.Rule.ID)
			for _, t := range f.Rule.Tags {
				if !slices.Contains(env.Tags, t) {
					env.Tags = append(env.Tags, t)
				}
			}
		}
	}
	if p.strategies[0].program == nil { // the first strategy always holds
		return 0, nil
	}
	if failed != nil || !p.memoOK {
		return p.chooseStrategy(env, failed)
	}
	key, ok := p.memoKey(env)
	if !ok { // values outside the taxonomy: nothing to share
		return p.chooseStrategy(env, nil)
	}
	if i, ok := (*p.memo.Load())[key]; ok {
		return i, nil
	}
	i, err := p.chooseStrategy(env, nil)
	if err != nil {
		return 0, err
	}
	p.memoMu.Lock()
	old := *p.memo.Load()
	if len(old) < maxMemo {
		m := make(map[strategyKey]int, len(old)+1)
		for k, v := range old {
			m[k] = v
		}
		m[key] = i
		p.memo.Store(&m)
	}
	p.memoMu.Unlock()
	return i, nil
}

func (p *Program) chooseStrategy(env *StrategyEnv, failed *[]int) (int, error) {
	var machine *vm.VM
	defer func() {
		if machine != nil {
			p.vms.Put(machine)
		}
	}()
	for i, st := range p.strategies {
		if st.program == nil {
			return i, nil
		}
		if machine == nil {
			machine = p.vms.Get().(*vm.VM)
		}
		ok, err := run(machine, st.program, env)
		if err != nil {
			return 0, fmt.Errorf("strategy %q: when: %w", st.ID, err)
		}
		if ok {
			return i, nil
		}
		if failed != nil {
			*failed = append(*failed, i)
		}
	}
	return len(p.strategies) - 1, nil
}

// strategyKey is what a memoable strategy choice depends on: the decided
// value of every axis, the channel and the customer's tier.
type strategyKey struct {
	axes          [maxAxes]uint8 // value index + 1 per axis
	channel, tier string
}

// maxMemo bounds the strategy memo; beyond it choices are computed.
const maxMemo = 4096

func (p *Program) memoKey(env *StrategyEnv) (strategyKey, bool) {
	var k strategyKey
	if len(env.Axes) != len(p.axes) {
		return k, false
	}
	for i, v := range env.Axes {
		j := p.axes[i].valueIndex(v)
		if j < 0 {
			return k, false
		}
		k.axes[i] = uint8(j + 1)
	}
	k.channel = env.Channel
	if env.Customer != nil {
		k.tier = env.Customer.Tier
	}
	return k, true
}

// memoable reports whether a strategy's when is a pure function of the
// memo key: every node is of a kind on an allow-list (literals, the
// operators, member and index reads, conditionals), and the only names it
// reads are the decided axes, channel and customer.tier. Calls of any
// function (now(), a user's function) and closures make it not memoable.
func memoable(n ast.Node) bool {
	v := &purity{pure: true}
	ast.Walk(&n, v)
	return v.pure && v.customer == v.customerTier
}

type purity struct {
	pure                   bool
	customer, customerTier int
}

func (v *purity) Visit(n *ast.Node) {
	switch x := (*n).(type) {
	case *ast.NilNode, *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.StringNode,
		*ast.ConstantNode, *ast.UnaryNode, *ast.BinaryNode, *ast.ConditionalNode, *ast.ArrayNode:
	case *ast.IdentifierNode:
		switch x.Value {
		case axesField, "channel":
		case "customer":
			v.customer++
		default:
			v.pure = false
		}
	case *ast.MemberNode:
		if id, ok := x.Node.(*ast.IdentifierNode); ok && id.Value == "customer" {
			if p, ok := x.Property.(*ast.StringNode); ok && p.Value == "tier" {
				v.customerTier++
			}
		}
	default:
		v.pure = false
	}
}

// matchesText reports whether rule r fires on text alone, with an otherwise
// empty environment: what a rule's inline examples are checked with.
func (p *Program) matchesText(r *rule, text string) (bool, error) {
	sig := classify.ComputeSignals(text)
	env := &Env{Text: text, Signals: &sig, Customer: &Customer{}, Order: &Order{}, Length: sig.Length}
	var out Evaluation
	if err := p.Evaluate(env, &out); err != nil {
		return false, err
	}
	for _, f := range out.Fired {
		if f.Rule == r.Rule {
			return true, nil
		}
	}
	return false, nil
}
