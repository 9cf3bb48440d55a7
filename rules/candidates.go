package rules

import (
	"math/bits"
	"slices"
)

// sortCandidates returns the candidate rule indices cands in increasing
// order, reusing cands' storage. Each candidate is also a bit in set (bit
// r%64 of word r/64), which it leaves all zero for the next evaluation.
// Few candidates are sorted; many are read off the bitmap in order, in
// O(len(set) + len(cands)), where a sort of the hundreds of candidates a
// large policy can have would cost O(n log n).
func sortCandidates(cands []int32, set []uint64) []int32 {
	if len(cands)*8 < len(set) {
		for _, r := range cands {
			set[r>>6] = 0
		}
		slices.Sort(cands)
		return cands
	}
	cands = cands[:0]
	for w, word := range set {
		for word != 0 {
			cands = append(cands, int32(w<<6|bits.TrailingZeros64(word)))
			word &= word - 1
		}
		set[w] = 0
	}
	return cands
}
