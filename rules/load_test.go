package rules

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

// tail is a valid end of a policy: a catch-all strategy.
const tail = `
strategies:
  - id: all
    title: 全部
`

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"syntax", "version: 1\nrules: [\n", []string{
			"p.yaml:2: did not find expected node content",
		}},
		{"invalid utf8", "version: 1\nname: \"a\xffb\"\n", []string{
			"p.yaml:2:9: invalid UTF-8 byte 0xff",
		}},
		{"unknown key", "version: 1\nnmae: x\n" + tail, []string{
			`p.yaml:2:1: unknown key "nmae" in the policy (did you mean name?)`,
		}},
		{"unknown rule key", "version: 1\nrules:\n  - id: r\n    cause: price\n    match: {any: [贵]}\n    wieght: 2\n" + tail, []string{
			`p.yaml:6:5: rule "r": unknown key "wieght" in a rule (did you mean weight?)`,
		}},
		{"wrong type", "version: 1\nrules:\n  - id: r\n    cause: price\n    weight: heavy\n    match: {any: [贵]}\n" + tail, []string{
			`p.yaml:5:13: rule "r": weight must be a number, not the text "heavy"`,
		}},
		{"duplicate key", "version: 1\nname: a\nname: b\n" + tail, []string{
			`p.yaml:3:1: key "name" repeated (first at line 2)`,
		}},
		{"anchor and alias", "version: 1\nlexicons:\n  a: &x [贵]\n  b: *x\n" + tail, []string{
			`p.yaml:3:6: anchors (&x) are not allowed`,
			`p.yaml:4:6: aliases (*x) are not allowed; write the value out`,
		}},
		{"merge key", "version: 1\nrules:\n  - id: r\n    <<: {cause: price}\n    match: {any: [贵]}\n" + tail, []string{
			`p.yaml:3:5: rule "r": a rule needs one of cause, severity, behaviour or vote`,
			`p.yaml:4:5: rule "r": merge keys (<<) are not allowed`,
		}},
		{"unknown lexicon", "version: 1\nrules:\n  - id: x\n    cause: price\n    match: {any: [$foo]}\n" + tail, []string{
			`p.yaml:5:19: rule "x": unknown lexicon "$foo"`,
		}},
		{"duplicate rule id", "version: 1\nrules:\n  - id: r\n    cause: price\n    match: {any: [贵]}\n  - id: r\n    cause: price\n    match: {any: [贵]}\n" + tail, []string{
			`p.yaml:6:9: rule "r": id used twice (first at p.yaml:3:9)`,
		}},
		{"axis value", "version: 1\nrules:\n  - id: r\n    cause: quality\n    match: {any: [贵]}\n" + tail, []string{
			`p.yaml:4:12: rule "r": unknown cause "quality" (want one of product, service, price, integrity)`,
		}},
		{"two axes", "version: 1\nrules:\n  - id: r\n    cause: price\n    severity: serious\n    match: {any: [贵]}\n" + tail, []string{
			`p.yaml:5:5: rule "r": a rule votes on one axis: it has both cause and severity`,
		}},
		{"expr plain", "version: 1\nrules:\n  - id: r\n    cause: price\n    when: length > \"a\"\n" + tail, []string{
			`p.yaml:5:18: rule "r": when: invalid operation: > (mismatched types int and string)`,
		}},
		{"expr double quoted", "version: 1\nrules:\n  - id: r\n    cause: price\n    when: \"text == \\\"\\u4e2d\\\" && lenght > 1\"\n" + tail, []string{
			`p.yaml:5:34: rule "r": when: unknown name lenght (did you mean length?)`,
		}},
		{"expr single quoted", "version: 1\nrules:\n  - id: r\n    cause: price\n    when: 'text == ''贵'' && lenght > 1'\n" + tail, []string{
			`p.yaml:5:29: rule "r": when: unknown name lenght (did you mean length?)`,
		}},
		{"expr literal block", "version: 1\nrules:\n  - id: r\n    cause: price\n    when: |\n      text contains \"贵\"\n        && lenght > 1\n" + tail, []string{
			`p.yaml:7:12: rule "r": when: unknown name lenght (did you mean length?)`,
		}},
		{"expr folded block", "version: 1\nrules:\n  - id: r\n    cause: price\n    when: >\n      text contains \"贵\" &&\n      lenght > 1\n" + tail, []string{
			`p.yaml:7:7: rule "r": when: unknown name lenght (did you mean length?)`,
		}},
		{"expr plain multi-line", "version: 1\nrules:\n  - id: r\n    cause: price\n    when: text contains \"贵\"\n      && lenght > 1\n" + tail, []string{
			`p.yaml:6:10: rule "r": when: unknown name lenght (did you mean length?)`,
		}},
		{"expr not bool", "version: 1\nrules:\n  - id: r\n    cause: price\n    when: length + 1\n" + tail, []string{
			`p.yaml:5:11: rule "r": when: expected bool, but got int`,
		}},
		{"rule sees no axes", "version: 1\nrules:\n  - id: r\n    cause: price\n    when: severity == \"serious\"\n" + tail, []string{
			`p.yaml:5:11: rule "r": when: unknown name severity: a rule's when cannot read the axes (rules decide them); compare axes in a strategy's when`,
		}},
		{"macro cycle", "version: 1\nmacros:\n  a: b && length > 1\n  b: c\n  c: a\nrules:\n  - id: r\n    cause: price\n    when: a\n" + tail, []string{
			`p.yaml:3:3: macro "a": macros refer to each other in a cycle: a → b → c → a`,
		}},
		{"no catch-all", "version: 1\nstrategies:\n  - id: s\n    when: cause == \"price\"\n", []string{
			`p.yaml:4:11: strategy "s": the last strategy must have no when, so that every complaint gets a strategy`,
		}},
		{"no strategies", "version: 1\nname: x\n", []string{
			`p.yaml:1:1: the policy has no strategies; the last one must have no when (a catch-all)`,
		}},
		{"missing version", "name: x\n" + tail, []string{
			`p.yaml:1:1: missing "version: 1"`,
		}},
		{"unsupported version", "version: 2\n" + tail, []string{
			`p.yaml:1:10: unsupported format version 2 (this library reads version 1)`,
		}},
		{"empty term", "version: 1\nlexicons:\n  x: [\"\\u200b\"]\n" + tail, []string{
			`p.yaml:3:7: lexicon "x": term "\u200b" folds to nothing and could never match`,
		}},
		{"unknown placeholder", "version: 1\nstrategies:\n  - id: all\n    replies: [\"{客户姓名}您好，订单{单号}已收到\"]\n", []string{
			`p.yaml:4:27: strategy "all": reply: unknown placeholder {单号} (did you mean {订单号}?) (known: {客户姓名} {订单号} {投诉编号} {回复时限} {处理时限} {负责人})`,
		}},
		{"bad window and hours", "version: 1\nstrategies:\n  - id: all\n    respond_within: soon\n    contact: {hours: \"18:00-10:00\"}\n", []string{
			`p.yaml:4:21: strategy "all": bad deadline "soon": want a duration like 30m, 24h, 3d or 8h business`,
			`p.yaml:5:22: strategy "all": contact.hours: bad hours "18:00-10:00": the start must be before the end, within 00:00-24:00`,
		}},
		{"empty any", "version: 1\nrules:\n  - id: r\n    cause: price\n    match: {any: []}\n" + tail, []string{
			`p.yaml:3:5: rule "r": a rule needs match.any, match.all or when`,
			`p.yaml:5:18: rule "r": match.any is empty: the rule could never fire`,
		}},
		{"five mistakes", `version: 1
lexicons:
  price: [贵, 太贵]
rules:
  - id: a
    cause: cost
    match: {any: [$prices]}
  - id: a
    severity: general
    match: {any: [贵]}
    when: length >
strategies:
  - id: s
    colour: red
    when: cause == "price"
`, []string{
			`p.yaml:6:12: rule "a": unknown cause "cost" (want one of product, service, price, integrity)`,
			`p.yaml:7:19: rule "a": unknown lexicon "$prices" (did you mean $price?)`,
			`p.yaml:8:9: rule "a": id used twice (first at p.yaml:5:9)`,
			`p.yaml:14:5: strategy "s": unknown key "colour" in a strategy`,
			`p.yaml:15:11: strategy "s": the last strategy must have no when, so that every complaint gets a strategy`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseCompile("p.yaml", []byte(tt.src))
			if err == nil {
				t.Fatal("Parse succeeded, want errors")
			}
			var got []string
			for _, e := range asErrors(err) {
				got = append(got, e.Error())
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("errors mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestErrorIsAndAs(t *testing.T) {
	_, err := parseCompile("p.yaml", []byte("version: 1\nrules:\n  - id: x\n    cause: price\n    match: {any: [$foo]}\n"+tail))
	if !errors.Is(err, errUnknownLexicon) {
		t.Errorf("errors.Is(err, errUnknownLexicon) = false for %v", err)
	}
	if errors.Is(err, errDuplicateID) {
		t.Errorf("errors.Is(err, errDuplicateID) = true for %v", err)
	}
	var e *Error
	if !errors.As(err, &e) || e.Line != 5 || e.Col != 19 || e.Rule != "x" || e.Code != errUnknownLexicon {
		t.Errorf("errors.As gave %+v", e)
	}
}

func TestLoadLayersAndLimits(t *testing.T) {
	fsys := fstest.MapFS{
		"base.yaml": {Data: []byte("version: 1\nname: base\nlexicons:\n  fake: [假货]\nrules:\n  - id: r1\n    cause: integrity\n    match: {any: [$fake]}\n")},
		"ours.yaml": {Data: []byte("version: 1\nname: ours\nrules:\n  - id: r2\n    cause: price\n    match: {any: [太贵, $fake]}\n" + tail)},
		"dup.yaml":  {Data: []byte("version: 1\nrules:\n  - id: r1\n    cause: price\n    match: {any: [贵]}\n" + tail)},
		"big.yaml":  {Data: []byte("version: 1\n" + strings.Repeat("# filler\n", 100) + tail)},
	}
	load := func(opts []Option, paths ...string) (*Program, error) {
		p, err := Load(fsys, paths, opts...)
		if err != nil {
			return nil, err
		}
		return Compile(p, opts...)
	}
	set, err := load(nil, "base.yaml", "ours.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if set.Name() != "base+ours" || len(set.Rules()) != 2 || !strings.HasPrefix(set.Digest(), "sha256:") {
		t.Errorf("got name %q, %d rules, digest %q", set.Name(), len(set.Rules()), set.Digest())
	}
	_, err = load(nil, "base.yaml", "dup.yaml")
	if got, want := err.Error(), `dup.yaml:3:9: rule "r1": id used twice (first at base.yaml:6:9)`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	_, err = load([]Option{WithLimits(Limits{MaxFileBytes: 500})}, "big.yaml")
	if got, want := err.Error(), "big.yaml: file is 954 bytes, more than the limit of 500"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	_, err = load([]Option{WithLimits(Limits{MaxRules: 1})}, "base.yaml", "ours.yaml")
	if got, want := err.Error(), "ours.yaml:1:1: the policy has 2 rules, more than the limit of 1"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestDeclaredAxesCompile: the testdata policy with declared axes compiles
// to the seeds' three axes and its own two, defaults applied.
func TestDeclaredAxesCompile(t *testing.T) {
	pol, err := Load(os.DirFS("testdata/policies"), []string{"axes.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	prog, err := Compile(pol)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range prog.Axes() {
		got = append(got, fmt.Sprintf("%s=%s %v %v", a.Name, a.Default, a.ReviewOnDefault, a.Values))
	}
	want := []string{
		"cause=product true [product service price integrity]",
		"severity=general true [general serious]",
		"behaviour=passive true [passive negative-publicity venting extreme]",
		"channel_risk=low false [low high]",
		"urgency=normal true [normal urgent]",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("axes (-want +got):\n%s", diff)
	}
}
