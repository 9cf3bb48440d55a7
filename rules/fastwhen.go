package rules

import (
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/vm"
)

// A fastWhen evaluates, without the expr VM, a when expression that
// compiled to one comparison of an environment number with a constant
// (signals.exclamation_run >= 4, order.amount >= 5000, length > 10), a
// boolean field (signals.shouting), or the negation of either. Such
// expressions run on every complaint for rules without terms; the VM would
// box the field through reflection each time.
type fastWhen func(env *Env) bool

// numberField reads a numeric field of the environment by its expr path.
func numberField(path string) func(*Env) float64 {
	switch path {
	case "length":
		return func(e *Env) float64 { return float64(e.Length) }
	case "signals.length":
		return func(e *Env) float64 { return float64(e.Signals.Length) }
	case "signals.exclamations":
		return func(e *Env) float64 { return float64(e.Signals.Exclamations) }
	case "signals.exclamation_run":
		return func(e *Env) float64 { return float64(e.Signals.ExclamationRun) }
	case "signals.questions":
		return func(e *Env) float64 { return float64(e.Signals.Questions) }
	case "signals.question_run":
		return func(e *Env) float64 { return float64(e.Signals.QuestionRun) }
	case "signals.repeats":
		return func(e *Env) float64 { return float64(e.Signals.Repeats) }
	case "signals.emoji":
		return func(e *Env) float64 { return float64(e.Signals.Emoji) }
	case "signals.invalid":
		return func(e *Env) float64 { return float64(e.Signals.Invalid) }
	case "signals.negations":
		return func(e *Env) float64 { return float64(e.Signals.Negations) }
	case "customer.prior_complaints":
		return func(e *Env) float64 { return float64(e.Customer.PriorComplaints) }
	case "order.amount":
		return func(e *Env) float64 { return e.Order.Amount }
	}
	return nil
}

func boolField(path string) func(*Env) bool {
	switch path {
	case "signals.shouting":
		return func(e *Env) bool { return e.Signals.Shouting }
	case "signals.contrast":
		return func(e *Env) bool { return e.Signals.Contrast }
	case "signals.truncated":
		return func(e *Env) bool { return e.Signals.Truncated }
	}
	return nil
}

// path names an identifier or a one-level member access: length,
// signals.exclamations.
func path(n ast.Node) string {
	switch x := n.(type) {
	case *ast.IdentifierNode:
		return x.Value
	case *ast.MemberNode:
		id, ok := x.Node.(*ast.IdentifierNode)
		p, ok2 := x.Property.(*ast.StringNode)
		if ok && ok2 {
			return id.Value + "." + p.Value
		}
	}
	return ""
}

func constant(n ast.Node) (float64, bool) {
	switch x := n.(type) {
	case *ast.IntegerNode:
		return float64(x.Value), true
	case *ast.FloatNode:
		return x.Value, true
	}
	return 0, false
}

// compileFast returns a fastWhen for p, or nil when p is not that simple.
func compileFast(p *vm.Program) fastWhen {
	if p == nil {
		return nil
	}
	return fastNode(p.Node())
}

func fastNode(n ast.Node) fastWhen {
	switch x := n.(type) {
	case *ast.UnaryNode:
		if x.Operator == "!" || x.Operator == "not" {
			if f := fastNode(x.Node); f != nil {
				return func(e *Env) bool { return !f(e) }
			}
		}
	case *ast.MemberNode, *ast.IdentifierNode:
		if get := boolField(path(x)); get != nil {
			return get
		}
	case *ast.BinaryNode:
		get := numberField(path(x.Left))
		c, ok := constant(x.Right)
		if get == nil || !ok {
			return nil
		}
		switch x.Operator {
		case ">=":
			return func(e *Env) bool { return get(e) >= c }
		case ">":
			return func(e *Env) bool { return get(e) > c }
		case "<=":
			return func(e *Env) bool { return get(e) <= c }
		case "<":
			return func(e *Env) bool { return get(e) < c }
		case "==":
			return func(e *Env) bool { return get(e) == c }
		case "!=":
			return func(e *Env) bool { return get(e) != c }
		}
	}
	return nil
}
