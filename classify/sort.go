package classify

// SortMatches orders matches as Scan returns them: by start, then term,
// then end. Callers that add matches of their own (rules adds those of
// regular expressions and numbers) restore Scan's order with it.
func SortMatches(ms []Match) { sortMatches(ms) }
