// Package triagetest runs declarative complaint cases against an Engine, for
// the golden tests of services that embed tousu and of policy authors, and
// measures an engine against labelled complaints.
//
// A case file is a YAML list of cases:
//
//	# cases/integrity.yaml
//	- name: 假货_繁体
//	  tags: [integrity]
//	  complaint:
//	    text: 買到的是假貨
//	    customer: {name: 王女士, tier: 黄金}
//	  want:
//	    cause: integrity
//	    severity: general
//	    behaviour: passive
//	    strategy: general-passive
//	    rules: [cause-integrity-fake]
//
// Only the fields given under want are compared; rules lists rule ids that
// must be among the fired rules. An axis the policy declares is wanted by
// its name, like the seeds' three (channel_risk: high).
//
// The package registers no command-line flags, so it can be used next to a
// service's own flags; rewriting expectations is an Option. Its functions
// are safe for concurrent use when given distinct cases.
package triagetest

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gopkg.in/yaml.v3"

	"github.com/tousu/tousu/triage"
)

// A Case is one declarative test complaint with its expected decision.
type Case struct {
	Name string   `yaml:"name"`
	Tags []string `yaml:"tags,omitempty"`
	// Complaint is triaged with its ID, or the case's name when it has
	// none.
	Complaint triage.Complaint `yaml:"complaint"`
	Want      Want             `yaml:"want"`
	// File and Line say where the case is written.
	File string `yaml:"-"`
	Line int    `yaml:"-"`
}

// Want is the part of a decision a case checks. Empty fields are not
// compared.
type Want struct {
	Cause     string   `yaml:"cause,omitempty"`
	Severity  string   `yaml:"severity,omitempty"`
	Behaviour string   `yaml:"behaviour,omitempty"`
	Strategy  string   `yaml:"strategy,omitempty"`
	Rules     []string `yaml:"rules,omitempty"`
	Review    *bool    `yaml:"review,omitempty"`
	// Axes are the wants of axes the policy declares beyond the seeds'
	// three, written like them: channel_risk: high.
	Axes map[string]string `yaml:",inline"`
}

// complaint is the case's complaint, named by the case when it has no ID.
func (c *Case) complaint() triage.Complaint {
	x := c.Complaint
	if x.ID == "" {
		x.ID = c.Name
	}
	return x
}

// loadFile reads the cases of one file.
func loadFile(path string) ([]Case, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var root yaml.Node
	if err := yaml.Unmarshal(b, &root); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(root.Content) == 0 {
		return nil, nil
	}
	list := root.Content[0]
	if list.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("%s:%d:%d: a case file is a list of cases", path, list.Line, list.Column)
	}
	cases := make([]Case, 0, len(list.Content))
	for _, n := range list.Content {
		var c Case
		dec := yaml.NewDecoder(bytes.NewReader(mustMarshal(n)))
		dec.KnownFields(true)
		if err := dec.Decode(&c); err != nil {
			return nil, fmt.Errorf("%s:%d:%d: %w", path, n.Line, n.Column, err)
		}
		if c.Name == "" {
			return nil, fmt.Errorf("%s:%d:%d: case without a name", path, n.Line, n.Column)
		}
		c.File, c.Line = path, n.Line
		cases = append(cases, c)
	}
	return cases, nil
}

func mustMarshal(n *yaml.Node) []byte {
	b, err := yaml.Marshal(n)
	if err != nil {
		panic(err)
	}
	return b
}

