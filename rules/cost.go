package rules

import (
	"fmt"
	"math"
	"reflect"

	"github.com/expr-lang/expr/ast"
)

// The static cost of a when expression, estimated at compile time in the
// manner of cel-go's cost estimator: every node is given a worst-case cost
// (roughly, bytes or elements touched) and result size, with the text and
// every other string of the environment at Limits.MaxTextBytes, ranges at
// their constant bounds and collections built by the expression at the
// size it builds them. An expression whose estimate exceeds
// Limits.MaxExprCost is a compile error naming its costliest part; a
// construct whose cost cannot be bounded statically (a range with a bound
// that is not a constant, repeat with a count that is not one) is
// rejected. expr's memory budget stays as the last guard at run time.

// unbounded marks a size or cost that cannot be bounded statically.
var unbounded = math.Inf(1)

// estimate is the worst case of one node: what evaluating it costs and how
// large its result is (bytes for a string, elements for a collection, 1
// otherwise).
type estimate struct{ cost, size float64 }

type costError struct {
	part   ast.Node
	cost   float64
	limit  float64
	reason string
}

func (e *costError) Error() string {
	if e.reason != "" {
		return fmt.Sprintf("%s: %s", e.part.String(), e.reason)
	}
	return fmt.Sprintf("%s may cost %.3g, more than the limit of %.3g", e.part.String(), e.cost, e.limit)
}

type estimator struct {
	textBytes float64
	limit     float64
	vars      []map[string]float64 // let bindings, innermost last: name → size
	elem      []float64            // element size of the innermost predicate's collection (#)
	acc       []float64            // accumulator size of the innermost reduce (#acc)
	err       *costError
}

// estimateCost returns the estimated cost of n, or an error naming the part
// that exceeds limit or cannot be bounded.
func estimateCost(n ast.Node, textBytes, limit int) (float64, error) {
	e := &estimator{textBytes: float64(textBytes), limit: float64(limit)}
	est := e.node(n)
	if e.err != nil {
		return 0, e.err
	}
	if limit > 0 && est.cost > e.limit {
		return 0, &costError{part: n, cost: est.cost, limit: e.limit}
	}
	return est.cost, nil
}

// fail records the first part that cannot be bounded, or whose cost alone
// exceeds the limit.
func (e *estimator) check(n ast.Node, est estimate) estimate {
	if e.err == nil && e.limit > 0 && (est.cost > e.limit || math.IsInf(est.size, 1)) {
		if math.IsInf(est.cost, 1) || math.IsInf(est.size, 1) {
			e.err = &costError{part: n, reason: "its cost cannot be bounded before it runs (use constant bounds and counts)"}
		} else {
			e.err = &costError{part: n, cost: est.cost, limit: e.limit}
		}
	}
	return est
}

func (e *estimator) node(n ast.Node) estimate {
	if e.err != nil {
		return estimate{}
	}
	return e.check(n, e.visit(n))
}

// sizeOf is the worst-case size of a value of type t read from the
// environment: strings at the text limit, maps and slices at a thousand
// entries.
func (e *estimator) sizeOf(t reflect.Type) float64 {
	if t == nil {
		return e.textBytes
	}
	switch t.Kind() {
	case reflect.String:
		return e.textBytes
	case reflect.Map, reflect.Slice, reflect.Array:
		return 1000
	}
	return 1
}

