package rules

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/parser"
	"github.com/expr-lang/expr/vm"
	"gopkg.in/yaml.v3"

	"github.com/tousu/tousu/classify"
)

type compiler struct {
	errs  *errList
	lim   Limits
	funcs map[string]func(args ...any) (any, error)
	set   *Set

	lexByName   map[string]*Lexicon
	lexTerms    map[string][]int // lexicon -> term ids
	lexUsed     map[string]bool
	termID      map[string]int // folded term -> id
	macroSrc    map[string]string
	macroByName map[string]*Macro
	badMacros   map[string]bool // in or through a cycle: already reported
}

// reachesBad reports whether macro name refers, directly or not, to a macro
// in bad.
func (c *compiler) reachesBad(name string, bad map[string]bool) bool {
	seen := map[string]bool{}
	var walk func(string) bool
	walk = func(n string) bool {
		if bad[n] {
			return true
		}
		if seen[n] {
			return false
		}
		seen[n] = true
		for _, r := range c.macroRefs(c.macroSrc[n]) {
			if walk(r) {
				return true
			}
		}
		return false
	}
	return walk(name)
}

// where returns the position of n in d's file.
func where(d *doc, n *yaml.Node) Position {
	if n == nil {
		return Position{File: d.file}
	}
	return Position{d.file, n.Line, n.Column}
}

func (c *compiler) compile(raws []*rawPolicy) *Set {
	s := &Set{name: names(raws), defaults: map[string]string{}}
	c.set = s
	c.lexByName = map[string]*Lexicon{}
	c.lexTerms = map[string][]int{}
	c.lexUsed = map[string]bool{}
	c.termID = map[string]int{}
	c.macroSrc = map[string]string{}
	c.macroByName = map[string]*Macro{}
	c.badMacros = map[string]bool{}
	if len(raws) > 0 {
		s.description = raws[0].description
	}
	for _, r := range raws {
		c.lexicons(r)
		c.extend(r)
	}
	for _, r := range raws {
		c.macros(r)
	}
	c.macroCycles(raws)
	ruleIDs := map[string]Position{}
	for _, r := range raws {
		for _, rr := range r.rules {
			c.rule(r.d, rr, ruleIDs)
		}
		c.disable(r)
	}
	for i, r := range s.rules {
		r.Index = i
	}
	stratIDs := map[string]Position{}
	var last *rawStrategy
	var lastDoc *doc
	for _, r := range raws {
		for _, rs := range r.strategies {
			c.strategy(r.d, rs, stratIDs)
			if rs.before == nil && rs.after == nil && !rs.replace {
				last, lastDoc = rs, r.d // appended at the end
			}
		}
		if r.review != nil {
			s.review = r.review.minConfidence
		}
		for axis, n := range r.defaults {
			if v, ok := r.d.str(n, "defaults."+axis, "", ""); ok {
				if !slices.Contains(axisValues[axis], v) {
					c.errs.add(r.d.file, posOf(n), ErrAxisValue, "", "", "unknown %s %q (want one of %s)", axis, v, strings.Join(axisValues[axis], ", "))
					continue
				}
				s.defaults[axis] = v
			}
		}
	}
	for _, axis := range axisOrder {
		if s.defaults[axis] == "" {
			s.defaults[axis] = fallbackDefaults[axis]
		}
	}
	switch {
	case last == nil && len(raws) > 0:
		c.errs.add(raws[len(raws)-1].d.file, posOf(raws[len(raws)-1].root), ErrNoCatchAll, "", "", "the policy has no strategies; the last one must have no when (a catch-all)")
	case last != nil && last.when != nil:
		c.errs.add(lastDoc.file, posOf(last.when), ErrNoCatchAll, "strategy", last.id, "the last strategy must have no when, so that every complaint gets a strategy")
	case len(s.strategies) > 0 && s.strategies[len(s.strategies)-1].When != "":
		// A later file placed a strategy after the catch-all.
		st := s.strategies[len(s.strategies)-1]
		c.errs.errs = append(c.errs.errs, &Error{File: st.Pos.File, Line: st.Pos.Line, Col: st.Pos.Col, Code: ErrNoCatchAll, Kind: "strategy", Rule: st.ID,
			Err: fmt.Errorf("placed last, after the catch-all: the last strategy must have no when")})
	}
	c.limits(raws)
	s.lexUsed = c.lexUsed
	s.macroUsed = map[string]bool{}
	var exprs []string
	for _, r := range s.rules {
		exprs = append(exprs, r.When)
	}
	for _, st := range s.strategies {
		exprs = append(exprs, st.When)
	}
	for _, m := range s.macros {
		exprs = append(exprs, m.Expr)
	}
	for _, e := range exprs {
		if e != "" {
			for _, name := range c.identRefs(e) {
				s.macroUsed[name] = true
			}
		}
	}
	if len(c.errs.errs) == 0 {
		c.index()
	}
	return s
}

