package rules

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/expr-lang/expr/vm"
	"github.com/tousu/tousu/classify"
	"github.com/tousu/tousu/rules/calendar"
)

// A Program is a compiled policy, ready to evaluate complaints. It is
// opaque and immutable: per-complaint state lives in an Evaluation, which
// the caller owns. A Program is safe for concurrent use by multiple
// goroutines; the values its methods return must not be modified.
type Program struct {
	policy       *Policy
	name         string
	description  string
	digest       string
	files        []string
	axes         []Axis
	lexicons     []*Lexicon // layered: extensions applied
	macros       []*Macro
	rules        []*rule
	countNeg     []bool   // per rule: CountNegated, read per match on the hot path
	exclPraised  []bool   // per rule: ExcludePraised
	modality     modality // rules that count asserted occurrences only (modality.go)
	ruleViews    []*Rule
	strategies   []*strategy
	stratViews   []*Strategy
	review       float64
	limits       Limits
	placeholders []Placeholder
	calendars    map[string]*calendar.Calendar
	clocks       map[string]Clock

	location *time.Location // the policy's time_zone
	// needsFolded, needsReceived and needsFired say whether an expression
	// reads folded, received, or fired and tags: Evaluate and
	// ChooseStrategy fill them only then.
	needsFolded, needsReceived, needsFired bool
	terms                                  []string // first spelling of each distinct folded term
	matcher                                *classify.Matcher
	matchOptions                           classify.Options
	ext                                    *extension // regular expressions and number items; nil without them
	// lexUsed and macroUsed record what rules, strategies and macros refer
	// to, for lint.
	lexUsed   map[string]bool
	macroUsed map[string]bool
	termPos   map[*Lexicon][]Position
	vms       sync.Pool
	// memo caches the strategy chosen per strategyKey when every strategy's
	// when is pure and reads only the key's names (see memoable).
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

// rule is a compiled rule.
type rule struct {
	// The fields Evaluate reads for every candidate come first, so that a
	// candidate costs two cache lines, not four: with thousands of rules
	// each candidate's rule is a cache miss.
	//
	// scoped says the rule is evaluated by matchScoped (it has near items
	// or excludes praised occurrences); nearAny says a near item is in its
	// any list.
	scoped, nearAny, hasTerms bool
	index                     int
	axis                      int // in Program.axes
	value                     int // in the axis's values
	// anyID, allID and noneID name the rule's items by their index in the
	// program's item table, whose presence Evaluate marks as terms occur.
	anyID, allID, noneID []int32
	fast                 fastWhen // program evaluated natively, when it is that simple
	program              *vm.Program
	*Rule                // the rule as it takes effect (layering applied)

	any, all, none []item
	near           []nearItem // the rule's proximity items
	writtenOff     bool       // written enabled: false (not disabled by a later file)
}

// strategy is a compiled strategy.
type strategy struct {
	*Strategy
	index    int
	program  *vm.Program
	memoable bool
}

// item is one entry of a match list: an inline term or a lexicon.
type item struct {
	text    string // as written
	lexicon string // lexicon name, "" for an inline term
	terms   []int  // term ids
	pos     Position
}

// nearItem is a compiled proximity item: its two sides, and their ids in
// the program's item table.
type nearItem struct {
	*Near
	a, b     item
	aID, bID int32
}

// owner is a rule that owns a term, through a lexicon or inline ("").
type owner struct {
	rule    int32 // index in Program.rules
	lexicon int32 // index in Program.lexNames; 0 is inline
	inAny   bool  // the term is in the rule's any list: its occurrence satisfies it
	// second: the rule has the term only as the second side of near
	// items (差 of {near: [服务, 差]}): a hit of it is part of a finding
	// whose first side is counted (Axis.Vote).
	second bool
}

// Name is the policy's name: the names of its files joined with "+".
func (p *Program) Name() string { return p.name }

// Digest identifies the policy's exact content: "sha256:" and the hex
// digest of every file's bytes in order. Two programs with the same
// digest, compiled with the same options, decide identically.
func (p *Program) Digest() string { return p.digest }

// Policy returns the policy as written that p was compiled from.
func (p *Program) Policy() *Policy { return p.policy }

// Axes returns the taxonomy: the three axes of the seeds (cause, severity,
// behaviour) and then the axes the policy declares, with their defaults.
func (p *Program) Axes() []Axis { return p.axes }

// Rules returns every rule as it takes effect, layering applied (a rule
// disabled by a later file has Enabled false), in declaration order.
func (p *Program) Rules() []*Rule { return p.ruleViews }

// Strategies returns the strategies as they take effect, in the order they
// are tried.
func (p *Program) Strategies() []*Strategy { return p.stratViews }

// ReviewThreshold is the policy's review.min_confidence: a decision with an
// axis confidence below it should be reviewed by a person.
func (p *Program) ReviewThreshold() float64 { return p.review }

// Location is the policy's time zone (its time_zone key, Asia/Shanghai
// by default), in which expressions read received.
func (p *Program) Location() *time.Location { return p.location }

// Limits returns the limits the program was compiled under, defaults
// filled in.
func (p *Program) Limits() Limits { return p.limits }

// Calendar returns the business calendar named name, which every strategy
// that names a calendar is guaranteed to find.
func (p *Program) Calendar(name string) *calendar.Calendar { return p.calendars[name] }

// Clock returns the regulator clock named name, which every strategy that
// names a clock is guaranteed to find.
func (p *Program) Clock(name string) (Clock, bool) {
	k, ok := p.clocks[name]
	return k, ok
}

// Placeholders returns the names a reply template may use inside braces:
// the built-in six ({客户姓名} {订单号} {投诉编号} {回复时限} {处理时限}
// {负责人}), then those the policy declares, each with the field it is
// filled from and its fallback word.
func (p *Program) Placeholders() []Placeholder { return p.placeholders }

// builtinPlaceholders are the placeholders every policy may use.
var builtinPlaceholders = []Placeholder{
	{Name: "客户姓名", From: "customer.name", Fallback: "客户"},
	{Name: "订单号", From: "order.id", Fallback: "相关订单"},
	{Name: "投诉编号", From: "id", Fallback: "本次投诉"},
	{Name: "回复时限", From: "strategy.respond_within", Fallback: "尽快"},
	{Name: "处理时限", From: "strategy.resolve_within", Fallback: "尽快"},
	{Name: "负责人", From: "strategy.escalate_to", Fallback: "专属客服"},
}

// placeholderSources are the fields a placeholder may be filled from,
// besides attributes.KEY.
var placeholderSources = []string{"id", "channel", "customer.name", "customer.tier", "customer.prior_complaints",
	"order.id", "order.amount", "order.currency", "order.status",
	"strategy.respond_within", "strategy.resolve_within", "strategy.escalate_to"}
