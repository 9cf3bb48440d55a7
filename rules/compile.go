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

	"github.com/tousu/tousu/classify"
)

type compiler struct {
	errs *errList
	cfg  *config
	lim  Limits
	prog *Program

	lexByName   map[string]*Lexicon
	lexTerms    map[string][]int // lexicon -> term ids
	lexUsed     map[string]bool
	termID      map[string]int // folded term -> id
	macroSrc    map[string]string
	macroByName map[string]*Macro
	badMacros   map[string]bool // in or through a cycle: already reported
}

func (c *compiler) compile(pol *Policy) *Program {
	files := pol.Files
	p := &Program{name: names(files), calendars: c.cfg.calendars, clocks: c.cfg.clocks, termPos: map[*Lexicon][]Position{}}
	c.prog = p
	c.lexByName = map[string]*Lexicon{}
	c.lexTerms = map[string][]int{}
	c.lexUsed = map[string]bool{}
	c.termID = map[string]int{}
	c.macroSrc = map[string]string{}
	c.macroByName = map[string]*Macro{}
	c.badMacros = map[string]bool{}
	p.description = files[0].Description
	for _, f := range files {
		p.files = append(p.files, f.Path)
	}
	p.axes = c.compileAxes(files)
	c.placeholders(files)
	p.location = shanghai
	for _, f := range files {
		if tz := f.TimeZone; tz.Value != "" {
			loc, err := time.LoadLocation(tz.Value)
			if err != nil {
				c.errs.at(tz.Pos, errType, "", "", "time_zone: unknown time zone %q (an IANA name such as Asia/Shanghai)", tz.Value)
				continue
			}
			p.location = loc
		}
	}
	for _, f := range files {
		set := func(dst *bool, v *bool) {
			if v != nil {
				*dst = *v
			}
		}
		set(&p.matchOptions.Spaces, f.Fold.Spaces)
		set(&p.matchOptions.Confusables, f.Fold.Confusables)
		set(&p.matchOptions.Pinyin, f.Fold.Pinyin)
		set(&p.matchOptions.SpaceBreaks, f.Clauses.SpaceBreaks)
		for _, r := range f.Rules {
			// Praise costs a little per scan: on only when a rule needs it.
			p.matchOptions.Praise = p.matchOptions.Praise || r.ExcludePraised
		}
	}
	for _, f := range files {
		c.lexicons(f)
		c.extend(f)
	}
	for _, f := range files {
		c.macros(f)
	}
	c.macroCycles()
	ruleIDs := map[string]Position{}
	for _, f := range files {
		for _, r := range f.Rules {
			c.rule(r, ruleIDs)
		}
		c.disable(f)
	}
	// The compiled rules go into one array, in order, so that Evaluate's
	// walk over thousands of candidates reads neighbouring memory.
	packed := make([]rule, len(p.rules))
	for i, r := range p.rules {
		packed[i] = *r
		p.rules[i] = &packed[i]
	}
	for i, r := range p.rules {
		r.index = i
		p.countNeg = append(p.countNeg, r.CountNegated)
		p.exclPraised = append(p.exclPraised, r.ExcludePraised)
	}
	p.initModality()
	stratIDs := map[string]Position{}
	var last *Strategy
	for _, f := range files {
		for _, s := range f.Strategies {
			c.strategy(s, stratIDs)
			if s.Before.Value == "" && s.After.Value == "" && !s.Replace {
				last = s // appended at the end
			}
		}
		if f.HasReview {
			p.review = f.MinConfidence
		}
	}
	lastFile := files[len(files)-1]
	switch {
	case last == nil:
		c.errs.at(lastFile.Pos, errNoCatchAll, "", "", "the policy has no strategies; the last one must have no when (a catch-all)")
	case last.When.Value != "":
		c.errs.at(last.When.Pos, errNoCatchAll, "strategy", last.ID, "the last strategy must have no when, so that every complaint gets a strategy%s", c.placeHint(last))
	case len(p.strategies) > 0 && p.strategies[len(p.strategies)-1].When.Value != "":
		// A later file placed a strategy after the catch-all.
		st := p.strategies[len(p.strategies)-1]
		c.errs.at(st.Pos, errNoCatchAll, "strategy", st.ID, "placed last, after the catch-all: the last strategy must have no when")
	}
	c.limits(lastFile)
	p.lexUsed = c.lexUsed
	p.macroUsed = map[string]bool{}
	var exprs []string
	for _, r := range p.rules {
		exprs = append(exprs, r.When.Value)
	}
	for _, st := range p.strategies {
		exprs = append(exprs, st.When.Value)
	}
	for _, m := range p.macros {
		exprs = append(exprs, m.Expr.Value)
	}
	for _, e := range exprs {
		if e != "" {
			for _, name := range c.identRefs(e) {
				p.macroUsed[name] = true
			}
		}
	}
	for _, r := range p.rules {
		p.ruleViews = append(p.ruleViews, r.Rule)
	}
	for _, s := range p.strategies {
		p.stratViews = append(p.stratViews, s.Strategy)
	}
	if len(c.errs.errs) == 0 {
		c.index()
	}
	return p
}

