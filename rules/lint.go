package rules

import (
	"slices"

	"errors"
	"fmt"
	"github.com/expr-lang/expr/ast"
	"sort"
	"strings"

	"github.com/tousu/tousu/classify"
)

var zhKinds = map[string]string{"rule": "规则", "strategy": "策略", "lexicon": "词表", "macro": "宏", "axis": "分类轴", "placeholder": "占位符"}

// zhTitles say in Chinese what each code means. A message without its
// own Chinese text (an error built outside errList) is shown in Chinese as
// its title followed by the English detail; TestZhTitles fails when a code
// has no title.
var zhTitles = map[Code]string{
	errSyntax:          "语法或编码错误",
	errUnknownKey:      "未知的字段",
	errType:            "取值类型不对",
	errUnknownLexicon:  "引用了不存在的词表",
	errDuplicateID:     "标识重复",
	errAxisValue:       "取值不在分类体系中",
	errExpr:            "条件表达式有误",
	errMacroCycle:      "宏之间循环引用",
	errNoCatchAll:      "缺少兜底策略",
	errDuplicateKey:    "字段重复",
	errAlias:           "不允许使用锚点、别名或合并键",
	errMissing:         "缺少必填内容",
	errEmptyTerm:       "词条为空",
	errPlaceholder:     "回复模板的占位符有误",
	errLimit:           "超出限制",
	errVersion:         "不支持的格式版本",
	errLayer:           "分层覆盖的对象不存在",
	errExampleMismatch: "示例与规则不符",
	errUnknownName:     "引用了不存在的日历或时限",
	errPunctuation:     "制表符或全角标点",
	errNear:            "near 或 then 写法有误",
	warnUnusedLexicon:  "词表没有被使用",
	warnUnusedMacro:    "宏没有被使用",
	warnDuplicateTerm:  "词条重复",
	warnRedundantTerm:  "词条多余",
	warnNeverFires:     "规则永远不会触发",
	warnUnreachable:    "策略永远不会被选中",
	warnAxisValue:      "与不存在的分类取值比较",
	warnConstantWhen:   "条件总是成立或永远不成立",
	warnNotChecked:     "未能检查",
	warnRedundantItem:  "词条或词表多余",
	warnFullWidth:      "全角标点",
	warnOutranked:      "规则永远无法决定分类",
	warnNow:            "条件依赖运行时刻",
	warnSameSides:      "then 的两项相同",
	warnNeverNear:      "near 永远不会成立",
	warnPraiseUnused:   "exclude_praised 不起作用",
}

// Lint compiles a policy and returns every finding, sorted by file and
// position: the compiler's errors when the policy does not compile,
// otherwise the warnings below (Error.Warning) and failing inline examples
// (errors). Lint does not repeat Parse's errors: lint what Parse or Load
// returned without error.
//
//	TS101 a lexicon no rule refers to
//	TS102 a macro no expression refers to
//	TS103 two terms of one lexicon that fold alike (假货, 假貨)
//	TS104 a longer term that a shorter term of the same any list already covers
//	TS105 a rule that can never fire: a term both required (all) and forbidden (none)
//	TS106 a strategy that can never be chosen: for every combination of
//	      the axis values its when names (other conditions left open) it
//	      does not hold or an earlier strategy does
//	TS107 a strategy or macro that compares an axis with a value the axis
//	      does not have (severity == "serius")
//	TS108 a when that always or never holds, by constant folding and
//	      interval reasoning (order.amount > 100 && order.amount < 50)
//	TS109 a strategy the TS106 check could not try: its when names more
//	      than 100,000 combinations of axis values
//	TS110 a term another term of its lexicon covers ([不值, 不值钱]), or an
//	      item of an any or none list that a lexicon of the same list covers
//	      ([$expensive, 贵]), word boundaries respected
//	TS111 a placeholder in full-width braces (｛负责人｝) or a full-width ＄
//	      before a lexicon name (＄expensive)
//	TS112 a rule that can never decide its axis: a rule of a higher
//	      priority on the same axis fires whenever it does
//	TS118 a regular expression without operators, which a term would match
//	TS119 asserted_only or exclude_modality on a rule without terms,
//	      where it changes nothing
//	TS113 a when that calls now(): the decision then depends on when it
//	      runs; received is the complaint's own time
//	TS114 a then item (or near with order: true) between an item and
//	      itself: the order says nothing
//	TS115 a near item that can never hold: with an order and a scope,
//	      every term of its first item ends the clause (sentence), so the
//	      second never follows it in the same one
//	TS116 exclude_praised on a rule without terms: it does nothing
//	TS018 an inline example that does not behave as declared (saying so
//	      when the rule is disabled)
//
// Every message has its Chinese text (Error.Message("zh")), unknown names
// come with the nearest known one ("did you mean"), and a file YAML cannot
// read because of a tab or a full-width colon is reported there (TS020).
func Lint(p *Policy, opts ...Option) Errors {
	prog, err := Compile(p, opts...)
	if err != nil {
		out := asErrors(err)
		if len(out) == 0 { // not a policy error: report it as one all the same
			out = Errors{{Code: errSyntax, Err: err}}
		}
		return out
	}
	return prog.lint()
}

