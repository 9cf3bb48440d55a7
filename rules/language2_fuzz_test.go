package rules

import (
	"testing"
	"unicode/utf8"
)

// FuzzLanguage2 evaluates a policy of regular expressions, number items
// and asserted_only rules on arbitrary text: it must not panic, and every
// hit must be the text it claims, at consistent byte and rune offsets.
func FuzzLanguage2(f *testing.F) {
	p, err := parseCompile("p.yaml", []byte(`version: 1
axes:
  cause: {aggregate: max}
rules:
  - id: refund
    cause: service
    match: {any: ["/退款.{0,8}没到账/", "/iphone\\s*1[0-9]/"]}
  - id: money
    cause: price
    match: {any: ["@money", "@quantity"]}
    when: max_amount >= 0
  - id: wait
    cause: service
    asserted_only: true
    match: {any: ["@duration", 起火]}
strategies:
  - id: all
`))
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{"退款三天了还没到账", "万一起火", "收了600，等了3个多钟头", "ＩＰＨＯＮＥ１５", "退款\xff没到账", "“退款没到账”吗？", ""} {
		f.Add(s)
	}
	var out Evaluation
	f.Fuzz(func(t *testing.T, text string) {
		if err := p.Evaluate(testEnv(text), &out); err != nil {
			t.Fatal(err)
		}
		for _, fi := range out.Fired {
			for _, h := range fi.Hits {
				if h.Start < 0 || h.End > len(text) || h.Start >= h.End || text[h.Start:h.End] != h.Text {
					t.Fatalf("%q: hit %+v", text, h)
				}
				if utf8.RuneCountInString(text[:h.Start]) != h.RuneStart || utf8.RuneCountInString(text[:h.End]) != h.RuneEnd {
					t.Fatalf("%q: hit %+v: rune offsets", text, h)
				}
			}
		}
	})
}
