package triage

import (
	"time"

	"github.com/tousu/tousu/classify"
)

// SchemaVersion is the version of the Decision JSON shape. It changes only
// when a field is removed or changes meaning; new fields may be added
// within a version.
const SchemaVersion = 1

// A Complaint is what a customer said, with what the service knows about
// the customer and the order. Only Text is required.
type Complaint struct {
	ID         string            `json:"id,omitempty"`
	Text       string            `json:"text"`
	Channel    string            `json:"channel,omitempty"`
	ReceivedAt time.Time         `json:"received_at,omitzero"`
	Customer   Customer          `json:"customer,omitzero"`
	Order      Order             `json:"order,omitzero"`
	Attributes map[string]string `json:"attributes,omitempty"`
}

// Customer describes the complaining customer.
type Customer struct {
	Name string `json:"name,omitempty"`
	// Tier is the customer's level, such as 铂金, 黄金, 钢铁 or 铅.
	Tier            string `json:"tier,omitempty"`
	PriorComplaints int    `json:"prior_complaints,omitempty"`
	// TimeZone is the customer's IANA time zone, such as Asia/Shanghai;
	// contact hours apply in it. Empty means the strategy's calendar zone.
	TimeZone string `json:"time_zone,omitempty"`
}

// Order describes the order the complaint is about.
type Order struct {
	ID       string  `json:"id,omitempty"`
	Amount   float64 `json:"amount,omitempty"`
	Currency string  `json:"currency,omitempty"`
	Status   string  `json:"status,omitempty"`
}

// Cause is why the customer complains (按投诉的原因).
type Cause string

// The causes of the taxonomy.
const (
	CauseProduct   Cause = "product"   // 产品质量投诉
	CauseService   Cause = "service"   // 服务投诉
	CausePrice     Cause = "price"     // 价格投诉
	CauseIntegrity Cause = "integrity" // 诚信投诉
)

// Severity is how serious the complaint is (按投诉的严重程度).
type Severity string

// The severities of the taxonomy.
const (
	SeverityGeneral Severity = "general" // 一般投诉
	SeveritySerious Severity = "serious" // 严重投诉
)

// Behaviour is how the customer acts (按投诉的行为划分).
type Behaviour string

// The behaviours of the taxonomy.
const (
	BehaviourPassive           Behaviour = "passive"            // 消极抱怨型
	BehaviourNegativePublicity Behaviour = "negative-publicity" // 负面宣传型
	BehaviourVenting           Behaviour = "venting"            // 愤怒发泄型
	BehaviourExtreme           Behaviour = "extreme"            // 极端激进型
)

// A Decision is the triage of one complaint. Its JSON form is stable within
// SchemaVersion (see the README's compatibility promise).
type Decision struct {
	SchemaVersion int       `json:"schema_version"`
	ID            string    `json:"id"`
	Cause         Cause     `json:"cause"`
	Severity      Severity  `json:"severity"`
	Behaviour     Behaviour `json:"behaviour"`
	Strategy      Strategy  `json:"strategy"`
	// Confidence per axis is the winning value's weight divided by all the
	// weight in the deciding tier: 1 when every vote agreed, 0 when no rule
	// voted.
	Confidence Confidence `json:"confidence"`
	// Defaulted per axis is true when no rule voted and the policy's default
	// was taken.
	Defaulted Defaulted `json:"defaulted"`
	// Review is true when an axis was defaulted or its confidence is below
	// the policy's review.min_confidence: route the complaint to a person.
	Review bool      `json:"review"`
	Policy PolicyRef `json:"policy"`
	// Evidence lists every rule that fired, in declaration order.
	Evidence []Evidence       `json:"evidence"`
	Signals  classify.Signals `json:"signals"`
	// RespondBy and ResolveBy are the strategy's deadlines from
	// Complaint.ReceivedAt, in business time where the strategy says so;
	// Escalations and Regulatory the times to warn, escalate, or meet a
	// regulator's clock. All are empty when ReceivedAt is zero.
	RespondBy   *time.Time           `json:"respond_by,omitempty"`
	ResolveBy   *time.Time           `json:"resolve_by,omitempty"`
	Escalations []Escalation         `json:"escalations,omitempty"`
	Regulatory  []RegulatoryDeadline `json:"regulatory,omitempty"`
	// DeadlineError says why deadlines could not be computed (a date
	// outside the years a calendar covers); the decision still stands.
	DeadlineError string `json:"deadline_error,omitempty"`
	// TimeZone is the customer's time zone, for CanContact.
	TimeZone string `json:"time_zone,omitempty"`
	// Trace explains the decision when the engine has WithTrace.
	Trace *Trace `json:"trace,omitempty"`
}

// Confidence holds a number in [0,1] per axis.
type Confidence struct {
	Cause     float64 `json:"cause"`
	Severity  float64 `json:"severity"`
	Behaviour float64 `json:"behaviour"`
}

// Defaulted says per axis whether the default value was taken.
type Defaulted struct {
	Cause     bool `json:"cause"`
	Severity  bool `json:"severity"`
	Behaviour bool `json:"behaviour"`
}

// PolicyRef names the policy a decision came from.
type PolicyRef struct {
	Name   string `json:"name"`
	Digest string `json:"digest"`
}

// Strategy is the recommended handling chosen for a complaint, with its
// reply templates rendered for this complaint.
type Strategy struct {
	ID            string   `json:"id"`
	Title         string   `json:"title,omitempty"`
	Steps         []string `json:"steps,omitempty"`
	Techniques    []string `json:"techniques,omitempty"`
	EscalateTo    string   `json:"escalate_to,omitempty"`
	RespondWithin string   `json:"respond_within,omitempty"`
	ResolveWithin string   `json:"resolve_within,omitempty"`
	Contact       Contact  `json:"contact,omitzero"`
	Compensation  string   `json:"compensation,omitempty"`
	// Replies are the strategy's opening replies with placeholders filled
	// from the complaint and decision.
	Replies []string `json:"replies,omitempty"`
}

// Contact is the strategy's rule for calling the customer.
type Contact struct {
	Hours          string `json:"hours,omitempty"`
	MaxCallsPerDay int    `json:"max_calls_per_day,omitempty"`
}

// Evidence is one rule that fired, with the terms that made it fire.
type Evidence struct {
	Rule     string  `json:"rule"`
	Axis     string  `json:"axis"`
	Value    string  `json:"value"`
	Weight   float64 `json:"weight"`
	Priority int     `json:"priority,omitempty"`
	Terms    []Term  `json:"terms,omitempty"`
}

// Term is one occurrence of a rule's term in the complaint text.
type Term struct {
	// Term is the term as the policy wrote it; Lexicon the lexicon it came
	// from ("" for a term written in the rule).
	Term    string `json:"term"`
	Lexicon string `json:"lexicon,omitempty"`
	// Text is what the customer wrote: Complaint.Text[Start:End].
	Text string `json:"text"`
	// Start and End are byte offsets into Complaint.Text; RuneStart and
	// RuneEnd the same span counted in runes.
	Start     int `json:"start"`
	End       int `json:"end"`
	RuneStart int `json:"rune_start"`
	RuneEnd   int `json:"rune_end"`
}