func (e *estimator) visit(n ast.Node) estimate {
	switch x := n.(type) {
	case *ast.NilNode, *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode:
		return estimate{1, 1}
	case *ast.StringNode:
		return estimate{1, float64(len(x.Value))}
	case *ast.BytesNode:
		return estimate{1, float64(len(x.Value))}
	case *ast.ConstantNode:
		v := reflect.ValueOf(x.Value)
		switch v.Kind() {
		case reflect.String, reflect.Slice, reflect.Array, reflect.Map:
			return estimate{1, float64(v.Len())}
		}
		return estimate{1, 1}
	case *ast.IdentifierNode:
		for i := len(e.vars) - 1; i >= 0; i-- {
			if s, ok := e.vars[i][x.Value]; ok {
				return estimate{1, s}
			}
		}
		return estimate{1, e.sizeOf(x.Type())}
	case *ast.PointerNode:
		switch x.Name {
		case "acc":
			if len(e.acc) > 0 {
				return estimate{1, e.acc[len(e.acc)-1]}
			}
		case "index":
			return estimate{1, 1}
		default:
			if len(e.elem) > 0 {
				return estimate{1, e.elem[len(e.elem)-1]}
			}
		}
		return estimate{1, e.sizeOf(x.Type())}
	case *ast.MemberNode:
		obj := e.node(x.Node)
		prop := e.node(x.Property)
		return estimate{1 + obj.cost + prop.cost, e.sizeOf(x.Type())}
	case *ast.ChainNode:
		return e.node(x.Node)
	case *ast.UnaryNode:
		v := e.node(x.Node)
		return estimate{1 + v.cost, v.size}
	case *ast.ConditionalNode:
		c, a, b := e.node(x.Cond), e.node(x.Exp1), e.node(x.Exp2)
		return estimate{1 + c.cost + math.Max(a.cost, b.cost), math.Max(a.size, b.size)}
	case *ast.SliceNode:
		v := e.node(x.Node)
		cost := 1 + v.cost
		if x.From != nil {
			cost += e.node(x.From).cost
		}
		if x.To != nil {
			cost += e.node(x.To).cost
		}
		return estimate{cost + v.size, v.size}
	case *ast.ArrayNode:
		est := estimate{1, float64(len(x.Nodes))}
		for _, c := range x.Nodes {
			est.cost += e.node(c).cost
		}
		return est
	case *ast.MapNode:
		est := estimate{1, float64(len(x.Pairs))}
		for _, c := range x.Pairs {
			est.cost += e.node(c).cost
		}
		return est
	case *ast.PairNode:
		k, v := e.node(x.Key), e.node(x.Value)
		return estimate{1 + k.cost + v.cost, 1}
	case *ast.SequenceNode:
		var est estimate
		for _, c := range x.Nodes {
			v := e.node(c)
			est = estimate{est.cost + v.cost, v.size}
		}
		return est
	case *ast.VariableDeclaratorNode:
		v := e.node(x.Value)
		e.vars = append(e.vars, map[string]float64{x.Name: v.size})
		body := e.node(x.Expr)
		e.vars = e.vars[:len(e.vars)-1]
		return estimate{1 + v.cost + body.cost, body.size}
	case *ast.PredicateNode:
		return e.node(x.Node)
	case *ast.BinaryNode:
		return e.binary(x)
	case *ast.BuiltinNode:
		return e.call(x.Name, x.Arguments)
	case *ast.CallNode:
		if id, ok := x.Callee.(*ast.IdentifierNode); ok {
			return e.call(id.Value, x.Arguments)
		}
		// A method of an environment value (now().Hour()): constant work.
		c := e.node(x.Callee)
		for _, a := range x.Arguments {
			c.cost += e.node(a).cost
		}
		return estimate{1 + c.cost, e.sizeOf(x.Type())}
	}
	return estimate{unbounded, unbounded}
}

func intConst(n ast.Node) (float64, bool) {
	switch x := n.(type) {
	case *ast.IntegerNode:
		return float64(x.Value), true
	case *ast.UnaryNode:
		if v, ok := intConst(x.Node); ok && x.Operator == "-" {
			return -v, true
		}
	case *ast.ConstantNode:
		if v, ok := x.Value.(int); ok {
			return float64(v), true
		}
	}
	return 0, false
}

func (e *estimator) binary(x *ast.BinaryNode) estimate {
	if x.Operator == ".." {
		lo, ok1 := intConst(x.Left)
		hi, ok2 := intConst(x.Right)
		if !ok1 || !ok2 {
			return estimate{unbounded, unbounded}
		}
		n := math.Max(hi-lo+1, 0)
		return estimate{1 + n, n}
	}
	l, r := e.node(x.Left), e.node(x.Right)
	cost := 1 + l.cost + r.cost
	switch x.Operator {
	case "+":
		// String or collection concatenation builds a new value.
		if l.size > 1 || r.size > 1 {
			return estimate{cost + l.size + r.size, l.size + r.size}
		}
		return estimate{cost, 1}
	case "contains", "startsWith", "endsWith", "==", "!=", "<", "<=", ">", ">=":
		return estimate{cost + l.size + r.size, 1}
	case "matches":
		// RE2 runs in time linear in the text, times the pattern.
		return estimate{cost + l.size*math.Max(r.size, 1), 1}
	case "in", "not in":
		return estimate{cost + l.size*math.Max(r.size, 1), 1}
	}
	return estimate{cost, 1}
}

