package rules

import (
	"slices"
	"testing"
)

// TestEvasionFolding: fold: and clauses: switch the matcher's options, in
// both directions: caught when on, unchanged when off.
func TestEvasionFolding(t *testing.T) {
	policy := func(extra string) string {
		return "version: 1\n" + extra + "rules:\n  - id: insult\n    behaviour: venting\n    match: {any: [垃圾, sb]}\n  - id: tasty\n    cause: product\n    match: {any: [好吃]}\nstrategies:\n  - id: all\n"
	}
	tests := []struct {
		name, extra, text string
		off, on           []string
	}{
		{"space between characters", "fold: {spaces: true}\n", "什么垃 圾东西", nil, []string{"insult"}},
		{"ideographic space, traditional", "fold: {spaces: true}\n", "什麼垃　圾東西", nil, []string{"insult"}},
		{"dot between characters", "fold: {spaces: true}\n", "真是垃.圾", nil, []string{"insult"}},
		{"Cyrillic look-alikes", "fold: {confusables: true}\n", "你是ѕb吗", nil, []string{"insult"}},
		{"pinyin of a listed term", "fold: {pinyin: true}\n", "什么laji东西", nil, []string{"insult"}},
		{"pinyin, full-width and spaced", "fold: {pinyin: true}\n", "真是ＬＡ ＪＩ", nil, []string{"insult"}},
		{"a space ends the negation", "clauses: {space_breaks: true}\n", "不好 好吃", nil, []string{"tasty"}},
		{"plain text is unchanged", "fold: {spaces: true, confusables: true, pinyin: true}\nclauses: {space_breaks: true}\n", "垃圾东西", []string{"insult"}, []string{"insult"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			off := mustCompile(t, "off.yaml", policy(""))
			on := mustCompile(t, "on.yaml", policy(tt.extra))
			if got := fired(t, off, tt.text); !slices.Equal(got, tt.off) {
				t.Errorf("off: fired %v, want %v", got, tt.off)
			}
			if got := fired(t, on, tt.text); !slices.Equal(got, tt.on) {
				t.Errorf("on: fired %v, want %v", got, tt.on)
			}
		})
	}
	// A later file's setting wins.
	p, err := layered(nil, "a.yaml", policy("fold: {spaces: true}\n"), "b.yaml", "version: 1\nfold: {spaces: false}\n")
	if err != nil {
		t.Fatal(err)
	}
	if got := fired(t, p, "什么垃 圾东西"); got != nil {
		t.Errorf("layered off: fired %v", got)
	}
}
