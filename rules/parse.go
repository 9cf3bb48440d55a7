package rules

import (
	"math"
	"slices"
	"strings"

	"github.com/tousu/tousu/classify"
	"gopkg.in/yaml.v3"
)

// scalar returns n as a positioned Scalar.
func (d *doc) scalar(n *yaml.Node) Scalar {
	return Scalar{Value: n.Value, Pos: d.where(n), d: d, n: n}
}

// term is scalar for a term of a list: it keeps the node, which maps an
// offset inside the value to its line and column, only for a regular
// expression, the one kind of term whose errors point inside it. A
// policy's thousands of plain terms would otherwise keep their YAML nodes
// alive as long as the program: pointer-rich memory that every garbage
// collection cycle of the embedding service scans again.
func (d *doc) term(n *yaml.Node) Scalar {
	if v := n.Value; len(v) >= 2 && v[0] == '/' && v[len(v)-1] == '/' {
		return d.scalar(n)
	}
	return Scalar{Value: n.Value, Pos: d.where(n)}
}

// terms is term for each node of ns.
func (d *doc) terms(ns []*yaml.Node) []Scalar { return eachNode(ns, d.term) }

// scalars is scalar for each node of ns.
func (d *doc) scalars(ns []*yaml.Node) []Scalar { return eachNode(ns, d.scalar) }

// eachNode returns f of each node of ns, or nil for none.
func eachNode(ns []*yaml.Node, f func(*yaml.Node) Scalar) []Scalar {
	if len(ns) == 0 {
		return nil
	}
	out := make([]Scalar, len(ns))
	for i, n := range ns {
		out[i] = f(n)
	}
	return out
}

// where returns the position of n in d's file.
func (d *doc) where(n *yaml.Node) Position {
	if n == nil {
		return Position{File: d.file}
	}
	return Position{d.file, n.Line, n.Column}
}

// fileKeys are the top-level keys of format v1.
var fileKeys = []string{"version", "name", "description", "review", "placeholders", "time_zone", "fold", "clauses", "axes", "lexicons", "macros", "rules", "strategies", "defaults", "extend", "disable"}

