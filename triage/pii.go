package triage

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaskPII returns text with personal numbers and e-mail addresses replaced
// by a mask that names their kind and keeps their last four characters:
//
//	手机号 mainland mobile, 1[3-9] and 9 more digits, also after +86, 0086 or 86: [手机号****5678]
//	座机   landline with its area code, 0 and 9–11 more digits, or after +86/0086 without the 0: [座机****5678]
//	身份证 resident ID, 18 digits (the last may be X) or 15, with a plausible birth date: [身份证****123X]
//	银行卡 card, 13–19 digits passing the Luhn check: [银行卡****0128]
//	邮箱   e-mail address, ASCII or full-width: [邮箱]
//
// Numbers are read on normalised digits: ASCII, full-width, mathematical
// (U+1D7CE–U+1D7FF) and any other Unicode decimal digits; separators between
// digits (spaces of any kind including NBSP and U+3000, any number of
// them, tabs, '-' and the dashes ‐ ‑ ‒ – — ― − ﹣ －, dots . ． · ・, and
// parentheses) and invisible characters (format characters such as the
// zero-width space, combining marks, variation selectors) are skipped. A
// run of digits joined by separators is masked whole when it is one
// number, else number by number on its separator-delimited groups (so
// "订单 2 138 1234 5678" masks the mobile and keeps the 2).
//
// Not masked: names, addresses, QQ and WeChat ids, licence plates, order
// numbers, landlines without an area code, and digit runs that are none
// of the kinds above, such as a 20-digit tracking number or 16 digits
// failing the Luhn check. Text is never otherwise changed.
func MaskPII(text string) string {
	var m masker
	prev := 0
	for _, e := range piiEmail.FindAllStringIndex(text, -1) {
		m.scan(text, prev, e[0])
		m.spans = append(m.spans, piiSpan{e[0], e[1], "[邮箱]"})
		prev = e[1]
	}
	m.scan(text, prev, len(text))
	if len(m.spans) == 0 {
		return text
	}
	var b strings.Builder
	b.Grow(len(text))
	last := 0
	for _, s := range m.spans {
		b.WriteString(text[last:s.start])
		b.WriteString(s.mask)
		last = s.end
	}
	b.WriteString(text[last:])
	return b.String()
}

// piiEmail matches an e-mail address written in ASCII or full-width
// characters.
var piiEmail = regexp.MustCompile(`[A-Za-z0-9Ａ-Ｚａ-ｚ０-９._%+\-．＿－]+[@＠][A-Za-z0-9Ａ-Ｚａ-ｚ０-９\-－]+(?:[.．][A-Za-z0-9Ａ-Ｚａ-ｚ０-９\-－]+)*[.．][A-Za-zＡ-Ｚａ-ｚ]{2,}`)

// A piiSpan is a masked byte range of the text and its mask.
type piiSpan struct {
	start, end int
	mask       string
}

// maxNumberDigits is the most digits a masked number has: a 19-digit card,
// or 0086 and a mobile.
const maxNumberDigits = 19 + 4

// A masker collects the masked spans of one text, in order.
type masker struct {
	spans []piiSpan
	// The current run of digits: each digit ('0'–'9', or 'X' last), the
	// byte offsets where it starts and ends, and whether a separator
	// comes before it (it starts a group).
	digits     []byte
	start, end []int
	group      []bool
	plus       int // offset of a '+' before the run, or -1
}

// scan masks the numbers in text[from:to].
func (m *masker) scan(text string, from, to int) {
	for i := from; i < to; {
		r, size := utf8.DecodeRuneInString(text[i:to])
		plus := -1
		if r == '+' && i+size < to {
			if r2, _ := utf8.DecodeRuneInString(text[i+size : to]); isDigit(r2) {
				plus, i = i, i+size
				r, size = r2, 0
			}
		}
		if isDigit(r) {
			m.plus = plus
			i = m.run(text, i, to)
			m.classify(text)
			continue
		}
		i += size
	}
}

