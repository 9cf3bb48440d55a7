package rules

import (
	"strings"
	"testing"
)

// TestRedundantItems checks TS110 on lexicons and lists, word boundaries
// respected.
func TestRedundantItems(t *testing.T) {
	tests := []struct {
		name, lexicons, match string
		want                  []string
	}{
		{"within a lexicon", "a: [不值, 不值钱]", "{any: [$a]}",
			[]string{`lexicon "a": term "不值钱" is redundant: "不值" in the same lexicon matches wherever it does [TS110]`}},
		{"a term negated inside a longer one", "a: [塞牙缝, 不够塞牙缝]", "{any: [$a]}", nil},
		{"a negated cover counts under count_negated", "a: [退款]", "{any: [$a, 不退款]}\n    count_negated: true",
			[]string{`rule "r": term "不退款" is redundant: $a in the same any list matches wherever it does (by its term "退款") [TS110]`}},
		{"word boundary in a lexicon", "a: [ip, iphone, sb, usb]", "{any: [$a]}", nil},
		{"ASCII term inside Chinese", "a: [\"315\", 315晚会]", "{any: [$a]}",
			[]string{`lexicon "a": term "315晚会" is redundant: "315" in the same lexicon matches wherever it does [TS110]`}},
		{"term a lexicon holds", "a: [贵, 价格高]", "{any: [$a, 贵]}",
			[]string{`rule "r": term "贵" is redundant: $a in the same any list already holds it [TS110]`}},
		{"term a lexicon's term covers", "a: [贵, 价格高]", "{any: [$a, 太贵了]}",
			[]string{`rule "r": term "太贵了" is redundant: $a in the same any list matches wherever it does (by its term "贵") [TS110]`}},
		{"lexicon a term covers", "a: [太贵, 贵死了]", "{any: [$a, 贵]}",
			[]string{`rule "r": $a is redundant: 贵 in the same any list matches wherever any of its terms does [TS110]`}},
		{"none list", "a: [好评, 满意]", "{any: [差], none: [$a, 满意]}",
			[]string{`rule "r": term "满意" is redundant: $a in the same none list already holds it [TS110]`}},
		{"word boundary across items", "a: [sb]", "{any: [$a, usb]}", nil},
		{"all list is not redundancy", "a: [贵, 价格高]", "{all: [$a, 贵]}", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "version: 1\nlexicons:\n  " + tt.lexicons + "\nrules:\n  - id: r\n    cause: price\n    match: " + tt.match + "\nstrategies:\n  - id: all\n"
			var got []string
			for _, d := range lintSrc("p.yaml", []byte(src)) {
				_, msg, _ := strings.Cut(d.Format("en"), ": ")
				got = append(got, msg)
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}
