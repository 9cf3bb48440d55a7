package classify

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// foldClasses walks the whole fold table, astral planes included, and
// returns every rune that folds to another rune (to -1 included).
func foldClasses() (folds map[rune]rune) {
	folds = map[rune]rune{}
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if 0xD800 <= r && r <= 0xDFFF {
			continue
		}
		if f := FoldRune(r); f != r {
			folds[r] = f
		}
	}
	return folds
}

// TestScanSeesFold checks, for every rune the fold table maps, astral runes
// included, that matching sees exactly its fold: a term written as the
// folded form matches the rune, a term written as the rune matches its
// folded form, and an invisible rune inside a term's text does not break
// it. Each rune stands between two 中, which no fold involves and which is
// no ASCII letter or digit, so word boundaries hold.
func TestScanSeesFold(t *testing.T) {
	folds := foldClasses()
	if len(folds) != foldCount {
		t.Fatalf("walked %d folding runes, the table says %d", len(folds), foldCount)
	}
	srcs := make([]rune, 0, len(folds))
	for r := range folds {
		srcs = append(srcs, r)
	}
	slices.Sort(srcs)

	// One matcher whose terms are the folded forms, one whose terms are the
	// runes themselves.
	var targetTerms, runeTerms []string
	targetIdx := map[rune]int{}
	runeIdx := map[rune]int{}
	astral := 0
	for _, r := range srcs {
		f := folds[r]
		if r >= 0x10000 {
			astral++
		}
		if f < 0 {
			continue
		}
		if _, ok := targetIdx[f]; !ok && f != '{' { // "{" alone is bad term syntax
			targetIdx[f] = len(targetTerms)
			targetTerms = append(targetTerms, string(f))
		}
		runeIdx[r] = len(runeTerms)
		runeTerms = append(runeTerms, string(r))
	}
	if astral < 1000 {
		t.Fatalf("only %d astral runes fold: the walk missed the astral planes", astral)
	}
	byTarget, err := NewMatcher(targetTerms)
	if err != nil {
		t.Fatal(err)
	}
	byRune, err := NewMatcher(runeTerms)
	if err != nil {
		t.Fatal(err)
	}
	invisible, err := NewMatcher([]string{"假货"})
	if err != nil {
		t.Fatal(err)
	}
	const edge = "中"
	var s Scratch
	found := func(m *Matcher, text string, term, start, end int) bool {
		for _, x := range m.Scan(&s, text) {
			if x.Term == term && x.Start == start && x.End == end {
				return true
			}
		}
		return false
	}
	failures := 0
	fail := func(format string, args ...any) {
		t.Helper()
		if failures++; failures <= 20 {
			t.Errorf(format, args...)
		}
	}
	checked := 0
	for _, r := range srcs {
		f := folds[r]
		if f < 0 {
			text := "假" + string(r) + "货"
			if !found(invisible, text, 0, 0, len(text)) {
				fail("invisible %U splits 假货", r)
			}
			checked++
			continue
		}
		text := edge + string(r) + edge
		if ti, ok := targetIdx[f]; ok && !found(byTarget, text, ti, len(edge), len(edge)+utf8.RuneLen(r)) {
			fail("term %q (%U) does not match %U %q, which folds to it", string(f), f, r, string(r))
		}
		text = edge + string(f) + edge
		if !found(byRune, text, runeIdx[r], len(edge), len(edge)+utf8.RuneLen(f)) {
			fail("term %q (%U) does not match its fold %q (%U)", string(r), r, string(f), f)
		}
		checked++
	}
	if failures > 20 {
		t.Errorf("… and %d more", failures-20)
	}
	t.Logf("checked %d runes, %d of them astral", checked, astral)
}

