package calendar

import "time"

// WorkingBetween returns the working time from from to to: the part of
// [from, to) inside working hours, counted the way AddWorking counts it, so
// that AddWorking(from, WorkingBetween(from, to)) is to whenever to is in
// working time or at the close of a working period (as deadlines are). It
// is zero when to is not after from, and an error (ErrOutOfRange) when a
// day in between is outside the years the calendar covers.
func (c *Calendar) WorkingBetween(from, to time.Time) (time.Duration, error) {
	if !to.After(from) {
		return 0, nil
	}
	from = from.In(c.loc)
	var sum time.Duration
	for day := midnight(from); day.Before(to); day = midnight(day.AddDate(0, 0, 1)) {
		hs, err := c.hoursOn(day)
		if err != nil {
			return 0, err
		}
		for _, h := range hs {
			start, end := at(day, h.from), at(day, h.to)
			if start.Before(from) {
				start = from
			}
			if end.After(to) {
				end = to
			}
			if end.After(start) {
				sum += end.Sub(start)
			}
		}
	}
	return sum, nil
}