func (d *doc) parseFile(root *yaml.Node) *File {
	p := &File{Path: d.file, Pos: d.where(root), src: d.src}
	fields := d.mapping(root, "the policy", "", "", fileKeys...)
	var haveVersion bool
	for _, f := range fields {
		switch f.key {
		case "version":
			if v, ok := d.integer(f.value, "version", "", ""); ok {
				haveVersion = true
				p.Version = v
				if v != 1 {
					d.errs.add(d.file, posOf(f.value), errVersion, "", "", "unsupported format version %d (this library reads version 1)", v)
				}
			}
		case "name":
			p.Name, _ = d.str(f.value, "name", "", "")
		case "description":
			p.Description, _ = d.str(f.value, "description", "", "")
		case "review":
			p.HasReview = true
			for _, g := range d.mapping(f.value, "review", "", "", "min_confidence") {
				if v, ok := d.number(g.value, "min_confidence", "", ""); ok {
					if !(v >= 0 && v <= 1) {
						d.errs.add(d.file, posOf(g.value), errType, "", "", "min_confidence must be between 0 and 1, not %v", v)
					}
					p.MinConfidence = v
				}
			}
		case "axes":
			p.Axes = d.parseAxes(f.value)
		case "placeholders":
			for _, g := range d.mapping(f.value, "placeholders", "", "") {
				ph := &Placeholder{Name: g.key, Pos: d.where(g.keyN)}
				for _, h := range d.mapping(g.value, "a placeholder", "placeholder", g.key, "from", "fallback") {
					v, _ := d.str(h.value, h.key, "placeholder", g.key)
					if h.key == "from" {
						ph.From = v
					} else {
						ph.Fallback = v
					}
				}
				p.Placeholders = append(p.Placeholders, ph)
			}
		case "time_zone":
			if _, ok := d.str(f.value, "time_zone", "", ""); ok {
				p.TimeZone = d.scalar(f.value)
			}
		case "fold":
			p.Fold.Pos = d.where(f.keyN)
			for _, g := range d.mapping(f.value, "fold", "", "", "spaces", "confusables", "pinyin") {
				if v, ok := d.boolean(g.value, "fold."+g.key, "", ""); ok {
					switch g.key {
					case "spaces":
						p.Fold.Spaces = &v
					case "confusables":
						p.Fold.Confusables = &v
					case "pinyin":
						p.Fold.Pinyin = &v
					}
				}
			}
		case "clauses":
			p.Clauses.Pos = d.where(f.keyN)
			for _, g := range d.mapping(f.value, "clauses", "", "", "space_breaks") {
				if v, ok := d.boolean(g.value, "clauses."+g.key, "", ""); ok {
					p.Clauses.SpaceBreaks = &v
				}
			}
		case "lexicons":
			for _, g := range d.mapping(f.value, "lexicons", "", "") {
				p.Lexicons = append(p.Lexicons, &Lexicon{Name: g.key, Pos: d.where(g.keyN), Terms: d.terms(d.strList(g.value, "a lexicon", "lexicon", g.key))})
			}
		case "macros":
			for _, g := range d.mapping(f.value, "macros", "", "") {
				if _, ok := d.str(g.value, "a macro", "macro", g.key); ok {
					p.Macros = append(p.Macros, &Macro{Name: g.key, Pos: d.where(g.keyN), Expr: d.scalar(g.value)})
				}
			}
		case "rules":
			list := d.list(f.value, "rules")
			if exceeds(len(list), d.lim.MaxRules) {
				// Say so at the first rule over the limit and read no
				// further: a huge file costs no more than its parse.
				d.errs.add(d.file, posOf(list[d.lim.MaxRules]), errLimit, "", "", "more than %d rules (the limit); this file has %d", d.lim.MaxRules, len(list))
				continue
			}
			for _, n := range list {
				if r := d.parseRule(n); r != nil {
					p.Rules = append(p.Rules, r)
				}
			}
		case "strategies":
			for _, n := range d.list(f.value, "strategies") {
				if s := d.parseStrategy(n); s != nil {
					p.Strategies = append(p.Strategies, s)
				}
			}
		case "defaults":
			for _, g := range d.mapping(f.value, "defaults", "", "") {
				if _, ok := d.str(g.value, "defaults."+g.key, "", ""); ok {
					if p.Defaults == nil {
						p.Defaults = map[string]Scalar{}
					}
					p.Defaults[g.key] = d.scalar(g.value)
				}
			}
		case "extend":
			for _, g := range d.mapping(f.value, "extend", "", "") {
				p.Extend = append(p.Extend, &Lexicon{Name: strings.TrimPrefix(g.key, "$"), Pos: d.where(g.keyN), Terms: d.terms(d.strList(g.value, "an extension", "lexicon", g.key))})
			}
		case "disable":
			for _, g := range d.mapping(f.value, "disable", "", "", "rules", "tags") {
				if g.key == "rules" {
					p.DisableRules = d.terms(d.strList(g.value, "disable.rules", "", ""))
				} else {
					p.DisableTags = d.terms(d.strList(g.value, "disable.tags", "", ""))
				}
			}
		}
	}
	if !haveVersion && root.Kind == yaml.MappingNode {
		d.errs.add(d.file, posOf(root), errMissing, "", "", "missing \"version: 1\"")
	}
	return p
}

// parseAxes reads the axes key: a mapping from axis name to its values
// (a list) or to {values, default, review_on_default, min_confidence, tie,
// aggregate, cap, distinct_terms, confidence}.
func (d *doc) parseAxes(n *yaml.Node) []*Axis {
	var out []*Axis
	for _, g := range d.mapping(n, "axes", "", "") {
		a := &Axis{Name: g.key, Pos: d.where(g.keyN), ReviewOnDefault: true, Tie: "rules"}
		if g.value.Kind == yaml.SequenceNode {
			items := d.strList(g.value, "axis values", "axis", g.key)
			if exceeds(len(items), maxAxisValues) {
				d.errs.add(d.file, posOf(g.value), errLimit, "axis", g.key, "%d values, more than the limit of %d", len(items), maxAxisValues)
				items = items[:maxAxisValues]
			}
			for _, v := range items {
				a.Values = append(a.Values, v.Value)
			}
			out = append(out, a)
			continue
		}
		for _, h := range d.mapping(g.value, "an axis", "axis", g.key, "values", "default", "review_on_default", "min_confidence", "tie", "aggregate", "cap", "distinct_terms", "confidence") {
			switch h.key {
			case "values":
				items := d.strList(h.value, "axis values", "axis", g.key)
				if exceeds(len(items), maxAxisValues) {
					d.errs.add(d.file, posOf(h.value), errLimit, "axis", g.key, "%d values, more than the limit of %d", len(items), maxAxisValues)
					items = items[:maxAxisValues]
				}
				for _, v := range items {
					a.Values = append(a.Values, v.Value)
				}
			case "default":
				a.Default, _ = d.str(h.value, "default", "axis", g.key)
			case "review_on_default":
				a.ReviewOnDefault, _ = d.boolean(h.value, "review_on_default", "axis", g.key)
			case "min_confidence":
				if v, ok := d.number(h.value, "min_confidence", "axis", g.key); ok {
					if !(v >= 0 && v <= 1) {
						d.errs.add(d.file, posOf(h.value), errType, "axis", g.key, "min_confidence must be between 0 and 1, not %v", v)
					} else {
						a.MinConfidence, a.HasMinConfidence = v, true
					}
				}
			case "tie":
				if t, ok := d.str(h.value, "tie", "axis", g.key); ok {
					if t != "rules" && t != "values" {
						d.errs.add(d.file, posOf(h.value), errType, "axis", g.key, "tie must be rules or values, not %q", t)
					}
					a.Tie = t
				}
			case "aggregate", "cap", "distinct_terms", "confidence":
				d.parseAggregate(a, h.key, h.value)
			}
		}
		out = append(out, a)
	}
	return out
}

