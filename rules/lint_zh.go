package rules

import (
	"fmt"
	"regexp"
	"strings"
)

// zhFormats gives, for each English format of a loader error (the format
// argument of errList.add and errList.at), its Chinese message. The
// arguments are the same, in the same order, each passed through zhArg.
// TestZhFormatsComplete fails when a format in the package has no entry.
var zhFormats = map[string]string{
	// reading YAML (yaml.go, parse.go)
	"file is %d bytes, more than the limit of %d": "文件有 %d 字节，超过了 %d 字节的上限",
	"invalid UTF-8 byte 0x%02x":                   "无效的 UTF-8 字节 0x%02x（文件须用 UTF-8 保存）",
	"%s":                                          "%s",
	"%v":                                          "%v",
	"empty policy file":                           "策略文件是空的",
	"aliases (*%s) are not allowed; write the value out":                    "不允许使用别名（*%s）；请把内容完整写出",
	"anchors (&%s) are not allowed":                                         "不允许使用锚点（&%s）",
	"%s must be a mapping, not %s":                                          "%s 应当是映射（键: 值），而不是%s",
	"%s keys must be plain words":                                           "%s 的键必须是普通的词",
	"merge keys (<<) are not allowed":                                       "不允许使用合并键（<<）",
	"key %q repeated (first at line %d)":                                    "键 %q 重复了（第一次在第 %d 行）",
	"unknown key %q in %s%s":                                                "%[2]s里没有键 %[1]q%[3]s",
	"%s must be text, not %s":                                               "%s 应当是文字，而不是%s",
	"%s must be a list, not %s":                                             "%s 应当是列表，而不是%s",
	"%s must be a whole number, not %s":                                     "%s 应当是整数，而不是%s",
	"%s must be a number, not %s":                                           "%s 应当是数字，而不是%s",
	"%s must be true or false, not %s":                                      "%s 应当是 true 或 false，而不是%s",
	"unsupported format version %d (this library reads version 1)":          "不支持格式版本 %d（本库只读取版本 1）",
	"min_confidence must be between 0 and 1, not %v":                        "min_confidence 应当在 0 到 1 之间，而不是 %v",
	"more than %d rules (the limit); this file has %d":                      "规则超过 %d 条（上限）；此文件有 %d 条",
	"missing \"version: 1\"":                                                "缺少 \"version: 1\"",
	"%d values, more than the limit of %d":                                  "%d 个取值，超过了 %d 个的上限",
	"tie must be rules or values, not %q":                                   "tie 只能是 rules 或 values，而不是 %q",
	"rule without an id":                                                    "规则缺少 id",
	"a rule votes on one axis: it has both %s and %s":                       "一条规则只能对一个分类轴投票：它同时写了 %s 和 %s",
	"vote names one axis and its value, like vote: {channel_risk: high}":    "vote 写一个分类轴及其取值，如 vote: {channel_risk: high}",
	"weight must be more than 0, not %v":                                    "weight 必须大于 0，而不是 %v",
	"weight %v is more than the limit of %d":                                "weight %v 超过了上限 %d",
	"match.any is empty: the rule could never fire":                         "match.any 是空的：这条规则永远不会触发",
	"a rule needs one of cause, severity, behaviour or vote":                "规则需要 cause、severity、behaviour 或 vote 之一",
	"a rule needs match.any, match.all or when":                             "规则需要 match.any、match.all 或 when",
	"strategy without an id":                                                "策略缺少 id",
	"contact.hours: %v":                                                     "contact.hours：%v",
	"max_calls_per_day must not be negative":                                "max_calls_per_day 不能是负数",
	"escalation at must be a fraction of the resolve window, like 0.8 or 1": "escalation 的 at 应是处理时限的比例，如 0.8 或 1",
	"escalation action must be warn or escalate, not %q":                    "escalation 的 action 只能是 warn 或 escalate，而不是 %q",
	"a strategy goes before or after one other strategy, not both":          "策略只能写 before 或 after 其中之一，不能两个都写",
	"internal error while reading the policy: %v":                           "读取策略时发生内部错误：%v",
	// near and then items (parse.go)
	"a near item has near or then, not both":                          "near 项只能写 near 或 then 其中之一，不能两个都写",
	"%s names two items, like %s: [$claim, $contrast], not %d":        "%s 要写两项，如 %s: [$claim, $contrast]，而不是 %d 项",
	"within must be at least 1 character, not %d":                     "within 至少是 1 个字，而不是 %d",
	"within %d is more than the longest text (%d bytes)":              "within %d 超过了最长的文本（%d 字节）",
	"scope must be clause or sentence, not %q%s":                      "scope 只能是 clause（分句）或 sentence（句子），而不是 %q%s",
	"a near item needs near: [A, B] or then: [A, B]":                  "near 项需要 near: [A, B] 或 then: [A, B]",
	"then already orders its items: drop order":                       "then 本身就规定了先后：请去掉 order",
	"a near item needs within: the most characters between its items": "near 项需要 within：两项之间最多隔几个字",
	// tabs and full-width punctuation (lint_fullwidth.go)
	"a tab indents this line; YAML indents with spaces only: replace the tab with spaces":                        "这一行用制表符（Tab）缩进；YAML 只能用空格缩进：请把制表符换成空格",
	"a full-width space (U+3000) indents this line; YAML indents with ASCII spaces only: replace it with spaces": "这一行用全角空格缩进；YAML 只能用半角空格缩进：请换成半角空格",
	"full-width colon ： after %s; YAML needs an ASCII colon and a space: write %s: %s":                           "%s 后面是全角冒号 ：；YAML 要用半角冒号加空格：请写成 %s: %s",
	// axes (axes.go)
	"more than %d axes":                        "分类轴超过 %d 个",
	"an axis needs at least one value":         "分类轴至少需要一个取值",
	"value %q given twice or empty":            "取值 %q 重复或为空",
	"default %q is not one of its values (%s)": "默认值 %q 不在它的取值中（%s）",
	"declared twice (first at %s)":             "声明了两次（第一次在 %s）",
	"the %s axis is the seeds' taxonomy and cannot be redefined (its values are %s)":                                      "%s 是内置的分类轴，不能重新定义（它的取值是 %s）",
	"an axis name must be a word of letters, digits and _ that is not a rule key, an expression name or a decision field": "分类轴的名字须由字母、数字和 _ 组成，且不能是规则的键、表达式中的名称或决策字段",
	"defaults: unknown axis %q (axes: %s)": "defaults：没有分类轴 %q（分类轴有：%s）",
	// compiling (compile.go)
	"the policy has no strategies; the last one must have no when (a catch-all)":     "策略文件没有任何处理策略；最后一个策略不能有 when（兜底策略）",
	"the last strategy must have no when, so that every complaint gets a strategy%s": "最后一个策略不能有 when，这样每条投诉都有策略可用%s",
	"placed last, after the catch-all: the last strategy must have no when":          "被放到了兜底策略之后：最后一个策略不能有 when",
	"the policy has %d rules, more than the limit of %d":                             "策略有 %d 条规则，超过了 %d 条的上限",
	"the policy has %d lexicons, more than the limit of %d":                          "策略有 %d 个词表，超过了 %d 个的上限",
	"the policy has %d distinct terms, more than the limit of %d":                    "策略有 %d 个不同的词条，超过了 %d 个的上限",
	"term %q is %d characters, more than the limit of %d":                            "词条 %q 有 %d 个字，超过了 %d 个字的上限",
	"term %q folds to nothing and could never match":                                 "词条 %q 折叠后为空，永远不会命中",
	"term %q: only {mask} may stand in braces, at most %d times":                     "词条 %q：花括号中只能写 {mask}，且最多 %d 次",
	"defined twice (first at %s)":                                                    "定义了两次（第一次在 %s）",
	"write the lexicon's name without $ (rules refer to it as $%s)":                  "词表名不要带 $（规则中用 $%s 引用它）",
	"extends nothing: no lexicon %q in earlier files%s":                              "extend 没有对象：前面的文件中没有词表 %q%s",
	"a macro name must be a word of letters, digits and _ that is not a field name":  "宏的名字须由字母、数字和 _ 组成，且不能是字段名",
	"nested more than %d deep (the limit)":                                           "嵌套超过 %d 层（上限）",
	"macros refer to each other in a cycle: %s":                                      "宏之间循环引用：%s",
	"when: nested more than %d deep (the limit)":                                     "when：嵌套超过 %d 层（上限）",
	"when: more than %d nodes after macro expansion (the limit)":                     "when：展开宏之后超过 %d 个节点（上限）",
	"when: %s":                                                               "when：%s",
	"when: too costly: %v":                                                   "when：计算代价过高：%v",
	"unknown lexicon %q%s":                                                   "没有词表 %q%s",
	"votes on unknown axis %q (axes: %s)":                                    "投票给不存在的分类轴 %q（分类轴有：%s）",
	"unknown %s %q (want one of %s)":                                         "%s 没有取值 %q（应为 %s 之一）",
	"unknown %s %q%s (want one of %s)":                                       "%s 没有取值 %q%s（应为 %s 之一）",
	"disables nothing: no rule %q in earlier files%s":                        "disable 没有对象：前面的文件中没有规则 %q%s",
	"disables nothing: no rule tagged %q in earlier files":                   "disable 没有对象：前面的文件中没有带标签 %q 的规则",
	"id used twice (first at %s)":                                            "id 重复使用（第一次在 %s）",
	"replaces nothing: no %s %q in earlier files":                            "replace 没有对象：前面的文件中没有%s %q",
	"time_zone: unknown time zone %q (an IANA name such as Asia/Shanghai)":   "time_zone：没有时区 %q（请写 IANA 名称，如 Asia/Shanghai）",
	"declared twice, or the name of a built-in placeholder":                  "重复声明，或与内置占位符同名",
	"a placeholder name may not be empty or hold braces":                     "占位符名称不能为空，也不能含花括号",
	"a placeholder needs from: the field it is filled from":                  "占位符需要 from：写明用投诉的哪个字段填充",
	"from: unknown field %q (want attributes.KEY or one of %s)":              "from：没有字段 %q（请写 attributes.键名，或以下之一：%s）",
	"a placeholder needs a fallback word, so that a reply never shows a gap": "占位符需要 fallback 兜底词，回复里才不会出现空白",
	"unknown calendar %q%s (known: %s)":                                      "没有日历 %q%s（已知的日历：%s）",
	"unknown regulatory clock %q%s (known: %s)":                              "没有监管时限 %q%s（已知的时限：%s）",
	"regulatory clock %q counts on calendar %q, which is not known":          "监管时限 %q 按日历 %q 计算，但没有这个日历",
	"a business-time window needs a calendar (e.g. calendar: cn-mainland)":   "按工作时间计算的时限需要日历（如 calendar: cn-mainland）",
	"no strategy %q%s to go %s":                                              "没有策略 %q%s 可供放在其%s",
	"reply: { without a closing }":                                           "回复：{ 没有对应的 }",
	"reply: unknown placeholder {%s}%s (known: {%s})":                        "回复：没有占位符 {%s}%s（可用的占位符：{%s}）",
	"unknown placeholder {%s}%s (known: {%s})":                               "没有占位符 {%s}%s（可用的占位符：{%s}）",
}

