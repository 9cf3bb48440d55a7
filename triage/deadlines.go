package triage

import (
	"fmt"
	"time"

	"github.com/tousu/tousu/rules"
)

// Escalation is an escalation level turned into a time. At is when the
// level's fraction f of the resolve window has elapsed since the complaint
// was received: f of the window's working time, counted by the strategy's
// calendar as ResolveBy is, for a business window; f of the wall time for
// a calendar one. A level at 1 is ResolveBy exactly.
type Escalation struct {
	At     time.Time `json:"at"`
	Action string    `json:"action"`
	To     string    `json:"to,omitempty"`
}

// RegulatoryDeadline is a regulator's deadline for this complaint.
type RegulatoryDeadline struct {
	Name        string    `json:"name"`
	Due         time.Time `json:"due"`
	Description string    `json:"description,omitempty"`
}

// encodable reports a deadline that JSON cannot carry: RFC 3339 has years
// 0000 to 9999 and zone offsets within a day. Such a deadline is the
// complaint's deadline_error; its decision stands and still encodes.
func encodable(t time.Time, err error) (time.Time, error) {
	if err != nil {
		return t, err
	}
	_, off := t.Zone()
	if y := t.Year(); y < 0 || y > 9999 || off <= -24*3600 || off >= 24*3600 {
		return time.Time{}, fmt.Errorf("deadline in the year %d is outside what JSON can carry (years 0000 to 9999)", t.Year())
	}
	return t, nil
}

// due computes a window's deadline from start.
func (e *Engine) due(w rules.Window, start time.Time, s *rules.Strategy) (time.Time, error) {
	return encodable(e.rawDue(w, start, s))
}

func (e *Engine) rawDue(w rules.Window, start time.Time, s *rules.Strategy) (time.Time, error) {
	switch {
	case !w.Business && w.Days > 0:
		return start.AddDate(0, 0, w.Days), nil
	case !w.Business:
		return start.Add(w.D), nil
	}
	cal := e.prog.Calendar(s.Calendar.Value)
	if w.Days > 0 {
		return cal.AddWorkingDays(start, w.Days)
	}
	return cal.AddWorking(start, w.D)
}

// windowLength is the length of the resolve window w, from start to its
// deadline end, in the window's own time: the working time the calendar
// counts between them for a business window (as due counted it), the wall
// time for a calendar one.
func (e *Engine) windowLength(w rules.Window, start, end time.Time, s *rules.Strategy) (time.Duration, error) {
	switch {
	case !w.Business:
		return end.Sub(start), nil
	case w.Days == 0:
		return w.D, nil // due added exactly this much working time
	}
	return e.prog.Calendar(s.Calendar.Value).WorkingBetween(start, end)
}

// escalationAt is the time of an escalation level at fraction f of the
// resolve window w, whose length (windowLength) is total and which ends at
// end: the point where f of the window's time has elapsed since start,
// counted by the same calendar arithmetic as the deadline. A level at 1 is
// exactly the deadline; levels are monotone in f.
func (e *Engine) escalationAt(w rules.Window, f float64, total time.Duration, start, end time.Time, s *rules.Strategy) (time.Time, error) {
	return encodable(e.rawEscalationAt(w, f, total, start, end, s))
}

func (e *Engine) rawEscalationAt(w rules.Window, f float64, total time.Duration, start, end time.Time, s *rules.Strategy) (time.Time, error) {
	if f == 1 {
		return end, nil
	}
	part := time.Duration(f * float64(total))
	if !w.Business {
		return start.Add(part), nil
	}
	return e.prog.Calendar(s.Calendar.Value).AddWorking(start, part)
}

