package triage

import (
	_ "embed"
	"sync"

	"github.com/tousu/tousu/rules"
)

//go:embed policy.yaml
var builtinPolicy []byte

// BuiltinPolicy returns the source of the built-in Chinese policy, for
// reading, layering under a policy of one's own, or copying as a start.
func BuiltinPolicy() []byte { return append([]byte(nil), builtinPolicy...) }

// BuiltinPolicyName is the file name errors and Set.Files use for the
// built-in policy.
const BuiltinPolicyName = "builtin:policy.yaml"

var defaultEngine = sync.OnceValue(func() *Engine {
	set, err := rules.Parse(BuiltinPolicyName, builtinPolicy)
	if err != nil {
		panic("triage: the built-in policy does not load: " + err.Error())
	}
	e, err := New(set)
	if err != nil {
		panic(err)
	}
	return e
})

// Default returns an Engine on the built-in Chinese policy, built once. The
// built-in policy is checked by this package's tests, so Default does not
// fail.
func Default() *Engine { return defaultEngine() }
