package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// FuzzJSONL feeds triagectl triage arbitrary input: it never panics and
// writes exactly one JSON line per input line.
func FuzzJSONL(f *testing.F) {
	f.Add([]byte("{\"id\":1,\"text\":\"假货\"}\n{bad\n\n"))
	f.Add([]byte("{\"id\":\"x\",\"text\":\"退款\",\"received_at\":\"2025-01-01T00:00:00Z\",\"x\":[1,{}]}"))
	f.Add([]byte("\r\n\r\n{\"text\":\"\\u0000\\ud800\"}"))
	f.Add([]byte(strings.Repeat("a", 300) + "\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		var out, errb bytes.Buffer
		status := run([]string{"triage", "-max-line", "256"}, bytes.NewReader(in), &out, &errb)
		if status == exitUsage {
			t.Fatalf("usage error: %s", errb.String())
		}
		want := bytes.Count(in, []byte("\n"))
		if len(in) > 0 && in[len(in)-1] != '\n' {
			want++
		}
		lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
		if out.Len() == 0 {
			lines = nil
		}
		if len(lines) != want {
			t.Fatalf("%d input lines, %d output lines", want, len(lines))
		}
		for _, l := range lines {
			if !json.Valid([]byte(l)) {
				t.Fatalf("output line is not JSON: %q", l)
			}
		}
	})
}
