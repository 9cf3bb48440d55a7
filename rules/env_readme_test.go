package rules

import (
	"os"
	"reflect"
	"strings"
	"testing"
)

// TestREADMEEnvTable: every name a rule expression can read is in
// README's table of them, so that a new Env field is documented.
func TestREADMEEnvTable(t *testing.T) {
	src, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(src)
	from := strings.Index(readme, "Rule expressions see the complaint")
	to := strings.Index(readme, "Strategy expressions see the same")
	if from < 0 || to < from {
		t.Fatal("README's table of expression names not found")
	}
	table := readme[from:to]
	var names []string
	var walk func(prefix string, typ reflect.Type)
	walk = func(prefix string, typ reflect.Type) {
		for typ.Kind() == reflect.Pointer {
			typ = typ.Elem()
		}
		for i := range typ.NumField() {
			f := typ.Field(i)
			tag := f.Tag.Get("expr")
			if tag == "" || tag == "-" || !f.IsExported() {
				continue
			}
			ft := f.Type
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct && ft.Name() != "Time" {
				walk(prefix+tag+".", ft)
				continue
			}
			names = append(names, prefix+tag)
		}
	}
	walk("", reflect.TypeOf(Env{}))
	if len(names) < 20 {
		t.Fatalf("found %d names: is the walk broken?", len(names))
	}
	for _, n := range names {
		if n == "signals.length" || n == "customer.time_zone" {
			continue // length is the top-level name; the time zone is for deadlines
		}
		if !strings.Contains(table, "`"+n+"`") {
			t.Errorf("README's expression table does not list `%s`", n)
		}
	}
}
