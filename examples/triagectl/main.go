// Command triagectl triages complaints and checks policies from the command
// line.
//
// Usage:
//
//	triagectl triage [-policy FILE]... [-max-line BYTES] [-strategy full|id] < in.jsonl > out.jsonl
//	triagectl strategies [-policy FILE]...
//	triagectl lint [-json] FILE...
//	triagectl studio [-policy FILE]... [-cases DIR]... [-labelled FILE.jsonl]... [-addr 127.0.0.1:8090]
//
// Flags come before positional arguments. Repeated -policy flags are layers
// of one policy, in order; "builtin" names the built-in policy, which is
// also what is used when no -policy is given. Exit status: 0 when all went
// well, 1 when problems were found (bad input lines, policy mistakes), 2 for
// usage errors.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sort"
	"strings"

	"github.com/tousu/tousu/examples/internal/labelled"
	"github.com/tousu/tousu/rules"
	"github.com/tousu/tousu/triage"
)

// A command is one triagectl subcommand.
type command struct {
	name  string
	usage string // one line: the arguments after the name
	// run parses args with fs and runs. It returns the exit status.
	run func(fs *flag.FlagSet, args []string, stdin io.Reader, stdout, stderr io.Writer) int
}

var commands = map[string]*command{}

func register(c *command) { commands[c.name] = c }

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// exit statuses
const (
	exitOK       = 0
	exitProblems = 1
	exitUsage    = 2
)

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "triagectl: unknown command %q\n", args[0])
		usage(stderr)
		return exitUsage
	}
	fs := flag.NewFlagSet("triagectl "+c.name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: triagectl %s %s\n", c.name, c.usage)
		fs.PrintDefaults()
	}
	return c.run(fs, args[1:], stdin, stdout, stderr)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: triagectl COMMAND [flags] [args]")
	fmt.Fprintln(w, "commands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].usage)
	}
}

// parseFlags parses args, turning flag errors into the usage status.
func parseFlags(fs *flag.FlagSet, args []string) (ok bool, status int) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return false, exitOK
		}
		return false, exitUsage
	}
	return true, exitOK
}

// policyFlag collects repeated -policy flags.
type policyFlag []string

func (p *policyFlag) String() string     { return strings.Join(*p, ",") }
func (p *policyFlag) Set(v string) error { *p = append(*p, v); return nil }

// policyFlags registers the repeatable -policy flag on fs.
func policyFlags(fs *flag.FlagSet) *policyFlag {
	p := new(policyFlag)
	fs.Var(p, "policy", "policy `FILE` (repeatable: layers in order; \"builtin\" is the built-in policy)")
	return p
}

// BuiltinName is the -policy value that names the built-in policy.
const builtinName = "builtin"

// loadPolicy compiles the policy layers named by paths; no paths means the
// built-in policy.
func loadPolicy(paths []string) (*rules.Program, error) {
	if len(paths) == 0 || len(paths) == 1 && paths[0] == builtinName {
		eng, err := triage.Default() // compiled once per process
		if err != nil {
			return nil, err
		}
		return eng.Program(), nil
	}
	return triage.Load(osFS{}, paths)
}

// osFS opens files by the paths given on the command line, relative or
// absolute, so that errors name them as the user wrote them.
type osFS struct{}

func (osFS) Open(name string) (fs.File, error) { return os.Open(name) }

// loadEngine builds an engine on the policy named by paths.
func loadEngine(paths []string, opts ...triage.Option) (*triage.Engine, error) {
	set, err := loadPolicy(paths)
	if err != nil {
		return nil, err
	}
	return triage.New(set, opts...)
}

// readLabelled reads the complaints of JSONL files ({"id", "text", …} per
// line), in order.
func readLabelled(paths []string) ([]labelled.Labelled, error) {
	var items []labelled.Labelled
	for _, path := range paths {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		ls, err := labelled.ReadLabelled(f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		items = append(items, ls...)
	}
	return items, nil
}

// writeJSON writes v to stdout as indented JSON, leaving <, > and & as
// written; it reports a failure on stderr and returns false.
func writeJSON(stdout, stderr io.Writer, v any) bool {
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		fmt.Fprintln(stderr, err)
		return false
	}
	return true
}
