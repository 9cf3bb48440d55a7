package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/tousu/tousu/classify"
)

// charsets are the request charsets accepted, besides UTF-8; their bodies
// are decoded with classify.Decode before the JSON is parsed (GBK and Big5
// trail bytes include the JSON escape character, so the bytes cannot be
// parsed first).
var charsets = map[string]bool{"utf-8": true, "gbk": true, "gb18030": true, "big5": true, "utf-16": true}

// decode reads a JSON body into v, answering 415, 413, 408 or 400 itself.
// The body must be one JSON value in a charset of charsets (UTF-8 when
// none is declared; UTF-16 needs a byte order mark), arrive within the
// body timeout and be followed by nothing but white space.
func (s *Server) decode(w http.ResponseWriter, r *http.Request, v any) bool {
	ctype := r.Header.Get("Content-Type")
	mt, params, err := mime.ParseMediaType(ctype)
	if err != nil || mt != "application/json" {
		writeJSON(w, http.StatusUnsupportedMediaType, errorOutput{Error: fmt.Sprintf("content type must be application/json, not %q", ctype)})
		return false
	}
	charset := strings.ToLower(params["charset"])
	if charset != "" && !charsets[charset] {
		writeJSON(w, http.StatusUnsupportedMediaType, errorOutput{Error: fmt.Sprintf("charset %q not supported (want utf-8, gbk, gb18030, big5 or utf-16)", params["charset"])})
		return false
	}
	b, ok := s.readBody(w, r)
	if !ok {
		return false
	}
	text, _, err := classify.Decode(b, charset)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, errorOutput{Error: fmt.Sprintf("body is not %s: %v", charset, err)})
		return false
	}
	dec := json.NewDecoder(strings.NewReader(text))
	if err := dec.Decode(v); err != nil {
		writeJSON(w, http.StatusBadRequest, errorOutput{Error: "bad JSON: " + err.Error()})
		return false
	}
	if end := dec.InputOffset(); !isEOF(dec) {
		writeJSON(w, http.StatusBadRequest, errorOutput{Error: fmt.Sprintf("bad JSON: data after the JSON value, which ends at byte %d", end)})
		return false
	}
	return true
}

// isEOF reports whether dec has nothing but white space left.
func isEOF(dec *json.Decoder) bool {
	_, err := dec.Token()
	return err == io.EOF
}

// readBody reads the whole body, at most MaxBody bytes, within the body
// timeout (and never later than ReadTimeout after the headers): a client
// sending slowly holds a connection and a goroutine, not a server. It
// answers 413 or 408 itself.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	rc := http.NewResponseController(w)
	if d := s.bodyTimeout(); d > 0 {
		// An error means the connection cannot take deadlines (a test
		// recorder); the server's own timeouts still apply.
		_ = rc.SetReadDeadline(time.Now().Add(d))
	}
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.MaxBody))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		writeJSON(w, http.StatusRequestEntityTooLarge, errorOutput{Error: fmt.Sprintf("request body larger than %d bytes", s.cfg.MaxBody)})
		return nil, false
	case errors.Is(err, os.ErrDeadlineExceeded):
		writeJSON(w, http.StatusRequestTimeout, errorOutput{Error: fmt.Sprintf("request body not received within %v", s.bodyTimeout())})
		return nil, false
	case err != nil:
		writeJSON(w, http.StatusBadRequest, errorOutput{Error: "reading the body: " + err.Error()})
		return nil, false
	}
	// The body is in: lift the deadline, so that the server's background
	// read, which watches for the client going away, does not time out and
	// cancel the request while it is being triaged.
	_ = rc.SetReadDeadline(time.Time{})
	return b, true
}

// bodyTimeout is the smaller of BodyTimeout and ReadTimeout, 0 for none.
func (s *Server) bodyTimeout() time.Duration {
	d := s.cfg.BodyTimeout
	if rt := s.cfg.ReadTimeout; rt > 0 && (d <= 0 || rt < d) {
		d = rt
	}
	return d
}
