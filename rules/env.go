package rules

import "github.com/tousu/tousu/classify"

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
//
// Rule expressions cannot see the decided axes; strategy expressions can
// (see StrategyEnv). An expression must evaluate to a bool.
type Env struct {
	Text       string            `expr:"text"`
	Channel    string            `expr:"channel"`
	Length     int               `expr:"length"`
	Customer   *Customer         `expr:"customer"`
	Order      *Order            `expr:"order"`
	Attributes map[string]string `expr:"attributes"`
	// Signals, Customer and Order are pointers so that an expression
	// reading one of their fields does not copy the whole struct. They
	// must not be nil when the environment is evaluated.
	Signals *classify.Signals `expr:"signals"`
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
}
