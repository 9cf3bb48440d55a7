package main

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestExplainLanguage2 pins explain's output for one case each of
// aggregate: max, cap: 2, a regular-expression term, number items and an
// occurrence that did not count because it was not asserted.
func TestExplainLanguage2(t *testing.T) {
	tests := []struct{ name, policy, text, want string }{
		{"aggregate", "testdata/aggregate.yaml", "收到就坏了，有划痕，噪音大，怀疑是假货", `text: 收到就[坏了]，有[划痕]，[噪音]大，怀疑是[假货]
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
`},
		{"cap", "testdata/aggregate-cap.yaml", "收到就坏了，有划痕，噪音大，怀疑是假货", `text: 收到就[坏了]，有[划痕]，[噪音]大，怀疑是[假货]
  cause = product (confidence 0.50)
    tier 0 (decides; per value: cap 2): integrity 2, product 2
  severity = general (default: no rule voted)
  behaviour = passive (default: no rule voted)
  fired:
    broken → cause=product weight 1 "坏了"@3-5
    scratched → cause=product weight 1 "划痕"@7-9
    noisy → cause=product weight 1 "噪音"@10-12
    fake → cause=integrity weight 2 "假货"@17-19
  lost:
    fake (cause=integrity): tie-break
  strategy: default
`},
		{"regex", "testdata/language2.yaml", "退款申請後三天還沒到賬", `text: [退款申請後三天還沒到賬]
  cause = service (confidence 1.00)
    tier 0 (decides): service 1
  severity = general (default: no rule voted)
  behaviour = passive (default: no rule voted)
  fired:
    refund-late → cause=service weight 1 "退款申請後三天還沒到賬"@0-11
  near misses:
    big-amount (severity=serious): its when was false
  strategy: default
`},
		{"numbers", "testdata/language2.yaml", "多收了我６００，多扣了88块", `text: [多收]了我[６００]，[多扣]了[88块]
  cause = price (confidence 1.00)
    tier 0 (decides): price 2
  severity = serious (confidence 1.00)
    tier 0 (decides): serious 1
  behaviour = passive (default: no rule voted)
  fired:
    overcharged → cause=price weight 2 "多收"@0-2 "６００"@4-7 "多扣"@8-10 "88块"@11-14
    big-amount → severity=serious weight 1 
  strategy: default
`},
		{"modality", "testdata/language2.yaml", "万一起火了谁负责", `text: 万一起火了谁负责
  cause = product (default: no rule voted)
  severity = general (default: no rule voted)
  behaviour = passive (default: no rule voted)
  fired:
  near misses:
    big-amount (severity=serious): its when was false
    fire (severity=serious): its terms occurred only as a supposition (万一), and it counts asserted occurrences only
  strategy: default
`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, stderr, status := runCmd(t, "", "explain", "-policy", tt.policy, "-text", tt.text)
			if status != exitOK {
				t.Fatalf("status %d: %s", status, stderr)
			}
			if diff := cmp.Diff(tt.want, out); diff != "" {
				t.Errorf("explain output (-want +got):\n%s", diff)
			}
		})
	}
}
