package calendar

import (
	"math/rand"
	"testing"
	"time"
)

func TestWorkingBetween(t *testing.T) {
	c := mustBuiltin(t)
	ny, err := Parse("ny.yaml", []byte(nyCalendar))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		cal      *Calendar
		from, to time.Time
		want     time.Duration
	}{
		{"same morning", c, cst("2025-03-17 09:30"), cst("2025-03-17 11:30"), 2 * time.Hour},
		{"over lunch", c, cst("2025-03-17 11:00"), cst("2025-03-17 14:00"), 2 * time.Hour},
		{"night to close of the next two days", c, cst("2025-03-11 20:00"), cst("2025-03-13 18:00"), 16 * time.Hour},
		{"across a weekend", c, cst("2025-03-14 17:00"), cst("2025-03-18 18:00"), 17 * time.Hour},
		{"make-up Sunday 2025-04-27", c, cst("2025-04-26 10:00"), cst("2025-04-27 10:00"), time.Hour},
		{"National Day 2026", c, cst("2026-09-30 10:00"), cst("2026-10-10 18:00"), 31 * time.Hour},
		{"New Year 2025→2026", c, cst("2025-12-31 17:00"), cst("2026-01-05 18:00"), 17 * time.Hour},
		{"to before from", c, cst("2025-03-17 11:00"), cst("2025-03-17 10:00"), 0},
		{"non-working stretch", c, cst("2026-10-01 00:00"), cst("2026-10-08 09:00"), 0},
		{"EST → EDT", ny, time.Date(2025, 3, 7, 16, 0, 0, 0, newYork), time.Date(2025, 3, 11, 17, 0, 0, 0, newYork), 17 * time.Hour},
		{"EDT → EST", ny, time.Date(2025, 10, 31, 16, 30, 0, 0, newYork), time.Date(2025, 11, 4, 17, 0, 0, 0, newYork), 16*time.Hour + 30*time.Minute},
	}
	for _, tt := range tests {
		got, err := tt.cal.WorkingBetween(tt.from, tt.to)
		if err != nil || got != tt.want {
			t.Errorf("%s: WorkingBetween(%v, %v) = %v, %v; want %v", tt.name, tt.from, tt.to, got, err, tt.want)
		}
	}
	if _, err := c.WorkingBetween(cst("2026-12-31 10:00"), cst("2027-01-04 10:00")); err == nil {
		t.Error("into 2027: want an error")
	}
}

// TestWorkingBetweenInvertsAddWorking: the working time from t to
// AddWorking(t, d) is d, for random t and d.
func TestWorkingBetweenInvertsAddWorking(t *testing.T) {
	c := mustBuiltin(t)
	r := rand.New(rand.NewSource(15))
	first := cst("2024-01-01 00:00")
	span := cst("2026-11-01 00:00").Sub(first)
	for i := 0; i < 2000; i++ {
		from := first.Add(time.Duration(r.Int63n(int64(span))))
		d := time.Duration(r.Int63n(int64(80 * time.Hour)))
		to, err := c.AddWorking(from, d)
		if err != nil {
			t.Fatal(err)
		}
		got, err := c.WorkingBetween(from, to)
		if err != nil || got != d {
			t.Fatalf("from %v: AddWorking(%v) = %v, WorkingBetween back = %v, %v", from, d, to, got, err)
		}
	}
}
