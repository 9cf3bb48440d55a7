package triage

import (
	"context"
	"errors"
	"fmt"
	"strings"
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
	set  *rules.Set
	cfg  config
	pool sync.Pool // *state
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

// TriageInto is Triage writing into d, reusing the slices d already holds
// (evidence, terms, replies), so that a caller triaging many complaints
// with one Decision allocates only what expressions and rendered replies
// need. On error d is left in an unspecified state.
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
	var votes [3]axisVote
	for i, axis := range axes {
		votes[i] = vote(st.out.Fired, axis)
		if votes[i].value == "" {
			votes[i].value = e.set.Default(axis)
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
	renderStrategy(&d.Strategy, s, c)
	d.TimeZone = c.Customer.TimeZone
	e.setDeadlines(d, s, &c)
	d.Evidence = evidence(d.Evidence, st.out.Fired, c.Text)
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

// vote applies the decision semantics to one axis: the highest priority
// tier with votes decides; in it the value with the most weight wins; a tie
// goes to the value whose earliest-declared firing rule comes first.
func vote(fired []rules.Firing, axis string) axisVote {
	top, have := 0, false
	for _, f := range fired {
		if f.Rule.Axis == axis && (!have || f.Rule.Priority > top) {
			top, have = f.Rule.Priority, true
		}
	}
	if !have {
		return axisVote{defaulted: true}
	}
	// At most a handful of values per axis: a small array beats a map.
	var vals [8]string
	var weights [8]float64
	n := 0
	total := 0.0
	for _, f := range fired {
		if f.Rule.Axis != axis || f.Rule.Priority != top {
			continue
		}
		total += f.Rule.Weight
		i := 0
		for i < n && vals[i] != f.Rule.Value {
			i++
		}
		if i == n {
			if n == len(vals) {
				continue
			}
			vals[n] = f.Rule.Value
			n++
		}
		weights[i] += f.Rule.Weight
	}
	best := 0
	for i := 1; i < n; i++ {
		if weights[i] > weights[best] { // strict: ties keep the earlier value
			best = i
		}
	}
	return axisVote{value: vals[best], confidence: weights[best] / total}
}

// evidence writes the fired rules into dst, reusing its storage. The
// terms of entries without room of their own share one new slab, so a
// fresh Decision costs two allocations however many rules fired.
func evidence(dst []Evidence, fired []rules.Firing, text string) []Evidence {
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
		terms := dst[i].Terms[:0]
		if cap(terms) < len(f.Hits) {
			terms = slab[len(slab) : len(slab) : len(slab)+len(f.Hits)]
			slab = slab[:len(slab)+len(f.Hits)]
		}
		for _, h := range f.Hits {
			terms = append(terms, Term{
				Term: h.Term, Lexicon: h.Lexicon, Text: text[h.Start:h.End],
				Start: h.Start, End: h.End, RuneStart: h.RuneStart, RuneEnd: h.RuneEnd,
			})
		}
		if len(terms) == 0 {
			terms = nil
		}
		dst[i] = Evidence{Rule: f.Rule.ID, Axis: f.Rule.Axis, Value: f.Rule.Value, Weight: f.Rule.Weight, Priority: f.Rule.Priority, Terms: terms}
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

// renderStrategy writes strategy s, with its replies rendered for c, into
// out, reusing out's replies slice.
func renderStrategy(out *Strategy, s *rules.Strategy, c Complaint) {
	replies := out.Replies[:0]
	for _, r := range s.Replies {
		replies = append(replies, RenderReply(r, s, c))
	}
	if len(replies) == 0 {
		replies = nil
	}
	*out = Strategy{
		ID: s.ID, Title: s.Title, Steps: s.Steps, Techniques: s.Techniques, EscalateTo: s.EscalateTo,
		RespondWithin: s.RespondWithin.Text, ResolveWithin: s.ResolveWithin.Text,
		Contact:      Contact{Hours: s.Contact.Hours, MaxCallsPerDay: s.Contact.MaxCallsPerDay},
		Compensation: s.Compensation,
		Replies:      replies,
	}
}

// RenderReply fills a reply template's placeholders ({客户姓名}, {订单号},
// {投诉编号}, {回复时限}, {处理时限}, {负责人}) from the complaint and the
// strategy. A missing value renders a neutral word (客户, 相关订单, 本次投诉,
// 尽快, 专属客服), never an empty gap.
func RenderReply(tmpl string, s *rules.Strategy, c Complaint) string {
	if !strings.Contains(tmpl, "{") {
		return tmpl
	}
	value := func(name string) string {
		pick := func(v, fallback string) string {
			if strings.TrimSpace(v) == "" {
				return fallback
			}
			return v
		}
		switch name {
		case "客户姓名":
			return pick(c.Customer.Name, "客户")
		case "订单号":
			return pick(c.Order.ID, "相关订单")
		case "投诉编号":
			return pick(c.ID, "本次投诉")
		case "回复时限":
			return pick(s.RespondWithin.Chinese, "尽快")
		case "处理时限":
			return pick(s.ResolveWithin.Chinese, "尽快")
		case "负责人":
			return pick(s.EscalateTo, "专属客服")
		}
		return "{" + name + "}"
	}
	var b strings.Builder
	b.Grow(len(tmpl) + 64)
	for {
		i := strings.IndexByte(tmpl, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(tmpl[i:], '}')
		if j < 0 {
			break
		}
		b.WriteString(tmpl[:i])
		b.WriteString(value(tmpl[i+1 : i+j]))
		tmpl = tmpl[i+j+1:]
	}
	b.WriteString(tmpl)
	return b.String()
}
