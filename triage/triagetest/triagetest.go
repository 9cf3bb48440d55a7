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
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/tousu/tousu/rules"
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
	// NotRules lists rule ids that must not fire.
	NotRules []string `yaml:"not_rules,omitempty"`
	Review   *bool    `yaml:"review,omitempty"`
	// Reply is the chosen strategy's first rendered reply: the whole of it,
	// or {contains: TEXT}.
	Reply *Reply `yaml:"reply,omitempty"`
	// RespondBy and ResolveBy are the deadlines, RFC 3339 times (the
	// complaint needs received_at).
	RespondBy string `yaml:"respond_by,omitempty"`
	ResolveBy string `yaml:"resolve_by,omitempty"`
	// Axes are the wants of axes the policy declares beyond the seeds'
	// three, written like them: channel_risk: high.
	Axes map[string]string `yaml:",inline"`
}

// A Reply is the want of a rendered reply: Exact, or text it Contains.
type Reply struct {
	Exact    string
	Contains string
}

// UnmarshalYAML reads a reply want: a text, or {contains: TEXT}.
func (r *Reply) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		r.Exact = n.Value
		return nil
	}
	var m struct {
		Contains string `yaml:"contains"`
	}
	if err := n.Decode(&m); err != nil || m.Contains == "" {
		return fmt.Errorf("reply: want a text or {contains: TEXT}")
	}
	r.Contains = m.Contains
	return nil
}

// MarshalYAML writes a reply want as it is read.
func (r Reply) MarshalYAML() (any, error) {
	if r.Contains != "" {
		return map[string]string{"contains": r.Contains}, nil
	}
	return r.Exact, nil
}

// complaint is the case's complaint, named by the case when it has no ID.
func (c *Case) complaint() triage.Complaint {
	x := c.Complaint
	if x.ID == "" {
		x.ID = c.Name
	}
	return x
}

// The keys a case file may use, in YAML names.
var (
	caseKeys      = []string{"name", "tags", "complaint", "want"}
	complaintKeys = []string{"id", "text", "channel", "received_at", "customer", "order", "attributes"}
	customerKeys  = []string{"name", "tier", "prior_complaints", "time_zone"}
	orderKeys     = []string{"id", "amount", "currency", "status"}
)

