package classify

import (
	"fmt"
	"testing"
	"unicode"
	"unicode/utf8"
)

// TestNumberScanner: every numeral form and unit, in our own sentences.
func TestNumberScanner(t *testing.T) {
	tests := []struct {
		text string
		want string // kind value [approx] "span"; quantities joined by " | "
	}{
		// Arabic, full-width, decimals, thousands, multipliers.
		{"多扣了88块", `money 88 "88块"`},
		{"收了600，太黑了", `money 600 "600"`},
		{"一共付了 1,299.50元", `money 1299.5 "1,299.50元"`},
		{"充值６００元没到账", `money 600 "６００元"`},
		{"价格３万", `money 30000 "３万"`},
		{"被骗了1.5w", `money 15000 "1.5w"`},
		{"¥128的东西", `money 128 "¥128"`},
		{"￥９９", `money 99 "￥９９"`},
		{"这个才5毛钱", `money 0.5 "5毛钱"`},
		{"花了三百多", `money 300 approx "三百多"`},
		{"三百多块钱买的", `money 300 approx "三百多块钱"`},
		{"两千五的手机", ``}, // no unit, no verb: not an amount
		{"花了两千五", `money 2500 "两千五"`},
		{"损失一万二", `money 12000 "一万二"`},
		{"要价一千零五元", `money 1005 "一千零五元"`},
		{"贵了一百二十块", `money 120 "一百二十块"`},
		{"几百块钱的东西", `money 300 approx "几百块钱"`},
		{"100-200元之间", `money 200 "100-200元"`},
		{"五十到八十块", `money 80 "五十到八十块"`},
		{"兩千塊", `money 2000 "兩千塊"`},
		{"600元左右", `money 600 approx "600元左右"`},
		// Durations.
		{"等了3个多钟头", `duration 180 approx "3个多钟头"`},
		{"等了半小时", `duration 30 "半小时"`},
		{"排了一个半小时", `duration 90 "一个半小时"`},
		{"拖了两天半", `duration 3600 "两天半"`},
		{"40分钟了还没来", `duration 40 "40分钟"`},
		{"十几天没发货", `duration 18720 approx "十几天"`},
		{"两三天", `duration 4320 approx "两三天"`},
		{"等了三個小時", `duration 180 "三個小時"`},
		{"拖了两个星期", `duration 20160 "两个星期"`},
		{"快一个月了", `duration 43200 "一个月"`},
		{"用了3年", `duration 1.5768e+06 "3年"`},
		{"30秒", `duration 0.5 "30秒"`},
		// Other quantities.
		{"说是128G，其实64G", `quantity 128 "128G" | quantity 64 "64G"`},
		{"55寸的电视", `quantity 55 "55寸"`},
		{"买了3件", `quantity 3 "3件"`},
		{"少了２公斤", `quantity 2 "２公斤"`},
		{"5000mAh电池", `quantity 5000 "5000mAh"`},
		// False friends: no quantity.
		{"打了12315", ``},
		{"iphone15坏了", ``},
		{"2023年买的", ``},
		{"5月3日下单", ``},
		{"万一出事怎么办", ``},
		{"十分满意", ``},
		{"128good", ``},
		{"订单号123456789012345678", ``},
	}
	var ns NumberScanner
	for _, tt := range tests {
		got := ""
		for i, q := range ns.Scan(tt.text) {
			if i > 0 {
				got += " | "
			}
			got += fmt.Sprintf("%s %g", q.Kind, q.Value)
			if q.Approx {
				got += " approx"
			}
			got += fmt.Sprintf(" %q", tt.text[q.Start:q.End])
			if utf8.RuneCountInString(tt.text[:q.Start]) != q.RuneStart || utf8.RuneCountInString(tt.text[:q.End]) != q.RuneEnd {
				t.Errorf("%s: rune span %d-%d does not match the byte span", tt.text, q.RuneStart, q.RuneEnd)
			}
		}
		if got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.text, got, tt.want)
		}
	}
}

// FuzzNumbers: the scanner never panics, its spans are in order, inside
// the text, on rune boundaries, and its values are finite and not
// negative.
func FuzzNumbers(f *testing.F) {
	for _, s := range []string{"收了600", "等了3个多钟头", "三百多块", "１，２９９．５元", "一个半小时", "100-200元", "¥", "十几", "两千五百万亿元", "1,2,3,", "9999999999999999999元"} {
		f.Add(s)
	}
	var ns NumberScanner
	f.Fuzz(func(t *testing.T, text string) {
		boundary := map[int]bool{len(text): true} // where decoding lands, invalid bytes included
		for i := 0; i < len(text); {
			boundary[i] = true
			_, size := utf8.DecodeRuneInString(text[i:])
			i += size
		}
		prev := 0
		for _, q := range ns.Scan(text) {
			if q.Start < prev || q.End <= q.Start || q.End > len(text) {
				t.Fatalf("%q: span %d-%d after %d", text, q.Start, q.End, prev)
			}
			if !boundary[q.Start] || !boundary[q.End] {
				t.Fatalf("%q: span %d-%d not on rune boundaries", text, q.Start, q.End)
			}
			if !(q.Value >= 0) || q.Value > 1e300 || q.Min > q.Max {
				t.Fatalf("%q: value %g (%g-%g)", text, q.Value, q.Min, q.Max)
			}
			prev = q.End
		}
	})
}

// BenchmarkNumberScanner scans the 300-byte complaint of BenchmarkFoldScan.
func BenchmarkNumberScanner(b *testing.B) {
	const benchText300 = "上周在你们店买的空气炸锅，用了两次就坏了，按键完全没反应。联系客服三天都没人回，退款申请一直没人处理，物流也慢得离谱。说好的赠品也没给，价格还比别家贵。再不解决我就给差评，还要打12315投诉！！！"
	var ns NumberScanner
	b.SetBytes(int64(len(benchText300)))
	b.ReportAllocs()
	for b.Loop() {
		ns.Scan(benchText300)
	}
}

// TestNumberScannerTables: the inline decoding and the start table agree
// with utf8.DecodeRuneInString and mayStartSlow everywhere.
func TestNumberScannerTables(t *testing.T) {
	for lead := 0xE0; lead <= 0xEF; lead++ {
		for b1 := 0; b1 < 256; b1++ {
			for b2 := 0; b2 < 256; b2++ {
				for _, s := range []string{string([]byte{byte(lead), byte(b1), byte(b2)}), string([]byte{byte(lead), byte(b1)})} {
					r, n := decodeRune(s, 0)
					wr, wn := utf8.DecodeRuneInString(s)
					if r != wr || n != wn {
						t.Fatalf("% x: decodeRune %U %d, utf8 %U %d", s, r, n, wr, wn)
					}
				}
			}
		}
	}
	for r := rune(-1); r <= unicode.MaxRune+1; r++ {
		if mayStart(r) != mayStartSlow(r) {
			t.Fatalf("mayStart(%U) = %v", r, mayStart(r))
		}
	}
}
