package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/tousu/tousu/rules"
	"github.com/tousu/tousu/triage"
)

func init() {
	register(&command{
		name:  "lint",
		usage: "[-json] [-Werror] [-lang zh|en] FILE...",
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
	if ok, st := parseFlags(fs, args); !ok {
		return st
	}
	if fs.NArg() == 0 || *lang != "en" && *lang != "zh" {
		fs.Usage()
		return exitUsage
	}
	var srcs []rules.Source
	for _, p := range fs.Args() {
		if p == builtinName {
			srcs = append(srcs, rules.Source{Name: triage.BuiltinPolicyName, Data: triage.BuiltinPolicy()})
			continue
		}
		b, err := os.ReadFile(p)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return exitProblems
		}
		srcs = append(srcs, rules.Source{Name: p, Data: b})
	}
	diags := rules.Lint(srcs...)
	status := exitOK
	for i, d := range diags {
		if *werror && d.Severity == rules.SeverityWarning {
			diags[i].Severity = rules.SeverityError
		}
		if diags[i].Severity == rules.SeverityError {
			status = exitProblems
		}
	}
	if *asJSON {
		out := make([]problem, 0, len(diags))
		for _, d := range diags {
			msg := d.Message
			if *lang == "zh" {
				msg = d.Zh
			}
			out = append(out, problem{d.File, d.Line, d.Col, string(d.Code), string(d.Severity), d.Kind, d.Rule, msg})
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
