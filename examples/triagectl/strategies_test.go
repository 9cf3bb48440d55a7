package main

import (
	"encoding/json"
	"github.com/tousu/tousu/examples/internal/strategytext"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tousu/tousu/triage"
)

// strategyInput is complaints for the -strategy tests: generated ones and
// a few with a receipt time, so that decisions carry deadlines.
func strategyInput(t *testing.T) string {
	t.Helper()
	gen, stderr, status := runCmd(t, "", "gen", "-n", "40", "-seed", "3")
	if status != exitOK {
		t.Fatalf("gen: status %d: %s", status, stderr)
	}
	return gen + strings.Join([]string{
		`{"id":"d1","text":"买到假货了，我要投诉到12315","received_at":"2026-03-03T10:00:00+08:00","customer":{"name":"王"}}`,
		`{"id":"d2","text":"孩子吃了以后上吐下泻，已经报警了，还要找媒体曝光","received_at":"2026-10-01T20:00:00+08:00","customer":{"tier":"黄金"}}`,
		`{"id":"d3","text":"物流太慢","received_at":"2026-12-31T17:30:00+08:00"}`,
	}, "\n") + "\n"
}

// decodeLines decodes JSONL output into one map per line.
func decodeLines(t *testing.T, out string) []map[string]any {
	t.Helper()
	var ds []map[string]any
	for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		var d map[string]any
		if err := json.Unmarshal([]byte(l), &d); err != nil {
			t.Fatalf("output line is not JSON: %v: %q", err, l)
		}
		ds = append(ds, d)
	}
	return ds
}

// TestTriageStrategyID: with -strategy id each line is the -strategy full
// line with its strategy cut to {"id"}, deadlines kept; -strategy full is
// the default output; and the texts "triagectl strategies" gives are the
// full strategies, replies aside, of the same policy digest.
func TestTriageStrategyID(t *testing.T) {
	in := strategyInput(t)
	tests := []struct {
		policy string
		// text: the policy's strategies have text to leave out;
		// deadlines: some have deadlines to keep.
		text, deadlines bool
	}{
		{"builtin", true, true},
		{"testdata/strategies.yaml", true, true},
		{"testdata/explain.yaml", false, false}, // strategies that are only ids
	}
	for _, tt := range tests {
		policy := tt.policy
		t.Run(policy, func(t *testing.T) {
			dflt, _, st0 := runCmd(t, in, "triage", "-policy", policy)
			full, _, st1 := runCmd(t, in, "triage", "-policy", policy, "-strategy", "full")
			ids, stderr, st2 := runCmd(t, in, "triage", "-policy", policy, "-strategy", "id")
			if st0 != exitOK || st1 != exitOK || st2 != exitOK {
				t.Fatalf("statuses %d %d %d: %s", st0, st1, st2, stderr)
			}
			if dflt != full {
				t.Errorf("-strategy full differs from the default output")
			}
			fulls, idds := decodeLines(t, full), decodeLines(t, ids)
			if len(fulls) != len(idds) {
				t.Fatalf("%d full lines, %d id lines", len(fulls), len(idds))
			}
			texts := strategiesOf(t, policy)
			deadlines := 0
			for i, f := range fulls {
				fs := f["strategy"].(map[string]any)
				id := fs["id"].(string)
				if diff := cmp.Diff(map[string]any{"id": id}, idds[i]["strategy"]); diff != "" {
					t.Errorf("line %d: id strategy (-want +got):\n%s", i+1, diff)
				}
				// The rest of the decision, deadlines included, is untouched.
				f["strategy"] = idds[i]["strategy"]
				if diff := cmp.Diff(f, idds[i]); diff != "" {
					t.Errorf("line %d: decision differs beyond its strategy (-full +id):\n%s", i+1, diff)
				}
				if _, ok := idds[i]["respond_by"]; ok {
					deadlines++
				}
				// The full strategy is the text "strategies" gives, with
				// the replies rendered instead of the templates.
				text, ok := texts.byID[id]
				if !ok {
					t.Fatalf("line %d: strategy %q not listed by triagectl strategies", i+1, id)
				}
				delete(fs, "replies")
				delete(text, "reply_templates")
				delete(text, "calendar") // what strategies adds: the calendars and their years
				delete(text, "regulatory")
				if diff := cmp.Diff(text, fs); diff != "" {
					t.Errorf("line %d: strategy %q (-strategies +decision):\n%s", i+1, id, diff)
				}
				if got := f["policy"].(map[string]any)["digest"]; got != texts.digest {
					t.Errorf("line %d: digest %v, strategies gave %s", i+1, got, texts.digest)
				}
			}
			if tt.deadlines && deadlines == 0 {
				t.Errorf("no decision kept its deadlines")
			}
			if smaller := len(ids) < len(full); smaller != tt.text {
				t.Errorf("-strategy id wrote %d bytes, full %d", len(ids), len(full))
			}
		})
	}
}

