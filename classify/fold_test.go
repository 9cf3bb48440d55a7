package classify

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestFold(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"traditional", "產品質量", "产品质量"},
		{"simplified stays", "产品质量", "产品质量"},
		{"full-width", "ＩＰＨＯＮＥ１２３１５！", "iphone12315!"},
		{"full-width punctuation and space", "退款？\u3000（急）", "退款? (急)"},
		{"upper-case ASCII", "iPhone 15 PRO MAX", "iphone 15 pro max"},
		{"mixed", "Ｗｅｉｂｏ曝光", "weibo曝光"},
		{"zero-width space", "假\u200b货", "假货"},
		{"zero-width joiners, soft hyphen, variation selector", "假\u00ad\u200c\u200d\ufe0f貨", "假货"},
		{"BOM, word joiner, bidi marks", "\ufeff退\u2060貨\u200e\u202e", "退货"},
		{"Mongolian vowel separator and tag", "差\u180e評\U000e0041", "差评"},
		{"refund", "退貨", "退货"},
		{"sentence", "退款還沒到賬，客服態度極差", "退款还没到账,客服态度极差"},
		// TWVariantsRev and HKVariantsRev take the regional form to
		// OpenCC's standard Traditional, then TSCharacters to Simplified.
		{"TW 裡→裏→里", "裡面", "里面"},
		{"TW 為→爲→为", "為什麼", "为什么"},
		{"TW 麵→麪→面", "泡麵", "泡面"},
		{"TW 著→着", "等著退款", "等着退款"},
		{"HK 衹→只 (TSCharacters alone keeps 衹)", "衹係", "只系"},
		{"HK 啟→啓→启", "啟動", "启动"},
		{"HK 綫 and 線", "綫線", "线线"},
		{"HK 煙→菸→烟", "煙", "烟"},
		// Simplified forms that are also sources in the variant tables
		// stay: 么 (TWVariantsRev has 么→幺), 台 (HKVariantsRev 台→臺).
		{"simplified 么 stays", "什么", "什么"},
		{"simplified 台 and 吃 stay", "台吃", "台吃"},
		{"着 stays", "着急", "着急"},
		// By character, not by phrase: 著 is Simplified too (著名), but
		// the Taiwan table folds it to 着 on both sides of a comparison.
		{"simplified 著 folds like TW 著", "著名", "着名"},
		{"乾 folds to its first candidate", "乾淨", "干净"},
		{"瞭 is its own first candidate", "瞭解", "瞭解"},
		// The variant tables come first even where the source has its own
		// TSCharacters entry, as in OpenCC's tw2s: TWVariantsRev 顎→齶 and
		// 鯰→鮎 win over TSCharacters 顎→颚 and 鯰→鲶.
		{"TW 顎→齶→腭", "顎齶颚", "腭腭颚"},
		{"TW 鯰→鮎→鲇", "鯰", "鲇"},
		{"chain 薴→苧→苎", "薴", "苎"},
		{"compatibility ideographs, then Traditional→Simplified", "\uf900\uf9fb", "岂炙"},
		{"Kangxi radical", "⾦", "金"},
		{"circled digit", "①号", "1号"},
		{"half-width katakana", "ｶﾀｶﾅ", "カタカナ"},
		{"Greek and Cyrillic case", "ΣΟΦΊΑ Москва", "σοφία москва"},
		{"Cherokee folds to upper case", "\uab70\u13a0", "\u13a0\u13a0"},
		{"multi-rune NFKC and case folds are left out", "㎏½ßİ", "㎏½ßİ"},
		{"controls and spaces stay", "a\tb\nc\x00 d", "a\tb\nc\x00 d"},
		{"no-break space", "a\u00a0b", "a b"},
		{"invalid UTF-8", "\xff垃\xe5\x9c", "\ufffd垃\ufffd\ufffd"},
		{"encoded surrogate", "\xed\xa0\x80", "\ufffd\ufffd\ufffd"},
		{"overlong", "\xe0\x80\xaf", "\ufffd\ufffd\ufffd"},
		{"BMP rune folding to an astral one", "㑮", "\U0002b748"},
		{"astral: mathematical bold", "\U0001d400\U0001d41a", "aa"},
		{"astral: emoji stays", "😡", "😡"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Fold(tt.in); got != tt.want {
				t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if got := string(AppendFold([]byte("»"), tt.in)); got != "»"+tt.want {
				t.Errorf("AppendFold(»,%q) = %q, want %q", tt.in, got, "»"+tt.want)
			}
			if got := referenceFold(tt.in); got != tt.want {
				t.Errorf("FoldRune over %q = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// referenceFold is Fold spelled out with FoldRune and range's decoding.
func referenceFold(s string) string {
	var b strings.Builder
	for _, r := range s {
		if f := FoldRune(r); f >= 0 {
			b.WriteRune(f)
		}
	}
	return b.String()
}

func TestFoldRune(t *testing.T) {
	tests := []struct{ in, want rune }{
		{'A', 'a'}, {'z', 'z'}, {'Ａ', 'a'}, {'１', '1'}, {'！', '!'}, {'　', ' '},
		{'車', '车'}, {'车', '车'}, {'裡', '里'}, {'么', '么'}, {'麼', '么'},
		{0x200B, -1}, {0x200C, -1}, {0x200D, -1}, {0x2060, -1}, {0x2064, -1},
		{0xFEFF, -1}, {0x00AD, -1}, {0xFE00, -1}, {0xFE0F, -1}, {0x180E, -1},
		{0xE0100, -1}, {0xE01EF, -1}, {0xE0001, -1}, {0x3164, -1}, {0xFFA0, -1},
		{' ', ' '}, {'\t', '\t'}, {0, 0}, {0x7F, 0x7F}, {0x85, 0x85},
		{0x0600, 0x0600}, {0xFFF9, 0xFFF9}, {0x1F600, 0x1F600}, {0x20000, 0x20000},
		{utf8.RuneError, utf8.RuneError}, {0xFFFF, 0xFFFF}, {unicode.MaxRune, unicode.MaxRune},
		// Not runes: they fold to themselves.
		{0xD800, 0xD800}, {0xDFFF, 0xDFFF}, {unicode.MaxRune + 1, unicode.MaxRune + 1}, {-2, -2},
	}
	for _, tt := range tests {
		if got := FoldRune(tt.in); got != tt.want {
			t.Errorf("FoldRune(%U) = %U, want %U", tt.in, got, tt.want)
		}
	}
}

func TestFoldRuneIdempotent(t *testing.T) {
	changed := 0
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if 0xD800 <= r && r <= 0xDFFF {
			continue // not runes
		}
		f := FoldRune(r)
		if f != r {
			changed++
		}
		if f < 0 {
			continue
		}
		if f > unicode.MaxRune || 0xD800 <= f && f <= 0xDFFF {
			t.Fatalf("FoldRune(%U) = %U, not a rune", r, f)
		}
		if g := FoldRune(f); g != f {
			t.Fatalf("FoldRune(%U) = %U but FoldRune(%U) = %U: not idempotent", r, f, f, g)
		}
		// AppendFold's documented bound: folding never lengthens UTF-8,
		// but for Ⱥ and Ⱦ and the BMP runes that fold to astral ones.
		if utf8.RuneLen(f) > utf8.RuneLen(r) && r != 'Ⱥ' && r != 'Ⱦ' && !(r < 0x10000 && f >= 0x10000) {
			t.Errorf("FoldRune(%U) = %U is longer in UTF-8", r, f)
		}
	}
	if changed != foldCount {
		t.Errorf("%d runes fold to another rune; the table says %d", changed, foldCount)
	}
}

// TestFoldTableTargets walks the generated table itself: every rune it
// folds to folds to itself, and every entry means what it says.
func TestFoldTableTargets(t *testing.T) {
	for r, x := range foldBMP {
		if x == 0 {
			continue
		}
		f := rune(uint16(r) ^ x)
		switch {
		case 0xD800 <= r && r <= 0xDFFF:
			t.Errorf("surrogate %U has an entry", r)
		case f == foldEscDrop:
			f = -1
		case foldEscAstral <= f && f <= 0xDFFF:
			f = foldBMPAstral[f-foldEscAstral]
		}
		if got := FoldRune(rune(r)); got != f {
			t.Errorf("FoldRune(%U) = %U, table says %U", r, got, f)
		}
		if f >= 0 && FoldRune(f) != f {
			t.Errorf("%U folds to %U, which folds to %U", r, f, FoldRune(f))
		}
	}
	for _, f := range foldBMPAstral {
		if f < 0x10000 || FoldRune(f) != f {
			t.Errorf("foldBMPAstral holds %U, which folds to %U", f, FoldRune(f))
		}
	}
	for i, rg := range foldAstral {
		if rg.lo < 0x10000 || rg.hi < rg.lo || rg.lo>>8 != rg.hi>>8 || i > 0 && foldAstral[i-1].hi >= rg.lo {
			t.Errorf("bad range %d: %U..%U", i, rg.lo, rg.hi)
		}
		for r := rg.lo; r <= rg.hi; r++ {
			want := rune(-1)
			if rg.delta != foldDrop {
				want = r + rg.delta
			}
			if got := FoldRune(r); got != want {
				t.Errorf("FoldRune(%U) = %U, table says %U", r, got, want)
			}
			if want >= 0 && FoldRune(want) != want {
				t.Errorf("%U folds to %U, which folds to %U", r, want, FoldRune(want))
			}
		}
	}
}

// TestFoldInvisibleSet checks the runes that fold to -1 against Unicode's
// Default_Ignorable_Code_Point, derived from package unicode as
// DerivedCoreProperties.txt defines it.
func TestFoldInvisibleSet(t *testing.T) {
	dicp := func(r rune) bool {
		if unicode.Is(unicode.White_Space, r) || unicode.Is(unicode.Prepended_Concatenation_Mark, r) ||
			0xFFF9 <= r && r <= 0xFFFB || 0x13430 <= r && r <= 0x13440 {
			return false
		}
		return unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r) ||
			unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Variation_Selector, r)
	}
	n := 0
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if got, want := FoldRune(r) == -1, dicp(r); got != want {
			t.Errorf("FoldRune(%U) == -1 is %v, Default_Ignorable_Code_Point is %v", r, got, want)
		}
		if dicp(r) {
			n++
		}
		if unicode.IsControl(r) || unicode.Is(unicode.White_Space, r) {
			if FoldRune(r) == -1 {
				t.Errorf("control or space %U folds to -1", r)
			}
		}
	}
	if n < 4000 {
		t.Errorf("only %d Default_Ignorable_Code_Point runes", n)
	}
}

