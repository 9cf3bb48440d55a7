package classify

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzFold checks that folding never panics, is idempotent, and that Fold
// and AppendFold agree.
func FuzzFold(f *testing.F) {
	for _, s := range []string{"產品質量", "ＩＰＨＯＮＥ１２３１５！", "假\u200b货", "\xff\xfe", "ǅ", "ﬃ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a := Fold(s)
		if b := string(AppendFold(nil, s)); a != b {
			t.Fatalf("Fold %q != AppendFold %q", a, b)
		}
		if Fold(a) != a {
			t.Fatalf("Fold not idempotent on %q: %q then %q", s, a, Fold(a))
		}
		if !utf8.ValidString(a) {
			t.Fatalf("Fold(%q) is not valid UTF-8", s)
		}
	})
}

var fuzzTerms = []string{"假货", "退款", "质量问题", "315", "sb", "垃{mask}", "不", "货", "款款"}

// FuzzScan checks that every match lies inside the text, on rune
// boundaries, that byte and rune spans agree, and that the matched text
// folds to its term. With Options.Spaces the matches are a superset of
// those without (a skipped mark stands between Chinese characters, where
// no match without it can start or end, and no term holds it there);
// with Options.SpaceBreaks and Options.Praise they are the same, negation
// and praise aside. Each match's Place spans it in visible characters, in
// a clause that begins in its sentence.
func FuzzScan(f *testing.F) {
	for _, s := range []string{"这不是假货", "退款款款", "垃*垃×", "12315 315", "假\u200b貨\ufe0f", "\xff假货\x00", "", "假 货,不 退.款", "不好 假货……退款😡", "退款很快。假货不是很好", "假货\n很好"} {
		f.Add(s)
	}
	m, err := NewMatcher(fuzzTerms)
	if err != nil {
		f.Fatal(err)
	}
	spaces, err := NewMatcherWith(fuzzTerms, Options{Spaces: true})
	if err != nil {
		f.Fatal(err)
	}
	breaks, err := NewMatcherWith(fuzzTerms, Options{SpaceBreaks: true})
	if err != nil {
		f.Fatal(err)
	}
	praise, err := NewMatcherWith(fuzzTerms, Options{Praise: true, SpaceBreaks: true})
	if err != nil {
		f.Fatal(err)
	}
	set := func(m *Matcher, s *Scratch, text string) map[[3]int]bool {
		out := map[[3]int]bool{}
		for _, x := range m.Scan(s, text) {
			out[[3]int{x.Term, x.Start, x.End}] = true
		}
		return out
	}
	f.Fuzz(func(t *testing.T, text string) {
		var s Scratch
		off := set(m, &s, text)
		withSpaces, withBreaks := set(spaces, &s, text), set(breaks, &s, text)
		for k := range off {
			if !withSpaces[k] {
				t.Fatalf("%q: Spaces loses %q at %d-%d", text, fuzzTerms[k[0]], k[1], k[2])
			}
		}
		if len(withBreaks) != len(off) {
			t.Fatalf("%q: SpaceBreaks changes the matches: %v, not %v", text, withBreaks, off)
		}
		for k := range off {
			if !withBreaks[k] {
				t.Fatalf("%q: SpaceBreaks loses %q at %d-%d", text, fuzzTerms[k[0]], k[1], k[2])
			}
		}
		if withPraise := set(praise, &s, text); len(withPraise) != len(off) {
			t.Fatalf("%q: Praise changes the matches: %v, not %v", text, withPraise, off)
		}
		for _, x := range praise.Scan(&s, text) {
			p := s.Place(x)
			if p.From < 0 || p.To <= p.From || p.Sentence > p.Clause || p.Clause > p.From {
				t.Fatalf("%q: match %+v has place %+v", text, x, p)
			}
		}
		boundary := map[int]bool{len(text): true}
		for i := 0; i < len(text); {
			boundary[i] = true
			_, size := utf8.DecodeRuneInString(text[i:])
			i += size
		}
		for _, x := range m.Scan(&s, text) {
			if x.Start < 0 || x.End > len(text) || x.Start >= x.End {
				t.Fatalf("span %d-%d outside %q", x.Start, x.End, text)
			}
			if !boundary[x.Start] || !boundary[x.End] {
				t.Fatalf("span %d-%d of %q not on rune boundaries", x.Start, x.End, text)
			}
			if n := utf8.RuneCountInString(text[:x.Start]); n != x.RuneStart {
				t.Fatalf("rune start %d, want %d", x.RuneStart, n)
			}
			if n := utf8.RuneCountInString(text[:x.End]); n != x.RuneEnd {
				t.Fatalf("rune end %d, want %d", x.RuneEnd, n)
			}
			term := fuzzTerms[x.Term]
			if !strings.Contains(term, Mask) && Fold(text[x.Start:x.End]) != Fold(term) {
				t.Fatalf("%q matched %q, which folds to %q", term, text[x.Start:x.End], Fold(text[x.Start:x.End]))
			}
		}
	})
}

// FuzzDecode checks that decoding never panics and always yields valid
// UTF-8 whose replacement characters are counted.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{"\xb3\x5c\xa6\x68", "\xc4\xe3\xba\xc3", "\xfe\xff\x4e\x2d", "plain", "\xff\xfe\xfd"} {
		for _, enc := range []string{"gbk", "big5", "utf-16", "utf-8"} {
			f.Add([]byte(s), enc)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte, enc string) {
		text, n, err := Decode(b, enc)
		if err != nil {
			return
		}
		if !utf8.ValidString(text) {
			t.Fatalf("Decode(%q, %q) = %q: invalid UTF-8", b, enc, text)
		}
		if c := strings.Count(text, "\ufffd"); c != n {
			t.Fatalf("Decode reported %d replacements, text has %d", n, c)
		}
	})
}
