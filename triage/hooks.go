package triage

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// A DecisionRecord is what the decision log receives for each decision:
// enough to audit it later, with no personal data unless asked for.
type DecisionRecord struct {
	ID           string
	Time         time.Time
	PolicyName   string
	PolicyDigest string
	// Axes are the decided axes, every declared one (Cause, Severity and
	// Behaviour repeat the seeds' three).
	Axes       Axes
	Cause      string
	Severity   string
	Behaviour  string
	Confidence Confidence
	Review     bool
	Strategy   string
	Rules      []string // fired rule ids, in declaration order
	// Text is the complaint text as triaged (cut to the engine's text
	// limit) with mobile and landline numbers, ID-card numbers, bank-card
	// numbers and e-mail addresses masked (see MaskPII); empty unless the
	// log was configured to include it.
	Text string
}

// LogValue makes a DecisionRecord loggable with log/slog as a group.
func (r DecisionRecord) LogValue() slog.Value {
	attrs := []slog.Attr{
		slog.String("id", r.ID),
		slog.Time("time", r.Time),
		slog.String("policy", r.PolicyName),
		slog.String("digest", r.PolicyDigest),
	}
	conf := make([]any, 0, 2*len(r.Axes))
	for _, a := range r.Axes {
		attrs = append(attrs, slog.String(a.Name, a.Value))
		conf = append(conf, a.Name, a.Confidence)
	}
	attrs = append(attrs,
		slog.Group("confidence", conf...),
		slog.Bool("review", r.Review),
		slog.String("strategy", r.Strategy),
		slog.Any("rules", r.Rules),
	)
	if r.Text != "" {
		attrs = append(attrs, slog.String("text", r.Text))
	}
	return slog.GroupValue(attrs...)
}

// WithDecisionLog calls log once for every decision made. The complaint
// text is included, masked (see MaskPII), only when includeText is true.
// log runs on the triaging goroutine and must be safe for concurrent use;
// if it panics, that complaint's Triage returns an error.
func WithDecisionLog(log func(context.Context, DecisionRecord), includeText bool) Option {
	return func(c *config) error {
		if log == nil {
			return fmt.Errorf("triage: WithDecisionLog: nil function")
		}
		c.log, c.logText = log, includeText
		return nil
	}
}

// WithLogger logs every decision with logger at level Info, message
// "triage.decision", as a group attribute "decision" (see
// DecisionRecord.LogValue).
func WithLogger(logger *slog.Logger, includeText bool) Option {
	if logger == nil {
		return func(*config) error { return fmt.Errorf("triage: WithLogger: nil logger") }
	}
	return WithDecisionLog(func(ctx context.Context, r DecisionRecord) {
		logger.LogAttrs(ctx, slog.LevelInfo, "triage.decision", slog.Any("decision", r))
	}, includeText)
}

// Metrics receives per-decision counts so that a host can watch drift: a
// rule that stopped firing, a value that doubled. A Prometheus or
// OpenTelemetry adapter implements it with counters; the library itself
// depends on neither. Series are labelled by the policy's name, which a
// reload keeps, not by its digest. Implementations must be safe for
// concurrent use.
type Metrics interface {
	// RuleFired is called once per fired rule of a decision.
	RuleFired(policy, rule string)
	// AxisDecided is called once per declared axis of a decision.
	AxisDecided(policy, axis, value string)
}

// A PolicyObserver is told the policy an engine decides with: a Metrics
// that implements it gets PolicyLoaded once per engine (so once per
// reload), to report the digest beside its counters, for example as a
// gauge labelled with the digest, without putting the digest on every
// series.
type PolicyObserver interface {
	PolicyLoaded(policy, digest string)
}

// WithMetrics reports every decision to m.
func WithMetrics(m Metrics) Option {
	return func(c *config) error {
		if m == nil {
			return fmt.Errorf("triage: WithMetrics: nil Metrics")
		}
		c.metrics = m
		return nil
	}
}

// observe runs the hooks for one decision; a panic in them is recovered by
// TriageInto and returned as that complaint's error.
func (e *Engine) observe(ctx context.Context, c *Complaint, d *Decision) {
	if m := e.cfg.metrics; m != nil {
		for _, ev := range d.Evidence {
			m.RuleFired(d.Policy.Name, ev.Rule)
		}
		for _, a := range d.Axes {
			m.AxisDecided(d.Policy.Name, a.Name, a.Value)
		}
	}
	if e.cfg.log == nil {
		return
	}
	rec := DecisionRecord{
		ID: d.ID, Time: time.Now(), PolicyName: d.Policy.Name, PolicyDigest: d.Policy.Digest,
		Axes: append(Axes(nil), d.Axes...), Cause: d.Cause, Severity: d.Severity, Behaviour: d.Behaviour, Confidence: d.Confidence,
		Review: d.Review, Strategy: d.Strategy.ID, Rules: make([]string, len(d.Evidence)),
	}
	for i, ev := range d.Evidence {
		rec.Rules[i] = ev.Rule
	}
	if e.cfg.logText {
		// Only what was triaged is logged, and masking reads no more.
		rec.Text = MaskPII(truncate(c.Text, e.cfg.maxTextBytes))
	}
	e.cfg.log(ctx, rec)
}

// Counters is a ready-made Metrics that counts in memory, for hosts
// without a metrics system; Snapshot reads the counts. A Counters is safe
// for concurrent use.
type Counters struct {
	m sync.Map // string key → *atomic.Int64
}

func (c *Counters) add(key string) {
	v, ok := c.m.Load(key)
	if !ok {
		v, _ = c.m.LoadOrStore(key, new(atomic.Int64))
	}
	v.(*atomic.Int64).Add(1)
}

// RuleFired counts "rule/<id>".
func (c *Counters) RuleFired(_, rule string) { c.add("rule/" + rule) }

// AxisDecided counts "<axis>/<value>".
func (c *Counters) AxisDecided(_, axis, value string) { c.add(axis + "/" + value) }

// Snapshot returns the counts so far.
func (c *Counters) Snapshot() map[string]int64 {
	out := map[string]int64{}
	c.m.Range(func(k, v any) bool {
		out[k.(string)] = v.(*atomic.Int64).Load()
		return true
	})
	return out
}