// fallbackDefaults are the axis values of a policy without defaults.
var fallbackDefaults = map[string]string{"cause": "product", "severity": "general", "behaviour": "passive"}

func (c *compiler) limits(raws []*rawPolicy) {
	if len(raws) == 0 {
		return
	}
	d := raws[len(raws)-1].d
	p := pos{1, 1}
	if exceeds(len(c.set.rules), c.lim.MaxRules) {
		c.errs.add(d.file, p, ErrLimit, "", "", "the policy has %d rules, more than the limit of %d", len(c.set.rules), c.lim.MaxRules)
	}
	if exceeds(len(c.set.lexicons), c.lim.MaxLexicons) {
		c.errs.add(d.file, p, ErrLimit, "", "", "the policy has %d lexicons, more than the limit of %d", len(c.set.lexicons), c.lim.MaxLexicons)
	}
	if exceeds(len(c.set.terms), c.lim.MaxTerms) {
		c.errs.add(d.file, p, ErrLimit, "", "", "the policy has %d distinct terms, more than the limit of %d", len(c.set.terms), c.lim.MaxTerms)
	}
}

// term registers a term and returns its id, or -1 when it is not usable.
func (c *compiler) term(d *doc, n *yaml.Node, kind, id string) int {
	t := n.Value
	if exceeds(utf8.RuneCountInString(t), c.lim.MaxTermRunes) {
		c.errs.add(d.file, posOf(n), ErrLimit, kind, id, "term %q is %d characters, more than the limit of %d", t, utf8.RuneCountInString(t), c.lim.MaxTermRunes)
		return -1
	}
	f := classify.Fold(t)
	if err := classify.CheckTerm(t); err != nil {
		if errors.Is(err, classify.ErrEmptyTerm) {
			c.errs.add(d.file, posOf(n), ErrEmptyTerm, kind, id, "term %q folds to nothing and could never match", t)
		} else {
			c.errs.add(d.file, posOf(n), ErrType, kind, id, "term %q: only {mask} may stand in braces, at most %d times", t, classify.MaxMasks)
		}
		return -1
	}
	if tid, ok := c.termID[f]; ok {
		return tid
	}
	tid := len(c.set.terms)
	c.termID[f] = tid
	c.set.terms = append(c.set.terms, t)
	return tid
}

func (c *compiler) lexicons(r *rawPolicy) {
	d := r.d
	for _, lx := range r.lexicons {
		if prev, dup := c.lexByName[lx.name]; dup {
			c.errs.add(d.file, posOf(lx.node), ErrDuplicateID, "lexicon", lx.name, "defined twice (first at %s)", prev.Pos)
			continue
		}
		if strings.HasPrefix(lx.name, "$") {
			c.errs.add(d.file, posOf(lx.node), ErrType, "lexicon", lx.name, "write the lexicon's name without $ (rules refer to it as $%s)", strings.TrimPrefix(lx.name, "$"))
		}
		l := &Lexicon{Name: lx.name, Pos: where(d, lx.node)}
		var ids []int
		for _, tn := range lx.terms {
			l.Terms = append(l.Terms, tn.Value)
			l.termPos = append(l.termPos, where(d, tn))
			if tid := c.term(d, tn, "lexicon", lx.name); tid >= 0 {
				ids = append(ids, tid)
			}
		}
		c.lexByName[lx.name] = l
		c.lexTerms[lx.name] = ids
		c.set.lexicons = append(c.set.lexicons, l)
	}
}

