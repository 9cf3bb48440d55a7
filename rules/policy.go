package rules

import (
	"fmt"
	"time"

	"github.com/tousu/tousu/classify"
	"gopkg.in/yaml.v3"
)

// A Policy is a policy as written: one or more files that form one policy in
// order, each parsed into plain, positioned data. Parse and Load return
// one; Compile turns it into a Program. Nothing in a Policy is resolved
// yet (lexicon references, macros, axis values, calendars): Compile does
// that and reports what does not resolve, at its position. A Policy built
// or changed in Go compiles like one read from YAML; positions are then
// whatever the caller set.
type Policy struct {
	Files []*File
}

// A File is one policy file as written. Its fields mirror the YAML keys of
// rule format v1.
type File struct {
	// Path is the file's name as given to Parse or Load; positions name it.
	Path string
	// Version is the format version (1).
	Version int
	// Name and Description are the policy's name and description keys.
	Name, Description string
	// MinConfidence is review.min_confidence; HasReview reports whether the
	// file sets it.
	MinConfidence float64
	HasReview     bool
	// Fold turns on evasion folding for matching (the fold key: spaces,
	// confusables, pinyin) and Clauses the space clause breaks for
	// negation (clauses: {space_breaks: true}); see classify.Options. Each
	// is off unless a file sets it; a later file's setting wins.
	Fold    FoldOptions
	Clauses FoldOptions
	// Placeholders declares reply placeholders beyond the built-in six,
	// each filled from a field of the complaint with a fallback word.
	Placeholders []*Placeholder
	// TimeZone is the time_zone key: the IANA zone in which expressions
	// read received (Asia/Shanghai unless a file sets it; a later file's
	// setting wins).
	TimeZone Scalar
	// Axes declares axes beyond the three of the seeds' taxonomy (and may
	// restate those three unchanged).
	Axes       []*Axis
	Lexicons   []*Lexicon
	Macros     []*Macro
	Rules      []*Rule
	Strategies []*Strategy
	// Defaults are the defaults key: axis name → default value.
	Defaults map[string]Scalar
	// Extend adds terms to lexicons of earlier files; DisableRules and
	// DisableTags turn off rules of earlier files by id or tag.
	Extend       []*Lexicon
	DisableRules []Scalar
	DisableTags  []Scalar
	Pos          Position

	src []byte // the bytes read, for the digest; nil for a File built in Go
}

// A Placeholder is a name a reply template may use in braces ({手机号}):
// the value of a field of the complaint (From: id, channel,
// customer.name, customer.tier, customer.prior_complaints, order.id,
// order.amount, order.currency, order.status, attributes.KEY, or a
// strategy's respond_within, resolve_within, escalate_to), or Fallback
// when that is empty, so that a reply never shows a gap.
type Placeholder struct {
	Name, From, Fallback string
	Pos                  Position
}

// FoldOptions are the matching options a policy file sets: nil means
// unset (an earlier file's setting, or off), else the value written.
type FoldOptions struct {
	Spaces, Confusables, Pinyin, SpaceBreaks *bool
	Pos                                      Position
}

// Position is where something stands in a policy file: 1-based line and
// column, the column counted in characters (runes).
type Position struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Col  int    `json:"col"`
}

func (p Position) String() string { return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col) }

// A Scalar is a string as written in a policy file, with its position.
// Errors inside it (in an expression or a reply template) are reported at
// the exact character when the Scalar came from YAML.
type Scalar struct {
	Value string
	Pos   Position

	d *doc       // the file it was read from, for positions inside it
	n *yaml.Node // its node; nil when built in Go
}

// at returns the position of the rune at offset off inside s.
func (s Scalar) at(off int) Position {
	if s.d == nil || s.n == nil || s.n.Value != s.Value {
		return s.Pos
	}
	p := s.d.exprPos(s.n, off)
	return Position{s.d.file, p.line, p.col}
}

// An Axis is a classification axis: a name such as cause, and the values
// a complaint can take on it.
type Axis struct {
	Name   string
	Values []string
	// Default is the value taken when no rule votes on the axis.
	Default string
	// ReviewOnDefault makes a defaulted value set the decision's review
	// flag.
	ReviewOnDefault bool
	// MinConfidence, when HasMinConfidence, is the axis's own review
	// threshold, in place of the policy's review.min_confidence: a decided
	// (not defaulted) value below it sets the decision's review flag.
	MinConfidence    float64
	HasMinConfidence bool
	// Tie says how a tie in the deciding tier is broken: "rules" (the
	// value whose earliest-declared firing rule comes first) or "values"
	// (the value declared first in Values).
	Tie string
	// Aggregate is how the weights for one value add up in the deciding
	// tier: "sum" (or "", the default) or "max"; Cap, when above 0, caps
	// the sum per value (see Axis.Accumulate).
	Aggregate string
	Cap       float64
	// DistinctTerms, when above 1, makes a fired rule vote its weight
	// once for each distinct term among its hits, at most DistinctTerms
	// times (distinct_terms: N; see Axis.Vote): a rule that found three
	// different defects outweighs one that found one.
	DistinctTerms int
	// Confidence says what a decision's confidence on the axis measures:
	// ConfidenceTier ("" or "tier", the default), the winner's share of
	// the weight in the deciding tier; or ConfidenceAll ("all"), its share
	// of the weight of every tier that voted, so that a higher tier
	// overruling much lower-tier evidence is not certain. All needs a
	// plain sum (no aggregate: max, no cap).
	Confidence string
	Pos        Position

	capPos  Position // where cap: is written
	confPos Position // where confidence: is written
}