func (c *compiler) limits(last *File) {
	p := Position{File: last.Path, Line: 1, Col: 1}
	if exceeds(len(c.prog.rules), c.lim.MaxRules) {
		c.errs.at(p, errLimit, "", "", "the policy has %d rules, more than the limit of %d", len(c.prog.rules), c.lim.MaxRules)
	}
	if exceeds(len(c.prog.lexicons), c.lim.MaxLexicons) {
		c.errs.at(p, errLimit, "", "", "the policy has %d lexicons, more than the limit of %d", len(c.prog.lexicons), c.lim.MaxLexicons)
	}
	if exceeds(len(c.prog.terms), c.lim.MaxTerms) {
		c.errs.at(p, errLimit, "", "", "the policy has %d distinct terms, more than the limit of %d", len(c.prog.terms), c.lim.MaxTerms)
	}
}

// term registers a term and returns its id, or -1 when it is not usable.
func (c *compiler) term(s Scalar, kind, id string) int {
	if tid, ok := c.specialTerm(s, kind, id); ok {
		return tid // a regular expression or a number item (extend.go)
	}
	t := s.Value
	if exceeds(utf8.RuneCountInString(t), c.lim.MaxTermRunes) {
		c.errs.at(s.Pos, errLimit, kind, id, "term %q is %d characters, more than the limit of %d", t, utf8.RuneCountInString(t), c.lim.MaxTermRunes)
		return -1
	}
	if err := classify.CheckTerm(t); err != nil {
		if errors.Is(err, classify.ErrEmptyTerm) {
			c.errs.at(s.Pos, errEmptyTerm, kind, id, "term %q folds to nothing and could never match", t)
		} else {
			c.errs.at(s.Pos, errType, kind, id, "term %q: only {mask} may stand in braces, at most %d times", t, classify.MaxMasks)
		}
		return -1
	}
	f := classify.Fold(t)
	if tid, ok := c.termID[f]; ok {
		return tid
	}
	tid := len(c.prog.terms)
	c.termID[f] = tid
	c.prog.terms = append(c.prog.terms, t)
	return tid
}

func (c *compiler) lexicons(f *File) {
	for _, lx := range f.Lexicons {
		if prev, dup := c.lexByName[lx.Name]; dup {
			c.errs.at(lx.Pos, errDuplicateID, "lexicon", lx.Name, "defined twice (first at %s)", prev.Pos)
			continue
		}
		if strings.HasPrefix(lx.Name, "$") {
			c.errs.at(lx.Pos, errType, "lexicon", lx.Name, "write the lexicon's name without $ (rules refer to it as $%s)", strings.TrimPrefix(lx.Name, "$"))
		}
		// The terms are shared with the file, capped so that an extension
		// appends to a copy: one array of Scalars per lexicon, not two.
		l := &Lexicon{Name: lx.Name, Pos: lx.Pos, Terms: lx.Terms[:len(lx.Terms):len(lx.Terms)]}
		var ids []int
		for _, t := range lx.Terms {
			if tid := c.term(t, "lexicon", lx.Name); tid >= 0 {
				ids = append(ids, tid)
			}
		}
		c.lexByName[lx.Name] = l
		c.lexTerms[lx.Name] = ids
		c.prog.lexicons = append(c.prog.lexicons, l)
	}
}