func (d *doc) list(n *yaml.Node, what string) []*yaml.Node {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		d.errs.add(d.file, posOf(n), errType, "", "", "%s must be a list, not %s", what, describe(n))
		return nil
	}
	var out []*yaml.Node
	for _, c := range n.Content {
		if d.check(c, "", "") {
			out = append(out, c)
		}
	}
	return out
}

// idOf finds the id of a rule or strategy mapping before walking it, so
// that every error inside can name it.
func idOf(n *yaml.Node) (string, *yaml.Node) {
	if n.Kind != yaml.MappingNode {
		return "", nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "id" && n.Content[i+1].Kind == yaml.ScalarNode {
			return n.Content[i+1].Value, n.Content[i+1]
		}
	}
	return "", nil
}

// ruleKeys are the keys of a rule; cause, severity and behaviour are
// shorthand for vote: {AXIS: VALUE}.
var ruleKeys = []string{"id", "description", "cause", "severity", "behaviour", "vote", "weight", "priority", "match", "when", "enabled", "count_negated", "exclude_praised", "asserted_only", "exclude_modality", "tags", "examples", "replace"}

func (d *doc) parseRule(n *yaml.Node) *Rule {
	id, idNode := idOf(n)
	r := &Rule{ID: id, Pos: d.where(n), IDPos: d.where(n), Weight: 1, Enabled: true}
	if idNode != nil {
		r.IDPos = d.where(idNode)
	}
	fields := d.mapping(n, "a rule", "rule", id, ruleKeys...)
	if fields == nil {
		return nil
	}
	written := false // a broken near item was written
	if id == "" {
		d.errs.add(d.file, posOf(n), errMissing, "", "", "rule without an id")
	}
	setVote := func(keyN *yaml.Node, axis string, value *yaml.Node) {
		if r.Axis != "" {
			d.errs.add(d.file, posOf(keyN), errType, "rule", id, "a rule votes on one axis: it has both %s and %s", r.Axis, axis)
			return
		}
		if _, ok := d.str(value, axis, "rule", id); ok {
			r.Axis, r.Value, r.ValuePos = axis, value.Value, d.where(value)
		}
	}
	for _, f := range fields {
		switch f.key {
		case "id":
			d.str(f.value, "id", "rule", id)
		case "description":
			r.Description, _ = d.str(f.value, "description", "rule", id)
		case "cause", "severity", "behaviour":
			setVote(f.keyN, f.key, f.value)
		case "vote":
			vs := d.mapping(f.value, "vote", "rule", id)
			if len(vs) != 1 && f.value.Kind == yaml.MappingNode {
				d.errs.add(d.file, posOf(f.value), errType, "rule", id, "vote names one axis and its value, like vote: {channel_risk: high}")
			}
			for _, g := range vs {
				setVote(g.keyN, g.key, g.value)
			}
		case "weight":
			if v, ok := d.number(f.value, "weight", "rule", id); ok {
				switch {
				case v <= 0:
					d.errs.add(d.file, posOf(f.value), errType, "rule", id, "weight must be more than 0, not %v", v)
				case exceeds(int(min(v, 1e18)), d.lim.MaxWeight) || math.IsInf(v, 0) || math.IsNaN(v):
					d.errs.add(d.file, posOf(f.value), errLimit, "rule", id, "weight %v is more than the limit of %d", v, d.lim.MaxWeight)
					v = 1
				}
				r.Weight = v
			}
		case "priority":
			r.Priority, _ = d.integer(f.value, "priority", "rule", id)
		case "match":
			for _, g := range d.mapping(f.value, "match", "rule", id, "any", "all", "none") {
				items, near, broken := d.matchList(g.value, g.key, id)
				r.Near = append(r.Near, near...)
				// A broken near item is reported; the list is not empty.
				written = written || broken > 0
				switch g.key {
				case "any":
					r.Any = items
					if len(items)+len(near)+broken == 0 {
						d.errs.add(d.file, posOf(g.value), errType, "rule", id, "match.any is empty: the rule could never fire")
					}
				case "all":
					r.All = items
				case "none":
					r.None = items
				}
			}
		case "when":
			if _, ok := d.str(f.value, "when", "rule", id); ok {
				r.When = d.scalar(f.value)
			}
		case "enabled":
			r.Enabled, _ = d.boolean(f.value, "enabled", "rule", id)
		case "count_negated":
			r.CountNegated, _ = d.boolean(f.value, "count_negated", "rule", id)
		case "exclude_praised":
			r.ExcludePraised, _ = d.boolean(f.value, "exclude_praised", "rule", id)
		case "asserted_only":
			r.AssertedOnly, _ = d.boolean(f.value, "asserted_only", "rule", id)
		case "exclude_modality":
			for _, t := range d.strList(f.value, "exclude_modality", "rule", id) {
				m, ok := modalityNamed(t.Value)
				if !ok {
					d.errs.add(d.file, posOf(t), errModality, "rule", id, "unknown modality %q in exclude_modality: write hypothetical, question, reported, quoted or figurative (asserted occurrences always count)", t.Value)
					continue
				}
				if !slices.Contains(r.ExcludeModality, m) {
					r.ExcludeModality = append(r.ExcludeModality, m)
				}
			}
		case "replace":
			r.Replace, _ = d.boolean(f.value, "replace", "rule", id)
		case "tags":
			for _, t := range d.strList(f.value, "tags", "rule", id) {
				r.Tags = append(r.Tags, t.Value)
			}
		case "examples":
			for _, g := range d.mapping(f.value, "examples", "rule", id, "match", "no_match") {
				items := d.terms(d.strList(g.value, "examples."+g.key, "rule", id))
				if g.key == "match" {
					r.Examples.Match = items
				} else {
					r.Examples.NoMatch = items
				}
			}
		}
	}
	if r.Axis == "" {
		d.errs.add(d.file, posOf(n), errMissing, "rule", id, "a rule needs one of cause, severity, behaviour or vote")
	}
	if len(r.Any) == 0 && len(r.All) == 0 && !nearIn(r.Near, "any", "all") && !written && r.When.Value == "" {
		d.errs.add(d.file, posOf(n), errMissing, "rule", id, "a rule needs match.any, match.all or when")
	}
	return r
}

