package rules

import (
	"math/rand"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestSortCandidates compares sortCandidates with slices.Sort on random
// candidate sets, few and many, and checks it leaves the bitmap clear.
func TestSortCandidates(t *testing.T) {
	r := rand.New(rand.NewSource(15))
	for i := 0; i < 500; i++ {
		nrules := 1 + r.Intn(20000)
		set := make([]uint64, (nrules+63)/64)
		ncands := r.Intn(min(nrules, 1+[]int{8, 100, 2000}[i%3]))
		var cands []int32
		for _, c := range r.Perm(nrules)[:ncands] {
			cands = append(cands, int32(c))
			set[c>>6] |= 1 << (c & 63)
		}
		want := slices.Sorted(slices.Values(cands))
		got := sortCandidates(cands, set)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("%d rules, %d candidates (-want +got):\n%s", nrules, ncands, diff)
		}
		if slices.ContainsFunc(set, func(w uint64) bool { return w != 0 }) {
			t.Fatalf("%d rules, %d candidates: bitmap not cleared", nrules, ncands)
		}
	}
}