// loadFile reads the cases of one file, reporting every mistake in it at
// once, each at its line and column, in the file's own terms.
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
	var errs []error
	bad := func(n *yaml.Node, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s:%d:%d: %s", path, n.Line, n.Column, fmt.Sprintf(format, args...)))
	}
	// keys checks a mapping's keys against allowed (nil: any key) and
	// returns its value nodes by key.
	keys := func(n *yaml.Node, what string, allowed []string) map[string]*yaml.Node {
		out := map[string]*yaml.Node{}
		if n.Kind != yaml.MappingNode {
			bad(n, "%s must be a mapping of keys to values", what)
			return out
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if allowed != nil && !slices.Contains(allowed, k.Value) {
				bad(k, "unknown key %q in %s (known: %s)", k.Value, what, strings.Join(allowed, ", "))
				continue
			}
			out[k.Value] = n.Content[i+1]
		}
		return out
	}
	decode := func(n *yaml.Node, what string, dst any) bool {
		if err := n.Decode(dst); err != nil {
			msg := err.Error()
			if te, ok := err.(*yaml.TypeError); ok && len(te.Errors) > 0 {
				msg = te.Errors[0]
			}
			bad(n, "%s: %s", what, strings.TrimPrefix(msg, "yaml: "))
			return false
		}
		return true
	}
	cases := make([]Case, 0, len(list.Content))
	for _, n := range list.Content {
		fields := keys(n, "a case", caseKeys)
		c := Case{File: path, Line: n.Line}
		ok := true
		if v := fields["name"]; v == nil || v.Value == "" {
			bad(n, "case without a name")
			ok = false
		} else {
			c.Name = v.Value
		}
		if v := fields["tags"]; v != nil {
			ok = decode(v, "tags", &c.Tags) && ok
		}
		if v := fields["complaint"]; v == nil {
			bad(n, "case %q has no complaint", c.Name)
			ok = false
		} else {
			cf := keys(v, "a complaint", complaintKeys)
			if cf["text"] == nil {
				bad(v, "complaint without text")
				ok = false
			}
			if cu := cf["customer"]; cu != nil {
				keys(cu, "customer", customerKeys)
			}
			if o := cf["order"]; o != nil {
				keys(o, "order", orderKeys)
			}
			ok = decode(v, "complaint", &c.Complaint) && ok
		}
		if v := fields["want"]; v != nil {
			keys(v, "want", nil) // other keys are the policy's axes, checked when run
			ok = decode(v, "want", &c.Want) && ok
			for _, t := range []string{c.Want.RespondBy, c.Want.ResolveBy} {
				if _, err := time.Parse(time.RFC3339, t); t != "" && err != nil {
					bad(v, "want: %q is not an RFC 3339 time like 2026-03-02T11:00:00+08:00", t)
					ok = false
				}
			}
		}
		if ok {
			cases = append(cases, c)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return cases, nil
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
	// Diff lists, one line each in the case file's terms, what the
	// decision got wrong ("cause: want price, got product"); empty when
	// the case passed.
	Diff string
	// Err is the triage error, or a want that names what the policy does
	// not have (an axis value, a rule or strategy id).
	Err error
}

// Passed reports whether the case passed.
func (r *Result) Passed() bool { return r.Err == nil && r.Diff == "" }

// Check triages one case and compares the decision with the case's want.
func Check(ctx context.Context, eng *triage.Engine, c *Case) Result {
	if err := checkWant(eng.Program(), c); err != nil {
		return Result{Case: c, Err: err}
	}
	d, err := eng.Triage(ctx, c.complaint())
	if err != nil {
		return Result{Case: c, Err: err}
	}
	return Result{Case: c, Decision: d, Diff: strings.Join(compare(c.Want, d), "\n")}
}

// checkWant reports wants that name what the policy does not have: a
// value outside its axis, an undeclared axis, an unknown rule or strategy.
func checkWant(prog *rules.Program, c *Case) error {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s:%d: case %q: want: %s", c.File, c.Line, c.Name, fmt.Sprintf(format, args...)))
	}
	for name, v := range c.Want.axes() {
		i := slices.IndexFunc(prog.Axes(), func(a rules.Axis) bool { return a.Name == name })
		switch {
		case i < 0:
			var names []string
			for _, a := range prog.Axes() {
				names = append(names, a.Name)
			}
			bad("%s is not an axis of the policy (axes: %s)", name, strings.Join(names, ", "))
		case !slices.Contains(prog.Axes()[i].Values, v):
			bad("%s %q is not one of its values (%s)", name, v, strings.Join(prog.Axes()[i].Values, ", "))
		}
	}
	for _, id := range append(slices.Clone(c.Want.Rules), c.Want.NotRules...) {
		if !slices.ContainsFunc(prog.Rules(), func(r *rules.Rule) bool { return r.ID == id }) {
			bad("no rule %q in the policy", id)
		}
	}
	if id := c.Want.Strategy; id != "" && !slices.ContainsFunc(prog.Strategies(), func(s *rules.Strategy) bool { return s.ID == id }) {
		bad("no strategy %q in the policy", id)
	}
	return errors.Join(errs...)
}

// axes returns every axis want, the seeds' three included.
func (w *Want) axes() map[string]string {
	out := map[string]string{}
	for k, v := range w.Axes {
		out[k] = v
	}
	for k, v := range map[string]string{"cause": w.Cause, "severity": w.Severity, "behaviour": w.Behaviour} {
		if v != "" {
			out[k] = v
		}
	}
	return out
}

