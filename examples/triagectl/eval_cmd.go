package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/tousu/tousu/examples/internal/labelled"
)

func init() {
	register(&command{
		name:  "eval",
		usage: "[-policy FILE]... [-json] [-errors] [-half even|odd] [-min AXIS=ACC,...] FILE.jsonl...",
		run:   runEval,
	})
}

func runEval(fs *flag.FlagSet, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	policies := policyFlags(fs)
	asJSON := fs.Bool("json", false, "print the report as JSON")
	showErrors := fs.Bool("errors", false, "list misclassified complaints with the evidence that misled")
	minAcc := fs.String("min", "", "fail (exit 1) when an axis's accuracy is below its floor: `AXIS=ACC,...` such as cause=0.85,severity=0.9")
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
		items = labelled.Half(items, *half == "odd")
	default:
		fmt.Fprintln(stderr, "triagectl eval: -half must be even or odd")
		return exitUsage
	}
	floors, err := parseFloors(*minAcc)
	if err != nil {
		fmt.Fprintf(stderr, "triagectl eval: -min: %v\n", err)
		return exitUsage
	}
	rep, err := labelled.Evaluate(context.Background(), eng, items)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitProblems
	}
	status := exitOK
	for _, f := range floors {
		a := rep.Axis(f.axis)
		switch {
		case a == nil:
			fmt.Fprintf(stderr, "triagectl eval: -min: no labels for axis %q\n", f.axis)
			status = exitProblems
		case a.Accuracy < f.min:
			fmt.Fprintf(stderr, "%s accuracy %.3f is below %.3f\n", f.axis, a.Accuracy, f.min)
			status = exitProblems
		}
	}
	if *asJSON {
		if !*showErrors {
			rep.Misses = nil
		}
		if !writeJSON(stdout, stderr, rep) {
			return exitProblems
		}
		return status
	}
	rep.WriteText(stdout)
	if *showErrors {
		fmt.Fprintf(stdout, "\nmisclassified: %d\n", len(rep.Misses))
		rep.WriteMisses(stdout)
	}
	return status
}

type floor struct {
	axis string
	min  float64
}

// parseFloors reads -min: axis=accuracy pairs separated by commas.
func parseFloors(s string) ([]floor, error) {
	var out []floor
	for _, part := range strings.Split(s, ",") {
		if strings.TrimSpace(part) == "" {
			continue
		}
		axis, v, ok := strings.Cut(part, "=")
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if !ok || err != nil || f < 0 || f > 1 {
			return nil, fmt.Errorf("want AXIS=ACCURACY with an accuracy from 0 to 1, not %q", part)
		}
		out = append(out, floor{strings.TrimSpace(axis), f})
	}
	return out, nil
}