func (p Position) String() string { return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col) }

var identRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// envNames are the names of the expression environments; macros may not
// shadow them.
var envNames = []string{"text", "channel", "length", "customer", "order", "attributes", "signals", "cause", "severity", "behaviour", "true", "false", "nil"}

func (c *compiler) macros(r *rawPolicy) {
	d := r.d
	for _, m := range r.macros {
		if prev, dup := c.macroByName[m.name]; dup {
			c.errs.add(d.file, posOf(m.node), ErrDuplicateID, "macro", m.name, "defined twice (first at %s)", prev.Pos)
			continue
		}
		if !identRE.MatchString(m.name) || slices.Contains(envNames, m.name) {
			c.errs.add(d.file, posOf(m.node), ErrType, "macro", m.name, "a macro name must be a word of letters, digits and _ that is not a field name")
			continue
		}
		mac := &Macro{Name: m.name, Expr: m.expr.Value, Pos: where(d, m.node)}
		c.macroByName[m.name] = mac
		c.macroSrc[m.name] = m.expr.Value
		c.set.macros = append(c.set.macros, mac)
	}
}

// macroRefs returns the macro names an expression refers to.
func (c *compiler) macroRefs(src string) []string {
	return c.refs(src, c.macroSrc)
}

// identRefs returns the names of defined macros, cyclic ones included, that
// an expression refers to.
func (c *compiler) identRefs(src string) []string {
	all := make(map[string]string, len(c.macroByName))
	for n := range c.macroByName {
		all[n] = ""
	}
	return c.refs(src, all)
}

func (c *compiler) refs(src string, macros map[string]string) []string {
	tree, err := parser.Parse(src)
	if err != nil {
		return nil
	}
	v := &identCollector{macros: macros}
	ast.Walk(&tree.Node, v)
	return v.names
}

type identCollector struct {
	macros map[string]string
	names  []string
}

func (v *identCollector) Visit(n *ast.Node) {
	if id, ok := (*n).(*ast.IdentifierNode); ok {
		if _, ok := v.macros[id.Value]; ok && !slices.Contains(v.names, id.Value) {
			v.names = append(v.names, id.Value)
		}
	}
}

// macroCycles reports macros that refer to each other in a cycle, naming the
// cycle, and removes them so that expansion terminates.
func (c *compiler) macroCycles(raws []*rawPolicy) {
	const (
		white = iota
		grey
		black
	)
	color := map[string]int{}
	reported := map[string]bool{}
	var stack []string
	var visit func(name string)
	visit = func(name string) {
		color[name] = grey
		stack = append(stack, name)
		for _, ref := range c.macroRefs(c.macroSrc[name]) {
			switch color[ref] {
			case white:
				visit(ref)
			case grey:
				i := len(stack) - 1
				for stack[i] != ref {
					i--
				}
				cycle := append(append([]string{}, stack[i:]...), ref)
				m := c.macroByName[ref]
				if !reported[ref] {
					reported[ref] = true
					c.errs.errs = append(c.errs.errs, &Error{File: m.Pos.File, Line: m.Pos.Line, Col: m.Pos.Col, Code: ErrMacroCycle, Kind: "macro", Rule: ref,
						Err: fmt.Errorf("macros refer to each other in a cycle: %s", strings.Join(cycle, " → "))})
				}
			}
		}
		stack = stack[:len(stack)-1]
		color[name] = black
	}
	for _, m := range c.set.macros {
		if color[m.Name] == white {
			visit(m.Name)
		}
	}
	// Drop the macros of a cycle so that expansion terminates, and
	// remember them so that expressions using them report nothing more.
	for name := range color {
		if reported[name] || c.reachesBad(name, reported) {
			c.badMacros[name] = true
		}
	}
	for name := range c.badMacros {
		delete(c.macroSrc, name)
	}
}

// macroExpander replaces identifiers naming macros by the macro's
// expression tree, recursively. Composition is structural: the macro is
// parsed on its own and its tree spliced in, never pasted as text.
type macroExpander struct {
	macros map[string]string
	err    error
	depth  int
}

