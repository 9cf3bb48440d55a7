package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"github.com/tousu/tousu/rules"
	"github.com/tousu/tousu/triage"
)

func init() {
	register(&command{
		name:  "lint",
		usage: "[-policy FILE]... [-each] [-json] [-Werror] [-lang zh|en] FILE...",
		run:   runLint,
	})
}

// problem is the JSON form of one lint finding.
type problem struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Col      int    `json:"col"`
	Code     string `json:"code"`
	Severity string `json:"severity"`
	Kind     string `json:"kind,omitempty"`
	Rule     string `json:"rule,omitempty"`
	Message  string `json:"message"`
}

func runLint(fs *flag.FlagSet, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	asJSON := fs.Bool("json", false, "print problems as a JSON array")
	werror := fs.Bool("Werror", false, "treat warnings as errors (exit status 1)")
	lang := fs.String("lang", "en", "message language: `en` or zh")
	policies := new(policyFlag)
	fs.Var(policies, "policy", "policy `FILE` the files are layered on, in order (repeatable; \"builtin\" is the built-in policy)")
	each := fs.Bool("each", false, "lint every FILE as a policy of its own (on the -policy layers), not the FILEs as one policy")
	if ok, st := parseFlags(fs, args); !ok {
		return st
	}
	if fs.NArg() == 0 && len(*policies) == 0 || *lang != "en" && *lang != "zh" {
		fs.Usage()
		return exitUsage
	}
	// One policy of the -policy layers and the files, or (-each) one per
	// file on the same layers.
	var sets [][]string
	if *each {
		for _, f := range fs.Args() {
			sets = append(sets, append(append([]string{}, *policies...), f))
		}
	} else {
		sets = [][]string{append(append([]string{}, *policies...), fs.Args()...)}
	}
	var diags rules.Errors
	for _, paths := range sets {
		pol, err := triage.LoadPolicy(osFS{}, paths)
		if err != nil {
			var es rules.Errors
			if !errors.As(err, &es) {
				fmt.Fprintln(stderr, fileError(err, *lang))
				return exitProblems
			}
			diags = append(diags, es...)
			continue
		}
		diags = append(diags, rules.Lint(pol)...)
	}
	status := exitOK
	for _, d := range diags {
		if !d.Warning || *werror {
			status = exitProblems
		}
	}
	if *asJSON {
		out := make([]problem, 0, len(diags))
		for _, d := range diags {
			severity := "error"
			if d.Warning && !*werror {
				severity = "warning"
			}
			out = append(out, problem{d.File, d.Line, d.Col, string(d.Code), severity, d.Kind, d.Rule, d.Message(*lang)})
		}
		if !writeJSON(stdout, stderr, out) {
			return exitProblems
		}
		return status
	}
	for _, d := range diags {
		fmt.Fprintln(stdout, d.Format(*lang))
	}
	return status
}

// fileError says in the chosen language why a policy file could not be
// read at all (it is not a policy error, so it has no code).
func fileError(err error, lang string) string {
	if lang != "zh" {
		return err.Error()
	}
	// The loader names the file as the caller did: "ours.yaml: reason".
	name, _, _ := strings.Cut(err.Error(), ": ")
	var pe *fs.PathError
	if errors.As(err, &pe) {
		name = pe.Path
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Sprintf("找不到策略文件 %s", name)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Sprintf("没有权限读取策略文件 %s", name)
	}
	return "无法读取策略文件：" + err.Error()
}
