package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

func runCmd(t *testing.T, stdin string, args ...string) (stdout, stderr string, status int) {
	t.Helper()
	var out, errb bytes.Buffer
	status = run(args, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), status
}

// TestTriageOneLinePerLine checks the JSONL contract: every input line
// gives exactly one output line, in order, whatever is wrong with it.
func TestTriageOneLinePerLine(t *testing.T) {
	long := `{"id":"long","text":"` + strings.Repeat("贵", 400) + `"}`
	in := strings.Join([]string{
		`{"id":7,"text":"买到假货了","unknown":{"deep":[1,2]}}`,
		``,
		`{"id":"a","text":`,
		`not json at all`,
		`{"id":"no-text"}`,
		long,
		`{"id":"t","text":"物流太慢","received_at":"yesterday"}`,
		`{"id":{"k":1},"text":"好"}`,
		`{"text":"没有 id 也可以"}`,
	}, "\n") + "\n"
	out, stderr, status := runCmd(t, in, "triage", "-max-line", "1000")
	if status != exitProblems {
		t.Errorf("status %d, want %d (some lines are bad); stderr: %s", status, exitProblems, stderr)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	type line struct {
		ID    json.RawMessage `json:"id"`
		Error string          `json:"error"`
		Cause string          `json:"cause"`
	}
	var got []string
	for _, l := range lines {
		var x line
		if err := json.Unmarshal([]byte(l), &x); err != nil {
			t.Fatalf("output line is not JSON: %q", l)
		}
		if x.Error != "" {
			got = append(got, string(x.ID)+" error: "+x.Error)
		} else {
			got = append(got, string(x.ID)+" decided")
		}
	}
	want := []string{
		`7 decided`,
		`null error: line 2: empty line`,
		`"a" error: line 3: bad JSON: unexpected end of JSON input`,
		`null error: line 4: bad JSON: invalid character 'o' in literal null (expecting 'u')`,
		`"no-text" error: line 5: missing "text"`,
		`null error: line 6: longer than the limit of 1000 bytes`,
		`"t" error: line 7: received_at: want RFC 3339 time like 2025-06-01T10:00:00+08:00, got "yesterday"`,
		`{"k":1} decided`,
		`null decided`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("output lines mismatch (-want +got):\n%s", diff)
	}
}

func TestTriageNoTrailingNewline(t *testing.T) {
	out, _, status := runCmd(t, `{"id":1,"text":"好"}`+"\n"+`{"id":2,"text":"差"}`, "triage")
	if status != exitOK || strings.Count(out, "\n") != 2 {
		t.Errorf("status %d, output %q: want two lines", status, out)
	}
}

// TestLintFiveMistakes: one lint of a file with five different mistakes
// prints five positioned errors.
func TestLintFiveMistakes(t *testing.T) {
	out, _, status := runCmd(t, "", "lint", "testdata/five-mistakes.yaml")
	if status != exitProblems {
		t.Errorf("status %d, want %d", status, exitProblems)
	}
	want := []string{
		`testdata/five-mistakes.yaml:7:12: rule "price-high": unknown cause "cost" (want one of product, service, price, integrity) [TS006]`,
		`testdata/five-mistakes.yaml:8:19: rule "price-high": unknown lexicon "$prices" (did you mean $price?) [TS004]`,
		`testdata/five-mistakes.yaml:9:9: rule "price-high": id used twice (first at testdata/five-mistakes.yaml:6:9) [TS005]`,
		`testdata/five-mistakes.yaml:15:5: strategy "only": unknown key "colour" in a strategy [TS002]`,
		`testdata/five-mistakes.yaml:16:11: strategy "only": the last strategy must have no when, so that every complaint gets a strategy [TS009]`,
	}
	got := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("lint output mismatch (-want +got):\n%s", diff)
	}
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{{}, {"nope"}, {"triage", "extra-arg"}, {"triage", "-bogus"}, {"lint"}} {
		if _, _, status := runCmd(t, "", args...); status != exitUsage {
			t.Errorf("triagectl %v: status %d, want %d", args, status, exitUsage)
		}
	}
}

