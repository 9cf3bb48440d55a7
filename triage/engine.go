package triage

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"unicode/utf8"

	"github.com/tousu/tousu/classify"
	"github.com/tousu/tousu/rules"
	"github.com/tousu/tousu/triage/calendar"
)

// An Engine triages complaints with one compiled policy. An Engine is
// immutable and safe for concurrent use by multiple goroutines; to change
// the policy, build a new Engine.
type Engine struct {
	set *rules.Set
	cfg config
	// strategies and replies hold each strategy as decisions show it and
	// its compiled reply templates, by strategy index.
	strategies []Strategy
	replies    [][]replyTemplate
	pool       sync.Pool // *state
}

type config struct {
	maxTextBytes int
	calendars    map[string]*calendar.Calendar
	log          func(context.Context, DecisionRecord)
	logText      bool
	metrics      Metrics
	trace        bool
}

// DefaultMaxTextBytes is the default limit on the complaint text an Engine
// reads; see WithMaxTextBytes.
const DefaultMaxTextBytes = 64 << 10

// An Option configures an Engine.
type Option func(*config) error

// WithMaxTextBytes sets how many bytes of a complaint's text are triaged.
// A longer text is triaged on its first n bytes (cut at a character
// boundary) and the decision's signals.truncated is true. n must be
// positive.
func WithMaxTextBytes(n int) Option {
	return func(c *config) error {
		if n <= 0 {
			return fmt.Errorf("triage: WithMaxTextBytes(%d): the limit must be positive", n)
		}
		c.maxTextBytes = n
		return nil
	}
}

// New returns an Engine for the compiled policy set.
func New(set *rules.Set, opts ...Option) (*Engine, error) {
	if set == nil {
		return nil, errors.New("triage: New: nil rule set")
	}
	e := &Engine{set: set, cfg: config{maxTextBytes: DefaultMaxTextBytes}}
	for _, o := range opts {
		if err := o(&e.cfg); err != nil {
			return nil, err
		}
	}
	if err := e.resolveCalendars(); err != nil {
		return nil, err
	}
	e.strategies, e.replies = compileStrategies(set)
	e.pool.New = func() any { return new(state) }
	return e, nil
}

// Set returns the engine's compiled policy.
func (e *Engine) Set() *rules.Set { return e.set }

// Policy names the engine's policy as decisions do.
func (e *Engine) Policy() PolicyRef {
	return PolicyRef{Name: e.set.Name(), Digest: e.set.Digest()}
}

// state is the per-call scratch of Triage, pooled.
type state struct {
	env      rules.StrategyEnv
	out      rules.Outcome
	signals  classify.Signals
	customer rules.Customer
	order    rules.Order
}

// Triage decides a complaint's cause, severity and behaviour, chooses a
// handling strategy and collects the evidence. The error is non-nil only
// when ctx is done or a policy expression fails at run time (for example
// exceeds its memory budget); invalid UTF-8, control characters and
// over-long texts are triaged, never rejected.
func (e *Engine) Triage(ctx context.Context, c Complaint) (Decision, error) {
	var d Decision
	err := e.TriageInto(ctx, c, &d)
	if err != nil {
		return Decision{}, err
	}
	return d, nil
}

// TriageInto is Triage writing into d, reusing the storage d already
// holds (evidence, terms, replies, escalations, regulatory deadlines and
// the times RespondBy and ResolveBy point to), so that a caller triaging
// many complaints with one Decision allocates only what expressions and
// rendered replies need. A copy of d made before the call shares that
// storage and sees it overwritten; keep Triage's results, or copy deeply,
// to hold on to a decision. On error d is left in an unspecified state.
func (e *Engine) TriageInto(ctx context.Context, c Complaint, d *Decision) (err error) {
	if err := ctx.Err(); err != nil {
		return err
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("triage: complaint %q: panic: %v", c.ID, r)
		}
	}()
	st := e.pool.Get().(*state)
	defer e.pool.Put(st)

	text, truncated := c.Text, false
	if len(text) > e.cfg.maxTextBytes {
		text, truncated = truncate(text, e.cfg.maxTextBytes), true
	}
	st.signals = classify.Signals{Truncated: truncated} // measured by Evaluate's scan
	st.customer = rules.Customer{Name: c.Customer.Name, Tier: c.Customer.Tier, PriorComplaints: c.Customer.PriorComplaints}
	st.order = rules.Order{ID: c.Order.ID, Amount: c.Order.Amount, Currency: c.Order.Currency, Status: c.Order.Status}
	env := &st.env
	st.out.Trace = e.cfg.trace
	env.Env = rules.Env{
		Text:       text,
		Channel:    c.Channel,
		Customer:   &st.customer,
		Order:      &st.order,
		Attributes: c.Attributes,
		Signals:    &st.signals,
	}
	if err := e.set.Evaluate(&env.Env, &st.out); err != nil {
		return fmt.Errorf("triage: complaint %q: %w", c.ID, err)
	}

	d.SchemaVersion = SchemaVersion
	d.ID = c.ID
	d.Policy = e.Policy()
	d.Signals = st.signals
	votes := voteAll(st.out.Fired)
	for i := range votes {
		if votes[i].value == "" {
			votes[i].value = e.set.Default(axes[i])
		}
	}
	d.Cause, d.Severity, d.Behaviour = Cause(votes[0].value), Severity(votes[1].value), Behaviour(votes[2].value)
	d.Confidence = Confidence{votes[0].confidence, votes[1].confidence, votes[2].confidence}
	d.Defaulted = Defaulted{votes[0].defaulted, votes[1].defaulted, votes[2].defaulted}
	min := e.set.ReviewThreshold()
	d.Review = d.Defaulted.Cause || d.Defaulted.Severity || d.Defaulted.Behaviour ||
		d.Confidence.Cause < min || d.Confidence.Severity < min || d.Confidence.Behaviour < min

	env.Cause, env.Severity, env.Behaviour = votes[0].value, votes[1].value, votes[2].value
	var s *rules.Strategy
	var failed []*rules.Strategy
	if e.cfg.trace {
		s, failed, err = e.set.ChooseStrategyTrace(env)
	} else {
		s, err = e.set.ChooseStrategy(env)
	}
	if err != nil {
		return fmt.Errorf("triage: complaint %q: %w", c.ID, err)
	}
	e.renderStrategy(&d.Strategy, s, &c)
	d.TimeZone = c.Customer.TimeZone
	e.setDeadlines(d, s, &c)
	d.Evidence = evidence(d.Evidence, st.out.Fired)
	d.Trace = nil
	if e.cfg.trace {
		d.Trace = buildTrace(st.out.Fired, st.out.NearMisses, failed, d)
	}
	if e.cfg.log != nil || e.cfg.metrics != nil {
		e.observe(ctx, &c, d)
	}
	return nil
}

