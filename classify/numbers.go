package classify

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// A QuantityKind says what a number with a unit measures.
type QuantityKind uint8

// Kinds of quantities.
const (
	// Money is an amount of money: 600元, 88块, ¥128, 三百多块钱, or a bare
	// number after a verb of paying (收了600, 多扣了88).
	Money QuantityKind = iota + 1
	// Duration is a span of time: 3个多钟头, 半小时, 两天半, 40分钟.
	Duration
	// Other is any other quantity with a unit: 128G, 55寸, 3件, 2公斤.
	Other
)

// String returns the kind's name as a number item writes it (money,
// duration, quantity).
func (k QuantityKind) String() string {
	switch k {
	case Money:
		return "money"
	case Duration:
		return "duration"
	case Other:
		return "quantity"
	}
	return "none"
}

// A Quantity is a number with a unit or currency found in a text.
type Quantity struct {
	Kind QuantityKind
	// Min and Max are the number as written (equal unless it is a range:
	// 两三天 is 2 to 3, 100-200元 is 100 to 200), in Unit.
	Min, Max float64
	// Unit is the unit as folded (元, 块, 小时, 钟头, g, 寸 …); "" for a
	// bare amount of money after a verb of paying.
	Unit string
	// Value is Max in a common unit: yuan for Money, minutes for
	// Duration, Unit itself otherwise.
	Value float64
	// Approx is set by 多, 余, 来, 几 and 左右 (三百多, 十几天).
	Approx bool
	// Start and End are byte offsets in the original text, RuneStart and
	// RuneEnd the same in runes: the number and its unit.
	Start, End, RuneStart, RuneEnd int
}

// A NumberScanner finds the quantities of texts. Its zero value is ready
// to use; it keeps its buffers between calls and is not safe for
// concurrent use.
type NumberScanner struct {
	runes []rune // folded runes of the text (invisible runes dropped)
	offs  []int  // byte offset of each, and of the end
	ridx  []int  // rune index of each, and of the end
	out   []Quantity
}

// unitDef is a unit: its folded spelling, kind and factor to the common
// unit (yuan, minutes).
type unitDef struct {
	text   string
	kind   QuantityKind
	factor float64
	// limit, when above 0, is the largest number the unit takes as a
	// quantity: 2023年 is a year, not a duration.
	limit float64
}

// units, longest spellings first where one is a prefix of another.
var units = []unitDef{
	{"块钱", Money, 1, 0}, {"元钱", Money, 1, 0}, {"人民币", Money, 1, 0}, {"元", Money, 1, 0}, {"块", Money, 1, 0},
	{"毛钱", Money, 0.1, 0}, {"毛", Money, 0.1, 0}, {"角", Money, 0.1, 0}, {"rmb", Money, 1, 0},
	{"分钟", Duration, 1, 0}, {"分鐘", Duration, 1, 0}, {"秒钟", Duration, 1.0 / 60, 0}, {"秒", Duration, 1.0 / 60, 0},
	{"小时", Duration, 60, 0}, {"钟头", Duration, 60, 0}, {"天", Duration, 1440, 0}, {"日", Duration, 1440, 0},
	{"星期", Duration, 10080, 0}, {"礼拜", Duration, 10080, 0}, {"周", Duration, 10080, 0},
	{"月", Duration, 43200, 0}, {"年", Duration, 525600, 99},
	{"英寸", Other, 1, 0}, {"寸", Other, 1, 0}, {"公斤", Other, 1, 0}, {"斤", Other, 1, 0}, {"kg", Other, 1, 0},
	{"gb", Other, 1, 0}, {"tb", Other, 1, 0}, {"mb", Other, 1, 0}, {"g", Other, 1, 0}, {"t", Other, 1, 0},
	{"mah", Other, 1, 0}, {"毫安", Other, 1, 0}, {"w", Other, 1, 0}, {"瓦", Other, 1, 0},
	{"厘米", Other, 1, 0}, {"毫米", Other, 1, 0}, {"cm", Other, 1, 0}, {"mm", Other, 1, 0}, {"米", Other, 1, 0},
	{"件", Other, 1, 0}, {"台", Other, 1, 0}, {"箱", Other, 1, 0}, {"瓶", Other, 1, 0}, {"盒", Other, 1, 0},
	{"包", Other, 1, 0}, {"次", Other, 1, 0}, {"单", Other, 1, 0},
}

// unitRunes and payVerbRunes are units and payVerbs as runes.
var unitRunes, payVerbRunes = func() ([][]rune, [][]rune) {
	var u, p [][]rune
	for _, d := range units {
		u = append(u, []rune(d.text))
	}
	for _, v := range payVerbs {
		p = append(p, []rune(v))
	}
	return u, p
}()

