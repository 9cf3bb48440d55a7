package triage

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/tousu/tousu/classify"
	"github.com/tousu/tousu/rules"
)

// An Engine triages complaints with one compiled policy. An Engine is
// immutable and safe for concurrent use by multiple goroutines; to change
// the policy, build a new Engine (or use a Reloader).
type Engine struct {
	prog *rules.Program
	cfg  config
	axes []rules.Axis
	// offsets[a] is where axis a's values start in a state's vote arrays.
	offsets []int
	nvalues int
	// summed and tieValues are per axis whether it adds weights without a
	// cap (rules.Axis.Summed) and breaks ties by declaration order of
	// values (tie: values), read once at New.
	summed, tieValues []bool
	// distinct is per axis whether a rule's vote counts its distinct terms
	// (distinct_terms above 1; rules.Axis.Vote); allTiers whether its
	// confidence is the winner's share of every tier (confidence: all).
	distinct, allTiers []bool
	// counted is distinct or allTiers: the vote's slower path.
	counted []bool
	// reviewMin is per axis the confidence below which a decided value
	// sets review: the axis's min_confidence, or the policy's.
	reviewMin []float64
	// strategies and replies hold each strategy as decisions show it and
	// its compiled reply templates, by strategy index.
	strategies []Strategy
	replies    [][]replyTemplate
	contact    map[string][]rules.HourRange // strategy id → contact hours
	pool       sync.Pool                    // *state
}

type config struct {
	maxTextBytes int
	zone         *time.Location // customers' default time zone
	log          func(context.Context, DecisionRecord)
	logText      bool
	metrics      Metrics
	trace        bool
}

// shanghai is the default customers' time zone.
var shanghai = func() *time.Location {
	l, err := time.LoadLocation("Asia/Shanghai")
	if err != nil { // time/tzdata is linked in by rules/calendar; this cannot happen
		return time.FixedZone("CST", 8*3600)
	}
	return l
}()

// WithTimeZone sets the time zone of customers whose complaint names none
// (Customer.TimeZone), where contact hours apply: an IANA name such as
// Asia/Shanghai (the default). An unknown name is an error from New.
func WithTimeZone(name string) Option {
	return func(c *config) error {
		l, err := time.LoadLocation(name)
		if err != nil || name == "" {
			return fmt.Errorf("triage: WithTimeZone(%q): unknown time zone", name)
		}
		c.zone = l
		return nil
	}
}

// An Option configures an Engine.
type Option func(*config) error

// WithMaxTextBytes sets how many bytes of a complaint's text are triaged
// (default: the policy's rules.Limits.MaxTextBytes, 64 KiB unless set). A
// longer text is triaged on its first n bytes (cut at a character
// boundary) and the decision's signals.truncated is true. n must be
// positive and at most the policy's MaxTextBytes, which its expression
// cost limits assume.
func WithMaxTextBytes(n int) Option {
	return func(c *config) error {
		if n <= 0 {
			return fmt.Errorf("triage: WithMaxTextBytes(%d): the limit must be positive", n)
		}
		c.maxTextBytes = n
		return nil
	}
}

// New returns an Engine for the compiled policy prog. Every option is
// checked here: a bad one is an error from New, never a failure later.
func New(prog *rules.Program, opts ...Option) (*Engine, error) {
	if prog == nil {
		return nil, errors.New("triage: New: nil program")
	}
	e := &Engine{prog: prog, cfg: config{maxTextBytes: prog.Limits().MaxTextBytes}, axes: prog.Axes()}
	for _, o := range opts {
		if o == nil {
			return nil, errors.New("triage: New: nil option")
		}
		if err := o(&e.cfg); err != nil {
			return nil, err
		}
	}
	if max := prog.Limits().MaxTextBytes; max > 0 && e.cfg.maxTextBytes > max {
		return nil, fmt.Errorf("triage: WithMaxTextBytes(%d): the policy was compiled for texts of at most %d bytes (rules.Limits.MaxTextBytes), which its cost limits assume", e.cfg.maxTextBytes, max)
	}
	if e.cfg.zone == nil {
		e.cfg.zone = shanghai
	}
	if m, ok := e.cfg.metrics.(PolicyObserver); ok {
		m.PolicyLoaded(prog.Name(), prog.Digest())
	}
	for _, a := range e.axes {
		e.offsets = append(e.offsets, e.nvalues)
		e.nvalues += len(a.Values)
		e.summed = append(e.summed, a.Summed())
		e.tieValues = append(e.tieValues, a.Tie == "values")
		e.distinct = append(e.distinct, a.DistinctTerms > 1)
		e.allTiers = append(e.allTiers, a.Confidence == rules.ConfidenceAll)
		e.counted = append(e.counted, a.DistinctTerms > 1 || a.Confidence == rules.ConfidenceAll)
		min := prog.ReviewThreshold()
		if a.HasMinConfidence {
			min = a.MinConfidence
		}
		e.reviewMin = append(e.reviewMin, min)
	}
	e.strategies, e.replies = compileStrategies(prog)
	e.contact = map[string][]rules.HourRange{}
	for _, s := range prog.Strategies() {
		e.contact[s.ID] = s.Contact
	}
	e.pool.New = func() any {
		return &state{
			weights: make([]float64, e.nvalues), first: make([]int32, e.nvalues), seen: make([]uint32, e.nvalues),
			axisValues: make([]string, len(e.axes)),
		}
	}
	return e, nil
}