// compare lists what d got wrong against want, in the case file's terms,
// in a fixed order.
func compare(want Want, d triage.Decision) []string {
	var out []string
	axes := want.axes()
	for _, a := range d.Axes { // declaration order
		if w, ok := axes[a.Name]; ok && w != a.Value {
			out = append(out, fmt.Sprintf("%s: want %s, got %s", a.Name, w, a.Value))
		}
	}
	if want.Strategy != "" && want.Strategy != d.Strategy.ID {
		out = append(out, fmt.Sprintf("strategy: want %s, got %s", want.Strategy, d.Strategy.ID))
	}
	if want.Review != nil && *want.Review != d.Review {
		out = append(out, fmt.Sprintf("review: want %v, got %v", *want.Review, d.Review))
	}
	fired := map[string]bool{}
	var firedIDs []string
	for _, e := range d.Evidence {
		fired[e.Rule] = true
		firedIDs = append(firedIDs, e.Rule)
	}
	for _, r := range want.Rules {
		if !fired[r] {
			out = append(out, fmt.Sprintf("rules: want %s to fire, it did not (fired: %s)", r, orNone(firedIDs)))
		}
	}
	for _, r := range want.NotRules {
		if fired[r] {
			out = append(out, fmt.Sprintf("not_rules: %s fired", r))
		}
	}
	if r := want.Reply; r != nil {
		got := ""
		if len(d.Strategy.Replies) > 0 {
			got = d.Strategy.Replies[0]
		}
		switch {
		case r.Contains != "" && !strings.Contains(got, r.Contains):
			out = append(out, fmt.Sprintf("reply: want it to contain %q, got %q", r.Contains, got))
		case r.Contains == "" && r.Exact != got:
			out = append(out, fmt.Sprintf("reply: want %q, got %q", r.Exact, got))
		}
	}
	for _, dl := range []struct {
		name, want string
		got        *time.Time
	}{{"respond_by", want.RespondBy, d.RespondBy}, {"resolve_by", want.ResolveBy, d.ResolveBy}} {
		if dl.want == "" {
			continue
		}
		w, _ := time.Parse(time.RFC3339, dl.want)
		switch {
		case dl.got == nil && d.DeadlineError != "":
			out = append(out, fmt.Sprintf("%s: want %s, got none (%s)", dl.name, dl.want, d.DeadlineError))
		case dl.got == nil:
			out = append(out, fmt.Sprintf("%s: want %s, got none (the complaint needs received_at)", dl.name, dl.want))
		case !dl.got.Equal(w):
			out = append(out, fmt.Sprintf("%s: want %s, got %s", dl.name, dl.want, dl.got.In(w.Location()).Format(time.RFC3339)))
		}
	}
	return out
}

func orNone(ids []string) string {
	if len(ids) == 0 {
		return "none"
	}
	return strings.Join(ids, ", ")
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

// Run runs every case Load finds at path as a subtest of t, named by the
// case, and reports each failing case with its file, line, complaint and
// what differs.
func Run(t *testing.T, eng *triage.Engine, path string, opts ...Option) *CaseReport {
	t.Helper()
	cases, err := Load(path)
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
				t.Errorf("%s:%d: complaint %q:\n%s", r.Case.File, r.Case.Line, r.Case.Complaint.Text, indentLines(r.Diff))
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
			case "respond_by", "resolve_by":
				if t := map[string]*time.Time{"respond_by": d.RespondBy, "resolve_by": d.ResolveBy}[w.Content[j].Value]; t != nil {
					v.Value = t.Format(time.RFC3339)
				}
			case "reply":
				if v.Kind == yaml.ScalarNode && len(d.Strategy.Replies) > 0 {
					v.Value = d.Strategy.Replies[0]
				}
			case "not_rules":
				// a must: never rewritten
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

func indentLines(s string) string { return "\t" + strings.ReplaceAll(s, "\n", "\n\t") }
