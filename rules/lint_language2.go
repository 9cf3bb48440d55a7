package rules

import (
	"errors"
	"fmt"
	"regexp/syntax"
)

func init() {
	zhTitles[WarnPlainRegex] = "正则表达式不必要"
	zhTitles[WarnAssertedNoop] = "asserted_only 不起作用"
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
				warn(it.pos, WarnPlainRegex,
					fmt.Sprintf("regular expression %s has no operators: write the term %s, which matches the same and also under the policy's evasion folds", it.text, lit),
					fmt.Sprintf("正则表达式 %s 没有任何运算符：直接写词条 %s 即可，匹配效果相同，还能用上策略的防规避折叠", it.text, lit))
			}
		}
	}
	if r.AssertedOnly && !r.hasTerms {
		warn(r.Pos, WarnAssertedNoop,
			"asserted_only changes nothing: the rule has no terms in match.any or match.all",
			"asserted_only 不起作用：这条规则的 match.any 和 match.all 里没有词条")
	}
	return out
}
