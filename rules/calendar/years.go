package calendar

import "slices"

// Years returns the years the calendar covers, in ascending order: those
// whose holidays and make-up working days it lists (its covers key). A
// date in any other year is an error (ErrOutOfRange). The built-in
// "cn-mainland" covers 2024, 2025 and 2026.
func (c *Calendar) Years() []int {
	ys := make([]int, 0, len(c.covers))
	for y := range c.covers {
		ys = append(ys, y)
	}
	slices.Sort(ys)
	return ys
}
