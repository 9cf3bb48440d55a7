package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/tousu/tousu/triage"
)

func init() {
	register(&command{
		name:  "explain",
		usage: "[-policy FILE]... [-text TEXT [-tier T] [-prior N] [-amount X] [-channel C] [-received TIME] | -json OBJECT | FILE.jsonl]",
		run:   runExplain,
	})
}

func runExplain(fs *flag.FlagSet, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	policies := policyFlags(fs)
	text := fs.String("text", "", "explain the decision on this complaint `TEXT`")
	tier := fs.String("tier", "", "with -text: the customer's `TIER` (铂金, 黄金 …)")
	prior := fs.Int("prior", 0, "with -text: the customer's prior complaints (`N`)")
	amount := fs.Float64("amount", 0, "with -text: the order's `AMOUNT`")
	channel := fs.String("channel", "", "with -text: the `CHANNEL` it came from")
	received := fs.String("received", "", "with -text: when it was received, RFC 3339 `TIME`")
	object := fs.String("json", "", "explain the decision on one complaint given as a JSON `OBJECT` (the fields of a JSONL line)")
	if ok, st := parseFlags(fs, args); !ok {
		return st
	}
	sources := fs.NArg()
	if *text != "" {
		sources++
	}
	if *object != "" {
		sources++
	}
	if sources != 1 || fs.NArg() > 1 {
		fs.Usage()
		return exitUsage
	}
	one := triage.Input{Text: text, Channel: *channel, ReceivedAt: *received,
		Customer: triage.Customer{Tier: *tier, PriorComplaints: *prior}, Order: triage.Order{Amount: *amount}}
	one.ID = json.RawMessage(`"text"`)
	if *object != "" {
		one = triage.Input{}
		if err := json.Unmarshal([]byte(*object), &one); err != nil {
			fmt.Fprintf(stderr, "triagectl explain: -json: %v\n", err)
			return exitUsage
		}
	}
	set, err := loadPolicy(*policies)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitProblems
	}
	eng, err := triage.New(set, triage.WithTrace())
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitProblems
	}
	var complaints []triage.Complaint
	if fs.NArg() == 0 {
		c, err := one.Complaint()
		if err != nil {
			fmt.Fprintf(stderr, "triagectl explain: %v\n", err)
			return exitUsage
		}
		if c.ID == "" {
			c.ID = "text"
		}
		complaints = append(complaints, c)
	} else {
		ls, err := readLabelled(fs.Args())
		if err != nil {
			fmt.Fprintln(stderr, err)
			return exitProblems
		}
		for _, l := range ls {
			complaints = append(complaints, l.Complaint)
		}
	}
	color := isTerminal(stdout)
	for i, c := range complaints {
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		d, err := eng.Triage(context.Background(), c)
		if err != nil {
			fmt.Fprintf(stdout, "%s: error: %v\n", c.ID, err)
			continue
		}
		explain(stdout, c, d, color)
	}
	return exitOK
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// highlight marks the evidence spans of d in the original text.
func highlight(text string, d triage.Decision, color bool) string {
	type span struct{ start, end int }
	var spans []span
	for _, e := range d.Evidence {
		for _, t := range e.Terms {
			spans = append(spans, span{t.Start, t.End})
		}
	}
	sort.Slice(spans, func(i, j int) bool {
		return spans[i].start < spans[j].start || spans[i].start == spans[j].start && spans[i].end > spans[j].end
	})
	open, closing := "[", "]"
	if color {
		open, closing = "\x1b[1;31m", "\x1b[0m"
	}
	var b strings.Builder
	pos := 0
	for _, s := range spans {
		if s.start < pos { // overlapping: already inside a marked span
			continue
		}
		b.WriteString(text[pos:s.start])
		b.WriteString(open + text[s.start:s.end] + closing)
		pos = s.end
	}
	b.WriteString(text[pos:])
	return b.String()
}

func explain(w io.Writer, c triage.Complaint, d triage.Decision, color bool) {
	t := d.Trace
	fmt.Fprintf(w, "%s: %s\n", c.ID, highlight(c.Text, d, color))
	for _, a := range d.Axes {
		axis := a.Name
		if a.Defaulted {
			fmt.Fprintf(w, "  %s = %s (default: no rule voted)\n", axis, a.Value)
			continue
		}
		fmt.Fprintf(w, "  %s = %s (confidence %.2f)\n", axis, a.Value, a.Confidence)
		for _, tv := range t.Votes {
			if tv.Axis != axis {
				continue
			}
			var parts []string
			for v, wt := range tv.Weights {
				parts = append(parts, fmt.Sprintf("%s %g", v, wt))
			}
			sort.Strings(parts)
			var marks []string
			if tv.Deciding {
				marks = append(marks, "decides")
			}
			if tv.Aggregate != "" {
				marks = append(marks, "per value: "+tv.Aggregate)
			}
			mark := ""
			if len(marks) > 0 {
				mark = " (" + strings.Join(marks, "; ") + ")"
			}
			fmt.Fprintf(w, "    tier %d%s: %s\n", tv.Priority, mark, strings.Join(parts, ", "))
		}
	}
	fmt.Fprintln(w, "  fired:")
	for _, e := range d.Evidence {
		var terms []string
		for _, tm := range e.Terms {
			terms = append(terms, fmt.Sprintf("%q@%d-%d", tm.Text, tm.RuneStart, tm.RuneEnd))
		}
		fmt.Fprintf(w, "    %s → %s=%s weight %g %s\n", e.Rule, e.Axis, e.Value, e.Weight, strings.Join(terms, " "))
	}
	if len(t.Lost) > 0 {
		fmt.Fprintln(w, "  lost:")
		for _, l := range t.Lost {
			fmt.Fprintf(w, "    %s (%s=%s): %s\n", l.Rule, l.Axis, l.Value, l.Reason)
		}
	}
	if len(t.NearMisses) > 0 {
		fmt.Fprintln(w, "  near misses:")
		for _, m := range t.NearMisses {
			fmt.Fprintf(w, "    %s\n", m)
		}
	}
	fmt.Fprintf(w, "  strategy: %s", d.Strategy.ID)
	if len(t.StrategiesFailed) > 0 {
		fmt.Fprintf(w, " (when false before it: %s)", strings.Join(t.StrategiesFailed, ", "))
	}
	fmt.Fprintln(w)
}
