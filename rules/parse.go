package rules

import (
	"strings"

	"gopkg.in/yaml.v3"
)

// The raw, positioned form of one policy file, before compilation.

type rawPolicy struct {
	d           *doc
	version     int
	name        string
	description string
	review      *rawReview
	lexicons    []*rawLexicon
	macros      []*rawMacro
	rules       []*rawRule
	strategies  []*rawStrategy
	defaults    map[string]*yaml.Node // axis -> value node
	root        *yaml.Node
	// Layering: lexicons this file extends, and rules it disables.
	extend       []*rawLexicon
	disableRules []*yaml.Node
	disableTags  []*yaml.Node
}

type rawReview struct {
	minConfidence float64
	node          *yaml.Node
}

type rawLexicon struct {
	name  string
	node  *yaml.Node // the key
	terms []*yaml.Node
}

type rawMacro struct {
	name string
	node *yaml.Node // key
	expr *yaml.Node // value
}

type rawRule struct {
	node        *yaml.Node
	id          string
	idNode      *yaml.Node
	description string
	axis        string
	valueNode   *yaml.Node
	weight      float64
	priority    int
	any, all    []*yaml.Node
	none        []*yaml.Node
	matchNode   *yaml.Node
	when        *yaml.Node
	enabled     bool
	countNeg    bool
	tags        []string
	exMatch     []*yaml.Node
	exNoMatch   []*yaml.Node
	replace     bool
}

type rawStrategy struct {
	node          *yaml.Node
	id            string
	idNode        *yaml.Node
	title         string
	description   string
	when          *yaml.Node
	steps         []string
	techniques    []string
	escalateTo    string
	respondWithin *yaml.Node
	resolveWithin *yaml.Node
	calendar      string
	contactHours  *yaml.Node
	maxCalls      int
	compensation  string
	replies       []*yaml.Node
	tags          []string
	escalation    []Level
	regulatory    []*yaml.Node
	replace       bool
	before, after *yaml.Node
}

// Axes are the three classification axes and their values, in the order of
// the taxonomy.
var axisValues = map[string][]string{
	"cause":     {"product", "service", "price", "integrity"},
	"severity":  {"general", "serious"},
	"behaviour": {"passive", "negative-publicity", "venting", "extreme"},
}

var axisOrder = []string{"cause", "severity", "behaviour"}

func (d *doc) parsePolicy(root *yaml.Node) *rawPolicy {
	p := &rawPolicy{d: d, root: root, defaults: map[string]*yaml.Node{}}
	fields := d.mapping(root, "the policy", "", "", "version", "name", "description", "review", "lexicons", "macros", "rules", "strategies", "defaults", "extend", "disable")
	var haveVersion bool
	for _, f := range fields {
		switch f.key {
		case "version":
			if v, ok := d.integer(f.value, "version", "", ""); ok {
				haveVersion = true
				p.version = v
				if v != 1 {
					d.errs.add(d.file, posOf(f.value), ErrVersion, "", "", "unsupported format version %d (this library reads version 1)", v)
				}
			}
		case "name":
			p.name, _ = d.str(f.value, "name", "", "")
		case "description":
			p.description, _ = d.str(f.value, "description", "", "")
		case "review":
			p.review = &rawReview{node: f.keyN}
			for _, g := range d.mapping(f.value, "review", "", "", "min_confidence") {
				if v, ok := d.number(g.value, "min_confidence", "", ""); ok {
					if v < 0 || v > 1 {
						d.errs.add(d.file, posOf(g.value), ErrType, "", "", "min_confidence must be between 0 and 1, not %v", v)
					}
					p.review.minConfidence = v
				}
			}
		case "lexicons":
			for _, g := range d.mapping(f.value, "lexicons", "", "") {
				lx := &rawLexicon{name: g.key, node: g.keyN}
				lx.terms = d.strList(g.value, "a lexicon", "lexicon", g.key)
				p.lexicons = append(p.lexicons, lx)
			}
		case "macros":
			for _, g := range d.mapping(f.value, "macros", "", "") {
				if _, ok := d.str(g.value, "a macro", "macro", g.key); ok {
					p.macros = append(p.macros, &rawMacro{name: g.key, node: g.keyN, expr: g.value})
				}
			}
		case "rules":
			list := d.list(f.value, "rules")
			if exceeds(len(list), d.lim.MaxRules) {
				// Say so at the first rule over the limit and read no
				// further: a huge file costs no more than its parse.
				d.errs.add(d.file, posOf(list[d.lim.MaxRules]), ErrLimit, "", "", "more than %d rules (the limit); this file has %d", d.lim.MaxRules, len(list))
				continue
			}
			for _, n := range list {
				if r := d.parseRule(n); r != nil {
					p.rules = append(p.rules, r)
				}
			}
		case "strategies":
			for _, n := range d.list(f.value, "strategies") {
				if s := d.parseStrategy(n); s != nil {
					p.strategies = append(p.strategies, s)
				}
			}
		case "defaults":
			for _, g := range d.mapping(f.value, "defaults", "", "", axisOrder...) {
				p.defaults[g.key] = g.value
			}
		case "extend":
			for _, g := range d.mapping(f.value, "extend", "", "") {
				p.extend = append(p.extend, &rawLexicon{name: strings.TrimPrefix(g.key, "$"), node: g.keyN, terms: d.strList(g.value, "an extension", "lexicon", g.key)})
			}
		case "disable":
			for _, g := range d.mapping(f.value, "disable", "", "", "rules", "tags") {
				if g.key == "rules" {
					p.disableRules = d.strList(g.value, "disable.rules", "", "")
				} else {
					p.disableTags = d.strList(g.value, "disable.tags", "", "")
				}
			}
		}
	}
	if !haveVersion && root.Kind == yaml.MappingNode {
		d.errs.add(d.file, posOf(root), ErrMissing, "", "", "missing \"version: 1\"")
	}
	return p
}

