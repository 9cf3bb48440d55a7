package rules

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// pos is a 1-based line and rune column in a file.
type pos struct{ line, col int }

func posOf(n *yaml.Node) pos { return pos{n.Line, n.Column} }

// doc walks one YAML file's node tree, rejecting what format v1 does not
// allow where it stands and recording every mistake.
type doc struct {
	file string
	src  []byte
	errs *errList
	lim  Limits
	// lineStart[i] is the byte offset where line i+1 starts.
	lineStart []int
	// lastOff, lastLine and lastCol remember posAt's last answer.
	lastOff, lastLine, lastCol int
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parseYAML checks size and encoding, then parses src into a node tree.
// It returns nil when the file cannot be read as YAML at all.
func (d *doc) parseYAML(maxBytes int) *yaml.Node {
	if maxBytes > 0 && len(d.src) > maxBytes {
		d.errs.add(d.file, pos{}, errLimit, "", "", "file is %d bytes, more than the limit of %d", len(d.src), maxBytes)
		return nil
	}
	// Lines break at \n, \r\n and a lone \r, as YAML reads them.
	d.lineStart = append(d.lineStart[:0], 0)
	for i, c := range d.src {
		if c == '\n' || c == '\r' && (i+1 == len(d.src) || d.src[i+1] != '\n') {
			d.lineStart = append(d.lineStart, i+1)
		}
	}
	if i := firstInvalidUTF8(d.src); i >= 0 {
		d.errs.add(d.file, d.posAt(i), errSyntax, "", "", "invalid UTF-8 byte 0x%02x", d.src[i])
		return nil
	}
	var root yaml.Node
	if err := yaml.Unmarshal(d.src, &root); err != nil {
		msg := err.Error()
		p := pos{}
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			p.line, _ = strconv.Atoi(m[1])
			msg = m[2]
		} else {
			msg = trimPrefix(msg, "yaml: ")
		}
		if d.punctuation(p.line) {
			return nil // the cause, where it is, rather than the parser's guess
		}
		d.errs.add(d.file, p, errSyntax, "", "", "%s", bi{msg, zhDetail(msg)})
		return nil
	}
	if root.Kind == 0 || len(root.Content) == 0 {
		d.errs.add(d.file, pos{1, 1}, errMissing, "", "", "empty policy file")
		return nil
	}
	return root.Content[0]
}

func trimPrefix(s, p string) string {
	if len(s) >= len(p) && s[:len(p)] == p {
		return s[len(p):]
	}
	return s
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return -1
}

// posAt converts a byte offset into a line and rune column. Offsets asked
// for in increasing order on one line (as scalarPositions does) cost the
// runes between them, not the whole line again.
func (d *doc) posAt(off int) pos {
	line := 0
	if d.lastOff > 0 && off >= d.lastOff && d.lastLine+1 < len(d.lineStart) && off < d.lineStart[d.lastLine+1] {
		line = d.lastLine // still on the line of the last call
	} else {
		for line+1 < len(d.lineStart) && d.lineStart[line+1] <= off {
			line++
		}
	}
	var col int
	if line == d.lastLine && d.lastOff > 0 && off >= d.lastOff {
		col = d.lastCol + utf8.RuneCount(d.src[d.lastOff:off])
	} else {
		col = utf8.RuneCount(d.src[d.lineStart[line]:off]) + 1
	}
	d.lastOff, d.lastLine, d.lastCol = off, line, col
	return pos{line + 1, col}
}

// offsetOf converts a line and rune column into a byte offset.
func (d *doc) offsetOf(p pos) int {
	if p.line < 1 || p.line > len(d.lineStart) {
		return len(d.src)
	}
	off := d.lineStart[p.line-1]
	for c := 1; c < p.col && off < len(d.src) && d.src[off] != '\n' && d.src[off] != '\r'; c++ {
		_, size := utf8.DecodeRune(d.src[off:])
		off += size
	}
	return off
}

// field is one key of a mapping, with its value node.
type field struct {
	key   string
	keyN  *yaml.Node
	value *yaml.Node
}

