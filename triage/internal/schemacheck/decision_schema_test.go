// Package schemacheck validates decisions against triage's
// decision.schema.json. It is a package of its own so that the schema
// validator, which compiles its meta-schemas when the program starts, is
// not in triage's test binary: that live heap would make every benchmark
// there collect garbage more often than an embedding service does.
package schemacheck_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/tousu/tousu/rules"
	"github.com/tousu/tousu/triage"
)

// TestDecisionSchema validates real decisions against
// decision.schema.json: the golden files, decisions of the built-in policy
// with deadlines and a trace, and a decision with a declared axis. The
// schema allows no field it does not list, so a field added to Decision
// without documenting it fails here.
func TestDecisionSchema(t *testing.T) {
	f, err := os.Open("../../decision.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("decision.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile("decision.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	validate := func(name string, b []byte) {
		t.Helper()
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := schema.Validate(v); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	goldens, _ := filepath.Glob("../../../testdata/golden/*.json")
	if len(goldens) == 0 {
		t.Fatal("no golden decisions")
	}
	for _, g := range goldens {
		b, err := os.ReadFile(g)
		if err != nil {
			t.Fatal(err)
		}
		validate(g, b)
	}
	traced, err := triage.Default(triage.WithTrace())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, text := range []string{"", "这不是假货，就是物流太慢，还坏了", "垃圾商家！！！卖假货，我已经打12315了，还要找律师，孩子吃了拉肚子住院"} {
		d, err := traced.Triage(ctx, triage.Complaint{ID: "s", Text: text, ReceivedAt: time.Date(2025, 6, 3, 20, 0, 0, 0, time.UTC),
			Customer: triage.Customer{Name: "王", Tier: "铂金"}, Order: triage.Order{ID: "1", Amount: 99}})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(d)
		validate(text, b)
	}
	src, err := os.ReadFile("../../testdata/declared-axis.yaml")
	if err != nil {
		t.Fatal(err)
	}
	p, err := rules.Parse("declared-axis.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	prog, err := rules.Compile(p)
	if err != nil {
		t.Fatal(err)
	}
	eng, err := triage.New(prog)
	if err != nil {
		t.Fatal(err)
	}
	d, err := eng.Triage(ctx, triage.Complaint{Text: "假货，上微博曝光"})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(d)
	validate("declared axis", b)
	// The schema can fail: a decision without axes does not validate.
	var m map[string]any
	json.Unmarshal(b, &m)
	delete(m, "axes")
	b, _ = json.Marshal(m)
	v, _ := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if schema.Validate(v) == nil {
		t.Error("a decision without axes validated")
	}
}
