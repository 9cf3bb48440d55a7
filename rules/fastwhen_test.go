package rules

import (
	"math/rand/v2"
	"testing"

	"github.com/expr-lang/expr/vm"

	"github.com/tousu/tousu/classify"
)

// TestFastWhenAgreesWithVM: every expression the fast path takes gives the
// VM's answer on random environments; anything else is left to the VM.
func TestFastWhenAgreesWithVM(t *testing.T) {
	fast := []string{
		"signals.exclamation_run >= 4", "signals.exclamations > 2", "signals.question_run == 3",
		"signals.repeats != 1", "signals.emoji <= 0", "length < 20", "order.amount >= 5000",
		"customer.prior_complaints >= 3", "signals.shouting", "!signals.contrast",
		"not (signals.exclamations >= 2)", "signals.negations > 0",
	}
	slow := []string{"signals.exclamations >= 2 || signals.questions >= 3", "text contains \"假\"", "customer.tier == \"铂金\"", "2 < length"}
	r := rand.New(rand.NewPCG(7, 9))
	for _, src := range append(fast, slow...) {
		set, err := parseCompile("p.yaml", []byte("version: 1\nrules:\n  - id: r\n    cause: price\n    when: '"+src+"'\nstrategies:\n  - id: all\n"))
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		rule := set.rules[0]
		isFast := false
		for _, f := range fast {
			isFast = isFast || f == src
		}
		if (rule.fast != nil) != isFast {
			t.Errorf("%s: fast path %v, want %v", src, rule.fast != nil, isFast)
			continue
		}
		if rule.fast == nil {
			continue
		}
		var machine vm.VM
		for i := 0; i < 500; i++ {
			sig := classify.Signals{Exclamations: r.IntN(8), ExclamationRun: r.IntN(6), QuestionRun: r.IntN(5),
				Repeats: r.IntN(3), Emoji: r.IntN(2), Negations: r.IntN(3), Shouting: r.IntN(2) == 0, Contrast: r.IntN(2) == 0}
			env := &Env{Length: r.IntN(40), Signals: &sig, Customer: &Customer{PriorComplaints: r.IntN(6)}, Order: &Order{Amount: float64(r.IntN(10000))}}
			want, err := machine.Run(rule.program, env)
			if err != nil {
				t.Fatal(err)
			}
			if got := rule.fast(env); got != want.(bool) {
				t.Fatalf("%s on %+v: fast %v, VM %v", src, sig, got, want)
			}
		}
	}
}
