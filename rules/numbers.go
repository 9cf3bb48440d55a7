package rules

import "github.com/tousu/tousu/classify"

// Number items, written in match lists like terms.
var numberItems = map[string]classify.QuantityKind{
	"@money":    classify.Money,    // an amount of money: 600元, 88块, ¥128, 收了600
	"@duration": classify.Duration, // a span of time: 3个多钟头, 半小时, 两天
	"@quantity": classify.Other,    // another quantity with a unit: 128G, 55寸, 3件
}

// A numberTerm is a number item's term.
type numberTerm struct {
	term int
	kind classify.QuantityKind
}

// numberTerm compiles a number item (@money, @duration, @quantity).
func (c *compiler) numberTerm(s Scalar, kind, id string) int {
	k, ok := numberItems[s.Value]
	if !ok {
		c.errs.at(s.Pos, errNumberItem, kind, id, "unknown number item %q (want @money, @duration or @quantity)", s.Value)
		return -1
	}
	key := "\x00" + s.Value
	if tid, ok := c.termID[key]; ok {
		return tid
	}
	tid := len(c.prog.terms)
	c.termID[key] = tid
	c.prog.terms = append(c.prog.terms, s.Value)
	x := c.ext()
	x.numbers = append(x.numbers, numberTerm{term: tid, kind: k})
	return tid
}

// needNumbers notes that an expression reads max_amount or max_duration.
func (c *compiler) needNumbers() { c.ext().needsNumbers = true }

// runNumbers finds the quantities of the text: each becomes a match of
// the number item of its kind, and the largest amount and the longest
// duration fill env.
func (x *extension) runNumbers(sc *extScratch, env *Env) {
	env.MaxAmount, env.MaxDuration = 0, 0
	sc.quantities = sc.numbers.Scan(env.Text)
	for _, q := range sc.quantities {
		switch q.Kind {
		case classify.Money:
			env.MaxAmount = max(env.MaxAmount, q.Value)
		case classify.Duration:
			env.MaxDuration = max(env.MaxDuration, q.Value)
		}
		for _, n := range x.numbers {
			if n.kind == q.Kind {
				sc.extra = append(sc.extra, classify.Match{Term: n.term, Start: q.Start, End: q.End, RuneStart: q.RuneStart, RuneEnd: q.RuneEnd})
			}
		}
	}
}
