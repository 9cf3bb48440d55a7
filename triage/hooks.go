package triage

import (
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
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
	// Text is the complaint text with mobile numbers, ID-card numbers,
	// e-mail addresses and bank-card numbers masked; empty unless the log
	// was configured to include it.
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
		rec.Text = MaskPII(c.Text)
	}
	e.cfg.log(ctx, rec)
}

// Patterns of personal data in complaint text. Digits may be full-width,
// as customers type them on phones.
var (
	piiEmail = regexp.MustCompile(`[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}.\-]+\.[\p{L}]{2,}`)
	// An 18-digit ID-card number (last character may be X), a 16–19 digit
	// bank-card number and an 11-digit mainland mobile number starting 1[3-9],
	// each not inside a longer run of digits; spaces or dashes between
	// groups are allowed for cards and mobiles.
	piiID           = regexp.MustCompile(`(?:^|[^0-9])([1-9][0-9]{5}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx])(?:$|[^0-9])`)
	piiCard         = regexp.MustCompile(`(?:^|[^0-9])([0-9](?:[ -]?[0-9]){15,18})(?:$|[^0-9])`)
	piiMobile       = regexp.MustCompile(`(?:^|[^0-9])((?:\+?86[ -]?)?1[3-9][0-9](?:[ -]?[0-9]){8})(?:$|[^0-9])`)
	fullWidthDigits = strings.NewReplacer("０", "0", "１", "1", "２", "2", "３", "3", "４", "4", "５", "5", "６", "6", "７", "7", "８", "8", "９", "9", "＠", "@", "．", ".", "Ｘ", "X", "ｘ", "x")
)

// MaskPII returns text with mainland mobile numbers, 18-digit ID-card
// numbers, e-mail addresses and 16–19 digit bank-card numbers replaced by
// a mask that keeps their kind and last characters (手机号 138****5678
// becomes [手机号****5678]). Full-width digits are recognised.
func MaskPII(text string) string {
	t := fullWidthDigits.Replace(text)
	t = piiEmail.ReplaceAllStringFunc(t, func(m string) string { return "[邮箱]" })
	t = replaceGroup(piiID, t, func(m string) string { return "[身份证****" + tail(m, 4) + "]" })
	t = replaceGroup(piiCard, t, func(m string) string { return "[银行卡****" + tail(digitsOnly(m), 4) + "]" })
	t = replaceGroup(piiMobile, t, func(m string) string { return "[手机号****" + tail(digitsOnly(m), 4) + "]" })
	return t
}

// replaceGroup replaces the first group of every match of re, repeatedly,
// so adjacent numbers sharing a separator are all found.
func replaceGroup(re *regexp.Regexp, s string, f func(string) string) string {
	for i := 0; i < 8; i++ {
		loc := re.FindAllStringSubmatchIndex(s, -1)
		if len(loc) == 0 {
			return s
		}
		var b strings.Builder
		last := 0
		for _, l := range loc {
			b.WriteString(s[last:l[2]])
			b.WriteString(f(s[l[2]:l[3]]))
			last = l[3]
		}
		b.WriteString(s[last:])
		s = b.String()
	}
	return s
}

func digitsOnly(s string) string {
	var b strings.Builder
	for _, r := range s {
		if '0' <= r && r <= '9' || r == 'X' || r == 'x' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[len(s)-n:]
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
