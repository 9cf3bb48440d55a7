// Command foldgen generates classify's rune fold table, fold_table.go.
//
// It is a module of its own so that the library's go.mod gains nothing from
// it. Run it through go generate in classify:
//
//	go generate ./classify
//
// or by hand from this directory:
//
//	go run . -o ../../fold_table.go
//
// For every rune it composes, until nothing changes:
//
//  1. NFKC, where the rune's NFKC form is exactly one rune;
//  2. width folding (golang.org/x/text/width.Fold) for the runes NFKC
//     leaves alone;
//  3. case folding (golang.org/x/text/cases.Fold), single-rune results
//     only, after width folding, so Ａ becomes a;
//  4. Traditional→Simplified Chinese from OpenCC: the Taiwan and Hong Kong
//     variant tables (TWVariantsRev, then HKVariantsRev) take a regional
//     form to OpenCC's standard Traditional form, then TSCharacters takes
//     it to Simplified. One-character entries only, first candidate;
//  5. invisible runes (Unicode's Default_Ignorable_Code_Point) fold to -1.
//
// The result is idempotent by construction, and checked: every rune's fold
// folds to itself. The generator fails rather than write a table it cannot
// vouch for (a cycle, an ASCII rune leaving ASCII, a fold into the
// surrogate range, a dictionary it cannot read).
//
// The OpenCC dictionaries are read from the directory of the module
// github.com/longbridgeapp/opencc at the version this module requires (its
// embedded copy is not exported); `go mod download` finds or fetches it and
// checks it against go.sum.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	// Imported for its dictionary files, which the generator reads from the
	// module's directory; the import keeps the requirement in go.mod and
	// puts the module's version in the build info.
	_ "github.com/longbridgeapp/opencc"
	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
)

const (
	openccModule = "github.com/longbridgeapp/opencc"
	textModule   = "golang.org/x/text"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("foldgen: ")
	out := flag.String("o", "fold_table.go", "output `file`")
	verbose := flag.Bool("v", false, "log the decisions the generator makes")
	flag.Parse()

	occVersion, textVersion := depVersion(openccModule), depVersion(textModule)
	dir, err := moduleDir(openccModule, occVersion)
	if err != nil {
		log.Fatal(err)
	}
	dict := filepath.Join(dir, "dictionary")
	ts, tsStats := readDict(filepath.Join(dict, "TSCharacters.txt"))
	tw, twStats := readDict(filepath.Join(dict, "TWVariantsRev.txt"))
	hk, hkStats := readDict(filepath.Join(dict, "HKVariantsRev.txt"))

	f := newFolder(ts, tw, hk, *verbose)
	t := f.table()
	// The Go version is left out so that toolchains with the same Unicode
	// tables write the same bytes.
	t.versions = fmt.Sprintf("golang.org/x/text %s (NFKC, width and case data of Unicode %s), package unicode of Unicode %s, %s %s",
		textVersion, norm.Version, unicode.Version, openccModule, occVersion)
	tsStats.file = "TSCharacters"
	twStats.file, twStats.skipped = "TWVariantsRev", f.skipped["TWVariantsRev"]
	hkStats.file, hkStats.skipped = "HKVariantsRev", f.skipped["HKVariantsRev"]
	t.dicts = []dictStats{tsStats, twStats, hkStats}
	if err := t.check(); err != nil {
		log.Fatal(err)
	}
	src, err := t.render()
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		log.Fatal(err)
	}
	log.Printf("%d runes fold (%d to -1); %d BMP entries, %d BMP→astral, %d astral ranges; %d bytes → %s",
		t.count, t.dropped, len(t.bmp), len(t.bmpAstral), len(t.astral), len(src), *out)
}

// depVersion returns the version of a module linked into the generator.
func depVersion(path string) string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		log.Fatal("no build info: run foldgen with go run or go build")
	}
	for _, d := range bi.Deps {
		if d.Path == path {
			if d.Replace != nil {
				log.Fatalf("%s is replaced by %s: the table must come from the released module", path, d.Replace.Path)
			}
			return d.Version
		}
	}
	log.Fatalf("%s is not in the build", path)
	return ""
}

// moduleDir returns the directory of path@version in the module cache,
// downloading it (and checking it against go.sum) if it is not there yet.
func moduleDir(path, version string) (string, error) {
	cmd := exec.Command("go", "mod", "download", "-json", path+"@"+version)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	b, err := cmd.Output()
	var m struct{ Dir, Error string }
	if jerr := json.Unmarshal(b, &m); jerr == nil && m.Error != "" {
		return "", fmt.Errorf("go mod download %s@%s: %s", path, version, m.Error)
	}
	if err != nil {
		return "", fmt.Errorf("go mod download %s@%s: %v\n%s", path, version, err, stderr.Bytes())
	}
	if m.Dir == "" {
		return "", fmt.Errorf("go mod download %s@%s gave no directory", path, version)
	}
	return m.Dir, nil
}