// unitsByFirst lists the indices in units of the units beginning with a
// rune, in units' order; payVerbsByLast those in payVerbs ending with one.
// unitNeedsGe is needsGe per unit.
var unitsByFirst, payVerbsByLast, unitNeedsGe = func() (map[rune][]int, map[rune][]int, []bool) {
	u, p := map[rune][]int{}, map[rune][]int{}
	g := make([]bool, len(units))
	for i, ur := range unitRunes {
		u[ur[0]] = append(u[ur[0]], i)
		g[i] = needsGe[units[i].text]
	}
	for i, v := range payVerbRunes {
		p[v[len(v)-1]] = append(p[v[len(v)-1]], i)
	}
	return u, p, g
}()

// startSet marks the BMP runes that may begin a quantity (see mayStart),
// one bit each.
var startSet = func() *[1 << 16 / 64]uint64 {
	var set [1 << 16 / 64]uint64
	for r := rune(0); r < 1<<16; r++ {
		if mayStartSlow(r) {
			set[r>>6] |= 1 << (r & 63)
		}
	}
	return &set
}()

// needsGe are units that only count after 个 (3个月 is three months, 3月
// is March; 3日 is a date): bare, they are not units.
var needsGe = map[string]bool{"月": true, "日": true}

// payVerbs make a bare number that follows them an amount of money.
var payVerbs = []string{"收了", "扣了", "多扣", "多收", "花了", "付了", "交了", "赔了", "退了", "要了", "收我", "扣我", "卖", "价格", "价钱", "售价", "要价", "收费", "运费", "差价", "充了", "充值", "转了", "骗了", "损失"}

// chineseDigit returns the value of a Chinese digit.
func chineseDigit(r rune) (float64, bool) {
	switch r {
	case '零', '〇':
		return 0, true
	case '一':
		return 1, true
	case '二', '两':
		return 2, true
	case '三':
		return 3, true
	case '四':
		return 4, true
	case '五':
		return 5, true
	case '六':
		return 6, true
	case '七':
		return 7, true
	case '八':
		return 8, true
	case '九':
		return 9, true
	}
	return 0, false
}

// mayStart reports whether a quantity can begin with the folded rune r.
func mayStart(r rune) bool {
	if uint32(r) < 1<<16 {
		return startSet[r>>6]&(1<<(r&63)) != 0
	}
	return mayStartSlow(r)
}

// mayStartSlow is mayStart without the table.
func mayStartSlow(r rune) bool {
	if r < utf8.RuneSelf {
		return '0' <= r && r <= '9'
	}
	return r == '¥' || r == '￥' || r == '半' || r == '十' || r == '几' || r != '零' && r != '〇' && isDigitRune(r)
}

func isDigitRune(r rune) bool {
	_, ok := chineseDigit(r)
	return ok
}

// fewValue is what 几 counts as (十几 is 13, 几百 300): "a few".
const fewValue = 3

// Scan returns the quantities of text in order, reusing the scanner's
// buffers: the result is valid until the next call. Numerals may be
// Arabic (600, 1,299.5), full-width (６００), Chinese (三百多, 两千五,
// 一万二, 十几) or mixed (3万, 1.5k); ranges are written 100-200, 100到200,
// 100~200 or 两三; 半 is a half (半小时, 一个半小时, 两天半).
func (ns *NumberScanner) Scan(text string) []Quantity {
	ns.runes, ns.offs, ns.ridx, ns.out = ns.runes[:0], ns.offs[:0], ns.ridx[:0], ns.out[:0]
	ri := 0
	for i := 0; i < len(text); {
		r, size := decodeRune(text, i)
		if f := FoldRune(r); f >= 0 {
			ns.runes = append(ns.runes, f)
			ns.offs = append(ns.offs, i)
			ns.ridx = append(ns.ridx, ri)
		}
		i += size
		ri++
	}
	ns.offs = append(ns.offs, len(text))
	ns.ridx = append(ns.ridx, ri)
	rs := ns.runes
	for i := 0; i < len(rs); {
		if !mayStart(rs[i]) {
			i++
			continue
		}
		q, end, ok := ns.quantity(i)
		if !ok {
			i++
			continue
		}
		q.Start, q.End, q.RuneStart, q.RuneEnd = ns.offs[i], ns.offs[end], ns.ridx[i], ns.ridx[end]
		ns.out = append(ns.out, q)
		i = end
	}
	return ns.out
}

