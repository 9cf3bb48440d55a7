package classify

import (
	"strings"
	"unicode/utf8"
)

// A Modality says how an occurrence is meant: stated as a fact, or only
// supposed, asked about, reported from someone else, or quoted.
type Modality uint8

// Modalities, from the clause around an occurrence (see ModalityAt).
const (
	// Asserted: stated as a fact by the writer (收到的是假货).
	Asserted Modality = iota
	// Hypothetical: supposed, feared or conditional (万一是假货, 要是再不退款,
	// 估计是假货, 怕是假货, 出事的话).
	Hypothetical
	// Question: asked about or rhetorical (是假货吗？, 难道是假货, 会不会是假货).
	Question
	// Reported: said of or by someone else (听说有人被骗, 新闻报道, 我朋友被骗).
	Reported
	// Quoted: inside quotation marks (“假一赔十”).
	Quoted
	// Figurative: part of a figure of speech (气死我了, 笑死, 贵得要命,
	// 气炸了).
	Figurative
)

// String returns the modality's name as explain and the trace write it
// (asserted, hypothetical, question, reported, quoted, figurative).
func (m Modality) String() string {
	switch m {
	case Hypothetical:
		return "hypothetical"
	case Question:
		return "question"
	case Reported:
		return "reported"
	case Quoted:
		return "quoted"
	case Figurative:
		return "figurative"
	}
	return "asserted"
}

// modalityReach bounds, in runes each side, how far ModalityAt looks.
const modalityReach = 48

// Markers, folded (simplified Chinese). Each list is tried in order; a
// marker is skipped where one of its false friends stands (如果不是 asserts
// what it denies; 可怕 fears nothing).
var (
	// reportMarkers anywhere before the occurrence in its sentence.
	reportMarkers = []string{"听说", "据说", "听人说", "有人说", "别人说", "朋友说", "网上说", "网友说", "新闻", "报道", "媒体", "网传", "传言", "我朋友", "我同事", "我邻居", "我家人", "别人家", "有人"}
	// conditionals anywhere before it in its sentence.
	conditionals = []string{"万一", "要是", "如果", "假如", "假设", "若是", "倘若", "一旦", "如若"}
	// epistemics before it in its clause.
	epistemics = []string{"估计", "恐怕", "怕是", "怕", "担心", "可能", "也许", "说不定", "大概", "或许", "以防", "防止", "免得", "会不会"}
	// questionWords before it in its clause.
	questionWords = []string{"难道", "是不是", "有没有", "能不能", "是否", "会不会"}
	// falseFriends: a marker does not count where the text around it reads
	// one of these (the marker's position inside given by strings.Index).
	falseFriends = []string{"如果不是", "要不是", "若不是", "如果没有", "要是没有", "可怕", "哪怕", "不怕", "恐怕不", "不可能", "没有人", "没有新闻"}
)