// dictStats counts what readDict did with a dictionary's lines.
type dictStats struct {
	file     string
	lines    int // entries in the file
	kept     int // one character to one different character
	multi    int // phrases or multi-character candidates, out of scope
	identity int // whose first candidate is the character itself
	skipped  int // kept but left out of the fold (see newFolder)
}

// readDict reads an OpenCC dictionary ("key<TAB>cand1 cand2…" lines),
// keeping the one-character entries whose first candidate is one other
// character.
func readDict(path string) (map[rune]rune, dictStats) {
	f, err := os.Open(path)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	var st dictStats
	m := map[rune]rune{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" {
			continue
		}
		k, v, ok := strings.Cut(line, "\t")
		if !ok || !utf8.ValidString(line) {
			log.Fatalf("%s:%d: malformed line %q", path, n, line)
		}
		st.lines++
		v, _, _ = strings.Cut(v, " ")
		if utf8.RuneCountInString(k) != 1 || utf8.RuneCountInString(v) != 1 {
			st.multi++
			continue
		}
		kr, _ := utf8.DecodeRuneInString(k)
		vr, _ := utf8.DecodeRuneInString(v)
		if kr == vr {
			st.identity++
			continue
		}
		if old, dup := m[kr]; dup && old != vr {
			log.Fatalf("%s:%d: %c listed twice (%c, %c)", path, n, kr, old, vr)
		}
		m[kr] = vr
		st.kept++
	}
	if err := sc.Err(); err != nil {
		log.Fatal(err)
	}
	return m, st
}

// invisible reports whether r is one of the runes matching skips: Unicode's
// Default_Ignorable_Code_Point, derived as DerivedCoreProperties.txt does
// from the tables of package unicode:
//
//	Other_Default_Ignorable_Code_Point + Cf + Variation_Selector
//	- White_Space - FFF9..FFFB - 13430..13440 - Prepended_Concatenation_Mark
//
// That is zero-width spaces and joiners, the soft hyphen, word joiners and
// invisible operators, bidi controls, the BOM, variation selectors, the
// Mongolian vowel separator and free variation selectors, Hangul fillers,
// tags and the reserved ranges around them. Ordinary spaces (White_Space)
// and control characters (Cc) are not in it, nor are the format characters
// that show (Arabic number signs, interlinear annotation marks, Egyptian
// hieroglyph format controls).
func invisible(r rune) bool {
	switch {
	case unicode.Is(unicode.White_Space, r),
		unicode.Is(unicode.Prepended_Concatenation_Mark, r),
		0xFFF9 <= r && r <= 0xFFFB,
		0x13430 <= r && r <= 0x13440:
		return false
	}
	return unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r) ||
		unicode.Is(unicode.Cf, r) ||
		unicode.Is(unicode.Variation_Selector, r)
}

// folder composes the fold steps.
type folder struct {
	variants map[rune]rune // regional variant → OpenCC standard Traditional
	ts       map[rune]rune // Traditional → Simplified
	fold     cases.Caser
	verbose  bool
	skipped  map[string]int // variant entries left out, by table
	cherokee map[rune]bool  // runes whose case fold follows the Cherokee rule
}

func newFolder(ts, tw, hk map[rune]rune, verbose bool) *folder {
	f := &folder{variants: map[rune]rune{}, ts: ts, fold: cases.Fold(), verbose: verbose, skipped: map[string]int{}, cherokee: map[rune]bool{}}
	simplified := map[rune]bool{}
	for _, v := range ts {
		simplified[v] = true
	}
	for k := range ts {
		delete(simplified, k) // 苧 is both a Simplified form (of 薴) and Traditional (of 苎)
	}
	for _, t := range []struct {
		name string
		m    map[rune]rune
	}{{"TWVariantsRev", tw}, {"HKVariantsRev", hk}} {
		for _, k := range sortedKeys(t.m) {
			v := t.m[k]
			// The *VariantsRev tables are meant for Traditional text. Some
			// of their sources are also Simplified forms: 么 → 幺 would
			// turn 什么 into 什幺, and the rest (吃 → 喫, 台 → 臺, 温 → 溫…)
			// only go round through TSCharacters back to where they
			// started. Simplified forms stay as they are.
			if simplified[k] {
				f.skipped[t.name]++
				if verbose {
					log.Printf("%s: skip %c→%c: %c is a Simplified form", t.name, k, v, k)
				}
				continue
			}
			if old, ok := f.variants[k]; ok {
				if old != v {
					log.Printf("%s: %c→%c conflicts with %c→%c from an earlier table; keeping the earlier", t.name, k, v, k, old)
				}
				continue
			}
			f.variants[k] = v
		}
	}
	return f
}