var strategyKeys = []string{"id", "title", "description", "when", "steps", "techniques", "escalate_to", "respond_within", "resolve_within", "calendar", "contact", "compensation", "replies", "tags", "escalation", "regulatory", "replace", "before", "after"}

func (d *doc) parseStrategy(n *yaml.Node) *Strategy {
	id, idNode := idOf(n)
	s := &Strategy{ID: id, Pos: d.where(n), IDPos: d.where(n)}
	if idNode != nil {
		s.IDPos = d.where(idNode)
	}
	fields := d.mapping(n, "a strategy", "strategy", id, strategyKeys...)
	if fields == nil {
		return nil
	}
	if id == "" {
		d.errs.add(d.file, posOf(n), errMissing, "", "", "strategy without an id")
	}
	texts := func(n *yaml.Node, what string) []string {
		var out []string
		for _, t := range d.strList(n, what, "strategy", id) {
			out = append(out, t.Value)
		}
		return out
	}
	for _, f := range fields {
		switch f.key {
		case "id":
			d.str(f.value, "id", "strategy", id)
		case "title":
			s.Title, _ = d.str(f.value, "title", "strategy", id)
		case "description":
			s.Description, _ = d.str(f.value, "description", "strategy", id)
		case "when":
			if _, ok := d.str(f.value, "when", "strategy", id); ok {
				s.When = d.scalar(f.value)
			}
		case "steps":
			s.Steps = texts(f.value, "steps")
		case "techniques":
			s.Techniques = texts(f.value, "techniques")
		case "escalate_to":
			s.EscalateTo, _ = d.str(f.value, "escalate_to", "strategy", id)
		case "respond_within", "resolve_within":
			if v, ok := d.str(f.value, f.key, "strategy", id); ok {
				w, err := parseWindow(v)
				if err != nil {
					d.errs.add(d.file, posOf(f.value), errType, "strategy", id, "%v", err)
				} else if f.key == "respond_within" {
					s.RespondWithin = w
				} else {
					s.ResolveWithin = w
				}
			}
		case "calendar":
			if _, ok := d.str(f.value, "calendar", "strategy", id); ok {
				s.Calendar = d.scalar(f.value)
			}
		case "contact":
			for _, g := range d.mapping(f.value, "contact", "strategy", id, "hours", "max_calls_per_day") {
				switch g.key {
				case "hours":
					if v, ok := d.str(g.value, "contact.hours", "strategy", id); ok {
						rng, err := parseHours(v)
						if err != nil {
							d.errs.add(d.file, posOf(g.value), errType, "strategy", id, "contact.hours: %v", err)
						}
						s.ContactHours, s.Contact = v, rng
					}
				case "max_calls_per_day":
					if v, ok := d.integer(g.value, "max_calls_per_day", "strategy", id); ok {
						if v < 0 {
							d.errs.add(d.file, posOf(g.value), errType, "strategy", id, "max_calls_per_day must not be negative")
						}
						s.MaxCallsPerDay = v
					}
				}
			}
		case "compensation":
			s.Compensation, _ = d.str(f.value, "compensation", "strategy", id)
		case "replies":
			s.Replies = d.scalars(d.strList(f.value, "replies", "strategy", id))
		case "tags":
			s.Tags = texts(f.value, "tags")
		case "escalation":
			for _, n := range d.list(f.value, "escalation") {
				var lv Level
				ok := true
				for _, g := range d.mapping(n, "an escalation level", "strategy", id, "at", "action", "to") {
					switch g.key {
					case "at":
						v, good := d.number(g.value, "escalation at", "strategy", id)
						if good && (v <= 0 || v > 10) {
							d.errs.add(d.file, posOf(g.value), errType, "strategy", id, "escalation at must be a fraction of the resolve window, like 0.8 or 1")
							good = false
						}
						lv.At, ok = v, ok && good
					case "action":
						lv.Action, _ = d.str(g.value, "escalation action", "strategy", id)
						if lv.Action != "warn" && lv.Action != "escalate" {
							d.errs.add(d.file, posOf(g.value), errType, "strategy", id, "escalation action must be warn or escalate, not %q", lv.Action)
							ok = false
						}
					case "to":
						lv.To, _ = d.str(g.value, "escalation to", "strategy", id)
					}
				}
				if ok && lv.At > 0 && lv.Action != "" {
					s.Escalation = append(s.Escalation, lv)
				}
			}
		case "regulatory":
			s.Regulatory = d.scalars(d.strList(f.value, "regulatory", "strategy", id))
		case "replace":
			s.Replace, _ = d.boolean(f.value, "replace", "strategy", id)
		case "before", "after":
			if _, ok := d.str(f.value, f.key, "strategy", id); ok {
				if s.Before.Value != "" || s.After.Value != "" {
					d.errs.add(d.file, posOf(f.keyN), errType, "strategy", id, "a strategy goes before or after one other strategy, not both")
					continue
				}
				if f.key == "before" {
					s.Before = d.scalar(f.value)
				} else {
					s.After = d.scalar(f.value)
				}
			}
		}
	}
	return s
}

