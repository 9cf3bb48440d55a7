package classify

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestFoldExamples(t *testing.T) {
	tests := []struct{ in, want string }{
		{"產品質量", "产品质量"},
		{"产品质量", "产品质量"},
		{"ＩＰＨＯＮＥ１２３１５！", "iphone12315!"},
		{"iPhone", "iphone"},
		{"假\u200b货", "假货"},
		{"假\u00ad\u200d\ufe0f貨", "假货"},
		{"\ufeff退貨", "退货"},
		{"退款還沒到賬", "退款还没到账"},
		{"裏面", "里面"}, // HK/TW variant → standard → simplified
		{"着急", "着急"}, // a simplified form stays
		{"什么", "什么"}, // 么 is simplified; its TW variant entry must not apply
		{"客服態度極差", "客服态度极差"},
		{"Ｗｅｉｂｏ曝光", "weibo曝光"},
		{"①号", "1号"},
		{"\xff垃圾", "\ufffd垃圾"},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFoldIdempotent(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		f := FoldRune(r)
		if f < 0 {
			continue
		}
		if g := FoldRune(f); g != f {
			t.Fatalf("FoldRune(%U)=%U but FoldRune(%U)=%U: not idempotent", r, f, f, g)
		}
	}
}

// TestSimplifiedFixed checks that every simplified form in OpenCC's
// TSCharacters folds to itself, unless it is also a traditional form (a
// few characters are both, like 乾 and 著, and fold further).
func TestSimplifiedFixed(t *testing.T) {
	path := openccDict(t, "TSCharacters.txt")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	keys := map[rune]bool{}
	var values []rune
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, _ := strings.Cut(sc.Text(), "\t")
		v, _, _ = strings.Cut(v, " ")
		if utf8.RuneCountInString(k) == 1 && utf8.RuneCountInString(v) == 1 {
			kr, _ := utf8.DecodeRuneInString(k)
			vr, _ := utf8.DecodeRuneInString(v)
			keys[kr] = true
			values = append(values, vr)
		}
	}
	n := 0
	for _, v := range values {
		if keys[v] {
			continue
		}
		n++
		if FoldRune(v) != v {
			t.Errorf("simplified %c (%U) folds to %c", v, v, FoldRune(v))
		}
	}
	if n < 3000 {
		t.Errorf("checked only %d simplified forms", n)
	}
}

// openccDict locates an OpenCC dictionary through the generator's module,
// skipping when the module cache cannot provide it (no network).
func openccDict(t *testing.T, name string) string {
	t.Helper()
	cmd := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/longbridgeapp/opencc")
	cmd.Dir = filepath.Join("internal", "foldgen")
	out, err := cmd.Output()
	if err != nil {
		t.Skipf("OpenCC dictionaries not available: %v", err)
	}
	return filepath.Join(strings.TrimSpace(string(out)), "dictionary", name)
}

func TestFoldInvisible(t *testing.T) {
	for _, r := range []rune{0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD, 0xFE0F, 0xE0101, 0x180E} {
		if FoldRune(r) != -1 {
			t.Errorf("FoldRune(%U) = %U, want -1", r, FoldRune(r))
		}
	}
	for _, r := range []rune{' ', '\n', '\t', 0, 'a', '中'} {
		if FoldRune(r) == -1 {
			t.Errorf("FoldRune(%U) = -1: visible runes and controls must stay", r)
		}
	}
}

func TestAppendFoldNoAlloc(t *testing.T) {
	text := "收到的包包明顯是假貨，ＩＰＨＯＮＥ和描述完全不符！客服態度極差\u200b。"
	buf := make([]byte, 0, 4*len(text))
	if n := testing.AllocsPerRun(100, func() { buf = AppendFold(buf[:0], text) }); n != 0 {
		t.Errorf("AppendFold allocated %v times per run", n)
	}
}

func BenchmarkFold(b *testing.B) {
	text := "上週在你們店買的空氣炸鍋，用了兩次就壞了，按鍵完全沒反應。ＩＰＨＯＮＥ客服三天都沒人回，退款申請一直沒人處理，物流也慢得離譜！！！"
	buf := make([]byte, 0, 4*len(text))
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		buf = AppendFold(buf[:0], text)
	}
}