// run reads the run of digits starting at text[i], a digit, and returns the
// offset after its last digit.
func (m *masker) run(text string, i, to int) int {
	m.digits, m.start, m.end, m.group = m.digits[:0], m.start[:0], m.end[:0], m.group[:0]
	sep, end := false, i
	for i < to {
		r, size := utf8.DecodeRuneInString(text[i:to])
		if v, ok := digitValue(r); ok {
			m.add(byte('0'+v), i, i+size, sep || len(m.digits) == 0)
			sep, i, end = false, i+size, i+size
			continue
		}
		switch {
		case isInvisible(r):
			i += size
			continue
		case isSeparator(r):
			sep, i = true, i+size
			continue
		case (r == 'X' || r == 'x' || r == 'Ｘ' || r == 'ｘ') && !sep && !letterOrDigitAfter(text, i+size, to):
			// The check character of an ID number ends the run.
			m.add('X', i, i+size, false)
			end = i + size
		}
		break
	}
	return end
}

func (m *masker) add(d byte, start, end int, group bool) {
	m.digits = append(m.digits, d)
	m.start = append(m.start, start)
	m.end = append(m.end, end)
	m.group = append(m.group, group)
}

// letterOrDigitAfter reports whether the first visible rune of
// text[i:to] is a letter or a digit.
func letterOrDigitAfter(text string, i, to int) bool {
	for i < to {
		r, size := utf8.DecodeRuneInString(text[i:to])
		if !isInvisible(r) {
			return unicode.IsLetter(r) || isDigit(r)
		}
		i += size
	}
	return false
}

// classify masks the numbers of the current run: from each group not yet
// masked, the longest span of whole groups that is a number of a known
// kind.
func (m *masker) classify(text string) {
	n := len(m.digits)
	for a := 0; a < n; {
		found := false
		for b := m.lastEnd(a); b > a; b = m.prevEnd(a, b) {
			kind, last := numberKind(m.digits[a:b], a == 0 && m.plus >= 0), b
			if kind == "" && m.digits[b-1] == 'X' && b-1 > a {
				kind, last = numberKind(m.digits[a:b-1], a == 0 && m.plus >= 0), b-1
			}
			if kind == "" {
				continue
			}
			m.mask(text, a, last, kind)
			a, found = last, true
			break
		}
		if !found {
			a = m.nextGroup(a)
		}
	}
}

// lastEnd returns the furthest group end after a within maxNumberDigits.
func (m *masker) lastEnd(a int) int {
	b := m.nextGroup(a)
	for b < len(m.digits) && b-a < maxNumberDigits {
		next := m.nextGroup(b)
		if next-a > maxNumberDigits {
			break
		}
		b = next
	}
	return b
}

// prevEnd returns the group end before b, after a; a when there is none.
func (m *masker) prevEnd(a, b int) int {
	for b--; b > a && !m.group[b]; b-- {
	}
	return b
}

// nextGroup returns the start of the group after the one holding digit a.
func (m *masker) nextGroup(a int) int {
	for a++; a < len(m.digits) && !m.group[a]; a++ {
	}
	return a
}

// mask records the digits [a, b) of the run as a number of the kind.
func (m *masker) mask(text string, a, b int, kind string) {
	start, end := m.start[a], m.end[b-1]
	if a == 0 && m.plus >= 0 {
		start = m.plus
	}
	// "(010) 1234 5678": take the opening parenthesis with the closing one.
	if strings.ContainsAny(text[start:end], ")）") {
		if strings.HasSuffix(text[:start], "(") {
			start--
		} else if strings.HasSuffix(text[:start], "（") {
			start -= len("（")
		}
	}
	d := m.digits[a:b]
	m.spans = append(m.spans, piiSpan{start, end, "[" + kind + "****" + string(d[max(0, len(d)-4):]) + "]"})
}