// call estimates a builtin or a function by name.
func (e *estimator) call(name string, args []ast.Node) estimate {
	switch name {
	case "all", "none", "any", "one", "filter", "map", "find", "findIndex", "findLast", "findLastIndex",
		"count", "sum", "groupBy", "sortBy", "reduce":
		if len(args) == 0 {
			return estimate{1, 1}
		}
		coll := e.node(args[0])
		n := coll.size
		if len(args) < 2 {
			return estimate{1 + coll.cost + n, n}
		}
		e.elem = append(e.elem, e.sizeOfElements(args[0]))
		var body estimate
		if name == "reduce" {
			init := estimate{1, 1}
			if len(args) > 2 {
				init = e.node(args[2])
			}
			e.acc = append(e.acc, init.size)
			first := e.node(args[1])
			if first.size > init.size { // the accumulator grows: assume every step adds as much
				e.acc[len(e.acc)-1] = init.size + n*first.size
				body = e.node(args[1])
			} else {
				body = first
			}
			e.acc = e.acc[:len(e.acc)-1]
		} else {
			body = e.node(args[1])
		}
		e.elem = e.elem[:len(e.elem)-1]
		size := 1.0
		switch name {
		case "filter", "map", "sortBy":
			size = n
		case "reduce":
			size = body.size
		}
		return estimate{1 + coll.cost + n*math.Max(body.cost, 1), size}
	}
	var total estimate
	sizes := make([]float64, len(args))
	for i, a := range args {
		v := e.node(a)
		total.cost += v.cost
		sizes[i] = v.size
	}
	arg := func(i int) float64 {
		if i < len(sizes) {
			return sizes[i]
		}
		return 1
	}
	switch name {
	case "repeat":
		count, ok := 0.0, false
		if len(args) > 1 {
			count, ok = intConst(args[1])
		}
		if !ok {
			return estimate{unbounded, unbounded}
		}
		size := arg(0) * math.Max(count, 0)
		return estimate{1 + total.cost + size, size}
	case "replace":
		// Worst case: every position of the text is replaced (an empty
		// old string puts the new one between every two bytes).
		size := arg(0) * (arg(2) + 1)
		return estimate{1 + total.cost + size + arg(0)*arg(1), size}
	case "upper", "lower", "trim", "trimPrefix", "trimSuffix", "reverse", "toJSON", "fromJSON", "toBase64", "fromBase64",
		"string", "split", "splitAfter", "join", "uniq", "sort", "flatten", "keys", "values", "toPairs", "fromPairs", "concat":
		size := 0.0
		for _, s := range sizes {
			size += s
		}
		return estimate{1 + total.cost + size*math.Max(1, math.Log2(size+1)), size}
	case "indexOf", "lastIndexOf", "hasPrefix", "hasSuffix", "len", "first", "last", "get", "max", "min", "mean", "median",
		"int", "float", "abs", "ceil", "floor", "round", "type", "bitnot", "take":
		return estimate{1 + total.cost + arg(0) + arg(1), 1}
	}
	// now(), date(), duration(), timezone() and user functions: their
	// own cost is the caller's to bound; the arguments are counted.
	return estimate{1 + total.cost, 1}
}

// sizeOfElements is the worst-case size of one element of a collection
// expression: a range's elements are numbers; other collections' elements
// are taken at the text limit.
func (e *estimator) sizeOfElements(n ast.Node) float64 {
	if b, ok := n.(*ast.BinaryNode); ok && b.Operator == ".." {
		return 1
	}
	if id, ok := n.(*ast.IdentifierNode); ok {
		for i := len(e.vars) - 1; i >= 0; i-- {
			if _, ok := e.vars[i][id.Value]; ok {
				return 1 // let-bound collections in policies are ranges or literal arrays
			}
		}
	}
	if a, ok := n.(*ast.ArrayNode); ok {
		m := 1.0
		for _, c := range a.Nodes {
			if s, ok := c.(*ast.StringNode); ok {
				m = math.Max(m, float64(len(s.Value)))
			}
		}
		return m
	}
	return e.textBytes
}

// nestingAt returns the rune offset in src where its nesting first exceeds
// max, or -1: brackets, and runs of prefix operators (!, -, +, not), each
// of which the parser descends into recursively. It reads the raw text, so
// it runs before anything parses it.
func nestingAt(src string, max int) int {
	if max <= 0 {
		return -1
	}
	depth, run := 0, 0
	var quote rune
	escaped := false
	prev := ' '
	rs := []rune(src)
	for i, r := range rs {
		if quote != 0 {
			switch {
			case escaped:
				escaped = false
			case r == '\\' && quote != '`':
				escaped = true
			case r == quote:
				quote = 0
			}
			prev = r
			continue
		}
		switch r {
		case '"', '\'', '`':
			quote, run = r, 0
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
			run = 0
		case '!', '-', '+':
			run++
		case ' ', '\t', '\n', '\r':
		default:
			// "not" as a word is a prefix operator too.
			if r == 'n' && !isWordRune(prev) && hasWordAt(rs, i, "not") {
				run++
			} else if isWordRune(r) && !isWordRune(prev) {
				run = 0
			}
		}
		if depth+run > max {
			return i
		}
		prev = r
	}
	return -1
}

func isWordRune(r rune) bool {
	return r == '_' || '0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
}

// hasWordAt reports whether rs from offset i spells word followed by a
// non-word rune.
func hasWordAt(rs []rune, i int, word string) bool {
	if i+len(word) > len(rs) || string(rs[i:i+len(word)]) != word {
		return false
	}
	return i+len(word) == len(rs) || !isWordRune(rs[i+len(word)])
}