// A Lexicon is a named list of terms, referenced from rules as $name.
type Lexicon struct {
	Name  string
	Terms []Scalar
	Pos   Position
}

// A Macro is a named boolean expression usable in when clauses.
type Macro struct {
	Name string
	Expr Scalar
	Pos  Position
}

// A Rule votes for one value of one axis when its match clause and its when
// expression hold.
type Rule struct {
	ID          string
	Description string
	// Axis and Value are what the rule votes for: written as cause: price,
	// or vote: {channel_risk: high} for any declared axis.
	Axis     string
	Value    string
	ValuePos Position
	// Weight is the vote's weight (default 1); Priority its tier (default
	// 0): per axis the highest tier with votes decides.
	Weight   float64
	Priority int
	Enabled  bool
	// CountNegated makes negated occurrences (不是假货) count for the
	// rule's match lists; by default they do not.
	CountNegated bool
	// ExcludePraised makes praised occurrences (a topic followed in its
	// clause by a praise predicate: 快递很快, 客服态度很好) not count for
	// the rule's match lists, near items included; by default they count.
	// It is the exclude_praised key; see classify.Options.Praise.
	ExcludePraised bool
	// AssertedOnly makes only asserted occurrences count for the rule's
	// match lists: not hypothetical (万一起火), asked (是假货吗), reported
	// (听说被骗), quoted or figurative ones (气死我了; see
	// classify.ModalityAt). By default every
	// occurrence counts.
	AssertedOnly bool
	// ExcludeModality lists the modalities whose occurrences do not count
	// for the rule's match lists (the exclude_modality key: hypothetical,
	// question, reported, quoted, figurative): with [hypothetical,
	// figurative], 怕拉肚子 and 吓死我了 count no harm, while a harm asked
	// about or reported of someone else still counts. AssertedOnly is the
	// same as listing all five; asserted occurrences always count.
	ExcludeModality []classify.Modality
	Tags            []string
	// Any, All and None are the match lists as written: terms and $lexicon
	// references.
	Any, All, None []Scalar
	// Near are the proximity items of the match lists ({near: [A, B]} and
	// {then: [A, B]}), in the order written; each names its list.
	Near     []*Near
	When     Scalar
	Examples Examples
	// Replace replaces the rule of an earlier file with the same ID.
	Replace bool
	Pos     Position
	IDPos   Position
}

// A Near is a proximity item of a match list: it holds when an occurrence
// of A and one of B stand at most Within characters apart (the characters
// between them, invisible ones not counted), in either order or, with
// Order, A first; with Scope "clause" or "sentence" both must begin in the
// same clause or sentence. It is written
//
//	{near: [A, B], within: N, order: true, scope: clause}
//
// or, for A then B, {then: [A, B], within: N, scope: sentence}.
type Near struct {
	// List is the match list the item is in: "any", "all" or "none".
	List string
	// A and B are the two sides: a term or a $lexicon reference.
	A, B   Scalar
	Within int
	Order  bool
	// Scope is "", "clause" or "sentence".
	Scope string
	// Pos is the item's position; WithinPos and ScopePos those of its
	// within and scope values.
	Pos, WithinPos, ScopePos Position
}

// String writes the item back in its YAML form.
func (n *Near) String() string {
	key := "near"
	if n.Order {
		key = "then"
	}
	s := fmt.Sprintf("{%s: [%s, %s], within: %d", key, n.A.Value, n.B.Value, n.Within)
	if n.Scope != "" {
		s += ", scope: " + n.Scope
	}
	return s + "}"
}

// Examples are a rule's inline examples: texts it must fire on and texts it
// must not.
type Examples struct {
	Match   []Scalar
	NoMatch []Scalar
}

// A Strategy is a recommended way to handle a complaint. The first strategy
// whose when holds is chosen.
type Strategy struct {
	ID          string
	Title       string
	Description string
	When        Scalar
	Steps       []string
	Techniques  []string
	EscalateTo  string
	// RespondWithin and ResolveWithin are the deadlines.
	RespondWithin Window
	ResolveWithin Window
	// Calendar names the business calendar of business-time windows.
	Calendar Scalar
	// ContactHours is contact.hours as written ("10:00-18:00"), Contact
	// its ranges; MaxCallsPerDay the daily call limit (0: none).
	ContactHours   string
	Contact        []HourRange
	MaxCallsPerDay int
	Compensation   string
	Replies        []Scalar
	Tags           []string
	// Escalation are the levels of the resolve window at which to warn or
	// escalate; Regulatory names regulator clocks to track.
	Escalation []Level
	Regulatory []Scalar
	// Replace replaces the strategy of an earlier file with the same ID;
	// Before and After place it relative to another strategy.
	Replace       bool
	Before, After Scalar
	Pos           Position
	IDPos         Position
}

// HourRange is a time-of-day range [From, To) in minutes after midnight.
type HourRange struct{ From, To int }

// Level is an escalation level: at a fraction of the resolve window, warn
// or escalate (to someone).
type Level struct {
	At     float64
	Action string // "warn" or "escalate"
	To     string
}

// Window is a deadline such as "24h", "3d", "8h business" or "7d business".
// Business windows count working time (hours) or working days (d) of the
// strategy's calendar; the others count calendar time.
type Window struct {
	D        time.Duration
	Days     int
	Business bool
	Text     string // as written; "" when unset
	// Chinese says the window in Chinese for replies: 24小时, 3天,
	// 7个工作日, 8小时（工作时间）.
	Chinese string
}

// IsZero reports whether w is unset.
func (w Window) IsZero() bool { return w.Text == "" }
