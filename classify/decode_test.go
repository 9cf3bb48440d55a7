package classify

import (
	"io"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

func TestDecode(t *testing.T) {
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String("买到假货了")
	gb18030, _ := simplifiedchinese.GB18030.NewEncoder().String("€𠀀假货") // four-byte sequences
	big5, _ := traditionalchinese.Big5.NewEncoder().String("許多假貨")
	tests := []struct {
		in, enc, want string
		replaced      int
	}{
		{gbk, "gbk", "买到假货了", 0},
		{gb18030, "gbk", "€𠀀假货", 0},
		{big5, "big5", "許多假貨", 0},
		{"\xfe\xff\x4e\x2d\x56\xfd", "utf-16", "中国", 0},
		{"\ufeff假货", "utf-8", "假货", 0},
		{"假\xff货", "utf-8", "假\ufffd货", 1},
		{"已有\ufffd", "", "已有\ufffd", 1},
	}
	for _, tt := range tests {
		got, n, err := Decode([]byte(tt.in), tt.enc)
		if err != nil || got != tt.want || n != tt.replaced {
			t.Errorf("Decode(%q, %s) = %q, %d, %v; want %q, %d", tt.in, tt.enc, got, n, err, tt.want, tt.replaced)
		}
	}
	if _, _, err := Decode(nil, "ebcdic"); err == nil || !strings.Contains(err.Error(), `unknown encoding "ebcdic"`) {
		t.Errorf("unknown encoding: %v", err)
	}
	r, err := NewDecodingReader(strings.NewReader(big5), "big5")
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := io.ReadAll(r); string(b) != "許多假貨" {
		t.Errorf("decoding reader gave %q", b)
	}
}

func TestSignals(t *testing.T) {
	tests := []struct {
		text string
		want Signals
	}{
		{"好", Signals{Length: 1}},
		{"气死了！！！还不退款？？", Signals{Length: 12, Exclamations: 3, ExclamationRun: 3, Questions: 2, QuestionRun: 2, Repeats: 3}},
		{"WHAT IS THIS", Signals{Length: 12, Shouting: true}},
		{"iPhone ABS", Signals{Length: 10}},
		{"差评😡😡", Signals{Length: 4, Emoji: 2, Repeats: 2}},
		{"坏\xff", Signals{Length: 2, Invalid: 1}},
	}
	for _, tt := range tests {
		if got := ComputeSignals(tt.text); got != tt.want {
			t.Errorf("ComputeSignals(%q) = %+v, want %+v", tt.text, got, tt.want)
		}
	}
}
