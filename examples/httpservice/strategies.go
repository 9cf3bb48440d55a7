package main

import (
	"fmt"
	"net/http"

	"github.com/tousu/tousu/rules"
	"github.com/tousu/tousu/triage"
)

// strategyMode says how much of a decision's strategy a response carries:
// the query parameter strategy=full (the default) or strategy=id.
type strategyMode bool

const (
	// strategyFull writes the strategy's text and its rendered replies.
	strategyFull strategyMode = false
	// strategyID writes only the strategy's id, the texts being given
	// once by GET /v1/policy/strategies.
	strategyID strategyMode = true
)

// parseStrategyMode reads the strategy query parameter of r; an unknown
// value is answered 400 and reported false.
func parseStrategyMode(w http.ResponseWriter, r *http.Request) (strategyMode, bool) {
	switch v := r.URL.Query().Get("strategy"); v {
	case "", "full":
		return strategyFull, true
	case "id":
		return strategyID, true
	default:
		writeJSON(w, http.StatusBadRequest, errorOutput{Error: fmt.Sprintf("strategy=%s: want full or id", v)})
		return strategyFull, false
	}
}

// apply cuts d's strategy down to its id when m is strategyID, without
// allocating. The deadlines are fields of the decision and stay.
func (m strategyMode) apply(d *triage.Decision) {
	if m == strategyID {
		d.Strategy = triage.Strategy{ID: d.Strategy.ID}
	}
}

// strategyText is one strategy as the policy wrote it, under the JSON
// names of a decision's strategy, except that the replies are the
// templates, placeholders unfilled. It is what triagectl strategies
// prints.
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
}

// strategiesOutput is the answer of GET /v1/policy/strategies: the policy
// serving, whose digest a decision's policy.digest matches, and its
// strategies in declaration order.
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
		out = append(out, t)
	}
	return out
}

// strategies answers GET /v1/policy/strategies from one engine, so that
// the digest and the texts belong to the same policy even during a
// reload.
func (s *Server) strategies(w http.ResponseWriter, r *http.Request) {
	e := s.reloader.Engine()
	writeJSON(w, http.StatusOK, strategiesOutput{Policy: e.Policy(), Strategies: strategyTexts(e.Program())})
}
