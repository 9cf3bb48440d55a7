// Command foldgen generates classify's rune fold table.
//
// It is a module of its own so that the library's go.mod gains nothing from
// it. Run it through go generate in classify:
//
//	go generate ./classify
//
// For every rune it composes, to a fixed point: NFKC single-rune mappings,
// width folding for the runes NFKC leaves, case folding (after width
// folding, so Ａ becomes a), Traditional→Simplified Chinese from OpenCC's
// TWVariantsRev, HKVariantsRev and TSCharacters (one-character entries,
// first candidate), and invisible runes (Default_Ignorable_Code_Point),
// which fold to -1. Simplified characters are kept as they are: a variant
// mapping whose source is itself a simplified form (么 → 幺) is skipped.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"go/format"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	// Imported for its dictionary files, which the generator reads from
	// the module's directory; the import pins the version in go.sum.
	_ "github.com/longbridgeapp/opencc"
	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
)

const openccModule = "github.com/longbridgeapp/opencc"

func main() {
	out := flag.String("o", "fold_table.go", "output file")
	flag.Parse()
	dir, err := moduleDir(openccModule)
	if err != nil {
		log.Fatal(err)
	}
	dict := filepath.Join(dir, "dictionary")
	ts := readDict(filepath.Join(dict, "TSCharacters.txt"))
	variants := readDict(filepath.Join(dict, "TWVariantsRev.txt"))
	for k, v := range readDict(filepath.Join(dict, "HKVariantsRev.txt")) {
		if _, ok := variants[k]; !ok {
			variants[k] = v
		}
	}
	simplified := map[rune]bool{}
	for _, v := range ts {
		simplified[v] = true
	}
	skipped := 0
	for k := range variants {
		if simplified[k] {
			delete(variants, k)
			skipped++
		}
	}
	step := func(r rune) rune {
		if invisible(r) {
			return -1
		}
		if s := norm.NFKC.String(string(r)); utf8.RuneCountInString(s) == 1 {
			r, _ = utf8.DecodeRuneInString(s)
		}
		if s := width.Fold.String(string(r)); utf8.RuneCountInString(s) == 1 {
			r, _ = utf8.DecodeRuneInString(s)
		}
		if s := cases.Fold().String(string(r)); utf8.RuneCountInString(s) == 1 {
			r, _ = utf8.DecodeRuneInString(s)
		}
		if v, ok := variants[r]; ok {
			r = v
		}
		if v, ok := ts[r]; ok {
			r = v
		}
		return r
	}
	var pairs [][2]rune
	cycles := 0
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if 0xD800 <= r && r <= 0xDFFF {
			continue
		}
		f := r
		seen := map[rune]bool{}
		for {
			n := step(f)
			if n == f || n < 0 {
				f = n
				break
			}
			if seen[n] { // a cycle: settle on its smallest rune
				cycles++
				if os.Getenv("FOLDGEN_DEBUG") != "" {
					log.Printf("cycle from %c: %v", r, seen)
				}
				m := n
				for x := range seen {
					m = min(m, x)
				}
				f = m
				break
			}
			seen[n] = true
			f = n
		}
		if f != r {
			pairs = append(pairs, [2]rune{r, f})
		}
	}
	sort.Slice(pairs, func(i, j int) bool { return pairs[i][0] < pairs[j][0] })
	src := render(pairs, len(ts), len(variants), skipped)
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		log.Fatal(err)
	}
	log.Printf("foldgen: %d mappings (%d TSCharacters, %d variants, %d variant entries skipped as simplified forms, %d cycles) → %s", len(pairs), len(ts), len(variants), skipped, cycles, *out)
}

// invisible reports the runes matching skips: Unicode's
// Default_Ignorable_Code_Point (zero-width spaces and joiners, soft hyphen,
// bidi controls, variation selectors, tags…).
func invisible(r rune) bool {
	switch {
	case r == 0x00AD, r == 0x034F, r == 0x061C, r == 0x115F, r == 0x1160,
		r == 0x17B4, r == 0x17B5, 0x180B <= r && r <= 0x180F,
		0x200B <= r && r <= 0x200F, 0x202A <= r && r <= 0x202E,
		0x2060 <= r && r <= 0x206F, r == 0x3164, 0xFE00 <= r && r <= 0xFE0F,
		r == 0xFEFF, r == 0xFFA0, 0xFFF0 <= r && r <= 0xFFF8,
		0x1BCA0 <= r && r <= 0x1BCA3, 0x1D173 <= r && r <= 0x1D17A,
		0xE0000 <= r && r <= 0xE0FFF:
		return true
	}
	return false
}

// readDict reads an OpenCC dictionary, keeping one-character entries and
// their first candidate.
func readDict(path string) map[rune]rune {
	f, err := os.Open(path)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	m := map[rune]rune{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), "\t")
		if !ok {
			continue
		}
		v, _, _ = strings.Cut(v, " ")
		if utf8.RuneCountInString(k) != 1 || utf8.RuneCountInString(v) != 1 {
			continue
		}
		kr, _ := utf8.DecodeRuneInString(k)
		vr, _ := utf8.DecodeRuneInString(v)
		if kr != vr {
			m[kr] = vr
		}
	}
	if err := sc.Err(); err != nil {
		log.Fatal(err)
	}
	return m
}

// moduleDir finds a required module's directory in the module cache.
func moduleDir(path string) (string, error) {
	cmd := exec.Command("go", "list", "-m", "-json", path)
	cmd.Stderr = os.Stderr
	b, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go list -m %s: %v", path, err)
	}
	var m struct{ Dir string }
	if err := json.Unmarshal(b, &m); err != nil {
		return "", err
	}
	return m.Dir, nil
}

// render writes the table as pairs of runes in one string literal: printable
// runes as themselves, the rest as escapes.
func render(pairs [][2]rune, nts, nvar, skipped int) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, `// Code generated by foldgen from Unicode NFKC, width and case data (golang.org/x/text, BSD-3-Clause) and OpenCC TSCharacters, TWVariantsRev and HKVariantsRev (github.com/longbridgeapp/opencc v0.3.13, Apache-2.0). DO NOT EDIT.

package classify

// foldPairCount is the number of runes that fold to another rune (or to
// -1 when invisible): %d TSCharacters and %d variant entries went in, %d
// variant entries were skipped because their source is a simplified form.
const foldPairCount = %d

// foldPairs lists, in order of the source rune, each source rune followed
// by its folded rune; U+FFFF stands for -1 (invisible).
const foldPairs = "" +
`, nts, nvar, skipped, len(pairs))
	line := 0
	b.WriteString("\t\"")
	for i, p := range pairs {
		to := p[1]
		if to < 0 {
			to = 0xFFFF
		}
		b.WriteString(lit(p[0]))
		b.WriteString(lit(to))
		line++
		if line == 32 && i+1 < len(pairs) {
			b.WriteString("\" +\n\t\"")
			line = 0
		}
	}
	b.WriteString("\"\n")
	src, err := format.Source(b.Bytes())
	if err != nil {
		log.Fatal(err)
	}
	return src
}

func lit(r rune) string {
	if unicode.IsPrint(r) && r != '"' && r != '\\' && !unicode.Is(unicode.Mn, r) && !unicode.Is(unicode.Me, r) {
		return string(r)
	}
	if r <= 0xFFFF {
		return fmt.Sprintf("\\u%04x", r)
	}
	return fmt.Sprintf("\\U%08x", r)
}
