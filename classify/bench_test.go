package classify_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/tousu/tousu/classify"
)

// builtinTerms reads every term of the built-in policy: its lexicons and
// the terms written in rules' match lists (near items' own inline terms
// aside).
func builtinTerms(b *testing.B) []string {
	src, err := os.ReadFile("../triage/policy.yaml")
	if err != nil {
		b.Fatal(err)
	}
	var p struct {
		Lexicons map[string][]string
		Rules    []struct {
			Match struct{ Any, All, None []any } // near items are maps
		}
	}
	if err := yaml.Unmarshal(src, &p); err != nil {
		b.Fatal(err)
	}
	// Regular expressions (/…/) and number items (@money…) are not
	// automaton terms.
	special := func(t string) bool {
		return len(t) >= 2 && t[0] == '/' && t[len(t)-1] == '/' || strings.HasPrefix(t, "@")
	}
	var terms []string
	for _, l := range p.Lexicons {
		for _, t := range l {
			if !special(t) {
				terms = append(terms, t)
			}
		}
	}
	for _, r := range p.Rules {
		for _, it := range append(append(r.Match.Any, r.Match.All...), r.Match.None...) {
			if t, ok := it.(string); ok && !strings.HasPrefix(t, "$") && !special(t) {
				terms = append(terms, t)
			}
		}
	}
	return terms
}

// syntheticTerms makes n distinct two-to-four character terms from common
// characters, with a fixed seed.
func syntheticTerms(n int) []string {
	chars := []rune("的一是不了人我在有他这中大来上个国到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单据导影失拿网香似斯专石若兵弟谁校读志飞观争究包组造落视济喜离虽坏兴")
	r := rand.New(rand.NewPCG(3, 4))
	seen := map[string]bool{}
	var out []string
	for len(out) < n {
		k := 2 + r.IntN(3)
		var b strings.Builder
		for i := 0; i < k; i++ {
			b.WriteRune(chars[r.IntN(len(chars))])
		}
		if t := b.String(); !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

var benchText300 = "上周在你们店买的空气炸锅，用了两次就坏了，按键完全没反应。联系客服三天都没人回，退款申请一直没人处理，物流也慢得离谱。说好的赠品也没给，价格还比别家贵。再不解决我就给差评，还要打12315投诉！！！"

func BenchmarkFoldScan(b *testing.B) {
	texts := map[string]string{
		"100B": benchText300[:99],
		"300B": benchText300,
		"3KB":  strings.Repeat(benchText300, 10),
	}
	for _, set := range []struct {
		name  string
		terms []string
	}{{"builtin", builtinTerms(b)}, {"10000terms", syntheticTerms(10000)}} {
		m, err := classify.NewMatcher(set.terms)
		if err != nil {
			b.Fatal(err)
		}
		for _, size := range []string{"100B", "300B", "3KB"} {
			text := texts[size]
			b.Run(fmt.Sprintf("%s/%s", set.name, size), func(b *testing.B) {
				var s classify.Scratch
				b.SetBytes(int64(len(text)))
				b.ReportAllocs()
				start := cpuTime()
				for b.Loop() {
					m.Scan(&s, text)
				}
				reportCPU(b, start)
			})
		}
	}
}

// BenchmarkFoldScanOptions is BenchmarkFoldScan's 10,000-term case with
// each option on, on the same text and on the text with a space or a
// mark after every third character ("evasive").
func BenchmarkFoldScanOptions(b *testing.B) {
	var evasive strings.Builder
	for i, r := range []rune(benchText300) {
		evasive.WriteRune(r)
		if i%3 == 2 {
			evasive.WriteRune([]rune(" .·")[i/3%3])
		}
	}
	texts := []struct{ name, text string }{
		{"300B", benchText300},
		{"3KB", strings.Repeat(benchText300, 10)},
		{"evasive", evasive.String()},
	}
	terms := syntheticTerms(10000)
	for _, o := range []struct {
		name string
		opt  classify.Options
	}{
		{"spaces", classify.Options{Spaces: true}},
		{"confusables", classify.Options{Confusables: true}},
		{"spacebreaks", classify.Options{SpaceBreaks: true}},
		{"pinyin", classify.Options{Pinyin: true}},
		{"all", classify.Options{Spaces: true, Confusables: true, SpaceBreaks: true, Pinyin: true}},
	} {
		m, err := classify.NewMatcherWith(terms, o.opt)
		if err != nil {
			b.Fatal(err)
		}
		for _, t := range texts {
			b.Run(fmt.Sprintf("10000terms/%s/%s", o.name, t.name), func(b *testing.B) {
				var s classify.Scratch
				b.SetBytes(int64(len(t.text)))
				b.ReportAllocs()
				start := cpuTime()
				for b.Loop() {
					m.Scan(&s, t.text)
				}
				reportCPU(b, start)
			})
		}
	}
}
