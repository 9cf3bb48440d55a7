package calendar_test

import (
	"fmt"
	"time"

	"github.com/tousu/tousu/rules/calendar"
)

func ExampleCalendar_AddWorking() {
	cal, err := calendar.Builtin("cn-mainland")
	if err != nil {
		fmt.Println(err)
		return
	}
	loc := cal.Location()
	// Received on the eve of the 2025 National Day week: 8 working hours
	// land after the holiday.
	due, err := cal.AddWorking(time.Date(2025, 9, 30, 16, 0, 0, 0, loc), 8*time.Hour)
	fmt.Println(due.Format("2006-01-02 15:04"), err)
	// Output: 2025-10-09 16:00 <nil>
}

func ExampleCalendar_Years() {
	cal, err := calendar.Builtin("cn-mainland")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(cal.Years())
	// Output: [2024 2025 2026]
}
