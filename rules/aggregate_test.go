package rules

import (
	"testing"
)

// TestAxisAccumulate: how each mode adds weights up.
func TestAxisAccumulate(t *testing.T) {
	tests := []struct {
		axis  Axis
		votes []float64
		want  float64
		label string
	}{
		{Axis{}, []float64{1, 1, 1}, 3, ""},
		{Axis{Aggregate: aggregateSum}, []float64{1, 2.5}, 3.5, ""},
		{Axis{Aggregate: aggregateMax}, []float64{1, 2.5, 2}, 2.5, "max"},
		{Axis{Cap: 2}, []float64{1, 1, 1}, 2, "cap 2"},
		{Axis{Cap: 2.5}, []float64{1, 1}, 2, "cap 2.5"},
	}
	for _, tt := range tests {
		got := 0.0
		for _, w := range tt.votes {
			got = tt.axis.Accumulate(got, w)
		}
		if got != tt.want || tt.axis.AggregateLabel() != tt.label {
			t.Errorf("%+v over %v = %g %q, want %g %q", tt.axis, tt.votes, got, tt.axis.AggregateLabel(), tt.want, tt.label)
		}
	}
}

// TestAggregateCompiles: a seed axis restated without values takes an
// aggregation; a declared axis keeps its own; the schema accepts both.
func TestAggregateCompiles(t *testing.T) {
	src := "version: 1\naxes:\n  cause: {aggregate: max}\n  severity: {cap: 2}\n  risk: {values: [low, high], cap: 3}\nrules:\n  - id: r\n    cause: product\n    match: {any: [坏了]}\nstrategies:\n  - id: all\n"
	p, err := parseCompile("p.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	ax := p.Axes()
	if ax[0].Aggregate != aggregateMax || ax[1].Cap != 2 || ax[2].AggregateLabel() != "" || ax[3].Cap != 3 {
		t.Errorf("axes %+v", ax)
	}
	if err := compileSchema(t).Validate(yamlToJSONValue(t, []byte(src))); err != nil {
		t.Errorf("schema: %v", err)
	}
}
