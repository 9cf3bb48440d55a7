// Package readme_test keeps README.md honest: its Go snippets are extracted
// and compiled, and its Decision JSON example is a real decision.
package readme_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tousu/tousu/rules"
	"github.com/tousu/tousu/triage"
)

var update = flag.Bool("update", false, "rewrite README.md's Decision JSON example")

const readme = "../../README.md"

var goBlock = regexp.MustCompile("(?s)```go\n(.*?)```")

// snippetPrelude gives README fragments what they take for granted: the
// imports a service has and the few values the text names.
const snippetPrelude = `package main

import (
	"context"
	"fmt"
	"log"
	"log/slog"
	"os"

	"github.com/tousu/tousu/rules"
	"github.com/tousu/tousu/rules/calendar"
	"github.com/tousu/tousu/triage"
)

var (
	ctx                 = context.Background()
	complaint           triage.Complaint
	myCalendar          *calendar.Calendar
	myPrometheusAdapter = &triage.Counters{}
)

var _, _, _, _, _, _ = fmt.Sprint, log.Print, slog.Default, os.Exit, rules.Parse, triage.New

func main() {
`

// TestREADMESnippetsCompile extracts every Go block of README.md and builds
// it: a complete program as it is, a fragment inside main with the
// prelude above, its unused variables marked used.
func TestREADMESnippetsCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("builds programs with the go command")
	}
	src, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	blocks := goBlock.FindAllStringSubmatch(string(src), -1)
	if len(blocks) < 3 {
		t.Fatalf("found %d Go blocks in README.md", len(blocks))
	}
	dir, err := os.MkdirTemp(".", "_snippets")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	for i, b := range blocks {
		code := b[1]
		if !strings.HasPrefix(strings.TrimSpace(code), "package ") {
			code = snippetPrelude + code + useAll(t, snippetPrelude+code+"}\n") + "}\n"
		}
		sub := filepath.Join(dir, fmt.Sprintf("s%02d", i))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(sub, "main.go"), []byte(code), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command("go", "build", "-o", os.DevNull, "./"+sub)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("README Go block %d does not compile:\n%s\n%s", i+1, out, code)
		}
	}
}

// useAll returns statements that mark every variable a fragment declares
// with := as used, so that a fragment showing one step compiles.
func useAll(t *testing.T, file string) string {
	f, err := parser.ParseFile(token.NewFileSet(), "main.go", file, 0)
	if err != nil {
		t.Fatalf("README fragment does not parse: %v\n%s", err, file)
	}
	var b strings.Builder
	seen := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if a, ok := n.(*ast.AssignStmt); ok && a.Tok == token.DEFINE {
			for _, l := range a.Lhs {
				if id, ok := l.(*ast.Ident); ok && id.Name != "_" && !seen[id.Name] {
					seen[id.Name] = true
					fmt.Fprintf(&b, "\t_ = %s\n", id.Name)
				}
			}
		}
		return true
	})
	return b.String()
}

// exampleDecision triages one complaint with a small policy, as README's
// Decision JSON section shows it.
func exampleDecision(t *testing.T) []byte {
	pol, err := rules.Parse("shop.yaml", []byte(`version: 1
name: shop
lexicons:
  fake: [假货, 高仿]
rules:
  - id: fake
    cause: integrity
    weight: 3
    match: {any: [$fake]}
strategies:
  - id: integrity
    when: cause == "integrity"
    title: 诚信投诉
    steps: [核实商品来源与批次, 确认后全额退款并致歉]
    techniques: ["询问法：先请客户说完，再逐项确认诉求"]
    escalate_to: 客服主管
    respond_within: 1h
    resolve_within: 24h
    contact: {hours: "10:00-18:00", max_calls_per_day: 2}
    compensation: 假一赔三
    replies: ["{客户姓名}您好，您反映的问题已由{负责人}跟进，{回复时限}内回复您。"]
  - id: default
`))
	if err != nil {
		t.Fatal(err)
	}
	prog, err := rules.Compile(pol)
	if err != nil {
		t.Fatal(err)
	}
	eng, err := triage.New(prog)
	if err != nil {
		t.Fatal(err)
	}
	d, err := eng.Triage(context.Background(), triage.Complaint{
		ID: "c-1001", Text: "收到的包包明顯是假貨，和描述完全不符！",
		ReceivedAt: time.Date(2026, 3, 2, 10, 0, 0, 0, time.FixedZone("CST", 8*3600)),
		Customer:   triage.Customer{Name: "陈女士"},
	})
	if err != nil {
		t.Fatal(err)
	}
	d.Policy.Digest = "sha256:…" // changes with every byte of the policy
	out, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return out
}