// zhWords translate the English words loader errors pass as arguments:
// what a value is (describe) and what it should be.
var zhWords = map[string]string{
	"a mapping": "映射", "a list": "列表", "empty": "空值", "something else": "其他内容",
	"the policy": "策略文件", "a rule": "规则", "a strategy": "策略", "an axis": "分类轴", "axes": "axes",
	"a lexicon": "词表", "a macro": "宏", "an extension": "extend 的内容", "axis values": "分类轴的取值",
	"an escalation level": "升级级别", "before": "前面", "after": "后面", "rule": "规则", "strategy": "策略",
	"lexicon": "词表", "a near item": "near 项",
}

var (
	reDescribeText = regexp.MustCompile(`^the text (".*")$`)
	reDescribeNum  = regexp.MustCompile(`^the number (.*)$`)
	reDescribeBool = regexp.MustCompile(`^the boolean (.*)$`)
)

// zhArg returns an argument of a loader error as the Chinese message shows
// it.
func zhArg(a any) any {
	switch v := a.(type) {
	case bi:
		return v.zh
	case string:
		if w, ok := zhWords[v]; ok {
			return w
		}
		if m := reDescribeText.FindStringSubmatch(v); m != nil {
			return "文字 " + m[1]
		}
		if m := reDescribeNum.FindStringSubmatch(v); m != nil {
			return "数字 " + m[1]
		}
		if m := reDescribeBool.FindStringSubmatch(v); m != nil {
			return "布尔值 " + m[1]
		}
		if strings.HasSuffix(v, " items") {
			return strings.TrimSuffix(v, " items") + " 的各项"
		}
		return v
	case error:
		return zhDetail(v.Error())
	}
	return a
}

