package rules

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/tousu/tousu/classify"
)

// Severity says whether a Diagnostic stops a policy from loading.
type Severity string

// Severities of diagnostics.
const (
	SeverityError   Severity = "error"   // the policy does not load
	SeverityWarning Severity = "warning" // it loads, but something is useless or suspicious
)

// A Diagnostic is one finding of Lint: a loader error or a lint warning,
// positioned, with a stable code and its message in English and Chinese.
type Diagnostic struct {
	File     string
	Line     int
	Col      int
	Code     Code
	Severity Severity
	// Kind and Rule name what the finding is about ("rule", "strategy",
	// "lexicon", "macro") when there is one.
	Kind, Rule string
	// Message is in English; Zh in Chinese.
	Message, Zh string
}

// Format prints d as file:line:col: kind "id": message [TSnnn], in English
// (lang "en") or Chinese ("zh").
func (d Diagnostic) Format(lang string) string {
	e := &Error{File: d.File, Line: d.Line, Col: d.Col, Kind: d.Kind, Rule: d.Rule, Err: errors.New(d.Message)}
	if lang == "zh" {
		e.Err = errors.New(d.Zh)
		if d.Kind != "" {
			e.Kind = zhKinds[d.Kind]
		}
	}
	return fmt.Sprintf("%s [%s]", e.Error(), string(d.Code))
}

var zhKinds = map[string]string{"rule": "规则", "strategy": "策略", "lexicon": "词表", "macro": "宏"}

// zhTitles say in Chinese what each loader error code means; a loader
// error's Chinese message is its title followed by the English detail.
var zhTitles = map[Code]string{
	ErrSyntax:          "语法或编码错误",
	ErrUnknownKey:      "未知的字段",
	ErrType:            "取值类型不对",
	ErrUnknownLexicon:  "引用了不存在的词表",
	ErrDuplicateID:     "标识重复",
	ErrAxisValue:       "取值不在分类体系中",
	ErrExpr:            "条件表达式有误",
	ErrMacroCycle:      "宏之间循环引用",
	ErrNoCatchAll:      "缺少兜底策略",
	ErrDuplicateKey:    "字段重复",
	ErrAlias:           "不允许使用锚点、别名或合并键",
	ErrMissing:         "缺少必填内容",
	ErrEmptyTerm:       "词条为空",
	ErrPlaceholder:     "回复模板的占位符有误",
	ErrLimit:           "超出限制",
	ErrVersion:         "不支持的格式版本",
	ErrLayer:           "分层覆盖的对象不存在",
	ErrExampleMismatch: "示例与规则不符",
}

// Lint checks sources that form one policy and returns every finding,
// sorted by file and position: the loader's errors when the policy does not
// load, otherwise the warnings below and failing inline examples (errors).
//
//	TS101 a lexicon no rule refers to
//	TS102 a macro no expression refers to
//	TS103 two terms of one lexicon that fold alike (假货, 假貨)
//	TS104 a longer term that a shorter term of the same any list already covers
//	TS105 a rule that can never fire: a term both required (all) and forbidden (none)
//	TS106 a strategy that can never be chosen: an earlier one has no when,
//	      when: true, or the identical when
//	TS018 an inline example that does not behave as declared
func (l *Loader) Lint(srcs ...Source) []Diagnostic {
	set, err := l.Compile(srcs...)
	if err != nil {
		var out []Diagnostic
		for _, e := range asErrors(err) {
			msg := e.Err.Error()
			out = append(out, Diagnostic{File: e.File, Line: e.Line, Col: e.Col, Code: e.Code, Severity: SeverityError,
				Kind: e.Kind, Rule: e.Rule, Message: msg, Zh: zhTitles[e.Code] + "：" + msg})
		}
		if len(out) == 0 { // not a policy error: report it as one all the same
			out = append(out, Diagnostic{Code: ErrSyntax, Severity: SeverityError, Message: err.Error(), Zh: zhTitles[ErrSyntax] + "：" + err.Error()})
		}
		return out
	}
	return set.lint()
}

