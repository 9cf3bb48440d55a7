package triage_test

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"

	"github.com/tousu/tousu/classify"
	"github.com/tousu/tousu/rules"
	"github.com/tousu/tousu/triage"
)

// Benchmark texts, written for tousu. Sizes are about 100, 300 and 3,000
// bytes; the traditional ones are the same complaints in traditional
// characters.
var benchTexts = map[string]string{
	"simplified/100B":  "买的电饭煲用了两次就坏了，客服一直不回消息，真是服了！",
	"traditional/100B": "買的電飯煲用了兩次就壞了，客服一直不回消息，真是服了！",
	"simplified/300B":  "上周在你们店买的空气炸锅，用了两次就坏了，按键完全没反应。联系客服三天都没人回，退款申请一直没人处理，物流也慢得离谱。说好的赠品也没给，价格还比别家贵。再不解决我就给差评，还要打12315投诉！！！",
	"traditional/300B": "上週在你們店買的空氣炸鍋，用了兩次就壞了，按鍵完全沒反應。聯繫客服三天都沒人回，退款申請一直沒人處理，物流也慢得離譜。說好的贈品也沒給，價格還比別家貴。再不解決我就給差評，還要打12315投訴！！！",
}

func init() {
	for _, script := range []string{"simplified", "traditional"} {
		benchTexts[script+"/3KB"] = strings.Repeat(benchTexts[script+"/300B"], 10)
	}
}

var benchSizes = []string{"100B", "300B", "3KB"}

// BenchmarkTriage is the whole Triage call on the built-in policy.
func BenchmarkTriage(b *testing.B) {
	eng := mustDefault()
	ctx := context.Background()
	for _, script := range []string{"simplified", "traditional"} {
		for _, size := range benchSizes {
			text := benchTexts[script+"/"+size]
			b.Run(script+"/"+size, func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(len(text)))
				c := triage.Complaint{ID: "b", Text: text}
				done := cpuMeter(b)
				for b.Loop() {
					if _, err := eng.Triage(ctx, c); err != nil {
						b.Fatal(err)
					}
				}
				done()
			})
		}
	}
}

// BenchmarkTriageFull is BenchmarkTriage's 300-byte complaint as a
// service sends it: with an id, channel, receipt time, customer (name,
// tier, time zone) and order, so the decision also carries deadlines,
// escalation times and rendered names.
func BenchmarkTriageFull(b *testing.B) {
	eng := mustDefault()
	ctx := context.Background()
	text := benchTexts["simplified/300B"]
	c := triage.Complaint{ID: "C-20250314-0001", Text: text, Channel: "app",
		ReceivedAt: time.Date(2025, 3, 14, 10, 30, 0, 0, time.UTC),
		Customer:   triage.Customer{Name: "王女士", Tier: "黄金", TimeZone: "Asia/Shanghai"},
		Order:      triage.Order{ID: "A1001", Amount: 299, Currency: "CNY"}}
	d, err := eng.Triage(ctx, c)
	if err != nil || d.RespondBy == nil || d.DeadlineError != "" {
		b.Fatalf("the complaint should get deadlines: %v %v %q", err, d.RespondBy, d.DeadlineError)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if _, err := eng.Triage(ctx, c); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFoldScan is the bare pass the engine cannot avoid: folding and
// scanning the text for every term of the built-in policy, with the
// matching options the policy sets (its fold: and clauses: keys, which
// choose the scan loop), which also measures its signals. Compare
// BenchmarkTriage with it.
func BenchmarkFoldScan(b *testing.B) {
	m, err := classify.NewMatcherWith(policyTerms(mustDefault().Program()), builtinMatchOptions())
	if err != nil {
		b.Fatal(err)
	}
	for _, script := range []string{"simplified", "traditional"} {
		for _, size := range benchSizes {
			text := benchTexts[script+"/"+size]
			b.Run(script+"/"+size, func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(len(text)))
				var sc classify.Scratch
				done := cpuMeter(b)
				for b.Loop() {
					m.Scan(&sc, text)
				}
				done()
			})
		}
	}
}

