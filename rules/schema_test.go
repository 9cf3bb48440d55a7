package rules

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"
)

// compileSchema loads schema.json with a JSON Schema validator, a
// test-only dependency.
func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open("schema.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// yamlToJSONValue converts a YAML document into the value a JSON Schema
// validator expects.
func yamlToJSONValue(t *testing.T, src []byte) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal(src, &v); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	out, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestSchemaAcceptsShippedPolicies validates every policy the project
// ships, layers included.
func TestSchemaAcceptsShippedPolicies(t *testing.T) {
	s := compileSchema(t)
	files := []string{"../triage/policy.yaml"}
	packs, _ := filepath.Glob("../examples/policies/*.yaml")
	ours, _ := filepath.Glob("testdata/policies/*.yaml")
	files = append(append(files, packs...), ours...)
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Validate(yamlToJSONValue(t, src)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	for _, src := range []string{layerBase, layerOurs, scopePolicy} {
		if err := s.Validate(yamlToJSONValue(t, []byte(src))); err != nil {
			t.Errorf("layer test policy: %v", err)
		}
	}
}

// TestSchemaRejectsLoaderFixtures: what the loader rejects as an unknown
// key or a wrong type, the schema rejects too.
func TestSchemaRejectsLoaderFixtures(t *testing.T) {
	s := compileSchema(t)
	fixtures := map[string]string{
		"unknown top-level key (TS002)": "testdata/lint/TS002.yaml",
		"wrong type (TS003)":            "testdata/lint/TS003.yaml",
		"axis value (TS006)":            "testdata/lint/TS006.yaml",
		"missing axis (TS012)":          "testdata/lint/TS012.yaml",
		"version (TS016)":               "testdata/lint/TS016.yaml",
		"window of 0 (TS021)":           "testdata/lint/TS021.yaml",
		"aggregate (TS025)":             "testdata/lint/TS025.yaml",
	}
	inline := map[string]string{
		"unknown rule key":     "version: 1\nrules:\n  - id: r\n    cause: price\n    wieght: 2\n",
		"unknown strategy key": "version: 1\nstrategies:\n  - id: s\n    colour: red\n",
		"weight not a number":  "version: 1\nrules:\n  - id: r\n    cause: price\n    weight: heavy\n",
		"bad window":           "version: 1\nstrategies:\n  - id: s\n    respond_within: soon\n",
		"calls negative":       "version: 1\nstrategies:\n  - id: s\n    contact: {max_calls_per_day: -1}\n",
		"enabled not a bool":   "version: 1\nrules:\n  - id: r\n    cause: price\n    enabled: maybe\n",
		"near, one side":       "version: 1\nrules:\n  - id: r\n    cause: price\n    match: {any: [{near: [贵], within: 3}]}\n",
		"near, no within":      "version: 1\nrules:\n  - id: r\n    cause: price\n    match: {any: [{near: [贵, 坑], scope: clause}]}\n",
		"near, bad scope":      "version: 1\nrules:\n  - id: r\n    cause: price\n    match: {any: [{near: [贵, 坑], within: 3, scope: page}]}\n",
		"then with order":      "version: 1\nrules:\n  - id: r\n    cause: price\n    match: {any: [{then: [贵, 坑], within: 3, order: false}]}\n",
		"praise not a bool":    "version: 1\nrules:\n  - id: r\n    cause: price\n    exclude_praised: yes please\n    match: {any: [贵]}\n",
	}
	for name, f := range fixtures {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		inline[name] = string(src)
	}
	for name, src := range inline {
		if err := s.Validate(yamlToJSONValue(t, []byte(src))); err == nil {
			t.Errorf("%s: the schema accepted it", name)
		}
		if _, err := parseCompile("p.yaml", []byte(src)); err == nil {
			t.Errorf("%s: the loader accepted it", name)
		}
	}
}