func (m *macroExpander) Visit(n *ast.Node) {
	id, ok := (*n).(*ast.IdentifierNode)
	if !ok {
		return
	}
	src, ok := m.macros[id.Value]
	if !ok || m.err != nil {
		return
	}
	if m.depth > 32 {
		m.err = fmt.Errorf("macros nested more than 32 deep")
		return
	}
	tree, err := parser.Parse(src)
	if err != nil {
		m.err = fmt.Errorf("macro %s: %v", id.Value, err)
		return
	}
	m.depth++
	ast.Walk(&tree.Node, m)
	m.depth--
	ast.Patch(n, tree.Node)
}

// compileExpr compiles a when expression against env, reporting errors at
// their position inside the YAML scalar.
func (c *compiler) compileExpr(d *doc, n *yaml.Node, env any, kind, id string) *vm.Program {
	for _, ref := range c.identRefs(n.Value) {
		if c.badMacros[ref] {
			return nil // the macro's cycle is reported where it is defined
		}
	}
	exp := &macroExpander{macros: c.macroSrc}
	opts := []expr.Option{expr.Env(env), expr.AsBool(), expr.WarnOnAny(), expr.Patch(exp)}
	for _, name := range sortedKeys(c.funcs) {
		opts = append(opts, expr.Function(name, c.funcs[name]))
	}
	if c.lim.MaxExprNodes > 0 {
		opts = append(opts, expr.MaxNodes(uint(c.lim.MaxExprNodes)))
	}
	prog, err := expr.Compile(n.Value, opts...)
	if exp.err != nil {
		c.errs.add(d.file, posOf(n), ErrExpr, kind, id, "%v", exp.err)
		return nil
	}
	if err != nil {
		p := posOf(n)
		msg := err.Error()
		if fe, ok := err.(*file.Error); ok {
			msg = fe.Message
			if fe.From <= utf8.RuneCountInString(n.Value) {
				p = d.exprPos(n, fe.From)
			}
		}
		code := ErrExpr
		if strings.Contains(msg, "exceeds maximum allowed nodes") {
			code = ErrLimit
		}
		c.errs.add(d.file, p, code, kind, id, "when: %s", msg)
		return nil
	}
	return prog
}

func (c *compiler) items(d *doc, nodes []*yaml.Node, kind, id string) []item {
	var out []item
	for _, n := range nodes {
		if name, ok := lexiconRef(n.Value); ok {
			ids, ok := c.lexTerms[name]
			if !ok {
				c.errs.add(d.file, posOf(n), ErrUnknownLexicon, kind, id, "unknown lexicon %q", n.Value)
				continue
			}
			c.lexUsed[name] = true
			out = append(out, item{text: n.Value, lexicon: name, terms: ids, pos: where(d, n)})
			continue
		}
		if tid := c.term(d, n, kind, id); tid >= 0 {
			out = append(out, item{text: n.Value, terms: []int{tid}, pos: where(d, n)})
		}
	}
	return out
}

func values(ns []*yaml.Node) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = n.Value
	}
	return out
}

func (c *compiler) rule(d *doc, rr *rawRule, ids map[string]Position) {
	id := rr.id
	replaceAt, ok := c.claimOrReplace(d, rr.idNode, "rule", id, rr.replace, c.findRule, ids)
	if !ok {
		return
	}
	r := &Rule{
		ID: id, Description: rr.description, Axis: rr.axis, Weight: rr.weight, Priority: rr.priority,
		Enabled: rr.enabled, CountNegated: rr.countNeg, Tags: rr.tags, Any: values(rr.any), All: values(rr.all), None: values(rr.none),
		Examples: Examples{Match: values(rr.exMatch), NoMatch: values(rr.exNoMatch)},
		Pos:      where(d, rr.node), Index: len(c.set.rules),
	}
	if rr.valueNode != nil {
		r.Value = rr.valueNode.Value
		if !slices.Contains(axisValues[rr.axis], r.Value) {
			c.errs.add(d.file, posOf(rr.valueNode), ErrAxisValue, "rule", id, "unknown %s %q (want one of %s)", rr.axis, r.Value, strings.Join(axisValues[rr.axis], ", "))
		}
	}
	r.any = c.items(d, rr.any, "rule", id)
	r.all = c.items(d, rr.all, "rule", id)
	r.none = c.items(d, rr.none, "rule", id)
	r.hasTerms = len(rr.any)+len(rr.all) > 0
	if rr.when != nil {
		r.When = rr.when.Value
		r.program = c.compileExpr(d, rr.when, &Env{}, "rule", id)
		if isConst(r.program, true) {
			r.program = nil // when: true needs no evaluation
		}
		r.loads = fieldLoads(r.program)
		if r.fast = compileFast(r.program); r.fast != nil {
			r.loads = 0
		}
	}
	if replaceAt >= 0 {
		c.set.rules[replaceAt] = r
		return
	}
	c.set.rules = append(c.set.rules, r)
}

