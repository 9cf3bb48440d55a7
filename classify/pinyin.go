package classify

//go:generate sh -c "cd internal/pinyingen && go run . -o ../../pinyin_table.go"

// maxPinyinSpellings is the most spellings Options.Pinyin gives one term
// (each written both run together and with spaces).
const maxPinyinSpellings = 8

// pinyinReadings returns the toneless readings of the folded rune f, most
// common first, or nil when the table has none.
func pinyinReadings(f rune) []string {
	if f < pinyinLo || f > pinyinHi {
		return nil
	}
	var out []string
	for v := pinyinOf[f-pinyinLo]; v != 0; v >>= pinyinBits {
		out = append(out, pinyinSyllables[v&(1<<pinyinBits-1)])
	}
	return out
}

// pinyinPatterns returns the pinyin spellings of a folded term pattern, as
// patterns: for each spelling, the syllables run together (laji) and
// separated by single spaces (la ji). A pattern gets spellings only when it
// is two or more Chinese characters, each with a reading. Spellings are
// ordered by how far they stray from each character's most common reading
// (垃圾 gives laji, then laji's second reading of 圾, lajie), and there are
// at most maxPinyinSpellings.
func pinyinPatterns(p []rune) [][]rune {
	if len(p) < 2 {
		return nil
	}
	readings := make([][]string, len(p))
	maxSum := 0
	for i, r := range p {
		if readings[i] = pinyinReadings(r); readings[i] == nil {
			return nil
		}
		maxSum += len(readings[i]) - 1
	}
	var out [][]rune
	choice := make([]int, len(p))
	// emit appends the spellings whose reading ranks, from position i on,
	// add up to sum.
	var emit func(i, sum int)
	emit = func(i, sum int) {
		if len(out) >= 2*maxPinyinSpellings {
			return
		}
		if i == len(p) {
			if sum == 0 {
				var joined, spaced []rune
				for k, c := range choice {
					if k > 0 {
						spaced = append(spaced, ' ')
					}
					joined = append(joined, []rune(readings[k][c])...)
					spaced = append(spaced, []rune(readings[k][c])...)
				}
				out = append(out, joined, spaced)
			}
			return
		}
		for c := 0; c < len(readings[i]) && c <= sum; c++ {
			choice[i] = c
			emit(i+1, sum-c)
		}
	}
	for sum := 0; sum <= maxSum; sum++ {
		emit(0, sum)
	}
	return out
}
