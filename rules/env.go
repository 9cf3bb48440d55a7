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

// Customer is the customer part of Env.
type Customer struct {
	Name            string `expr:"name"`
	Tier            string `expr:"tier"`
	PriorComplaints int    `expr:"prior_complaints"`
}

// Order is the order part of Env.
type Order struct {
	ID       string  `expr:"id"`
	Amount   float64 `expr:"amount"`
	Currency string  `expr:"currency"`
	Status   string  `expr:"status"`
}

// StrategyEnv is the environment of a strategy's `when` expression: every
// field of Env plus the decided axes, by their expr names cause, severity
// and behaviour (strings such as "integrity", "serious", "extreme").
type StrategyEnv struct {
	Env
	Cause     string `expr:"cause"`
	Severity  string `expr:"severity"`
	Behaviour string `expr:"behaviour"`
}
