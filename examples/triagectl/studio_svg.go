package main

import (
	"fmt"
	"html"
	"strings"

	"github.com/tousu/tousu/examples/internal/labelled"
)

// impactSVG draws, per axis, the accuracy before and after as two bars
// and the confusion matrices before and after side by side (rows the
// label, columns the decision, darker for more complaints): inline SVG,
// nothing fetched.
func impactSVG(before, after *labelled.Report) string {
	if before == nil || after == nil {
		return ""
	}
	var b strings.Builder
	for _, ax := range after.Axes {
		bx := before.Axis(ax.Axis)
		if bx == nil {
			bx = &labelled.AxisReport{Axis: ax.Axis}
		}
		values := axisValues(bx, &ax)
		cell := 26
		label := 0
		for _, v := range values {
			label = max(label, 7*len([]rune(v))+10)
		}
		label = max(label, 60)
		mw := label + cell*len(values)   // one matrix with its row labels
		width := max(2*mw+60+label, 330) // room for the last column's slanted heading
		height := 70 + label + cell*len(values) + 20
		fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="impact-chart" data-axis="%s" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="11">`,
			html.EscapeString(ax.Axis), width, height, width, height)
		fmt.Fprintf(&b, `<text x="0" y="14"><tspan font-size="13" font-weight="bold">%s</tspan> · rows: label, columns: decision</text>`, html.EscapeString(ax.Axis))
		// Accuracy bars: before grey, after blue, on a 0..1 scale 200 wide.
		for i, acc := range []float64{bx.Accuracy, ax.Accuracy} {
			y := 22 + i*16
			color := []string{"#9aa", "#2a6fdb"}[i]
			name := []string{"before", "after"}[i]
			fmt.Fprintf(&b, `<text x="0" y="%d">%s</text><rect x="50" y="%d" width="200" height="12" fill="#eee"/><rect class="acc-%s" x="50" y="%d" width="%.1f" height="12" fill="%s"/><text x="256" y="%d">%.1f%%</text>`,
				y+10, name, y, name, y, 200*acc, color, y+10, 100*acc)
		}
		top := 70 + label
		for m, rep := range []*labelled.AxisReport{bx, &ax} {
			x0 := m*(mw+60) + label
			fmt.Fprintf(&b, `<text x="%d" y="66">%s</text>`, x0, []string{"before", "after"}[m])
			peak := 1
			for _, row := range rep.Confusion {
				for _, n := range row {
					peak = max(peak, n)
				}
			}
			for j, v := range values { // column headings, rotated
				x := x0 + j*cell + cell/2
				fmt.Fprintf(&b, `<text transform="translate(%d,%d) rotate(-60)">%s</text>`, x+4, top-4, html.EscapeString(v))
			}
			for i, want := range values {
				y := top + i*cell
				fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end">%s</text>`, x0-4, y+cell/2+4, html.EscapeString(want))
				for j, got := range values {
					n := rep.Confusion[want][got]
					shade := 255 - int(200*float64(n)/float64(peak))
					fill := fmt.Sprintf("rgb(%d,%d,255)", shade, shade)
					if n == 0 {
						fill = "#fafafa"
					}
					stroke := "#ddd"
					if i == j {
						stroke = "#2a6fdb"
					}
					fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="%s" stroke="%s"><title>%s → %s: %d</title></rect>`,
						x0+j*cell, y, cell, cell, fill, stroke, html.EscapeString(want), html.EscapeString(got), n)
					if n > 0 {
						color := "#000"
						if shade < 130 {
							color = "#fff"
						}
						fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" fill="%s">%d</text>`, x0+j*cell+cell/2, y+cell/2+4, color, n)
					}
				}
			}
		}
		b.WriteString(`</svg>`)
	}
	return b.String()
}

// axisValues are the values either report names, in the after report's
// order.
func axisValues(reps ...*labelled.AxisReport) []string {
	var out []string
	seen := map[string]bool{}
	add := func(v string) {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	for i := len(reps) - 1; i >= 0; i-- {
		for _, v := range reps[i].Values {
			add(v.Value)
		}
	}
	for _, r := range reps {
		for w, row := range r.Confusion {
			add(w)
			for g := range row {
				add(g)
			}
		}
	}
	return out
}