// Lint is Loader.Lint with the default limits.
func Lint(srcs ...Source) []Diagnostic { return (&Loader{}).Lint(srcs...) }

func (s *Set) lint() []Diagnostic {
	var out []Diagnostic
	warn := func(p Position, code Code, kind, id, en, zh string) {
		out = append(out, Diagnostic{File: p.File, Line: p.Line, Col: p.Col, Code: code, Severity: SeverityWarning,
			Kind: kind, Rule: id, Message: en, Zh: zh})
	}
	for _, lx := range s.lexicons {
		if !s.lexUsed[lx.Name] {
			warn(lx.Pos, WarnUnusedLexicon, "lexicon", lx.Name, "never used: no rule refers to $"+lx.Name, "没有任何规则引用 $"+lx.Name)
		}
		first := map[string]string{}
		for i, t := range lx.Terms {
			f := classify.Fold(t)
			if prev, dup := first[f]; dup {
				warn(lx.termPos[i], WarnDuplicateTerm, "lexicon", lx.Name,
					fmt.Sprintf("term %q repeats %q (they fold alike)", t, prev),
					fmt.Sprintf("词条 %q 与 %q 折叠后相同，重复了", t, prev))
				continue
			}
			first[f] = t
		}
	}
	for _, m := range s.macros {
		if !s.macroUsed[m.Name] {
			warn(m.Pos, WarnUnusedMacro, "macro", m.Name, "never used: no expression refers to "+m.Name, "没有任何条件引用 "+m.Name)
		}
	}
	for _, r := range s.rules {
		out = append(out, s.lintRule(r)...)
	}
	for i, st := range s.strategies {
		for _, prev := range s.strategies[:i] {
			var en, zh string
			switch {
			case prev.program == nil: // no when, or a when that folded to true
				en = fmt.Sprintf("can never be chosen: strategy %q before it always holds", prev.ID)
				zh = fmt.Sprintf("永远不会被选中：前面的策略 %q 总是成立", prev.ID)
			case strings.TrimSpace(prev.When) == strings.TrimSpace(st.When):
				en = fmt.Sprintf("can never be chosen: strategy %q before it has the same when", prev.ID)
				zh = fmt.Sprintf("永远不会被选中：前面的策略 %q 条件完全相同", prev.ID)
			default:
				continue
			}
			warn(st.Pos, WarnUnreachable, "strategy", st.ID, en, zh)
			break
		}
	}
	out = append(out, s.exampleDiagnostics()...)
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

func (s *Set) fileRank(f string) int {
	for i, x := range s.files {
		if x == f {
			return i
		}
	}
	return len(s.files)
}

func (s *Set) lintRule(r *Rule) []Diagnostic {
	var out []Diagnostic
	warn := func(p Position, code Code, en, zh string) {
		out = append(out, Diagnostic{File: p.File, Line: p.Line, Col: p.Col, Code: code, Severity: SeverityWarning,
			Kind: "rule", Rule: r.ID, Message: en, Zh: zh})
	}
	// TS104: a longer inline term of any that contains a shorter one.
	for _, long := range r.any {
		if long.lexicon != "" {
			continue
		}
		lf := classify.Fold(long.text)
		for _, short := range r.any {
			if short.lexicon != "" || short.text == long.text {
				continue
			}
			if sf := classify.Fold(short.text); len(sf) < len(lf) && coveredBy(lf, sf) {
				warn(long.pos, WarnRedundantTerm,
					fmt.Sprintf("term %q is redundant: %q in the same any list matches wherever it does", long.text, short.text),
					fmt.Sprintf("词条 %q 多余：同一 any 列表中的 %q 已能匹配它出现的每一处", long.text, short.text))
				break
			}
		}
	}
	// TS105: a term both required and forbidden.
	for _, a := range r.all {
		for _, n := range r.none {
			if overlap(a.terms, n.terms) {
				warn(n.pos, WarnNeverFires,
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
