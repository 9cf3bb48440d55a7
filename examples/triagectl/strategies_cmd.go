package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/tousu/tousu/rules"
	"github.com/tousu/tousu/triage"
)

func init() {
	register(&command{
		name:  "strategies",
		usage: "[-policy FILE]...",
		run:   runStrategies,
	})
}

// strategyMode says how much of a decision's strategy is written.
type strategyMode string

const (
	// strategyFull writes the strategy's whole text and its replies
	// rendered for the complaint: today's output.
	strategyFull strategyMode = "full"
	// strategyID writes only the strategy's id; the texts are given once
	// by "triagectl strategies".
	strategyID strategyMode = "id"
)

// String implements flag.Value.
func (m *strategyMode) String() string { return string(*m) }

// Set implements flag.Value, refusing anything but full and id.
func (m *strategyMode) Set(v string) error {
	switch strategyMode(v) {
	case strategyFull, strategyID:
		*m = strategyMode(v)
		return nil
	}
	return fmt.Errorf("want full or id, not %q", v)
}

// apply cuts d's strategy down to its id when m is strategyID. It
// allocates nothing: the deadlines (RespondBy, ResolveBy, Escalations,
// Regulatory) are fields of the decision and stay.
func (m strategyMode) apply(d *triage.Decision) {
	if m == strategyID {
		d.Strategy = triage.Strategy{ID: d.Strategy.ID}
	}
}

// strategyText is one strategy as the policy wrote it: the text that
// "-strategy id" leaves out of each decision, under the same JSON names
// as a decision's strategy, except that the replies are the templates,
// placeholders unfilled.
type strategyText struct {
	ID             string         `json:"id"`
	Title          string         `json:"title,omitempty"`
	Steps          []string       `json:"steps,omitempty"`
	Techniques     []string       `json:"techniques,omitempty"`
	EscalateTo     string         `json:"escalate_to,omitempty"`
	RespondWithin  string         `json:"respond_within,omitempty"`
	ResolveWithin  string         `json:"resolve_within,omitempty"`
	Contact        triage.Contact `json:"contact,omitzero"`
	Compensation   string         `json:"compensation,omitempty"`
	ReplyTemplates []string       `json:"reply_templates,omitempty"`
	// Calendar is the business calendar of its business-time windows,
	// with the years it covers: a deadline outside them is a
	// deadline_error.
	Calendar *calendarInfo `json:"calendar,omitempty"`
	// Regulatory are the regulator clocks it tracks, each with its
	// calendar.
	Regulatory []clockInfo `json:"regulatory,omitempty"`
}

type clockInfo struct {
	Name        string       `json:"name"`
	WorkingDays int          `json:"working_days"`
	Calendar    calendarInfo `json:"calendar"`
}

type calendarInfo struct {
	Name   string `json:"name"`
	Covers []int  `json:"covers"`
}

// strategiesOutput is what "triagectl strategies" prints: the policy, to
// be matched with a decision's policy digest, and its strategies in
// declaration order.
type strategiesOutput struct {
	Policy     triage.PolicyRef `json:"policy"`
	Strategies []strategyText   `json:"strategies"`
}

// strategyTexts returns the text of every strategy of prog, in order.
func strategyTexts(prog *rules.Program) []strategyText {
	out := make([]strategyText, 0, len(prog.Strategies()))
	for _, s := range prog.Strategies() {
		t := strategyText{
			ID: s.ID, Title: s.Title, Steps: s.Steps, Techniques: s.Techniques, EscalateTo: s.EscalateTo,
			RespondWithin: s.RespondWithin.Text, ResolveWithin: s.ResolveWithin.Text,
			Contact:      triage.Contact{Hours: s.ContactHours, MaxCallsPerDay: s.MaxCallsPerDay},
			Compensation: s.Compensation,
		}
		for _, r := range s.Replies {
			t.ReplyTemplates = append(t.ReplyTemplates, r.Value)
		}
		if cal := prog.Calendar(s.Calendar.Value); cal != nil {
			t.Calendar = &calendarInfo{Name: cal.Name(), Covers: cal.Years()}
		}
		for _, name := range s.Regulatory {
			if k, ok := prog.Clock(name.Value); ok {
				cal := prog.Calendar(k.Calendar)
				t.Regulatory = append(t.Regulatory, clockInfo{Name: k.Name, WorkingDays: k.WorkingDays, Calendar: calendarInfo{Name: cal.Name(), Covers: cal.Years()}})
			}
		}
		out = append(out, t)
	}
	return out
}

func runStrategies(fs *flag.FlagSet, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	policies := policyFlags(fs)
	if ok, st := parseFlags(fs, args); !ok {
		return st
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return exitUsage
	}
	eng, err := loadEngine(*policies)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitProblems
	}
	if !writeJSON(stdout, stderr, strategiesOutput{Policy: eng.Policy(), Strategies: strategyTexts(eng.Program())}) {
		return exitProblems
	}
	return exitOK
}
