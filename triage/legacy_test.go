package triage_test

import (
	"context"
	"os"
	"testing"

	"github.com/tousu/tousu/triage"
)

// TestLegacyIDs: every rule, lexicon, macro and strategy id the built-in
// policy had before its rewrite still resolves, so that users' layers
// written against it keep loading. testdata/legacy-ids.yaml names each of
// them (extend, disable, a when per macro, a strategy placed before each).
func TestLegacyIDs(t *testing.T) {
	fsys := os.DirFS("testdata")
	prog, err := triage.Load(fsys, []string{"builtin", "legacy-ids.yaml"})
	if err != nil {
		t.Fatalf("a layer naming the old ids no longer loads:\n%v", err)
	}
	eng, err := triage.New(prog)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := eng.Triage(context.Background(), triage.Complaint{ID: "l", Text: "假货"}); err != nil {
		t.Fatal(err)
	}
}
