package classify

import (
	"unicode"
	"unicode/utf8"
)

// Signals are properties of a complaint's text that rules can test besides
// its terms: punctuation runs, shouting, emoji, length.
type Signals struct {
	// Length is the number of runes in the text.
	Length int `json:"length" expr:"length"`
	// Exclamations counts exclamation marks (! and ！ and the like).
	Exclamations int `json:"exclamations" expr:"exclamations"`
	// ExclamationRun is the longest run of consecutive exclamation marks
	// (！！！ is 3).
	ExclamationRun int `json:"exclamation_run" expr:"exclamation_run"`
	// Questions counts question marks (? and ？).
	Questions int `json:"questions" expr:"questions"`
	// QuestionRun is the longest run of consecutive question marks.
	QuestionRun int `json:"question_run" expr:"question_run"`
	// Repeats is the length of the longest run of one repeated rune that is
	// a letter, a Han character or punctuation (啊啊啊啊 is 4).
	Repeats int `json:"repeats" expr:"repeats"`
	// Shouting is true when the text has at least four ASCII letters and
	// at least two thirds of them are upper case.
	Shouting bool `json:"shouting" expr:"shouting"`
	// Emoji counts pictographic runes (emoji and symbols).
	Emoji int `json:"emoji" expr:"emoji"`
	// Invalid counts invalid UTF-8 bytes and U+FFFD replacement characters.
	Invalid int `json:"invalid" expr:"invalid"`
	// Negations counts the term occurrences a negator negated (不是假货),
	// and Contrast is true when the text has a contrast word (但是, 可是,
	// 不过, 就是 …). Both are set by Matcher.Scan, not by ComputeSignals.
	Negations int  `json:"negations" expr:"negations"`
	Contrast  bool `json:"contrast" expr:"contrast"`
	// Truncated is true when the engine triaged only a prefix of the text.
	Truncated bool `json:"truncated" expr:"truncated"`
}

// ComputeSignals measures the signals of text. It does not allocate.
// Matcher.Scan measures the same signals during its pass (Scratch.Signals).
func ComputeSignals(text string) Signals {
	m := signalMeter{prev: -1}
	for i := 0; i < len(text); {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		i += size
		m.add(r)
	}
	return m.finish()
}

// signalMeter accumulates Signals one rune at a time.
type signalMeter struct {
	s                                Signals
	upper, letters, run, exRun, qRun int
	prev                             rune
	// digitGap records that an ASCII or full-width digit came after
	// another with at least one rune between and no ideograph: the one
	// way a number separator (1,299元, 6.8升), which stands between two
	// digits with nothing visible besides, can occur. The scan tests its
	// hits for separators only then. other counts the runes that are not
	// ideographs, so the ideographs' path stays as it was; digitLen and
	// digitOther are Length and other at the last digit.
	digitGap             bool
	other                int
	digitLen, digitOther int
}

// fresh counts r and reports true if r is a CJK ideograph unlike the
// rune before it, most runes of a Chinese text; it leaves any other rune
// to add. It is small enough for the compiler to inline into the scan
// loops, which call add only when it reports false.
func (m *signalMeter) fresh(r rune) bool {
	if r < 0x3400 || r > 0x9FFF || r == m.prev {
		return false
	}
	m.s.Length++
	m.exRun, m.qRun, m.run = 0, 0, 1
	m.prev = r
	return true
}

// add counts rune r.
func (m *signalMeter) add(r rune) {
	s := &m.s
	s.Length++
	if 0x3400 <= r && r <= 0x9FFF { // CJK ideographs: most of the text
		m.exRun, m.qRun = 0, 0
		if r == m.prev {
			m.run++
			s.Repeats = max(s.Repeats, m.run)
		} else {
			m.run = 1
		}
		m.prev = r
		return
	}
	ex, q := false, false
	m.other++
	if r < utf8.RuneSelf {
		switch {
		case 'a' <= r && r <= 'z':
			m.letters++
		case 'A' <= r && r <= 'Z':
			m.upper++
			m.letters++
		case r == '!':
			ex = true
		case r == '?':
			q = true
		case '0' <= r && r <= '9':
			m.digit()
		}
	} else {
		switch {
		case r == utf8.RuneError:
			s.Invalid++
		case '０' <= r && r <= '９':
			m.digit()
		case isExclamation(r):
			ex = true
		case isQuestion(r):
			q = true
		case isEmoji(r):
			s.Emoji++
		}
	}
	if ex {
		s.Exclamations++
		m.exRun++
		s.ExclamationRun = max(s.ExclamationRun, m.exRun)
	} else {
		m.exRun = 0
	}
	if q {
		s.Questions++
		m.qRun++
		s.QuestionRun = max(s.QuestionRun, m.qRun)
	} else {
		m.qRun = 0
	}
	if r == m.prev && !unicode.IsSpace(r) && !unicode.IsDigit(r) {
		m.run++
		if m.run > s.Repeats {
			s.Repeats = m.run
		}
	} else {
		m.run = 1
	}
	m.prev = r
}

// digit notes an ASCII or full-width digit, the rune just added: a
// digit gap if runes stood between it and the last digit and none of them
// was an ideograph (digitLen is 0 before the first digit).
func (m *signalMeter) digit() {
	between := m.s.Length - 1 - m.digitLen
	if m.digitLen > 0 && between > 0 && m.other-1-m.digitOther == between {
		m.digitGap = true
	}
	m.digitLen, m.digitOther = m.s.Length, m.other
}

func (m *signalMeter) finish() Signals {
	m.s.Shouting = m.letters >= 4 && m.upper*3 >= m.letters*2
	return m.s
}

func isEmoji(r rune) bool {
	switch {
	case 0x1F000 <= r && r <= 0x1FAFF: // emoticons, pictographs, transport, supplemental
		return true
	case 0x2600 <= r && r <= 0x27BF: // misc symbols, dingbats
		return true
	case 0x2B00 <= r && r <= 0x2BFF:
		return true
	}
	return false
}

func isExclamation(r rune) bool {
	return r == '!' || r == '！' || r == '‼' || r == '❗' || r == '❕' || r == '﹗'
}

func isQuestion(r rune) bool {
	return r == '?' || r == '？' || r == '❓' || r == '⁉' || r == '﹖'
}