var axes = [3]string{"cause", "severity", "behaviour"}

type axisVote struct {
	value      string
	confidence float64
	defaulted  bool
}

// axisIndex numbers the axes as axes does; -1 for any other name.
func axisIndex(axis string) int {
	switch axis {
	case "cause":
		return 0
	case "severity":
		return 1
	case "behaviour":
		return 2
	}
	return -1
}

// maxValues bounds the distinct values one axis can vote for: the loader
// accepts only the taxonomy's values, at most four per axis.
const maxValues = 4

// voteAll applies the decision semantics to the three axes in two passes
// over the fired rules: on each axis the highest priority tier with votes
// decides; in it the value with the most weight wins; a tie goes to the
// value whose earliest-declared firing rule comes first.
func voteAll(fired []rules.Firing) [3]axisVote {
	var top [3]int
	var have [3]bool
	for _, f := range fired {
		a := axisIndex(f.Rule.Axis)
		if a >= 0 && (!have[a] || f.Rule.Priority > top[a]) {
			top[a], have[a] = f.Rule.Priority, true
		}
	}
	// At most a handful of values per axis: small arrays beat maps.
	var vals [3][maxValues]string
	var weights [3][maxValues]float64
	var n [3]int
	var total [3]float64
	for _, f := range fired {
		a := axisIndex(f.Rule.Axis)
		if a < 0 || f.Rule.Priority != top[a] {
			continue
		}
		total[a] += f.Rule.Weight
		i := 0
		for i < n[a] && vals[a][i] != f.Rule.Value {
			i++
		}
		if i == n[a] {
			if n[a] == maxValues {
				continue
			}
			vals[a][i] = f.Rule.Value
			n[a]++
		}
		weights[a][i] += f.Rule.Weight
	}
	var out [3]axisVote
	for a := range out {
		if !have[a] {
			out[a] = axisVote{defaulted: true}
			continue
		}
		best := 0
		for i := 1; i < n[a]; i++ {
			if weights[a][i] > weights[a][best] { // strict: ties keep the earlier value
				best = i
			}
		}
		out[a] = axisVote{value: vals[a][best], confidence: weights[a][best] / total[a]}
	}
	return out
}

// evidence writes the fired rules into dst, reusing its storage. The
// terms of entries without room of their own share one new slab, so a
// fresh Decision costs two allocations however many rules fired.
func evidence(dst []Evidence, fired []rules.Firing) []Evidence {
	if len(fired) == 0 {
		return dst[:0]
	}
	if cap(dst) < len(fired) {
		dst = append(dst[:cap(dst)], make([]Evidence, len(fired)-cap(dst))...)
	}
	dst = dst[:len(fired)]
	need := 0
	for i, f := range fired {
		if cap(dst[i].Terms) < len(f.Hits) {
			need += len(f.Hits)
		}
	}
	var slab []Term
	if need > 0 {
		slab = make([]Term, 0, need)
	}
	for i, f := range fired {
		terms := dst[i].Terms
		if cap(terms) < len(f.Hits) {
			terms = slab[len(slab) : len(slab)+len(f.Hits) : len(slab)+len(f.Hits)]
			slab = slab[:len(slab)+len(f.Hits)]
		} else {
			terms = terms[:len(f.Hits)]
		}
		for j := range f.Hits {
			terms[j] = Term(f.Hits[j]) // same fields: a plain copy
		}
		if len(terms) == 0 {
			terms = nil
		}
		r := f.Rule
		e := &dst[i]
		e.Rule, e.Axis, e.Value, e.Weight, e.Priority, e.Terms = r.ID, r.Axis, r.Value, r.Weight, r.Priority, terms
	}
	return dst
}

// truncate cuts s to at most n bytes at a rune boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
