package main

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestExplainAggregate pins explain's output on an axis that counts the
// heaviest rule per value (aggregate: max).
func TestExplainAggregate(t *testing.T) {
	out, stderr, status := runCmd(t, "", "explain", "-policy", "testdata/aggregate.yaml", "-text", "收到就坏了，有划痕，噪音大，怀疑是假货")
	if status != exitOK {
		t.Fatalf("status %d: %s", status, stderr)
	}
	want := `text: 收到就[坏了]，有[划痕]，[噪音]大，怀疑是[假货]
  cause = integrity (confidence 0.67)
    tier 0 (decides; per value: max): integrity 2, product 1
  severity = general (default: no rule voted)
  behaviour = passive (default: no rule voted)
  fired:
    broken → cause=product weight 1 "坏了"@3-5
    scratched → cause=product weight 1 "划痕"@7-9
    noisy → cause=product weight 1 "噪音"@10-12
    fake → cause=integrity weight 2 "假货"@17-19
  lost:
    broken (cause=product): outvoted
    scratched (cause=product): outvoted
    noisy (cause=product): outvoted
  strategy: default
`
	if diff := cmp.Diff(want, out); diff != "" {
		t.Errorf("explain output (-want +got):\n%s", diff)
	}
}
