package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/tousu/tousu/rules"
)

func init() {
	register(&command{
		name:  "lint",
		usage: "[-json] FILE...",
		run:   runLint,
	})
}

// problem is the JSON form of one lint finding.
type problem struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Col     int    `json:"col"`
	Code    string `json:"code"`
	Rule    string `json:"rule,omitempty"`
	Message string `json:"message"`
}

func runLint(fs *flag.FlagSet, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	asJSON := fs.Bool("json", false, "print problems as a JSON array")
	if ok, st := parseFlags(fs, args); !ok {
		return st
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return exitUsage
	}
	_, err := loadPolicy(fs.Args())
	var errs rules.Errors
	if err != nil && !errors.As(err, &errs) {
		fmt.Fprintln(stderr, err)
		return exitProblems
	}
	if *asJSON {
		out := make([]problem, 0, len(errs))
		for _, e := range errs {
			out = append(out, problem{e.File, e.Line, e.Col, string(e.Code), e.Rule, e.Err.Error()})
		}
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		enc.Encode(out)
	} else {
		for _, e := range errs {
			fmt.Fprintln(stdout, e)
		}
	}
	if len(errs) > 0 {
		return exitProblems
	}
	return exitOK
}