// extend adds a file's extension terms to lexicons of this or earlier files.
func (c *compiler) extend(f *File) {
	for _, ext := range f.Extend {
		lx, ok := c.lexByName[ext.Name]
		if !ok {
			c.errs.at(ext.Pos, errLayer, "lexicon", ext.Name, "extends nothing: no lexicon %q in earlier files%s", ext.Name, c.lexiconHint(ext.Name))
			continue
		}
		for _, t := range ext.Terms {
			lx.Terms = append(lx.Terms, t)
			if tid := c.term(t, "lexicon", ext.Name); tid >= 0 {
				c.lexTerms[ext.Name] = append(c.lexTerms[ext.Name], tid)
			}
		}
	}
}

var identRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// envNames are the names of the expression environments; macros may not
// shadow them.
var envNames = []string{"text", "channel", "length", "customer", "order", "attributes", "signals", "true", "false", "nil", axesField, "max_amount", "max_duration"}

func (c *compiler) macros(f *File) {
	for _, m := range f.Macros {
		if prev, dup := c.macroByName[m.Name]; dup {
			c.errs.at(m.Pos, errDuplicateID, "macro", m.Name, "defined twice (first at %s)", prev.Pos)
			continue
		}
		if !identRE.MatchString(m.Name) || slices.Contains(envNames, m.Name) || axisIndex(c.prog.axes, m.Name) >= 0 {
			c.errs.at(m.Pos, errType, "macro", m.Name, "a macro name must be a word of letters, digits and _ that is not a field name")
			continue
		}
		c.macroByName[m.Name] = m
		c.prog.macros = append(c.prog.macros, m)
		if i := nestingAt(m.Expr.Value, c.lim.MaxExprDepth); i >= 0 {
			c.errs.at(m.Expr.at(i), errLimit, "macro", m.Name, "nested more than %d deep (the limit)", c.lim.MaxExprDepth)
			c.badMacros[m.Name] = true
			continue
		}
		c.macroSrc[m.Name] = m.Expr.Value
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
	if nestingAt(src, c.lim.MaxExprDepth) >= 0 {
		return nil // reported where it is written; too deep to parse safely
	}
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
func (c *compiler) macroCycles() {
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
				if !reported[ref] {
					reported[ref] = true
					c.errs.at(c.macroByName[ref].Pos, errMacroCycle, "macro", ref, "macros refer to each other in a cycle: %s", strings.Join(cycle, " → "))
				}
			}
		}
		stack = stack[:len(stack)-1]
		color[name] = black
	}
	for _, m := range c.prog.macros {
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

// macroExpander replaces identifiers naming macros by the macro's
// expression tree, recursively, and (in strategy expressions) identifiers
// naming axes by a read of the decided value. Composition is structural:
// the macro is parsed on its own and its tree spliced in, never pasted as
// text.
type macroExpander struct {
	macros   map[string]string
	axes     []Axis // nil in rule expressions: rules cannot see the axes
	err      error
	depth    int
	nodes    int // nodes spliced in so far
	maxNodes int // 0: no limit
}

// nodeCounter counts the nodes of a tree.
type nodeCounter int

func (n *nodeCounter) Visit(*ast.Node) { *n++ }

func (m *macroExpander) Visit(n *ast.Node) {
	id, ok := (*n).(*ast.IdentifierNode)
	if !ok {
		return
	}
	if i := axisIndex(m.axes, id.Value); i >= 0 {
		ast.Patch(n, &ast.MemberNode{Node: &ast.IdentifierNode{Value: axesField}, Property: &ast.IntegerNode{Value: i}})
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
	// The node limit counts the expression after expansion: macros that
	// double at each level must not grow past it unchecked.
	var count nodeCounter
	ast.Walk(&tree.Node, &count)
	if m.nodes += int(count); m.maxNodes > 0 && m.nodes > m.maxNodes {
		m.err = errTooManyNodes
		return
	}
	m.depth++
	ast.Walk(&tree.Node, m)
	m.depth--
	ast.Patch(n, tree.Node)
}

// compileExpr compiles a when expression against env, reporting errors at
// their position inside the YAML scalar. axes are visible in strategy
// expressions only.
func (c *compiler) compileExpr(s Scalar, env any, axes []Axis, kind, id string) *vm.Program {
	if i := nestingAt(s.Value, c.lim.MaxExprDepth); i >= 0 {
		c.errs.at(s.at(i), errLimit, kind, id, "when: nested more than %d deep (the limit)", c.lim.MaxExprDepth)
		return nil
	}
	for _, ref := range c.identRefs(s.Value) {
		if c.badMacros[ref] {
			return nil // the macro's cycle is reported where it is defined
		}
	}
	exp := &macroExpander{macros: c.macroSrc, axes: axes, maxNodes: c.lim.MaxExprNodes}
	opts := []expr.Option{expr.Env(env), expr.AsBool(), expr.WarnOnAny(), expr.Patch(exp)}
	for _, name := range sortedKeys(c.cfg.funcs) {
		opts = append(opts, expr.Function(name, c.cfg.funcs[name]))
	}
	if c.lim.MaxExprNodes > 0 {
		opts = append(opts, expr.MaxNodes(uint(c.lim.MaxExprNodes)))
	}
	prog, err := expr.Compile(s.Value, opts...)
	if exp.err == errTooManyNodes {
		c.errs.at(s.Pos, errLimit, kind, id, "when: more than %d nodes after macro expansion (the limit)", c.lim.MaxExprNodes)
		return nil
	}
	if exp.err != nil {
		c.errs.at(s.Pos, errExpr, kind, id, "%v", exp.err)
		return nil
	}
	if err != nil {
		p, from := s.Pos, -1
		msg := err.Error()
		if fe, ok := err.(*file.Error); ok {
			msg = fe.Message
			if fe.From <= utf8.RuneCountInString(s.Value) {
				p, from = s.at(fe.From), fe.From
			}
		}
		code := errExpr
		if strings.Contains(msg, "exceeds maximum allowed nodes") {
			code = errLimit
		}
		c.errs.at(p, code, kind, id, "when: %s", c.exprMessage(msg, s.Value, from, axes))
		return nil
	}
	c.noteReads(prog.Node())
	if _, err := estimateCost(prog.Node(), c.lim.MaxTextBytes, c.lim.MaxExprCost); err != nil {
		c.errs.at(s.Pos, errLimit, kind, id, "when: too costly: %v", err)
		return nil
	}
	return prog
}

var errTooManyNodes = errors.New("too many nodes")

// noteReads records which optional parts of the environment an expression
// reads, so that they are computed only for programs that need them.
func (c *compiler) noteReads(n ast.Node) {
	ast.Find(n, func(x ast.Node) bool {
		if id, ok := x.(*ast.IdentifierNode); ok {
			switch id.Value {
			case "folded":
				c.prog.needsFolded = true
			case "received":
				c.prog.needsReceived = true
			case "fired", "tags":
				c.prog.needsFired = true
			case "max_amount", "max_duration":
				c.needNumbers()
			}
		}
		return false
	})
}

// shanghai is the default time zone of a policy.
var shanghai = func() *time.Location {
	l, err := time.LoadLocation("Asia/Shanghai")
	if err != nil { // rules/calendar links time/tzdata in: this cannot happen
		return time.FixedZone("CST", 8*3600)
	}
	return l
}()

func (c *compiler) items(list []Scalar, kind, id string) []item {
	var out []item
	for _, s := range list {
		if name, ok := lexiconRef(s.Value); ok {
			ids, ok := c.lexTerms[name]
			if !ok {
				c.errs.at(s.Pos, errUnknownLexicon, kind, id, "unknown lexicon %q%s", s.Value, c.lexiconHint(name))
				continue
			}
			c.lexUsed[name] = true
			out = append(out, item{text: s.Value, lexicon: name, terms: ids, pos: s.Pos})
			continue
		}
		if tid := c.term(s, kind, id); tid >= 0 {
			out = append(out, item{text: s.Value, terms: []int{tid}, pos: s.Pos})
		}
	}
	return out
}

func (c *compiler) rule(written *Rule, ids map[string]Position) {
	id := written.ID
	replaceAt, ok := c.claimOrReplace(written.IDPos, "rule", id, written.Replace, c.findRule, ids)
	if !ok {
		return
	}
	view := *written // layering changes the copy, never the policy as written
	r := &rule{Rule: &view, index: len(c.prog.rules), axis: -1, value: -1, writtenOff: !written.Enabled}
	if r.Axis != "" {
		r.axis = axisIndex(c.prog.axes, r.Axis)
		switch {
		case r.axis < 0:
			c.errs.at(r.ValuePos, errAxisValue, "rule", id, "votes on unknown axis %q (axes: %s)", r.Axis, axisNames(c.prog.axes))
		default:
			a := &c.prog.axes[r.axis]
			if r.value = a.valueIndex(r.Value); r.value < 0 {
				c.errs.at(r.ValuePos, errAxisValue, "rule", id, "unknown %s %q%s (want one of %s)", r.Axis, r.Value, didYouMean(r.Value, "", a.Values), strings.Join(a.Values, ", "))
			}
		}
	}
	r.any = c.items(r.Any, "rule", id)
	r.all = c.items(r.All, "rule", id)
	r.none = c.items(r.None, "rule", id)
	for _, n := range r.Near {
		a, b := c.items([]Scalar{n.A}, "rule", id), c.items([]Scalar{n.B}, "rule", id)
		if len(a) == 1 && len(b) == 1 {
			r.near = append(r.near, nearItem{Near: n, a: a[0], b: b[0]})
			r.nearAny = r.nearAny || n.List == "any"
		}
	}
	r.scoped = len(r.near) > 0 || r.ExcludePraised
	r.hasTerms = len(r.Any)+len(r.All) > 0 || nearIn(r.Near, "any", "all")
	if r.When.Value != "" {
		r.program = c.compileExpr(r.When, &Env{}, nil, "rule", id)
		if isConst(r.program, true) {
			r.program = nil // when: true needs no evaluation
		}
		r.fast = compileFast(r.program)
	}
	if replaceAt >= 0 {
		c.prog.rules[replaceAt] = r
		return
	}
	c.prog.rules = append(c.prog.rules, r)
}

func (c *compiler) findRule(id string) int {
	return slices.IndexFunc(c.prog.rules, func(r *rule) bool { return r.ID == id })
}

func (c *compiler) findStrategy(id string) int {
	return slices.IndexFunc(c.prog.strategies, func(s *strategy) bool { return s.ID == id })
}

// disable turns off the rules a file names by id or tag.
func (c *compiler) disable(f *File) {
	for _, s := range f.DisableRules {
		i := c.findRule(s.Value)
		if i < 0 {
			c.errs.at(s.Pos, errLayer, "rule", s.Value, "disables nothing: no rule %q in earlier files%s", s.Value, c.idHint(s.Value, true))
			continue
		}
		c.prog.rules[i].Enabled = false
	}
	for _, s := range f.DisableTags {
		found := false
		for _, r := range c.prog.rules {
			if slices.Contains(r.Tags, s.Value) {
				r.Enabled, found = false, true
			}
		}
		if !found {
			c.errs.at(s.Pos, errLayer, "", "", "disables nothing: no rule tagged %q in earlier files", s.Value)
		}
	}
}

// claimOrReplace claims a new id, reporting a duplicate with the position
// of the first use, or with replace finds the earlier rule or strategy it
// replaces (its index, else a positioned TS017 error). It reports whether
// compilation should go on; replaceAt is -1 for a new id. An empty id,
// already reported as missing, counts as free.
func (c *compiler) claimOrReplace(p Position, kind, id string, replace bool, find func(string) int, ids map[string]Position) (replaceAt int, ok bool) {
	if id == "" {
		return -1, true
	}
	if !replace {
		if prev, dup := ids[id]; dup {
			c.errs.at(p, errDuplicateID, kind, id, "id used twice (first at %s)", prev)
			return -1, false
		}
		ids[id] = p
		return -1, true
	}
	at := find(id)
	if at < 0 {
		c.errs.at(p, errLayer, kind, id, "replaces nothing: no %s %q in earlier files", kind, id)
		return -1, false
	}
	ids[id] = p
	return at, true
}

func (c *compiler) strategy(written *Strategy, ids map[string]Position) {
	id := written.ID
	replaceAt, ok := c.claimOrReplace(written.IDPos, "strategy", id, written.Replace, c.findStrategy, ids)
	if !ok {
		return
	}
	view := *written
	s := &strategy{Strategy: &view}
	if s.When.Value != "" {
		s.program = c.compileExpr(s.When, &StrategyEnv{}, c.prog.axes, "strategy", id)
		s.memoable = s.program != nil && len(c.cfg.funcs) == 0 && memoable(s.program.Node())
		if isConst(s.program, true) {
			s.program = nil
		}
	}
	if cal := s.Calendar.Value; cal != "" {
		if c.cfg.calendars[cal] == nil {
			c.errs.at(s.Calendar.Pos, errUnknownName, "strategy", id, "unknown calendar %q%s (known: %s)", cal, nameHint(cal, c.cfg.calendars), strings.Join(sortedKeys(c.cfg.calendars), ", "))
		}
	}
	for _, n := range s.Regulatory {
		k, ok := c.cfg.clocks[n.Value]
		if !ok {
			c.errs.at(n.Pos, errUnknownName, "strategy", id, "unknown regulatory clock %q%s (known: %s)", n.Value, nameHint(n.Value, c.cfg.clocks), strings.Join(sortedKeys(c.cfg.clocks), ", "))
			continue
		}
		if c.cfg.calendars[k.Calendar] == nil {
			c.errs.at(n.Pos, errUnknownName, "strategy", id, "regulatory clock %q counts on calendar %q, which is not known", n.Value, k.Calendar)
		}
	}
	if (s.RespondWithin.Business || s.ResolveWithin.Business) && s.Calendar.Value == "" {
		c.errs.at(s.Pos, errMissing, "strategy", id, "a business-time window needs a calendar (e.g. calendar: cn-mainland)")
	}
	for _, r := range s.Replies {
		c.checkPlaceholders(r, id)
	}
	before, after := s.Before, s.After
	switch {
	case replaceAt >= 0:
		c.prog.strategies[replaceAt] = s
	case before.Value != "" || after.Value != "":
		target := before
		if target.Value == "" {
			target = after
		}
		at := c.findStrategy(target.Value)
		if at < 0 {
			c.errs.at(target.Pos, errLayer, "strategy", id, "no strategy %q%s to go %s", target.Value, c.idHint(target.Value, false), map[bool]string{true: "before", false: "after"}[before.Value != ""])
			return
		}
		if after.Value != "" {
			at++
		}
		c.prog.strategies = slices.Insert(c.prog.strategies, at, s)
	default:
		c.prog.strategies = append(c.prog.strategies, s)
	}
	for i, st := range c.prog.strategies {
		st.index = i
	}
}

// placeholders checks and collects the placeholders the files declare,
// after the built-in ones.
func (c *compiler) placeholders(files []*File) {
	c.prog.placeholders = slices.Clone(builtinPlaceholders)
	for _, f := range files {
		for _, ph := range f.Placeholders {
			switch {
			case slices.ContainsFunc(c.prog.placeholders, func(p Placeholder) bool { return p.Name == ph.Name }):
				c.errs.at(ph.Pos, errDuplicateID, "placeholder", ph.Name, "declared twice, or the name of a built-in placeholder")
			case ph.Name == "" || strings.ContainsAny(ph.Name, "{}"):
				c.errs.at(ph.Pos, errType, "placeholder", ph.Name, "a placeholder name may not be empty or hold braces")
			case ph.From == "":
				c.errs.at(ph.Pos, errMissing, "placeholder", ph.Name, "a placeholder needs from: the field it is filled from")
			case !slices.Contains(placeholderSources, ph.From) && !(strings.HasPrefix(ph.From, "attributes.") && len(ph.From) > len("attributes.")):
				c.errs.at(ph.Pos, errType, "placeholder", ph.Name, "from: unknown field %q (want attributes.KEY or one of %s)", ph.From, strings.Join(placeholderSources, ", "))
			case strings.TrimSpace(ph.Fallback) == "":
				c.errs.at(ph.Pos, errMissing, "placeholder", ph.Name, "a placeholder needs a fallback word, so that a reply never shows a gap")
			default:
				c.prog.placeholders = append(c.prog.placeholders, *ph)
			}
		}
	}
}

// checkPlaceholders reports unknown or unclosed {placeholders} in a reply.
func (c *compiler) checkPlaceholders(s Scalar, id string) {
	rs := []rune(s.Value)
	for i := 0; i < len(rs); i++ {
		if rs[i] != '{' {
			continue
		}
		j := i + 1
		for j < len(rs) && rs[j] != '}' && rs[j] != '{' {
			j++
		}
		if j == len(rs) || rs[j] != '}' {
			c.errs.at(s.at(i), errPlaceholder, "strategy", id, "reply: { without a closing }")
			return
		}
		name := string(rs[i+1 : j])
		if !slices.ContainsFunc(c.prog.placeholders, func(p Placeholder) bool { return p.Name == name }) {
			var known []string
			for _, p := range c.prog.placeholders {
				known = append(known, p.Name)
			}
			c.errs.at(s.at(i), errPlaceholder, "strategy", id, "reply: unknown placeholder {%s}%s (known: {%s})", name, placeholderHint(name, known), strings.Join(known, "} {"))
		}
		i = j
	}
}

// indexItems numbers the distinct match items of the enabled rules (two
// items with the same terms are one) and lists them per term.
func (p *Program) indexItems() {
	ids := map[string]int32{}
	perTerm := make([][]int32, len(p.terms))
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
	for _, r := range p.rules {
		if r.Enabled {
			r.anyID, r.allID, r.noneID = number(r.any), number(r.all), number(r.none)
			for i := range r.near {
				x := &r.near[i]
				ids := number([]item{x.a, x.b})
				x.aID, x.bID = ids[0], ids[1]
			}
		}
	}
	p.nitems = len(ids)
	p.itemAt = make([]int32, len(p.terms)+1)
	for t, items := range perTerm {
		p.itemAt[t+1] = p.itemAt[t] + int32(len(items))
		p.termItems = append(p.termItems, items...)
	}
}

// index builds the matcher over every term, the term → rule index and the
// strategy memo.
func (c *compiler) index() {
	p := c.prog
	terms, anywhere := p.terms, []bool(nil)
	if p.ext != nil {
		terms, anywhere = p.ext.matcherTerms(p.terms)
	}
	m, err := classify.NewMatcherAnywhere(terms, p.matchOptions, anywhere)
	if err != nil {
		// Terms were checked one by one; this cannot happen.
		panic(err)
	}
	p.matcher = m
	p.gateNumbers()
	perTerm := make([][]owner, len(p.terms))
	lexIndex := map[string]int32{"": 0}
	p.lexNames = []string{""}
	for _, r := range p.rules {
		if !r.Enabled {
			continue
		}
		if !r.hasTerms {
			p.noTerms = append(p.noTerms, int32(r.index))
			continue
		}
		seen := map[int]int{} // term → its owner's index in perTerm[term]
		lists := [][]item{r.any, r.all}
		for _, x := range r.near {
			if x.List != "none" {
				lists = append(lists, []item{x.a, x.b})
			}
		}
		for k, list := range lists {
			for j, it := range list {
				li, ok := lexIndex[it.lexicon]
				if !ok {
					li = int32(len(p.lexNames))
					lexIndex[it.lexicon] = li
					p.lexNames = append(p.lexNames, it.lexicon)
				}
				second := k >= 2 && j == 1
				for _, t := range it.terms {
					if at, ok := seen[t]; ok {
						// second only if it is the second side in every role
						perTerm[t][at].second = perTerm[t][at].second && second
						continue
					}
					seen[t] = len(perTerm[t])
					perTerm[t] = append(perTerm[t], owner{int32(r.index), li, k == 0, second})
				}
			}
		}
	}
	p.indexItems()
	p.ownerAt = make([]int32, len(p.terms)+1)
	for t, os := range perTerm {
		p.ownerAt[t+1] = p.ownerAt[t] + int32(len(os))
		p.owners = append(p.owners, os...)
	}
	p.memoOK = true
	for _, st := range p.strategies {
		if st.program != nil && !st.memoable {
			p.memoOK = false
		}
	}
	if p.memoOK {
		p.memo.Store(&map[strategyKey]int{})
	}
	lim := c.lim.MaxExprMemory
	p.vms.New = func() any {
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

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
