package rules

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// parseWindow parses a deadline: a duration such as "30m", "1h", "24h",
// "1h30m" or "3d" (days), optionally followed by " business" (working time
// of the strategy's calendar; with d, working days).
func parseWindow(s string) (Window, error) {
	w := Window{Text: s}
	t := strings.TrimSpace(s)
	if rest, ok := strings.CutSuffix(t, "business"); ok {
		w.Business = true
		t = strings.TrimSpace(rest)
	}
	if days, ok := strings.CutSuffix(t, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n <= 0 {
			return Window{}, fmt.Errorf("bad deadline %q: want a duration like 30m, 24h, 3d or 8h business", s)
		}
		w.Days = n
		w.Chinese = chineseWindow(w)
		return w, nil
	}
	d, err := time.ParseDuration(t)
	if err != nil || d <= 0 {
		return Window{}, fmt.Errorf("bad deadline %q: want a duration like 30m, 24h, 3d or 8h business", s)
	}
	w.D = d
	w.Chinese = chineseWindow(w)
	return w, nil
}

// chineseWindow says a window in Chinese: 24h → 24小时, 3d → 3天,
// 7d business → 7个工作日, 8h business → 8小时（工作时间）.
func chineseWindow(w Window) string {
	if w.Days > 0 {
		if w.Business {
			return fmt.Sprintf("%d个工作日", w.Days)
		}
		return fmt.Sprintf("%d天", w.Days)
	}
	var s string
	h, m := int(w.D.Hours()), int(w.D.Minutes())%60
	switch {
	case h > 0 && m > 0:
		s = fmt.Sprintf("%d小时%d分钟", h, m)
	case h > 0:
		s = fmt.Sprintf("%d小时", h)
	default:
		s = fmt.Sprintf("%d分钟", max(m, 1))
	}
	if w.Business {
		s += "（工作时间）"
	}
	return s
}

var hourRE = regexp.MustCompile(`^(\d{1,2}):(\d{2})\s*[-–~]\s*(\d{1,2}):(\d{2})$`)

// parseHours parses contact hours: "10:00-18:00" or "09:00-12:00, 14:00-18:00".
func parseHours(s string) ([]HourRange, error) {
	var out []HourRange
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' }) {
		m := hourRE.FindStringSubmatch(strings.TrimSpace(part))
		if m == nil {
			return nil, fmt.Errorf("bad hours %q: want HH:MM-HH:MM", strings.TrimSpace(part))
		}
		n := func(i int) int { v, _ := strconv.Atoi(m[i]); return v }
		from, to := n(1)*60+n(2), n(3)*60+n(4)
		if n(1) > 24 || n(3) > 24 || n(2) > 59 || n(4) > 59 || from >= to || to > 24*60 {
			return nil, fmt.Errorf("bad hours %q: the start must be before the end, within 00:00-24:00", strings.TrimSpace(part))
		}
		out = append(out, HourRange{from, to})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no hours given")
	}
	return out, nil
}
