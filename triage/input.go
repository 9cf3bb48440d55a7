package triage

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Input is a complaint as JSON, the form triagectl reads line by line and
// the example HTTP service reads per request: the fields of Complaint, with
// the id kept verbatim (a string or a number, echoed back as given) and
// received_at as RFC 3339 text. Unknown fields are ignored by
// encoding/json.
type Input struct {
	ID         json.RawMessage   `json:"id"`
	Text       *string           `json:"text"`
	Channel    string            `json:"channel"`
	ReceivedAt string            `json:"received_at"`
	Customer   Customer          `json:"customer"`
	Order      Order             `json:"order"`
	Attributes map[string]string `json:"attributes"`
}

// Complaint converts the input, or says what is wrong with it: a missing
// text or a received_at that is not RFC 3339.
func (in *Input) Complaint() (Complaint, error) {
	if in.Text == nil {
		return Complaint{}, errors.New(`missing "text"`)
	}
	c := Complaint{ID: in.IDString(), Text: *in.Text, Channel: in.Channel, Customer: in.Customer, Order: in.Order, Attributes: in.Attributes}
	if in.ReceivedAt != "" {
		t, err := time.Parse(time.RFC3339, in.ReceivedAt)
		if err != nil {
			return c, fmt.Errorf("received_at: want RFC 3339 time like 2025-06-01T10:00:00+08:00, got %q", in.ReceivedAt)
		}
		c.ReceivedAt = t
	}
	return c, nil
}

// IDString is the id as text: a JSON string unquoted, a number as written,
// "" for none.
func (in *Input) IDString() string {
	var s string
	if json.Unmarshal(in.ID, &s) == nil {
		return s
	}
	if len(in.ID) == 0 || string(in.ID) == "null" {
		return ""
	}
	return string(in.ID)
}
