package calendar

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func mustBuiltin(t *testing.T) *Calendar {
	t.Helper()
	c, err := Builtin("cn-mainland")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var shanghai, _ = time.LoadLocation("Asia/Shanghai")
var newYork, _ = time.LoadLocation("America/New_York")

func cst(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, shanghai)
	if err != nil {
		panic(err)
	}
	return t
}

func TestAddWorking(t *testing.T) {
	c := mustBuiltin(t)
	tests := []struct {
		name     string
		received string
		d        time.Duration
		want     string
	}{
		{"same morning", "2025-03-17 09:30", 2 * time.Hour, "2025-03-17 11:30"},
		{"over lunch", "2025-03-17 11:00", 2 * time.Hour, "2025-03-17 14:00"},
		{"ends exactly at closing", "2025-03-17 16:00", 2 * time.Hour, "2025-03-17 18:00"},
		{"after hours starts next morning", "2025-03-17 20:00", time.Hour, "2025-03-18 10:00"},
		{"across a weekend", "2025-03-14 17:00", 2 * time.Hour, "2025-03-17 10:00"},
		{"across a public holiday (清明)", "2025-04-03 17:30", 4 * time.Hour, "2025-04-07 13:30"},
		{"on a make-up working day (Sunday 2025-04-27)", "2025-04-26 10:00", time.Hour, "2025-04-27 10:00"},
		{"across the National Day week", "2025-09-30 17:00", 2 * time.Hour, "2025-10-09 10:00"},
		{"across the year boundary and 元旦", "2024-12-31 17:00", 3 * time.Hour, "2025-01-02 11:00"},
		{"zero", "2025-03-15 10:00", 0, "2025-03-17 09:00"},
	}
	for _, tt := range tests {
		got, err := c.AddWorking(cst(tt.received), tt.d)
		if err != nil || !got.Equal(cst(tt.want)) {
			t.Errorf("%s: AddWorking(%s, %v) = %v, %v; want %s", tt.name, tt.received, tt.d, got, err, tt.want)
		}
	}
}

func TestOutOfRange(t *testing.T) {
	c := mustBuiltin(t)
	if _, err := c.AddWorking(cst("2023-06-01 10:00"), time.Hour); !errors.Is(err, ErrOutOfRange) {
		t.Errorf("2023: %v", err)
	}
	// Running past the last covered day is an error too, never a guess.
	_, err := c.AddWorking(cst("2026-12-31 17:00"), 3*time.Hour)
	if !errors.Is(err, ErrOutOfRange) || err.Error() != "calendar cn-mainland: 2027-01-01: date outside the years the calendar covers" {
		t.Errorf("into 2027: %v", err)
	}
}

func TestAddWorkingDays(t *testing.T) {
	c := mustBuiltin(t)
	// 12315 acceptance: 7 working days from Monday 2025-09-29 spans the
	// National Day week and the Saturday make-up day 2025-10-11.
	got, err := c.AddWorkingDays(cst("2025-09-29 10:00"), 7)
	if err != nil || !got.Equal(cst("2025-10-15 18:00")) {
		t.Errorf("got %v, %v", got, err)
	}
	got, err = c.AddWorkingDays(cst("2025-03-14 10:00"), 1) // Friday → Monday
	if err != nil || !got.Equal(cst("2025-03-17 18:00")) {
		t.Errorf("got %v, %v", got, err)
	}
}

const nyCalendar = `name: us-east
time_zone: America/New_York
hours:
  monday: ["09:00-17:00"]
  tuesday: ["09:00-17:00"]
  wednesday: ["09:00-17:00"]
  thursday: ["09:00-17:00"]
  friday: ["09:00-17:00"]
covers: [2025]
holidays:
  - {date: 2025-07-04, name: Independence Day}
`