// TestFoldAppendFoldEveryBMPRune checks AppendFold's inline three-byte
// path against FoldRune for every BMP rune, alone and between others.
func TestFoldAppendFoldEveryBMPRune(t *testing.T) {
	var buf []byte
	for r := rune(0); r < 0x10000; r++ {
		if 0xD800 <= r && r <= 0xDFFF {
			continue
		}
		want := ""
		if f := FoldRune(r); f >= 0 {
			want = string(f)
		}
		buf = AppendFold(buf[:0], "Ａ"+string(r)+"b")
		if got := string(buf); got != "a"+want+"b" {
			t.Fatalf("AppendFold(%q) = %q, want %q", "Ａ"+string(r)+"b", got, "a"+want+"b")
		}
	}
}

// TestFoldOpenCC checks the table against the OpenCC dictionaries it was
// generated from.
func TestFoldOpenCC(t *testing.T) {
	ts := readDict(t, "TSCharacters.txt")
	tw := readDict(t, "TWVariantsRev.txt")
	hk := readDict(t, "HKVariantsRev.txt")
	if len(ts) < 4000 || len(tw) < 30 || len(hk) < 60 {
		t.Fatalf("dictionaries too small: %d, %d, %d entries", len(ts), len(tw), len(hk))
	}
	// The variant tables apply first, except to Simplified forms.
	keys, values := map[rune]bool{}, map[rune]bool{}
	for _, e := range ts {
		if e.from != e.to { // 瞭, 覆, 祇… list themselves as first candidate
			keys[e.from], values[e.to] = true, true
		}
	}
	variant := map[rune]rune{}
	for _, e := range append(tw, hk...) {
		if _, ok := variant[e.from]; !ok && e.from != e.to && !(values[e.from] && !keys[e.from]) {
			variant[e.from] = e.to
		}
	}
	simplified := map[rune]bool{}
	for _, e := range ts {
		if e.from == e.to {
			if FoldRune(e.from) != e.from {
				if _, ok := variant[e.from]; !ok {
					t.Errorf("TSCharacters %c→%c: %c folds to %c", e.from, e.to, e.from, FoldRune(e.from))
				}
			}
			continue
		}
		// A Traditional character folds as its Simplified form does, or
		// as its standard form in a variant table does (顎→齶→腭).
		want := FoldRune(e.to)
		if v, ok := variant[e.from]; ok {
			want = FoldRune(v)
		}
		if FoldRune(e.from) != want {
			t.Errorf("TSCharacters %c→%c: %c folds to %c, want %c", e.from, e.to, e.from, FoldRune(e.from), want)
		}
		// Simplified forms fold to themselves, except the ones that are
		// Traditional forms of something else too: 苧 is the Simplified
		// form of 薴 and the Traditional form of 苎.
		if keys[e.to] {
			if FoldRune(e.to) == e.to {
				t.Errorf("%c is a TSCharacters source but folds to itself", e.to)
			}
			continue
		}
		simplified[e.to] = true
		if FoldRune(e.to) != e.to {
			t.Errorf("Simplified %c (%U) folds to %c", e.to, e.to, FoldRune(e.to))
		}
	}
	if len(simplified) < 3000 {
		t.Errorf("only %d Simplified forms checked", len(simplified))
	}
	for _, e := range append(tw, hk...) {
		switch {
		case e.from == e.to:
		case simplified[e.from]:
			// A Simplified form stays, variant table or not (么, 台, 吃).
			if FoldRune(e.from) != e.from {
				t.Errorf("variant %c→%c: Simplified %c folds to %c", e.from, e.to, e.from, FoldRune(e.from))
			}
		case FoldRune(e.from) != FoldRune(e.to):
			t.Errorf("variant %c→%c: %c folds to %c, %c to %c", e.from, e.to, e.from, FoldRune(e.from), e.to, FoldRune(e.to))
		}
	}
}

