package triage

import (
	_ "embed"
	"io/fs"
	"sync"

	"github.com/tousu/tousu/rules"
)

//go:embed policy.yaml
var builtinPolicy []byte

// BuiltinName is the file name positions and Program.Policy use for the
// built-in policy. Load reads it for the path "builtin".
const BuiltinName = "builtin:policy.yaml"

// BuiltinPolicy returns the built-in policy as written, a fresh copy on
// each call: compile it, or layer files of one's own on it by appending
// their rules.File values (Load does that for files in an fs.FS).
func BuiltinPolicy() *rules.Policy {
	p, err := rules.Parse(BuiltinName, builtinPolicy)
	if err != nil {
		panic("triage: the built-in policy does not parse: " + err.Error()) // pinned by this package's tests
	}
	return p
}

// Load reads the policy files at paths in fsys, in order, and compiles
// them as one policy; the path "builtin" stands for the built-in policy,
// so
//
//	prog, err := triage.Load(os.DirFS("policies"), []string{"builtin", "ours.yaml"})
//
// layers ours.yaml on it. Errors are positioned, every one at once (see
// rules.Load).
func Load(fsys fs.FS, paths []string, opts ...rules.Option) (*rules.Program, error) {
	pol, err := LoadPolicy(fsys, paths, opts...)
	if err != nil {
		return nil, err
	}
	return rules.Compile(pol, opts...)
}

// LoadPolicy is Load without the compiling: the policy as written, for
// rules.Lint or to inspect.
func LoadPolicy(fsys fs.FS, paths []string, opts ...rules.Option) (*rules.Policy, error) {
	pol := &rules.Policy{}
	var group []string // consecutive paths read from fsys
	flush := func() error {
		if len(group) == 0 {
			return nil
		}
		p, err := rules.Load(fsys, group, opts...)
		if err != nil {
			return err
		}
		pol.Files = append(pol.Files, p.Files...)
		group = nil
		return nil
	}
	for _, path := range paths {
		if path != "builtin" {
			group = append(group, path)
			continue
		}
		if err := flush(); err != nil {
			return nil, err
		}
		b, err := rules.Parse(BuiltinName, builtinPolicy, opts...)
		if err != nil {
			return nil, err
		}
		pol.Files = append(pol.Files, b.Files...)
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return pol, nil
}

var defaultEngine = sync.OnceValue(func() *Engine {
	prog, err := rules.Compile(BuiltinPolicy())
	if err != nil {
		panic("triage: the built-in policy does not compile: " + err.Error())
	}
	e, err := New(prog)
	if err != nil {
		panic(err)
	}
	return e
})

// Default returns an Engine on the built-in Chinese policy. Without
// options it is one engine, built once and shared; with options it is a
// new engine on the same compiled policy (nothing is parsed again). The
// error comes only from an invalid option: the built-in policy is checked
// by this package's tests.
func Default(opts ...Option) (*Engine, error) {
	if len(opts) == 0 {
		return defaultEngine(), nil
	}
	return New(defaultEngine().prog, opts...)
}
