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
		var diffs []string
		type field struct{ name, a, b string }
		var fields []field
		for _, a := range ds[1].Axes { // the head's taxonomy; an axis the base lacks reads ""
			before, _ := ds[0].Axes.Get(a.Name)
			fields = append(fields, field{a.Name, before.Value, a.Value})
		}
		for _, a := range ds[0].Axes {
			if _, ok := ds[1].Axes.Get(a.Name); !ok {
				fields = append(fields, field{a.Name, a.Value, ""})
			}
		}
		fields = append(fields, field{"strategy", ds[0].Strategy.ID, ds[1].Strategy.ID})
		for _, f := range fields {
			if f.a != f.b {
				tr := fmt.Sprintf("%s %s→%s", f.name, f.a, f.b)
				diffs = append(diffs, tr)
				counts[tr]++
			}
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
		for _, k := range keys {
			fmt.Fprintf(stdout, "  %s: %d\n", k, counts[k])
		}
	}
	return exitOK
}
