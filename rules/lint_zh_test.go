package rules

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// parsePackage parses the package's non-test Go files.
func parsePackage(t *testing.T) (*token.FileSet, []*ast.File) {
	t.Helper()
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for _, n := range names {
		if strings.HasSuffix(n, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, n, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	return fset, files
}

// TestZhFormatsComplete fails when a loader error's format has no Chinese
// message in zhFormats, or when its Chinese message takes other arguments.
func TestZhFormatsComplete(t *testing.T) {
	fset, files := parsePackage(t)
	n := 0
	for _, f := range files {
		ast.Inspect(f, func(node ast.Node) bool {
			call, ok := node.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			// errList.add(file, pos, code, kind, id, format, args...) and
			// errList.at(pos, code, kind, id, format, args...).
			at := map[string]int{"add": 5, "at": 4}[sel.Sel.Name]
			if at == 0 || len(call.Args) <= at {
				return true
			}
			if x, ok := sel.X.(*ast.SelectorExpr); !ok || x.Sel.Name != "errs" {
				if id, ok := sel.X.(*ast.Ident); !ok || id.Name != "l" {
					return true
				}
			}
			lit, ok := call.Args[at].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			format, _ := strconv.Unquote(lit.Value)
			n++
			zh, ok := zhFormats[format]
			if !ok {
				t.Errorf("%s: format %q has no Chinese message in zhFormats", fset.Position(lit.Pos()), format)
				return true
			}
			if got, want := strings.Count(zh, "%")-2*strings.Count(zh, "%%"), strings.Count(format, "%")-2*strings.Count(format, "%%"); got != want {
				t.Errorf("%s: %q takes %d arguments, its Chinese %q %d", fset.Position(lit.Pos()), format, want, zh, got)
			}
			return true
		})
	}
	if n < 50 {
		t.Errorf("found %d error sites, want the package's (more than 50): is the scan broken?", n)
	}
}

// declaredCodes returns the codes the package declares (its constants of
// type Code), so that tests over every code cannot miss a new one.
func declaredCodes(t *testing.T) []Code {
	t.Helper()
	_, files := parsePackage(t)
	var out []Code
	for _, f := range files {
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, s := range g.Specs {
				v := s.(*ast.ValueSpec)
				if id, ok := v.Type.(*ast.Ident); !ok || id.Name != "Code" {
					continue
				}
				for i := range v.Names {
					code, _ := strconv.Unquote(v.Values[i].(*ast.BasicLit).Value)
					out = append(out, Code(code))
				}
			}
		}
	}
	if len(out) < 26 {
		t.Fatalf("found %d codes, want at least 26: is the scan broken?", len(out))
	}
	return out
}

// TestZhTitles fails when a code the package declares has no Chinese title.
func TestZhTitles(t *testing.T) {
	for _, c := range declaredCodes(t) {
		if zhTitles[c] == "" {
			t.Errorf("%s has no Chinese title in zhTitles", c)
		}
	}
}

// TestZhMessagesAreChinese checks that every fixture's Chinese message
// carries no English sentence: every run of Latin letters is a name (a
// key, id, term, field or value) the fixture itself contains.
func TestZhMessagesAreChinese(t *testing.T) {
	names, _ := filepath.Glob(filepath.Join("testdata", "lint", "*.yaml"))
	for _, path := range names {
		src := readFile(t, path)
		for _, d := range lintSrc(filepath.Base(path), src) {
			msg := d.Message("zh")
			for _, w := range latinWords(msg) {
				if !strings.Contains(string(src), w) && !allowedLatin[w] {
					t.Errorf("%s: %q has the English word %q", filepath.Base(path), msg, w)
				}
			}
		}
	}
}

// allowedLatin are the words a Chinese message may use: names of the
// format and its values.
var allowedLatin = map[string]bool{"when": true, "id": true, "true": true, "false": true, "UTF": true, "version": true,
	"cn": true, "mainland": true, "cause": true, "severity": true, "behaviour": true, "vote": true, "match": true, "any": true,
	"all": true, "none": true, "extend": true, "disable": true, "replace": true, "before": true, "after": true, "mask": true,
	"general": true, "serious": true, "passive": true, "negative": true, "publicity": true, "venting": true, "extreme": true,
	"YAML": true, "TS": true, "yaml": true, "Tab": true, "length": true, "text": true, "tier": true, "customer": true, "order": true, "signals": true, "received": true, "now": true,
	"near": true, "then": true, "within": true, "scope": true, "clause": true, "sentence": true, "exclude": true, "praised": true}

func init() {
	for _, t := range exprStructs {
		for _, f := range exprFields(t) {
			for _, w := range latinWords(f) {
				allowedLatin[w] = true
			}
		}
	}
	for _, names := range [][]string{fileKeys, reservedNames} { // keys of the format
		for _, n := range names {
			for _, w := range latinWords(n) {
				allowedLatin[w] = true
			}
		}
	}
	allowedLatin["acceptance"] = true // the 12315-acceptance clock
}

func latinWords(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') })
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestZhLoaderDetails checks loader errors whose detail comes from
// elsewhere (windows, hours, YAML) read fully in Chinese.
func TestZhLoaderDetails(t *testing.T) {
	tests := []struct{ src, want string }{
		{"version: 1\nstrategies:\n  - id: all\n    respond_within: 2 weeks\n", `p.yaml:4:21: 策略 "all": 时限 "2 weeks" 写得不对：应写成 30m、24h、3d 或 8h business 这样的时长 [TS003]`},
		{"version: 1\nstrategies:\n  - id: all\n    contact: {hours: \"18:00-10:00\"}\n", `p.yaml:4:22: 策略 "all": contact.hours：时段 "18:00-10:00" 写得不对：开始须早于结束，且在 00:00-24:00 之内 [TS003]`},
		{"version: 1\nstrategies:\n  - id: all\n    contact: {hours: \"10-18\"}\n", `p.yaml:4:22: 策略 "all": contact.hours：时段 "10-18" 写得不对：应写成 HH:MM-HH:MM [TS003]`},
		{"version: 1\nrules: [\n", `p.yaml:2: 此处缺少应有的内容 [TS001]`},
		{"version: 1\nrules: 3\nstrategies:\n  - id: all\n", `p.yaml:2:8: rules 应当是列表，而不是数字 3 [TS003]`},
	}
	for _, tt := range tests {
		var got []string
		for _, d := range lintSrc("p.yaml", []byte(tt.src)) {
			got = append(got, d.Format("zh"))
		}
		if strings.Join(got, "\n") != tt.want {
			t.Errorf("got  %s\nwant %s", strings.Join(got, "\n"), tt.want)
		}
	}
}
