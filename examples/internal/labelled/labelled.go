// Package labelled reads labelled complaints (JSONL, the fields of
// triage.Input plus a label per axis) and measures an engine against them:
// accuracy, per-value precision, recall and F1, macro-F1 and confusion
// matrices. triagectl eval, diff and explain and the built-in policy's
// accuracy guard use it. Its functions are safe for concurrent use.
package labelled

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"sort"
	"strings"

	"github.com/tousu/tousu/rules"
	"github.com/tousu/tousu/triage"
)

// A Labelled complaint is a complaint as the JSONL files and every
// triagectl command carry it ({"id", "text", "channel", "received_at",
// "customer", "order", "attributes"}, triage.Input's fields) with the
// values a person gave it: "cause", "severity", "behaviour", and any other
// string field names the label of the axis it names (a declared axis
// such as channel_risk). "source" says where it came from.
type Labelled struct {
	Complaint triage.Complaint
	Source    string
	Labels    map[string]string
}

// inputKeys are the fields of triage.Input: the complaint, not labels.
var inputKeys = map[string]bool{"id": true, "text": true, "channel": true, "received_at": true, "customer": true, "order": true, "attributes": true, "source": true}

// UnmarshalJSON reads the complaint as triage.Input does, the source, and
// every other string field as a label.
func (l *Labelled) UnmarshalJSON(b []byte) error {
	var in triage.Input
	if err := json.Unmarshal(b, &in); err != nil {
		return err
	}
	if in.Text == nil {
		empty := ""
		in.Text = &empty
	}
	c, err := in.Complaint()
	if err != nil {
		return err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	*l = Labelled{Complaint: c, Labels: map[string]string{}}
	for k, raw := range m {
		var s string
		if json.Unmarshal(raw, &s) != nil {
			continue
		}
		switch {
		case k == "source":
			l.Source = s
		case !inputKeys[k]:
			l.Labels[k] = s
		}
	}
	return nil
}

// ReadLabelled reads labelled complaints, one JSON object per line; blank
// lines are skipped.
func ReadLabelled(r io.Reader) ([]Labelled, error) {
	var out []Labelled
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 4<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var l Labelled
		if err := json.Unmarshal([]byte(line), &l); err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		out = append(out, l)
	}
	return out, sc.Err()
}

// Half returns the complaints whose id has an even (odd false) or odd (odd
// true) FNV-32 hash: a fixed split for tuning on one half and checking on
// the other.
func Half(items []Labelled, odd bool) []Labelled {
	var out []Labelled
	for _, l := range items {
		h := fnv.New32()
		h.Write([]byte(l.Complaint.ID))
		if (h.Sum32()%2 == 1) == odd {
			out = append(out, l)
		}
	}
	return out
}

// A Report measures a policy against labelled complaints.
type Report struct {
	N    int          `json:"n"`
	Axes []AxisReport `json:"axes"`
	// Misses are the complaints with at least one axis wrong.
	Misses []Miss `json:"misses,omitempty"`
}

// AxisReport is the accuracy of one axis.
type AxisReport struct {
	Axis     string        `json:"axis"`
	Accuracy float64       `json:"accuracy"`
	MacroF1  float64       `json:"macro_f1"`
	Values   []ValueReport `json:"values"`
	// Confusion[want][got] counts complaints labelled want and decided got.
	Confusion map[string]map[string]int `json:"confusion"`
}