func (c *compiler) findRule(id string) int {
	for i, r := range c.set.rules {
		if r.ID == id {
			return i
		}
	}
	return -1
}

func (c *compiler) findStrategy(id string) int {
	for i, s := range c.set.strategies {
		if s.ID == id {
			return i
		}
	}
	return -1
}

// extend adds a file's extension terms to lexicons of this or earlier files.
func (c *compiler) extend(r *rawPolicy) {
	d := r.d
	for _, ext := range r.extend {
		lx, ok := c.lexByName[ext.name]
		if !ok {
			c.errs.add(d.file, posOf(ext.node), ErrLayer, "lexicon", ext.name, "extends nothing: no lexicon %q in earlier files", ext.name)
			continue
		}
		for _, tn := range ext.terms {
			lx.Terms = append(lx.Terms, tn.Value)
			lx.termPos = append(lx.termPos, where(d, tn))
			if tid := c.term(d, tn, "lexicon", ext.name); tid >= 0 {
				c.lexTerms[ext.name] = append(c.lexTerms[ext.name], tid)
			}
		}
	}
}

// disable turns off the rules a file names by id or tag.
func (c *compiler) disable(r *rawPolicy) {
	d := r.d
	for _, n := range r.disableRules {
		i := c.findRule(n.Value)
		if i < 0 {
			c.errs.add(d.file, posOf(n), ErrLayer, "rule", n.Value, "disables nothing: no rule %q in earlier files", n.Value)
			continue
		}
		c.set.rules[i].Enabled = false
	}
	for _, n := range r.disableTags {
		found := false
		for _, rule := range c.set.rules {
			if slices.Contains(rule.Tags, n.Value) {
				rule.Enabled, found = false, true
			}
		}
		if !found {
			c.errs.add(d.file, posOf(n), ErrLayer, "", "", "disables nothing: no rule tagged %q in earlier files", n.Value)
		}
	}
}

// claimID records a rule's or strategy's id, reporting a duplicate with
// the position of the first use. It reports whether the id is free (an
// empty id, already reported as missing, counts as free).
func (c *compiler) claimID(d *doc, n *yaml.Node, kind, id string, ids map[string]Position) bool {
	if id == "" {
		return true
	}
	if prev, dup := ids[id]; dup {
		c.errs.add(d.file, posOf(n), ErrDuplicateID, kind, id, "id used twice (first at %s)", prev)
		return false
	}
	ids[id] = where(d, n)
	return true
}

// claimOrReplace claims a new id, or with replace finds the earlier rule or
// strategy it replaces (its index, else a positioned TS017 error). It
// reports whether compilation should go on; replaceAt is -1 for a new id.
func (c *compiler) claimOrReplace(d *doc, n *yaml.Node, kind, id string, replace bool, find func(string) int, ids map[string]Position) (replaceAt int, ok bool) {
	if !replace || id == "" { // a missing id is reported where it is missing
		return -1, c.claimID(d, n, kind, id, ids)
	}
	at := find(id)
	if at < 0 {
		c.errs.add(d.file, posOf(n), ErrLayer, kind, id, "replaces nothing: no %s %q in earlier files", kind, id)
		return -1, false
	}
	ids[id] = where(d, n)
	return at, true
}

// Placeholders are the names a reply template may use inside braces.
var Placeholders = []string{"客户姓名", "订单号", "投诉编号", "回复时限", "处理时限", "负责人"}

