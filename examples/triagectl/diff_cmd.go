package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/tousu/tousu/triage"
)

func init() {
	register(&command{
		name:  "diff",
		usage: "-base FILE... -head FILE... COMPLAINTS.jsonl...",
		run:   runDiff,
	})
}

// runDiff triages the same complaints with two policies and lists those
// whose axes or strategy change, with counts per transition.
func runDiff(fs *flag.FlagSet, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var base, head policyFlag
	fs.Var(&base, "base", "policy `FILE` before the change (repeatable: layers in order; \"builtin\")")
	fs.Var(&head, "head", "policy `FILE` after the change (repeatable: layers in order; \"builtin\")")
	if ok, st := parseFlags(fs, args); !ok {
		return st
	}
	if len(base) == 0 || len(head) == 0 || fs.NArg() == 0 {
		fs.Usage()
		return exitUsage
	}
	engines := make([]*triage.Engine, 2)
	for i, paths := range [][]string{base, head} {
		e, err := loadEngine(paths)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return exitProblems
		}
		engines[i] = e
	}
	items, err := readLabelled(fs.Args())
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitProblems
	}
	counts := map[string]int{}
	changed := 0
	var lines []string
	for _, it := range items {
		var ds [2]triage.Decision
		for i, e := range engines {
			d, err := e.Triage(context.Background(), it.Complaint)
			if err != nil {
				fmt.Fprintf(stderr, "%s: %v\n", it.Complaint.ID, err)
				return exitProblems
			}
			ds[i] = d
		}
		diffs := changes(ds[0], ds[1])
		for _, tr := range diffs {
			counts[tr]++
		}
		if len(diffs) > 0 {
			changed++
			lines = append(lines, fmt.Sprintf("%s: %s", it.Complaint.ID, strings.Join(diffs, ", ")))
		}
	}
	fmt.Fprintf(stdout, "%d of %d complaints change\n", changed, len(items))
	for _, l := range lines {
		fmt.Fprintln(stdout, "  "+l)
	}
	if len(counts) > 0 {
		fmt.Fprintln(stdout, "transitions:")
		keys := sortedTransitions(counts)
		for _, k := range keys {
			fmt.Fprintf(stdout, "  %s: %d\n", k, counts[k])
		}
	}
	return exitOK
}

// changes lists how a decision changed from a to b, one "axis before→after"
// per axis (the head's taxonomy first; an axis one side lacks reads "") and
// "strategy before→after".
func changes(a, b triage.Decision) []string {
	type field struct{ name, a, b string }
	var fields []field
	for _, x := range b.Axes {
		before, _ := a.Axes.Get(x.Name)
		fields = append(fields, field{x.Name, before.Value, x.Value})
	}
	for _, x := range a.Axes {
		if _, ok := b.Axes.Get(x.Name); !ok {
			fields = append(fields, field{x.Name, x.Value, ""})
		}
	}
	fields = append(fields, field{"strategy", a.Strategy.ID, b.Strategy.ID})
	var out []string
	for _, f := range fields {
		if f.a != f.b {
			out = append(out, fmt.Sprintf("%s %s→%s", f.name, f.a, f.b))
		}
	}
	return out
}

// sortedTransitions orders transitions by count, most first, then by name.
func sortedTransitions(counts map[string]int) []string {
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if counts[keys[i]] != counts[keys[j]] {
			return counts[keys[i]] > counts[keys[j]]
		}
		return keys[i] < keys[j]
	})
	return keys
}
