package calendar

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// cn2026 is the 2026 schedule as published by the State Council
// (国务院办公厅关于2026年部分节假日安排的通知, 2025-11-04), written out
// independently of cn-mainland.yaml: the days off, inclusive, and the
// make-up working days (调休上班).
var cn2026 = []struct {
	name     string
	from, to string
	makeUp   []string
}{
	{"元旦", "2026-01-01", "2026-01-03", []string{"2026-01-04"}},
	{"春节", "2026-02-15", "2026-02-23", []string{"2026-02-14", "2026-02-28"}},
	{"清明节", "2026-04-04", "2026-04-06", nil},
	{"劳动节", "2026-05-01", "2026-05-05", []string{"2026-05-09"}},
	{"端午节", "2026-06-19", "2026-06-21", nil},
	{"中秋节", "2026-09-25", "2026-09-27", nil},
	{"国庆节", "2026-10-01", "2026-10-07", []string{"2026-09-20", "2026-10-10"}},
}

func day(s string) time.Time {
	d, err := time.ParseInLocation("2006-01-02", s, shanghai)
	if err != nil {
		panic(err)
	}
	return d
}

// TestCNMainland2026 pins every 2026 holiday day (not a working day, even
// on a weekday) and every make-up working day (a working day, even on a
// weekend), then every other day of 2026 (a working day exactly when it
// is Monday to Friday).
func TestCNMainland2026(t *testing.T) {
	c := mustBuiltin(t)
	type want struct {
		name    string
		working bool
	}
	special := map[string]want{}
	days, makeUps := 0, 0
	for _, h := range cn2026 {
		for d := day(h.from); !d.After(day(h.to)); d = d.AddDate(0, 0, 1) {
			special[d.Format("2006-01-02")] = want{h.name, false}
			days++
		}
		for _, m := range h.makeUp {
			special[m] = want{h.name + "调休", true}
			makeUps++
		}
	}
	if days != 33 || makeUps != 6 {
		t.Fatalf("the table has %d holiday days and %d make-up days, want 33 and 6", days, makeUps)
	}
	type test struct {
		date string
		want want
	}
	var tests []test
	for d := day("2026-01-01"); d.Year() == 2026; d = d.AddDate(0, 0, 1) {
		key := d.Format("2006-01-02")
		w, ok := special[key]
		if !ok {
			w = want{"plain " + d.Weekday().String(), d.Weekday() != time.Saturday && d.Weekday() != time.Sunday}
		}
		tests = append(tests, test{key, w})
	}
	if len(tests) != 365 {
		t.Fatalf("%d days in 2026", len(tests))
	}
	for _, tt := range tests {
		// 10:00 is inside the morning hours of every working day.
		got, err := c.IsWorkingTime(cst(tt.date + " 10:00"))
		if err != nil {
			t.Errorf("%s (%s): %v", tt.date, tt.want.name, err)
			continue
		}
		if got != tt.want.working {
			t.Errorf("%s (%s): working day %v, want %v", tt.date, tt.want.name, got, tt.want.working)
		}
	}
}

func TestCNMainlandYears(t *testing.T) {
	c := mustBuiltin(t)
	if diff := cmp.Diff([]int{2024, 2025, 2026}, c.Years()); diff != "" {
		t.Errorf("Years() (-want +got):\n%s", diff)
	}
	if _, err := c.IsWorkingTime(cst("2027-01-04 10:00")); !errors.Is(err, ErrOutOfRange) {
		t.Errorf("2027 is not published yet, want ErrOutOfRange, got %v", err)
	}
}

// TestDeadlines2026 crosses National Day 2026 and New Year 2025→2026, by
// working time and by working days.
func TestDeadlines2026(t *testing.T) {
	c := mustBuiltin(t)
	tests := []struct {
		name     string
		received string
		d        time.Duration // working time, or
		days     int           // working days
		want     string
	}{
		{"2h over National Day 2026", "2026-09-30 17:00", 2 * time.Hour, 0, "2026-10-08 10:00"},
		{"9h over National Day 2026 into the make-up Saturday", "2026-10-09 17:00", 9 * time.Hour, 0, "2026-10-10 18:00"},
		{"3 working days over National Day 2026", "2026-09-30 10:00", 0, 3, "2026-10-10 18:00"},
		{"make-up Sunday before 中秋 and National Day", "2026-09-19 10:00", time.Hour, 0, "2026-09-20 10:00"},
		{"3h over New Year 2025→2026 to the make-up Sunday", "2025-12-31 17:00", 3 * time.Hour, 0, "2026-01-04 11:00"},
		{"1 working day over New Year 2025→2026", "2025-12-31 10:00", 0, 1, "2026-01-04 18:00"},
		{"2 working days over New Year 2025→2026", "2025-12-31 20:00", 0, 2, "2026-01-05 18:00"},
	}
	for _, tt := range tests {
		var got time.Time
		var err error
		if tt.days > 0 {
			got, err = c.AddWorkingDays(cst(tt.received), tt.days)
		} else {
			got, err = c.AddWorking(cst(tt.received), tt.d)
		}
		if err != nil || !got.Equal(cst(tt.want)) {
			t.Errorf("%s: from %s got %v, %v; want %s", tt.name, tt.received, got, err, tt.want)
		}
	}
}
