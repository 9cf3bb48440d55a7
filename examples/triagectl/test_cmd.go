package main

import (
	"flag"
	"fmt"
	"io"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/tousu/tousu/rules"
	"github.com/tousu/tousu/triage"
	"github.com/tousu/tousu/triage/triagetest"
)

func init() {
	register(&command{
		name:  "test",
		usage: "[-policy FILE]... [-run REGEX] [-cover] [-cover-only FILES|TAGS] [-update] [-json] PATH...",
		run:   runTest,
	})
}

// testReport is the JSON form of a test run.
type testReport struct {
	Passed   int             `json:"passed"`
	Failed   int             `json:"failed"`
	Failures []testFailure   `json:"failures,omitempty"`
	Examples []exampleReport `json:"examples"`
	Coverage *coverReport    `json:"coverage,omitempty"`
}

type testFailure struct {
	Name  string `json:"name"`
	File  string `json:"file"`
	Line  int    `json:"line"`
	Text  string `json:"text"`
	Diff  string `json:"diff,omitempty"`
	Error string `json:"error,omitempty"`
}

// exampleReport is an inline example of a rule that does not behave as
// declared (lint's TS018).
type exampleReport struct {
	Rule    string `json:"rule"`
	Message string `json:"message"`
}

type coverReport struct {
	Rules                 map[string]int `json:"rules"`
	Strategies            map[string]int `json:"strategies"`
	UnexercisedRules      []string       `json:"unexercised_rules"`
	UnexercisedStrategies []string       `json:"unexercised_strategies"`
}

func runTest(fs *flag.FlagSet, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	policies := policyFlags(fs)
	run := fs.String("run", "", "run only the cases whose name or a tag matches `REGEX`")
	cover := fs.Bool("cover", false, "report per rule and strategy how many cases fired or chose it, and those never exercised")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	update := fs.Bool("update", false, "rewrite the want of every failing case to what the policy decided (read the diff before committing)")
	coverOnly := fs.String("cover-only", "", "with -cover, report only the rules and strategies of these policy `FILES` or with these tags (comma-separated)")
	if ok, st := parseFlags(fs, args); !ok {
		return st
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return exitUsage
	}
	opts := []triagetest.Option{triagetest.WithUpdate(*update)}
	if *run != "" {
		re, err := regexp.Compile(*run)
		if err != nil {
			fmt.Fprintf(stderr, "triagectl test: -run: %v\n", err)
			return exitUsage
		}
		opts = append(opts, triagetest.WithRun(re))
	}
	eng, err := loadEngine(*policies)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitProblems
	}
	var cases []triagetest.Case
	for _, dir := range fs.Args() {
		cs, err := triagetest.Load(dir)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return exitProblems
		}
		cases = append(cases, cs...)
	}
	rep, err := triagetest.RunCases(eng, cases, opts...)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitProblems
	}
	out := summarise(eng, rep, *cover)
	if out.Coverage != nil && *coverOnly != "" {
		out.Coverage.only(eng, strings.Split(*coverOnly, ","))
	}
	status := exitOK
	if out.Failed > 0 {
		status = exitProblems
	}
	if len(out.Examples) > 0 {
		status = exitProblems
	}
	if *asJSON {
		if !writeJSON(stdout, stderr, out) {
			return exitProblems
		}
		return status
	}
	for _, f := range out.Failures {
		fmt.Fprintf(stdout, "--- FAIL: %s (%s:%d)\n", f.Name, f.File, f.Line)
		if f.Error != "" {
			fmt.Fprintf(stdout, "    %s\n", f.Error)
		} else {
			fmt.Fprintf(stdout, "    complaint: %s\n%s\n", f.Text, indent(f.Diff))
		}
	}
	examples := 0
	for _, r := range eng.Program().Rules() {
		examples += len(r.Examples.Match) + len(r.Examples.NoMatch)
	}
	for _, e := range out.Examples {
		fmt.Fprintf(stdout, "--- FAIL: rule %s: %s\n", e.Rule, e.Message)
	}
	fmt.Fprintf(stdout, "examples: %d inline examples, %d wrong\n", examples, len(out.Examples))
	if c := out.Coverage; c != nil {
		enabled := 0
		for _, r := range eng.Program().Rules() {
			if _, ok := c.Rules[r.ID]; ok && r.Enabled {
				enabled++
			}
		}
		fmt.Fprintf(stdout, "coverage: %d of %d enabled rules fired, %d of %d strategies chosen\n",
			enabled-len(c.UnexercisedRules), enabled, len(c.Strategies)-len(c.UnexercisedStrategies), len(c.Strategies))
		for _, id := range sortedIDs(c.Rules) {
			fmt.Fprintf(stdout, "  rule     %-40s %d\n", id, c.Rules[id])
		}
		for _, id := range sortedIDs(c.Strategies) {
			fmt.Fprintf(stdout, "  strategy %-40s %d\n", id, c.Strategies[id])
		}
		for _, id := range c.UnexercisedRules {
			fmt.Fprintf(stdout, "never fired: rule %s\n", id)
		}
		for _, id := range c.UnexercisedStrategies {
			fmt.Fprintf(stdout, "never chosen: strategy %s\n", id)
		}
	}
	fmt.Fprintf(stdout, "cases: %d passed, %d failed\n", out.Passed, out.Failed)
	return status
}

