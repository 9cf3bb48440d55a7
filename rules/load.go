package rules

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
)

// Limits bound what a policy may contain and cost. The zero value of a
// field means its default (see DefaultLimits); a negative value means no
// limit.
type Limits struct {
	// MaxFileBytes is the largest policy file read.
	MaxFileBytes int
	// MaxRules, MaxLexicons and MaxTerms bound the whole policy.
	MaxRules    int
	MaxLexicons int
	MaxTerms    int
	// MaxTermRunes bounds one term's length.
	MaxTermRunes int
	// MaxExprNodes bounds the size of one when expression after macro
	// expansion (expr's MaxNodes).
	MaxExprNodes int
	// MaxExprMemory bounds the memory one evaluation of a when expression
	// may use, in expr's units (its VM MemoryBudget); exceeding it is an
	// evaluation error, not a crash.
	MaxExprMemory int
}

// DefaultLimits are the limits used when a field of Limits is zero.
var DefaultLimits = Limits{
	MaxFileBytes:  4 << 20,
	MaxRules:      20000,
	MaxLexicons:   5000,
	MaxTerms:      200000,
	MaxTermRunes:  64,
	MaxExprNodes:  1000,
	MaxExprMemory: 100000,
}

func (l Limits) withDefaults() Limits {
	pick := func(v, def int) int {
		if v == 0 {
			return def
		}
		return v
	}
	d := DefaultLimits
	return Limits{
		MaxFileBytes:  pick(l.MaxFileBytes, d.MaxFileBytes),
		MaxRules:      pick(l.MaxRules, d.MaxRules),
		MaxLexicons:   pick(l.MaxLexicons, d.MaxLexicons),
		MaxTerms:      pick(l.MaxTerms, d.MaxTerms),
		MaxTermRunes:  pick(l.MaxTermRunes, d.MaxTermRunes),
		MaxExprNodes:  pick(l.MaxExprNodes, d.MaxExprNodes),
		MaxExprMemory: pick(l.MaxExprMemory, d.MaxExprMemory),
	}
}

func exceeds(n, limit int) bool { return limit > 0 && n > limit }

// A Loader loads policies under explicit limits. The zero Loader uses
// DefaultLimits. A Loader is safe for concurrent use.
type Loader struct {
	Limits Limits
	// Functions are extra functions when expressions may call by name,
	// such as a service's own isHoliday(). Their results are untyped, so
	// compare them: isHoliday(order.status) == true. A function's panic or
	// error fails the evaluation of the complaint it was called for, not
	// the engine. Each must be safe for concurrent use.
	Functions map[string]func(args ...any) (any, error)
}

// Load reads, checks and compiles the policy files at paths in fsys. Several
// paths form one policy, in order: a later file may add lexicons, macros,
// rules and strategies with new ids (strategies of later files are tried
// after those of earlier files, so only the last file should end with a
// catch-all).
//
// Every mistake in every file is reported, sorted by position, as an
// Errors value; errors.As reaches each *Error.
func Load(fsys fs.FS, paths ...string) (*Set, error) {
	return (&Loader{}).Load(fsys, paths...)
}

// Parse checks and compiles a single policy from src; name is used in
// error positions and as the file name.
func Parse(name string, src []byte) (*Set, error) {
	return (&Loader{}).Parse(name, src)
}

// Source is one policy file's name and content.
type Source struct {
	Name string
	Data []byte
}

// Load is like the package-level Load, under l's limits.
func (l *Loader) Load(fsys fs.FS, paths ...string) (*Set, error) {
	lim := l.Limits.withDefaults()
	if len(paths) == 0 {
		return nil, errors.New("rules: no policy files given")
	}
	srcs := make([]Source, 0, len(paths))
	var errs errList
	for _, p := range paths {
		errs.files = append(errs.files, p)
		if fi, err := fs.Stat(fsys, p); err == nil && exceeds(int(fi.Size()), lim.MaxFileBytes) {
			errs.add(p, pos{}, ErrLimit, "", "", "file is %d bytes, more than the limit of %d", fi.Size(), lim.MaxFileBytes)
			continue
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, fmt.Errorf("rules: %w", err)
		}
		srcs = append(srcs, Source{p, b})
	}
	if err := errs.err(); err != nil {
		return nil, err
	}
	return l.Compile(srcs...)
}

// Parse is like the package-level Parse, under l's limits.
func (l *Loader) Parse(name string, src []byte) (*Set, error) {
	return l.Compile(Source{name, src})
}

// Compile checks and compiles sources that form one policy, in order.
func (l *Loader) Compile(srcs ...Source) (set *Set, err error) {
	defer func() {
		// A loader bug must not become a panic in a service reloading its
		// policy: report it as an error.
		if r := recover(); r != nil {
			set, err = nil, fmt.Errorf("rules: internal error while loading the policy: %v", r)
		}
	}()
	lim := l.Limits.withDefaults()
	if len(srcs) == 0 {
		return nil, errors.New("rules: no policy sources given")
	}
	errs := &errList{}
	var raws []*rawPolicy
	h := sha256.New()
	for _, src := range srcs {
		errs.files = append(errs.files, src.Name)
		fmt.Fprintf(h, "%d:%s\n%d:", len(src.Name), src.Name, len(src.Data))
		h.Write(src.Data)
		d := &doc{file: src.Name, src: src.Data, errs: errs, lim: lim}
		root := d.parseYAML(lim.MaxFileBytes)
		if root == nil {
			continue
		}
		raws = append(raws, d.parsePolicy(root))
	}
	c := &compiler{errs: errs, lim: lim, funcs: l.Functions}
	set = c.compile(raws)
	if err := errs.err(); err != nil {
		return nil, err
	}
	set.files = make([]string, len(srcs))
	for i, s := range srcs {
		set.files[i] = s.Name
	}
	set.digest = "sha256:" + hex.EncodeToString(h.Sum(nil))
	set.limits = lim
	return set, nil
}

// names joins the distinct policy names of the files.
func names(raws []*rawPolicy) string {
	var out []string
	for _, r := range raws {
		if r.name != "" && !slices.Contains(out, r.name) {
			out = append(out, r.name)
		}
	}
	return strings.Join(out, "+")
}
