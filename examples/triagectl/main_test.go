package main

import (
	"bytes"
	"encoding/json"
	"os"
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
	m := regexp.MustCompile(`coverage: (\d+) of (\d+) rules fired, (\d+) of (\d+) strategies chosen`).FindStringSubmatch(out)
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
