package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/tousu/tousu/triage/triagetest"
)

func init() {
	register(&command{
		name:  "eval",
		usage: "[-policy FILE]... [-json] [-errors] [-half even|odd] FILE.jsonl...",
		run:   runEval,
	})
}

func runEval(fs *flag.FlagSet, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	policies := policyFlags(fs)
	asJSON := fs.Bool("json", false, "print the report as JSON")
	showErrors := fs.Bool("errors", false, "list misclassified complaints with the evidence that misled")
	half := fs.String("half", "", "evaluate only the complaints whose id's FNV-32 hash is `even` or odd (tune on one half, check on the other)")
	if ok, st := parseFlags(fs, args); !ok {
		return st
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return exitUsage
	}
	eng, err := loadEngine(*policies)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitProblems
	}
	items, err := readLabelled(fs.Args())
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitProblems
	}
	switch *half {
	case "":
	case "even", "odd":
		items = triagetest.Half(items, *half == "odd")
	default:
		fmt.Fprintln(stderr, "triagectl eval: -half must be even or odd")
		return exitUsage
	}
	rep, err := triagetest.Evaluate(context.Background(), eng, items)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitProblems
	}
	if *asJSON {
		if !*showErrors {
			rep.Misses = nil
		}
		if !writeJSON(stdout, stderr, rep) {
			return exitProblems
		}
		return exitOK
	}
	rep.WriteText(stdout)
	if *showErrors {
		fmt.Fprintf(stdout, "\nmisclassified: %d\n", len(rep.Misses))
		rep.WriteMisses(stdout)
	}
	return exitOK
}
