package rules

import (
	"errors"
	"fmt"
)

// exampleDiagnostics runs every rule's inline examples (examples.match
// and examples.no_match), each triaged on its text alone, and turns those
// that do not behave as declared into TS018 errors at the rule. A rule a
// later file disables is skipped: that layer turned it off on purpose. A
// rule written enabled: false is checked, and lint says it is disabled.
func (s *Program) exampleDiagnostics() Errors {
	var out Errors
	for _, r := range s.rules {
		if !r.Enabled && !r.writtenOff {
			continue
		}
		add := func(en, zh string) {
			out = append(out, &Error{File: r.Pos.File, Line: r.Pos.Line, Col: r.Pos.Col, Code: errExampleMismatch,
				Kind: "rule", Rule: r.ID, Err: errors.New(en), zh: zh})
		}
		for _, ex := range r.Examples.Match {
			ok, err := s.matchesText(r, ex.Value)
			switch {
			case err != nil:
				add(fmt.Sprintf("example %q: %v", ex.Value, err), fmt.Sprintf("示例 %q 运行出错：%v", ex.Value, err))
			case !ok:
				add(fmt.Sprintf("example %q should fire the rule but does not", ex.Value), fmt.Sprintf("示例 %q 应触发该规则，但没有触发", ex.Value))
			}
		}
		for _, ex := range r.Examples.NoMatch {
			ok, err := s.matchesText(r, ex.Value)
			switch {
			case err != nil:
				add(fmt.Sprintf("no_match example %q: %v", ex.Value, err), fmt.Sprintf("反例 %q 运行出错：%v", ex.Value, err))
			case ok:
				add(fmt.Sprintf("no_match example %q fires the rule", ex.Value), fmt.Sprintf("反例 %q 触发了该规则", ex.Value))
			}
		}
	}
	return out
}