func (c *compiler) strategy(d *doc, rs *rawStrategy, ids map[string]Position) {
	id := rs.id
	replaceAt, ok := c.claimOrReplace(d, rs.idNode, "strategy", id, rs.replace, c.findStrategy, ids)
	if !ok {
		return
	}
	s := &Strategy{
		ID: id, Title: rs.title, Description: rs.description, Steps: rs.steps, Techniques: rs.techniques,
		EscalateTo: rs.escalateTo, Calendar: rs.calendar, Compensation: rs.compensation, Tags: rs.tags,
		Escalation: rs.escalation,
		Contact:    Contact{MaxCallsPerDay: rs.maxCalls}, Pos: where(d, rs.node), Index: len(c.set.strategies),
	}
	if rs.when != nil {
		s.When = rs.when.Value
		s.program = c.compileExpr(d, rs.when, &StrategyEnv{}, "strategy", id)
		s.memoable = s.program != nil && memoable(s.program.Node())
		if isConst(s.program, true) {
			s.program = nil
		}
	}
	for _, w := range []struct {
		n   *yaml.Node
		dst *Window
	}{{rs.respondWithin, &s.RespondWithin}, {rs.resolveWithin, &s.ResolveWithin}} {
		if w.n == nil {
			continue
		}
		win, err := ParseWindow(w.n.Value)
		if err != nil {
			c.errs.add(d.file, posOf(w.n), ErrType, "strategy", id, "%v", err)
			continue
		}
		*w.dst = win
	}
	if rs.contactHours != nil {
		rng, err := parseHours(rs.contactHours.Value)
		if err != nil {
			c.errs.add(d.file, posOf(rs.contactHours), ErrType, "strategy", id, "contact.hours: %v", err)
		}
		s.Contact.Hours, s.Contact.Ranges = rs.contactHours.Value, rng
	}
	for _, n := range rs.regulatory {
		if _, ok := Regulatory[n.Value]; !ok {
			c.errs.add(d.file, posOf(n), ErrType, "strategy", id, "unknown regulatory clock %q (known: %s)", n.Value, strings.Join(sortedKeys(Regulatory), ", "))
			continue
		}
		s.Regulatory = append(s.Regulatory, n.Value)
	}
	if (s.RespondWithin.Business || s.ResolveWithin.Business) && s.Calendar == "" {
		c.errs.add(d.file, posOf(rs.node), ErrMissing, "strategy", id, "a business-time window needs a calendar (e.g. calendar: cn-mainland)")
	}
	for _, rn := range rs.replies {
		c.checkPlaceholders(d, rn, id)
		s.Replies = append(s.Replies, rn.Value)
	}
	switch {
	case replaceAt >= 0:
		c.set.strategies[replaceAt] = s
	case rs.before != nil || rs.after != nil:
		target := rs.before
		if target == nil {
			target = rs.after
		}
		at := c.findStrategy(target.Value)
		if at < 0 {
			c.errs.add(d.file, posOf(target), ErrLayer, "strategy", id, "no strategy %q to go %s", target.Value, map[bool]string{true: "before", false: "after"}[rs.before != nil])
			return
		}
		if rs.after != nil {
			at++
		}
		c.set.strategies = append(c.set.strategies[:at], append([]*Strategy{s}, c.set.strategies[at:]...)...)
	default:
		c.set.strategies = append(c.set.strategies, s)
	}
	for i, st := range c.set.strategies {
		st.Index = i
	}
}

// checkPlaceholders reports unknown or unclosed {placeholders} in a reply.
func (c *compiler) checkPlaceholders(d *doc, n *yaml.Node, id string) {
	rs := []rune(n.Value)
	for i := 0; i < len(rs); i++ {
		if rs[i] != '{' {
			continue
		}
		j := i + 1
		for j < len(rs) && rs[j] != '}' && rs[j] != '{' {
			j++
		}
		if j == len(rs) || rs[j] != '}' {
			c.errs.add(d.file, d.exprPos(n, i), ErrPlaceholder, "strategy", id, "reply: { without a closing }")
			return
		}
		name := string(rs[i+1 : j])
		if !slices.Contains(Placeholders, name) {
			c.errs.add(d.file, d.exprPos(n, i), ErrPlaceholder, "strategy", id, "reply: unknown placeholder {%s} (known: {%s})", name, strings.Join(Placeholders, "} {"))
		}
		i = j
	}
}