// Program returns the engine's compiled policy.
func (e *Engine) Program() *rules.Program { return e.prog }

// Policy names the engine's policy as decisions do.
func (e *Engine) Policy() PolicyRef {
	return PolicyRef{Name: e.prog.Name(), Digest: e.prog.Digest()}
}

// state is the per-call scratch of Triage, pooled.
type state struct {
	env      rules.StrategyEnv
	out      rules.Evaluation
	signals  classify.Signals
	customer rules.Customer
	order    rules.Order
	failed   []int
	// vote scratch, per axis value (Engine.offsets): weights in the
	// deciding tier, order of first vote, and the generation that wrote
	// them.
	weights    []float64
	first      []int32
	seen       []uint32
	gen        uint32
	votes      []axisVote
	axisValues []string
}

// Triage decides a complaint's cause, severity and behaviour, chooses a
// handling strategy and collects the evidence. The error is non-nil only
// when ctx is done or a policy expression fails at run time (for example
// exceeds its memory budget); invalid UTF-8, control characters and
// over-long texts are triaged, never rejected.
func (e *Engine) Triage(ctx context.Context, c Complaint) (d Decision, err error) {
	// Named, the result is filled in place rather than copied (576 bytes).
	if err = e.triage(ctx, &c, &d); err != nil {
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
	return e.triage(ctx, &c, d)
}

// triage is TriageInto reading the complaint through c.
func (e *Engine) triage(ctx context.Context, c *Complaint, d *Decision) (err error) {
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
	st.customer, st.order = c.Customer, c.Order
	env := &st.env
	st.out.Trace = e.cfg.trace
	env.Env = rules.Env{
		Text:       text,
		Channel:    c.Channel,
		Customer:   &st.customer,
		Order:      &st.order,
		Attributes: c.Attributes,
		Signals:    &st.signals,
		ReceivedAt: c.ReceivedAt,
	}
	if err := e.prog.Evaluate(&env.Env, &st.out); err != nil {
		return fmt.Errorf("triage: complaint %q: %w", c.ID, err)
	}

	d.SchemaVersion = SchemaVersion
	d.ID = c.ID
	d.Policy = e.Policy()
	d.Signals = st.signals
	e.vote(st)
	env.Axes = st.axisValues
	var failed *[]int
	if e.cfg.trace {
		st.failed = st.failed[:0]
		failed = &st.failed
	}
	si, err := e.prog.ChooseStrategy(env, &st.out, failed)
	if err != nil {
		return fmt.Errorf("triage: complaint %q: %w", c.ID, err)
	}
	s := e.prog.Strategies()[si]
	e.reserve(d, st.out.Fired, len(e.replies[si]))
	e.decide(d, st)
	e.renderStrategy(&d.Strategy, si, s, c)
	d.TimeZone = c.Customer.TimeZone
	e.setDeadlines(d, s, c)
	d.Evidence = evidence(d.Evidence, st.out.Fired)
	d.Trace = nil
	if e.cfg.trace {
		d.Trace = e.buildTrace(st.out.Fired, st.out.NearMisses, st.failed, d)
	}
	if e.cfg.log != nil || e.cfg.metrics != nil {
		e.observe(ctx, c, d)
	}
	return nil
}

type axisVote struct {
	value      string
	confidence float64
	defaulted  bool
	have       bool
	top        int
	total      float64
	// lower is the weight of the lower tiers, counted for an axis whose
	// confidence is its share of every tier (confidence: all).
	lower float64
}

// vote applies the decision semantics to every axis in two passes over
// the fired rules: on each axis the highest priority tier with votes
// decides; in it the value with the most weight (added up as the axis
// aggregates: sum, max or a capped sum) wins; a tie goes, as the
// axis declares, to the value whose earliest-declared firing rule comes
// first (tie: rules) or to the value declared first (tie: values).
func (e *Engine) vote(st *state) {
	fired := st.out.Fired
	n := len(e.axes)
	if cap(st.votes) < n {
		st.votes = make([]axisVote, n)
	}
	votes := st.votes[:n]
	clear(votes)
	for k := range fired {
		f := &fired[k]
		v := &votes[f.Axis]
		if !v.have || f.Rule.Priority > v.top {
			v.top, v.have = f.Rule.Priority, true
		}
	}
	st.gen++
	if st.gen == 0 {
		clear(st.seen)
		st.gen = 1
	}
	gen := st.gen
	for k := range fired {
		f := &fired[k]
		v := &votes[f.Axis]
		w := f.Rule.Weight
		if f.Rule.Priority != v.top || e.counted[f.Axis] {
			if e.allTiers[f.Axis] || f.Rule.Priority == v.top {
				if e.distinct[f.Axis] {
					w = e.axes[f.Axis].Vote(f)
				}
			}
			if f.Rule.Priority != v.top { // a lower tier, for confidence: all
				if e.allTiers[f.Axis] {
					v.lower += w
				}
				continue
			}
		}
		i := e.offsets[f.Axis] + f.Value
		if st.seen[i] != gen {
			st.seen[i], st.weights[i], st.first[i] = gen, 0, int32(k)
		}
		if !e.summed[f.Axis] {
			st.weights[i] = e.axes[f.Axis].Accumulate(st.weights[i], w)
			continue
		}
		st.weights[i] += w
		v.total += w
	}
	for a := range votes {
		v := &votes[a]
		ax := &e.axes[a]
		if !v.have {
			v.value, v.defaulted = ax.Default, true
			continue
		}
		if !e.summed[a] {
			v.total = e.aggregatedTotal(st, a, gen)
		}
		best := -1
		for j := range ax.Values {
			i := e.offsets[a] + j
			if st.seen[i] != gen {
				continue
			}
			if best < 0 {
				best = j
				continue
			}
			b := e.offsets[a] + best
			switch {
			case st.weights[i] > st.weights[b]:
				best = j
			case st.weights[i] == st.weights[b] && !e.tieValues[a] && st.first[i] < st.first[b]:
				best = j
			}
		}
		v.value = ax.Values[best]
		v.confidence = st.weights[e.offsets[a]+best] / (v.total + v.lower)
	}
	for a := range votes {
		st.axisValues[a] = votes[a].value
	}
}

// decide writes the votes into d: the axes, the seeds' three fields, and
// the review flag.
func (e *Engine) decide(d *Decision, st *state) {
	if cap(d.Axes) < len(e.axes) {
		d.Axes = make(Axes, 0, len(e.axes))
	}
	d.Axes = d.Axes[:0]
	d.Review = false
	for a, v := range st.votes {
		d.Axes = append(d.Axes, AxisDecision{Name: e.axes[a].Name, Value: v.value, Confidence: v.confidence, Defaulted: v.defaulted})
		if v.defaulted && e.axes[a].ReviewOnDefault || !v.defaulted && v.confidence < e.reviewMin[a] {
			d.Review = true
		}
	}
	// The seeds' three axes come first in every taxonomy.
	x := d.Axes
	d.Cause, d.Severity, d.Behaviour = x[0].Value, x[1].Value, x[2].Value
	d.Confidence = Confidence{x[0].Confidence, x[1].Confidence, x[2].Confidence}
	d.Defaulted = Defaulted{x[0].Defaulted, x[1].Defaulted, x[2].Defaulted}
}

// A store is storage for a Decision's slices, all in one allocation.
type store struct {
	evidence []Evidence
	terms    []Term
	axes     []AxisDecision
	replies  []string
}

// storeAxes and storeReplies are the axes and replies every store holds:
// the built-in policy has 4 axes and one reply per strategy.
const storeAxes, storeReplies = 4, 2

// stores are the sizes of store, by the evidence entries and terms they
// hold, smallest first: a fresh Decision takes the smallest that holds
// its evidence and terms, or the first, for its axes and replies only,
// when none does. On the labelled sets (../shared/data) a decision has 4
// entries and 2 terms at the median, 5 and 4 at the third quartile, 8
// and 8 at the 95th percentile. The size of an allocation matters, not
// only their count: the garbage collector's cost per decision grows with
// the bytes allocated, so the sizes are those that fill their malloc
// size class (768, 1152 and 1792 bytes; {5,5} and {6,4} share the
// 1152-byte class: five rules with a term each, or six with fewer
// terms), and bigger decisions get their evidence and terms in
// allocations of their own, of exactly their size.
var stores = [...]struct {
	evidence, terms int
	alloc           func() store
}{
	{0, 0, func() store {
		s := new(struct {
			a [storeAxes]AxisDecision
			r [storeReplies]string
		})
		return store{axes: s.a[:], replies: s.r[:]}
	}},
	{4, 2, func() store {
		s := new(struct {
			e [4]Evidence
			t [2]Term
			a [storeAxes]AxisDecision
			r [storeReplies]string
		})
		return store{s.e[:], s.t[:], s.a[:], s.r[:]}
	}},
	{5, 5, func() store {
		s := new(struct {
			e [5]Evidence
			t [5]Term
			a [storeAxes]AxisDecision
			r [storeReplies]string
		})
		return store{s.e[:], s.t[:], s.a[:], s.r[:]}
	}},
	{6, 4, func() store {
		s := new(struct {
			e [6]Evidence
			t [4]Term
			a [storeAxes]AxisDecision
			r [storeReplies]string
		})
		return store{s.e[:], s.t[:], s.a[:], s.r[:]}
	}},
	{8, 8, func() store {
		s := new(struct {
			e [8]Evidence
			t [8]Term
			a [storeAxes]AxisDecision
			r [storeReplies]string
		})
		return store{s.e[:], s.t[:], s.a[:], s.r[:]}
	}},
}

// termsNeeded is how many terms of fired the evidence entries dst will
// hold have no room for in their own Terms storage.
func termsNeeded(dst []Evidence, fired []rules.Firing) int {
	need := 0
	for i := range fired {
		f := &fired[i]
		room := 0
		if i < cap(dst) {
			room = cap(dst[:cap(dst)][i].Terms)
		}
		if room < len(f.Hits) {
			need += len(f.Hits)
		}
	}
	return need
}

// reserve makes room in d for a decision on fired with nreplies replies:
// the axes, evidence, terms and replies that d's storage cannot hold get
// new storage together, from the smallest store that holds what is
// needed (a fresh Decision of most complaints then costs one
// allocation); what does not fit in it (more axes or replies than a
// store holds, more evidence or terms than the biggest) gets its own.
// The new terms storage is handed out here, to the evidence entries that
// lack room, as each entry's Terms of zero length; evidence fills them.
// A store lives as long as any part of it: a caller keeping only a
// decision's axes keeps its evidence's storage too.
func (e *Engine) reserve(d *Decision, fired []rules.Firing, nreplies int) {
	naxes, nevidence := 0, 0
	if cap(d.Axes) < len(e.axes) {
		naxes = len(e.axes)
	}
	if cap(d.Evidence) < len(fired) {
		nevidence = len(fired)
	}
	if cap(d.Strategy.Replies) >= nreplies {
		nreplies = 0
	}
	nterms := termsNeeded(d.Evidence, fired)
	if naxes == 0 && nevidence == 0 && nreplies == 0 && nterms == 0 {
		return
	}
	var s store
	for _, size := range stores {
		if nevidence <= size.evidence && nterms <= size.terms {
			s = size.alloc()
			break
		}
	}
	if s.axes == nil && (naxes > 0 || nreplies > 0) { // evidence and terms too big for any
		s = stores[0].alloc()
	}
	if naxes > 0 {
		if naxes > len(s.axes) {
			s.axes = make([]AxisDecision, naxes)
		}
		d.Axes = s.axes[:0]
	}
	if nevidence > 0 {
		if nevidence > len(s.evidence) {
			s.evidence = make([]Evidence, nevidence)
		}
		copy(s.evidence, d.Evidence[:cap(d.Evidence)]) // keeps their terms' storage
		d.Evidence = s.evidence[:0]
	}
	if nreplies > 0 {
		if nreplies > len(s.replies) {
			s.replies = make([]string, nreplies)
		}
		d.Strategy.Replies = s.replies[:0]
	}
	if nterms > 0 {
		slab := s.terms
		if nterms > len(slab) {
			slab = make([]Term, nterms)
		}
		ev := d.Evidence[:cap(d.Evidence)]
		for i := range fired {
			f := &fired[i]
			if cap(ev[i].Terms) < len(f.Hits) {
				ev[i].Terms = slab[:0:len(f.Hits)]
				slab = slab[len(f.Hits):]
			}
		}
	}
}

// evidence writes the fired rules into dst, reusing its storage, which
// reserve has made big enough: dst has room for every fired rule, and
// each entry's Terms for its hits.
func evidence(dst []Evidence, fired []rules.Firing) []Evidence {
	if len(fired) == 0 {
		return dst[:0]
	}
	dst = dst[:len(fired)]
	for i := range fired {
		f := &fired[i]
		terms := dst[i].Terms[:len(f.Hits)]
		for j := range f.Hits {
			terms[j] = Term(f.Hits[j]) // same fields: a plain copy
		}
		if len(terms) == 0 {
			terms = nil
		}
		r := f.Rule
		e := &dst[i]
		e.Rule, e.Axis, e.Value, e.Weight, e.Priority, e.Terms = r.ID, r.Axis, r.Value, r.Weight, r.Priority, terms
		e.TermsTotal = 0
		if f.TermsTotal > len(f.Hits) {
			e.TermsTotal = f.TermsTotal
		}
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