func (d *doc) list(n *yaml.Node, what string) []*yaml.Node {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		d.errs.add(d.file, posOf(n), ErrType, "", "", "%s must be a list, not %s", what, describe(n))
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

func (d *doc) parseRule(n *yaml.Node) *rawRule {
	id, idNode := idOf(n)
	r := &rawRule{node: n, id: id, idNode: idNode, weight: 1, enabled: true}
	fields := d.mapping(n, "a rule", "rule", id, "id", "description", "cause", "severity", "behaviour", "weight", "priority", "match", "when", "enabled", "count_negated", "tags", "examples", "replace")
	if fields == nil {
		return nil
	}
	if id == "" {
		d.errs.add(d.file, posOf(n), ErrMissing, "", "", "rule without an id")
	}
	for _, f := range fields {
		switch f.key {
		case "id":
			d.str(f.value, "id", "rule", id)
		case "description":
			r.description, _ = d.str(f.value, "description", "rule", id)
		case "cause", "severity", "behaviour":
			if r.axis != "" {
				d.errs.add(d.file, posOf(f.keyN), ErrType, "rule", id, "a rule votes on one axis: it has both %s and %s", r.axis, f.key)
				continue
			}
			if _, ok := d.str(f.value, f.key, "rule", id); ok {
				r.axis, r.valueNode = f.key, f.value
			}
		case "weight":
			if v, ok := d.number(f.value, "weight", "rule", id); ok {
				if v <= 0 {
					d.errs.add(d.file, posOf(f.value), ErrType, "rule", id, "weight must be more than 0, not %v", v)
				}
				r.weight = v
			}
		case "priority":
			r.priority, _ = d.integer(f.value, "priority", "rule", id)
		case "match":
			r.matchNode = f.keyN
			for _, g := range d.mapping(f.value, "match", "rule", id, "any", "all", "none") {
				items := d.strList(g.value, "match."+g.key, "rule", id)
				switch g.key {
				case "any":
					r.any = items
					if len(items) == 0 {
						d.errs.add(d.file, posOf(g.value), ErrType, "rule", id, "match.any is empty: the rule could never fire")
					}
				case "all":
					r.all = items
				case "none":
					r.none = items
				}
			}
		case "when":
			if _, ok := d.str(f.value, "when", "rule", id); ok {
				r.when = f.value
			}
		case "enabled":
			r.enabled, _ = d.boolean(f.value, "enabled", "rule", id)
		case "count_negated":
			r.countNeg, _ = d.boolean(f.value, "count_negated", "rule", id)
		case "replace":
			r.replace, _ = d.boolean(f.value, "replace", "rule", id)
		case "tags":
			for _, t := range d.strList(f.value, "tags", "rule", id) {
				r.tags = append(r.tags, t.Value)
			}
		case "examples":
			for _, g := range d.mapping(f.value, "examples", "rule", id, "match", "no_match") {
				items := d.strList(g.value, "examples."+g.key, "rule", id)
				if g.key == "match" {
					r.exMatch = items
				} else {
					r.exNoMatch = items
				}
			}
		}
	}
	if r.axis == "" {
		d.errs.add(d.file, posOf(n), ErrMissing, "rule", id, "a rule needs one of cause, severity or behaviour")
	}
	if len(r.any) == 0 && len(r.all) == 0 && r.when == nil {
		d.errs.add(d.file, posOf(n), ErrMissing, "rule", id, "a rule needs match.any, match.all or when")
	}
	return r
}

func (d *doc) parseStrategy(n *yaml.Node) *rawStrategy {
	id, idNode := idOf(n)
	s := &rawStrategy{node: n, id: id, idNode: idNode}
	fields := d.mapping(n, "a strategy", "strategy", id, "id", "title", "description", "when", "steps", "techniques", "escalate_to", "respond_within", "resolve_within", "calendar", "contact", "compensation", "replies", "tags", "escalation", "regulatory", "replace", "before", "after")
	if fields == nil {
		return nil
	}
	if id == "" {
		d.errs.add(d.file, posOf(n), ErrMissing, "", "", "strategy without an id")
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
			s.title, _ = d.str(f.value, "title", "strategy", id)
		case "description":
			s.description, _ = d.str(f.value, "description", "strategy", id)
		case "when":
			if _, ok := d.str(f.value, "when", "strategy", id); ok {
				s.when = f.value
			}
		case "steps":
			s.steps = texts(f.value, "steps")
		case "techniques":
			s.techniques = texts(f.value, "techniques")
		case "escalate_to":
			s.escalateTo, _ = d.str(f.value, "escalate_to", "strategy", id)
		case "respond_within":
			if _, ok := d.str(f.value, "respond_within", "strategy", id); ok {
				s.respondWithin = f.value
			}
		case "resolve_within":
			if _, ok := d.str(f.value, "resolve_within", "strategy", id); ok {
				s.resolveWithin = f.value
			}
		case "calendar":
			s.calendar, _ = d.str(f.value, "calendar", "strategy", id)
		case "contact":
			for _, g := range d.mapping(f.value, "contact", "strategy", id, "hours", "max_calls_per_day") {
				switch g.key {
				case "hours":
					if _, ok := d.str(g.value, "contact.hours", "strategy", id); ok {
						s.contactHours = g.value
					}
				case "max_calls_per_day":
					if v, ok := d.integer(g.value, "max_calls_per_day", "strategy", id); ok {
						if v < 0 {
							d.errs.add(d.file, posOf(g.value), ErrType, "strategy", id, "max_calls_per_day must not be negative")
						}
						s.maxCalls = v
					}
				}
			}
		case "compensation":
			s.compensation, _ = d.str(f.value, "compensation", "strategy", id)
		case "replies":
			s.replies = d.strList(f.value, "replies", "strategy", id)
		case "tags":
			s.tags = texts(f.value, "tags")
		case "escalation":
			for _, n := range d.list(f.value, "escalation") {
				var lv Level
				ok := true
				for _, g := range d.mapping(n, "an escalation level", "strategy", id, "at", "action", "to") {
					switch g.key {
					case "at":
						v, good := d.number(g.value, "escalation at", "strategy", id)
						if good && (v <= 0 || v > 10) {
							d.errs.add(d.file, posOf(g.value), ErrType, "strategy", id, "escalation at must be a fraction of the resolve window, like 0.8 or 1")
							good = false
						}
						lv.At, ok = v, ok && good
					case "action":
						lv.Action, _ = d.str(g.value, "escalation action", "strategy", id)
						if lv.Action != "warn" && lv.Action != "escalate" {
							d.errs.add(d.file, posOf(g.value), ErrType, "strategy", id, "escalation action must be warn or escalate, not %q", lv.Action)
							ok = false
						}
					case "to":
						lv.To, _ = d.str(g.value, "escalation to", "strategy", id)
					}
				}
				if ok && lv.At > 0 && lv.Action != "" {
					s.escalation = append(s.escalation, lv)
				}
			}
		case "regulatory":
			s.regulatory = d.strList(f.value, "regulatory", "strategy", id)
		case "replace":
			s.replace, _ = d.boolean(f.value, "replace", "strategy", id)
		case "before", "after":
			if _, ok := d.str(f.value, f.key, "strategy", id); ok {
				if s.before != nil || s.after != nil {
					d.errs.add(d.file, posOf(f.keyN), ErrType, "strategy", id, "a strategy goes before or after one other strategy, not both")
					continue
				}
				if f.key == "before" {
					s.before = f.value
				} else {
					s.after = f.value
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
