// Package calendar computes deadlines on business calendars: working hours
// per weekday in a time zone, public holidays and make-up working days
// (调休), for the years a calendar covers.
//
// Calendars are data, in YAML files of their own, referenced from
// strategies by name. China's holiday schedule is published yearly, so a
// calendar states the years it covers; a date outside them is an error
// (ErrOutOfRange), never silently a plain weekday; Calendar.Years lists
// them. The built-in "cn-mainland" covers 2024, 2025 and 2026 from the
// State Council's notices; it is data to be checked and extended by users.
//
// A *Calendar is immutable and safe for concurrent use.
package calendar

import (
	_ "embed"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // minimal containers have no zoneinfo

	"gopkg.in/yaml.v3"
)

// ErrOutOfRange reports a date outside the years a calendar covers.
var ErrOutOfRange = errors.New("date outside the years the calendar covers")

// Error is a positioned mistake in a calendar file.
type Error struct {
	File      string
	Line, Col int
	Err       error
}

func (e *Error) Error() string { return fmt.Sprintf("%s:%d:%d: %v", e.File, e.Line, e.Col, e.Err) }

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// span is a working period [from, to) in minutes after midnight.
type span struct{ from, to int }

// A Calendar says when people work.
type Calendar struct {
	name     string
	loc      *time.Location
	weekly   [7][]span // by time.Weekday
	covers   map[int]bool
	holidays map[string]bool   // "2006-01-02"
	workdays map[string][]span // make-up days with their hours
}

// Name is the calendar's name.
func (c *Calendar) Name() string { return c.name }

// Location is the calendar's time zone.
func (c *Calendar) Location() *time.Location { return c.loc }

// Covers reports whether t's date (in the calendar's zone) is in a year
// the calendar covers (see Years).
func (c *Calendar) Covers(t time.Time) bool { return c.covers[t.In(c.loc).Year()] }

// hoursOn returns the working periods of the date of t.
func (c *Calendar) hoursOn(t time.Time) ([]span, error) {
	t = t.In(c.loc)
	if !c.covers[t.Year()] {
		return nil, fmt.Errorf("calendar %s: %s: %w", c.name, t.Format("2006-01-02"), ErrOutOfRange)
	}
	var buf [len("2006-01-02")]byte // the key on the stack: deadlines allocate nothing per day
	key := t.AppendFormat(buf[:0], "2006-01-02")
	if h, ok := c.workdays[string(key)]; ok {
		return h, nil
	}
	if c.holidays[string(key)] {
		return nil, nil
	}
	return c.weekly[t.Weekday()], nil
}

