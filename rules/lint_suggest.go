package rules

import (
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/tousu/tousu/classify"
)

// bi is a part of a message in English and Chinese. It prints as its
// English text, so it can stand among the arguments of an English format;
// the Chinese message of an errList entry takes its zh text instead.
type bi struct{ en, zh string }

func (b bi) String() string { return b.en }

// editDistance is the optimal string alignment distance between a and b
// in runes: insertions, deletions, substitutions and transpositions of
// neighbours (chrage → charge) cost one each.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// suggest returns the candidate an author most likely meant by name: the
// nearest within edit distance 2 (1 for names of three runes or fewer),
// else one that shares a prefix of at least three runes with it (bill →
// bill_shock); "" when none is close.
func suggest(name string, candidates []string) string {
	best, bestD := "", 3
	limit := 2
	if utf8.RuneCountInString(name) <= 3 {
		limit = 1
	}
	for _, c := range candidates {
		if c == name {
			continue
		}
		if d := editDistance(strings.ToLower(name), strings.ToLower(c)); d <= limit && d < bestD {
			best, bestD = c, d
		}
	}
	if best != "" {
		return best
	}
	for _, c := range candidates {
		if c != name && utf8.RuneCountInString(name) >= 3 && utf8.RuneCountInString(c) >= 3 &&
			(strings.HasPrefix(c, name) || strings.HasPrefix(name, c)) {
			return c
		}
	}
	return ""
}

// didYouMean returns " (did you mean X?)" for the candidate suggest finds
// (with prefix written before it), in both languages, or nothing.
func didYouMean(name, prefix string, candidates []string) bi {
	s := suggest(name, candidates)
	if s == "" {
		return bi{}
	}
	return bi{fmt.Sprintf(" (did you mean %s%s?)", prefix, s), fmt.Sprintf("（是不是 %s%s？）", prefix, s)}
}

// lexiconHint suggests a lexicon for an unknown $name.
func (c *compiler) lexiconHint(name string) bi {
	return didYouMean(name, "$", sortedKeys(c.lexTerms))
}

// nameHint suggests a calendar or clock for an unknown one.
func nameHint[V any](name string, known map[string]V) bi {
	return didYouMean(name, "", sortedKeys(known))
}

// placeholderHint suggests a placeholder for an unknown {name}.
func placeholderHint(name string, placeholders []string) bi {
	s := suggest(name, placeholders)
	if s == "" {
		// Chinese names are short: a shared character is a better guess.
		for _, p := range placeholders {
			for _, r := range name {
				if strings.ContainsRune(p, r) {
					s = p
					break
				}
			}
			if s != "" {
				break
			}
		}
	}
	if s == "" {
		return bi{}
	}
	return bi{fmt.Sprintf(" (did you mean {%s}?)", s), fmt.Sprintf("（是不是 {%s}？）", s)}
}

// exprStructs names the structs of the expression environments by the
// name an author writes before the dot.
var exprStructs = map[string]reflect.Type{
	"rules.Order":      reflect.TypeFor[Order](),
	"rules.Customer":   reflect.TypeFor[Customer](),
	"classify.Signals": reflect.TypeFor[classify.Signals](),
	"rules.Received":   reflect.TypeFor[Received](),
}

var exprStructNames = map[string]string{"rules.Order": "order", "rules.Customer": "customer", "classify.Signals": "signals", "rules.Received": "received"}

// exprFields lists the fields of an environment struct by their expression
// names, in declaration order.
func exprFields(t reflect.Type) []string {
	var out []string
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("expr"), ",")
		if name == "" || name == "-" {
			continue
		}
		out = append(out, name)
	}
	return out
}

var (
	reUnknownName  = regexp.MustCompile(`^unknown name (\S+)$`)
	reNoField      = regexp.MustCompile(`^type (\S+) has no field (\S+)$`)
	reUnexpected   = regexp.MustCompile(`^unexpected token (.*)$`)
	reToken        = regexp.MustCompile(`^[A-Za-z]+\((".*")\)$`)
	reUnrecognized = regexp.MustCompile(`^unrecognized character: U\+[0-9A-F]+ '(.+)'$`)
	reMismatched   = regexp.MustCompile(`^invalid operation: (\S+) \(mismatched types (\S+) and (\S+)\)$`)
)