// BenchmarkNaive evaluates the built-in policy's rules the naive way, as
// the baseline of the design: each rule's terms as one compiled expr
// expression (text contains "…" || …, with all/none as && and !), one
// reused VM, the text folded once, every rule evaluated one by one.
func BenchmarkNaive(b *testing.B) {
	set := mustDefault().Program()
	progs := naivePrograms(b, set)
	text := classify.Fold(benchTexts["simplified/300B"])
	b.Run("simplified/300B", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(text)))
		var machine vm.VM
		env := map[string]any{"text": text}
		for b.Loop() {
			for _, p := range progs {
				if _, err := machine.Run(p, env); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}

func naivePrograms(b *testing.B, set *rules.Program) []*vm.Program {
	lex := map[string][]rules.Scalar{}
	for _, f := range set.Policy().Files {
		for _, l := range f.Lexicons {
			lex[l.Name] = l.Terms
		}
	}
	anyOf := func(items []rules.Scalar) string {
		var parts []string
		for _, it := range items {
			terms := []rules.Scalar{it}
			if strings.HasPrefix(it.Value, "$") {
				terms = lex[it.Value[1:]]
			}
			for _, t := range terms {
				parts = append(parts, fmt.Sprintf("text contains %q", classify.Fold(t.Value)))
			}
		}
		return "(" + strings.Join(parts, " || ") + ")"
	}
	var progs []*vm.Program
	for _, r := range set.Rules() {
		var conds []string
		if len(r.Any) > 0 {
			conds = append(conds, anyOf(r.Any))
		}
		for _, it := range r.All {
			conds = append(conds, anyOf([]rules.Scalar{it}))
		}
		if len(r.None) > 0 {
			conds = append(conds, "!"+anyOf(r.None))
		}
		if len(conds) == 0 {
			continue
		}
		p, err := expr.Compile(strings.Join(conds, " && "), expr.Env(map[string]any{"text": ""}), expr.AsBool())
		if err != nil {
			b.Fatal(err)
		}
		progs = append(progs, p)
	}
	return progs
}

// synthPolicy generates a policy of n rules from its own vocabulary: rule i
// matches three terms made of syllables unique to it. synthText mentions
// the terms of the same five rules whatever n is, so every size has the
// same number of term hits per complaint and the cost can be compared.
func synthPolicy(n int) []byte {
	var b strings.Builder
	b.WriteString("version: 1\nname: synthetic\nrules:\n")
	axes := []string{"cause: product", "cause: service", "cause: price", "cause: integrity", "severity: serious", "behaviour: venting"}
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "  - id: r%d\n    %s\n    match: {any: [%s, %s, %s]}\n", i, axes[i%len(axes)], synthTerm(i, 0), synthTerm(i, 1), synthTerm(i, 2))
		if i%50 == 0 {
			b.WriteString("    when: length > 5\n")
		}
	}
	b.WriteString("strategies:\n  - id: default\n")
	return []byte(b.String())
}

var syllables = []rune("甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥")

// synthTerm is term k of rule i: four syllables spelling i in base 22 and k.
func synthTerm(i, k int) string {
	n := len(syllables)
	return string([]rune{syllables[i%n], syllables[(i/n)%n], syllables[(i/n/n)%n], syllables[k]}) + "号"
}

func synthText() string {
	var b strings.Builder
	for _, i := range []int{3, 17, 42, 64, 99} {
		b.WriteString("客户反映")
		b.WriteString(synthTerm(i, 1))
		b.WriteString("的问题一直没有解决，")
	}
	return b.String()
}