func TestGenDeterministic(t *testing.T) {
	a, _, st1 := runCmd(t, "", "gen", "-n", "50", "-seed", "7")
	b, _, st2 := runCmd(t, "", "gen", "-n", "50", "-seed", "7")
	c, _, _ := runCmd(t, "", "gen", "-n", "50", "-seed", "8")
	if st1 != exitOK || st2 != exitOK || a != b || a == c {
		t.Fatalf("gen is not a deterministic function of its seed")
	}
	if n := strings.Count(a, "\n"); n != 50 {
		t.Fatalf("gen -n 50 wrote %d lines", n)
	}
	// Its output is valid triage input: every line is decided.
	out, _, status := runCmd(t, a, "triage")
	if status != exitOK || strings.Count(out, "\n") != 50 || strings.Contains(out, `"error"`) {
		t.Errorf("triage of generated complaints: status %d, %d lines", status, strings.Count(out, "\n"))
	}
}

// TestTriageEncodings feeds JSONL in GBK and Big5. 許 is B3 5C in Big5:
// its trail byte is JSON's backslash, so the stream must be decoded before
// it is parsed.
func TestTriageEncodings(t *testing.T) {
	utf8In := `{"id":"g","text":"許多商品是假貨，我要打12315投訴"}` + "\n"
	for _, enc := range []string{"gbk", "big5"} {
		var e interface{ NewEncoder() *encoding.Encoder }
		if enc == "gbk" {
			e = simplifiedchinese.GBK
		} else {
			e = traditionalchinese.Big5
		}
		raw, err := e.NewEncoder().String(utf8In)
		if err != nil {
			t.Fatalf("%s: encoding the test input: %v", enc, err)
		}
		out, stderr, status := runCmd(t, raw, "triage", "-encoding", enc)
		if status != exitOK || !strings.Contains(out, `"cause":"integrity"`) || !strings.Contains(out, `"text":"假貨"`) {
			t.Errorf("-encoding %s: status %d, stderr %q, output %.200s", enc, status, stderr, out)
		}
	}
	if _, _, status := runCmd(t, "", "triage", "-encoding", "ebcdic"); status != exitUsage {
		t.Errorf("unknown encoding: status %d, want %d", status, exitUsage)
	}
}

func TestTestCommandCover(t *testing.T) {
	out, _, status := runCmd(t, "", "test", "-cover", "../../testdata/cases")
	// The project's own cases exercise every built-in rule and strategy.
	m := regexp.MustCompile(`coverage: (\d+) of (\d+) enabled rules fired, (\d+) of (\d+) strategies chosen`).FindStringSubmatch(out)
	if status != exitOK || m == nil || m[1] != m[2] || m[3] != m[4] || strings.Contains(out, "never ") || !strings.HasSuffix(out, "passed, 0 failed\n") {
		t.Errorf("status %d, output tail %q", status, out[max(0, len(out)-300):])
	}
	if _, _, status := runCmd(t, "", "test", "-run", "(", "../../testdata/cases"); status != exitUsage {
		t.Errorf("bad -run: status %d", status)
	}
}

