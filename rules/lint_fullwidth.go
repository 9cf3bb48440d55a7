package rules

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// fullWidthKey matches a line whose key is followed by a full-width colon
// (weight：3), with the list dash before it when there is one.
var fullWidthKey = regexp.MustCompile(`^[ \t]*(?:-[ \t]+)?([A-Za-z_$][A-Za-z0-9_$.-]*)[ \t]*：[ \t　]*(.*)$`)

// punctuation looks in the raw source for what makes YAML fail and its
// parser reports vaguely or a line off: a tab or a full-width space in a
// line's indentation, a full-width colon after a key. It reports each at
// its exact line and column with the fix, and whether it found any. Only
// the lines around the parser's error line (errLine, 0 when unknown: every
// line) are looked at, one before to one after, since yaml.v3 reports a
// tab a line early; a tab inside a block of text elsewhere is left alone.
func (d *doc) punctuation(errLine int) bool {
	found := false
	for i := range d.lineStart {
		line := i + 1
		if errLine > 0 && line > errLine+1 {
			break
		}
		if errLine > 0 && line < errLine-1 {
			continue // far from the parser's error: a tab there is text, not the cause
		}
		end := len(d.src)
		if i+1 < len(d.lineStart) {
			end = d.lineStart[i+1]
		}
		text := strings.TrimRight(string(d.src[d.lineStart[i]:end]), "\r\n")
		trimmed := strings.TrimLeft(text, " \t　")
		if strings.HasPrefix(trimmed, "#") || trimmed == "" {
			continue
		}
		indent := text[:len(text)-len(trimmed)]
		if j := strings.IndexAny(indent, "\t　"); j >= 0 {
			col := utf8.RuneCountInString(indent[:j]) + 1
			if indent[j] == '\t' {
				d.errs.add(d.file, pos{line, col}, errPunctuation, "", "", "a tab indents this line; YAML indents with spaces only: replace the tab with spaces")
			} else {
				d.errs.add(d.file, pos{line, col}, errPunctuation, "", "", "a full-width space (U+3000) indents this line; YAML indents with ASCII spaces only: replace it with spaces")
			}
			found = true
			continue
		}
		if m := fullWidthKey.FindStringSubmatchIndex(text); m != nil {
			key, value := text[m[2]:m[3]], text[m[4]:m[5]]
			col := utf8.RuneCountInString(text[:strings.Index(text[m[3]:], "：")+m[3]]) + 1
			d.errs.add(d.file, pos{line, col}, errPunctuation, "", "", "full-width colon ： after %s; YAML needs an ASCII colon and a space: write %s: %s", key, key, value)
			found = true
		}
	}
	return found
}

// fullWidthMapKey reports a mapping key that holds a full-width colon
// ({cause：price} in a flow mapping reads as one key "cause：price"), at the
// colon, and whether it did.
func (d *doc) fullWidthMapKey(k *yaml.Node) bool {
	key, value, ok := strings.Cut(k.Value, "：")
	if !ok || !identRE.MatchString(strings.TrimSpace(key)) {
		return false
	}
	key = strings.TrimSpace(key)
	p := posOf(k)
	if k.Style == 0 {
		p.col += utf8.RuneCountInString(k.Value[:strings.Index(k.Value, "：")])
	}
	d.errs.add(d.file, p, errPunctuation, "", "", "full-width colon ： after %s; YAML needs an ASCII colon and a space: write %s: %s", key, key, strings.TrimSpace(value))
	return true
}

// fullWidthFindings reports full-width punctuation the policy loads with
// but does not mean (TS111): placeholders in full-width braces, which
// replies send to the customer as written, and a full-width ＄ before a
// lexicon name, which makes a term of it.
func (s *Program) fullWidthFindings() Errors {
	var out Errors
	warn := func(p Position, kind, id, en, zh string) {
		out = append(out, &Error{File: p.File, Line: p.Line, Col: p.Col, Code: warnFullWidth, Warning: true,
			Kind: kind, Rule: id, Err: errors.New(en), zh: zh})
	}
	var placeholders []string
	for _, p := range s.placeholders {
		placeholders = append(placeholders, p.Name)
	}
	for _, st := range s.strategies {
		for _, r := range st.Replies {
			rs := []rune(r.Value)
			for i := 0; i < len(rs); i++ {
				if rs[i] != '｛' {
					continue
				}
				j := i + 1
				for j < len(rs) && rs[j] != '｝' && rs[j] != '}' && rs[j] != '{' && rs[j] != '｛' {
					j++
				}
				if j == len(rs) || rs[j] != '｝' && rs[j] != '}' {
					continue
				}
				name := string(rs[i+1 : j])
				if !slices.Contains(placeholders, name) && suggest(name, placeholders) == "" {
					continue
				}
				fix := name
				if !slices.Contains(placeholders, name) {
					fix = suggest(name, placeholders)
				}
				written := string(rs[i : j+1])
				warn(r.at(i), "strategy", st.ID,
					fmt.Sprintf("reply: %s has full-width braces, so it is sent to the customer as written: write {%s}", written, fix),
					fmt.Sprintf("回复：%s 用的是全角花括号，会原样发给客户：请写成 {%s}", written, fix))
				i = j
			}
		}
	}
	for _, r := range s.rules {
		lists := [][]item{r.any, r.all, r.none}
		for _, x := range r.near {
			lists = append(lists, []item{x.a, x.b})
		}
		for _, list := range lists {
			for _, it := range list {
				name, ok := strings.CutPrefix(it.text, "＄")
				if it.lexicon != "" || !ok || !identRE.MatchString(name) {
					continue
				}
				warn(it.pos, "rule", r.ID,
					fmt.Sprintf("%s has a full-width ＄, so it is matched as text, not as the lexicon: write $%s", it.text, name),
					fmt.Sprintf("%s 用的是全角 ＄，会被当作普通词条而不是词表：请写成 $%s", it.text, name))
			}
		}
	}
	return out
}
