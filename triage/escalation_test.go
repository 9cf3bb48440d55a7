package triage_test

import (
	"context"
	"fmt"
	"math/rand"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tousu/tousu/rules"
	"github.com/tousu/tousu/rules/calendar"
	"github.com/tousu/tousu/triage"
)

// escPolicy is a policy of one strategy with resolve window window on
// calendar cal, escalating at each of the fractions at.
func escPolicy(cal, window string, at ...float64) []byte {
	src := fmt.Sprintf("version: 1\nstrategies:\n  - id: s\n    calendar: %s\n    resolve_within: %s\n    escalation:\n", cal, window)
	for _, f := range at {
		src += fmt.Sprintf("      - {at: %v, action: warn}\n", f)
	}
	return []byte(src)
}

// usEast is a calendar in a zone with daylight saving time.
const usEast = `name: us-east
time_zone: America/New_York
hours:
  monday: ["09:00-17:00"]
  tuesday: ["09:00-17:00"]
  wednesday: ["09:00-17:00"]
  thursday: ["09:00-17:00"]
  friday: ["09:00-17:00"]
covers: [2025, 2026]
holidays:
  - {date: 2025-07-04, name: Independence Day}
`

func usEastCalendar(tb testing.TB) *calendar.Calendar {
	tb.Helper()
	cal, err := calendar.Parse("us-east.yaml", []byte(usEast))
	if err != nil {
		tb.Fatal(err)
	}
	return cal
}

func nyTime(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04 MST", s, mustLoc("America/New_York"))
	if err != nil {
		panic(err)
	}
	return t
}

// TestEscalationsFollowTheCalendar: an escalation at fraction f of a
// business window is where f of the window's working time (counted from
// receipt, as resolve_by is) has elapsed, and at 1 it is resolve_by; for
// a calendar window, f of the wall time. cn-mainland works 09:00-12:00 and
// 13:00-18:00, us-east 09:00-17:00 in New York.
func TestEscalationsFollowTheCalendar(t *testing.T) {
	tests := []struct {
		name      string
		cal       string
		window    string
		received  time.Time
		resolveBy time.Time
		half      time.Time // the escalation at 0.5; the one at 1 is resolveBy
	}{
		{"issue 15: Tue 10:00, 23 working hours", "cn-mainland", "2d business",
			cstTime("2025-03-11 10:00"), cstTime("2025-03-13 18:00"), cstTime("2025-03-12 14:30")},
		{"issue 15: Fri 17:00 over the weekend, 17 working hours", "cn-mainland", "2d business",
			cstTime("2025-03-14 17:00"), cstTime("2025-03-18 18:00"), cstTime("2025-03-17 17:30")},
		{"received at night: 16 working hours", "cn-mainland", "2d business",
			cstTime("2025-03-11 20:00"), cstTime("2025-03-13 18:00"), cstTime("2025-03-12 18:00")},
		{"received on a Saturday", "cn-mainland", "1d business",
			cstTime("2025-03-15 11:00"), cstTime("2025-03-17 18:00"), cstTime("2025-03-17 14:00")},
		{"business hours over a weekend", "cn-mainland", "8h business",
			cstTime("2025-03-14 17:00"), cstTime("2025-03-17 17:00"), cstTime("2025-03-17 12:00")},
		{"make-up Sunday 2025-04-27", "cn-mainland", "2d business",
			cstTime("2025-04-25 17:00"), cstTime("2025-04-28 18:00"), cstTime("2025-04-27 17:30")},
		{"National Day 2026 and the make-up Saturday 10-10", "cn-mainland", "3d business",
			cstTime("2026-09-30 10:00"), cstTime("2026-10-10 18:00"), cstTime("2026-10-09 09:30")},
		{"New Year 2025→2026 and the make-up Sunday 01-04", "cn-mainland", "2d business",
			cstTime("2025-12-31 17:00"), cstTime("2026-01-05 18:00"), cstTime("2026-01-04 17:30")},
		{"calendar window: wall time", "cn-mainland", "3d",
			cstTime("2025-03-11 10:00"), cstTime("2025-03-14 10:00"), cstTime("2025-03-12 22:00")},
		{"DST starts (EST → EDT), business days", "us-east", "2d business",
			nyTime("2025-03-07 16:00 EST"), nyTime("2025-03-11 17:00 EDT"), nyTime("2025-03-10 16:30 EDT")},
		{"DST ends (EDT → EST), business days", "us-east", "2d business",
			nyTime("2025-10-31 16:30 EDT"), nyTime("2025-11-04 17:00 EST"), nyTime("2025-11-03 16:45 EST")},
		{"DST starts: a wall day of 23 hours", "us-east", "1d",
			nyTime("2025-03-08 12:00 EST"), nyTime("2025-03-09 12:00 EDT"), nyTime("2025-03-08 23:30 EST")},
		{"DST ends: a wall day of 25 hours", "us-east", "1d",
			nyTime("2025-11-01 12:00 EDT"), nyTime("2025-11-02 12:00 EST"), nyTime("2025-11-02 00:30 EDT")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			eng := engineWith(t, "esc.yaml", escPolicy(tt.cal, tt.window, 0.5, 1), rules.WithCalendar(usEastCalendar(t)))
			d, err := eng.Triage(context.Background(), triage.Complaint{Text: "x", ReceivedAt: tt.received})
			if err != nil {
				t.Fatal(err)
			}
			if d.DeadlineError != "" || d.ResolveBy == nil {
				t.Fatalf("no deadline: %q", d.DeadlineError)
			}
			got := []time.Time{*d.ResolveBy}
			for _, e := range d.Escalations {
				got = append(got, e.At)
			}
			want := []time.Time{tt.resolveBy, tt.half, tt.resolveBy}
			if diff := cmp.Diff(want, got, cmp.Comparer(time.Time.Equal)); diff != "" {
				t.Errorf("resolve_by, at 0.5, at 1 (-want +got):\n%s", diff)
			}
		})
	}
}

