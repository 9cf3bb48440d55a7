package rules

import (
	"errors"
	"fmt"
	"regexp/syntax"
	"slices"
)

func init() {
	zhTitles[warnPlainRegex] = "正则表达式不必要"
	zhTitles[warnAssertedNoop] = "asserted_only 或 exclude_modality 不起作用"
	zhTitles[errModality] = "未知的语气"
	zhFormats["unknown modality %q in exclude_modality: write hypothetical, question, reported, quoted or figurative (asserted occurrences always count)"] = "exclude_modality 里没有语气 %q：可写 hypothetical、question、reported、quoted 或 figurative（陈述的出现总会计入）"
	zhTitles[warnRegexBrace] = "正则表达式里的花括号是普通文字"
	zhTitles[warnAssertedScoped] = "asserted_only 或 exclude_modality 不作用于 near 项和 exclude_praised"
}

// regexBraceFindings warns (TS120) about a regular-expression term, in a
// rule or a lexicon, whose parsed pattern keeps a { as literal text: RE2
// reads {0, 6} (with a space), {,6} or a brace after nothing as text, so
// the repeat the author meant never happens and the pattern silently
// matches almost nothing.
func (s *Program) regexBraceFindings() Errors {
	var out Errors
	check := func(sc Scalar, kind, id string) {
		if !isRegexItem(sc.Value) {
			return
		}
		tree, err := syntax.Parse(sc.Value[1:len(sc.Value)-1], syntax.Perl|syntax.FoldCase)
		if err != nil || !literalBrace(tree) {
			return
		}
		out = append(out, &Error{File: sc.Pos.File, Line: sc.Pos.Line, Col: sc.Pos.Col, Code: warnRegexBrace, Warning: true,
			Kind: kind, Rule: id,
			Err: fmt.Errorf("regular expression %s matches a { as text: a repeat is written {m,n} with no spaces ({0,6}), after what it repeats", sc.Value),
			zh:  fmt.Sprintf("正则表达式 %s 把 { 当作普通文字来匹配：重复次数写成 {m,n}，中间不加空格（如 {0,6}），紧跟在要重复的内容后面", sc.Value)})
	}
	for _, lx := range s.lexicons {
		for _, t := range lx.Terms {
			check(t, "lexicon", lx.Name)
		}
	}
	for _, r := range s.rules {
		for _, list := range [][]Scalar{r.Any, r.All, r.None} {
			for _, t := range list {
				check(t, "rule", r.ID)
			}
		}
	}
	return out
}

// literalBrace reports whether a parsed pattern matches a { as text.
func literalBrace(re *syntax.Regexp) bool {
	if re.Op == syntax.OpLiteral && slices.Contains(re.Rune, '{') {
		return true
	}
	return slices.ContainsFunc(re.Sub, literalBrace)
}

// lintLanguage2 warns about regular expressions that are only a literal
// (TS118) and asserted_only on a rule without terms (TS119).
func lintLanguage2(r *rule) Errors {
	var out Errors
	warn := func(p Position, code Code, en, zh string) {
		out = append(out, &Error{File: p.File, Line: p.Line, Col: p.Col, Code: code, Warning: true,
			Kind: "rule", Rule: r.ID, Err: errors.New(en), zh: zh})
	}
	for _, list := range [][]item{r.any, r.all, r.none} {
		for _, it := range list {
			if it.lexicon != "" || !isRegexItem(it.text) {
				continue
			}
			tree, err := syntax.Parse(it.text[1:len(it.text)-1], syntax.Perl|syntax.FoldCase)
			if err != nil {
				continue
			}
			if tree = tree.Simplify(); tree.Op == syntax.OpLiteral {
				lit := string(tree.Rune)
				warn(it.pos, warnPlainRegex,
					fmt.Sprintf("regular expression %s has no operators: write the term %s, which matches the same and also under the policy's evasion folds", it.text, lit),
					fmt.Sprintf("正则表达式 %s 没有任何运算符：直接写词条 %s 即可，匹配效果相同，还能用上策略的防规避折叠", it.text, lit))
			}
		}
	}
	if key := modalityKey(r); key != "" && r.scoped {
		warn(r.Pos, warnAssertedScoped,
			key+" is not applied to near items or to a rule with exclude_praised: its terms count whatever their modality; split the rule, or drop one of the keys",
			key+" 对 near 项和写了 exclude_praised 的规则不起作用：这些词条不论语气都会计入；请拆成两条规则，或去掉其中一个键")
	}
	if key := modalityKey(r); key != "" && !r.hasTerms {
		warn(r.Pos, warnAssertedNoop,
			key+" changes nothing: the rule has no terms in match.any or match.all",
			key+" 不起作用：这条规则的 match.any 和 match.all 里没有词条")
	}
	return out
}

// modalityKey names the key that makes rule r leave some modalities out
// (asserted_only, or else exclude_modality), or "" if none does.
func modalityKey(r *rule) string {
	switch {
	case r.AssertedOnly:
		return "asserted_only"
	case len(r.ExcludeModality) > 0:
		return "exclude_modality"
	}
	return ""
}
