package rules

import (
	"slices"
	"strings"
)

// seedAxes are the three axes of the seeds' taxonomy (按投诉的原因, 严重程度
// and 行为): what a policy without axes: declares, and what no policy can
// remove or redefine.
var seedAxes = []Axis{
	{Name: "cause", Values: []string{"product", "service", "price", "integrity"}, Default: "product", ReviewOnDefault: true, Tie: "rules"},
	{Name: "severity", Values: []string{"general", "serious"}, Default: "general", ReviewOnDefault: true, Tie: "rules"},
	{Name: "behaviour", Values: []string{"passive", "negative-publicity", "venting", "extreme"}, Default: "passive", ReviewOnDefault: true, Tie: "rules"},
}

// maxAxes and maxAxisValues bound a declaration: the vote keeps small
// arrays per axis, and a strategy memo key packs the values.
const (
	maxAxes       = 16
	maxAxisValues = 64
)

// reservedNames are the names an axis may not take: rule keys, expression
// names and Decision fields.
var reservedNames = []string{
	// expression environment
	"text", "channel", "length", "customer", "order", "attributes", "signals", "true", "false", "nil", axesField,
	// rule keys
	"id", "description", "vote", "weight", "priority", "match", "when", "enabled", "count_negated", "exclude_praised", "asserted_only", "exclude_modality", "tags", "examples", "replace",
	// decision fields
	"schema_version", "strategy", "confidence", "defaulted", "review", "policy", "evidence", "respond_by", "resolve_by",
	"escalations", "regulatory", "deadline_error", "time_zone", "trace", "axes",
}

// compileAxes merges the declarations of every file into the taxonomy: the
// seed axes first, then declared ones in order. The defaults key of later
// files overrides earlier ones.
func (c *compiler) compileAxes(files []*File) []Axis {
	out := slices.Clone(seedAxes)
	for i := range out {
		out[i].Values = slices.Clone(out[i].Values)
	}
	index := func(name string) int {
		return slices.IndexFunc(out, func(a Axis) bool { return a.Name == name })
	}
	for _, f := range files {
		for _, a := range f.Axes {
			if i := index(a.Name); i >= 0 {
				if i < len(seedAxes) {
					if !slices.Equal(a.Values, seedAxes[i].Values) && len(a.Values) > 0 {
						c.errs.at(a.Pos, errAxisValue, "axis", a.Name, "the %s axis is the seeds' taxonomy and cannot be redefined (its values are %s)", a.Name, strings.Join(seedAxes[i].Values, ", "))
					}
					c.checkAggregate(&out[i], a) // a seed axis may still choose how it aggregates
					if a.HasMinConfidence {      // and its review threshold
						out[i].MinConfidence, out[i].HasMinConfidence = a.MinConfidence, true
					}
					continue
				}
				c.errs.at(a.Pos, errDuplicateID, "axis", a.Name, "declared twice (first at %s)", out[i].Pos)
				continue
			}
			if !identRE.MatchString(a.Name) || slices.Contains(reservedNames, a.Name) {
				c.errs.at(a.Pos, errType, "axis", a.Name, "an axis name must be a word of letters, digits and _ that is not a rule key, an expression name or a decision field")
				continue
			}
			if len(out) >= maxAxes {
				c.errs.at(a.Pos, errLimit, "axis", a.Name, "more than %d axes", maxAxes)
				continue
			}
			ax := *a
			if len(ax.Values) == 0 {
				c.errs.at(a.Pos, errMissing, "axis", a.Name, "an axis needs at least one value")
				continue
			}
			seen := map[string]bool{}
			ok := true
			for _, v := range ax.Values {
				if v == "" || seen[v] {
					c.errs.at(a.Pos, errDuplicateID, "axis", a.Name, "value %q given twice or empty", v)
					ok = false
					break
				}
				seen[v] = true
			}
			if !ok {
				continue
			}
			switch {
			case ax.Default == "":
				ax.Default = ax.Values[0]
			case !seen[ax.Default]:
				c.errs.at(a.Pos, errAxisValue, "axis", a.Name, "default %q is not one of its values (%s)", ax.Default, strings.Join(ax.Values, ", "))
			}
			if ax.Tie == "" {
				ax.Tie = "rules"
			}
			ax.Aggregate, ax.Cap, ax.DistinctTerms, ax.Confidence = "", 0, 0, ""
			c.checkAggregate(&ax, a)
			out = append(out, ax)
		}
	}
	for _, f := range files {
		for _, name := range sortedKeys(f.Defaults) {
			v := f.Defaults[name]
			i := index(name)
			if i < 0 {
				c.errs.at(v.Pos, errUnknownKey, "", "", "defaults: unknown axis %q (axes: %s)", name, axisNames(out))
				continue
			}
			if !slices.Contains(out[i].Values, v.Value) {
				c.errs.at(v.Pos, errAxisValue, "", "", "unknown %s %q (want one of %s)", name, v.Value, strings.Join(out[i].Values, ", "))
				continue
			}
			out[i].Default = v.Value
		}
	}
	return out
}

func axisNames(axes []Axis) string {
	names := make([]string, len(axes))
	for i, a := range axes {
		names[i] = a.Name
	}
	return strings.Join(names, ", ")
}

// axisIndex returns the index of the axis named name, or -1.
func axisIndex(axes []Axis, name string) int {
	for i := range axes {
		if axes[i].Name == name {
			return i
		}
	}
	return -1
}

// valueIndex returns the index of value v on axis a, or -1.
func (a *Axis) valueIndex(v string) int { return slices.Index(a.Values, v) }
