package triage

import (
	"slices"
	"strings"

	"github.com/tousu/tousu/rules"
)

// A replyPart is literal text or, when placeholder is set, the name of
// one of rules.Placeholders.
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
		if name := tmpl[i+1 : i+j]; slices.Contains(rules.Placeholders, name) {
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

// RenderReply fills a reply template's placeholders ({客户姓名}, {订单号},
// {投诉编号}, {回复时限}, {处理时限}, {负责人}) from the complaint and the
// strategy. A missing value renders a neutral word (客户, 相关订单, 本次投诉,
// 尽快, 专属客服), never an empty gap; an unknown {name} is left as written.
func RenderReply(tmpl string, s *rules.Strategy, c Complaint) string {
	if !strings.Contains(tmpl, "{") {
		return tmpl
	}
	return compileReply(tmpl).render(s, &c)
}

// compileStrategies prepares every strategy of set once: the Decision's
// view of it (without replies) and its compiled reply templates, indexed
// by strategy index.
func compileStrategies(set *rules.Set) ([]Strategy, [][]replyTemplate) {
	views := make([]Strategy, len(set.Strategies()))
	replies := make([][]replyTemplate, len(set.Strategies()))
	for _, s := range set.Strategies() {
		views[s.Index] = Strategy{
			ID: s.ID, Title: s.Title, Steps: s.Steps, Techniques: s.Techniques, EscalateTo: s.EscalateTo,
			RespondWithin: s.RespondWithin.Text, ResolveWithin: s.ResolveWithin.Text,
			Contact:      Contact{Hours: s.Contact.Hours, MaxCallsPerDay: s.Contact.MaxCallsPerDay},
			Compensation: s.Compensation,
		}
		for _, r := range s.Replies {
			replies[s.Index] = append(replies[s.Index], compileReply(r))
		}
	}
	return views, replies
}

// renderStrategy writes strategy s, with its replies rendered for c, into
// out, reusing out's replies slice.
func (e *Engine) renderStrategy(out *Strategy, s *rules.Strategy, c *Complaint) {
	replies := out.Replies[:0]
	for _, t := range e.replies[s.Index] {
		replies = append(replies, t.render(s, c))
	}
	if len(replies) == 0 {
		replies = nil
	}
	*out = e.strategies[s.Index]
	out.Replies = replies
}
