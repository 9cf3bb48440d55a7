package rules

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/expr-lang/expr/vm"
	"github.com/tousu/tousu/classify"
)

// A Set is a compiled policy: rules, lexicons, macros and strategies from one
// or more files, checked and ready to evaluate. A Set is immutable and safe
// for concurrent use by multiple goroutines; the values its methods return
// must not be modified.
type Set struct {
	name        string
	description string
	digest      string
	files       []string
	lexicons    []*Lexicon
	macros      []*Macro
	rules       []*Rule
	strategies  []*Strategy
	defaults    map[string]string
	review      float64
	limits      Limits

	terms   []string // first spelling of each distinct folded term
	matcher *classify.Matcher
	// lexUsed and macroUsed record what rules, strategies and macros refer
	// to, for lint.
	lexUsed   map[string]bool
	macroUsed map[string]bool
	vms       sync.Pool
	// memo caches the strategy chosen per strategyKey when every strategy's
	// when reads only the key's names (see memoable).
	memoOK  bool
	memoMu  sync.Mutex                          // serialises writers
	memo    atomic.Pointer[map[strategyKey]int] // read without locking; replaced on insert
	noTerms []int32                             // enabled rules without terms (indices), evaluated on every complaint
	// owners lists, per term t, the enabled rules whose any or all lists
	// hold it, with the lexicon it came through (who gets a hit), as
	// owners[ownerAt[t]:ownerAt[t+1]]: one flat array, no pointer chasing
	// on the hot path.
	ownerAt  []int32
	owners   []owner
	lexNames []string // owner.lexicon indexes it
	// itemAt and termItems list, per term t, the distinct match items
	// (a $lexicon or an inline term, shared by every rule that names it)
	// holding it: termItems[itemAt[t]:itemAt[t+1]].
	itemAt    []int32
	termItems []int32
	nitems    int
}

// Name is the policy's name: the names of its files joined with "+".
func (s *Set) Name() string { return s.name }

// Description is the first file's description.
func (s *Set) Description() string { return s.description }

// Digest identifies the policy's exact content: "sha256:" and the hex
// digest of every file's bytes in load order. Two sets with the same
// digest decide identically.
func (s *Set) Digest() string { return s.digest }

// Files lists the files the policy was loaded from, in order.
func (s *Set) Files() []string { return s.files }

// Rules returns every rule, disabled ones included, in declaration order.
func (s *Set) Rules() []*Rule { return s.rules }

// Strategies returns the strategies in the order they are tried.
func (s *Set) Strategies() []*Strategy { return s.strategies }

// Lexicons returns the lexicons in declaration order.
func (s *Set) Lexicons() []*Lexicon { return s.lexicons }

// Macros returns the macros in declaration order.
func (s *Set) Macros() []*Macro { return s.macros }

// Default returns the value an axis takes when no rule votes on it.
func (s *Set) Default(axis string) string { return s.defaults[axis] }

// ReviewThreshold is the policy's review.min_confidence: a decision with an
// axis confidence below it should be reviewed by a person.
func (s *Set) ReviewThreshold() float64 { return s.review }

// Limits returns the limits the set was loaded under.
func (s *Set) Limits() Limits { return s.limits }

// Position is where something is declared.
type Position struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Col  int    `json:"col"`
}

// A Lexicon is a named list of terms, referenced from rules as $name.
type Lexicon struct {
	Name  string
	Terms []string
	Pos   Position

	termPos []Position
}

// A Macro is a named boolean expression usable in when clauses.
type Macro struct {
	Name string
	Expr string
	Pos  Position
}

// A Rule votes for one value of one axis when its match clause and its when
// expression hold.
type Rule struct {
	ID          string
	Description string
	Axis        string // "cause", "severity" or "behaviour"
	Value       string
	Weight      float64
	Priority    int
	Enabled     bool
	// CountNegated makes negated occurrences (不是假货) count for the
	// rule's match lists; by default they do not.
	CountNegated bool
	Tags         []string
	When         string
	Any          []string // as written: terms and $lexicon references
	All          []string
	None         []string
	Examples     Examples
	Pos          Position
	// Index is the rule's position in Set.Rules.
	Index int

	any, all, none []item
	// anyID, allID and noneID name the same items by their index in the
	// set's item table, whose presence Evaluate marks as terms occur.
	anyID, allID, noneID []int32
	program              *vm.Program
	fast                 fastWhen // program evaluated natively, when it is that simple
	loads                int      // field loads in program: each allocates once
	hasTerms             bool
}

// Examples are a rule's inline examples: texts it must fire on and texts it
// must not.
type Examples struct {
	Match   []string
	NoMatch []string
}

// item is one entry of a match list: an inline term or a lexicon.
type item struct {
	text    string // as written
	lexicon string // lexicon name, "" for an inline term
	terms   []int  // term ids
	pos     Position
}

// A Strategy is a recommended way to handle a complaint. The first strategy
// whose when holds is chosen.
type Strategy struct {
	ID            string
	Title         string
	Description   string
	When          string
	Steps         []string
	Techniques    []string
	EscalateTo    string
	RespondWithin Window
	ResolveWithin Window
	// Calendar names the business calendar of business-time windows.
	Calendar     string
	Contact      Contact
	Compensation string
	Replies      []string
	Tags         []string
	// Escalation are the levels of the resolve window at which to warn or
	// escalate; Regulatory names regulatory clocks to track (see
	// Regulatory).
	Escalation []Level
	Regulatory []string
	Pos        Position
	Index      int

	program  *vm.Program
	memoable bool
}

// Contact is a strategy's rule for contacting the customer.
type Contact struct {
	// Hours is the allowed time of day as written, e.g. "10:00-18:00".
	Hours string
	// Ranges are Hours parsed into minutes after midnight.
	Ranges []HourRange
	// MaxCallsPerDay is the call limit; 0 means no limit.
	MaxCallsPerDay int
}

// HourRange is a time-of-day range [From, To) in minutes after midnight.
type HourRange struct{ From, To int }

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

// Terms returns every distinct term of the policy (lexicons and rules) in
// the order the matcher numbers them, each as first written.
func (s *Set) Terms() []string { return s.terms }

// owner is a rule that owns a term, through a lexicon or inline ("").
type owner struct {
	rule    int32 // index in Set.rules
	lexicon int32 // index in Set.lexNames; 0 is inline
}

// strategyKey is what a memoable strategy choice depends on.
type strategyKey struct {
	axes          int32 // cause, severity and behaviour: axisCode
	channel, tier string
}

// maxMemo bounds the strategy memo; beyond it choices are computed.
const maxMemo = 4096

// Level is an escalation level: at a fraction of the resolve window, warn
// or escalate (to someone).
type Level struct {
	At     float64
	Action string // "warn" or "escalate"
	To     string
}

// RegulatoryClock is a deadline set by a regulator.
type RegulatoryClock struct {
	Name        string
	Description string
	// WorkingDays on Calendar from receipt.
	WorkingDays int
	Calendar    string
}

// Regulatory lists the regulatory clocks strategies may name.
var Regulatory = map[string]RegulatoryClock{
	"12315-acceptance": {
		Name:        "12315-acceptance",
		Description: "市场监管部门自收到投诉之日起7个工作日内作出受理或者不予受理的决定（《市场监督管理投诉举报处理暂行办法》）",
		WorkingDays: 7, Calendar: "cn-mainland",
	},
}
