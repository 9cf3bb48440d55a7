package rules

import (
	"strings"
	"testing"
)

// TestOutranked checks TS112 and the cases it must leave alone.
func TestOutranked(t *testing.T) {
	hidden := `rule "low": can never decide cause: rule "high" (priority 1) fires whenever this one does (priority 0), and the higher priority decides`
	tests := []struct {
		name, high, low string
		want            string
	}{
		{"same terms", `match: {any: [假货]}`, `match: {any: [假货]}`, hidden},
		{"broader terms", `match: {any: [假货, 高仿]}`, `match: {any: [假货]}`, hidden},
		{"no terms, when true", `when: 'true'`, `match: {any: [假货]}`, hidden},
		{"low requires the term", `match: {any: [假货]}`, `match: {all: [假货, 退款]}`, hidden},
		{"narrower terms", `match: {any: [假货]}`, `match: {any: [假货, 高仿]}`, ""},
		{"high has a when", `{match: {any: [假货]}, when: length > 3}`, `match: {any: [假货]}`, ""},
		{"high forbids more", `match: {any: [假货], none: [正品]}`, `match: {any: [假货]}`, ""},
		{"high forbids no more", `match: {any: [假货], none: [正品]}`, `match: {any: [假货], none: [正品]}`, hidden},
		{"negation counted differently", `{match: {any: [假货]}, count_negated: true}`, `match: {any: [假货]}`, ""},
		{"longer term is not enough", `match: {any: [假]}`, `match: {any: [假货]}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inline := func(s string) string {
				if strings.HasPrefix(s, "{") {
					return strings.TrimSuffix(strings.TrimPrefix(s, "{"), "}")
				}
				return s
			}
			src := "version: 1\nrules:\n  - {id: high, cause: integrity, priority: 1, " + inline(tt.high) + "}\n  - {id: low, cause: product, " + inline(tt.low) + "}\nstrategies:\n  - id: all\n"
			var got []string
			for _, d := range lintSrc("p.yaml", []byte(src)) {
				if d.Code == warnOutranked || !d.Warning {
					_, msg, _ := strings.Cut(d.Error(), ": ")
					got = append(got, msg)
				}
			}
			if strings.Join(got, "\n") != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), tt.want)
			}
		})
	}
}
