package rules

import "fmt"

// ExampleResult is how one rule's inline examples behaved.
type ExampleResult struct {
	Rule *Rule
	// TruePositives are match examples the rule fired on; FalseNegatives
	// match examples it did not fire on; TrueNegatives no_match examples it
	// did not fire on; FalsePositives no_match examples it fired on.
	TruePositives, FalseNegatives, TrueNegatives, FalsePositives []string
	// Errors are examples whose evaluation failed.
	Errors []error
}

// Passed reports whether every example behaved as declared.
func (r ExampleResult) Passed() bool {
	return len(r.FalseNegatives) == 0 && len(r.FalsePositives) == 0 && len(r.Errors) == 0
}

// CheckExamples runs every rule's inline examples (examples.match and
// examples.no_match) and reports, per rule with examples, which behaved as
// declared. An example is triaged on its text alone.
func (s *Set) CheckExamples() []ExampleResult {
	var out []ExampleResult
	for _, r := range s.rules {
		if len(r.Examples.Match)+len(r.Examples.NoMatch) == 0 {
			continue
		}
		res := ExampleResult{Rule: r}
		for _, ex := range r.Examples.Match {
			ok, err := s.MatchesText(r, ex)
			switch {
			case err != nil:
				res.Errors = append(res.Errors, fmt.Errorf("example %q: %w", ex, err))
			case ok:
				res.TruePositives = append(res.TruePositives, ex)
			default:
				res.FalseNegatives = append(res.FalseNegatives, ex)
			}
		}
		for _, ex := range r.Examples.NoMatch {
			ok, err := s.MatchesText(r, ex)
			switch {
			case err != nil:
				res.Errors = append(res.Errors, fmt.Errorf("no_match example %q: %w", ex, err))
			case ok:
				res.FalsePositives = append(res.FalsePositives, ex)
			default:
				res.TrueNegatives = append(res.TrueNegatives, ex)
			}
		}
		out = append(out, res)
	}
	return out
}

// exampleDiagnostics turns failing examples into TS018 errors at the rule.
func (s *Set) exampleDiagnostics() []Diagnostic {
	var out []Diagnostic
	for _, res := range s.CheckExamples() {
		r := res.Rule
		add := func(en, zh string) {
			out = append(out, Diagnostic{File: r.Pos.File, Line: r.Pos.Line, Col: r.Pos.Col, Code: ErrExampleMismatch,
				Severity: SeverityError, Kind: "rule", Rule: r.ID, Message: en, Zh: zh})
		}
		for _, ex := range res.FalseNegatives {
			add(fmt.Sprintf("example %q should fire the rule but does not", ex), fmt.Sprintf("示例 %q 应触发该规则，但没有触发", ex))
		}
		for _, ex := range res.FalsePositives {
			add(fmt.Sprintf("no_match example %q fires the rule", ex), fmt.Sprintf("反例 %q 触发了该规则", ex))
		}
		for _, err := range res.Errors {
			add(err.Error(), "示例运行出错："+err.Error())
		}
	}
	return out
}