// TestEscalationsProperty checks, on random windows and receipt times,
// that escalation times are monotone in the fraction, inside [received,
// resolve_by] up to 1, exactly resolve_by at 1, and that the share of the
// window's time elapsed at each is its fraction.
func TestEscalationsProperty(t *testing.T) {
	r := rand.New(rand.NewSource(15))
	us := usEastCalendar(t)
	cn, err := calendar.Builtin("cn-mainland")
	if err != nil {
		t.Fatal(err)
	}
	cals := map[string]*calendar.Calendar{"cn-mainland": cn, "us-east": us}
	first := map[string]time.Time{"cn-mainland": cstTime("2024-01-01 00:00"), "us-east": nyTime("2025-01-01 00:00 EST")}
	checked := 0
	for i := 0; i < 60; i++ {
		calName := []string{"cn-mainland", "us-east"}[r.Intn(2)]
		n := 1 + r.Intn(10)
		window := []string{
			fmt.Sprintf("%dd business", n), fmt.Sprintf("%dh business", n*3),
			fmt.Sprintf("%dd", n), fmt.Sprintf("%dh", n*5),
		}[r.Intn(4)]
		business := len(window) > 9
		at := []float64{1}
		for k := r.Intn(5); k > 0; k-- {
			at = append(at, float64(1+r.Intn(99))/100)
		}
		slices.Sort(at)
		at = slices.Compact(at)
		eng := engineWith(t, "esc.yaml", escPolicy(calName, window, at...), rules.WithCalendar(us))
		cal := cals[calName]
		for j := 0; j < 40; j++ {
			// Up to November of the last covered year, so the
			// deadlines stay inside the calendar.
			received := first[calName].Add(time.Duration(r.Int63n(int64(cstTime("2026-11-01 00:00").Sub(first[calName])))))
			d, err := eng.Triage(context.Background(), triage.Complaint{Text: "x", ReceivedAt: received})
			if err != nil {
				t.Fatal(err)
			}
			if d.DeadlineError != "" || d.ResolveBy == nil || len(d.Escalations) != len(at) {
				t.Fatalf("%s %s from %v: resolve_by %v, %d escalations, error %q", calName, window, received, d.ResolveBy, len(d.Escalations), d.DeadlineError)
			}
			end := *d.ResolveBy
			length := end.Sub(received)
			if business {
				if length, err = cal.WorkingBetween(received, end); err != nil {
					t.Fatal(err)
				}
			}
			for k, e := range d.Escalations {
				where := fmt.Sprintf("%s %s from %v, at %v: %v", calName, window, received, at[k], e.At)
				if k > 0 && e.At.Before(d.Escalations[k-1].At) {
					t.Errorf("%s: before the escalation at %v (%v)", where, at[k-1], d.Escalations[k-1].At)
				}
				if e.At.Before(received) || e.At.After(end) {
					t.Errorf("%s: outside [%v, %v]", where, received, end)
				}
				if at[k] == 1 && !e.At.Equal(end) {
					t.Errorf("%s: not resolve_by %v", where, end)
				}
				elapsed := e.At.Sub(received)
				if business {
					if elapsed, err = cal.WorkingBetween(received, e.At); err != nil {
						t.Fatal(err)
					}
				}
				if want := time.Duration(at[k] * float64(length)); elapsed < want-time.Microsecond || elapsed > want+time.Microsecond {
					t.Errorf("%s: %v of %v elapsed, want %v", where, elapsed, length, want)
				}
				checked++
			}
		}
	}
	t.Logf("%d escalations checked", checked)
}

// TestBusinessDeadlinesAllocs: deadlines and escalations on a business
// window allocate nothing once the Decision has grown, however many days
// the calendar walks (here over National Day 2026).
func TestBusinessDeadlinesAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	eng := mustEngine(t, "esc.yaml", escPolicy("cn-mainland", "3d business", 0.5, 0.8, 1))
	ctx := context.Background()
	c := triage.Complaint{Text: "x", ReceivedAt: cstTime("2026-09-30 10:00")}
	var d triage.Decision
	if err := eng.TriageInto(ctx, c, &d); err != nil || len(d.Escalations) != 3 || d.DeadlineError != "" {
		t.Fatalf("want 3 escalations: %v %+v %q", err, d.Escalations, d.DeadlineError)
	}
	got := testing.AllocsPerRun(100, func() {
		if err := eng.TriageInto(ctx, c, &d); err != nil {
			t.Fatal(err)
		}
	})
	if got != 0 {
		t.Errorf("TriageInto allocated %.0f times on a business window, want 0", got)
	}
}
