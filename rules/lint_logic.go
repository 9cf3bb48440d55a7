package rules

import (
	"cmp"
	"maps"
	"math"
	"strconv"

	"github.com/expr-lang/expr/ast"
)

// This file reasons about compiled when expressions without running them:
// a three-valued evaluation (yes, no, unknown) over what is known about
// each field, where a field is a path such as order.amount, length or an
// axis. What is known is a domain per path: an interval for numbers, a set
// of allowed and of excluded values for text, booleans and axes. Anything
// the reasoning does not understand (functions, arithmetic, text
// operators) is unknown, so a yes or no is always sound.

// tri is a three-valued truth.
type tri int8

const (
	unknown tri = iota
	yes
	no
)

func (t tri) not() tri {
	switch t {
	case yes:
		return no
	case no:
		return yes
	}
	return unknown
}

// dom is what is known about one path.
type dom struct {
	lo, hi         float64 // numbers: the interval
	loOpen, hiOpen bool
	numNot         map[float64]bool // numbers excluded
	allowed        map[string]bool  // text: the values it may take; nil means any
	excluded       map[string]bool  // text: values it does not take
}

func newDom() *dom { return &dom{lo: math.Inf(-1), hi: math.Inf(1)} }

func (d *dom) clone() *dom {
	c := *d
	c.numNot = maps.Clone(d.numNot)
	c.allowed = maps.Clone(d.allowed)
	c.excluded = maps.Clone(d.excluded)
	return &c
}

// empty reports whether no value satisfies d.
func (d *dom) empty() bool {
	if d.lo > d.hi || d.lo == d.hi && (d.loOpen || d.hiOpen || d.numNot[d.lo]) {
		return true
	}
	if d.allowed != nil {
		for v := range d.allowed {
			if !d.excluded[v] {
				return false
			}
		}
		return true
	}
	return false
}

// atom is a comparison of one path with constants.
type atom struct {
	path   string
	axis   int // the axis the path reads, or -1
	op     string
	num    float64
	strs   []string // ==, != (one value), in, not in
	isNum  bool
	isBool bool
}

// negate returns the atom that holds exactly when a does not.
func (a atom) negate() atom {
	n := a
	n.op = map[string]string{">": "<=", ">=": "<", "<": ">=", "<=": ">", "==": "!=", "!=": "==", "in": "not in", "not in": "in"}[a.op]
	return n
}

// apply narrows d by a.
func (d *dom) apply(a atom) {
	if a.isNum {
		switch a.op {
		case ">", ">=":
			if a.num > d.lo || a.num == d.lo && a.op == ">" {
				d.lo, d.loOpen = a.num, a.op == ">"
			}
		case "<", "<=":
			if a.num < d.hi || a.num == d.hi && a.op == "<" {
				d.hi, d.hiOpen = a.num, a.op == "<"
			}
		case "==":
			d.apply(atom{isNum: true, op: ">=", num: a.num})
			d.apply(atom{isNum: true, op: "<=", num: a.num})
		case "!=":
			if d.numNot == nil {
				d.numNot = map[float64]bool{}
			}
			d.numNot[a.num] = true
		}
		return
	}
	switch a.op {
	case "==", "in":
		set := map[string]bool{}
		for _, s := range a.strs {
			if d.allowed == nil || d.allowed[s] {
				set[s] = true
			}
		}
		d.allowed = set
	case "!=", "not in":
		if d.excluded == nil {
			d.excluded = map[string]bool{}
		}
		for _, s := range a.strs {
			d.excluded[s] = true
		}
	}
}

// facts are the domains known of each path.
type facts map[string]*dom

// get returns the domain of a's path, starting from its type's.
func (f facts) get(a atom, axes []Axis) *dom {
	if d, ok := f[a.path]; ok {
		return d
	}
	d := newDom()
	switch {
	case a.axis >= 0 && a.axis < len(axes):
		d.allowed = map[string]bool{}
		for _, v := range axes[a.axis].Values {
			d.allowed[v] = true
		}
	case a.isBool:
		d.allowed = map[string]bool{"true": true, "false": true}
	case a.isNum && counts[a.path]:
		d.lo = 0
	}
	return d
}

