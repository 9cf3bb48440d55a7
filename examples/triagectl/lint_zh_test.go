package main

import (
	"strings"
	"testing"
)

// TestLintZhFileErrors checks that a file lint cannot read is reported in
// Chinese under -lang zh, and in English otherwise.
func TestLintZhFileErrors(t *testing.T) {
	tests := []struct{ lang, want string }{
		{"zh", "找不到策略文件 testdata/no-such-policy.yaml"},
		{"en", "testdata/no-such-policy.yaml: no such file or directory"},
	}
	for _, tt := range tests {
		_, stderr, status := runCmd(t, "", "lint", "-lang", tt.lang, "testdata/no-such-policy.yaml")
		if status != exitProblems || strings.TrimSpace(stderr) != tt.want {
			t.Errorf("-lang %s: status %d, stderr %q, want %q", tt.lang, status, stderr, tt.want)
		}
	}
}
