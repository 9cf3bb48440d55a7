// Package policies holds example policy packs layered on the built-in
// policy; its test lints each pack and runs its cases.
package policies

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/tousu/tousu/rules"
	"github.com/tousu/tousu/triage"
	"github.com/tousu/tousu/triage/triagetest"
)

func TestPacks(t *testing.T) {
	for _, pack := range []string{"ecommerce", "property"} {
		t.Run(pack, func(t *testing.T) {
			pol, err := triage.LoadPolicy(os.DirFS("."), []string{"builtin", pack + ".yaml"})
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range rules.Lint(pol) {
				t.Errorf("lint: %s", d.Format("en"))
			}
			set, err := rules.Compile(pol)
			if err != nil {
				t.Fatal(err)
			}
			eng, err := triage.New(set)
			if err != nil {
				t.Fatal(err)
			}
			triagetest.Run(t, eng, filepath.Join("cases", pack))
		})
	}
}