type dictEntry struct{ from, to rune }

// readDict reads the one-character entries of an OpenCC dictionary, in
// file order, with their first candidate.
func readDict(t *testing.T, name string) []dictEntry {
	t.Helper()
	f, err := os.Open(openccDict(t, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var d []dictEntry
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, _ := strings.Cut(sc.Text(), "\t")
		v, _, _ = strings.Cut(v, " ")
		if utf8.RuneCountInString(k) == 1 && utf8.RuneCountInString(v) == 1 {
			kr, _ := utf8.DecodeRuneInString(k)
			vr, _ := utf8.DecodeRuneInString(v)
			d = append(d, dictEntry{kr, vr})
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return d
}

// openccDict returns the path of an OpenCC dictionary in the module the
// generator reads, at the version its go.mod requires. go mod download
// finds the module in the cache, or fetches it and checks it against the
// generator's go.sum; the test is skipped when neither can be done (no
// network and an empty module cache).
func openccDict(t *testing.T, name string) string {
	t.Helper()
	cmd := exec.Command("go", "mod", "download", "-json", "github.com/longbridgeapp/opencc")
	cmd.Dir = filepath.Join("internal", "foldgen")
	out, err := cmd.Output()
	var m struct{ Dir, Error string }
	if jerr := json.Unmarshal(out, &m); err != nil || jerr != nil || m.Dir == "" {
		t.Skipf("OpenCC dictionaries not available: %v %s", err, m.Error)
	}
	return filepath.Join(m.Dir, "dictionary", name)
}

// foldBenchText is about 300 bytes of Traditional Chinese with full-width
// letters and digits, full-width punctuation and a zero-width space.
const foldBenchText = "上週在你們店買的空氣炸鍋，用了兩次就壞了，按鍵完全沒反應。ＩＰＨＯＮＥ１３客服三天都沒人回\u200b覆，退款申請一直沒人處理，物流也慢得離譜！！！說好的贈品也沒給，價格還比別家貴。再不解決就打12315投訴"

func TestFoldNoAlloc(t *testing.T) {
	buf := make([]byte, 0, len(foldBenchText))
	if n := testing.AllocsPerRun(100, func() { buf = AppendFold(buf[:0], foldBenchText) }); n != 0 {
		t.Errorf("AppendFold into a large enough buffer allocated %v times per run", n)
	}
	folded := Fold(foldBenchText)
	if n := testing.AllocsPerRun(100, func() { folded = Fold(folded) }); n != 0 {
		t.Errorf("Fold of folded text allocated %v times per run", n)
	}
	if n := testing.AllocsPerRun(100, func() { _ = FoldRune('車') + FoldRune(0x1D400) }); n != 0 {
		t.Errorf("FoldRune allocated %v times per run", n)
	}
}

func BenchmarkFold(b *testing.B) {
	b.Run("AppendFold", func(b *testing.B) {
		buf := make([]byte, 0, len(foldBenchText))
		b.SetBytes(int64(len(foldBenchText)))
		b.ReportAllocs()
		for b.Loop() {
			buf = AppendFold(buf[:0], foldBenchText)
		}
	})
	b.Run("AppendFold/simplified", func(b *testing.B) {
		text := Fold(foldBenchText)
		buf := make([]byte, 0, len(text))
		b.SetBytes(int64(len(text)))
		b.ReportAllocs()
		for b.Loop() {
			buf = AppendFold(buf[:0], text)
		}
	})
	b.Run("Fold", func(b *testing.B) {
		b.SetBytes(int64(len(foldBenchText)))
		b.ReportAllocs()
		for b.Loop() {
			_ = Fold(foldBenchText)
		}
	})
	b.Run("FoldRune", func(b *testing.B) {
		runes := []rune(foldBenchText)
		b.SetBytes(int64(len(foldBenchText)))
		b.ReportAllocs()
		var sink rune
		for b.Loop() {
			for _, r := range runes {
				sink += FoldRune(r)
			}
		}
		_ = sink
	})
}
