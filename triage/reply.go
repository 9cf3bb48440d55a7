package triage

import (
	"slices"
	"strconv"
	"strings"

	"github.com/tousu/tousu/rules"
)

// A replyPart is literal text or, when placeholder is set, a placeholder:
// text is then its fallback word, from the field it is filled from and key
// the attribute's name for attributes.KEY. Reading the field is a switch,
// not a function value, so that the complaint does not escape.
type replyPart struct {
	text        string
	placeholder bool
	from        string
	key         string
}

// A replyTemplate is a reply split at its placeholders once, when the
// engine is built, so that rendering is one sized allocation, or none when
// every placeholder takes its fallback word (a complaint without a
// customer name, say): that reply, missing, is rendered once.
type replyTemplate struct {
	parts   []replyPart
	missing string
}

// withParts returns the template of parts, with its missing reply.
func withParts(parts []replyPart) replyTemplate {
	var b strings.Builder
	for _, p := range parts {
		b.WriteString(p.text)
	}
	return replyTemplate{parts: parts, missing: b.String()}
}

// compileReply splits tmpl at its placeholders (phs: the policy's). An
// unknown {name} stays literal text.
func compileReply(tmpl string, phs []rules.Placeholder) replyTemplate {
	var t []replyPart
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
		name := tmpl[i+1 : i+j]
		if k := slices.IndexFunc(phs, func(p rules.Placeholder) bool { return p.Name == name }); k >= 0 {
			from, key := phs[k].From, ""
			if rest, ok := strings.CutPrefix(from, "attributes."); ok {
				from, key = "attributes", rest
			}
			t = append(t, replyPart{text: phs[k].Fallback, placeholder: true, from: from, key: key})
		} else {
			lit(tmpl[i : i+j+1])
		}
		tmpl = tmpl[i+j+1:]
	}
	lit(tmpl)
	return withParts(t)
}

// value is the placeholder's value for strategy s and complaint c: its
// fallback word when the value is missing.
func (p *replyPart) value(s *rules.Strategy, c *Complaint) string {
	var v string
	switch p.from {
	case "id":
		v = c.ID
	case "channel":
		v = c.Channel
	case "customer.name":
		v = c.Customer.Name
	case "customer.tier":
		v = c.Customer.Tier
	case "customer.prior_complaints":
		if c.Customer.PriorComplaints != 0 {
			v = strconv.Itoa(c.Customer.PriorComplaints)
		}
	case "order.id":
		v = c.Order.ID
	case "order.amount":
		if c.Order.Amount != 0 {
			v = strconv.FormatFloat(c.Order.Amount, 'f', -1, 64)
		}
	case "order.currency":
		v = c.Order.Currency
	case "order.status":
		v = c.Order.Status
	case "strategy.respond_within":
		v = s.RespondWithin.Chinese
	case "strategy.resolve_within":
		v = s.ResolveWithin.Chinese
	case "strategy.escalate_to":
		v = s.EscalateTo
	case "attributes":
		v = c.Attributes[p.key]
	}
	if strings.TrimSpace(v) != "" {
		return v
	}
	return p.text
}

// bind returns t for strategy s: the placeholders filled from s alone
// (strategy.*) become literal text, joined with the literals around
// them, so that a reply whose only placeholders are those renders as
// one literal, without allocating, for every complaint.
func (t replyTemplate) bind(s *rules.Strategy) replyTemplate {
	var out []replyPart
	for _, p := range t.parts {
		if p.placeholder && strings.HasPrefix(p.from, "strategy.") {
			p = replyPart{text: p.value(s, &Complaint{})}
		}
		switch n := len(out); {
		case p.placeholder:
			out = append(out, p)
		case p.text == "":
		case n > 0 && !out[n-1].placeholder:
			out[n-1].text += p.text
		default:
			out = append(out, p)
		}
	}
	return withParts(out)
}

// render fills t's placeholders: no allocation for a template without
// any, or when every placeholder takes its fallback word; one otherwise.
func (t replyTemplate) render(s *rules.Strategy, c *Complaint) string {
	switch parts := t.parts; {
	case len(parts) == 0:
		return ""
	case len(parts) == 1 && !parts[0].placeholder:
		return parts[0].text
	}
	var buf [8]string // a template has a few parts; more spill to the heap
	vals := buf[:0]
	n := 0
	missing := true
	for i := range t.parts {
		p := &t.parts[i]
		v := p.text
		if p.placeholder {
			v = p.value(s, c)
			missing = missing && v == p.text
		}
		vals = append(vals, v)
		n += len(v)
	}
	if missing { // the same text as the fallback words give
		return t.missing
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
			replies[i] = append(replies[i], compileReply(r.Value, prog.Placeholders()).bind(s))
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
