// Temporary stand-in for the generated fold table; replaced by fold.go.

package classify

import "unicode"

func FoldRune(r rune) rune {
	if r == 0x200b || r == 0xfeff {
		return -1
	}
	if r >= 0xFF01 && r <= 0xFF5E {
		r = r - 0xFF01 + 0x21
	}
	return unicode.ToLower(r)
}

func Fold(s string) string {
	var out []rune
	for _, r := range s {
		if f := FoldRune(r); f >= 0 {
			out = append(out, f)
		}
	}
	return string(out)
}