// Load reads the cases at path: one case file, or every *.yaml and *.yml
// file in a folder and its subfolders, in path order. Finding no case at
// all is an error, so that a misspelled path never passes having run
// nothing. Case names must be unique.
func Load(path string) ([]Case, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	var files []string
	if info.IsDir() {
		err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if ext := filepath.Ext(p); !d.IsDir() && (ext == ".yaml" || ext == ".yml") {
				files = append(files, p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		sort.Strings(files)
	} else {
		files = []string{path}
	}
	var all []Case
	first := map[string]*Case{}
	for _, f := range files {
		cs, err := loadFile(f)
		if err != nil {
			return nil, err
		}
		for i := range cs {
			if prev, dup := first[cs[i].Name]; dup {
				return nil, fmt.Errorf("%s:%d: case name %q used twice (first at %s:%d)", cs[i].File, cs[i].Line, cs[i].Name, prev.File, prev.Line)
			}
			first[cs[i].Name] = &cs[i]
		}
		all = append(all, cs...)
	}
	if len(all) == 0 {
		if info.IsDir() {
			return nil, fmt.Errorf("%s: no cases (no *.yaml or *.yml file with a case in it or below it)", path)
		}
		return nil, fmt.Errorf("%s: no cases in the file", path)
	}
	return all, nil
}

// A Result is the outcome of one case.
type Result struct {
	Case     *Case
	Decision triage.Decision
	// Diff is the go-cmp difference (-want +got); empty when the case passed.
	Diff string
	// Err is the triage error, if any.
	Err error
}

// Passed reports whether the case passed.
func (r *Result) Passed() bool { return r.Err == nil && r.Diff == "" }

// Check triages one case and compares the decision with the case's want.
func Check(ctx context.Context, eng *triage.Engine, c *Case) Result {
	d, err := eng.Triage(ctx, c.complaint())
	if err != nil {
		return Result{Case: c, Err: err}
	}
	got := project(c.Want, d)
	return Result{Case: c, Decision: d, Diff: cmp.Diff(c.Want, got)}
}

// project returns the fields of d that want compares.
func project(want Want, d triage.Decision) Want {
	var got Want
	if want.Cause != "" {
		got.Cause = d.Cause
	}
	if want.Severity != "" {
		got.Severity = d.Severity
	}
	if want.Behaviour != "" {
		got.Behaviour = d.Behaviour
	}
	for name := range want.Axes {
		if got.Axes == nil {
			got.Axes = map[string]string{}
		}
		a, _ := d.Axes.Get(name)
		got.Axes[name] = a.Value
	}
	if want.Strategy != "" {
		got.Strategy = d.Strategy.ID
	}
	if want.Review != nil {
		r := d.Review
		got.Review = &r
	}
	if len(want.Rules) > 0 {
		fired := map[string]bool{}
		for _, e := range d.Evidence {
			fired[e.Rule] = true
		}
		for _, r := range want.Rules {
			if fired[r] {
				got.Rules = append(got.Rules, r)
			}
		}
	}
	return got
}

// An Option configures Run and RunCases.
type Option func(*config)

type config struct {
	ctx    context.Context
	update bool
	run    *regexp.Regexp
}

// WithContext sets the context cases are triaged with.
func WithContext(ctx context.Context) Option { return func(c *config) { c.ctx = ctx } }

// WithUpdate makes Run rewrite the want of every failing case in its file
// to what the engine decided (only the fields the case already compares;
// rules becomes every fired rule). Read the diff before committing it. A
// test typically passes its own -update flag: triagetest registers none.
func WithUpdate(update bool) Option { return func(c *config) { c.update = update } }

// WithRun keeps only the cases whose name or one of whose tags matches re.
func WithRun(re *regexp.Regexp) Option { return func(c *config) { c.run = re } }

// A CaseReport is the outcome of a set of cases.
type CaseReport struct {
	Results []Result
	// Coverage counts, per rule id, the cases that fired the rule and, per
	// strategy id, the cases that chose it; every rule and strategy of the
	// policy is present, with 0 when no case exercised it.
	RuleCover, StrategyCover map[string]int
}

// Failed returns the results that did not pass.
func (r *CaseReport) Failed() []Result {
	var out []Result
	for _, x := range r.Results {
		if !x.Passed() {
			out = append(out, x)
		}
	}
	return out
}

// Unexercised lists the rules (enabled) and strategies of eng's policy that
// no case fired or chose, in declaration order.
func (r *CaseReport) Unexercised(eng *triage.Engine) (ruleIDs, strategyIDs []string) {
	set := eng.Program()
	for _, x := range set.Rules() {
		if x.Enabled && r.RuleCover[x.ID] == 0 {
			ruleIDs = append(ruleIDs, x.ID)
		}
	}
	for _, x := range set.Strategies() {
		if r.StrategyCover[x.ID] == 0 {
			strategyIDs = append(strategyIDs, x.ID)
		}
	}
	return ruleIDs, strategyIDs
}

func (c *config) keep(k *Case) bool {
	if c.run == nil || c.run.MatchString(k.Name) {
		return true
	}
	for _, t := range k.Tags {
		if c.run.MatchString(t) {
			return true
		}
	}
	return false
}

// RunCases checks cases against eng and collects coverage; with WithUpdate
// it rewrites the wants of failing cases in their files.
func RunCases(eng *triage.Engine, cases []Case, opts ...Option) (*CaseReport, error) {
	cfg := config{ctx: context.Background()}
	for _, o := range opts {
		o(&cfg)
	}
	rep := &CaseReport{RuleCover: map[string]int{}, StrategyCover: map[string]int{}}
	for _, r := range eng.Program().Rules() {
		rep.RuleCover[r.ID] = 0
	}
	for _, s := range eng.Program().Strategies() {
		rep.StrategyCover[s.ID] = 0
	}
	for i := range cases {
		c := &cases[i]
		if !cfg.keep(c) {
			continue
		}
		r := Check(cfg.ctx, eng, c)
		if r.Err == nil {
			for _, e := range r.Decision.Evidence {
				rep.RuleCover[e.Rule]++
			}
			rep.StrategyCover[r.Decision.Strategy.ID]++
		}
		rep.Results = append(rep.Results, r)
	}
	if cfg.update {
		if err := rewrite(rep.Failed()); err != nil {
			return rep, err
		}
	}
	return rep, nil
}

// Run runs every case Load finds at path as a subtest of t, named
// by the case, and reports each failing case with its file, line and a
// go-cmp diff (-want +got).
func Run(t *testing.T, eng *triage.Engine, dir string, opts ...Option) *CaseReport {
	t.Helper()
	cases, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := RunCases(eng, cases, opts...)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rep.Results {
		t.Run(r.Case.Name, func(t *testing.T) {
			if r.Err != nil {
				t.Fatalf("%s:%d: %v", r.Case.File, r.Case.Line, r.Err)
			}
			if r.Diff != "" {
				t.Errorf("%s:%d: decision mismatch (-want +got):\n%s", r.Case.File, r.Case.Line, r.Diff)
			}
		})
	}
	return rep
}

// rewrite sets the compared fields of each failing case's want to what the
// engine decided, file by file, keeping the rest of the file.
func rewrite(failed []Result) error {
	byFile := map[string][]Result{}
	for _, r := range failed {
		if r.Err == nil {
			byFile[r.Case.File] = append(byFile[r.Case.File], r)
		}
	}
	for file, rs := range byFile {
		src, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		var root yaml.Node
		if err := yaml.Unmarshal(src, &root); err != nil {
			return err
		}
		for _, r := range rs {
			for _, n := range root.Content[0].Content {
				if n.Line == r.Case.Line {
					setWant(n, r.Decision)
				}
			}
		}
		var b bytes.Buffer
		enc := yaml.NewEncoder(&b)
		enc.SetIndent(2)
		if err := enc.Encode(&root); err != nil {
			return err
		}
		if err := os.WriteFile(file, b.Bytes(), 0o644); err != nil {
			return err
		}
	}
	return nil
}

func setWant(c *yaml.Node, d triage.Decision) {
	for i := 0; i+1 < len(c.Content); i += 2 {
		if c.Content[i].Value != "want" {
			continue
		}
		w := c.Content[i+1]
		for j := 0; j+1 < len(w.Content); j += 2 {
			v := w.Content[j+1]
			switch w.Content[j].Value {
			case "strategy":
				v.Value = d.Strategy.ID
			case "review":
				v.Value = fmt.Sprint(d.Review)
			case "rules":
				v.Content = nil
				for _, e := range d.Evidence {
					v.Content = append(v.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: e.Rule})
				}
			default: // an axis, the seeds' three included
				if a, ok := d.Axes.Get(w.Content[j].Value); ok {
					v.Value = a.Value
				}
			}
		}
	}
}