// ValueReport is precision, recall and F1 of one value; Support is how
// many complaints carry it as their label.
type ValueReport struct {
	Value     string  `json:"value"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	Support   int     `json:"support"`
}

// Value returns the report of one value.
func (a *AxisReport) Value(v string) ValueReport {
	for _, x := range a.Values {
		if x.Value == v {
			return x
		}
	}
	return ValueReport{Value: v}
}

// Axis returns the report of one axis.
func (r *Report) Axis(name string) *AxisReport {
	for i := range r.Axes {
		if r.Axes[i].Axis == name {
			return &r.Axes[i]
		}
	}
	return nil
}

// A Miss is a labelled complaint the policy decided differently, with the
// evidence that led it there.
type Miss struct {
	ID       string            `json:"id"`
	Text     string            `json:"text"`
	Want     map[string]string `json:"want"`
	Got      map[string]string `json:"got"`
	Evidence []triage.Evidence `json:"evidence,omitempty"`
}

// Evaluate triages every labelled complaint with eng and measures, per
// axis, accuracy, per-value precision, recall and F1, macro-F1 (the mean F1
// over the values that occur as a label or a decision) and the confusion
// matrix.
//
// The axes measured are those of eng's taxonomy that some complaint
// carries a label for, in declaration order.
func Evaluate(ctx context.Context, eng *triage.Engine, items []Labelled) (*Report, error) {
	rep := &Report{N: len(items)}
	var axes []rules.Axis
	for _, ax := range eng.Program().Axes() {
		for _, it := range items {
			if _, ok := it.Labels[ax.Name]; ok {
				axes = append(axes, ax)
				break
			}
		}
	}
	got := make([][]string, len(items))
	for i, it := range items {
		d, err := eng.Triage(ctx, it.Complaint)
		if err != nil {
			return nil, err
		}
		miss := Miss{ID: it.Complaint.ID, Text: it.Complaint.Text, Want: map[string]string{}, Got: map[string]string{}}
		for _, ax := range axes {
			a, _ := d.Axes.Get(ax.Name)
			got[i] = append(got[i], a.Value)
			if w := it.Labels[ax.Name]; w != a.Value {
				miss.Want[ax.Name], miss.Got[ax.Name] = w, a.Value
			}
		}
		if len(miss.Want) > 0 {
			miss.Evidence = d.Evidence
			rep.Misses = append(rep.Misses, miss)
		}
	}
	for a, ax := range axes {
		ar := AxisReport{Axis: ax.Name, Confusion: map[string]map[string]int{}}
		correct := 0
		tp, fp, fn, support := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
		seen := map[string]bool{}
		for i, it := range items {
			w, g := it.Labels[ax.Name], got[i][a]
			seen[w], seen[g] = true, true
			support[w]++
			if ar.Confusion[w] == nil {
				ar.Confusion[w] = map[string]int{}
			}
			ar.Confusion[w][g]++
			if w == g {
				correct++
				tp[w]++
			} else {
				fp[g]++
				fn[w]++
			}
		}
		if len(items) > 0 {
			ar.Accuracy = float64(correct) / float64(len(items))
		}
		values := append([]string(nil), ax.Values...)
		var extra []string
		for v := range seen {
			if !contains(values, v) {
				extra = append(extra, v)
			}
		}
		sort.Strings(extra)
		values = append(values, extra...)
		var sumF1 float64
		var nF1 int
		for _, v := range values {
			vr := ValueReport{Value: v, Support: support[v]}
			if tp[v]+fp[v] > 0 {
				vr.Precision = float64(tp[v]) / float64(tp[v]+fp[v])
			}
			if tp[v]+fn[v] > 0 {
				vr.Recall = float64(tp[v]) / float64(tp[v]+fn[v])
			}
			if vr.Precision+vr.Recall > 0 {
				vr.F1 = 2 * vr.Precision * vr.Recall / (vr.Precision + vr.Recall)
			}
			if seen[v] {
				sumF1 += vr.F1
				nF1++
			}
			ar.Values = append(ar.Values, vr)
		}
		if nF1 > 0 {
			ar.MacroF1 = sumF1 / float64(nF1)
		}
		rep.Axes = append(rep.Axes, ar)
	}
	return rep, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// WriteText prints the report as aligned tables: per axis the accuracy,
// macro-F1, per-value precision/recall/F1 and the confusion matrix (rows
// are labels, columns decisions).
func (r *Report) WriteText(w io.Writer) {
	fmt.Fprintf(w, "complaints: %d\n", r.N)
	for _, a := range r.Axes {
		fmt.Fprintf(w, "\n%s: accuracy %.3f  macro-F1 %.3f\n", a.Axis, a.Accuracy, a.MacroF1)
		fmt.Fprintf(w, "  %-20s %9s %9s %9s %8s\n", "value", "precision", "recall", "f1", "support")
		for _, v := range a.Values {
			fmt.Fprintf(w, "  %-20s %9.3f %9.3f %9.3f %8d\n", v.Value, v.Precision, v.Recall, v.F1, v.Support)
		}
		fmt.Fprintf(w, "  confusion (row = label, column = decision):\n  %-20s", "")
		for _, v := range a.Values {
			fmt.Fprintf(w, " %8.8s", v.Value)
		}
		fmt.Fprintln(w)
		for _, row := range a.Values {
			fmt.Fprintf(w, "  %-20s", row.Value)
			for _, col := range a.Values {
				fmt.Fprintf(w, " %8d", a.Confusion[row.Value][col.Value])
			}
			fmt.Fprintln(w)
		}
	}
}

// WriteMisses prints each miss with the evidence that misled.
func (r *Report) WriteMisses(w io.Writer) {
	for _, m := range r.Misses {
		var diffs []string
		for _, ax := range r.Axes {
			if want, ok := m.Want[ax.Axis]; ok {
				diffs = append(diffs, fmt.Sprintf("%s %s→%s", ax.Axis, want, m.Got[ax.Axis]))
			}
		}
		fmt.Fprintf(w, "%s: %s\n  %s\n", m.ID, strings.Join(diffs, ", "), m.Text)
		for _, e := range m.Evidence {
			var terms []string
			for _, t := range e.Terms {
				terms = append(terms, t.Text)
			}
			fmt.Fprintf(w, "    %s → %s=%s [%s]\n", e.Rule, e.Axis, e.Value, strings.Join(terms, " "))
		}
	}
}
