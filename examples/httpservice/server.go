package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"time"

	"github.com/tousu/tousu/rules"
	"github.com/tousu/tousu/triage"
)

// Config configures a Server.
type Config struct {
	// Policies are the policy files, layers in order; "builtin" (or none)
	// is the built-in policy.
	Policies []string
	// MaxBody bounds a request body; Timeout one request.
	MaxBody int64
	Timeout time.Duration
	// MaxBatch bounds the complaints of one batch request (default 1000).
	MaxBatch int
}

// A Server is the HTTP handler. It is safe for concurrent use.
type Server struct {
	cfg      Config
	reloader *triage.Reloader
	mux      *http.ServeMux
}

// NewServer loads the policy and builds the handler.
func NewServer(cfg Config) (*Server, error) {
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = 1 << 20
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Second
	}
	if cfg.MaxBatch <= 0 {
		cfg.MaxBatch = 1000
	}
	s := &Server{cfg: cfg, mux: http.NewServeMux()}
	r, err := triage.NewReloader(s.load)
	if err != nil {
		return nil, err
	}
	s.reloader = r
	s.mux.HandleFunc("POST /v1/triage", s.triageOne)
	s.mux.HandleFunc("POST /v1/triage/batch", s.triageBatch)
	s.mux.HandleFunc("POST /v1/policy/reload", s.reload)
	s.mux.HandleFunc("GET /v1/policy", s.policy)
	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("ok\n")) })
	return s, nil
}

// load reads the policy files ("builtin" names the built-in policy).
func (s *Server) load() (*rules.Program, error) {
	if len(s.cfg.Policies) == 0 {
		return triage.Load(nil, []string{"builtin"})
	}
	return triage.Load(osFS{}, s.cfg.Policies)
}

// osFS opens files by the paths the service was started with.
type osFS struct{}

func (osFS) Open(name string) (fs.File, error) { return os.Open(name) }

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.Timeout)
	defer cancel()
	s.mux.ServeHTTP(w, r.WithContext(ctx))
}

type output struct {
	ID json.RawMessage `json:"id"`
	triage.Decision
}

type errorOutput struct {
	ID    json.RawMessage `json:"id,omitempty"`
	Error string          `json:"error"`
	// Errors are a failed reload's positioned errors, one per mistake.
	Errors []string `json:"errors,omitempty"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// decode reads a JSON body into v, answering 415, 413 or 400 itself.
func (s *Server) decode(w http.ResponseWriter, r *http.Request, v any) bool {
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		writeJSON(w, http.StatusUnsupportedMediaType, errorOutput{Error: fmt.Sprintf("content type must be application/json, not %q", r.Header.Get("Content-Type"))})
		return false
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, s.cfg.MaxBody))
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeJSON(w, http.StatusRequestEntityTooLarge, errorOutput{Error: fmt.Sprintf("request body larger than %d bytes", s.cfg.MaxBody)})
		} else {
			writeJSON(w, http.StatusBadRequest, errorOutput{Error: "bad JSON: " + err.Error()})
		}
		return false
	}
	return true
}

func (s *Server) triageOne(w http.ResponseWriter, r *http.Request) {
	var in triage.Input
	if !s.decode(w, r, &in) {
		return
	}
	c, err := in.Complaint()
	if err != nil {
		writeJSON(w, http.StatusBadRequest, errorOutput{ID: in.ID, Error: err.Error()})
		return
	}
	d, err := s.reloader.Triage(r.Context(), c)
	if err != nil {
		writeJSON(w, http.StatusUnprocessableEntity, errorOutput{ID: in.ID, Error: err.Error()})
		return
	}
	writeJSON(w, http.StatusOK, output{ID: in.ID, Decision: d})
}

func (s *Server) triageBatch(w http.ResponseWriter, r *http.Request) {
	var ins []triage.Input
	if !s.decode(w, r, &ins) {
		return
	}
	if len(ins) > s.cfg.MaxBatch {
		writeJSON(w, http.StatusRequestEntityTooLarge, errorOutput{Error: fmt.Sprintf("batch of %d complaints, more than %d", len(ins), s.cfg.MaxBatch)})
		return
	}
	out := make([]any, len(ins))
	var cs []triage.Complaint
	var idx []int
	for i := range ins {
		c, err := ins[i].Complaint()
		if err != nil {
			out[i] = errorOutput{ID: ins[i].ID, Error: err.Error()}
			continue
		}
		cs = append(cs, c)
		idx = append(idx, i)
	}
	for j, res := range s.reloader.Engine().TriageBatch(r.Context(), cs, 0) {
		i := idx[j]
		if res.Err != nil {
			out[i] = errorOutput{ID: ins[i].ID, Error: res.Err.Error()}
		} else {
			out[i] = output{ID: ins[i].ID, Decision: res.Decision}
		}
	}
	writeJSON(w, http.StatusOK, out)
}

type policyInfo struct {
	Name   string `json:"name"`
	Digest string `json:"digest"`
	Rules  int    `json:"rules"`
}

func (s *Server) info() policyInfo {
	e := s.reloader.Engine()
	return policyInfo{Name: e.Policy().Name, Digest: e.Policy().Digest, Rules: len(e.Program().Rules())}
}

func (s *Server) policy(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.info())
}

func (s *Server) reload(w http.ResponseWriter, r *http.Request) {
	if err := s.reloader.Reload(); err != nil {
		out := errorOutput{Error: "reload failed; still serving " + s.info().Digest}
		var es rules.Errors
		if errors.As(err, &es) {
			for _, e := range es {
				out.Errors = append(out.Errors, e.Error())
			}
		} else {
			out.Errors = []string{err.Error()}
		}
		writeJSON(w, http.StatusUnprocessableEntity, out)
		return
	}
	writeJSON(w, http.StatusOK, s.info())
}