// decodeRune is utf8.DecodeRuneInString(text[i:]) with the one-byte and
// three-byte (all of common Chinese) forms decoded inline.
func decodeRune(text string, i int) (rune, int) {
	c := text[i]
	if c < utf8.RuneSelf {
		return rune(c), 1
	}
	if c&0xF0 == 0xE0 && i+2 < len(text) {
		b1, b2 := text[i+1], text[i+2]
		lo, hi := byte(0x80), byte(0xBF)
		switch c {
		case 0xE0:
			lo = 0xA0 // not overlong
		case 0xED:
			hi = 0x9F // not a surrogate
		}
		if lo <= b1 && b1 <= hi && b2&0xC0 == 0x80 {
			return rune(c&0x0F)<<12 | rune(b1&0x3F)<<6 | rune(b2&0x3F), 3
		}
	}
	return utf8.DecodeRuneInString(text[i:])
}

func isASCIIWord(r rune) bool {
	return r < utf8.RuneSelf && ('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9')
}

func isChineseNumeral(r rune) bool {
	return isDigitRune(r) || r == '十' || r == '百' || r == '千' || r == '万' || r == '亿' || r == '几'
}

// quantity tries to read a quantity starting at rune i; end is where it
// stops.
func (ns *NumberScanner) quantity(i int) (q Quantity, end int, ok bool) {
	rs := ns.runes
	j := i
	currency := false
	if rs[j] == '¥' || rs[j] == '￥' {
		currency, j = true, j+1
	}
	if j >= len(rs) {
		return q, 0, false
	}
	// A number must not continue a word (iphone15, v2) or another number.
	if i > 0 && (isASCIIWord(rs[i-1]) || rs[i-1] == '.' || isChineseNumeral(rs[i-1]) && !currency) {
		return q, 0, false
	}
	lo, k, approx, ok := ns.number(j)
	if !ok {
		return q, 0, false
	}
	hi := lo
	// A range: 100-200, 100到200, 100至200, 100~200.
	if k < len(rs) && (rs[k] == '-' || rs[k] == '~' || rs[k] == '到' || rs[k] == '至' || rs[k] == '—') {
		if v, k2, a2, ok2 := ns.number(k + 1); ok2 && v >= lo {
			hi, k, approx = v, k2, approx || a2
		}
	}
	// 多, 余, 来 and 几 after the number: 三百多, 3个多钟头.
	more := func() {
		for k < len(rs) && (rs[k] == '多' || rs[k] == '余' || rs[k] == '来') {
			approx, k = true, k+1
		}
	}
	more()
	ge := false
	if k < len(rs) && rs[k] == '个' {
		ge, k = true, k+1
		more()
	}
	half := 0.0
	if k < len(rs) && rs[k] == '半' && ge { // 一个半小时
		half, k = 0.5, k+1
	}
	u, k2, found := ns.unit(k, ge)
	switch {
	case found && !(u.limit > 0 && hi > u.limit) && !(u.kind != Duration && currency):
		k = k2
		if k < len(rs) && rs[k] == '半' && u.kind == Duration { // 两天半
			half, k = 0.5, k+1
		}
		q = Quantity{Kind: u.kind, Min: lo + half, Max: hi + half, Unit: u.text, Approx: approx}
		q.Value = q.Max * u.factor
	case currency:
		q = Quantity{Kind: Money, Min: lo, Max: hi, Unit: "¥", Approx: approx, Value: hi}
		if ge {
			k-- // the 个 is not part of it
		}
	case !ge && half == 0 && ns.afterPayVerb(i):
		q = Quantity{Kind: Money, Min: lo, Max: hi, Approx: approx, Value: hi}
	default:
		return q, 0, false
	}
	if k < len(rs) && (rs[k] == '左' && k+1 < len(rs) && rs[k+1] == '右') {
		q.Approx, k = true, k+2
	}
	return q, k, true
}

// unit reads a unit at rune k.
func (ns *NumberScanner) unit(k int, ge bool) (unitDef, int, bool) {
	rs := ns.runes
	if k >= len(rs) {
		return unitDef{}, 0, false
	}
	for _, ui := range unitsByFirst[rs[k]] {
		ur := unitRunes[ui]
		if k+len(ur) > len(rs) || !slices.Equal(ur, rs[k:k+len(ur)]) {
			continue
		}
		u, n := units[ui], len(ur)
		if unitNeedsGe[ui] && !ge {
			continue
		}
		// An ASCII unit must end its word: 128gb, not 128good.
		if isASCIIWord(rs[k+n-1]) && k+n < len(rs) && isASCIIWord(rs[k+n]) {
			continue
		}
		return u, k + n, true
	}
	return unitDef{}, 0, false
}

// afterPayVerb reports whether a verb of paying ends at most one rune
// before rune i (收了600, 多扣了 88).
func (ns *NumberScanner) afterPayVerb(i int) bool {
	rs := ns.runes
	for gap := 0; gap <= 1; gap++ {
		if i-gap-1 < 0 {
			break
		}
		if gap == 1 && rs[i-1] != ' ' && rs[i-1] != '我' && rs[i-1] != '了' {
			break
		}
		for _, vi := range payVerbsByLast[rs[i-gap-1]] {
			v := payVerbRunes[vi]
			if at := i - gap - len(v); at >= 0 && slices.Equal(rs[at:at+len(v)], v) {
				return true
			}
		}
	}
	return false
}