// ModalityAt returns how the occurrence text[start:end] is meant, from
// markers in its clause and sentence (both folded, so traditional and
// full-width text read alike), and the marker that decided ("" for
// Asserted). The checks, first match wins: inside quotation marks
// (“”「」『』, or an odd number of " before it on its line) is Quoted;
// part of a figure of speech (气死, 笑死, 死我了, 得要命, 气炸) Figurative; a
// reporting marker before it in the sentence (听说, 据说, 新闻, 我朋友 …)
// Reported; a conditional before it in the sentence (万一, 要是, 如果 …),
// an epistemic word before it in the clause (估计, 怕, 可能 …) or 的话
// after it in the clause Hypothetical; 难道 or 是不是 before it, a
// sentence ending in ？, or in 吗, 么 or 嘛 (not 干吗, 什么; not an
// exclamation ending in ！ unless 难道 or 不是 makes it rhetorical)
// Question. False friends do not count: 如果不是, 要不是 (which assert),
// 可怕, 哪怕, 不可能, 没有人. It looks at most 48 runes each side.
func ModalityAt(text string, start, end int) (Modality, string) {
	if start < 0 || end > len(text) || start > end {
		return Asserted, ""
	}
	var buf [2 * modalityReach]rune
	// Before: the sentence up to the occurrence, folded, reversed into
	// buf, then turned around; clause is where its clause starts.
	n, clause := 0, -1
	for i := start; i > 0 && n < modalityReach; {
		r, size := utf8.DecodeLastRuneInString(text[:i])
		i -= size
		f := FoldRune(r)
		if f < 0 {
			continue
		}
		if isSentenceEnd(f) || f == '\n' {
			break
		}
		buf[n] = f
		n++
		if clause < 0 && isClauseBreak(f) {
			clause = n - 1
		}
	}
	if insideQuotes(text, start) {
		return Quoted, "“”"
	}
	if f := figure(text, start, end); f != "" {
		return Figurative, f
	}
	before := buf[:n]
	for i, j := 0, len(before)-1; i < j; i, j = i+1, j-1 {
		before[i], before[j] = before[j], before[i]
	}
	if clause < 0 {
		clause = n
	}
	sentence := string(before)
	clauseText := string(before[n-clause:])
	// After: the rest of the clause and how the sentence ends.
	m := 0
	after := buf[modalityReach:]
	clauseEnd := -1
	var terminator rune
	for i := end; i < len(text) && m < modalityReach; {
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		f := FoldRune(r)
		if f < 0 {
			continue
		}
		if isSentenceEnd(f) || f == '\n' {
			terminator = f
			break
		}
		if clauseEnd < 0 && isClauseBreak(f) {
			clauseEnd = m
		}
		after[m] = f
		m++
	}
	if clauseEnd < 0 {
		clauseEnd = m
	}
	if w := marker(sentence, reportMarkers); w != "" {
		return Reported, w
	}
	if w := marker(sentence, conditionals); w != "" {
		return Hypothetical, w
	}
	if w := marker(clauseText, epistemics); w != "" && w != "会不会" {
		return Hypothetical, w
	}
	if strings.HasPrefix(string(after[:clauseEnd]), "的话") || strings.Contains(string(after[:clauseEnd]), "的话") {
		return Hypothetical, "的话"
	}
	if w := marker(sentence, questionWords[:1]); w != "" {
		return Question, w
	}
	if w := marker(clauseText, questionWords[1:]); w != "" {
		return Question, w
	}
	if terminator == '?' || terminator == '？' {
		return Question, "？"
	}
	tail := strings.TrimRight(string(after[:m]), " 啊呀呢哈")
	if last, _ := utf8.DecodeLastRuneInString(tail); last == '吗' || last == '么' || last == '嘛' {
		whole := sentence + "·" + tail
		switch {
		case strings.HasSuffix(whole, "干吗") || strings.HasSuffix(whole, "干嘛") || strings.HasSuffix(whole, "什么") || strings.HasSuffix(whole, "怎么") || strings.HasSuffix(whole, "这么") || strings.HasSuffix(whole, "那么") || strings.HasSuffix(whole, "多么"):
		case (terminator == '!' || terminator == '！') && !strings.Contains(whole, "不是") && !strings.Contains(whole, "难道"):
			// 吗 in an exclamation: 你们就是骗子好吗！ asserts.
		default:
			return Question, string(last)
		}
	}
	return Asserted, ""
}

// marker returns the last marker of list in s that no false friend
// covers, or "".
func marker(s string, list []string) string {
	for _, w := range list {
		for from := 0; ; {
			i := strings.Index(s[from:], w)
			if i < 0 {
				break
			}
			i += from
			if !coveredByFriend(s, i, len(w)) {
				return w
			}
			from = i + len(w)
		}
	}
	return ""
}

// coveredByFriend reports whether s[i:i+n] lies inside a false friend.
func coveredByFriend(s string, i, n int) bool {
	for _, f := range falseFriends {
		for from := max(0, i-len(f)); from <= i && from < len(s); {
			j := strings.Index(s[from:], f)
			if j < 0 {
				break
			}
			j += from
			if j > i {
				break
			}
			if j+len(f) >= i+n {
				return true
			}
			from = j + 1
		}
	}
	return false
}

func isSentenceEnd(f rune) bool {
	switch f {
	case '。', '！', '？', '!', '?', '；', ';':
		return true
	}
	return false
}

func isClauseBreak(f rune) bool {
	switch f {
	case '，', ',', '、', '：', ':':
		return true
	}
	return false
}

// insideQuotes reports whether text[start:] begins inside quotation
// marks: the nearest of “「『 and ”」』 before it on its line (up to 300
// bytes) is an opening one, or an odd number of " (or ＂) stand before it
// there. It reads bytes: every mark it looks for is a fixed sequence.
func insideQuotes(text string, start int) bool {
	ascii, decided, inside := 0, false, false
	for i := start - 1; i >= 0 && start-i <= 300; i-- {
		c := text[i]
		if c == '\n' {
			break
		}
		if c == '"' {
			ascii++
			continue
		}
		if i < 2 || c < 0x80 {
			continue
		}
		switch p0, p1 := text[i-2], text[i-1]; {
		case p0 == 0xE2 && p1 == 0x80 && (c == 0x9C || c == 0x9D): // “ ”
			if !decided {
				decided, inside = true, c == 0x9C
			}
		case p0 == 0xE3 && p1 == 0x80 && 0x8C <= c && c <= 0x8F: // 「 」 『 』
			if !decided {
				decided, inside = true, c == 0x8C || c == 0x8E
			}
		case p0 == 0xEF && p1 == 0xBC && c == 0x82: // ＂
			ascii++
		}
	}
	return inside || ascii%2 == 1
}
