package rules

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"
)

// hugePolicy has n rules, each with its own term.
func hugePolicy(n int) []byte {
	var b strings.Builder
	b.WriteString("version: 1\nrules:\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "  - id: r%d\n    cause: price\n    match: {any: [贵%d]}\n", i, i)
	}
	b.WriteString(tail)
	return []byte(b.String())
}

func TestHostilePolicies(t *testing.T) {
	laughs := "version: 1\nlexicons:\n  a: &a [哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈]\n  b: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n  c: &c [*b, *b, *b, *b, *b, *b, *b, *b]\n  d: [*c, *c, *c, *c, *c, *c, *c, *c]\n" + tail
	tests := []struct {
		name string
		lim  Limits
		src  []byte
		want string // the first error line
	}{
		{"billion laughs", Limits{}, []byte(laughs), `p.yaml:3:6: anchors (&a) are not allowed`},
		{"deep flow nesting", Limits{}, []byte("version: 1\nname: " + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + "\n"), `p.yaml:2: exceeded max depth of 10000`},
		{"deep block nesting", Limits{}, []byte("version: 1\nname:\n" + strings.Repeat("- ", 20000) + "x\n"), `p.yaml:2: exceeded max depth of 10000`},
		{"100,000 rules", Limits{MaxFileBytes: 16 << 20}, hugePolicy(100000), `p.yaml:60003:5: more than 20000 rules (the limit); this file has 100000`},
		{"file size", Limits{MaxFileBytes: 1000}, hugePolicy(100), `p.yaml: file is 5541 bytes, more than the limit of 1000`},
		{"term length", Limits{MaxTermRunes: 4}, []byte("version: 1\nlexicons:\n  x: [太贵了太贵了]\n" + tail), `p.yaml:3:7: lexicon "x": term "太贵了太贵了" is 6 characters, more than the limit of 4`},
		{"expression size", Limits{MaxExprNodes: 10}, []byte("version: 1\nrules:\n  - id: r\n    cause: price\n    when: length > 1 && length > 2 && length > 3 && length > 4\n" + tail), `p.yaml:5:50: rule "r": when: compilation failed: expression exceeds maximum allowed nodes`},
		{"lexicon count", Limits{MaxLexicons: 1}, []byte("version: 1\nlexicons:\n  a: [贵]\n  b: [贱]\n" + tail), `p.yaml:1:1: the policy has 2 lexicons, more than the limit of 1`},
		{"term count", Limits{MaxTerms: 2}, []byte("version: 1\nlexicons:\n  a: [贵, 贱, 坏]\n" + tail), `p.yaml:1:1: the policy has 3 distinct terms, more than the limit of 2`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			start := time.Now()
			_, err := parseCompile("p.yaml", tt.src, WithLimits(tt.lim))
			elapsed := time.Since(start)
			runtime.ReadMemStats(&after)
			if err == nil {
				t.Fatal("loaded, want an error")
			}
			first := strings.SplitN(err.Error(), "\n", 2)[0]
			if first != tt.want {
				t.Errorf("first error:\n got %s\nwant %s", first, tt.want)
			}
			// Bounds: the heap allocated stays within 64 times the input,
			// and a generous wall-clock guard catches a hang.
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > uint64(64*len(tt.src))+(16<<20) {
				t.Errorf("allocated %d bytes for a %d-byte policy", alloc, len(tt.src))
			}
			if elapsed > 30*time.Second {
				t.Errorf("took %v", elapsed)
			}
		})
	}
}