// numberKind names the kind of number d is, or "". plus says a '+' came
// before it.
func numberKind(d []byte, plus bool) string {
	n := len(d)
	if n == 0 {
		return ""
	}
	if d[n-1] == 'X' {
		if n == 18 && isID18(d) {
			return "身份证"
		}
		return ""
	}
	// International prefixes: +86, 0086 and, before a mobile, 86.
	var rest []byte
	intl := false
	switch {
	case n > 4 && string(d[:4]) == "0086":
		rest, intl = d[4:], true
	case n > 2 && string(d[:2]) == "86":
		rest, intl = d[2:], plus
	}
	switch {
	case isMobile(d) || rest != nil && isMobile(rest):
		return "手机号"
	case n == 18 && isID18(d) || n == 15 && isID15(d):
		return "身份证"
	case n >= 10 && n <= 12 && d[0] == '0' && d[1] != '0',
		intl && rest[0] != '0' && len(rest) >= 9 && len(rest) <= 11:
		return "座机"
	case n >= 13 && n <= 19 && d[0] != '0' && luhn(d):
		return "银行卡"
	}
	return ""
}

func isMobile(d []byte) bool {
	return len(d) == 11 && d[0] == '1' && d[1] >= '3'
}

// isID18 checks the shape of an 18-character resident ID number: a region
// code not starting with 0, a birth date in 1800–2099 and three digits and
// a check character (not verified: a mistyped number is still personal).
func isID18(d []byte) bool {
	return d[0] != '0' && (string(d[6:8]) == "18" || string(d[6:8]) == "19" || string(d[6:8]) == "20") &&
		isDate(d[10:14]) && allDigits(d[:17])
}

// isID15 checks the shape of a 15-digit resident ID number (issued before
// 1999): region, two-digit year, month and day, three digits.
func isID15(d []byte) bool {
	return d[0] != '0' && isDate(d[8:12]) && allDigits(d)
}

// isDate checks MMDD.
func isDate(d []byte) bool {
	month := int(d[0]-'0')*10 + int(d[1]-'0')
	day := int(d[2]-'0')*10 + int(d[3]-'0')
	return month >= 1 && month <= 12 && day >= 1 && day <= 31
}

func allDigits(d []byte) bool {
	for _, c := range d {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// luhn reports whether d passes the Luhn check of card numbers.
func luhn(d []byte) bool {
	sum := 0
	for i := range d {
		v := int(d[len(d)-1-i] - '0')
		if i%2 == 1 {
			if v *= 2; v > 9 {
				v -= 9
			}
		}
		sum += v
	}
	return sum%10 == 0
}

// isDigit reports whether r is a decimal digit of any script.
func isDigit(r rune) bool {
	_, ok := digitValue(r)
	return ok
}

// digitValue returns the value of a decimal digit of any script.
func digitValue(r rune) (int, bool) {
	switch {
	case r >= '0' && r <= '9':
		return int(r - '0'), true
	case r < utf8.RuneSelf:
		return 0, false
	case r >= '０' && r <= '９':
		return int(r - '０'), true
	case r >= 0x1D7CE && r <= 0x1D7FF: // mathematical digits, five sets of 0–9
		return int(r-0x1D7CE) % 10, true
	case unicode.IsDigit(r):
		// Unicode encodes every set of decimal digits as a contiguous
		// 0–9; sets may follow one another.
		n := 0
		for unicode.IsDigit(r - rune(n) - 1) {
			n++
		}
		return n % 10, true
	}
	return 0, false
}

// isSeparator reports whether r may stand between the digits of a number.
func isSeparator(r rune) bool {
	switch r {
	case '\t', '-', '.', '(', ')',
		'‐', '‑', '‒', '–', '—', '―', '−', '﹣', '－',
		'．', '·', '・', '（', '）':
		return true
	}
	return unicode.Is(unicode.Zs, r)
}

// isInvisible reports whether r is invisible or attaches to the character
// before it: format characters (zero-width space and joiners, the byte
// order mark, direction marks), combining marks and variation selectors.
func isInvisible(r rune) bool {
	return r >= utf8.RuneSelf && unicode.In(r, unicode.Cf, unicode.Mn, unicode.Me)
}
