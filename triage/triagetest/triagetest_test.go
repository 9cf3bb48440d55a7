package triagetest_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tousu/tousu/triage"
	"github.com/tousu/tousu/triage/triagetest"
)

const policy = `version: 1
lexicons:
  fake: [假货]
rules:
  - id: fake
    cause: integrity
    match: {any: [$fake]}
strategies:
  - id: integrity
    when: cause == "integrity"
  - id: default
defaults: {cause: product, severity: general, behaviour: passive}
`

const cases = `# our cases
- name: fake
  tags: [integrity]
  complaint: {text: 买到假货}
  want: {cause: integrity, strategy: integrity, rules: [fake]}
- name: wrong on purpose
  complaint: {text: 东西坏了}
  want: {cause: service, strategy: default}
`

func engine(t testing.TB) *triage.Engine {
	set, err := compileBytes("p.yaml", []byte(policy))
	if err != nil {
		t.Fatal(err)
	}
	eng, err := triage.New(set)
	if err != nil {
		t.Fatal(err)
	}
	return eng
}

func TestRunCasesUpdateAndFilter(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "cases.yaml")
	if err := os.WriteFile(file, []byte(cases), 0o644); err != nil {
		t.Fatal(err)
	}
	eng := engine(t)
	cs, err := triagetest.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := triagetest.RunCases(eng, cs, triagetest.WithRun(regexp.MustCompile("^integrity$")))
	if err != nil || len(rep.Results) != 1 || !rep.Results[0].Passed() {
		t.Fatalf("filter by tag: %+v, %v", rep, err)
	}
	rep, err = triagetest.RunCases(eng, cs, triagetest.WithUpdate(true))
	if err != nil || len(rep.Failed()) != 1 {
		t.Fatalf("update run: %d failed, %v", len(rep.Failed()), err)
	}
	if rules, strategies := rep.Unexercised(eng); len(rules) != 0 || len(strategies) != 0 {
		t.Errorf("unexercised %v %v", rules, strategies)
	}
	b, _ := os.ReadFile(file)
	if !strings.Contains(string(b), "want: {cause: product, strategy: default}") || !strings.Contains(string(b), "# our cases") {
		t.Errorf("rewritten file:\n%s", b)
	}
	cs, _ = triagetest.Load(dir)
	if rep, _ := triagetest.RunCases(eng, cs); len(rep.Failed()) != 0 {
		t.Errorf("after update, %d cases still fail", len(rep.Failed()))
	}
}

// Example runs a directory of declarative cases against an engine; in a
// service's test this is triagetest.Run(t, eng, "testdata/cases").
func Example() {
	dir, _ := os.MkdirTemp("", "cases")
	defer os.RemoveAll(dir)
	os.WriteFile(filepath.Join(dir, "cases.yaml"), []byte(cases), 0o644)
	cs, err := triagetest.Load(dir)
	if err != nil {
		fmt.Println(err)
		return
	}
	set, _ := compileBytes("p.yaml", []byte(policy))
	eng, _ := triage.New(set)
	rep, err := triagetest.RunCases(eng, cs)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range rep.Results {
		fmt.Println(r.Case.Name, r.Passed())
	}
	fmt.Println("rule fake fired in", rep.RuleCover["fake"], "case")
	// Output:
	// fake true
	// wrong on purpose false
	// rule fake fired in 1 case
}

func TestDuplicateCaseNames(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.yaml"), []byte("- name: same\n  complaint: {text: a}\n  want: {}\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "b.yaml"), []byte("- name: other\n  complaint: {text: b}\n  want: {}\n- name: same\n  complaint: {text: c}\n  want: {}\n"), 0o644)
	_, err := triagetest.Load(dir)
	want := filepath.Join(dir, "b.yaml") + `:4: case name "same" used twice (first at ` + filepath.Join(dir, "a.yaml") + `:1)`
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

// TestLoadFindsCasesOrFails: a folder with subfolders and .yml files is
// read; a misspelled path, an empty folder and a file with no case are
// errors, never "0 passed".
func TestLoadFindsCasesOrFails(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "team", "refunds")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "a.yaml"), []byte("- name: a\n  complaint: {text: a}\n  want: {}\n"), 0o644)
	os.WriteFile(filepath.Join(sub, "b.yml"), []byte("- name: b\n  complaint: {text: b}\n  want: {}\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("not a case"), 0o644)
	cs, err := triagetest.Load(dir)
	if err != nil || len(cs) != 2 || cs[0].Name != "a" || cs[1].Name != "b" {
		t.Errorf("folder: %v, %v", cs, err)
	}
	if cs, err := triagetest.Load(filepath.Join(sub, "b.yml")); err != nil || len(cs) != 1 {
		t.Errorf("one file: %v, %v", cs, err)
	}
	empty := filepath.Join(dir, "empty")
	os.Mkdir(empty, 0o755)
	for path, want := range map[string]string{
		filepath.Join(dir, "cse"): "no such file or directory",
		empty:                     "no cases (no *.yaml or *.yml file with a case in it or below it)",
	} {
		if _, err := triagetest.Load(path); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want %q", path, err, want)
		}
	}
	os.WriteFile(filepath.Join(empty, "none.yaml"), []byte("[]\n"), 0o644)
	if _, err := triagetest.Load(filepath.Join(empty, "none.yaml")); err == nil || !strings.Contains(err.Error(), "no cases in the file") {
		t.Errorf("empty file: %v", err)
	}
}