// lexiconRef reports whether a match item names a lexicon ($name).
func lexiconRef(item string) (string, bool) {
	if strings.HasPrefix(item, "$") {
		return item[1:], true
	}
	return "", false
}

// nearIn reports whether one of the proximity items is in one of lists.
func nearIn(near []*Near, lists ...string) bool {
	for _, n := range near {
		if slices.Contains(lists, n.List) {
			return true
		}
	}
	return false
}

// nearScopes are the values of a proximity item's scope.
var nearScopes = []string{"clause", "sentence"}

// matchList reads a match list: terms and $lexicon references, and
// proximity items ({near: …} or {then: …}) written as mappings. broken
// counts the proximity items too broken to compile, already reported.
func (d *doc) matchList(n *yaml.Node, list, id string) (items []Scalar, near []*Near, broken int) {
	what := "match." + list
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil, nil, 0
	}
	if n.Kind != yaml.SequenceNode {
		d.errs.add(d.file, posOf(n), errType, "rule", id, "%s must be a list, not %s", what, describe(n))
		return nil, nil, 0
	}
	for _, c := range n.Content {
		if !d.check(c, "rule", id) {
			continue
		}
		if c.Kind == yaml.MappingNode {
			if x := d.parseNear(c, list, id); x != nil {
				near = append(near, x)
			} else {
				broken++
			}
			continue
		}
		if _, ok := d.str(c, what+" items", "rule", id); ok {
			items = append(items, d.term(c))
		}
	}
	return items, near, broken
}

