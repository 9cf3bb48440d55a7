package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/tousu/tousu/examples/internal/strategytext"
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
	if !writeJSON(stdout, stderr, strategytext.Of(eng)) {
		return exitProblems
	}
	return exitOK
}