func midnight(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

func at(day time.Time, minutes int) time.Time {
	y, m, d := day.Date()
	return time.Date(y, m, d, minutes/60, minutes%60, 0, 0, day.Location())
}

// maxDays bounds the search for working time (a year without any is a
// misconfigured calendar).
const maxDays = 400

// IsWorkingTime reports whether t falls in working hours.
func (c *Calendar) IsWorkingTime(t time.Time) (bool, error) {
	t = t.In(c.loc)
	hs, err := c.hoursOn(t)
	if err != nil {
		return false, err
	}
	m := t.Hour()*60 + t.Minute()
	for _, h := range hs {
		if h.from <= m && m < h.to {
			return true, nil
		}
	}
	return false, nil
}

// NextWorkingTime returns t if it is working time, else the start of the
// next working period: AddWorking with no working time to add.
func (c *Calendar) NextWorkingTime(t time.Time) (time.Time, error) {
	return c.AddWorking(t, 0)
}

// AddWorking returns the moment when d of working time has passed after t.
// A window that ends exactly at closing time ends then, not at the next
// opening.
func (c *Calendar) AddWorking(t time.Time, d time.Duration) (time.Time, error) {
	if d < 0 {
		return time.Time{}, fmt.Errorf("calendar: negative duration %v", d)
	}
	t = t.In(c.loc)
	day := midnight(t)
	for i := 0; i < maxDays; i++ {
		hs, err := c.hoursOn(day)
		if err != nil {
			return time.Time{}, err
		}
		for _, h := range hs {
			start, end := at(day, h.from), at(day, h.to)
			if !t.Before(end) {
				continue
			}
			if t.Before(start) {
				t = start
			}
			if avail := end.Sub(t); d <= avail {
				return t.Add(d), nil
			} else {
				d -= avail
				t = end
			}
		}
		day = midnight(day.AddDate(0, 0, 1))
		t = day
	}
	return time.Time{}, fmt.Errorf("calendar %s: no working time within %d days", c.name, maxDays)
}

// AddWorkingDays returns the close of business of the n-th working day
// after the day of t: a complaint received on a working day counts from
// the next one (12315 must accept a complaint "within 7 working days").
func (c *Calendar) AddWorkingDays(t time.Time, n int) (time.Time, error) {
	if n < 1 {
		return time.Time{}, fmt.Errorf("calendar: want at least 1 working day, not %d", n)
	}
	day := midnight(t.In(c.loc))
	for i := 0; i < maxDays*2; i++ {
		day = midnight(day.AddDate(0, 0, 1))
		hs, err := c.hoursOn(day)
		if err != nil {
			return time.Time{}, err
		}
		if len(hs) == 0 {
			continue
		}
		if n--; n == 0 {
			return at(day, hs[len(hs)-1].to), nil
		}
	}
	return time.Time{}, fmt.Errorf("calendar %s: not enough working days", c.name)
}

//go:embed cn-mainland.yaml
var cnMainland []byte

var builtins = map[string][]byte{"cn-mainland": cnMainland}

// BuiltinNames lists the calendars this package ships.
func BuiltinNames() []string { return []string{"cn-mainland"} }

// Builtin returns a shipped calendar by name.
func Builtin(name string) (*Calendar, error) {
	src, ok := builtins[name]
	if !ok {
		return nil, fmt.Errorf("calendar: no built-in calendar %q (have %s)", name, strings.Join(BuiltinNames(), ", "))
	}
	return Parse(name+".yaml", src)
}

var weekdays = map[string]time.Weekday{"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday,
	"wednesday": time.Wednesday, "thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday}

// Parse reads a calendar from YAML; every mistake is reported, positioned,
// in one joined error.
func Parse(file string, src []byte) (*Calendar, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(src, &root); err != nil {
		return nil, &Error{File: file, Line: 1, Col: 1, Err: err}
	}
	var errs []error
	bad := func(n *yaml.Node, format string, args ...any) {
		errs = append(errs, &Error{File: file, Line: n.Line, Col: n.Column, Err: fmt.Errorf(format, args...)})
	}
	c := &Calendar{covers: map[int]bool{}, holidays: map[string]bool{}, workdays: map[string][]span{}}
	if len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return nil, &Error{File: file, Line: 1, Col: 1, Err: errors.New("a calendar is a mapping")}
	}
	m := root.Content[0]
	type dated struct {
		n    *yaml.Node
		spec map[string]*yaml.Node
	}
	var holidays, workdays []dated
	seen := map[string]bool{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if seen[k.Value] {
			bad(k, "key %q repeated", k.Value)
			continue
		}
		seen[k.Value] = true
		switch k.Value {
		case "name":
			c.name = v.Value
		case "description":
		case "time_zone":
			loc, err := time.LoadLocation(v.Value)
			if err != nil {
				bad(v, "unknown time zone %q", v.Value)
				continue
			}
			c.loc = loc
		case "hours":
			for j := 0; j+1 < len(v.Content); j += 2 {
				wd, ok := weekdays[v.Content[j].Value]
				if !ok {
					bad(v.Content[j], "unknown weekday %q", v.Content[j].Value)
					continue
				}
				hs, err := parseSpans(v.Content[j+1])
				if err != nil {
					bad(v.Content[j+1], "%v", err)
					continue
				}
				c.weekly[wd] = hs
			}
		case "covers":
			for _, y := range v.Content {
				n, err := strconv.Atoi(y.Value)
				if err != nil || n < 1900 || n > 2200 {
					bad(y, "bad year %q", y.Value)
					continue
				}
				c.covers[n] = true
			}
		case "holidays", "workdays":
			for _, item := range v.Content {
				d := dated{n: item, spec: map[string]*yaml.Node{}}
				for j := 0; j+1 < len(item.Content); j += 2 {
					d.spec[item.Content[j].Value] = item.Content[j+1]
					allowed := map[string]bool{"date": true, "to": true, "name": true, "hours_of": true}
					if !allowed[item.Content[j].Value] {
						bad(item.Content[j], "unknown key %q", item.Content[j].Value)
					}
				}
				if k.Value == "holidays" {
					holidays = append(holidays, d)
				} else {
					workdays = append(workdays, d)
				}
			}
		default:
			bad(k, "unknown key %q", k.Value)
		}
	}
	if c.loc == nil && !seen["time_zone"] {
		bad(m, "missing time_zone")
	}
	if c.name == "" {
		bad(m, "missing name")
	}
	if len(c.covers) == 0 {
		bad(m, "missing covers: the years whose holidays the calendar lists")
	}
	parseDate := func(n *yaml.Node) (time.Time, bool) {
		if n == nil {
			return time.Time{}, false
		}
		d, err := time.Parse("2006-01-02", n.Value)
		if err != nil {
			bad(n, "bad date %q: want YYYY-MM-DD", n.Value)
			return time.Time{}, false
		}
		if !c.covers[d.Year()] {
			bad(n, "date %s is outside the covered years", n.Value)
			return time.Time{}, false
		}
		return d, true
	}
	for _, h := range holidays {
		from, ok := parseDate(h.spec["date"])
		if !ok {
			if h.spec["date"] == nil {
				bad(h.n, "a holiday needs a date")
			}
			continue
		}
		to := from
		if h.spec["to"] != nil {
			if to, ok = parseDate(h.spec["to"]); !ok {
				continue
			}
			if to.Before(from) {
				bad(h.spec["to"], "holiday ends before it starts")
				continue
			}
		}
		for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
			c.holidays[d.Format("2006-01-02")] = true
		}
	}
	for _, w := range workdays {
		d, ok := parseDate(w.spec["date"])
		if !ok {
			if w.spec["date"] == nil {
				bad(w.n, "a make-up working day needs a date")
			}
			continue
		}
		of := time.Monday
		if n := w.spec["hours_of"]; n != nil {
			if of, ok = weekdays[n.Value]; !ok {
				bad(n, "unknown weekday %q", n.Value)
				continue
			}
		}
		c.workdays[d.Format("2006-01-02")] = c.weekly[of]
	}
	if len(errs) > 0 {
		sort.SliceStable(errs, func(i, j int) bool {
			a, b := errs[i].(*Error), errs[j].(*Error)
			return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
		})
		return nil, errors.Join(errs...)
	}
	return c, nil
}

// parseSpans reads a list like ["09:00-12:00", "13:00-18:00"].
func parseSpans(n *yaml.Node) ([]span, error) {
	if n.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("hours must be a list like [\"09:00-18:00\"]")
	}
	var out []span
	for _, x := range n.Content {
		from, to, ok := strings.Cut(x.Value, "-")
		a, err1 := parseClock(from)
		b, err2 := parseClock(to)
		if !ok || err1 != nil || err2 != nil || a >= b {
			return nil, fmt.Errorf("bad hours %q: want HH:MM-HH:MM, start before end", x.Value)
		}
		if len(out) > 0 && a < out[len(out)-1].to {
			return nil, fmt.Errorf("hours %q overlap or are out of order", x.Value)
		}
		out = append(out, span{a, b})
	}
	return out, nil
}

func parseClock(s string) (int, error) {
	h, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || hh < 0 || hh > 24 || mm < 0 || mm > 59 || hh == 24 && mm != 0 {
		return 0, fmt.Errorf("bad time %q", s)
	}
	return hh*60 + mm, nil
}