type strategiesResult struct {
	digest string
	byID   map[string]map[string]any
}

// strategiesOf runs "triagectl strategies -policy policy" and indexes its
// strategies by id, checking that each is listed once, in the policy's
// order.
func strategiesOf(t *testing.T, policy string) strategiesResult {
	t.Helper()
	out, stderr, status := runCmd(t, "", "strategies", "-policy", policy)
	if status != exitOK {
		t.Fatalf("strategies: status %d: %s", status, stderr)
	}
	var got struct {
		Policy     triage.PolicyRef
		Strategies []map[string]any
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("strategies output: %v\n%s", err, out)
	}
	prog, err := loadPolicy([]string{policy})
	if err != nil {
		t.Fatal(err)
	}
	var want, ids []string
	for _, s := range prog.Strategies() {
		want = append(want, s.ID)
	}
	r := strategiesResult{digest: got.Policy.Digest, byID: map[string]map[string]any{}}
	for _, s := range got.Strategies {
		id, _ := s["id"].(string)
		ids = append(ids, id)
		r.byID[id] = s
	}
	if diff := cmp.Diff(want, ids); diff != "" {
		t.Errorf("strategy ids (-policy +strategies):\n%s", diff)
	}
	return r
}

// TestStrategiesAsWritten: "triagectl strategies" prints each strategy's
// text as the policy wrote it, reply templates with their placeholders.
func TestStrategiesAsWritten(t *testing.T) {
	out, stderr, status := runCmd(t, "", "strategies", "-policy", "testdata/strategies.yaml")
	if status != exitOK {
		t.Fatalf("status %d: %s", status, stderr)
	}
	var got strategytext.Output
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	want := []strategytext.Text{{
		ID: "fake-goods", Title: "假货", Steps: []string{"道歉", "退款"}, Techniques: []string{"补偿法"},
		EscalateTo: "客服主管", RespondWithin: "1h", ResolveWithin: "2d",
		Contact:      triage.Contact{Hours: "10:00-18:00", MaxCallsPerDay: 2},
		Compensation: "假一赔三", ReplyTemplates: []string{"{客户姓名}您好，{处理时限}内给您答复。"},
	}, {ID: "other"}}
	if diff := cmp.Diff(want, got.Strategies); diff != "" {
		t.Errorf("strategies (-want +got):\n%s", diff)
	}
	if got.Policy.Name != "strategies" || !strings.HasPrefix(got.Policy.Digest, "sha256:") {
		t.Errorf("policy %+v", got.Policy)
	}
	if !strings.Contains(out, `"{客户姓名}您好`) {
		t.Errorf("output escapes the templates:\n%s", out)
	}
}

// TestStrategyUsage: a -strategy other than full or id, or an argument
// to strategies, is a usage error; a policy that does not load is a
// problem.
func TestStrategyUsage(t *testing.T) {
	tests := []struct {
		args   []string
		status int
		stderr string
	}{
		{[]string{"triage", "-strategy", "ids"}, exitUsage, `invalid value "ids" for flag -strategy: want full or id, not "ids"`},
		{[]string{"triage", "-strategy", ""}, exitUsage, `want full or id, not ""`},
		{[]string{"strategies", "extra"}, exitUsage, "usage: triagectl strategies"},
		{[]string{"strategies", "-policy", "testdata/five-mistakes.yaml"}, exitProblems, "five-mistakes.yaml:7:12"},
		{[]string{"strategies", "-policy", "testdata/no-such.yaml"}, exitProblems, "no-such.yaml"},
	}
	for _, tt := range tests {
		_, stderr, status := runCmd(t, "", tt.args...)
		if status != tt.status || !strings.Contains(stderr, tt.stderr) {
			t.Errorf("triagectl %q: status %d, stderr %q; want %d containing %q", tt.args, status, stderr, tt.status, tt.stderr)
		}
	}
}