// parseNear reads a proximity item; it returns nil when the item is too
// broken to compile (its errors are reported).
func (d *doc) parseNear(n *yaml.Node, list, id string) *Near {
	x := &Near{List: list, Pos: d.where(n)}
	var sides *yaml.Node
	var orderSet bool
	ok := true
	for _, f := range d.mapping(n, "a near item", "rule", id, "near", "then", "within", "order", "scope") {
		switch f.key {
		case "near", "then":
			if sides != nil {
				d.errs.add(d.file, posOf(f.keyN), errNear, "rule", id, "a near item has near or then, not both")
				ok = false
				continue
			}
			sides = f.value
			x.Order = x.Order || f.key == "then"
			ns := d.strList(f.value, f.key, "rule", id)
			if len(ns) != 2 {
				if f.value.Kind == yaml.SequenceNode {
					d.errs.add(d.file, posOf(f.value), errNear, "rule", id, "%s names two items, like %s: [$claim, $contrast], not %d", f.key, f.key, len(ns))
				}
				ok = false
				continue
			}
			x.A, x.B = d.term(ns[0]), d.term(ns[1])
		case "within":
			x.WithinPos = d.where(f.value)
			v, good := d.integer(f.value, "within", "rule", id)
			switch {
			case !good:
				ok = false
			case v < 1:
				d.errs.add(d.file, posOf(f.value), errNear, "rule", id, "within must be at least 1 character, not %d", v)
				ok = false
			case exceeds(v, d.lim.MaxTextBytes):
				d.errs.add(d.file, posOf(f.value), errNear, "rule", id, "within %d is more than the longest text (%d bytes)", v, d.lim.MaxTextBytes)
				ok = false
			default:
				x.Within = v
			}
		case "order":
			orderSet = true
			v, good := d.boolean(f.value, "order", "rule", id)
			ok = ok && good
			x.Order = x.Order || v
		case "scope":
			x.ScopePos = d.where(f.value)
			if v, good := d.str(f.value, "scope", "rule", id); good {
				if !slices.Contains(nearScopes, v) {
					d.errs.add(d.file, posOf(f.value), errNear, "rule", id, "scope must be clause or sentence, not %q%s", v, didYouMean(v, "", nearScopes))
					ok = false
				}
				x.Scope = v
			} else {
				ok = false
			}
		}
	}
	switch {
	case sides == nil:
		d.errs.add(d.file, posOf(n), errNear, "rule", id, "a near item needs near: [A, B] or then: [A, B]")
		ok = false
	case orderSet && hasKey(n, "then"):
		d.errs.add(d.file, posOf(n), errNear, "rule", id, "then already orders its items: drop order")
		ok = false
	}
	if x.WithinPos.Line == 0 && sides != nil {
		d.errs.add(d.file, posOf(n), errNear, "rule", id, "a near item needs within: the most characters between its items")
		ok = false
	}
	if !ok {
		return nil
	}
	return x
}

// hasKey reports whether mapping n has key k.
func hasKey(n *yaml.Node, k string) bool {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == k {
			return true
		}
	}
	return false
}

// modalityNamed returns the modality exclude_modality names: any but
// asserted, which always counts.
func modalityNamed(name string) (classify.Modality, bool) {
	for m := classify.Hypothetical; m <= classify.Figurative; m++ {
		if m.String() == name {
			return m, true
		}
	}
	return 0, false
}
