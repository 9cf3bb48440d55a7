package triage

// aggregatedTotal is the weight of every value of axis a in the deciding
// tier after aggregation (max or capped sum), the denominator of the
// axis's confidence.
func (e *Engine) aggregatedTotal(st *state, a int, gen uint32) float64 {
	total := 0.0
	for j := range e.axes[a].Values {
		if i := e.offsets[a] + j; st.seen[i] == gen {
			total += st.weights[i]
		}
	}
	return total
}
