package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLintMessages pins, for every code, the full text of its message in
// English and Chinese on the fixture testdata/lint/CODE.yaml.
func TestLintMessages(t *testing.T) {
	tests := []struct{ code, en, zh string }{
		{"TS001", `TS001.yaml:2: did not find expected node content [TS001]`, `TS001.yaml:2: 此处缺少应有的内容 [TS001]`},
		{"TS002", `TS002.yaml:2:1: unknown key "colour" in the policy [TS002]`, `TS002.yaml:2:1: 策略文件里没有键 "colour" [TS002]`},
		{"TS003", `TS003.yaml:5:13: rule "r": weight must be a number, not the text "heavy" [TS003]`, `TS003.yaml:5:13: 规则 "r": weight 应当是数字，而不是文字 "heavy" [TS003]`},
		{"TS004", `TS004.yaml:5:19: rule "r": unknown lexicon "$expensive" [TS004]`, `TS004.yaml:5:19: 规则 "r": 没有词表 "$expensive" [TS004]`},
		{"TS005", `TS005.yaml:8:9: rule "r": id used twice (first at TS005.yaml:5:9) [TS005]`, `TS005.yaml:8:9: 规则 "r": id 重复使用（第一次在 TS005.yaml:5:9） [TS005]`},
		{"TS006", `TS006.yaml:4:16: rule "r": unknown behaviour "angry" (want one of passive, negative-publicity, venting, extreme) [TS006]`, `TS006.yaml:4:16: 规则 "r": behaviour 没有取值 "angry"（应为 passive, negative-publicity, venting, extreme 之一） [TS006]`},
		{"TS007", `TS007.yaml:5:11: rule "r": when: unknown name lenght (did you mean length?) [TS007]`, `TS007.yaml:5:11: 规则 "r": when：未知的名称 lenght（是不是 length？） [TS007]`},
		{"TS008", `TS008.yaml:3:3: macro "a": macros refer to each other in a cycle: a → b → a [TS008]`, `TS008.yaml:3:3: 宏 "a": 宏之间循环引用：a → b → a [TS008]`},
		{"TS009", `TS009.yaml:4:11: strategy "only": the last strategy must have no when, so that every complaint gets a strategy [TS009]`, `TS009.yaml:4:11: 策略 "only": 最后一个策略不能有 when，这样每条投诉都有策略可用 [TS009]`},
		{"TS010", `TS010.yaml:3:1: key "name" repeated (first at line 2) [TS010]`, `TS010.yaml:3:1: 键 "name" 重复了（第一次在第 2 行） [TS010]`},
		{"TS011", `TS011.yaml:3:6: anchors (&x) are not allowed [TS011]`, `TS011.yaml:3:6: 不允许使用锚点（&x） [TS011]`},
		{"TS012", `TS012.yaml:3:5: rule "r": a rule needs one of cause, severity, behaviour or vote [TS012]`, `TS012.yaml:3:5: 规则 "r": 规则需要 cause、severity、behaviour 或 vote 之一 [TS012]`},
		{"TS013", `TS013.yaml:3:7: lexicon "a": term "\u200b" folds to nothing and could never match [TS013]`, `TS013.yaml:3:7: 词表 "a": 词条 "\u200b" 折叠后为空，永远不会命中 [TS013]`},
		{"TS014", `TS014.yaml:4:16: strategy "all": reply: unknown placeholder {姓名} (did you mean {客户姓名}?) (known: {客户姓名} {订单号} {投诉编号} {回复时限} {处理时限} {负责人}) [TS014]`, `TS014.yaml:4:16: 策略 "all": 回复：没有占位符 {姓名}（是不是 {客户姓名}？）（可用的占位符：{客户姓名} {订单号} {投诉编号} {回复时限} {处理时限} {负责人}） [TS014]`},
		{"TS015", `TS015.yaml:3:7: lexicon "a": term "这是一个非常非常非常非常非常非常非常非常非常非常非常非常非常非常非常非常非常非常非常非常非常非常非常非常非常非常非常非常非常非常长的词条" is 68 characters, more than the limit of 64 [TS015]`, `TS015.yaml:3:7: 词表 "a": 词条 "这是一个非常非常非常非常非常非常非常非常非常非常非常非常非常非常非常非常非常非常非常非常非常非常非常非常非常非常非常非常非常非常长的词条" 有 68 个字，超过了 64 个字的上限 [TS015]`},
		{"TS016", `TS016.yaml:1:10: unsupported format version 2 (this library reads version 1) [TS016]`, `TS016.yaml:1:10: 不支持格式版本 2（本库只读取版本 1） [TS016]`},
		{"TS017", `TS017.yaml:3:3: lexicon "nope": extends nothing: no lexicon "nope" in earlier files [TS017]`, `TS017.yaml:3:3: 词表 "nope": extend 没有对象：前面的文件中没有词表 "nope" [TS017]`},
		{"TS018", `TS018.yaml:3:5: rule "r": example "价格有点高" should fire the rule but does not [TS018]`, `TS018.yaml:3:5: 规则 "r": 示例 "价格有点高" 应触发该规则，但没有触发 [TS018]`},
		{"TS019", `TS019.yaml:4:15: strategy "s": unknown calendar "mars-colony" (known: cn-mainland) [TS019]`, `TS019.yaml:4:15: 策略 "s": 没有日历 "mars-colony"（已知的日历：cn-mainland） [TS019]`},
		{"TS021", `TS021.yaml:5:44: rule "r": within must be at least 1 character, not 0 [TS021]`, `TS021.yaml:5:44: 规则 "r": within 至少是 1 个字，而不是 0 [TS021]`},
		{"TS025", `TS025.yaml:3:22: axis "cause": aggregate must be sum or max, not "most" (for a capped sum write cap: N) [TS025]`, `TS025.yaml:3:22: 分类轴 "cause": aggregate 只能是 sum 或 max，而不是 "most"（要给总和封顶请写 cap: N） [TS025]`},
		{"TS026", `TS026.yaml:5:21: rule "r": regular expression /退款(没到账/: missing closing ): 退款(没到账 [TS026]`, `TS026.yaml:5:21: 规则 "r": 正则表达式 /退款(没到账/：缺少右括号 )：退款(没到账 [TS026]`},
		{"TS027", `TS027.yaml:5:19: rule "r": regular expression /[0-9]+元/ has no literal of two or more characters that every match contains (such as 退款 in /退款.{0,8}没到账/): it would have to run on every complaint [TS027]`, `TS027.yaml:5:19: 规则 "r": 正则表达式 /[0-9]+元/ 没有每次匹配都包含的、两个字以上的固定文字（如 /退款.{0,8}没到账/ 中的 退款），只能对每条投诉都运行 [TS027]`},
		{"TS028", `TS028.yaml:5:19: rule "r": unknown number item "@mony" (want @money, @duration or @quantity) [TS028]`, `TS028.yaml:5:19: 规则 "r": 没有数量项 "@mony"（可用 @money、@duration 或 @quantity） [TS028]`},
		{"TS029", `TS029.yaml:5:38: rule "r": unknown modality "dreamy" in exclude_modality: write hypothetical, question, reported, quoted or figurative (asserted occurrences always count) [TS029]`, `TS029.yaml:5:38: 规则 "r": exclude_modality 里没有语气 "dreamy"：可写 hypothetical、question、reported、quoted 或 figurative（陈述的出现总会计入） [TS029]`},
		{"TS118", `TS118.yaml:5:19: rule "r": regular expression /退款/ has no operators: write the term 退款, which matches the same and also under the policy's evasion folds [TS118]`, `TS118.yaml:5:19: 规则 "r": 正则表达式 /退款/ 没有任何运算符：直接写词条 退款 即可，匹配效果相同，还能用上策略的防规避折叠 [TS118]`},
		{"TS119", `TS119.yaml:3:5: rule "r": asserted_only changes nothing: the rule has no terms in match.any or match.all [TS119]`, `TS119.yaml:3:5: 规则 "r": asserted_only 不起作用：这条规则的 match.any 和 match.all 里没有词条 [TS119]`},
		{"TS120", `TS120.yaml:5:19: rule "r": regular expression /拉了.{0, 6}肚子/ matches a { as text: a repeat is written {m,n} with no spaces ({0,6}), after what it repeats [TS120]`, `TS120.yaml:5:19: 规则 "r": 正则表达式 /拉了.{0, 6}肚子/ 把 { 当作普通文字来匹配：重复次数写成 {m,n}，中间不加空格（如 {0,6}），紧跟在要重复的内容后面 [TS120]`},
		{"TS121", `TS121.yaml:3:5: rule "r": asserted_only is not applied to near items or to a rule with exclude_praised: its terms count whatever their modality; split the rule, or drop one of the keys [TS121]`, `TS121.yaml:3:5: 规则 "r": asserted_only 对 near 项和写了 exclude_praised 的规则不起作用：这些词条不论语气都会计入；请拆成两条规则，或去掉其中一个键 [TS121]`},
		{"TS101", `TS101.yaml:3:3: lexicon "spare": never used: no rule refers to $spare [TS101]`, `TS101.yaml:3:3: 词表 "spare": 没有任何规则引用 $spare [TS101]`},
		{"TS102", `TS102.yaml:3:3: macro "loud": never used: no expression refers to loud [TS102]`, `TS102.yaml:3:3: 宏 "loud": 没有任何条件引用 loud [TS102]`},
		{"TS103", `TS103.yaml:3:14: lexicon "fake": term "假貨" repeats "假货" (they fold alike) [TS103]`, `TS103.yaml:3:14: 词表 "fake": 词条 "假貨" 与 "假货" 折叠后相同，重复了 [TS103]`},
		{"TS104", `TS104.yaml:5:23: rule "r": term "高仿假货" is redundant: "假货" in the same any list matches wherever it does [TS104]`, `TS104.yaml:5:23: 规则 "r": 词条 "高仿假货" 多余：同一 any 列表中的 "假货" 已能匹配它出现的每一处 [TS104]`},
		{"TS105", `TS105.yaml:5:30: rule "r": can never fire: 贵 is both required (all) and forbidden (none) [TS105]`, `TS105.yaml:5:30: 规则 "r": 永远不会触发：贵 既在 all 中必须出现，又在 none 中不许出现 [TS105]`},
		{"TS106", `TS106.yaml:5:5: strategy "serious-extreme": can never be chosen: strategy "serious" before it holds whenever this one does [TS106]`, `TS106.yaml:5:5: 策略 "serious-extreme": 永远不会被选中：凡是它成立的时候，前面的策略 "serious" 都已成立 [TS106]`},
		{"TS107", `TS107.yaml:8:11: strategy "s": severity is never "serius" (did you mean "serious"?): its values are general, serious [TS107]`, `TS107.yaml:8:11: 策略 "s": severity 不可能等于 "serius"（是不是 "serious"？）：它的取值只有 general、serious [TS107]`},
		{"TS108", `TS108.yaml:6:11: rule "big-order": when never holds (order.amount > 100 && order.amount < 50): the rule can never fire [TS108]`, `TS108.yaml:6:11: 规则 "big-order": 条件永远不成立（order.amount > 100 && order.amount < 50）：这条规则永远不会触发 [TS108]`},
		{"TS109", `TS109.yaml:9:5: strategy "odd": not checked for earlier strategies that hide it: its when names more than 100,000 combinations of axis values [TS109]`, `TS109.yaml:9:5: 策略 "odd": 未检查它是否被前面的策略挡住：它的条件涉及的分类取值组合超过 100,000 种 [TS109]`},
		{"TS110", `TS110.yaml:7:31: rule "r": term "贵" is redundant: $expensive in the same any list already holds it [TS110]`, `TS110.yaml:7:31: 规则 "r": 词条 "贵" 多余：同一 any 列表中的 $expensive 已包含它 [TS110]`},
		{"TS020", `TS020.yaml:5:1: a tab indents this line; YAML indents with spaces only: replace the tab with spaces [TS020]`, `TS020.yaml:5:1: 这一行用制表符（Tab）缩进；YAML 只能用空格缩进：请把制表符换成空格 [TS020]`},
		{"TS111", `TS111.yaml:4:19: strategy "all": reply: ｛负责人｝ has full-width braces, so it is sent to the customer as written: write {负责人} [TS111]`, `TS111.yaml:4:19: 策略 "all": 回复：｛负责人｝ 用的是全角花括号，会原样发给客户：请写成 {负责人} [TS111]`},
		{"TS112", `TS112.yaml:9:5: rule "fake-product": can never decide cause: rule "fake-any" (priority 1) fires whenever this one does (priority 0), and the higher priority decides [TS112]`, `TS112.yaml:9:5: 规则 "fake-product": 永远无法决定 cause：每当它触发（priority 0），优先级更高的规则 "fake-any"（priority 1）也会触发，由后者决定 [TS112]`},
		{"TS113", `TS113.yaml:5:11: rule "night": when calls now(), so the same complaint is decided differently at different hours and cases cannot pin it: read received.hour, received.weekday or received.date, the time the complaint was received [TS113]`, `TS113.yaml:5:11: 规则 "night": 条件调用了 now()，同一条投诉在不同时刻会得到不同结果，用例也无法固定：请改用 received.hour、received.weekday 或 received.date（投诉收到的时间） [TS113]`},
		{"TS114", `TS114.yaml:7:19: rule "r": {then: [$refund, $refund], within: 10}: both items are $refund, so the order says nothing: write near [TS114]`, `TS114.yaml:7:19: 规则 "r": {then: [$refund, $refund], within: 10}：前后两项都是 $refund，先后顺序没有意义：请改用 near [TS114]`},
		{"TS115", `TS115.yaml:5:19: rule "r": {then: [说好。, 结果], within: 10, scope: sentence} can never hold: every term of 说好。 ends its sentence, so 结果 never follows it in the same sentence [TS115]`, `TS115.yaml:5:19: 规则 "r": {then: [说好。, 结果], within: 10, scope: sentence} 永远不会成立：说好。 的每个词条都结束了所在的句子，结果 不可能在同一句子里跟在它后面 [TS115]`},
		{"TS116", `TS116.yaml:3:5: rule "r": exclude_praised does nothing: the rule has no terms in match.any or match.all [TS116]`, `TS116.yaml:3:5: 规则 "r": exclude_praised 不起作用：这条规则的 match.any 和 match.all 中没有词条 [TS116]`},
	}
	seen := map[Code]bool{}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			name := tt.code + ".yaml"
			src, err := os.ReadFile(filepath.Join("testdata", "lint", name))
			if err != nil {
				t.Fatal(err)
			}
			diags := lintSrc(name, src)
			if len(diags) != 1 {
				t.Fatalf("%d diagnostics, want 1: %v", len(diags), diags)
			}
			d := diags[0]
			seen[d.Code] = true
			if string(d.Code) != tt.code {
				t.Errorf("code %s, want %s", d.Code, tt.code)
			}
			if got := d.Format("en"); got != tt.en {
				t.Errorf("en:\n got %s\nwant %s", got, tt.en)
			}
			if got := d.Format("zh"); got != tt.zh {
				t.Errorf("zh:\n got %s\nwant %s", got, tt.zh)
			}
		})
	}
	// Every code the package defines has a fixture here.
	for _, c := range declaredCodes(t) {
		if !seen[c] {
			t.Errorf("code %s has no fixture", c)
		}
	}
}

func TestLintSeverities(t *testing.T) {
	src, _ := os.ReadFile(filepath.Join("testdata", "lint", "TS101.yaml"))
	if d := lintSrc("x.yaml", src); len(d) != 1 || !d[0].Warning {
		t.Errorf("unused lexicon: %+v, want one warning", d)
	}
	src, _ = os.ReadFile(filepath.Join("testdata", "lint", "TS004.yaml"))
	if d := lintSrc("x.yaml", src); len(d) != 1 || d[0].Warning {
		t.Errorf("unknown lexicon: %+v, want one error", d)
	}
}

func TestRedundantTermRespectsWordBoundaries(t *testing.T) {
	src := "version: 1\nrules:\n  - id: r\n    cause: product\n    match: {any: [ip, iphone, 假货, 高仿假货, sb, sb了]}\nstrategies:\n  - id: all\n"
	var got []string
	for _, d := range lintSrc("p.yaml", []byte(src)) {
		got = append(got, d.Format("en"))
	}
	want := []string{
		`p.yaml:5:35: rule "r": term "高仿假货" is redundant: "假货" in the same any list matches wherever it does [TS104]`,
		`p.yaml:5:45: rule "r": term "sb了" is redundant: "sb" in the same any list matches wherever it does [TS104]`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