var jsonBlock = regexp.MustCompile("(?s)(## Decision JSON \\(schema_version 1\\)\n\n```json\n)(.*?)(```)")

// TestREADMEDecisionJSON: README's Decision JSON example is a real
// decision; -update rewrites it.
func TestREADMEDecisionJSON(t *testing.T) {
	src, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	m := jsonBlock.FindSubmatchIndex(src)
	if m == nil {
		t.Fatal("README.md has no Decision JSON block")
	}
	want := append(exampleDecision(t), '\n')
	if *update {
		var b bytes.Buffer
		b.Write(src[:m[4]])
		b.Write(want)
		b.Write(src[m[5]:])
		if err := os.WriteFile(readme, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if diff := cmp.Diff(string(want), string(src[m[4]:m[5]])); diff != "" {
		t.Errorf("README.md's Decision JSON is not what the library writes (-library +README); run: go test ./examples/readme -update\n%s", diff)
	}
}

// inlineCommands are the triagectl commands README.md shows in backticks
// in the section starting at heading.
func inlineCommands(t *testing.T, src []byte, heading, next string) []string {
	t.Helper()
	s := string(src)
	i := strings.Index(s, heading)
	if i < 0 {
		t.Fatalf("README.md has no %q", heading)
	}
	end := strings.Index(s[i+len(heading):], next)
	if end < 0 {
		t.Fatalf("README.md has no %q after %q", next, heading)
	}
	return regexp.MustCompile("`(go run ./examples/triagectl [^`]*)`").FindAllString(s[i:i+len(heading)+end], -1)
}

// TestREADMEAuthorCommands runs every triagectl command of README's "For
// policy authors" section, as written, on testdata/authors (the rule the
// section shows, its cases) and the repository's testdata/cases: each
// must succeed, so the section cannot drift from the tool.
func TestREADMEAuthorCommands(t *testing.T) {
	if testing.Short() {
		t.Skip("builds triagectl")
	}
	src, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	cmds := inlineCommands(t, src, "## For policy authors", "## Layered policies")
	if len(cmds) < 3 {
		t.Fatalf("found %d commands", len(cmds))
	}
	bin := filepath.Join(t.TempDir(), "triagectl")
	if out, err := exec.Command("go", "build", "-o", bin, "../triagectl").CombinedOutput(); err != nil {
		t.Fatalf("building triagectl: %v\n%s", err, out)
	}
	// The commands name ours.yaml, cases/ and testdata/cases: a work
	// folder holds the first two, and testdata/cases is the repository's.
	work := t.TempDir()
	for _, f := range []string{"ours.yaml", "cases/refunds.yaml"} {
		b, err := os.ReadFile(filepath.Join("testdata", "authors", f))
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(filepath.Dir(filepath.Join(work, f)), 0o755)
		if err := os.WriteFile(filepath.Join(work, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	abs, _ := filepath.Abs("../../testdata")
	if err := os.Symlink(abs, filepath.Join(work, "testdata")); err != nil {
		t.Fatal(err)
	}
	for _, c := range cmds {
		args := strings.Fields(strings.Trim(c, "`"))[3:] // after "go run ./examples/triagectl"
		cmd := exec.Command(bin, args...)
		cmd.Dir = work
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Errorf("%s: %v\n%s", c, err, out)
		}
	}
}

// TestREADMELayeringExample compiles the layer README's "Layered
// policies" section shows on top of the built-in policy: every id and tag
// it names must exist there.
func TestREADMELayeringExample(t *testing.T) {
	src, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)\\*\\*Layering\\.\\*\\*.*?```yaml\n(.*?)```").FindSubmatch(src)
	if m == nil {
		t.Fatal("README.md has no layering example")
	}
	layer, err := rules.Parse("README-layer.yaml", append([]byte("version: 1\n"), m[1]...))
	if err != nil {
		t.Fatal(err)
	}
	pol := triage.BuiltinPolicy()
	pol.Files = append(pol.Files, layer.Files...)
	if _, err := rules.Compile(pol); err != nil {
		t.Fatalf("the README's layer does not compile on the built-in policy:\n%v", err)
	}
	for _, e := range rules.Lint(pol) {
		if !e.Warning {
			t.Errorf("lint: %s", e.Format("en"))
		}
	}
}