// BenchmarkScaling triages the same complaint with synthetic policies of
// 100, 1,000 and 10,000 rules; fired/op is the number of rules that fire
// per complaint.
func BenchmarkScaling(b *testing.B) {
	text := synthText()
	for _, n := range []int{100, 1000, 10000} {
		eng := mustEngine(b, "synthetic.yaml", synthPolicy(n))
		fired := len(outcomeOf(b, eng.Program(), text).Fired)
		b.Run(fmt.Sprintf("rules=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(text)))
			ctx := context.Background()
			c := triage.Complaint{Text: text}
			done := cpuMeter(b)
			for b.Loop() {
				if _, err := eng.Triage(ctx, c); err != nil {
					b.Fatal(err)
				}
			}
			done()
			b.ReportMetric(float64(fired), "fired/op")
		})
	}
}

// BenchmarkCompile measures loading the 10,000-rule synthetic policy; the
// MB/op metric is the heap the compiled set keeps.
func BenchmarkCompile(b *testing.B) {
	src := synthPolicy(10000)
	b.ReportAllocs()
	var kept float64
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		set, err := compileBytes("synthetic.yaml", src)
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		kept = float64(after.HeapAlloc-before.HeapAlloc) / (1 << 20)
		runtime.KeepAlive(set)
	}
	b.ReportMetric(kept, "MB-kept")
}

func TestSynthPolicyHitsAreFlat(t *testing.T) {
	text := synthText()
	var fired []int
	for _, n := range []int{100, 1000, 10000} {
		set, err := compileBytes("synthetic.yaml", synthPolicy(n))
		if err != nil {
			t.Fatal(err)
		}
		fired = append(fired, len(outcomeOf(t, set, text).Fired))
	}
	if fired[0] != 5 || fired[1] != 5 || fired[2] != 5 {
		t.Errorf("fired rules per size = %v, want 5 each", fired)
	}
}

// BenchmarkTriageInto reuses one Decision, as a bulk re-triage job would.
func BenchmarkTriageInto(b *testing.B) {
	eng := mustDefault()
	ctx := context.Background()
	for _, size := range benchSizes {
		text := benchTexts["simplified/"+size]
		b.Run("simplified/"+size, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(text)))
			c := triage.Complaint{ID: "b", Text: text}
			var d triage.Decision
			done := cpuMeter(b)
			for b.Loop() {
				if err := eng.TriageInto(ctx, c, &d); err != nil {
					b.Fatal(err)
				}
			}
			done()
		})
	}
}

// cpuMeter starts measuring the process's CPU time (see processCPU); the
// function it returns, called after the benchmark loop, reports it per
// operation as cpu-ns/op, which varies far less than ns/op when other
// work shares the machine. It counts the garbage collector's background
// work too.
func cpuMeter(b *testing.B) func() {
	cpu0, ok0 := processCPU()
	return func() {
		if cpu1, ok1 := processCPU(); ok0 && ok1 && b.N > 0 {
			b.ReportMetric(float64(cpu1-cpu0)/float64(b.N), "cpu-ns/op")
		}
	}
}

// policyTerms lists every distinct term a program's matcher holds: the
// terms of its lexicons and the inline terms of its rules. Regular
// expressions (/…/) and number items (@money…) are not automaton terms
// and are left out (the engine's automaton holds a two-rune trigger
// literal for each regular expression instead: two of them in the
// built-in policy).
func policyTerms(prog *rules.Program) []string {
	seen := map[string]bool{}
	var out []string
	add := func(t string) {
		if special := len(t) >= 2 && t[0] == '/' && t[len(t)-1] == '/' || strings.HasPrefix(t, "@"); special {
			return
		}
		if f := classify.Fold(t); !seen[f] {
			seen[f] = true
			out = append(out, t)
		}
	}
	for _, f := range prog.Policy().Files {
		for _, lx := range append(f.Lexicons, f.Extend...) {
			for _, t := range lx.Terms {
				add(t.Value)
			}
		}
	}
	for _, r := range prog.Rules() {
		for _, list := range [][]rules.Scalar{r.Any, r.All, r.None} {
			for _, t := range list {
				if !strings.HasPrefix(t.Value, "$") {
					add(t.Value)
				}
			}
		}
	}
	return out
}