// exprMessage rewrites an expr compile error for a policy author, in both
// languages: fields are named as the author writes them (order, not
// rules.Order) and listed; unknown names get a "did you mean"; a stray =
// or => gets the operator meant. src is the expression and off the rune
// offset expr reported (-1 when unknown); axes are nil in rule
// expressions.
func (c *compiler) exprMessage(msg, src string, off int, axes []Axis) bi {
	if m := reNoField.FindStringSubmatch(msg); m != nil {
		if t, ok := exprStructs[m[1]]; ok {
			fields := exprFields(t)
			s, field := exprStructNames[m[1]], m[2]
			h := didYouMean(field, s+".", fields)
			return bi{
				fmt.Sprintf("%s has no field %s%s (fields: %s)", s, field, h.en, strings.Join(fields, ", ")),
				fmt.Sprintf("%s 没有字段 %s%s（可用字段：%s）", s, field, h.zh, strings.Join(fields, "、")),
			}
		}
	}
	if m := reUnknownName.FindStringSubmatch(msg); m != nil {
		name := m[1]
		if axes == nil && axisIndex(c.prog.axes, name) >= 0 {
			return bi{
				fmt.Sprintf("unknown name %s: a rule's when cannot read the axes (rules decide them); compare axes in a strategy's when", name),
				fmt.Sprintf("未知的名称 %s：规则的条件不能读取分类轴（分类轴正由规则决定）；请在策略的 when 中比较分类轴", name),
			}
		}
		if r, _ := utf8.DecodeRuneInString(name); r >= utf8.RuneSelf {
			return bi{
				fmt.Sprintf("unknown name %s: write text in quotes, like \"%s\"", name, name),
				fmt.Sprintf("未知的名称 %s：文字要加引号，如 \"%s\"", name, name),
			}
		}
		cands := slices.Clone(envNames[:len(envNames)-1]) // not __axes
		cands = append(cands, sortedKeys(c.macroByName)...)
		cands = append(cands, sortedKeys(c.cfg.funcs)...)
		for _, a := range axes {
			cands = append(cands, a.Name)
		}
		h := didYouMean(name, "", cands)
		return bi{"unknown name " + name + h.en, "未知的名称 " + name + h.zh}
	}
	if m := reUnexpected.FindStringSubmatch(msg); m != nil {
		if t := reToken.FindStringSubmatch(m[1]); t != nil {
			m[1] = t[1] // Operator("=") is "=" to an author
		}
		rs := []rune(src)
		if off >= 0 && off < len(rs) && rs[off] == '=' {
			next := rune(0)
			if off+1 < len(rs) {
				next = rs[off+1]
			}
			switch next {
			case '>':
				return bi{msg + ": => is not an operator; write >= for at least", "意外的符号 " + m[1] + "：没有 => 这个运算符；“大于等于”请写 >="}
			case '<':
				return bi{msg + ": =< is not an operator; write <= for at most", "意外的符号 " + m[1] + "：没有 =< 这个运算符；“小于等于”请写 <="}
			default:
				return bi{msg + ": = does not compare; write == for equals", "意外的符号 " + m[1] + "：= 不是比较；“等于”请写 =="}
			}
		}
		if m[1] == "EOF" {
			return bi{msg + ": the expression ends too early", "表达式不完整：在结尾处还缺少内容"}
		}
		return bi{msg, "意外的符号 " + m[1]}
	}
	if m := reUnrecognized.FindStringSubmatch(msg); m != nil {
		r, _ := utf8.DecodeRuneInString(m[1])
		if 0xFF01 <= r && r <= 0xFF5E {
			ascii := string(r - 0xFEE0)
			return bi{fmt.Sprintf("full-width %s: write the ASCII %s", m[1], ascii), fmt.Sprintf("%s 是全角字符：请写半角的 %s", m[1], ascii)}
		}
		if r == '　' {
			return bi{"full-width space: write an ASCII space", "全角空格：请写半角空格"}
		}
		return bi{msg, "无法识别的字符 " + m[1]}
	}
	if m := reMismatched.FindStringSubmatch(msg); m != nil {
		return bi{msg, fmt.Sprintf("无效的运算 %s：两边类型不同（%s 与 %s）", m[1], m[2], m[3])}
	}
	return bi{msg, zhExprDetail(msg)}
}

// placeHint tells the author of a layer whose new strategy ended up last
// that the fix is to place it: before the catch-all of the earlier files.
func (c *compiler) placeHint(last *Strategy) bi {
	if len(c.prog.files) < 2 || last.Pos.File == c.prog.files[0] {
		return bi{}
	}
	for i := len(c.prog.strategies) - 1; i >= 0; i-- {
		if st := c.prog.strategies[i]; st.Strategy != last && st.When.Value == "" && st.Pos.File != last.Pos.File {
			return bi{fmt.Sprintf("; to add it to the earlier files' strategies, place it: before: %s", st.ID),
				fmt.Sprintf("；要把它加进前面文件的策略中，请指定位置：before: %s", st.ID)}
		}
	}
	return bi{"; to add it to the earlier files' strategies, place it with before: or after:",
		"；要把它加进前面文件的策略中，请用 before: 或 after: 指定位置"}
}

// idHint suggests a rule id (rules) or a strategy id for an unknown one.
func (c *compiler) idHint(id string, rules bool) bi {
	var ids []string
	if rules {
		for _, r := range c.prog.rules {
			ids = append(ids, r.ID)
		}
	} else {
		for _, s := range c.prog.strategies {
			ids = append(ids, s.ID)
		}
	}
	return didYouMean(id, "", ids)
}