// zhMessage returns the Chinese message of a loader error, or "" when its
// format has none.
func zhMessage(format string, args []any) string {
	zf, ok := zhFormats[format]
	if !ok {
		return ""
	}
	zargs := make([]any, len(args))
	for i, a := range args {
		zargs[i] = zhArg(a)
	}
	return fmt.Sprintf(zf, zargs...)
}

// zhYAML translates the YAML parser's messages (yaml.v3's wording).
var zhYAML = []struct{ en, zh string }{
	{"did not find expected node content", "此处缺少应有的内容"},
	{"could not find expected ':'", "找不到应有的冒号 ':'（键后要用半角冒号加空格）"},
	{"did not find expected key", "找不到应有的键（缩进不对齐？）"},
	{"did not find expected '-' indicator", "找不到应有的列表标记 '-'（缩进不对齐？）"},
	{"did not find expected ',' or ']'", "找不到应有的 ',' 或 ']'"},
	{"did not find expected ',' or '}'", "找不到应有的 ',' 或 '}'"},
	{"mapping values are not allowed in this context", "此处不能写“键: 值”（冒号后的内容要加引号？）"},
	{"block sequence entries are not allowed in this context", "此处不能写列表项 '-'"},
	{"found character that cannot start any token", "出现了不能作为开头的字符（制表符或全角符号？）"},
	{"found unexpected end of stream", "文件意外结束（引号或括号没有闭合？）"},
	{"found a tab character that violates indentation", "制表符破坏了缩进：请用空格缩进"},
	{"found a tab character where an indentation space is expected", "应当用空格缩进的地方出现了制表符"},
	{"found unknown escape character", "出现了未知的转义字符"},
	{"found unexpected ':'", "出现了多余的冒号 ':'"},
	{"did not find the expected key", "找不到应有的键"},
	{"found undefined tag handle", "出现了未定义的标签"},
	{"control characters are not allowed", "不允许使用控制字符"},
}

