package rules

import (
	"fmt"

	"github.com/tousu/tousu/rules/calendar"
)

// An Option configures Parse, Load, Compile and Lint: limits, and what a
// policy may name beyond the built-in calendars, regulator clocks and
// expression functions.
type Option func(*config)

type config struct {
	lim       Limits
	funcs     map[string]func(args ...any) (any, error)
	calendars map[string]*calendar.Calendar
	clocks    map[string]Clock
}

func newConfig(opts []Option) *config {
	c := &config{calendars: map[string]*calendar.Calendar{}, clocks: map[string]Clock{}}
	for _, name := range calendar.BuiltinNames() {
		cal, err := calendar.Builtin(name)
		if err != nil {
			panic(fmt.Sprintf("rules: built-in calendar %s: %v", name, err)) // a test pins that every built-in loads
		}
		c.calendars[name] = cal
	}
	for _, k := range builtinClocks {
		c.clocks[k.Name] = k
	}
	for _, o := range opts {
		if o != nil {
			o(c)
		}
	}
	c.lim = c.lim.withDefaults()
	return c
}

// WithLimits sets the limits a policy is read and compiled under; zero
// fields keep their defaults (see Limits).
func WithLimits(l Limits) Option { return func(c *config) { c.lim = l } }

// WithFunction adds a function when expressions may call by name, such as
// a service's own isHoliday(). Its results are untyped, so compare them:
// isHoliday(order.status) == true. A function's panic or error fails the
// evaluation of the complaint it was called for, not the engine. It must
// be safe for concurrent use. Programs that call functions are never
// memoised.
func WithFunction(name string, fn func(args ...any) (any, error)) Option {
	return func(c *config) {
		if c.funcs == nil {
			c.funcs = map[string]func(args ...any) (any, error){}
		}
		c.funcs[name] = fn
	}
}

// WithCalendar makes a business calendar available to strategies by its
// name, beside the built-in cn-mainland (which it replaces if it has that
// name).
func WithCalendar(cal *calendar.Calendar) Option {
	return func(c *config) {
		if cal != nil {
			c.calendars[cal.Name()] = cal
		}
	}
}

// WithClock makes a regulator clock available to strategies by its name,
// beside the built-in 12315-acceptance.
func WithClock(k Clock) Option { return func(c *config) { c.clocks[k.Name] = k } }

// A Clock is a deadline set by a regulator, which strategies name in
// regulatory: [NAME].
type Clock struct {
	Name        string
	Description string
	// WorkingDays on Calendar from receipt.
	WorkingDays int
	Calendar    string
}

// builtinClocks are the regulator clocks every policy may name.
var builtinClocks = []Clock{{
	Name:        "12315-acceptance",
	Description: "市场监管部门自收到投诉之日起7个工作日内作出受理或者不予受理的决定（《市场监督管理投诉举报处理暂行办法》）",
	WorkingDays: 7, Calendar: "cn-mainland",
}}

// Limits bound what a policy may contain and cost. A zero field means its
// default; a negative value means no limit.
type Limits struct {
	// MaxFileBytes is the largest policy file read (default 4 MiB).
	MaxFileBytes int
	// MaxRules, MaxLexicons and MaxTerms bound the whole policy (defaults
	// 20,000, 5,000 and 200,000).
	MaxRules    int
	MaxLexicons int
	MaxTerms    int
	// MaxTermRunes bounds one term's length (default 64).
	MaxTermRunes int
	// MaxExprNodes bounds the size of one when expression after macro
	// expansion (expr's MaxNodes; default 1,000).
	MaxExprNodes int
	// MaxExprMemory bounds the memory one evaluation of a when expression
	// may use, in expr's units (its VM MemoryBudget; default 100,000);
	// exceeding it is an evaluation error, not a crash. It is the last
	// guard: MaxExprCost rejects costly expressions before they run.
	MaxExprMemory int
	// MaxExprDepth bounds the nesting of one expression (brackets and runs
	// of prefix operators such as !), checked on its text before it is
	// parsed (default 100).
	MaxExprDepth int
	// MaxExprCost bounds the static worst-case cost of one when
	// expression after macro expansion, in units of about a byte or an
	// element touched (default 10,000,000: a few milliseconds).
	MaxExprCost int
	// MaxTextBytes is the complaint size cost estimates assume: every
	// string of the environment at this length (default 64 KiB, the
	// engine's default text limit; an engine may not read longer texts).
	MaxTextBytes int
	// MaxWeight bounds a rule's weight (default 1,000,000), so that sums
	// of weights and confidences stay finite.
	MaxWeight int
	// MaxSpansPerRule bounds the occurrences a fired rule keeps as
	// evidence (default 32) and MaxSpansPerDecision those of all fired
	// rules together (default 1,024); the true count is kept beside them.
	// A decision stays small however often its terms occur.
	MaxSpansPerRule     int
	MaxSpansPerDecision int
}

var defaultLimits = Limits{
	MaxFileBytes:  4 << 20,
	MaxRules:      20000,
	MaxLexicons:   5000,
	MaxTerms:      200000,
	MaxTermRunes:  64,
	MaxExprNodes:  1000,
	MaxExprMemory: 100000,
	MaxExprDepth:  100,
	MaxExprCost:   10_000_000,
	MaxTextBytes:  64 << 10,
	MaxWeight:     1_000_000,

	MaxSpansPerRule:     32,
	MaxSpansPerDecision: 1024,
}

func (l Limits) withDefaults() Limits {
	pick := func(v, def int) int {
		if v == 0 {
			return def
		}
		return v
	}
	d := defaultLimits
	return Limits{
		MaxFileBytes:  pick(l.MaxFileBytes, d.MaxFileBytes),
		MaxRules:      pick(l.MaxRules, d.MaxRules),
		MaxLexicons:   pick(l.MaxLexicons, d.MaxLexicons),
		MaxTerms:      pick(l.MaxTerms, d.MaxTerms),
		MaxTermRunes:  pick(l.MaxTermRunes, d.MaxTermRunes),
		MaxExprNodes:  pick(l.MaxExprNodes, d.MaxExprNodes),
		MaxExprMemory: pick(l.MaxExprMemory, d.MaxExprMemory),
		MaxExprDepth:  pick(l.MaxExprDepth, d.MaxExprDepth),
		MaxExprCost:   pick(l.MaxExprCost, d.MaxExprCost),
		MaxTextBytes:  pick(l.MaxTextBytes, d.MaxTextBytes),
		MaxWeight:     pick(l.MaxWeight, d.MaxWeight),

		MaxSpansPerRule:     pick(l.MaxSpansPerRule, d.MaxSpansPerRule),
		MaxSpansPerDecision: pick(l.MaxSpansPerDecision, d.MaxSpansPerDecision),
	}
}

func exceeds(n, limit int) bool { return limit > 0 && n > limit }