// number reads an Arabic, mixed or Chinese numeral at rune j.
func (ns *NumberScanner) number(j int) (v float64, end int, approx bool, ok bool) {
	rs := ns.runes
	if j >= len(rs) {
		return 0, 0, false, false
	}
	switch {
	case '0' <= rs[j] && rs[j] <= '9':
		return ns.arabic(j)
	case rs[j] == '半':
		return 0.5, j + 1, false, true
	case isChineseNumeral(rs[j]) && rs[j] != '万' && rs[j] != '亿':
		return ns.chinese(j)
	}
	return 0, 0, false, false
}

// arabic reads 600, 1,299.50, 3万, 1.5k.
func (ns *NumberScanner) arabic(j int) (float64, int, bool, bool) {
	rs := ns.runes
	v, k := 0.0, j
	digits := 0
	for k < len(rs) {
		switch {
		case '0' <= rs[k] && rs[k] <= '9':
			v = v*10 + float64(rs[k]-'0')
			digits++
			k++
			continue
		case rs[k] == ',' && digits > 0 && k+3 < len(rs)+0 && allDigits(rs[k+1:min(k+4, len(rs))]) && (k+4 >= len(rs) || !('0' <= rs[k+4] && rs[k+4] <= '9')):
			k++
			continue
		}
		break
	}
	if digits > 15 { // an id, a phone number: not a quantity
		return 0, 0, false, false
	}
	if k+1 < len(rs) && rs[k] == '.' && '0' <= rs[k+1] && rs[k+1] <= '9' {
		scale := 0.1
		k++
		for k < len(rs) && '0' <= rs[k] && rs[k] <= '9' {
			v += float64(rs[k]-'0') * scale
			scale /= 10
			k++
		}
	}
	approx := false
	if k < len(rs) {
		switch rs[k] {
		case '万', 'w':
			if rs[k] == '万' || k+1 >= len(rs) || !isASCIIWord(rs[k+1]) {
				v, k = v*10000, k+1
			}
		case '千', 'k':
			if rs[k] == '千' || k+1 >= len(rs) || !isASCIIWord(rs[k+1]) {
				v, k = v*1000, k+1
			}
		case '百':
			v, k = v*100, k+1
		case '亿':
			v, k = v*1e8, k+1
		}
	}
	return v, k, approx, true
}

func allDigits(rs []rune) bool {
	if len(rs) != 3 {
		return false
	}
	for _, r := range rs {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// chinese reads a Chinese numeral: 三百多 (the 多 is the caller's), 两千五,
// 一万二, 十几, 几百, 两三 (a range: its upper end).
func (ns *NumberScanner) chinese(j int) (float64, int, bool, bool) {
	rs := ns.runes
	var total, section, digit float64
	haveDigit, approx := false, false
	lastUnit := 0.0 // the unit of the last digit, for 两千五 (= 2500)
	k := j
	for ; k < len(rs); k++ {
		r := rs[k]
		if (r == '零' || r == '〇') && k > j {
			continue // 一千零五: the zero only holds a place
		}
		if d, ok := chineseDigit(r); ok || r == '几' {
			if r == '几' {
				d, approx = fewValue, true
			}
			if haveDigit { // 两三: a range, read as its upper end
				if d != digit+1 {
					break
				}
				approx = true
			}
			digit, haveDigit = d, true
			continue
		}
		var unit float64
		switch r {
		case '十':
			unit = 10
		case '百':
			unit = 100
		case '千':
			unit = 1000
		case '万':
			unit = 1e4
		case '亿':
			unit = 1e8
		}
		if unit == 0 {
			break
		}
		if unit >= 1e4 {
			section += digit
			if section == 0 {
				section = 1
			}
			total += section * unit
			section, digit, haveDigit, lastUnit = 0, 0, false, unit
			continue
		}
		if !haveDigit {
			digit = 1 // 十 is 10, 十几 13
		}
		section += digit * unit
		digit, haveDigit, lastUnit = 0, false, unit
	}
	if k == j {
		return 0, 0, false, false
	}
	if haveDigit && lastUnit >= 100 && section == 0 || haveDigit && lastUnit >= 100 && section > 0 && int(section)%int(lastUnit) == 0 && !strings.ContainsRune("零〇", rs[k-2]) {
		// 两千五 is 2500, 一万二 12000: a lone digit after a unit counts
		// in the unit below it.
		digit *= lastUnit / 10
	}
	v := total + section + digit
	return v, k, approx, true
}
