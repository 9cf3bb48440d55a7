package classify

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// A Match is one occurrence of a term in a text.
type Match struct {
	// Term is the index of the term in the slice given to NewMatcher.
	Term int
	// Start and End are byte offsets of the occurrence in the original,
	// unfolded text: text[Start:End] is what the customer wrote.
	Start, End int
}

// ErrEmptyTerm reports a term that folds to nothing (it is empty or made only
// of invisible runes) and so could never match.
var ErrEmptyTerm = errors.New("term folds to nothing")

// A Matcher finds every occurrence of a fixed set of terms in folded text.
// Terms and text are folded with the same table (see FoldRune), so a term
// written once in simplified Chinese also matches its traditional,
// full-width and upper-case forms, and invisible runes inside the text do
// not break a match.
//
// A term that begins (ends) with an ASCII letter or digit only matches
// where the text has no ASCII letter or digit just before (after) it, so
// "315" does not match inside "12315" and "sue" does not match inside
// "issue".
//
// A Matcher is immutable and safe for concurrent use by multiple
// goroutines; per-call state lives in a Scratch.
type Matcher struct {
	terms [][]rune       // folded terms
	first map[rune][]int // first folded rune -> term indexes
}

// NewMatcher returns a Matcher for terms. Terms are matched by their index;
// duplicates are allowed and each reports its own matches. A term that folds
// to nothing is an error wrapping ErrEmptyTerm.
func NewMatcher(terms []string) (*Matcher, error) {
	m := &Matcher{terms: make([][]rune, len(terms)), first: make(map[rune][]int)}
	var errs []error
	for i, t := range terms {
		f := []rune(Fold(t))
		if len(f) == 0 {
			errs = append(errs, fmt.Errorf("term %q: %w", t, ErrEmptyTerm))
			continue
		}
		m.terms[i] = f
		m.first[f[0]] = append(m.first[f[0]], i)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return m, nil
}

// Len reports the number of terms.
func (m *Matcher) Len() int { return len(m.terms) }

// Scratch holds the per-call buffers of a scan. The zero value is ready to
// use. A Scratch must not be used by two goroutines at once; reuse one per
// goroutine (or take it from a sync.Pool) to scan without allocating.
type Scratch struct {
	runes []rune
	start []int32 // byte offset of each folded rune in the original text
	end   []int32 // byte offset just past it
	out   []Match
}

// Scan returns every occurrence of every term in text, overlaps included,
// ordered by start offset and then by term index. The returned slice is
// owned by s and valid until the next Scan with s.
func (m *Matcher) Scan(s *Scratch, text string) []Match {
	s.runes, s.start, s.end = s.runes[:0], s.start[:0], s.end[:0]
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		f := FoldRune(r)
		if f >= 0 {
			s.runes = append(s.runes, f)
			s.start = append(s.start, int32(i))
			s.end = append(s.end, int32(i+size))
		}
		i += size
	}
	s.out = s.out[:0]
	rs := s.runes
	for i, r := range rs {
		for _, t := range m.first[r] {
			term := m.terms[t]
			if len(term) > len(rs)-i || !equalRunes(rs[i:i+len(term)], term) {
				continue
			}
			if isWordRune(term[0]) && i > 0 && isWordRune(rs[i-1]) {
				continue
			}
			last := i + len(term) - 1
			if isWordRune(term[len(term)-1]) && last+1 < len(rs) && isWordRune(rs[last+1]) {
				continue
			}
			s.out = append(s.out, Match{Term: t, Start: int(s.start[i]), End: int(s.end[last])})
		}
	}
	sortMatches(s.out)
	return s.out
}

func equalRunes(a, b []rune) bool {
	for i := range b {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// isWordRune reports whether r is an ASCII letter or digit: the runes that
// word-boundary checks apply to.
func isWordRune(r rune) bool {
	return r < utf8.RuneSelf && ('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9')
}

// sortMatches orders matches by start, then term, with an insertion sort:
// matches arrive almost sorted (by start already), so this is linear in
// practice and does not allocate.
func sortMatches(ms []Match) {
	for i := 1; i < len(ms); i++ {
		for j := i; j > 0 && less(ms[j], ms[j-1]); j-- {
			ms[j], ms[j-1] = ms[j-1], ms[j]
		}
	}
}

func less(a, b Match) bool {
	if a.Start != b.Start {
		return a.Start < b.Start
	}
	return a.Term < b.Term
}