// zhExprDetail translates what expr says about an expression.
func zhExprDetail(msg string) string {
	switch {
	case strings.HasPrefix(msg, "expected bool"):
		return "条件的结果必须是 true 或 false：" + strings.TrimPrefix(msg, "expected bool, but got ") + " 不行"
	case strings.HasPrefix(msg, "unknown name "):
		return "未知的名称 " + strings.TrimPrefix(msg, "unknown name ")
	case strings.HasPrefix(msg, "macros nested more than"):
		return "宏嵌套超过 32 层"
	case strings.HasPrefix(msg, "macro "):
		return "宏 " + strings.TrimPrefix(msg, "macro ")
	}
	return "表达式有误：" + msg
}

// zhDetail translates a detail that comes from elsewhere (YAML, windows,
// hours, expr): the phrases it knows, else the detail after a Chinese
// lead-in.
func zhDetail(msg string) string {
	for _, t := range zhPatterns {
		if m := t.re.FindStringSubmatch(msg); m != nil {
			args := make([]any, len(m)-1)
			for i := range args {
				args[i] = m[i+1]
			}
			return fmt.Sprintf(t.zh, args...)
		}
	}
	for _, t := range zhYAML {
		if strings.HasPrefix(msg, t.en) {
			return t.zh + strings.TrimPrefix(msg, t.en)
		}
	}
	return "详情：" + msg
}

// zhPatterns translate the errors of windows and contact hours (window.go).
var zhPatterns = []struct {
	re *regexp.Regexp
	zh string
}{
	{regexp.MustCompile(`^bad deadline (".*"): want a duration like 30m, 24h, 3d or 8h business$`), "时限 %s 写得不对：应写成 30m、24h、3d 或 8h business 这样的时长"},
	{regexp.MustCompile(`^bad hours (".*"): want HH:MM-HH:MM$`), "时段 %s 写得不对：应写成 HH:MM-HH:MM"},
	{regexp.MustCompile(`^bad hours (".*"): the start must be before the end, within 00:00-24:00$`), "时段 %s 写得不对：开始须早于结束，且在 00:00-24:00 之内"},
	{regexp.MustCompile(`^no hours given$`), "没有给出时段"},
}