func sortedKeys(m map[rune]rune) []rune {
	keys := make([]rune, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// single returns the result of a transformation of r when it is exactly one
// rune, and r otherwise.
func single(s string, r rune) rune {
	if c, n := utf8.DecodeRuneInString(s); n == len(s) && c != utf8.RuneError {
		return c
	}
	return r
}

// caseFold case-folds r when the result is one rune.
func (f *folder) caseFold(r rune) rune {
	c := single(f.fold.String(string(r)), r)
	if c != r && single(f.fold.String(string(c)), c) != c {
		// x/text's Fold maps Cherokee upper case to lower case and lower
		// case back to upper case. CaseFolding.txt folds Cherokee to upper
		// case (AB70 → 13A0, 13F8 → 13F0), for stability with older
		// versions of Unicode, so that is what we do. Anything else that is
		// not idempotent is a surprise.
		if !unicode.In(r, unicode.Cherokee) {
			log.Fatalf("case folding is not idempotent on %U (%U)", r, c)
		}
		f.cherokee[r] = true
		if unicode.IsUpper(r) {
			return r
		}
	}
	return c
}

// step applies each fold once.
func (f *folder) step(r rune) rune {
	if invisible(r) {
		return -1
	}
	if n := single(norm.NFKC.String(string(r)), r); n != r {
		r = n
	} else {
		r = single(width.Fold.String(string(r)), r)
	}
	r = f.caseFold(r)
	if v, ok := f.variants[r]; ok {
		r = v
	}
	if v, ok := f.ts[r]; ok {
		r = v
	}
	return r
}

// foldOf iterates step to a fixed point.
func (f *folder) foldOf(r rune) (rune, int) {
	seen := []rune{r}
	for {
		n := f.step(r)
		if n == r || n < 0 {
			return n, len(seen) - 1
		}
		if slices.Contains(seen, n) {
			log.Fatalf("folding %U goes round: %U → %U", seen[0], seen, n)
		}
		seen = append(seen, n)
		r = n
	}
}

// table is the generated fold, in the layout fold.go reads.
type table struct {
	fold          map[rune]rune // every rune that does not fold to itself
	count         int
	dropped       int
	bmp           []rune // sources below U+10000, sorted
	bmpAstral     []rune // astral folds of BMP runes, in source order
	bmpAstralFrom []rune // their sources
	astral        []foldRange
	pages         [astralPages / 64]uint64
	maxChain      int
	cherokee      int
	versions      string
	dicts         []dictStats
}

type foldRange struct {
	lo, hi rune
	delta  rune // fold(r) = r + delta, or -1 when drop
	drop   bool
}

const astralPages = (unicode.MaxRune + 1 - 0x10000) >> 8

func (f *folder) table() *table {
	t := &table{fold: map[rune]rune{}}
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if 0xD800 <= r && r <= 0xDFFF {
			continue
		}
		to, chain := f.foldOf(r)
		t.maxChain = max(t.maxChain, chain)
		if to == r {
			continue
		}
		t.fold[r] = to
		t.count++
		if to < 0 {
			t.dropped++
		}
		if r < 0x10000 {
			t.bmp = append(t.bmp, r)
			if to >= 0x10000 {
				t.bmpAstral = append(t.bmpAstral, to)
				t.bmpAstralFrom = append(t.bmpAstralFrom, r)
			}
			continue
		}
		p := (r - 0x10000) >> 8
		t.pages[p/64] |= 1 << (p % 64)
		n := len(t.astral)
		if n > 0 {
			last := &t.astral[n-1]
			// Extend the last range when r continues it, within a page (so
			// that a range never straddles pages the bitmap may skip).
			if last.hi == r-1 && (r-0x10000)>>8 == (last.lo-0x10000)>>8 &&
				(last.drop && to < 0 || !last.drop && to >= 0 && to-r == last.delta) {
				last.hi = r
				continue
			}
		}
		if to < 0 {
			t.astral = append(t.astral, foldRange{lo: r, hi: r, drop: true})
		} else {
			t.astral = append(t.astral, foldRange{lo: r, hi: r, delta: to - r})
		}
	}
	t.cherokee = len(f.cherokee)
	return t
}

// check verifies the table before it is written.
func (t *table) check() error {
	for r, to := range t.fold {
		if to < 0 {
			continue
		}
		if next, ok := t.fold[to]; ok {
			return fmt.Errorf("%U folds to %U, which folds to %U", r, to, next)
		}
		if to > unicode.MaxRune || 0xD800 <= to && to <= 0xDFFF {
			return fmt.Errorf("%U folds to %U, which is not a rune", r, to)
		}
		if r < utf8.RuneSelf && to >= utf8.RuneSelf {
			return fmt.Errorf("ASCII %U folds to non-ASCII %U", r, to)
		}
	}
	for r := rune(0); r < utf8.RuneSelf; r++ {
		if t.fold[r] < 0 {
			return fmt.Errorf("ASCII %U folds to -1", r)
		}
	}
	if len(t.bmpAstral) > 0x7FF {
		return fmt.Errorf("%d BMP runes fold to astral runes: more than the escape range holds", len(t.bmpAstral))
	}
	return nil
}
