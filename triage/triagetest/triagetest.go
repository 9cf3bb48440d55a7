// Package triagetest runs declarative complaint cases against an Engine, for
// the golden tests of services that embed tousu and of policy authors.
//
// A case file is a YAML list of cases:
//
//   - name: 假货_繁体
//     tags: [integrity]
//     complaint:
//     text: 買到的是假貨
//     customer: {name: 王女士, tier: 黄金}
//     want:
//     cause: integrity
//     severity: general
//     behaviour: passive
//     strategy: general-passive
//     rules: [cause-integrity-fake]
//
// Only the fields given under want are compared; rules lists rule ids that
// must be among the fired rules.
//
// The package registers no command-line flags, so it can be used next to a
// service's own flags; rewriting expectations is an Option.
package triagetest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"gopkg.in/yaml.v3"

	"github.com/tousu/tousu/triage"
)

// A Case is one declarative test complaint with its expected decision.
type Case struct {
	Name      string    `yaml:"name"`
	Tags      []string  `yaml:"tags,omitempty"`
	Complaint Complaint `yaml:"complaint"`
	Want      Want      `yaml:"want"`
	// File and Line say where the case is written.
	File string `yaml:"-"`
	Line int    `yaml:"-"`
}

// Complaint is the YAML form of triage.Complaint.
type Complaint struct {
	ID         string            `yaml:"id,omitempty"`
	Text       string            `yaml:"text"`
	Channel    string            `yaml:"channel,omitempty"`
	ReceivedAt time.Time         `yaml:"received_at,omitempty"`
	Customer   triage.Customer   `yaml:"customer,omitempty"`
	Order      triage.Order      `yaml:"order,omitempty"`
	Attributes map[string]string `yaml:"attributes,omitempty"`
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
}

// Complaint converts the case's complaint to a triage.Complaint.
func (c *Case) ToComplaint() triage.Complaint {
	x := c.Complaint
	id := x.ID
	if id == "" {
		id = c.Name
	}
	return triage.Complaint{
		ID: id, Text: x.Text, Channel: x.Channel, ReceivedAt: x.ReceivedAt,
		Customer: x.Customer, Order: x.Order, Attributes: x.Attributes,
	}
}

// LoadFile reads the cases of one file.
func LoadFile(path string) ([]Case, error) {
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

// LoadDir reads the cases of every *.yaml file in dir, in file name order.
func LoadDir(dir string) ([]Case, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var all []Case
	for _, f := range files {
		cs, err := LoadFile(f)
		if err != nil {
			return nil, err
		}
		all = append(all, cs...)
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
	d, err := eng.Triage(ctx, c.ToComplaint())
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
		got.Cause = string(d.Cause)
	}
	if want.Severity != "" {
		got.Severity = string(d.Severity)
	}
	if want.Behaviour != "" {
		got.Behaviour = string(d.Behaviour)
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

// An Option configures Run.
type Option func(*config)

type config struct {
	ctx context.Context
}

// WithContext sets the context cases are triaged with.
func WithContext(ctx context.Context) Option { return func(c *config) { c.ctx = ctx } }

// Run runs every case of the *.yaml files in dir as a subtest of t, named
// by the case, and reports each failing case with its file, line and a
// go-cmp diff (-want +got).
func Run(t *testing.T, eng *triage.Engine, dir string, opts ...Option) {
	t.Helper()
	cfg := config{ctx: context.Background()}
	for _, o := range opts {
		o(&cfg)
	}
	cases, err := LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Fatalf("no cases in %s/*.yaml", dir)
	}
	for i := range cases {
		c := &cases[i]
		t.Run(c.Name, func(t *testing.T) {
			r := Check(cfg.ctx, eng, c)
			if r.Err != nil {
				t.Fatalf("%s:%d: %v", c.File, c.Line, r.Err)
			}
			if r.Diff != "" {
				t.Errorf("%s:%d: decision mismatch (-want +got):\n%s", c.File, c.Line, r.Diff)
			}
		})
	}
}
