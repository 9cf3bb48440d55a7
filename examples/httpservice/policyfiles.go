package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/tousu/tousu/rules"
	"github.com/tousu/tousu/triage"
)

// A policyFile is a -policy file: where it is read from and the name it
// goes by in errors and digests, relative to the policy directory so that
// a failed reload does not show the server's file system to the client.
type policyFile struct {
	path, name string
}

// policyFiles names the policy files relative to the policy directory, the
// deepest directory holding all of them. "builtin" stays as it is.
func policyFiles(paths []string) []policyFile {
	files := make([]policyFile, len(paths))
	var abs []string
	for i, p := range paths {
		files[i] = policyFile{path: p, name: p}
		if p == "builtin" {
			continue
		}
		a, err := filepath.Abs(p)
		if err != nil {
			a = filepath.Clean(p)
		}
		files[i].path = a
		abs = append(abs, a)
	}
	if len(abs) == 0 {
		return files
	}
	dir := filepath.Dir(abs[0])
	for _, a := range abs[1:] {
		for !within(dir, a) {
			dir = filepath.Dir(dir)
		}
	}
	for i := range files {
		if files[i].name == "builtin" {
			continue
		}
		rel, err := filepath.Rel(dir, files[i].path)
		if err != nil {
			rel = filepath.Base(files[i].path)
		}
		files[i].name = filepath.ToSlash(rel)
	}
	return files
}

// within reports whether path lies under dir.
func within(dir, path string) bool {
	if dir == filepath.Dir(dir) { // the root holds everything
		return true
	}
	return strings.HasPrefix(path, dir+string(filepath.Separator))
}

// load reads the policy files ("builtin" names the built-in policy).
func (s *Server) load() (*rules.Program, error) {
	if len(s.files) == 0 {
		return triage.Load(nil, []string{"builtin"})
	}
	names := make([]string, len(s.files))
	fsys := namedFS{}
	for i, f := range s.files {
		names[i] = f.name
		fsys[f.name] = f.path
	}
	return triage.Load(fsys, names)
}

// namedFS opens each policy file by its relative name, so that errors
// name it that way and never show the absolute path it is read from.
type namedFS map[string]string

func (n namedFS) Open(name string) (fs.File, error) {
	path, ok := n[name]
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	f, err := os.Open(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err // the path in it is absolute
		}
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return f, nil
}