// check reports anchors, aliases and merge keys at n; it reports true when n
// may be used.
func (d *doc) check(n *yaml.Node, kind, id string) bool {
	switch {
	case n.Kind == yaml.AliasNode:
		d.errs.add(d.file, posOf(n), errAlias, kind, id, "aliases (*%s) are not allowed; write the value out", n.Value)
		return false
	case n.Anchor != "":
		d.errs.add(d.file, posOf(n), errAlias, kind, id, "anchors (&%s) are not allowed", n.Anchor)
		return false
	}
	return true
}

// mapping returns the fields of a mapping node in order, reporting
// duplicate keys, unknown keys (not in allowed, when allowed is non-nil),
// merge keys and non-scalar keys.
func (d *doc) mapping(n *yaml.Node, what, kind, id string, allowed ...string) []field {
	if !d.check(n, kind, id) {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		d.errs.add(d.file, posOf(n), errType, kind, id, "%s must be a mapping, not %s", what, describe(n))
		return nil
	}
	seen := make(map[string]*yaml.Node, len(n.Content)/2)
	var out []field
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !d.check(k, kind, id) {
			continue
		}
		if k.Kind != yaml.ScalarNode {
			d.errs.add(d.file, posOf(k), errType, kind, id, "%s keys must be plain words", what)
			continue
		}
		if k.Tag == "!!merge" || k.Value == "<<" {
			d.errs.add(d.file, posOf(k), errAlias, kind, id, "merge keys (<<) are not allowed")
			continue
		}
		if prev, dup := seen[k.Value]; dup {
			d.errs.add(d.file, posOf(k), errDuplicateKey, kind, id, "key %q repeated (first at line %d)", k.Value, prev.Line)
			continue
		}
		seen[k.Value] = k
		if allowed != nil && !slices.Contains(allowed, k.Value) && !d.fullWidthMapKey(k) {
			d.errs.add(d.file, posOf(k), errUnknownKey, kind, id, "unknown key %q in %s%s", k.Value, what, didYouMean(k.Value, "", allowed))
			continue
		}
		if !d.check(v, kind, id) {
			continue
		}
		out = append(out, field{k.Value, k, v})
	}
	return out
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			return "empty"
		case "!!int", "!!float":
			return fmt.Sprintf("the number %s", n.Value)
		case "!!bool":
			return fmt.Sprintf("the boolean %s", n.Value)
		}
		return fmt.Sprintf("the text %q", n.Value)
	}
	return "something else"
}

// str returns a scalar's text. Numbers and booleans are accepted as text
// (a term may be "315"); lists, mappings and empty values are not.
func (d *doc) str(n *yaml.Node, what, kind, id string) (string, bool) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		d.errs.add(d.file, posOf(n), errType, kind, id, "%s must be text, not %s", what, describe(n))
		return "", false
	}
	return n.Value, true
}

func (d *doc) strList(n *yaml.Node, what, kind, id string) []*yaml.Node {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		d.errs.add(d.file, posOf(n), errType, kind, id, "%s must be a list, not %s", what, describe(n))
		return nil
	}
	var out []*yaml.Node
	for _, c := range n.Content {
		if !d.check(c, kind, id) {
			continue
		}
		if _, ok := d.str(c, what+" items", kind, id); ok {
			out = append(out, c)
		}
	}
	return out
}

func (d *doc) integer(n *yaml.Node, what, kind, id string) (int, bool) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!int" {
		v, err := strconv.Atoi(n.Value)
		if err == nil {
			return v, true
		}
	}
	d.errs.add(d.file, posOf(n), errType, kind, id, "%s must be a whole number, not %s", what, describe(n))
	return 0, false
}

func (d *doc) number(n *yaml.Node, what, kind, id string) (float64, bool) {
	if n.Kind == yaml.ScalarNode && (n.Tag == "!!int" || n.Tag == "!!float") {
		v, err := strconv.ParseFloat(n.Value, 64)
		if err == nil {
			return v, true
		}
	}
	d.errs.add(d.file, posOf(n), errType, kind, id, "%s must be a number, not %s", what, describe(n))
	return 0, false
}

func (d *doc) boolean(n *yaml.Node, what, kind, id string) (bool, bool) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!bool" {
		return n.Value == "true", true
	}
	d.errs.add(d.file, posOf(n), errType, kind, id, "%s must be true or false, not %s", what, describe(n))
	return false, false
}