// setDeadlines fills the decision's deadlines from the complaint's
// received time; a calendar error (a date outside the calendar) is
// reported in DeadlineError, the decision stands. It reuses the storage
// d already holds (the two times, escalations, regulatory deadlines), so
// TriageInto allocates nothing here once d has grown.
func (e *Engine) setDeadlines(d *Decision, s *rules.Strategy, c *Complaint) {
	respond, resolve := d.RespondBy, d.ResolveBy
	esc, reg := d.Escalations[:0], d.Regulatory[:0]
	d.RespondBy, d.ResolveBy, d.Escalations, d.Regulatory, d.DeadlineError = nil, nil, nil, nil, ""
	if c.ReceivedAt.IsZero() {
		return
	}
	if respond == nil && resolve == nil { // a fresh decision: both times in one allocation
		times := new([2]time.Time)
		respond, resolve = &times[0], &times[1]
	}
	start := c.ReceivedAt
	fail := func(err error) { d.DeadlineError = err.Error() }
	// into computes window w into *keep (allocated if nil) and returns it,
	// or records the error and returns nil.
	into := func(w rules.Window, keep *time.Time) *time.Time {
		t, err := e.due(w, start, s)
		if err != nil {
			fail(err)
			return nil
		}
		if keep == nil {
			keep = new(time.Time)
		}
		*keep = t
		return keep
	}
	if !s.RespondWithin.IsZero() {
		if d.RespondBy = into(s.RespondWithin, respond); d.RespondBy == nil {
			return
		}
	}
	if !s.ResolveWithin.IsZero() {
		if d.ResolveBy = into(s.ResolveWithin, resolve); d.ResolveBy == nil {
			return
		}
		if esc == nil && len(s.Escalation) > 0 {
			esc = make([]Escalation, 0, len(s.Escalation))
		}
		var total time.Duration // the window's length in its own time
		if len(s.Escalation) > 0 {
			var err error
			if total, err = e.windowLength(s.ResolveWithin, start, *d.ResolveBy, s); err != nil {
				fail(err)
				return
			}
		}
		for _, lv := range s.Escalation {
			at, err := e.escalationAt(s.ResolveWithin, lv.At, total, start, *d.ResolveBy, s)
			if err != nil {
				fail(err)
				return
			}
			esc = append(esc, Escalation{At: at, Action: lv.Action, To: lv.To})
		}
		if len(esc) > 0 {
			d.Escalations = esc
		}
	}
	if reg == nil && len(s.Regulatory) > 0 {
		reg = make([]RegulatoryDeadline, 0, len(s.Regulatory))
	}
	for _, name := range s.Regulatory {
		rc, _ := e.prog.Clock(name.Value)
		due, err := encodable(e.prog.Calendar(rc.Calendar).AddWorkingDays(start, rc.WorkingDays))
		if err != nil {
			fail(err)
			return
		}
		reg = append(reg, RegulatoryDeadline{Name: rc.Name, Due: due, Description: rc.Description})
	}
	if len(reg) > 0 {
		d.Regulatory = reg
	}
}

// CanContact reports whether the customer of decision d may be phoned at
// now, given callsToday calls already made today, by the contact rule
// (hours and daily call limit) of d's strategy in this engine's policy, in
// the customer's time zone (Customer.TimeZone, else the engine's
// WithTimeZone, Asia/Shanghai by default). When not, next is the earliest
// allowed time and reason says why, in Chinese and English; an unknown
// time zone is such a reason, never a silent guess. A strategy the policy
// does not have sets no hours.
func (e *Engine) CanContact(d Decision, now time.Time, callsToday int) (ok bool, next time.Time, reason string) {
	loc := e.cfg.zone
	if d.TimeZone != "" {
		l, err := time.LoadLocation(d.TimeZone)
		if err != nil {
			return false, time.Time{}, fmt.Sprintf("未知的时区 %q (unknown time zone %q)", d.TimeZone, d.TimeZone)
		}
		loc = l
	}
	now = now.In(loc)
	ranges := e.contact[d.Strategy.ID]
	if len(ranges) == 0 {
		ranges = []rules.HourRange{{From: 0, To: 24 * 60}}
	}
	day := func(t time.Time, minutes int) time.Time {
		y, m, dd := t.Date()
		return time.Date(y, m, dd, minutes/60, minutes%60, 0, 0, loc)
	}
	tomorrow := day(now.AddDate(0, 0, 1), ranges[0].From)
	if max := d.Strategy.Contact.MaxCallsPerDay; max > 0 && callsToday >= max {
		return false, tomorrow, fmt.Sprintf("今日已联系 %d 次，达到上限 (call limit %d reached for today)", callsToday, max)
	}
	m := now.Hour()*60 + now.Minute()
	for _, r := range ranges {
		if m < r.From {
			return false, day(now, r.From), fmt.Sprintf("不在联系时间 %s 内 (outside contact hours %s)", d.Strategy.Contact.Hours, d.Strategy.Contact.Hours)
		}
		if m < r.To {
			return true, now, ""
		}
	}
	return false, tomorrow, fmt.Sprintf("不在联系时间 %s 内 (outside contact hours %s)", d.Strategy.Contact.Hours, d.Strategy.Contact.Hours)
}
