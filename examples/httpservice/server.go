package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
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
	// BodyTimeout bounds the reading of a request body, from the moment
	// its handler starts; ReadTimeout, the server's limit on headers and
	// body together, also bounds it when it is smaller. A body not in by
	// then is answered 408. Zero means no limit of the server's own.
	BodyTimeout, ReadTimeout time.Duration
	// ReloadToken, when not empty, is the token every POST
	// /v1/policy/reload must carry as "Authorization: Bearer <token>";
	// when empty, only loopback clients may reload.
	ReloadToken string
}

// A Server is the HTTP handler. It is safe for concurrent use.
type Server struct {
	cfg      Config
	files    []policyFile
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
	s := &Server{cfg: cfg, files: policyFiles(cfg.Policies), mux: http.NewServeMux()}
	r, err := triage.NewReloader(s.load)
	if err != nil {
		return nil, err
	}
	s.reloader = r
	s.mux.HandleFunc("POST /v1/triage", s.triageOne)
	s.mux.HandleFunc("POST /v1/triage/batch", s.triageBatch)
	s.mux.HandleFunc("POST /v1/policy/reload", s.reload)
	s.mux.HandleFunc("GET /v1/policy", s.policy)
	s.mux.HandleFunc("GET /v1/policy/strategies", s.strategies)
	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("ok\n")) })
	return s, nil
}

// ServeHTTP serves one request with the configured time limit.
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

func (s *Server) triageOne(w http.ResponseWriter, r *http.Request) {
	mode, ok := parseStrategyMode(w, r)
	if !ok {
		return
	}
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
	mode.apply(&d)
	writeJSON(w, http.StatusOK, output{ID: in.ID, Decision: d})
}

func (s *Server) triageBatch(w http.ResponseWriter, r *http.Request) {
	mode, ok := parseStrategyMode(w, r)
	if !ok {
		return
	}
	var ins []triage.Input
	if !s.decode(w, r, &ins) {
		return
	}
	if len(ins) > s.cfg.MaxBatch {
		writeJSON(w, http.StatusRequestEntityTooLarge, errorOutput{Error: fmt.Sprintf("batch of %d complaints, more than %d", len(ins), s.cfg.MaxBatch)})
		return
	}
	s.streamBatch(w, r, ins, mode)
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
	if !s.authorizeReload(w, r) {
		return
	}
	if err := s.reloader.Reload(r.Context()); err != nil {
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
