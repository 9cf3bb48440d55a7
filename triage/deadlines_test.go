package triage_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/tousu/tousu/triage"
)

const slaPolicy = `version: 1
rules:
  - id: threat
    behaviour: extreme
    match: {any: ["12315"]}
strategies:
  - id: regulator
    when: behaviour == "extreme"
    calendar: cn-mainland
    respond_within: 2h business
    resolve_within: 3d business
    escalation:
      - {at: 0.8, action: warn}
      - {at: 1, action: escalate, to: 客服经理}
    regulatory: [12315-acceptance]
    contact: {hours: "10:00-18:00", max_calls_per_day: 2}
  - id: plain
    respond_within: 1h
    resolve_within: 24h
    contact: {hours: "10:00-12:00, 14:00-18:00", max_calls_per_day: 3}
`

func slaEngine(t *testing.T) *triage.Engine {
	return mustEngine(t, "sla.yaml", []byte(slaPolicy))
}

func cstTime(s string) time.Time {
	loc, _ := time.LoadLocation("Asia/Shanghai")
	t, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		panic(err)
	}
	return t
}

func TestDeadlines(t *testing.T) {
	eng := slaEngine(t)
	ctx := context.Background()
	// Received Tuesday 2025-09-30 17:00, before the National Day week.
	d, err := eng.Triage(ctx, triage.Complaint{Text: "再不处理我就打12315", ReceivedAt: cstTime("2025-09-30 17:00")})
	if err != nil {
		t.Fatal(err)
	}
	check := func(name string, got *time.Time, want string) {
		t.Helper()
		if got == nil || !got.Equal(cstTime(want)) {
			t.Errorf("%s = %v, want %s", name, got, want)
		}
	}
	check("respond_by", d.RespondBy, "2025-10-09 10:00")                                   // 1h on 9-30, 1h on 10-09
	check("resolve_by", d.ResolveBy, "2025-10-11 18:00")                                   // 3 working days after receipt: 10-09, 10-10 and the make-up Saturday 10-11
	if len(d.Regulatory) != 1 || !d.Regulatory[0].Due.Equal(cstTime("2025-10-16 18:00")) { // 7 working days: 10-09 … 10-16
		t.Errorf("regulatory %+v", d.Regulatory)
	}
	if len(d.Escalations) != 2 || d.Escalations[1].Action != "escalate" || d.Escalations[1].To != "客服经理" || !d.Escalations[0].At.Before(d.Escalations[1].At) {
		t.Errorf("escalations %+v", d.Escalations)
	}
	// Calendar-time strategy: plain addition.
	d, _ = eng.Triage(ctx, triage.Complaint{Text: "物流慢", ReceivedAt: cstTime("2025-10-01 23:30")})
	check("calendar respond_by", d.RespondBy, "2025-10-02 00:30")
	check("calendar resolve_by", d.ResolveBy, "2025-10-02 23:30")
	// Outside the calendar's years: the decision stands, the deadline error says why.
	d, err = eng.Triage(ctx, triage.Complaint{Text: "12315", ReceivedAt: cstTime("2023-05-01 10:00")})
	if err != nil || d.RespondBy != nil || d.DeadlineError != "calendar cn-mainland: 2023-05-01: date outside the years the calendar covers" || d.Strategy.ID != "regulator" {
		t.Errorf("out of range: %+v, %v", d.DeadlineError, err)
	}
	// No received time, no deadlines.
	if d, _ := eng.Triage(ctx, triage.Complaint{Text: "12315"}); d.RespondBy != nil || d.Regulatory != nil {
		t.Errorf("deadlines without received_at: %+v", d)
	}
}

// TestUnknownCalendar: a calendar nobody gave is a positioned compile
// error, not a failure of every triage.
func TestUnknownCalendar(t *testing.T) {
	_, err := compileBytes("p.yaml", []byte("version: 1\nstrategies:\n  - id: all\n    calendar: mars\n    respond_within: 1d business\n"))
	if err == nil || err.Error() != `p.yaml:4:15: strategy "all": unknown calendar "mars" (known: cn-mainland)` {
		t.Errorf("got %v", err)
	}
}