// firedTerms are real complaint phrases shared by the rules that
// synthPolicyFired makes fire; synthFiredText mentions each of them.
var firedTerms = []string{"质量问题", "退款太慢", "客服不回", "发货延迟", "包装破损", "价格欺诈", "赠品没给", "虚假宣传"}

// synthPolicyFired generates a policy of n rules × 8 terms whose fired set
// grows with n: every 15th rule has one of firedTerms among its terms
// (the other seven are its own, as in synthPolicy), so ⌈n/15⌉ rules fire
// on synthFiredText: 7, 67 and 667 at 100, 1,000 and 10,000 rules.
func synthPolicyFired(n int) []byte {
	var b strings.Builder
	b.WriteString("version: 1\nname: synthetic-fired\nrules:\n")
	axes := []string{"cause: product", "cause: service", "cause: price", "cause: integrity", "severity: serious", "behaviour: venting"}
	for i := 0; i < n; i++ {
		terms := make([]string, 8)
		for k := range terms {
			terms[k] = synthTerm(i, k)
		}
		if i%15 == 0 {
			terms[7] = firedTerms[(i/15)%len(firedTerms)]
		}
		fmt.Fprintf(&b, "  - id: r%d\n    %s\n    match: {any: [%s]}\n", i, axes[i%len(axes)], strings.Join(terms, ", "))
		if i%50 == 0 {
			b.WriteString("    when: length > 5\n")
		}
	}
	b.WriteString("strategies:\n  - id: default\n")
	return []byte(b.String())
}

// synthFiredText is a complaint that mentions every one of firedTerms.
func synthFiredText() string {
	return "上周买的东西有" + firedTerms[0] + "，申请了退款但" + firedTerms[1] + "，" + firedTerms[2] + "，之前还" + firedTerms[3] +
		"，收到时" + firedTerms[4] + "，标价涉嫌" + firedTerms[5] + "，说好的" + firedTerms[6] + "，商品页面" + firedTerms[7] + "。"
}

// BenchmarkScalingFired is BenchmarkScaling with a fired set that grows
// with the rule count (see synthPolicyFired), so a cost that grows faster
// than the fired rules shows: each 10× step should cost at most about
// 10× per complaint. fired/op is the number of rules that fire; cpu-ns/op
// is the process's CPU time per complaint, steadier than ns/op when
// other work shares the machine.
func BenchmarkScalingFired(b *testing.B) {
	benchFiredSizes(b, "synthetic-fired.yaml", synthFiredText(), []int{100, 1000, 10000}, synthPolicyFired)
}

// benchFiredSizes runs TriageInto on text against a generated policy of
// each size, reporting the rules that fire (fired/op) and the process's
// CPU time per complaint (cpu-ns/op).
func benchFiredSizes(b *testing.B, name, text string, sizes []int, policy func(int) []byte) {
	for _, n := range sizes {
		eng := mustEngine(b, name, policy(n))
		fired := len(outcomeOf(b, eng.Program(), text).Fired)
		b.Run(fmt.Sprintf("rules=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(text)))
			ctx := context.Background()
			c := triage.Complaint{Text: text}
			var d triage.Decision
			done := cpuMeter(b)
			for b.Loop() {
				if err := eng.TriageInto(ctx, c, &d); err != nil {
					b.Fatal(err)
				}
			}
			done()
			b.ReportMetric(float64(fired), "fired/op")
		})
	}
}

func TestSynthPolicyFiredGrows(t *testing.T) {
	text := synthFiredText()
	var got []int
	for _, n := range []int{100, 1000, 10000} {
		set, err := compileBytes("synthetic-fired.yaml", synthPolicyFired(n))
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, len(outcomeOf(t, set, text).Fired))
	}
	if want := []int{7, 67, 667}; !slices.Equal(got, want) {
		t.Errorf("fired rules per size = %v, want %v", got, want)
	}
}
