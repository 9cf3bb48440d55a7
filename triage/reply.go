package triage

import (
	"slices"
	"strings"

	"github.com/tousu/tousu/rules"
)

// placeholderNames are the names a reply template may use.
var placeholderNames = rules.Placeholders()

// A replyPart is literal text or, when placeholder is set, the name of
// one of placeholderNames.
type replyPart struct {
	text        string
	placeholder bool
}

// A replyTemplate is a reply split at its placeholders once, when the
// engine is built, so that rendering is one sized allocation.
type replyTemplate []replyPart

// compileReply splits tmpl at its placeholders. An unknown {name} stays
// literal text, as RenderReply writes it.
func compileReply(tmpl string) replyTemplate {
	var t replyTemplate
	lit := func(s string) {
		if s == "" {
			return
		}
		if n := len(t); n > 0 && !t[n-1].placeholder {
			t[n-1].text += s
			return
		}
		t = append(t, replyPart{text: s})
	}
	for {
		i := strings.IndexByte(tmpl, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(tmpl[i:], '}')
		if j < 0 {
			break
		}
		lit(tmpl[:i])
		if name := tmpl[i+1 : i+j]; slices.Contains(placeholderNames, name) {
			t = append(t, replyPart{text: name, placeholder: true})
		} else {
			lit(tmpl[i : i+j+1])
		}
		tmpl = tmpl[i+j+1:]
	}
	lit(tmpl)
	return t
}

// placeholder is the value of the named placeholder for strategy s and
// complaint c: a neutral word when the value is missing.
func placeholder(name string, s *rules.Strategy, c *Complaint) string {
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

// render fills t's placeholders: no allocation for a template without
// any, one otherwise.
func (t replyTemplate) render(s *rules.Strategy, c *Complaint) string {
	switch {
	case len(t) == 0:
		return ""
	case len(t) == 1 && !t[0].placeholder:
		return t[0].text
	}
	var buf [8]string // a template has a few parts; more spill to the heap
	vals := buf[:0]
	n := 0
	for _, p := range t {
		v := p.text
		if p.placeholder {
			v = placeholder(p.text, s, c)
		}
		vals = append(vals, v)
		n += len(v)
	}
	var b strings.Builder
	b.Grow(n)
	for _, v := range vals {
		b.WriteString(v)
	}
	return b.String()
}

// compileStrategies prepares every strategy of set once: the Decision's
// view of it (without replies) and its compiled reply templates, indexed
// by strategy index.
func compileStrategies(prog *rules.Program) ([]Strategy, [][]replyTemplate) {
	views := make([]Strategy, len(prog.Strategies()))
	replies := make([][]replyTemplate, len(prog.Strategies()))
	for i, s := range prog.Strategies() {
		views[i] = Strategy{
			ID: s.ID, Title: s.Title, Steps: s.Steps, Techniques: s.Techniques, EscalateTo: s.EscalateTo,
			RespondWithin: s.RespondWithin.Text, ResolveWithin: s.ResolveWithin.Text,
			Contact:      Contact{Hours: s.ContactHours, MaxCallsPerDay: s.MaxCallsPerDay},
			Compensation: s.Compensation,
		}
		for _, r := range s.Replies {
			replies[i] = append(replies[i], compileReply(r.Value))
		}
	}
	return views, replies
}

// renderStrategy writes strategy s, with its replies rendered for c, into
// out, reusing out's replies slice.
func (e *Engine) renderStrategy(out *Strategy, si int, s *rules.Strategy, c *Complaint) {
	replies := out.Replies[:0]
	for _, t := range e.replies[si] {
		replies = append(replies, t.render(s, c))
	}
	if len(replies) == 0 {
		replies = nil
	}
	*out = e.strategies[si]
	out.Replies = replies
}
