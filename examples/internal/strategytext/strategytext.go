// Package strategytext gives the text of a policy's strategies once, as
// triagectl strategies prints it and the HTTP service serves it at GET
// /v1/policy/strategies, for clients that take decisions with the strategy
// id only.
package strategytext

import (
	"github.com/tousu/tousu/rules"
	"github.com/tousu/tousu/triage"
)

// Text is one strategy as the policy wrote it, under the JSON names of a
// decision's strategy, except that the replies are the templates,
// placeholders unfilled; with the business calendar and regulator clocks
// it names and the years the calendars cover.
type Text struct {
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
	// Calendar is the business calendar of its business-time windows: a
	// deadline outside the years it covers is a deadline_error.
	Calendar *Calendar `json:"calendar,omitempty"`
	// Regulatory are the regulator clocks it tracks, each with its
	// calendar.
	Regulatory []Clock `json:"regulatory,omitempty"`
}

// Calendar names a calendar and the years it covers.
type Calendar struct {
	Name   string `json:"name"`
	Covers []int  `json:"covers"`
}

// Clock is a regulator clock.
type Clock struct {
	Name        string   `json:"name"`
	WorkingDays int      `json:"working_days"`
	Calendar    Calendar `json:"calendar"`
}

// Output is the policy, whose digest a decision's policy.digest matches,
// and its strategies in the order they are tried.
type Output struct {
	Policy     triage.PolicyRef `json:"policy"`
	Strategies []Text           `json:"strategies"`
}

// Of returns the text of every strategy of eng's policy.
func Of(eng *triage.Engine) Output {
	prog := eng.Program()
	out := Output{Policy: eng.Policy(), Strategies: make([]Text, 0, len(prog.Strategies()))}
	for _, s := range prog.Strategies() {
		t := Text{
			ID: s.ID, Title: s.Title, Steps: s.Steps, Techniques: s.Techniques, EscalateTo: s.EscalateTo,
			RespondWithin: s.RespondWithin.Text, ResolveWithin: s.ResolveWithin.Text,
			Contact:      triage.Contact{Hours: s.ContactHours, MaxCallsPerDay: s.MaxCallsPerDay},
			Compensation: s.Compensation,
		}
		for _, r := range s.Replies {
			t.ReplyTemplates = append(t.ReplyTemplates, r.Value)
		}
		if cal := prog.Calendar(s.Calendar.Value); cal != nil {
			t.Calendar = &Calendar{Name: cal.Name(), Covers: cal.Years()}
		}
		t.Regulatory = clocks(prog, s)
		out.Strategies = append(out.Strategies, t)
	}
	return out
}

func clocks(prog *rules.Program, s *rules.Strategy) []Clock {
	var out []Clock
	for _, name := range s.Regulatory {
		if k, ok := prog.Clock(name.Value); ok {
			cal := prog.Calendar(k.Calendar)
			out = append(out, Clock{Name: k.Name, WorkingDays: k.WorkingDays, Calendar: Calendar{Name: cal.Name(), Covers: cal.Years()}})
		}
	}
	return out
}
