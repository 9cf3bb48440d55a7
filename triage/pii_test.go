package triage_test

import (
	"context"
	"strings"
	"testing"
	"unicode"

	"github.com/google/go-cmp/cmp"

	"github.com/tousu/tousu/triage"
)

// TestMaskPIITable covers every way issue 17 found numbers escaping the
// mask, each kind, and text that must stay as it is.
func TestMaskPIITable(t *testing.T) {
	tests := []struct{ name, in, want string }{
		// Mobiles.
		{"plain", "我的手机13812345678，快回电", "我的手机[手机号****5678]，快回电"},
		{"+86 dashes", "电话 +86 138-1234-5678", "电话 [手机号****5678]"},
		{"+86 glued", "+8613812345678", "[手机号****5678]"},
		{"0086", "008613812345678", "[手机号****5678]"},
		{"0086 spaced", "0086 138 1234 5678", "[手机号****5678]"},
		{"86", "86 13812345678", "[手机号****5678]"},
		{"(+86)", "(+86)138 1234 5678", "[手机号****5678]"},
		{"full-width digits", "全角１３８１２３４５６７８", "全角[手机号****5678]"},
		{"full-width dash", "１３８－１２３４－５６７８", "[手机号****5678]"},
		{"em dash", "138—1234—5678", "[手机号****5678]"},
		{"en dash", "138–1234–5678", "[手机号****5678]"},
		{"ideographic spaces", "138　1234　5678", "[手机号****5678]"},
		{"double spaces", "138  1234  5678", "[手机号****5678]"},
		{"NBSP", "138\u00a01234\u00a05678", "[手机号****5678]"},
		{"dots", "138.1234.5678", "[手机号****5678]"},
		{"full-width dots", "138．1234．5678", "[手机号****5678]"},
		{"parentheses", "(138)1234-5678", "[手机号****5678]"},
		{"zero-width space", "138\u200b1234\u200b5678", "[手机号****5678]"},
		{"zero-width joiner and word joiner", "1\u200d3\u20608\ufeff12345678", "[手机号****5678]"},
		{"combining marks", "1\u03323\u03328\u0332 1234 5678", "[手机号****5678]"},
		{"mathematical bold", "𝟏𝟑𝟖𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖", "[手机号****5678]"},
		{"mathematical mixed sets", "𝟙𝟛𝟾𝟷𝟸𝟹𝟺𝟓𝟔𝟕𝟖", "[手机号****5678]"},
		{"Arabic-Indic digits", "١٣٨١٢٣٤٥٦٧٨", "[手机号****5678]"},
		{"two mobiles", "13812345678 13987654321", "[手机号****5678] [手机号****4321]"},
		{"a digit before", "订单 2 138 1234 5678", "订单 2 [手机号****5678]"},
		{"between letters", "tel13812345678ok", "tel[手机号****5678]ok"},
		// Landlines.
		{"Beijing", "座机010-12345678", "座机[座机****5678]"},
		{"Shanghai spaced", "021 1234 5678", "[座机****5678]"},
		{"area in ASCII parentheses", "(010) 1234 5678", "[座机****5678]"},
		{"four-digit area", "0755-88886666", "[座机****6666]"},
		{"area in parentheses", "（0755）8888 6666", "[座机****6666]"},
		{"seven-digit number", "0571-8888666", "[座机****8666]"},
		{"+86 without the 0", "+86 10 8888 6666", "[座机****6666]"},
		// ID cards.
		{"ID 18", "身份证110105199003071234号", "身份证[身份证****1234]号"},
		{"ID 18 with X", "身份证11010519900307123X", "身份证[身份证****123X]"},
		{"ID 18 with full-width x", "１１０１０５１９９００３０７１２３ｘ。", "[身份证****123X]。"},
		{"ID spaced like a card", "1101 0519 9003 0712 34", "[身份证****1234]"},
		{"ID spaced with X", "1101 0519 9003 0712 3X", "[身份证****123X]"},
		{"ID with ideographic spaces", "110105　19900307　1234", "[身份证****1234]"},
		{"ID 15", "老身份证110105900307123", "老身份证[身份证****7123]"},
		// Cards.
		{"card spaced", "卡号6222 0212 3456 7890 128", "卡号[银行卡****0128]"},
		{"card full-width with ideographic spaces", "６２２２　０２１２　３４５６　７８９０　１２８", "[银行卡****0128]"},
		{"card 16", "4111-1111-1111-1111", "[银行卡****1111]"},
		{"card 13", "4222222222222", "[银行卡****2222]"},
		{"card failing Luhn", "卡号6222021234567891", "卡号6222021234567891"},
		{"spaced, failing Luhn, a part passing", "卡号6222 1212 3456 7890 123", "卡号6222 [银行卡****0123]"},
		// E-mail.
		{"e-mail", "邮箱 wang.li@example.com.cn 联系", "邮箱 [邮箱] 联系"},
		{"full-width e-mail", "ｗａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ", "[邮箱]"},
		{"mobile as mailbox", "13812345678@qq.com", "[邮箱]"},
		// Left alone.
		{"order number", "订单号202511240001，金额12315元", "订单号202511240001，金额12315元"},
		{"tracking number", "运单SF12345678901234567890", "运单SF12345678901234567890"},
		{"QQ and WeChat", "QQ 123456789，微信 wxid_abc123", "QQ 123456789，微信 wxid_abc123"},
		{"name and address", "王小明，北京市朝阳区建国路88号", "王小明，北京市朝阳区建国路88号"},
		{"landline without area code", "电话 8888 6666", "电话 8888 6666"},
		{"amounts and dates", "2025.11.24 退款 3.50 元，12 元", "2025.11.24 退款 3.50 元，12 元"},
		{"a mobile too short", "1381234567", "1381234567"},
		{"no personal data", "没有个人信息", "没有个人信息"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, triage.MaskPII(tt.in)); diff != "" {
			t.Errorf("%s: MaskPII(%q) (-want +got):\n%s", tt.name, tt.in, diff)
		}
	}
}