// counts are the numbers the engine computes as counts: never negative.
var counts = map[string]bool{"length": true, "signals.exclamations": true, "signals.questions": true,
	"signals.exclamation_run": true, "signals.question_run": true, "signals.repeats": true,
	"signals.emoji": true, "signals.invalid": true, "signals.negations": true}

// with returns f narrowed by a (f itself is not changed).
func (f facts) with(a atom, axes []Axis) facts {
	g := maps.Clone(f)
	if g == nil {
		g = facts{}
	}
	d := f.get(a, axes).clone()
	d.apply(a)
	g[a.path] = d
	return g
}

// logic evaluates expressions against the axes of a program.
type logic struct{ axes []Axis }

// readPath returns the path a node reads (order.amount, length, __axes.1) and
// its axis, or "" when it is not a plain read.
func readPath(n ast.Node) (string, int) {
	switch x := n.(type) {
	case *ast.IdentifierNode:
		return x.Value, -1
	case *ast.MemberNode:
		if i := axisRead(x); i >= 0 {
			return axesField + "." + strconv.Itoa(i), i
		}
		base, _ := readPath(x.Node)
		if base == "" {
			return "", -1
		}
		switch p := x.Property.(type) {
		case *ast.StringNode:
			return base + "." + p.Value, -1
		case *ast.IntegerNode:
			return base + "." + strconv.Itoa(p.Value), -1
		}
	}
	return "", -1
}

func numberOf(n ast.Node) (float64, bool) {
	switch x := n.(type) {
	case *ast.IntegerNode:
		return float64(x.Value), true
	case *ast.FloatNode:
		return x.Value, true
	case *ast.UnaryNode:
		if x.Operator == "-" {
			if v, ok := numberOf(x.Node); ok {
				return -v, true
			}
		}
	}
	return 0, false
}

func stringsOf(n ast.Node) ([]string, bool) {
	switch x := n.(type) {
	case *ast.StringNode:
		return []string{x.Value}, true
	case *ast.ArrayNode:
		var out []string
		for _, e := range x.Nodes {
			s, ok := e.(*ast.StringNode)
			if !ok {
				return nil, false
			}
			out = append(out, s.Value)
		}
		return out, true
	case *ast.ConstantNode:
		if m, ok := x.Value.(map[string]struct{}); ok {
			return sortedKeys(m), true
		}
	}
	return nil, false
}

var flipped = map[string]string{">": "<", ">=": "<=", "<": ">", "<=": ">=", "==": "==", "!=": "!="}

// atomOf reads n as an atom, when it is one.
func atomOf(n ast.Node) (atom, bool) {
	if p, axis := readPath(n); p != "" {
		return atom{path: p, axis: axis, op: "==", strs: []string{"true"}, isBool: true}, true
	}
	b, ok := n.(*ast.BinaryNode)
	if !ok {
		return atom{}, false
	}
	op := b.Operator
	left, right := b.Left, b.Right
	if _, ok := flipped[op]; ok {
		if p, _ := readPath(left); p == "" {
			left, right, op = right, left, flipped[op]
		}
	}
	p, axis := readPath(left)
	if p == "" {
		return atom{}, false
	}
	switch op {
	case ">", ">=", "<", "<=", "==", "!=":
		if v, ok := numberOf(right); ok {
			return atom{path: p, axis: axis, op: op, num: v, isNum: true}, true
		}
		if bn, ok := right.(*ast.BoolNode); ok && (op == "==" || op == "!=") {
			return atom{path: p, axis: axis, op: op, strs: []string{strconv.FormatBool(bn.Value)}, isBool: true}, true
		}
		if s, ok := right.(*ast.StringNode); ok && (op == "==" || op == "!=") {
			return atom{path: p, axis: axis, op: op, strs: []string{s.Value}}, true
		}
	case "in", "not in":
		if s, ok := stringsOf(right); ok {
			return atom{path: p, axis: axis, op: op, strs: s}, true
		}
	}
	return atom{}, false
}

