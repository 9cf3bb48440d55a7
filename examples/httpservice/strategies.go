package main

import (
	"fmt"
	"net/http"

	"github.com/tousu/tousu/examples/internal/strategytext"
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

// strategies answers GET /v1/policy/strategies from one engine, so that
// the digest and the texts belong to the same policy even during a
// reload.
func (s *Server) strategies(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, strategytext.Of(s.reloader.Engine()))
}