func (s *Program) lint() Errors {
	var out Errors
	warn := func(p Position, code Code, kind, id, en, zh string) {
		out = append(out, &Error{File: p.File, Line: p.Line, Col: p.Col, Code: code, Warning: true,
			Kind: kind, Rule: id, Err: errors.New(en), zh: zh})
	}
	cov := newCoverage(s)
	ranks := newOutrankIndex(s)
	for _, lx := range s.lexicons {
		if !s.lexUsed[lx.Name] {
			warn(lx.Pos, warnUnusedLexicon, "lexicon", lx.Name, "never used: no rule refers to $"+lx.Name, "没有任何规则引用 $"+lx.Name)
		}
		first := map[string]string{}
		for _, t := range lx.Terms {
			f := classify.Fold(t.Value)
			if prev, dup := first[f]; dup {
				warn(t.Pos, warnDuplicateTerm, "lexicon", lx.Name,
					fmt.Sprintf("term %q repeats %q (they fold alike)", t.Value, prev),
					fmt.Sprintf("词条 %q 与 %q 折叠后相同，重复了", t.Value, prev))
				continue
			}
			first[f] = t.Value
		}
		for _, f := range cov.lexiconRedundancy(lx) {
			warn(f.pos, warnRedundantItem, "lexicon", lx.Name, f.en, f.zh)
		}
	}
	for _, m := range s.macros {
		if !s.macroUsed[m.Name] {
			warn(m.Pos, warnUnusedMacro, "macro", m.Name, "never used: no expression refers to "+m.Name, "没有任何条件引用 "+m.Name)
		}
	}
	for _, r := range s.rules {
		out = append(out, s.lintRule(r, cov, ranks)...)
		if r.program != nil && callsNow(r.program.Node()) {
			warn(r.When.Pos, warnNow, "rule", r.ID, nowEn, nowZh)
		}
	}
	for _, st := range s.strategies {
		if st.program != nil && callsNow(st.program.Node()) {
			warn(st.When.Pos, warnNow, "strategy", st.ID, nowEn, nowZh)
		}
	}
	l := logic{axes: s.axes}
	for _, r := range s.rules {
		var node ast.Node
		if r.program != nil {
			node = r.program.Node()
		}
		if f, ok := constantWhen(logic{}, r.When, node, "rule"); ok {
			warn(r.When.Pos, warnConstantWhen, "rule", r.ID, f.en, f.zh)
		}
	}
	budget := maxEvaluations
	seenWhen := map[string]string{}
	for i, st := range s.strategies {
		var node ast.Node
		if st.program != nil {
			node = st.program.Node()
			fs := s.axisValueFindings(node)
			for _, f := range fs {
				warn(st.When.Pos, warnAxisValue, "strategy", st.ID, f.en, f.zh)
			}
			if len(fs) > 0 {
				continue // the other checks would say the same thing again
			}
		}
		if f, ok := constantWhen(l, st.When, node, "strategy"); ok {
			warn(st.When.Pos, warnConstantWhen, "strategy", st.ID, f.en, f.zh)
			continue
		}
		if f, found := s.sameWhen(i, seenWhen); found {
			warn(st.Pos, warnUnreachable, "strategy", st.ID, f.en, f.zh)
			continue
		}
		if st.When.Value == "" && i == len(s.strategies)-1 {
			continue // the catch-all the format requires, even when the others cover every case
		}
		switch f, found, checked := s.unreachable(i, &budget); {
		case !checked:
			warn(st.Pos, warnNotChecked, "strategy", st.ID, f.en, f.zh)
		case found:
			warn(st.Pos, warnUnreachable, "strategy", st.ID, f.en, f.zh)
		}
	}
	out = append(out, s.fullWidthFindings()...)
	out = append(out, s.regexBraceFindings()...)
	for _, e := range s.exampleDiagnostics() {
		if i := slices.IndexFunc(s.rules, func(r *rule) bool { return r.ID == e.Rule }); i >= 0 && !s.rules[i].Enabled {
			e.Err = fmt.Errorf("%w: the rule is disabled (enabled: false), so it fires on nothing", e.Err)
			e.zh += "：该规则已停用（enabled: false），不会对任何投诉触发"
		}
		out = append(out, e)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.File != b.File {
			return s.fileRank(a.File) < s.fileRank(b.File)
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	return out
}

// sameWhen reports a strategy whose when an earlier strategy has already,
// written alike or not (the compiled trees are compared, macros expanded
// and constants folded), or that comes after a strategy without when.
// seen maps the whens of the strategies before it to the first one's id.
func (s *Program) sameWhen(i int, seen map[string]string) (finding, bool) {
	st := s.strategies[i]
	if j := slices.IndexFunc(s.strategies[:i], func(p *strategy) bool { return p.program == nil }); j >= 0 {
		// no when, or a when that folded to true
		return finding{fmt.Sprintf("can never be chosen: strategy %q before it always holds", s.strategies[j].ID),
			fmt.Sprintf("永远不会被选中：前面的策略 %q 总是成立", s.strategies[j].ID)}, true
	}
	if st.program == nil {
		return finding{}, false
	}
	text := st.program.Node().String()
	if prev, ok := seen[text]; ok {
		return finding{fmt.Sprintf("can never be chosen: strategy %q before it has the same when", prev),
			fmt.Sprintf("永远不会被选中：前面的策略 %q 条件完全相同", prev)}, true
	}
	seen[text] = st.ID
	return finding{}, false
}

func (s *Program) fileRank(f string) int {
	for i, x := range s.files {
		if x == f {
			return i
		}
	}
	return len(s.files)
}

func (s *Program) lintRule(r *rule, cov *coverage, ranks *outrankIndex) Errors {
	var out Errors
	warn := func(p Position, code Code, en, zh string) {
		out = append(out, &Error{File: p.File, Line: p.Line, Col: p.Col, Code: code, Warning: true,
			Kind: "rule", Rule: r.ID, Err: errors.New(en), zh: zh})
	}
	// TS104: a longer inline term of any that contains a shorter one.
	for _, long := range r.any {
		if long.lexicon != "" || isSpecialTerm(long.text) {
			continue
		}
		lf := classify.Fold(long.text)
		for _, short := range r.any {
			if short.lexicon != "" || short.text == long.text || isSpecialTerm(short.text) {
				continue
			}
			if sf := classify.Fold(short.text); len(sf) < len(lf) && coveredBy(lf, sf) {
				warn(long.pos, warnRedundantTerm,
					fmt.Sprintf("term %q is redundant: %q in the same any list matches wherever it does", long.text, short.text),
					fmt.Sprintf("词条 %q 多余：同一 any 列表中的 %q 已能匹配它出现的每一处", long.text, short.text))
				break
			}
		}
	}
	// TS110: an item a lexicon of the same list covers, or the reverse.
	for _, f := range cov.listRedundancy(r) {
		warn(f.pos, warnRedundantItem, f.en, f.zh)
	}
	// TS112: a higher tier always outvotes it.
	if f, ok := s.outranked(r, ranks); ok {
		warn(r.Pos, warnOutranked, f.en, f.zh)
	}
	// TS114, TS115, TS116: near items and exclude_praised.
	for _, f := range s.nearFindings(r) {
		warn(f.pos, f.code, f.en, f.zh)
	}
	// TS118, TS119: rule language II (lint_language2.go).
	out = append(out, lintLanguage2(r)...)
	// TS105: a term both required and forbidden.
	for _, a := range r.all {
		for _, n := range r.none {
			if overlap(a.terms, n.terms) {
				warn(n.pos, warnNeverFires,
					fmt.Sprintf("can never fire: %s is both required (all) and forbidden (none)", n.text),
					fmt.Sprintf("永远不会触发：%s 既在 all 中必须出现，又在 none 中不许出现", n.text))
			}
		}
	}
	return out
}

func overlap(a, b []int) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}

// coveredBy reports whether short matches inside long the way the matcher
// would: an ASCII-edged short term needs a word boundary there, so "ip"
// does not cover "iphone" but does cover "ip 地址".
func coveredBy(long, short string) bool {
	word := func(b byte) bool { return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' }
	for i := 0; i+len(short) <= len(long); i++ {
		if long[i:i+len(short)] != short {
			continue
		}
		if word(short[0]) && i > 0 && word(long[i-1]) {
			continue
		}
		if end := i + len(short); word(short[len(short)-1]) && end < len(long) && word(long[end]) {
			continue
		}
		return true
	}
	return false
}

type finding struct{ en, zh string }

// axisValueFindings reports comparisons of a decided axis with a value the
// axis does not have (severity == "serius"): they can never hold.
func (s *Program) axisValueFindings(n ast.Node) []finding {
	v := &axisValueVisitor{axes: s.axes}
	ast.Walk(&n, v)
	return v.out
}

type axisValueVisitor struct {
	axes []Axis
	out  []finding
}

// axisRead returns the axis an expression reads (the compiler's rewrite of
// an axis name), or -1.
func axisRead(n ast.Node) int {
	m, ok := n.(*ast.MemberNode)
	if !ok {
		return -1
	}
	id, ok := m.Node.(*ast.IdentifierNode)
	if !ok || id.Value != axesField {
		return -1
	}
	i, ok := m.Property.(*ast.IntegerNode)
	if !ok {
		return -1
	}
	return i.Value
}

func (v *axisValueVisitor) check(axis int, value string) {
	if axis < 0 || axis >= len(v.axes) || slices.Contains(v.axes[axis].Values, value) {
		return
	}
	a := v.axes[axis]
	h := bi{}
	if s := suggest(value, a.Values); s != "" {
		h = bi{fmt.Sprintf(" (did you mean %q?)", s), fmt.Sprintf("（是不是 %q？）", s)}
	}
	v.out = append(v.out, finding{
		fmt.Sprintf("%s is never %q%s: its values are %s", a.Name, value, h.en, strings.Join(a.Values, ", ")),
		fmt.Sprintf("%s 不可能等于 %q%s：它的取值只有 %s", a.Name, value, h.zh, strings.Join(a.Values, "、")),
	})
}

func (v *axisValueVisitor) Visit(n *ast.Node) {
	b, ok := (*n).(*ast.BinaryNode)
	if !ok {
		return
	}
	switch b.Operator {
	case "==", "!=":
		for _, pair := range [][2]ast.Node{{b.Left, b.Right}, {b.Right, b.Left}} {
			if str, ok := pair[1].(*ast.StringNode); ok {
				v.check(axisRead(pair[0]), str.Value)
			}
		}
	case "in", "not in":
		axis := axisRead(b.Left)
		switch list := b.Right.(type) {
		case *ast.ArrayNode:
			for _, e := range list.Nodes {
				if str, ok := e.(*ast.StringNode); ok {
					v.check(axis, str.Value)
				}
			}
		case *ast.ConstantNode:
			if m, ok := list.Value.(map[string]struct{}); ok {
				for _, k := range sortedKeys(m) {
					v.check(axis, k)
				}
			}
		}
	}
}

const (
	nowEn = "when calls now(), so the same complaint is decided differently at different hours and cases cannot pin it: read received.hour, received.weekday or received.date, the time the complaint was received"
	nowZh = "条件调用了 now()，同一条投诉在不同时刻会得到不同结果，用例也无法固定：请改用 received.hour、received.weekday 或 received.date（投诉收到的时间）"
)

// callsNow reports whether an expression calls now().
func callsNow(n ast.Node) bool {
	return ast.Find(n, func(x ast.Node) bool {
		switch c := x.(type) {
		case *ast.BuiltinNode:
			return c.Name == "now"
		case *ast.CallNode:
			id, ok := c.Callee.(*ast.IdentifierNode)
			return ok && id.Value == "now"
		}
		return false
	}) != nil
}