func TestLintWerrorAndLang(t *testing.T) {
	dir := t.TempDir()
	p := dir + "/p.yaml"
	if err := os.WriteFile(p, []byte("version: 1\nlexicons:\n  spare: [贵]\nstrategies:\n  - id: all\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, status := runCmd(t, "", "lint", p)
	if status != exitOK || out != p+`:3:3: lexicon "spare": never used: no rule refers to $spare [TS101]`+"\n" {
		t.Errorf("warning: status %d, %q", status, out)
	}
	out, _, status = runCmd(t, "", "lint", "-Werror", "-lang", "zh", p)
	if status != exitProblems || out != p+`:3:3: 词表 "spare": 没有任何规则引用 $spare [TS101]`+"\n" {
		t.Errorf("-Werror -lang zh: status %d, %q", status, out)
	}
}

// TestExplain pins explain's output for a fired rule, a when near miss, a
// negation block, a none block and a tie-break loss.
func TestExplain(t *testing.T) {
	out, stderr, status := runCmd(t, "", "explain", "-policy", "testdata/explain.yaml", "-text", "这不是假货，服务很好，就是物流太慢，还坏了")
	if status != exitOK {
		t.Fatalf("status %d: %s", status, stderr)
	}
	want := `text: 这不是假货，服务很好，就是物流[太慢]，还[坏了]
  cause = service (confidence 0.50)
    tier 0 (decides): product 1, service 1
  severity = general (default: no rule voted)
  behaviour = passive (default: no rule voted)
  fired:
    slow → cause=service weight 1 "太慢"@15-17
    broken → cause=product weight 1 "坏了"@19-21
  lost:
    broken (cause=product): tie-break
  near misses:
    fake (cause=integrity): its terms occurred only negated
    slow-but-praised (cause=product): blocked by none: 服务很好
    long-rant (behaviour=venting): its terms occurred but its when was false
  strategy: default (when false before it: integrity)
`
	if diff := cmp.Diff(want, out); diff != "" {
		t.Errorf("explain output (-want +got):\n%s", diff)
	}
}

// TestExplainScope pins explain's output for near and then items (a
// claim then a contrast in one sentence; the same in two sentences, a
// near miss) and for exclude_praised (快递很快 is praise, not a complaint
// about delivery).
func TestExplainScope(t *testing.T) {
	for _, tt := range []struct{ text, want string }{
		{"说好七天到货，结果等了一个月", `text: [说好]七天到货，[结果]等了一个月
  cause = integrity (confidence 1.00)
    tier 0 (decides): integrity 1
  severity = general (default: no rule voted)
  behaviour = passive (default: no rule voted)
  fired:
    claim-vs-reality → cause=integrity weight 1 "说好"@0-2 "结果"@7-9
  strategy: default
`},
		{"说好七天到货。结果等了一个月", `text: 说好七天到货。结果等了一个月
  cause = product (default: no rule voted)
  severity = general (default: no rule voted)
  behaviour = passive (default: no rule voted)
  fired:
  near misses:
    claim-vs-reality (cause=integrity): its terms occurred but not as {then: [$claim, $contrast], within: 20, scope: sentence}
  strategy: default
`},
		{"快递很快，店铺是新开的，热线态度差", `text: 快递很快，店铺是新开的，[热线][态度差]
  cause = service (confidence 1.00)
    tier 0 (decides): service 1
  severity = general (default: no rule voted)
  behaviour = passive (default: no rule voted)
  fired:
    staff-attitude → cause=service weight 1 "热线"@12-14 "态度差"@14-17
  near misses:
    slow-delivery (cause=product): its terms occurred only praised
  strategy: default
`},
	} {
		out, stderr, status := runCmd(t, "", "explain", "-policy", "testdata/scope.yaml", "-text", tt.text)
		if status != exitOK {
			t.Fatalf("status %d: %s", status, stderr)
		}
		if diff := cmp.Diff(tt.want, out); diff != "" {
			t.Errorf("explain %s (-want +got):\n%s", tt.text, diff)
		}
	}
}

func TestDiff(t *testing.T) {
	out, stderr, status := runCmd(t, "", "diff", "-base", "testdata/explain.yaml", "-head", "testdata/diff-head.yaml", "testdata/diff-complaints.jsonl")
	if status != exitOK {
		t.Fatalf("status %d: %s", status, stderr)
	}
	// d2 changes because base's slow-but-praised rule adds a product vote
	// that head does not have: the service/product tie then goes to slow.
	want := `3 of 5 complaints change
  d1: cause product→integrity, strategy default→integrity
  d2: cause product→service
  d5: cause service→integrity, strategy default→integrity
transitions:
  strategy default→integrity: 2
  cause product→integrity: 1
  cause product→service: 1
  cause service→integrity: 1
`
	if diff := cmp.Diff(want, out); diff != "" {
		t.Errorf("diff output (-want +got):\n%s", diff)
	}
}

// TestDeclaredAxisTools: an axis declared in YAML alone is diffed,
// explained and evaluated by the command-line tools.
func TestDeclaredAxisTools(t *testing.T) {
	out, stderr, status := runCmd(t, "", "diff", "-base", "testdata/axis-base.yaml", "-head", "testdata/axis-head.yaml", "testdata/axis-complaints.jsonl")
	if status != exitOK {
		t.Fatalf("diff: status %d: %s", status, stderr)
	}
	want := `1 of 3 complaints change
  r1: channel_risk low→high, strategy all→pr
transitions:
  channel_risk low→high: 1
  strategy all→pr: 1
`
	if diff := cmp.Diff(want, out); diff != "" {
		t.Errorf("diff output (-want +got):\n%s", diff)
	}
	out, stderr, status = runCmd(t, "", "explain", "-policy", "testdata/axis-head.yaml", "-text", "上抖音曝光")
	if status != exitOK {
		t.Fatalf("explain: status %d: %s", status, stderr)
	}
	if !strings.Contains(out, "  channel_risk = high (confidence 1.00)\n    tier 0 (decides): high 1\n") {
		t.Errorf("explain output lacks the declared axis:\n%s", out)
	}
	out, stderr, status = runCmd(t, "", "eval", "-policy", "testdata/axis-base.yaml", "testdata/axis-complaints.jsonl")
	if status != exitOK {
		t.Fatalf("eval: status %d: %s", status, stderr)
	}
	if !strings.Contains(out, "channel_risk: accuracy 0.667") {
		t.Errorf("eval output lacks the declared axis:\n%s", out)
	}
}

// TestSameDecisionEverywhere: one complaint with channel, time, customer
// and order fields is decided alike by triage, explain, diff, eval and
// test — the rule that decides its severity reads all of them.
func TestSameDecisionEverywhere(t *testing.T) {
	const policy, jsonl = "testdata/same/policy.yaml", "testdata/same/complaints.jsonl"
	in, err := os.ReadFile(jsonl)
	if err != nil {
		t.Fatal(err)
	}
	out, stderr, status := runCmd(t, string(in), "triage", "-policy", policy)
	if status != exitOK || !strings.Contains(out, `"severity":"serious"`) || !strings.Contains(out, `"respond_by":"2026-03-02T11:00:00+08:00"`) {
		t.Errorf("triage: %d %s %s", status, out, stderr)
	}
	out, stderr, status = runCmd(t, "", "explain", "-policy", policy, jsonl)
	if status != exitOK || !strings.Contains(out, "severity = serious (confidence 1.00)") || !strings.Contains(out, "repeat-customer → severity=serious") {
		t.Errorf("explain: %d %s %s", status, out, stderr)
	}
	out, stderr, status = runCmd(t, "", "diff", "-base", policy, "-head", policy, jsonl)
	if status != exitOK || !strings.HasPrefix(out, "0 of 1 complaints change") {
		t.Errorf("diff: %d %s %s", status, out, stderr)
	}
	out, stderr, status = runCmd(t, "", "eval", "-policy", policy, jsonl)
	if status != exitOK || !strings.Contains(out, "severity: accuracy 1.000") || !strings.Contains(out, "cause: accuracy 1.000") {
		t.Errorf("eval: %d %s %s", status, out, stderr)
	}
	out, stderr, status = runCmd(t, "", "test", "-policy", policy, "testdata/same/cases")
	if status != exitOK || !strings.Contains(out, "cases: 1 passed, 0 failed") {
		t.Errorf("test: %d %s %s", status, out, stderr)
	}
}

// TestEvalMinAndTestNoCases: eval -min fails below a floor; test fails,
// with one line, when it finds no cases.
func TestEvalMinAndTestNoCases(t *testing.T) {
	const policy, jsonl = "testdata/same/policy.yaml", "testdata/same/complaints.jsonl"
	if _, stderr, status := runCmd(t, "", "eval", "-policy", policy, "-min", "cause=0.9,severity=1", jsonl); status != exitOK {
		t.Errorf("at the floor: status %d: %s", status, stderr)
	}
	_, stderr, status := runCmd(t, "", "eval", "-policy", "testdata/axis-base.yaml", "-min", "cause=0.5", jsonl)
	if status != exitProblems || stderr != "cause accuracy 0.000 is below 0.500\n" {
		t.Errorf("below the floor: status %d: %q", status, stderr)
	}
	if _, _, status := runCmd(t, "", "eval", "-min", "cause=high", jsonl); status != exitUsage {
		t.Errorf("bad -min: status %d", status)
	}
	_, stderr, status = runCmd(t, "", "test", "-policy", policy, "testdata/no-such-cases")
	if status != exitProblems || stderr != "stat testdata/no-such-cases: no such file or directory\n" {
		t.Errorf("misspelled folder: status %d: %q", status, stderr)
	}
	_, stderr, status = runCmd(t, "", "test", "-policy", policy, "testdata/fuzz")
	if status != exitProblems || !strings.HasSuffix(stderr, "no cases (no *.yaml or *.yml file with a case in it or below it)\n") {
		t.Errorf("folder without cases: status %d: %q", status, stderr)
	}
}

// TestTestCommandWants: not_rules, reply (exact and contains) and deadlines
// are checked; wants naming what the policy lacks are errors; every
// case-file mistake is reported at once in YAML names; failures show the
// complaint and what differs; -update rewrites; -cover-only keeps one
// layer's rules.
func TestTestCommandWants(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	const policy = "testdata/same/policy.yaml"
	good := write("good.yaml", `- name: 全部通过
  complaint: {id: g1, text: 物流太慢了, channel: app, received_at: 2026-03-02T10:00:00+08:00, customer: {prior_complaints: 5}, order: {amount: 299}}
  want:
    cause: service
    rules: [slow]
    not_rules: []
    respond_by: 2026-03-02T11:00:00+08:00
- name: 不该触发
  complaint: {text: 太慢}
  want: {not_rules: [repeat-customer], severity: general}
`)
	if out, stderr, status := runCmd(t, "", "test", "-policy", policy, good); status != exitOK {
		t.Fatalf("good cases: %d\n%s%s", status, out, stderr)
	}
	bad := write("bad.yaml", `- name: 错的期望
  complaint: {text: 物流太慢了}
  want:
    cause: price
    not_rules: [slow]
    respond_by: 2026-03-02T11:00:00+08:00
`)
	out, _, status := runCmd(t, "", "test", "-policy", policy, bad)
	want := `--- FAIL: 错的期望 (` + bad + `:1)
    complaint: 物流太慢了
    cause: want price, got service
    not_rules: slow fired
    respond_by: want 2026-03-02T11:00:00+08:00, got none (the complaint needs received_at)
`
	if status != exitProblems || !strings.HasPrefix(out, want) {
		t.Errorf("failing case: %d\n%s\nwant prefix:\n%s", status, out, want)
	}
	unknown := write("unknown.yaml", "- name: 不存在\n  complaint: {text: 太慢}\n  want: {cause: cost, rules: [slo], strategy: vip, channel_risk: high}\n")
	out, _, _ = runCmd(t, "", "test", "-policy", policy, unknown)
	for _, w := range []string{`want: cause "cost" is not one of its values (product, service, price, integrity)`, `want: no rule "slo" in the policy`,
		`want: no strategy "vip" in the policy`, `want: channel_risk is not an axis of the policy (axes: cause, severity, behaviour)`} {
		if !strings.Contains(out, w) {
			t.Errorf("unknown wants: missing %q in\n%s", w, out)
		}
	}
	typos := write("typos.yaml", "- name: 一\n  complaint: {txet: 太慢, customer: {vip: true}}\n  want: {cause: service}\n- name: 二\n  complaint: {text: 太慢, order: {total: 5}}\n  want: {respond_by: tomorrow}\n")
	_, stderr, status := runCmd(t, "", "test", "-policy", policy, typos)
	for _, w := range []string{
		typos + `:2:15: unknown key "txet" in a complaint (known: id, text, channel, received_at, customer, order, attributes)`,
		typos + `:2:36: unknown key "vip" in customer (known: name, tier, prior_complaints, time_zone)`,
		typos + `:5:33: unknown key "total" in order (known: id, amount, currency, status)`,
		typos + `:6:9: want: "tomorrow" is not an RFC 3339 time like 2026-03-02T11:00:00+08:00`,
	} {
		if status != exitProblems || !strings.Contains(stderr, w) {
			t.Errorf("case-file mistakes: missing %q in\n%s", w, stderr)
		}
	}
	if strings.Contains(stderr, "triagetest.") || strings.Contains(stderr, "rules.") {
		t.Errorf("errors name Go types:\n%s", stderr)
	}
	// -update rewrites the failing want; the case then passes.
	if _, _, status := runCmd(t, "", "test", "-update", "-policy", policy, write("upd.yaml", "- name: 改\n  complaint: {text: 太慢}\n  want: {cause: price}\n")); status != exitProblems {
		t.Errorf("-update run: %d", status)
	}
	if out, _, status := runCmd(t, "", "test", "-policy", policy, filepath.Join(dir, "upd.yaml")); status != exitOK {
		t.Errorf("after -update: %d\n%s", status, out)
	}
	// -cover-only: the layer's own rules, not the built-in policy's.
	layer := write("layer.yaml", "version: 1\nrules:\n  - id: ours\n    cause: price\n    match: {any: [乱收费]}\nstrategies:\n  - id: ours-all\n")
	cases := write("layer-cases.yaml", "- name: 乱收费\n  complaint: {text: 乱收费}\n  want: {cause: price}\n")
	out, _, _ = runCmd(t, "", "test", "-policy", "builtin", "-policy", layer, "-cover", "-cover-only", layer, cases)
	if !strings.Contains(out, "coverage: 1 of 1 enabled rules fired, 0 of 1 strategies chosen") {
		t.Errorf("-cover-only:\n%s", out)
	}
}

// TestLintPolicyAndEach: lint layers files on -policy like every other
// command, and -each lints several independent policies in one call.
func TestLintPolicyAndEach(t *testing.T) {
	out, stderr, status := runCmd(t, "", "lint", "-policy", "builtin", "../policies/ecommerce.yaml")
	if status != exitOK {
		t.Errorf("layered: %d\n%s%s", status, out, stderr)
	}
	out, _, status = runCmd(t, "", "lint", "-each", "testdata/axis-base.yaml", "testdata/five-mistakes.yaml")
	if status != exitProblems || !strings.Contains(out, "five-mistakes.yaml:") || strings.Contains(out, "axis-base.yaml:") {
		t.Errorf("-each: %d\n%s", status, out)
	}
	// The same two as one policy: the second file's id would clash or
	// layer; -each keeps them apart.
	if _, _, status := runCmd(t, "", "lint", "-each", "testdata/axis-base.yaml", "testdata/axis-head.yaml"); status != exitOK {
		t.Errorf("-each on two independent policies: %d", status)
	}
	if _, _, status := runCmd(t, "", "lint", "testdata/axis-base.yaml", "testdata/axis-head.yaml"); status != exitProblems {
		t.Errorf("the same files as one policy should clash: %d", status)
	}
}

// TestExplainFlagsAndJSON: explain -text takes the customer, order,
// channel and time too, or one JSON object, so a rule with a when can be
// explained; a rule without terms is not said to have had its terms occur.
func TestExplainFlagsAndJSON(t *testing.T) {
	const policy = "testdata/same/policy.yaml"
	out, stderr, status := runCmd(t, "", "explain", "-policy", policy, "-text", "物流太慢了", "-prior", "5", "-amount", "299", "-channel", "app")
	if status != exitOK || !strings.Contains(out, "severity = serious (confidence 1.00)") {
		t.Errorf("flags: %d\n%s%s", status, out, stderr)
	}
	out, _, status = runCmd(t, "", "explain", "-policy", policy, "-json", `{"id":"j1","text":"物流太慢了","channel":"app","customer":{"prior_complaints":5},"order":{"amount":299}}`)
	if status != exitOK || !strings.HasPrefix(out, "j1: ") || !strings.Contains(out, "severity = serious") {
		t.Errorf("-json: %d\n%s", status, out)
	}
	out, _, _ = runCmd(t, "", "explain", "-policy", policy, "-text", "物流太慢了")
	if !strings.Contains(out, "repeat-customer (severity=serious): its when was false") {
		t.Errorf("a rule without terms:\n%s", out)
	}
	if _, _, status := runCmd(t, "", "explain", "-policy", policy, "-text", "x", "-json", "{}"); status != exitUsage {
		t.Errorf("-text and -json together: %d", status)
	}
}