// ParseWindow parses a deadline: a duration such as "30m", "1h", "24h",
// "1h30m" or "3d" (days), optionally followed by " business" (working time
// of the strategy's calendar; with d, working days).
func ParseWindow(s string) (Window, error) {
	w := Window{Text: s}
	t := strings.TrimSpace(s)
	if rest, ok := strings.CutSuffix(t, "business"); ok {
		w.Business = true
		t = strings.TrimSpace(rest)
	}
	if days, ok := strings.CutSuffix(t, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n <= 0 {
			return Window{}, fmt.Errorf("bad deadline %q: want a duration like 30m, 24h, 3d or 8h business", s)
		}
		w.Days = n
		w.Chinese = chineseWindow(w)
		return w, nil
	}
	d, err := time.ParseDuration(t)
	if err != nil || d <= 0 {
		return Window{}, fmt.Errorf("bad deadline %q: want a duration like 30m, 24h, 3d or 8h business", s)
	}
	w.D = d
	w.Chinese = chineseWindow(w)
	return w, nil
}

// chineseWindow says a window in Chinese: 24h → 24小时, 3d → 3天,
// 7d business → 7个工作日, 8h business → 8小时（工作时间）.
func chineseWindow(w Window) string {
	if w.Days > 0 {
		if w.Business {
			return fmt.Sprintf("%d个工作日", w.Days)
		}
		return fmt.Sprintf("%d天", w.Days)
	}
	var s string
	h, m := int(w.D.Hours()), int(w.D.Minutes())%60
	switch {
	case h > 0 && m > 0:
		s = fmt.Sprintf("%d小时%d分钟", h, m)
	case h > 0:
		s = fmt.Sprintf("%d小时", h)
	default:
		s = fmt.Sprintf("%d分钟", max(m, 1))
	}
	if w.Business {
		s += "（工作时间）"
	}
	return s
}

var hourRE = regexp.MustCompile(`^(\d{1,2}):(\d{2})\s*[-–~]\s*(\d{1,2}):(\d{2})$`)

// ParseHours parses contact hours: "10:00-18:00" or "09:00-12:00, 14:00-18:00".
func ParseHours(s string) ([]HourRange, error) { return parseHours(s) }

func parseHours(s string) ([]HourRange, error) {
	var out []HourRange
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' }) {
		m := hourRE.FindStringSubmatch(strings.TrimSpace(part))
		if m == nil {
			return nil, fmt.Errorf("bad hours %q: want HH:MM-HH:MM", strings.TrimSpace(part))
		}
		n := func(i int) int { v, _ := strconv.Atoi(m[i]); return v }
		from, to := n(1)*60+n(2), n(3)*60+n(4)
		if n(1) > 24 || n(3) > 24 || n(2) > 59 || n(4) > 59 || from >= to || to > 24*60 {
			return nil, fmt.Errorf("bad hours %q: the start must be before the end, within 00:00-24:00", strings.TrimSpace(part))
		}
		out = append(out, HourRange{from, to})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no hours given")
	}
	return out, nil
}

// index builds the matcher over every term and the term → rule index.
// indexItems numbers the distinct match items of the enabled rules (two
// items with the same terms are one) and lists them per term.
func (s *Set) indexItems() {
	ids := map[string]int32{}
	perTerm := make([][]int32, len(s.terms))
	key := make([]byte, 0, 64)
	number := func(list []item) []int32 {
		if len(list) == 0 {
			return nil
		}
		out := make([]int32, len(list))
		for i, it := range list {
			key = key[:0]
			for _, t := range it.terms {
				key = strconv.AppendInt(key, int64(t), 10)
				key = append(key, ',')
			}
			id, ok := ids[string(key)]
			if !ok {
				id = int32(len(ids))
				ids[string(key)] = id
				for _, t := range it.terms {
					perTerm[t] = append(perTerm[t], id)
				}
			}
			out[i] = id
		}
		return out
	}
	for _, r := range s.rules {
		if r.Enabled {
			r.anyID, r.allID, r.noneID = number(r.any), number(r.all), number(r.none)
		}
	}
	s.nitems = len(ids)
	s.itemAt = make([]int32, len(s.terms)+1)
	for t, items := range perTerm {
		s.itemAt[t+1] = s.itemAt[t] + int32(len(items))
		s.termItems = append(s.termItems, items...)
	}
}

