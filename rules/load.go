package rules

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io/fs"
	"slices"
	"strings"
)

// Parse reads one policy file from src; name is used in positions. It
// reports every mistake of form (YAML syntax, unknown keys, wrong types)
// as an Errors value; when there is one, it also reports every mistake
// Compile would find in what could be read, so that an author sees all of
// them at once. Pass Parse the options you pass Compile.
func Parse(name string, src []byte, opts ...Option) (*Policy, error) {
	cfg := newConfig(opts)
	errs := &errList{files: []string{name}}
	p := &Policy{}
	if f := parseFile(name, src, cfg.lim, errs); f != nil {
		p.Files = append(p.Files, f)
	}
	return p, alsoCompile(p, cfg, errs)
}

// alsoCompile adds the compiler's errors to errs when reading failed, and
// returns them all.
func alsoCompile(p *Policy, cfg *config, errs *errList) (err error) {
	if len(errs.errs) == 0 || len(p.Files) == 0 {
		return errs.err()
	}
	func() {
		defer func() { _ = recover() }() // the read errors stand on their own
		(&compiler{errs: errs, cfg: cfg, lim: cfg.lim}).compile(p)
	}()
	return errs.err()
}

// Load reads the policy files at paths in fsys, in order: several files
// form one policy, a later file layering on the earlier ones. Mistakes
// are reported as by Parse, every file's at once, sorted by position.
func Load(fsys fs.FS, paths []string, opts ...Option) (*Policy, error) {
	cfg := newConfig(opts)
	if len(paths) == 0 {
		return nil, errors.New("rules: no policy files given")
	}
	errs := &errList{files: paths}
	p := &Policy{}
	for _, path := range paths {
		if fi, err := fs.Stat(fsys, path); err == nil && exceeds(int(fi.Size()), cfg.lim.MaxFileBytes) {
			errs.add(path, pos{}, errLimit, "", "", "file is %d bytes, more than the limit of %d", fi.Size(), cfg.lim.MaxFileBytes)
			continue
		}
		b, err := fs.ReadFile(fsys, path)
		if err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err // named below as the caller named it
			}
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if f := parseFile(path, b, cfg.lim, errs); f != nil {
			p.Files = append(p.Files, f)
		}
	}
	return p, alsoCompile(p, cfg, errs)
}

func parseFile(name string, src []byte, lim Limits, errs *errList) (f *File) {
	defer func() {
		// A parser bug must not become a panic in a service reloading its
		// policy: report it as an error.
		if r := recover(); r != nil {
			errs.add(name, pos{}, errSyntax, "", "", "internal error while reading the policy: %v", r)
			f = nil
		}
	}()
	d := &doc{file: name, src: src, errs: errs, lim: lim}
	root := d.parseYAML(lim.MaxFileBytes)
	if root == nil {
		return nil
	}
	return d.parseFile(root)
}

// Compile resolves and compiles a policy into a Program: lexicon
// references, macros, functions, axis values, calendars, regulator clocks
// and reply placeholders are resolved, expressions type-checked against
// Env (rules) and StrategyEnv (strategies), layering applied, and every
// term put into one automaton. Every mistake is reported, sorted by
// position, as one Errors value.
func Compile(p *Policy, opts ...Option) (prog *Program, err error) {
	if p == nil || len(p.Files) == 0 {
		return nil, errors.New("rules: no policy files given")
	}
	cfg := newConfig(opts)
	errs := &errList{}
	for _, f := range p.Files {
		errs.files = append(errs.files, f.Path)
	}
	defer func() {
		if r := recover(); r != nil {
			prog, err = nil, fmt.Errorf("rules: internal error while compiling the policy: %v", r)
		}
	}()
	c := &compiler{errs: errs, cfg: cfg, lim: cfg.lim}
	prog = c.compile(p)
	if err := errs.err(); err != nil {
		return nil, err
	}
	prog.policy = p
	prog.digest = digest(p.Files)
	prog.limits = cfg.lim
	return prog, nil
}

// digest hashes every file's bytes in order (or, for a file built in Go,
// its JSON form).
func digest(files []*File) string {
	h := sha256.New()
	for _, f := range files {
		src := f.src
		if src == nil {
			src, _ = json.Marshal(f)
		}
		writeSource(h, f.Path, src)
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

func writeSource(h hash.Hash, name string, src []byte) {
	fmt.Fprintf(h, "%d:%s\n%d:", len(name), name, len(src))
	h.Write(src)
}

// names joins the distinct policy names of the files.
func names(files []*File) string {
	var out []string
	for _, f := range files {
		if f.Name != "" && !slices.Contains(out, f.Name) {
			out = append(out, f.Name)
		}
	}
	return strings.Join(out, "+")
}
