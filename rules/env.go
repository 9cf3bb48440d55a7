package rules

import (
	"time"

	"github.com/tousu/tousu/classify"
)

// Env is the typed environment of a rule's `when` expression. Policy
// authors see its fields by their expr names:
//
//	text                       the complaint text (string)
//	channel                    where it came from: "app", "phone", "weibo" … (string)
//	length                     number of runes in the text (int)
//	customer.name              (string)
//	customer.tier              customer level, e.g. 铂金 黄金 钢铁 铅 (string)
//	customer.prior_complaints  earlier complaints by this customer (int)
//	order.id, order.currency, order.status   (string)
//	order.amount               (float)
//	attributes                 free-form attributes from the caller (map of string to string)
//	signals.exclamations, signals.questions, signals.exclamation_run, signals.question_run,
//	signals.repeats, signals.emoji, signals.invalid, signals.negations (int)
//	signals.shouting, signals.contrast, signals.truncated   (bool)
//	folded                     the text folded as terms are matched: 退貨 reads 退货, ＡＢＣ abc (string)
//	received.weekday, received.hour, received.minute   when the complaint was received, in the
//	                           policy's time_zone (0 Sunday … 6 Saturday; -1 when unknown) (int)
//	received.date              its date, "2006-01-02" ("" when unknown) (string)
//	max_amount                 the largest amount of money the text mentions, in yuan; 0 if none (float)
//	max_duration               the longest span of time it mentions, in minutes; 0 if none (float)
//
// Rule expressions cannot see the decided axes; strategy expressions can
// (see StrategyEnv). An expression must evaluate to a bool. now() gives
// the time of evaluation, so a result that depends on it changes with the
// hour it runs; received is the complaint's own time.
type Env struct {
	Text string `expr:"text"`
	// Folded is Text folded; Evaluate fills it only for a program whose
	// expressions read it.
	Folded string `expr:"folded"`
	// Received is when the complaint was received; Evaluate fills it from
	// ReceivedAt in the policy's time zone.
	Received   Received          `expr:"received"`
	ReceivedAt time.Time         `expr:"-"`
	Channel    string            `expr:"channel"`
	Length     int               `expr:"length"`
	Customer   *Customer         `expr:"customer"`
	Order      *Order            `expr:"order"`
	Attributes map[string]string `expr:"attributes"`
	// Signals, Customer and Order are pointers so that an expression
	// reading one of their fields does not copy the whole struct. They
	// must not be nil when the environment is evaluated.
	Signals *classify.Signals `expr:"signals"`
	// MaxAmount is the largest amount of money the text mentions, in yuan
	// (收了600, 三百多块, ¥128), and MaxDuration its longest span of time,
	// in minutes (3个多钟头 is 180, 两天 2880); 0 when it mentions none.
	// Evaluate fills them only for a program that reads them or has
	// number items.
	MaxAmount   float64 `expr:"max_amount"`
	MaxDuration float64 `expr:"max_duration"`
}

// Customer describes the complaining customer: in a complaint, and as
// customer in expressions.
type Customer struct {
	Name string `json:"name,omitempty" yaml:"name,omitempty" expr:"name"`
	// Tier is the customer's level, such as 铂金, 黄金, 钢铁 or 铅.
	Tier            string `json:"tier,omitempty" yaml:"tier,omitempty" expr:"tier"`
	PriorComplaints int    `json:"prior_complaints,omitempty" yaml:"prior_complaints,omitempty" expr:"prior_complaints"`
	// TimeZone is the customer's IANA time zone, such as Asia/Shanghai;
	// contact hours apply in it. Empty means Asia/Shanghai.
	TimeZone string `json:"time_zone,omitempty" yaml:"time_zone,omitempty" expr:"time_zone"`
}

// Order describes the order a complaint is about: in a complaint, and as
// order in expressions.
type Order struct {
	ID       string  `json:"id,omitempty" yaml:"id,omitempty" expr:"id"`
	Amount   float64 `json:"amount,omitempty" yaml:"amount,omitempty" expr:"amount"`
	Currency string  `json:"currency,omitempty" yaml:"currency,omitempty" expr:"currency"`
	Status   string  `json:"status,omitempty" yaml:"status,omitempty" expr:"status"`
}

// Received is when a complaint was received, in the policy's time zone
// (its time_zone key, Asia/Shanghai by default).
type Received struct {
	Weekday int    `expr:"weekday"` // 0 Sunday … 6 Saturday; -1 when unknown
	Hour    int    `expr:"hour"`    // -1 when unknown
	Minute  int    `expr:"minute"`  // -1 when unknown
	Date    string `expr:"date"`    // "2006-01-02"; "" when unknown
}

// axesField is the environment name under which strategy expressions read
// the decided axes; the compiler rewrites each axis name (cause,
// channel_risk) into a read of it, so authors never write it.
const axesField = "__axes"

// StrategyEnv is the environment of a strategy's `when` expression: every
// field of Env plus each declared axis by its name (cause, severity,
// behaviour, and any axis the policy declares), with the decided value as
// a string.
type StrategyEnv struct {
	Env
	// Axes are the decided values, one per axis of Program.Axes, in that
	// order.
	Axes []string `expr:"__axes"`
	// Fired and Tags are the ids and the tags of the rules that fired, as
	// fired and tags ("cause-integrity-fake" in fired); ChooseStrategy
	// fills them only for a program whose strategies read them.
	Fired []string `expr:"fired"`
	Tags  []string `expr:"tags"`
}
