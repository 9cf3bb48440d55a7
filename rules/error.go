package rules

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Error is one mistake in a policy file, with its position.
//
// It prints as
//
//	policy.yaml:12:7: rule "x": unknown lexicon "$foo"
//
// Line and Col are 1-based; Col counts runes, so a position inside Chinese
// text points at the right character in any editor. Code is a stable
// identifier of the kind of mistake (see the Code constants); errors.Is
// matches an Error against its Code's sentinel, for example
//
//	errors.Is(err, rules.Code("TS004"))
type Error struct {
	File string
	Line int
	Col  int
	// Code is the stable code of the mistake, such as "TS004".
	Code Code
	// Rule is the id of the rule, strategy, lexicon or macro the mistake is
	// in, when there is one.
	Rule string
	// Kind says what Rule names: "rule", "strategy", "lexicon", "macro"
	// or "axis".
	Kind string
	// Warning is true for a lint finding that does not stop the policy
	// from loading (codes TS1xx).
	Warning bool
	Err     error

	zh string // the message in Chinese, when it has its own
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	switch {
	case e.Line > 0 && e.Col > 0:
		fmt.Fprintf(&b, ":%d:%d", e.Line, e.Col)
	case e.Line > 0:
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Rule != "" {
		kind := e.Kind
		if kind == "" {
			kind = "rule"
		}
		fmt.Fprintf(&b, "%s %q: ", kind, e.Rule)
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// Message returns the message alone, without position, in English (lang
// "en") or Chinese ("zh").
func (e *Error) Message(lang string) string {
	if lang != "zh" {
		return e.Err.Error()
	}
	if e.zh != "" {
		return e.zh
	}
	return zhTitles[e.Code] + "：" + e.Err.Error()
}

// Format prints e as file:line:col: kind "id": message [TSnnn], in English
// (lang "en") or Chinese ("zh").
func (e *Error) Format(lang string) string {
	if lang != "zh" {
		return fmt.Sprintf("%s [%s]", e.Error(), string(e.Code))
	}
	c := *e
	c.Err = errors.New(e.Message("zh"))
	if c.Kind != "" || c.Rule != "" {
		c.Kind = zhKinds[c.Kind]
		if c.Kind == "" {
			c.Kind = zhKinds["rule"]
		}
	}
	return fmt.Sprintf("%s [%s]", c.Error(), string(e.Code))
}

// Is reports whether target is the sentinel of e's Code.
func (e *Error) Is(target error) bool {
	c, ok := target.(Code)
	return ok && c == e.Code
}

// A Code identifies a kind of policy mistake. Codes are stable: a code is
// never reused for another kind of mistake. A Code is also an error, so it
// can be the target of errors.Is:
//
//	if errors.Is(err, rules.Code("TS004")) { … }
//
// Codes TS0xx are errors: the policy does not load. Codes TS1xx are lint
// warnings (Error.Warning is true): the policy loads, but something in it
// is useless or suspicious. Every message ends with its code in brackets.
//
//	TS001  YAML syntax, encoding or size
//	TS002  a key the format does not define
//	TS003  a value of the wrong type or form
//	TS004  a $lexicon reference to nothing
//	TS005  two rules, strategies, lexicons or macros with one id
//	TS006  a cause/severity/behaviour value outside the taxonomy
//	TS007  a when expression that does not compile
//	TS008  macros that refer to each other in a cycle
//	TS009  the last strategy has a when
//	TS010  a mapping key given twice
//	TS011  anchors, aliases and merge keys are not allowed
//	TS012  a required field is missing
//	TS013  a term that folds to nothing
//	TS014  an unknown {placeholder} in a reply
//	TS015  a configured limit was exceeded
//	TS016  an unsupported format version
//	TS017  a later file overrides something no earlier file defines
//	TS018  an inline example that does not behave as declared
//	TS019  a calendar or regulator clock that is not known
//	TS020  a tab or full-width punctuation where YAML needs ASCII
//	TS021  a malformed near or then item: sides, within, order or scope
//	TS025  an axis's aggregate: or cap: that is not sum, max or a positive number
//	TS026  a regular-expression term that does not compile or is too large
//	TS027  a regular-expression term with no required literal of two or more characters
//	TS028  an unknown number item (@money, @duration, @quantity)
//	TS029  an unknown modality in exclude_modality
//	TS101  a lexicon no rule refers to
//	TS102  a macro no expression refers to
//	TS103  two terms of a lexicon that fold alike
//	TS104  a longer term a shorter one in the same any list already covers
//	TS105  a term both required (all) and forbidden (none)
//	TS106  a strategy an earlier one always shadows
//	TS107  a strategy or macro compares an axis with a value it does not have
//	TS108  a when that always or never holds
//	TS109  a strategy with too many axis combinations to check for TS106
//	TS110  a term or lexicon another term or lexicon already covers
//	TS111  full-width braces around a placeholder, or ＄ before a lexicon name
//	TS112  a rule a higher-priority rule on its axis always outvotes
//	TS113  a when that calls now(): its answer depends on when it runs
//	TS114  a then (or ordered near) item between identical items
//	TS115  a near item that can never hold: its first item always ends the scope
//	TS116  exclude_praised on a rule whose match lists have no terms
//	TS118  a regular expression with no operators: a term
//	TS119  asserted_only or exclude_modality on a rule without terms
//	TS120  a regular expression that matches a { as text: a mistyped repeat such as {0, 6}
//	TS121  asserted_only or exclude_modality on a rule with near items or exclude_praised, where it is not applied
type Code string

func (c Code) Error() string { return "policy error " + string(c) }

// Loader error codes; what each means is listed once, on Code.
const (
	errSyntax          Code = "TS001"
	errUnknownKey      Code = "TS002"
	errType            Code = "TS003"
	errUnknownLexicon  Code = "TS004"
	errDuplicateID     Code = "TS005"
	errAxisValue       Code = "TS006"
	errExpr            Code = "TS007"
	errMacroCycle      Code = "TS008"
	errNoCatchAll      Code = "TS009"
	errDuplicateKey    Code = "TS010"
	errAlias           Code = "TS011"
	errMissing         Code = "TS012"
	errEmptyTerm       Code = "TS013"
	errPlaceholder     Code = "TS014"
	errLimit           Code = "TS015"
	errVersion         Code = "TS016"
	errLayer           Code = "TS017"
	errExampleMismatch Code = "TS018"
	errUnknownName     Code = "TS019"
	errPunctuation     Code = "TS020"
	errNear            Code = "TS021"
	errAggregate       Code = "TS025"
	errRegex           Code = "TS026"
	errRegexLiteral    Code = "TS027"
	errNumberItem      Code = "TS028"
	errModality        Code = "TS029"
)

// Lint warning codes (the policy loads, but something in it is useless or
// suspicious); what each means is listed on Code.
const (
	warnUnusedLexicon  Code = "TS101"
	warnUnusedMacro    Code = "TS102"
	warnDuplicateTerm  Code = "TS103"
	warnRedundantTerm  Code = "TS104"
	warnNeverFires     Code = "TS105"
	warnUnreachable    Code = "TS106"
	warnAxisValue      Code = "TS107"
	warnConstantWhen   Code = "TS108"
	warnNotChecked     Code = "TS109"
	warnRedundantItem  Code = "TS110"
	warnFullWidth      Code = "TS111"
	warnOutranked      Code = "TS112"
	warnNow            Code = "TS113"
	warnSameSides      Code = "TS114"
	warnNeverNear      Code = "TS115"
	warnPraiseUnused   Code = "TS116"
	warnPlainRegex     Code = "TS118"
	warnAssertedNoop   Code = "TS119"
	warnRegexBrace     Code = "TS120"
	warnAssertedScoped Code = "TS121"
)

// Errors is the list of every mistake a load found, sorted by file and
// position. It is what Load and Parse return when anything is wrong;
// errors.As with a *Error target reaches the first one, and Unwrap gives
// them all.
type Errors []*Error

func (es Errors) Error() string {
	var b strings.Builder
	for i, e := range es {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Unwrap returns each error, for errors.Is and errors.As.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// sort orders es by position; files keep the order in which they were
// loaded (order lists them), so layered policies report base files first.
func (es Errors) sort(order []string) {
	rank := func(f string) int {
		for i, o := range order {
			if o == f {
				return i
			}
		}
		return len(order)
	}
	sort.SliceStable(es, func(i, j int) bool {
		a, b := es[i], es[j]
		if a.File != b.File {
			return rank(a.File) < rank(b.File)
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}

// errList collects errors during a load.
type errList struct {
	errs  Errors
	files []string // load order
}

// add records an error at p in file. Its Chinese message is format's entry
// in zhFormats, with the same arguments in Chinese (see zhArg).
func (l *errList) add(file string, p pos, code Code, kind, id string, format string, args ...any) {
	l.errs = append(l.errs, &Error{File: file, Line: p.line, Col: p.col, Code: code, Kind: kind, Rule: id,
		Err: fmt.Errorf(format, args...), zh: zhMessage(format, args)})
}

// at records an error at p, as add does.
func (l *errList) at(p Position, code Code, kind, id string, format string, args ...any) {
	l.errs = append(l.errs, &Error{File: p.File, Line: p.Line, Col: p.Col, Code: code, Kind: kind, Rule: id,
		Err: fmt.Errorf(format, args...), zh: zhMessage(format, args)})
}

func (l *errList) err() error {
	if len(l.errs) == 0 {
		return nil
	}
	l.errs.sort(l.files)
	return l.errs
}

// asErrors flattens err into a list of *Error, for callers that want every
// positioned mistake.
func asErrors(err error) Errors {
	var es Errors
	if errors.As(err, &es) {
		return es
	}
	var e *Error
	if errors.As(err, &e) {
		return Errors{e}
	}
	return nil
}
