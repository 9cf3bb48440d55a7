package triage_test

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tousu/tousu/triage"
	"github.com/tousu/tousu/triage/triagetest"
)

var update = flag.Bool("update", false, "rewrite the golden files in ../testdata/golden")

// TestGolden triages ../testdata/golden/complaints.jsonl with the built-in
// policy and compares each full Decision with its golden JSON file, so that
// any change of output is seen. Regenerate with
//
//	go test ./triage -run Golden -update
//
// and read the diff before committing it.
func TestGolden(t *testing.T) {
	dir := filepath.Join("..", "testdata", "golden")
	f, err := os.Open(filepath.Join(dir, "complaints.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	eng := mustDefault()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		var c triage.Complaint
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatal(err)
		}
		n++
		t.Run(c.ID, func(t *testing.T) {
			d, err := eng.Triage(context.Background(), c)
			if err != nil {
				t.Fatal(err)
			}
			// The digest changes with every policy edit; the golden files
			// pin behaviour, not the policy's bytes.
			d.Policy.Digest = "sha256:…"
			got, err := json.MarshalIndent(d, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			path := filepath.Join(dir, c.ID+".golden.json")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./triage -run Golden -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), string(got)); diff != "" {
				t.Errorf("%s mismatch (-want +got):\n%s\nIf the change is intended, run: go test ./triage -run Golden -update", path, diff)
			}
		})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("no golden complaints")
	}
}

// TestCases runs the hand-written declarative cases in ../testdata/cases.
func TestCases(t *testing.T) {
	triagetest.Run(t, mustDefault(), filepath.Join("..", "testdata", "cases"))
}