// astralTerms are FuzzScanAstral's terms: ASCII words that mathematical
// alphanumerics, enclosed letters and full-width forms spell, Chinese
// terms, a term whose fold is astral (a CJK Extension B ideograph that a
// compatibility-supplement ideograph folds to), an astral case pair
// (Deseret) and a mask.
var astralTerms = []string{"sb", "315", "ab", "假货", "退款", "切", "𠄢", "𐐨𐐩", "a切", "垃{mask}", "不"}

// astralAlphabet is what FuzzScanAstral builds its texts from: every rune
// that folds to a rune of a term (astral ones first and all of them, BMP
// ones a few each), the terms' runes themselves, invisible runes of both
// planes, word runes that are in no term, and astral runes that fold to
// nothing in any term.
func astralAlphabet() []rune {
	want := map[rune]bool{}
	for _, term := range astralTerms {
		for _, r := range Fold(strings.ReplaceAll(term, Mask, "")) {
			want[r] = true
		}
	}
	for _, r := range maskRunes {
		want[FoldRune(r)] = true
	}
	var astral, bmp []rune
	perTarget := map[rune]int{}
	for r, f := range foldClasses() {
		switch {
		case f < 0 && (r >= 0x10000 || r == 0x200B || r == 0xFE0F):
			astral = append(astral, r)
		case !want[f]:
		case r >= 0x10000:
			astral = append(astral, r)
		case perTarget[f] < 3:
			perTarget[f]++
			bmp = append(bmp, r)
		}
	}
	for r := range want {
		bmp = append(bmp, r)
	}
	slices.Sort(astral)
	slices.Sort(bmp)
	// A sample of the astral invisible runes (tags, variation
	// selectors) is enough; keep the runes that fold to a term's rune.
	var out []rune
	for i, r := range astral {
		if FoldRune(r) >= 0 || i%64 == 0 {
			out = append(out, r)
		}
	}
	out = append(out, bmp...)
	out = append(out, 'u', 'z', '2', '9', ' ', '，', '你', '是', '丽', 0xE0020, '😀', 0x1F150, 0x20000, 0x2F803, 0x10400, 0x10428, 0x10401)
	// Look-alikes and accents for Options.Confusables: appended, so that
	// the seeds written before keep their runes.
	out = append(out, 'ѕ', 'Ѕ', 'а', 'Β', 'β', 'Α', 'с', 'х', 'é', 'É', 0x301, 0x308, 0x1D6A8, 0x1D6C3)
	return out
}

// astralText maps fuzz bytes to a text, two bytes a rune, over alphabet.
func astralText(alphabet []rune, data []byte) string {
	var b strings.Builder
	for i := 0; i+1 < len(data); i += 2 {
		b.WriteRune(alphabet[(int(data[i])<<8|int(data[i+1]))%len(alphabet)])
	}
	return b.String()
}

// refScan finds every occurrence of every term by brute force over the
// text's runes folded by fold, nothing of the matcher: a mask stands for
// the fold of any mask rune, and a term beginning (ending) with an ASCII
// letter or digit needs no such rune before (after) it.
func refScan(terms []string, text string, fold func(rune) rune) map[[3]int]bool {
	foldString := func(s string) []rune {
		var out []rune
		for _, r := range s {
			if f := fold(r); f >= 0 {
				out = append(out, f)
			}
		}
		return out
	}
	type vr struct {
		r          rune
		start, end int
	}
	var vis []vr
	for i, r := range text {
		if f := fold(r); f >= 0 {
			vis = append(vis, vr{f, i, i + utf8.RuneLen(r)})
		}
	}
	masks := map[rune]bool{}
	for _, r := range maskRunes {
		masks[fold(r)] = true
	}
	const mask = -2
	got := map[[3]int]bool{}
	for ti, term := range terms {
		var pat []rune
		for k, part := range strings.Split(term, Mask) {
			if k > 0 {
				pat = append(pat, mask)
			}
			pat = append(pat, foldString(part)...)
		}
	next:
		for i := 0; i+len(pat) <= len(vis); i++ {
			for k, p := range pat {
				if p == mask && !masks[vis[i+k].r] || p != mask && vis[i+k].r != p {
					continue next
				}
			}
			first, last := vis[i].r, vis[i+len(pat)-1].r
			if isWordRune(first) && i > 0 && isWordRune(vis[i-1].r) ||
				isWordRune(last) && i+len(pat) < len(vis) && isWordRune(vis[i+len(pat)].r) {
				continue
			}
			got[[3]int{ti, vis[i].start, vis[i+len(pat)-1].end}] = true
		}
	}
	return got
}