// TestDecisionLogTruncatesText: the logged text is what was triaged, cut to
// the engine's text limit before masking.
func TestDecisionLogTruncatesText(t *testing.T) {
	set, err := compileBytes("p.yaml", []byte(policyA))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		limit      int
		text, want string
	}{
		{12, "买到假货13812345678", "买到假货"},
		{13, "买到假货13812345678", "买到假货1"},
		{64, "买到假货13812345678", "买到假货[手机号****5678]"},
		{10, "买到假货", "买到假"}, // cut at a character boundary
	}
	for _, tt := range tests {
		var got string
		eng, err := triage.New(set, triage.WithMaxTextBytes(tt.limit),
			triage.WithDecisionLog(func(_ context.Context, r triage.DecisionRecord) { got = r.Text }, true))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := eng.Triage(context.Background(), triage.Complaint{Text: tt.text}); err != nil {
			t.Fatal(err)
		}
		if got != tt.want {
			t.Errorf("limit %d: logged %q, want %q", tt.limit, got, tt.want)
		}
	}
}

// FuzzMaskPII: whatever the text, a mobile number that stands as a number
// of its own in the input (a run of digits, read through separators and
// invisible characters, that is 11 digits starting 1[3-9], possibly after
// 86 or 0086) does not stand as a number in the masked output.
func FuzzMaskPII(f *testing.F) {
	for _, s := range []string{
		"我的手机13812345678", "008613812345678", "138－1234－5678", "138\u200b1234\u200b5678",
		"𝟏𝟑𝟖𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖", "６２２２　０２１２　３４５６　７８９０　１２８", "1101 0519 9003 0712 34",
		"a@b.cc 13812345678", "+86 10 8888 6666", "13812345678X",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := triage.MaskPII(in)
		mobiles := standingMobiles(in)
		for m := range standingMobiles(out) {
			if mobiles[m] {
				t.Fatalf("MaskPII(%q) = %q: the mobile %s survives", in, out, m)
			}
		}
	})
}

// standingMobiles returns the mobile numbers of s that are runs of their
// own: digits of any script read as ASCII, separators between digits and
// invisible characters anywhere skipped, and the runs that are a mobile
// number, or 86 or 0086 and one, kept. It is written apart from MaskPII, as
// a check on it.
func standingMobiles(s string) map[string]bool {
	out := map[string]bool{}
	var run []byte
	flush := func() {
		m := string(run)
		switch {
		case len(m) == 13 && strings.HasPrefix(m, "86"):
			m = m[2:]
		case len(m) == 15 && strings.HasPrefix(m, "0086"):
			m = m[4:]
		}
		if len(m) == 11 && m[0] == '1' && m[1] >= '3' {
			out[m] = true
		}
		run = run[:0]
	}
	for _, r := range s {
		switch {
		case unicode.In(r, unicode.Cf, unicode.Mn, unicode.Me) && r > unicode.MaxASCII:
		case unicode.IsDigit(r):
			run = append(run, '0'+byte(digitOf(r)))
		case len(run) > 0 && (unicode.Is(unicode.Zs, r) || strings.ContainsRune("\t-.()‐‑‒–—―−﹣－．·・（）", r)):
		default:
			flush()
		}
	}
	flush()
	return out
}

// digitOf is the value of a decimal digit: its distance from the zero of
// its set, Unicode sets being contiguous runs of 0–9.
func digitOf(r rune) int {
	n := 0
	for unicode.IsDigit(r - rune(n) - 1) {
		n++
	}
	return n % 10
}
