package classify

import (
	"slices"
	"unicode/utf8"
)

// figures are figures of speech that hold harm words: an occurrence
// that overlaps one is not meant literally.
var figures = []string{"气死", "笑死", "累死", "饿死", "烦死", "急死", "吓死", "热死", "冷死", "困死", "渴死", "丑死", "闷死", "死我了", "得要死", "要死要活", "得要命", "要了我的命", "气炸", "炸毛", "心态崩", "杀了我吧"}

// figure returns the figure of speech text[start:end] is part of, or "":
// it looks at four runes each side, folded.
func figure(text string, start, end int) string {
	var buf [48]rune
	n := 0
	// Up to four runes before start, then the occurrence, then four after.
	lo := start
	for k := 0; k < 4 && lo > 0; k++ {
		_, size := utf8.DecodeLastRuneInString(text[:lo])
		lo -= size
	}
	hi := end
	for k := 0; k < 4 && hi < len(text); k++ {
		_, size := utf8.DecodeRuneInString(text[hi:])
		hi += size
	}
	from, to := -1, -1 // the occurrence in buf
	for i := lo; i < hi && n < len(buf); {
		if i >= start && from < 0 {
			from = n
		}
		if i >= end && to < 0 {
			to = n
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		if f := FoldRune(r); f >= 0 {
			buf[n] = f
			n++
		}
	}
	if from < 0 {
		return ""
	}
	if to < 0 {
		to = n
	}
	s := buf[:n]
	for _, f := range figureRunes {
		for i := 0; i+len(f) <= len(s); i++ {
			if i < to && i+len(f) > from && slices.Equal(s[i:i+len(f)], f) {
				return string(f)
			}
		}
	}
	return ""
}

var figureRunes = func() [][]rune {
	out := make([][]rune, len(figures))
	for i, f := range figures {
		out[i] = []rune(f)
	}
	return out
}()
