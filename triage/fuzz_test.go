package triage_test

import (
	"context"
	"testing"

	"github.com/tousu/tousu/triage"
)

// FuzzTriage triages arbitrary text with the built-in policy: a decision
// always comes back, its values are in the taxonomy, and every evidence
// span lies inside the text and folds to its term.
func FuzzTriage(f *testing.F) {
	for _, s := range []string{"买到假货，我要打12315！！！", "這不是假貨", "垃*商家 SB", "\xff\x00\u200b", ""} {
		f.Add(s)
	}
	eng := mustDefault()
	valid := map[string]bool{}
	for _, v := range []string{"product", "service", "price", "integrity", "general", "serious", "passive", "negative-publicity", "venting", "extreme"} {
		valid[v] = true
	}
	f.Fuzz(func(t *testing.T, text string) {
		d, err := eng.Triage(context.Background(), triage.Complaint{ID: "f", Text: text})
		if err != nil {
			t.Fatal(err)
		}
		if !valid[string(d.Cause)] || !valid[string(d.Severity)] || !valid[string(d.Behaviour)] || d.Strategy.ID == "" {
			t.Fatalf("invalid decision %+v", d)
		}
		for _, c := range []float64{d.Confidence.Cause, d.Confidence.Severity, d.Confidence.Behaviour} {
			if c < 0 || c > 1 {
				t.Fatalf("confidence %v", c)
			}
		}
		checkSpans(t, text, d)
	})
}