func summarise(eng *triage.Engine, rep *triagetest.CaseReport, cover bool) testReport {
	var out testReport
	for _, r := range rep.Results {
		if r.Passed() {
			out.Passed++
			continue
		}
		out.Failed++
		f := testFailure{Name: r.Case.Name, File: r.Case.File, Line: r.Case.Line, Text: r.Case.Complaint.Text, Diff: r.Diff}
		if r.Err != nil {
			f.Error = r.Err.Error()
		}
		out.Failures = append(out.Failures, f)
	}
	out.Examples = []exampleReport{}
	for _, e := range rules.Lint(eng.Program().Policy()) {
		if e.Code == rules.Code("TS018") {
			out.Examples = append(out.Examples, exampleReport{Rule: e.Rule, Message: e.Message("en")})
		}
	}
	if cover {
		ruleIDs, strategies := rep.Unexercised(eng)
		out.Coverage = &coverReport{Rules: rep.RuleCover, Strategies: rep.StrategyCover,
			UnexercisedRules: nonNil(ruleIDs), UnexercisedStrategies: nonNil(strategies)}
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func sortedIDs(m map[string]int) []string {
	ids := make([]string, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

func indent(s string) string {
	var b []byte
	start := true
	for i := 0; i < len(s); i++ {
		if start {
			b = append(b, "    "...)
		}
		b = append(b, s[i])
		start = s[i] == '\n'
	}
	return string(b)
}

// only keeps the rules and strategies written in one of the policy files
// named, or carrying one of the tags named: an author's own layer, not the
// policy under it.
func (c *coverReport) only(eng *triage.Engine, names []string) {
	keep := func(file string, tags []string) bool {
		for _, n := range names {
			if n = strings.TrimSpace(n); n != "" && (n == file || slices.Contains(tags, n)) {
				return true
			}
		}
		return false
	}
	rules, strategies := map[string]bool{}, map[string]bool{}
	for _, r := range eng.Program().Rules() {
		rules[r.ID] = keep(r.Pos.File, r.Tags)
	}
	for _, s := range eng.Program().Strategies() {
		strategies[s.ID] = keep(s.Pos.File, s.Tags)
	}
	for id := range c.Rules {
		if !rules[id] {
			delete(c.Rules, id)
		}
	}
	for id := range c.Strategies {
		if !strategies[id] {
			delete(c.Strategies, id)
		}
	}
	c.UnexercisedRules = slices.DeleteFunc(c.UnexercisedRules, func(id string) bool { return !rules[id] })
	c.UnexercisedStrategies = slices.DeleteFunc(c.UnexercisedStrategies, func(id string) bool { return !strategies[id] })
}
