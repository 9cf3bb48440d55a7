package triage

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/tousu/tousu/classify"
	"github.com/tousu/tousu/rules"
)

// SchemaVersion is the version of the Decision JSON shape. It changes only
// when a field is removed or changes meaning; new fields may be added
// within a version.
const SchemaVersion = 1

// A Complaint is what a customer said, with what the service knows about
// the customer and the order. Only Text is required.
type Complaint struct {
	ID         string            `json:"id,omitempty" yaml:"id,omitempty"`
	Text       string            `json:"text" yaml:"text"`
	Channel    string            `json:"channel,omitempty" yaml:"channel,omitempty"`
	ReceivedAt time.Time         `json:"received_at,omitzero" yaml:"received_at,omitempty"`
	Customer   Customer          `json:"customer,omitzero" yaml:"customer,omitempty"`
	Order      Order             `json:"order,omitzero" yaml:"order,omitempty"`
	Attributes map[string]string `json:"attributes,omitempty" yaml:"attributes,omitempty"`
}

// Customer describes the complaining customer (one type with rules, where
// expressions read it as customer).
type Customer = rules.Customer

// Order describes the order the complaint is about (one type with rules,
// where expressions read it as order).
type Order = rules.Order

// A Decision is the triage of one complaint. Its JSON form is stable within
// SchemaVersion (see the README's compatibility promise).
type Decision struct {
	SchemaVersion int    `json:"schema_version"`
	ID            string `json:"id"`
	// Cause, Severity and Behaviour are the decided values of the seeds'
	// three axes (product/service/price/integrity, general/serious,
	// passive/negative-publicity/venting/extreme); Axes has them too,
	// with every axis the policy declares.
	Cause     string   `json:"cause"`
	Severity  string   `json:"severity"`
	Behaviour string   `json:"behaviour"`
	Strategy  Strategy `json:"strategy"`
	// Confidence per axis is the winning value's weight divided by all the
	// weight in the deciding tier: 1 when every vote agreed, 0 when no rule
	// voted.
	Confidence Confidence `json:"confidence"`
	// Defaulted per axis is true when no rule voted and the policy's default
	// was taken.
	Defaulted Defaulted `json:"defaulted"`
	// Axes holds every axis of the policy's taxonomy, the seeds' three
	// first, in declaration order; in JSON an object keyed by axis name.
	Axes Axes `json:"axes"`
	// Review is true when an axis whose declaration says so was defaulted,
	// or an axis's confidence is below its threshold (the axis's
	// min_confidence, or else the policy's review.min_confidence): route
	// the complaint to a person.
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
	// Terms are the occurrences that made the rule fire, the first ones
	// up to rules.Limits.MaxSpansPerRule (and MaxSpansPerDecision for the
	// whole decision). When that cut some, TermsTotal counts them all;
	// it is 0 (and absent from JSON) when Terms holds every one.
	Terms      []Term `json:"terms,omitempty"`
	TermsTotal int    `json:"terms_total,omitempty"`
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

// AxisDecision is the decision on one axis.
type AxisDecision struct {
	Name       string  `json:"-"`
	Value      string  `json:"value"`
	Confidence float64 `json:"confidence"`
	Defaulted  bool    `json:"defaulted"`
}

// Axes are a decision's axes in the policy's declaration order. Its JSON
// form is an object keyed by axis name, in that order.
type Axes []AxisDecision

// Get returns the decision on the axis named name.
func (a Axes) Get(name string) (AxisDecision, bool) {
	for _, d := range a {
		if d.Name == name {
			return d, true
		}
	}
	return AxisDecision{}, false
}

// MarshalJSON writes the axes as an object keyed by axis name.
func (a Axes) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, d := range a {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(d.Name)
		v, err := json.Marshal(d)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// UnmarshalJSON reads the object MarshalJSON writes, keeping its order.
func (a *Axes) UnmarshalJSON(data []byte) error {
	if string(bytes.TrimSpace(data)) == "null" {
		*a = nil
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return fmt.Errorf("triage: axes: want a JSON object")
	}
	*a = (*a)[:0]
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		d := AxisDecision{Name: t.(string)}
		if err := dec.Decode(&d); err != nil {
			return err
		}
		*a = append(*a, d)
	}
	_, err := dec.Token()
	return err
}