func (c *compiler) index() {
	s := c.set
	m, err := classify.NewMatcher(s.terms)
	if err != nil {
		// Terms were checked one by one; this cannot happen.
		panic(err)
	}
	s.matcher = m
	perTerm := make([][]owner, len(s.terms))
	lexIndex := map[string]int32{"": 0}
	s.lexNames = []string{""}
	for _, r := range s.rules {
		if !r.Enabled {
			continue
		}
		if !r.hasTerms {
			s.noTerms = append(s.noTerms, int32(r.Index))
			continue
		}
		seen := map[int]bool{}
		for _, list := range [][]item{r.any, r.all} {
			for _, it := range list {
				li, ok := lexIndex[it.lexicon]
				if !ok {
					li = int32(len(s.lexNames))
					lexIndex[it.lexicon] = li
					s.lexNames = append(s.lexNames, it.lexicon)
				}
				for _, t := range it.terms {
					if !seen[t] {
						seen[t] = true
						perTerm[t] = append(perTerm[t], owner{int32(r.Index), li})
					}
				}
			}
		}
	}
	s.indexItems()
	s.ownerAt = make([]int32, len(s.terms)+1)
	for t, os := range perTerm {
		s.ownerAt[t+1] = s.ownerAt[t] + int32(len(os))
		s.owners = append(s.owners, os...)
	}
	s.memoOK = true
	for _, st := range s.strategies {
		if st.program != nil && !st.memoable {
			s.memoOK = false
		}
	}
	if s.memoOK {
		s.memo.Store(&map[strategyKey]int{})
	}
	lim := c.lim.MaxExprMemory
	s.vms.New = func() any {
		v := &vm.VM{}
		if lim > 0 {
			v.MemoryBudget = uint(lim)
		}
		return v
	}
}

// isConst reports whether a compiled expression folded to the constant v.
func isConst(p *vm.Program, v bool) bool {
	if p == nil {
		return false
	}
	b, ok := p.Node().(*ast.BoolNode)
	return ok && b.Value == v
}

// memoKeyNames are the environment names a strategy's when may read for
// the strategy choice to be memoised: the choice is then a function of
// strategyKey.
var memoKeyNames = map[string]bool{"cause": true, "severity": true, "behaviour": true, "channel": true}

// memoable reports whether an expression reads nothing but the names of
// strategyKey (cause, severity, behaviour, channel, customer.tier).
func memoable(n ast.Node) bool {
	v := &refCollector{}
	ast.Walk(&n, v)
	for name, count := range v.idents {
		if memoKeyNames[name] {
			continue
		}
		if name == "customer" && count == v.customerTier {
			continue
		}
		return false
	}
	return !v.other
}

type refCollector struct {
	idents       map[string]int
	customerTier int
	other        bool
}

func (v *refCollector) Visit(n *ast.Node) {
	if v.idents == nil {
		v.idents = map[string]int{}
	}
	switch x := (*n).(type) {
	case *ast.IdentifierNode:
		v.idents[x.Value]++
	case *ast.MemberNode:
		if id, ok := x.Node.(*ast.IdentifierNode); ok && id.Value == "customer" {
			if p, ok := x.Property.(*ast.StringNode); ok && p.Value == "tier" {
				v.customerTier++
			}
		}
	case *ast.PointerNode, *ast.VariableDeclaratorNode:
		v.other = true // closures and variables: keep it simple
	}
}

// fieldLoads counts the environment field reads of a program: each one
// boxes a value through reflection, one allocation per evaluation.
func fieldLoads(p *vm.Program) int {
	if p == nil {
		return 0
	}
	n := 0
	for _, line := range strings.Split(p.Disassemble(), "\n") {
		if strings.Contains(line, "OpLoadField") || strings.Contains(line, "OpFetchField") {
			n++
		}
	}
	return n
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