func TestCanContact(t *testing.T) {
	eng := slaEngine(t)
	d, _ := eng.Triage(context.Background(), triage.Complaint{Text: "物流慢"}) // plain: 10-12, 14-18, 3 calls
	ny, _ := eng.Triage(context.Background(), triage.Complaint{Text: "12315", Customer: triage.Customer{TimeZone: "America/New_York"}})
	tests := []struct {
		name     string
		d        triage.Decision
		now      time.Time
		calls    int
		ok       bool
		next     time.Time
		reasonOK bool
	}{
		{"before hours", d, cstTime("2025-03-17 09:15"), 0, false, cstTime("2025-03-17 10:00"), true},
		{"inside", d, cstTime("2025-03-17 10:30"), 1, true, cstTime("2025-03-17 10:30"), false},
		{"lunch gap", d, cstTime("2025-03-17 12:30"), 1, false, cstTime("2025-03-17 14:00"), true},
		{"after hours", d, cstTime("2025-03-17 18:00"), 1, false, cstTime("2025-03-18 10:00"), true},
		{"at the call limit", d, cstTime("2025-03-17 15:00"), 3, false, cstTime("2025-03-18 10:00"), true},
		{"customer's zone: 21:00 in Shanghai is 09:00 in New York", ny, cstTime("2025-03-17 21:00"), 0, false,
			time.Date(2025, 3, 17, 10, 0, 0, 0, mustLoc("America/New_York")), true},
	}
	for _, tt := range tests {
		ok, next, reason := eng.CanContact(tt.d, tt.now, tt.calls)
		if ok != tt.ok || !next.Equal(tt.next) || (reason != "") != tt.reasonOK {
			t.Errorf("%s: got %v %v %q; want %v %v", tt.name, ok, next, reason, tt.ok, tt.next)
		}
	}
	_, _, reason := eng.CanContact(d, cstTime("2025-03-17 15:00"), 3)
	if reason != "今日已联系 3 次，达到上限 (call limit 3 reached for today)" {
		t.Errorf("reason %q", reason)
	}
}

func mustLoc(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return l
}

// TestDeadlinesJSONRange: a receipt time whose deadlines fall beyond the
// years JSON can carry gives a deadline_error; the decision stands and
// encodes, alone and in a batch.
func TestDeadlinesJSONRange(t *testing.T) {
	eng := mustEngine(t, "p.yaml", []byte("version: 1\nstrategies:\n  - id: all\n    respond_within: 2h\n    resolve_within: 3d\n    escalation: [{at: 0.5, action: warn}]\n"))
	for _, at := range []time.Time{
		time.Date(9999, 12, 31, 23, 0, 0, 0, time.UTC),
		time.Date(9999, 12, 30, 12, 0, 0, 0, time.UTC),
	} {
		c := triage.Complaint{ID: "far", Text: "假货", ReceivedAt: at}
		d, err := eng.Triage(context.Background(), c)
		if err != nil {
			t.Fatal(err)
		}
		if d.DeadlineError == "" || d.Strategy.ID != "all" {
			t.Errorf("%v: deadline_error %q", at, d.DeadlineError)
		}
		if _, err := json.Marshal(d); err != nil {
			t.Errorf("%v: the decision does not encode: %v", at, err)
		}
		for _, r := range eng.TriageBatch(context.Background(), []triage.Complaint{c, {ID: "near", Text: "好"}}, 2) {
			if r.Err != nil {
				t.Errorf("batch: %v", r.Err)
			}
			if _, err := json.Marshal(r.Decision); err != nil {
				t.Errorf("batch decision %s does not encode: %v", r.Decision.ID, err)
			}
		}
	}
}