// scalarPositions maps each rune of scalar n's value to its line and column
// in the file. It follows the scalar's style: plain and quoted scalars
// (escapes, doubled quotes and line folding) and literal (|) and folded (>)
// block scalars, whose node position is the indicator.
func (d *doc) scalarPositions(n *yaml.Node) []pos {
	value := []rune(n.Value)
	out := make([]pos, len(value))
	start := d.offsetOf(posOf(n))
	src := d.src
	i := start
	switch {
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		// Content starts on the line after the indicator.
		for i < len(src) && src[i] != '\n' {
			i++
		}
		i++
		indent := -1
		vi := 0
		for i < len(src) && vi < len(value) {
			// Measure this line's indentation.
			j := i
			for j < len(src) && src[j] == ' ' {
				j++
			}
			if j < len(src) && src[j] == '\n' { // blank line
				if vi < len(value) && value[vi] == '\n' {
					out[vi] = d.posAt(j)
					vi++
				}
				i = j + 1
				continue
			}
			if indent < 0 {
				indent = j - i
			}
			if j-i < indent {
				break // the block ended
			}
			i += indent
			for i < len(src) && src[i] != '\n' && vi < len(value) {
				r, size := utf8.DecodeRune(src[i:])
				if r == value[vi] {
					out[vi] = d.posAt(i)
					vi++
				}
				i += size
			}
			// The line break becomes '\n' (literal) or ' ' (folded).
			if vi < len(value) && (value[vi] == '\n' || value[vi] == ' ') && i < len(src) {
				out[vi] = d.posAt(i)
				vi++
			}
			i++
		}
		fillRest(out, vi, d.posAt(min(i, len(src))))
	default:
		quoted := n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0
		if quoted {
			i++
		}
		vi := 0
		last := posOf(n)
		for i < len(src) && vi < len(value) {
			r, size := utf8.DecodeRune(src[i:])
			switch {
			case n.Style&yaml.DoubleQuotedStyle != 0 && r == '\\':
				out[vi] = d.posAt(i)
				last = out[vi]
				vi++
				i += escapeLen(src[i:])
				continue
			case n.Style&yaml.SingleQuotedStyle != 0 && r == '\'' && i+1 < len(src) && src[i+1] == '\'':
				out[vi] = d.posAt(i)
				last = out[vi]
				vi++
				i += 2
				continue
			case r == value[vi]:
				out[vi] = d.posAt(i)
				last = out[vi]
				vi++
			case value[vi] == ' ' || value[vi] == '\n':
				// A folded line break: the value has a space or newline
				// where the source has a break and indentation.
				if r == '\n' || r == ' ' || r == '\t' || r == '\r' {
					out[vi] = d.posAt(i)
					last = out[vi]
					vi++
					// Skip the rest of the break's white space.
					for i+size < len(src) && (src[i+size] == ' ' || src[i+size] == '\t') {
						size++
					}
				}
			}
			i += size
		}
		fillRest(out, vi, last)
	}
	return out
}

func fillRest(out []pos, from int, p pos) {
	for ; from < len(out); from++ {
		out[from] = p
	}
}

// escapeLen returns the byte length of the double-quoted escape at b[0]=='\\'.
func escapeLen(b []byte) int {
	if len(b) < 2 {
		return len(b)
	}
	switch b[1] {
	case 'x':
		return min(4, len(b))
	case 'u':
		return min(6, len(b))
	case 'U':
		return min(10, len(b))
	case '\n':
		// An escaped line break: skip the following indentation too.
		n := 2
		for n < len(b) && (b[n] == ' ' || b[n] == '\t') {
			n++
		}
		return n
	}
	return 2
}

// exprPos maps a rune offset inside scalar n's value to a file position.
func (d *doc) exprPos(n *yaml.Node, runeOff int) pos {
	ps := d.scalarPositions(n)
	if len(ps) == 0 {
		return posOf(n)
	}
	if runeOff < 0 {
		runeOff = 0
	}
	if runeOff >= len(ps) {
		runeOff = len(ps) - 1
	}
	return ps[runeOff]
}
