package classify

import (
	"strings"
	"testing"
)

// TestModalityAt: every marker and its false friends, in our own
// sentences. The occurrence is the first 【…】-marked span; the brackets
// are removed before the call.
func TestModalityAt(t *testing.T) {
	tests := []struct {
		text   string
		want   Modality
		marker string
	}{
		{"收到的是【假货】", Asserted, ""},
		{"这就是【假货】，我要投诉", Asserted, ""},
		// Hypothetical: conditionals (sentence), epistemics (clause), 的话.
		{"万一是【假货】怎么办", Hypothetical, "万一"},
		{"萬一出了事，你们要【负责】", Hypothetical, "万一"},
		{"要是再不退款，我就去【投诉】", Hypothetical, "要是"},
		{"如果是【假货】就退", Hypothetical, "如果"},
		{"假如真的【爆炸】了呢", Hypothetical, "假如"},
		{"一旦【起火】后果严重", Hypothetical, "一旦"},
		{"估计是【假货】", Hypothetical, "估计"},
		{"我怕是【假货】", Hypothetical, "怕是"},
		{"担心会【漏电】", Hypothetical, "担心"},
		{"可能是【假货】", Hypothetical, "可能"},
		{"说不定是【假货】", Hypothetical, "说不定"},
		{"【出事】的话谁负责", Hypothetical, "的话"},
		// Their false friends: statements of fact.
		{"如果不是你们卖【假货】，我也不会投诉", Asserted, ""},
		{"要不是【假货】我才不退", Asserted, ""},
		{"太可怕了，居然是【假货】", Asserted, ""},
		{"哪怕退款也行，反正是【假货】", Asserted, ""},
		{"估计错了。这就是【假货】", Asserted, ""}, // another sentence
		{"我估计过了，这是【假货】", Asserted, ""}, // another clause
		// Questions and rhetorical questions.
		{"这是【假货】吗？", Question, "？"},
		{"这是【假货】吗", Question, "吗"},
		{"难道是【假货】", Question, "难道"},
		{"难道你们卖的不是【假货】吗", Question, "难道"},
		{"这不是【骗人】么！", Question, "么"},
		{"是不是【假货】", Question, "是不是"},
		{"有没有【质量问题】", Question, "有没有"},
		{"【假货】？", Question, "？"},
		// False friends: 吗 in an exclamation, 干吗, 什么.
		{"你们就是【骗子】好吗！", Asserted, ""},
		{"干吗卖【假货】", Asserted, ""},
		{"卖【假货】算什么", Asserted, ""},
		// Reported and third party.
		{"听说他们卖【假货】", Reported, "听说"},
		{"據說有人【被骗】", Reported, "据说"},
		{"新闻报道这家店卖【假货】", Reported, "新闻"},
		{"我朋友在你们这【被骗】了", Reported, "我朋友"},
		{"没有人【理我】", Asserted, ""},
		// Quoted.
		{"你们写着“假一赔十”，结果是【假货】", Asserted, ""},
		{"你们写着“【假一赔十】”", Quoted, "“”"},
		{"客服说「这不是【假货】」", Quoted, "“”"},
		{`他说"这是【假货】"`, Quoted, "“”"},
		// Figures of speech.
		{"真是气【死】我了", Figurative, "气死"},
		{"笑【死】", Figurative, "笑死"},
		{"贵得【要命】", Figurative, "得要命"},
		{"我都气【炸】了", Figurative, "气炸"},
		{"差点被电【死】", Asserted, ""},
		{"充电宝【炸】了", Asserted, ""},
		// Full-width and traditional text fold first.
		{"這是【假貨】嗎？", Question, "？"},
		{"要是【起火】", Hypothetical, "要是"},
	}
	for _, tt := range tests {
		start := strings.Index(tt.text, "【")
		text := strings.Replace(tt.text, "【", "", 1)
		end := strings.Index(text, "】")
		text = strings.Replace(text, "】", "", 1)
		got, marker := ModalityAt(text, start, end)
		if got != tt.want || marker != tt.marker {
			t.Errorf("%s: %s (%q), want %s (%q)", tt.text, got, marker, tt.want, tt.marker)
		}
	}
}

// FuzzModality: ModalityAt never panics, and returns a marker exactly
// when it finds the occurrence not asserted.
func FuzzModality(f *testing.F) {
	for _, s := range []string{"万一是假货怎么办", "如果不是假货", "这是假货吗？", "“假一赔十”", `"x"`, "听说有人被骗", "\xff吗", "难道", ""} {
		f.Add(s, 0, 3)
	}
	f.Fuzz(func(t *testing.T, text string, start, end int) {
		m, marker := ModalityAt(text, start, end)
		if m > Figurative || (m == Asserted) != (marker == "") {
			t.Fatalf("%q [%d:%d]: %v %q", text, start, end, m, marker)
		}
	})
}

// BenchmarkModalityAt classifies an occurrence in the middle of a
// 300-byte complaint.
func BenchmarkModalityAt(b *testing.B) {
	const text = "上周在你们店买的空气炸锅，用了两次就坏了，按键完全没反应。联系客服三天都没人回，退款申请一直没人处理，物流也慢得离谱。说好的赠品也没给，价格还比别家贵。再不解决我就给差评，还要打12315投诉！！！"
	start := strings.Index(text, "投诉")
	b.ReportAllocs()
	for b.Loop() {
		ModalityAt(text, start, start+len("投诉"))
	}
}

// TestModalityMarkers: every marker of every list, and every false
// friend, before 这是【假货】.
func TestModalityMarkers(t *testing.T) {
	check := func(prefix string, want Modality, marker string) {
		t.Helper()
		text := prefix + "这是假货"
		start := strings.Index(text, "假货")
		got, m := ModalityAt(text, start, start+len("假货"))
		if got != want || m != marker {
			t.Errorf("%s: %s (%q), want %s (%q)", text, got, m, want, marker)
		}
	}
	for _, w := range reportMarkers {
		check(w, Reported, w)
	}
	for _, w := range conditionals {
		check(w, Hypothetical, w)
	}
	for _, w := range epistemics {
		if w == "会不会" {
			check(w, Question, w) // a question before a supposition
			continue
		}
		check(w, Hypothetical, w)
	}
	for _, w := range questionWords {
		check(w, Question, w)
	}
	for _, f := range falseFriends {
		check(f, Asserted, "")
	}
}