func isNot(op string) bool { return op == "!" || op == "not" }
func isAnd(op string) bool { return op == "&&" || op == "and" }
func isOr(op string) bool  { return op == "||" || op == "or" }

// eval returns what f says of n.
func (l logic) eval(n ast.Node, f facts) tri {
	switch x := n.(type) {
	case *ast.BoolNode:
		if x.Value {
			return yes
		}
		return no
	case *ast.UnaryNode:
		if isNot(x.Operator) {
			return l.eval(x.Node, f).not()
		}
	case *ast.BinaryNode:
		switch {
		case isAnd(x.Operator):
			a := l.eval(x.Left, f)
			if a == no {
				return no
			}
			b := l.eval(x.Right, l.assume(x.Left, true, f))
			switch {
			case b == no:
				return no
			case a == yes && b == yes:
				return yes
			}
			return unknown
		case isOr(x.Operator):
			a := l.eval(x.Left, f)
			if a == yes {
				return yes
			}
			b := l.eval(x.Right, l.assume(x.Left, false, f))
			switch {
			case b == yes:
				return yes
			case a == no && b == no:
				return no
			}
			return unknown
		}
	}
	if t, ok := constCompare(n); ok {
		return t
	}
	a, ok := atomOf(n)
	if !ok {
		return unknown
	}
	d := f.get(a, l.axes)
	with, without := d.clone(), d.clone()
	with.apply(a)
	without.apply(a.negate())
	switch {
	case with.empty():
		return no
	case without.empty():
		return yes
	}
	return unknown
}

// assume returns f narrowed by n having the truth value v, as far as the
// atoms of n tell (a conjunction when v is true, a disjunction when v is
// false); f when they tell nothing.
func (l logic) assume(n ast.Node, v bool, f facts) facts {
	switch x := n.(type) {
	case *ast.UnaryNode:
		if isNot(x.Operator) {
			return l.assume(x.Node, !v, f)
		}
	case *ast.BinaryNode:
		if v && isAnd(x.Operator) || !v && isOr(x.Operator) {
			return l.assume(x.Right, v, l.assume(x.Left, v, f))
		}
	}
	a, ok := atomOf(n)
	if !ok {
		return f
	}
	if !v {
		a = a.negate()
	}
	return f.with(a, l.axes)
}

// axesRead returns the axes n reads, in order.
func axesRead(n ast.Node) []int {
	var v axisCollector
	ast.Walk(&n, &v)
	return v.axes
}

type axisCollector struct{ axes []int }

func (v *axisCollector) Visit(n *ast.Node) {
	if i := axisRead(*n); i >= 0 {
		for _, a := range v.axes {
			if a == i {
				return
			}
		}
		v.axes = append(v.axes, i)
	}
}

// constCompare folds a comparison of two numbers or two strings.
func constCompare(n ast.Node) (tri, bool) {
	b, ok := n.(*ast.BinaryNode)
	if !ok {
		return unknown, false
	}
	var c int
	x, okx := numberOf(b.Left)
	y, oky := numberOf(b.Right)
	switch {
	case okx && oky:
		c = cmp.Compare(x, y)
	default:
		sx, okx := b.Left.(*ast.StringNode)
		sy, oky := b.Right.(*ast.StringNode)
		if !okx || !oky {
			return unknown, false
		}
		c = cmp.Compare(sx.Value, sy.Value)
	}
	var r bool
	switch b.Operator {
	case "==":
		r = c == 0
	case "!=":
		r = c != 0
	case "<":
		r = c < 0
	case "<=":
		r = c <= 0
	case ">":
		r = c > 0
	case ">=":
		r = c >= 0
	default:
		return unknown, false
	}
	if r {
		return yes, true
	}
	return no, true
}