// FuzzScanAstral checks that the scan agrees with Fold on astral-heavy
// text: every match's span folds to its term, every term that Fold(text)
// holds (at word boundaries where the term needs them) is found, and the
// matches are exactly the brute-force reference's. It checks a matcher
// with Options.Confusables against the reference with that fold too.
func FuzzScanAstral(f *testing.F) {
	alphabet := astralAlphabet()
	index := map[rune]int{}
	for i, r := range alphabet {
		index[r] = i
	}
	encode := func(s string) []byte {
		var b []byte
		for _, r := range s {
			i, ok := index[r]
			if !ok {
				f.Fatalf("seed rune %U is not in the alphabet", r)
			}
			b = append(b, byte(i>>8), byte(i))
		}
		return b
	}
	for _, s := range []string{"你是𝐬𝐛", "🄰𝐛", "𝟑𝟏𝟓", "u𝐬𝐛", "假\U000E0020货", "丽切a切", "𐐀𐐁", "垃𝐱", "不是假货"} {
		f.Add(encode(s))
	}
	m, err := NewMatcher(astralTerms)
	if err != nil {
		f.Fatal(err)
	}
	conf, err := NewMatcherWith(astralTerms, Options{Confusables: true})
	if err != nil {
		f.Fatal(err)
	}
	confFold := func(r rune) rune {
		if f := FoldRune(r); f >= 0 {
			return confusable(f)
		}
		return -1
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		text := astralText(alphabet, data)
		var s Scratch
		got := map[[3]int]bool{}
		for _, x := range m.Scan(&s, text) {
			term := astralTerms[x.Term]
			if !strings.Contains(term, Mask) && Fold(text[x.Start:x.End]) != Fold(term) {
				t.Fatalf("%q matched %q, which folds to %q", term, text[x.Start:x.End], Fold(text[x.Start:x.End]))
			}
			got[[3]int{x.Term, x.Start, x.End}] = true
		}
		folded := Fold(text)
		for ti, term := range astralTerms {
			ft := Fold(term)
			if strings.Contains(term, Mask) || isWordRune(rune(ft[0])) || isWordRune(rune(ft[len(ft)-1])) {
				continue // masks and word boundaries: left to the reference
			}
			if strings.Contains(folded, ft) && !slices.ContainsFunc(m.Scan(&s, text), func(x Match) bool { return x.Term == ti }) {
				t.Fatalf("Fold(%q) = %q holds %q, which the scan does not find", text, folded, term)
			}
		}
		sameAsRef(t, "", text, got, refScan(astralTerms, text, FoldRune))
		got = map[[3]int]bool{}
		for _, x := range conf.Scan(&s, text) {
			got[[3]int{x.Term, x.Start, x.End}] = true
		}
		sameAsRef(t, "with Confusables", text, got, refScan(astralTerms, text, confFold))
	})
}

// sameAsRef fails t when the scan's matches and the reference's differ.
func sameAsRef(t *testing.T, opt, text string, got, want map[[3]int]bool) {
	t.Helper()
	for k := range want {
		if !got[k] {
			t.Fatalf("text %q %s: the scan misses %q at %d-%d", text, opt, astralTerms[k[0]], k[1], k[2])
		}
	}
	for k := range got {
		if !want[k] {
			t.Fatalf("text %q %s: the scan finds %q at %d-%d, which the reference does not", text, opt, astralTerms[k[0]], k[1], k[2])
		}
	}
}