// TestDST: working hours stay 09:00-17:00 local across the DST changes of
// 2025-03-09 and 2025-11-02 in New York.
func TestDST(t *testing.T) {
	c, err := Parse("ny.yaml", []byte(nyCalendar))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		received time.Time
		d        time.Duration
		wantUTC  string
	}{
		{time.Date(2025, 3, 7, 16, 0, 0, 0, newYork), 2 * time.Hour, "2025-03-10T14:00:00Z"}, // EST → EDT: 10:00 EDT
		{time.Date(2025, 10, 31, 16, 30, 0, 0, newYork), time.Hour, "2025-11-03T14:30:00Z"},  // EDT → EST: 09:30 EST
		{time.Date(2025, 7, 3, 16, 0, 0, 0, newYork), 2 * time.Hour, "2025-07-07T14:00:00Z"}, // holiday and weekend
		{time.Date(2025, 3, 7, 21, 0, 0, 0, time.UTC), time.Hour, "2025-03-07T22:00:00Z"},    // input in another zone
	}
	for _, tt := range tests {
		got, err := c.AddWorking(tt.received, tt.d)
		if err != nil || got.UTC().Format(time.RFC3339) != tt.wantUTC {
			t.Errorf("AddWorking(%v, %v) = %v, %v; want %s", tt.received, tt.d, got.UTC(), err, tt.wantUTC)
		}
	}
}

func TestIsAndNextWorkingTime(t *testing.T) {
	c := mustBuiltin(t)
	tests := []struct {
		at, next string
		working  bool
	}{
		{"2025-03-17 08:59", "2025-03-17 09:00", false},
		{"2025-03-17 09:00", "2025-03-17 09:00", true},
		{"2025-03-17 12:30", "2025-03-17 13:00", false},
		{"2025-03-17 18:00", "2025-03-18 09:00", false},
		{"2025-10-01 10:00", "2025-10-09 09:00", false},
	}
	for _, tt := range tests {
		ok, err := c.IsWorkingTime(cst(tt.at))
		next, err2 := c.NextWorkingTime(cst(tt.at))
		if err != nil || err2 != nil || ok != tt.working || !next.Equal(cst(tt.next)) {
			t.Errorf("%s: working %v next %v (%v %v); want %v %s", tt.at, ok, next, err, err2, tt.working, tt.next)
		}
	}
}

func TestParseErrors(t *testing.T) {
	src := `name: bad
time_zone: Mars/Olympus
hourz: {}
hours:
  funday: ["09:00-17:00"]
  monday: ["17:00-09:00"]
covers: [2025]
holidays:
  - {date: 2026-01-01, name: 元旦}
  - {date: 2025-13-01}
`
	_, err := Parse("cal.yaml", []byte(src))
	want := strings.Join([]string{
		`cal.yaml:2:12: unknown time zone "Mars/Olympus"`,
		`cal.yaml:3:1: unknown key "hourz"`,
		`cal.yaml:5:3: unknown weekday "funday"`,
		`cal.yaml:6:11: bad hours "17:00-09:00": want HH:MM-HH:MM, start before end`,
		`cal.yaml:9:12: date 2026-01-01 is outside the covered years`,
		`cal.yaml:10:12: bad date "2025-13-01": want YYYY-MM-DD`,
	}, "\n")
	if err == nil || err.Error() != want {
		t.Errorf("got:\n%v\nwant:\n%s", err, want)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(nyCalendar))
	f.Add([]byte("name: x\ntime_zone: UTC\ncovers: [2025]\nworkdays: [{date: 2025-01-04, hours_of: friday}]\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		c, err := Parse("f.yaml", src)
		if err != nil {
			return
		}
		if _, err := c.AddWorking(time.Date(2025, 6, 1, 10, 0, 0, 0, time.UTC), time.Hour); err != nil && !errors.Is(err, ErrOutOfRange) && !strings.Contains(err.Error(), "no working time") {
			t.Fatalf("AddWorking: %v", err)
		}
	})
}
