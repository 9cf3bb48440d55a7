package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/tousu/tousu/examples/internal/labelled"
	"github.com/tousu/tousu/rules"
	"github.com/tousu/tousu/triage"
	"github.com/tousu/tousu/triage/triagetest"
)

// The policy studio: one embedded page and a small JSON API over the
// policy files triagectl studio was started with. The page lints as the
// author types, tries complaints, runs the case files and shows the
// impact of an edit; only a save writes, and only to those files.

//go:embed studio/index.html
var studioPage []byte

// studioConfig configures a studio server.
type studioConfig struct {
	// Policies are the policy layers in order, as given with -policy;
	// every one but "builtin" can be edited and saved.
	Policies []string
	// Cases are the cases of the files or folders -cases named, CaseDirs
	// those names: the Test tab reads them again on each run, so that
	// cases edited meanwhile count. Labelled are the labelled complaints
	// -labelled named.
	Cases    []triagetest.Case
	CaseDirs []string
	Labelled []labelled.Labelled
	// Addr is the address the server is bound to (host:port), for the
	// Host and Origin checks.
	Addr string
	// Token must come with every request that writes a file, as the
	// X-Studio-Token header.
	Token string
	// MaxBody bounds a request body, Timeout the handling of a request,
	// as in examples/httpservice.
	MaxBody int64
	Timeout time.Duration
}

// studioServer is the studio's http.Handler. It is safe for concurrent use.
type studioServer struct {
	cfg      studioConfig
	editable map[string]bool
	mux      *http.ServeMux

	saveMu sync.Mutex // serialises saves: read digest, check, write

	cacheMu sync.Mutex
	cache   []*studioBuild // most recent first, a few
}

// studioBuild is the policy built from one set of file contents: its lint
// findings and, when it loads, its engine (built on first use).
type studioBuild struct {
	key      string
	policy   *rules.Policy
	loadErr  error
	problems []studioProblem
	linted   bool

	once   sync.Once
	engine *triage.Engine
	engErr error
}

func newStudio(cfg studioConfig) *studioServer {
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = 8 << 20 // a policy file may be 4 MiB (rules.Limits.MaxFileBytes), JSON-escaped
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	s := &studioServer{cfg: cfg, editable: map[string]bool{}, mux: http.NewServeMux()}
	for _, p := range cfg.Policies {
		if p != builtinName {
			s.editable[p] = true
		}
	}
	s.mux.HandleFunc("GET /{$}", s.page)
	s.mux.HandleFunc("GET /api/state", s.state)
	s.mux.HandleFunc("POST /api/lint", s.lint)
	s.mux.HandleFunc("POST /api/try", s.try)
	s.mux.HandleFunc("POST /api/test", s.test)
	s.mux.HandleFunc("POST /api/impact", s.impact)
	s.mux.HandleFunc("POST /api/save", s.save)
	return s
}

// ServeHTTP refuses a request for another host (DNS rebinding: a page on
// evil.example whose name now resolves to 127.0.0.1 sends Host:
// evil.example) and serves the rest within the time limit.
func (s *studioServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !s.hostAllowed(r.Host) {
		studioJSON(w, http.StatusMisdirectedRequest, studioError{Error: fmt.Sprintf("host %q is not the address the studio is bound to (%s)", r.Host, s.cfg.Addr)})
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.Timeout)
	defer cancel()
	s.mux.ServeHTTP(w, r.WithContext(ctx))
}

// hostAllowed reports whether host (a Host header, or an Origin without
// its scheme) names the bound address: the same host and port, or
// localhost for a loopback address. Bound to every interface, any IP
// literal with the bound port is accepted; a DNS name other than localhost
// never is.
func (s *studioServer) hostAllowed(host string) bool {
	if strings.EqualFold(host, s.cfg.Addr) {
		return true
	}
	bh, bp, err := net.SplitHostPort(s.cfg.Addr)
	if err != nil {
		return false
	}
	h, p, err := net.SplitHostPort(host)
	if err != nil || p != bp {
		return false
	}
	bip, ip := net.ParseIP(bh), net.ParseIP(h)
	switch {
	case bh == "" || bip != nil && bip.IsUnspecified():
		return ip != nil || strings.EqualFold(h, "localhost")
	case isLoopbackHost(bh):
		return isLoopbackHost(h)
	}
	return ip != nil && bip != nil && ip.Equal(bip)
}

// isLoopbackHost reports whether host is a loopback IP address or
// "localhost" (as examples/httpservice decides it).
func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	if i := strings.IndexByte(host, '%'); i >= 0 {
		host = host[:i]
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// authorizeWrite answers 403 itself and returns false unless r carries the
// start-up token and, when a browser sent it, comes from the studio's own
// page: Sec-Fetch-Site same-origin and an Origin naming the bound address.
// A page elsewhere can make the browser send a request but knows neither
// the token nor how to forge those headers.
func (s *studioServer) authorizeWrite(w http.ResponseWriter, r *http.Request) bool {
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" {
		studioJSON(w, http.StatusForbidden, studioError{Error: "cross-site request refused (Sec-Fetch-Site: " + site + ")"})
		return false
	}
	if o := r.Header.Get("Origin"); o != "" {
		rest, ok := strings.CutPrefix(o, "http://")
		if !ok || !s.hostAllowed(rest) {
			studioJSON(w, http.StatusForbidden, studioError{Error: "cross-origin request refused (Origin: " + o + ")"})
			return false
		}
	}
	if !tokenEqual(r.Header.Get("X-Studio-Token"), s.cfg.Token) {
		studioJSON(w, http.StatusForbidden, studioError{Error: "missing or wrong X-Studio-Token: open the address triagectl studio printed at start-up"})
		return false
	}
	return true
}

// tokenEqual compares two tokens in constant time (both hashed first, so
// their lengths do not show either).
func tokenEqual(got, want string) bool {
	g, w := sha256.Sum256([]byte(got)), sha256.Sum256([]byte(want))
	return want != "" && subtle.ConstantTimeCompare(g[:], w[:]) == 1
}

type studioError struct {
	Error    string          `json:"error"`
	Problems []studioProblem `json:"problems,omitempty"`
	Digest   string          `json:"digest,omitempty"`
}

func studioJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// decode reads a JSON body of at most MaxBody bytes into v, answering 415,
// 413 or 400 itself. Requiring application/json also keeps a plain HTML
// form elsewhere from posting here without a CORS preflight.
func (s *studioServer) decode(w http.ResponseWriter, r *http.Request, v any) bool {
	if ct, _, _ := strings.Cut(r.Header.Get("Content-Type"), ";"); strings.TrimSpace(ct) != "application/json" {
		studioJSON(w, http.StatusUnsupportedMediaType, studioError{Error: "content type must be application/json"})
		return false
	}
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.MaxBody))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		studioJSON(w, http.StatusRequestEntityTooLarge, studioError{Error: fmt.Sprintf("request body larger than %d bytes", s.cfg.MaxBody)})
		return false
	case err != nil:
		studioJSON(w, http.StatusBadRequest, studioError{Error: "reading the body: " + err.Error()})
		return false
	}
	if err := json.Unmarshal(b, v); err != nil {
		studioJSON(w, http.StatusBadRequest, studioError{Error: "bad JSON: " + err.Error()})
		return false
	}
	return true
}

func (s *studioServer) page(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	// Nothing from elsewhere: no scripts, styles, fonts, frames or
	// connections but this server.
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Type", "text/html; charset=utf-8")
	w.Write(studioPage)
}

// digestOf is the digest a save must carry: the SHA-256 of the file's
// bytes (of nothing for a file that does not exist yet).
func digestOf(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// readSaved reads an editable file as saved; a missing file reads empty.
func readSaved(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return b, err
}

// prevPath is where a save keeps the version it replaces.
func prevPath(path string) string { return path + ".prev" }

type studioFile struct {
	Path     string `json:"path"`
	Editable bool   `json:"editable"`
	Text     string `json:"text,omitempty"`
	Digest   string `json:"digest,omitempty"`
	// HasPrevious is true when a previous version (FILE.prev) is kept.
	HasPrevious bool `json:"has_previous,omitempty"`
}

type studioState struct {
	Files    []studioFile `json:"files"`
	Policy   *policySum   `json:"policy,omitempty"`
	Axes     []rules.Axis `json:"axes,omitempty"`
	Cases    int          `json:"cases"`
	Labelled int          `json:"labelled"`
	Addr     string       `json:"addr"`
	Limits   studioLimits `json:"limits"`
	Error    string       `json:"error,omitempty"`
	Loaded   bool         `json:"loaded"`
}

type studioLimits struct {
	MaxBody   int64   `json:"max_body"`
	TimeoutMS float64 `json:"timeout_ms"`
}

type policySum struct {
	Name       string `json:"name"`
	Digest     string `json:"digest"`
	Rules      int    `json:"rules"`
	Strategies int    `json:"strategies"`
}

// studioInput is a complaint as the page sends it: triage.Input.
type studioInput = triage.Input

func (s *studioServer) state(w http.ResponseWriter, r *http.Request) {
	st := studioState{Addr: s.cfg.Addr, Cases: len(s.cfg.Cases), Labelled: len(s.cfg.Labelled),
		Limits: studioLimits{MaxBody: s.cfg.MaxBody, TimeoutMS: float64(s.cfg.Timeout.Milliseconds())}}
	for _, p := range s.cfg.Policies {
		f := studioFile{Path: p, Editable: s.editable[p]}
		if f.Editable {
			b, err := readSaved(p)
			if err != nil {
				studioJSON(w, http.StatusInternalServerError, studioError{Error: err.Error()})
				return
			}
			f.Text, f.Digest = string(b), digestOf(b)
			if _, err := os.Stat(prevPath(p)); err == nil {
				f.HasPrevious = true
			}
		}
		st.Files = append(st.Files, f)
	}
	b, err := s.build(nil)
	if err != nil {
		studioJSON(w, http.StatusInternalServerError, studioError{Error: err.Error()})
		return
	}
	if eng, err := b.engineOf(); err == nil {
		st.Loaded = true
		prog := eng.Program()
		st.Policy = &policySum{Name: prog.Name(), Digest: prog.Digest(), Rules: len(prog.Rules()), Strategies: len(prog.Strategies())}
		st.Axes = prog.Axes()
	} else {
		st.Error = err.Error()
	}
	studioJSON(w, http.StatusOK, st)
}

// studioEdit names the file being edited and its text in the editor; the
// policy is the started files with that one replaced. No file means the
// files as saved.
type studioEdit struct {
	File string  `json:"file"`
	Text *string `json:"text"`
}

// overlay returns the file contents e replaces, refusing (403) a path that
// is not one of the files the studio was started with.
func (s *studioServer) overlay(w http.ResponseWriter, e studioEdit) (overlayFS, bool) {
	if e.File == "" && e.Text == nil {
		return nil, true
	}
	if !s.editable[e.File] {
		studioJSON(w, http.StatusForbidden, studioError{Error: fmt.Sprintf("%q is not one of the policy files the studio was started with", e.File)})
		return nil, false
	}
	if e.Text == nil {
		return nil, true
	}
	return overlayFS{e.File: []byte(*e.Text)}, true
}

// overlayFS reads the files it holds from memory and every other path from
// the operating system, as the command line names them.
type overlayFS map[string][]byte

func (o overlayFS) Open(name string) (fs.File, error) {
	if b, ok := o[name]; ok {
		return &memFile{bytes.NewReader(b), filepath.Base(name)}, nil
	}
	return os.Open(name)
}

type memFile struct {
	*bytes.Reader
	name string
}

func (f *memFile) Stat() (fs.FileInfo, error) { return f, nil }
func (f *memFile) Close() error               { return nil }
func (f *memFile) Name() string               { return f.name }
func (f *memFile) Mode() fs.FileMode          { return 0o444 }
func (f *memFile) ModTime() time.Time         { return time.Time{} }
func (f *memFile) IsDir() bool                { return false }
func (f *memFile) Sys() any                   { return nil }

// build loads the policy with the overlay, reusing a recent build of the
// same contents: typing lints, then tries, the same text.
func (s *studioServer) build(over overlayFS) (*studioBuild, error) {
	h := sha256.New()
	for _, p := range s.cfg.Policies {
		b, ok := over[p]
		if !ok && s.editable[p] {
			var err error
			if b, err = readSaved(p); err != nil {
				return nil, err
			}
		}
		fmt.Fprintf(h, "%s\x00%d\x00", p, len(b))
		h.Write(b)
	}
	key := hex.EncodeToString(h.Sum(nil))
	s.cacheMu.Lock()
	for i, b := range s.cache {
		if b.key == key {
			copy(s.cache[1:i+1], s.cache[:i])
			s.cache[0] = b
			s.cacheMu.Unlock()
			return b, nil
		}
	}
	s.cacheMu.Unlock()
	b := &studioBuild{key: key}
	paths := s.cfg.Policies
	if len(paths) == 0 {
		paths = []string{builtinName}
	}
	b.policy, b.loadErr = triage.LoadPolicy(overlayFS(over), paths)
	s.cacheMu.Lock()
	s.cache = append([]*studioBuild{b}, s.cache...)
	if len(s.cache) > 4 {
		s.cache = s.cache[:4]
	}
	s.cacheMu.Unlock()
	return b, nil
}

// engineOf compiles the build's policy once, with traces.
func (b *studioBuild) engineOf() (*triage.Engine, error) {
	b.once.Do(func() {
		if b.loadErr != nil {
			b.engErr = b.loadErr
			return
		}
		prog, err := rules.Compile(b.policy)
		if err != nil {
			b.engErr = err
			return
		}
		b.engine, b.engErr = triage.New(prog, triage.WithTrace())
	})
	return b.engine, b.engErr
}

var lintMu sync.Mutex // guards studioBuild.problems and linted

// lintProblems lints the build once: the loader's and compiler's errors
// when it does not load, rules.Lint's errors and warnings when it does.
func (b *studioBuild) lintProblems() []studioProblem {
	ps, _ := b.lintStage(false)
	return ps
}

// lintStage is lintProblems, or with quick only what loading and
// compiling find (the compiled engine is kept for a try): the positioned
// errors of a policy that does not load, at once, with pending true when
// it loads and lint's own checks, slower on a large policy, are still to
// run.
func (b *studioBuild) lintStage(quick bool) (ps []studioProblem, pending bool) {
	lintMu.Lock()
	done := b.linted
	ps = b.problems
	lintMu.Unlock()
	if done {
		return ps, false
	}
	var diags rules.Errors
	switch {
	case b.loadErr != nil:
		diags = asDiags(b.loadErr)
	case quick:
		if _, err := b.engineOf(); err == nil {
			return []studioProblem{}, true
		} else {
			diags = asDiags(err) // what rules.Lint reports when Compile fails
		}
	default:
		diags = rules.Lint(b.policy)
	}
	ps = make([]studioProblem, 0, len(diags))
	for _, d := range diags {
		sev := "error"
		if d.Warning {
			sev = "warning"
		}
		ps = append(ps, studioProblem{File: d.File, Line: d.Line, Col: d.Col, Code: string(d.Code), Severity: sev,
			Kind: d.Kind, Rule: d.Rule, Message: d.Message("en"), MessageZH: d.Message("zh"), Text: d.Format("en"), TextZH: d.Format("zh")})
	}
	lintMu.Lock()
	b.problems, b.linted = ps, true
	lintMu.Unlock()
	return ps, false
}

// asDiags turns a load or compile error into positioned errors; one that
// is not a policy error (an unreadable file) becomes one without a
// position.
func asDiags(err error) rules.Errors {
	var diags rules.Errors
	if !errors.As(err, &diags) {
		diags = rules.Errors{{Code: rules.Code("TS001"), Err: err}}
	}
	return diags
}

// studioProblem is one lint finding, in both languages.
type studioProblem struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	Col       int    `json:"col"`
	Code      string `json:"code"`
	Severity  string `json:"severity"`
	Kind      string `json:"kind,omitempty"`
	Rule      string `json:"rule,omitempty"`
	Message   string `json:"message"`
	MessageZH string `json:"message_zh"`
	Text      string `json:"text"`
	TextZH    string `json:"text_zh"`
}

// lintRequest asks for the problems of an edit; Quick for the loader's
// and compiler's alone, first (see studioBuild.lintStage).
type lintRequest struct {
	studioEdit
	Quick bool `json:"quick"`
}

type lintResult struct {
	Loads bool `json:"loads"`
	// Pending is true after a quick lint of a policy that loads: lint's
	// warnings (and failing inline examples) are still to come.
	Pending  bool            `json:"pending,omitempty"`
	Errors   int             `json:"errors"`
	Warnings int             `json:"warnings"`
	Problems []studioProblem `json:"problems"`
	MS       float64         `json:"ms"`
}

func (s *studioServer) lint(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	var req lintRequest
	if !s.decode(w, r, &req) {
		return
	}
	over, ok := s.overlay(w, req.studioEdit)
	if !ok {
		return
	}
	b, err := s.build(over)
	if err != nil {
		studioJSON(w, http.StatusInternalServerError, studioError{Error: err.Error()})
		return
	}
	out := lintResult{Loads: b.loadErr == nil}
	out.Problems, out.Pending = b.lintStage(req.Quick)
	for _, p := range out.Problems {
		if p.Severity == "error" {
			out.Errors++
			out.Loads = false // an inline example that fails (TS018) is an error too
		} else {
			out.Warnings++
		}
	}
	out.MS = ms(time.Since(start))
	studioJSON(w, http.StatusOK, out)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// engine returns the engine of the edited policy or, when that does not
// load, of the saved one; from says which ("editor" or "saved").
func (s *studioServer) engine(w http.ResponseWriter, e studioEdit) (eng *triage.Engine, from string, ok bool) {
	over, ok := s.overlay(w, e)
	if !ok {
		return nil, "", false
	}
	from = "saved"
	if over != nil {
		from = "editor"
	}
	for {
		b, err := s.build(over)
		if err != nil {
			studioJSON(w, http.StatusInternalServerError, studioError{Error: err.Error()})
			return nil, "", false
		}
		eng, err := b.engineOf()
		if err == nil {
			return eng, from, true
		}
		if over == nil {
			studioJSON(w, http.StatusUnprocessableEntity, studioError{Error: "the saved policy does not load: " + err.Error()})
			return nil, "", false
		}
		over, from = nil, "saved"
	}
}

type tryRequest struct {
	studioEdit
	Complaint studioInput `json:"complaint"`
}

// nearMiss is a rule that nearly fired, with what the page needs to say
// why in either language.
type nearMiss struct {
	triage.NearMiss
	HasTerms bool   `json:"has_terms"`
	Text     string `json:"text"`
}

// segment is a run of the complaint's text, marked when it is evidence.
type segment struct {
	Text  string   `json:"text"`
	Mark  bool     `json:"mark,omitempty"`
	Rules []string `json:"rules,omitempty"`
	Start int      `json:"start"`
	End   int      `json:"end"`
}

type tryResult struct {
	From     string          `json:"from"`
	Decision triage.Decision `json:"decision"`
	Segments []segment       `json:"segments"`
	// NearMisses are the trace's, with the sentence triagectl explain
	// prints for each; Explain is all that explain prints.
	NearMisses []nearMiss `json:"near_misses"`
	Explain    string     `json:"explain"`
	MS         float64    `json:"ms"`
}

func (s *studioServer) try(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	var req tryRequest
	if !s.decode(w, r, &req) {
		return
	}
	c, err := req.Complaint.Complaint()
	if err != nil {
		studioJSON(w, http.StatusBadRequest, studioError{Error: err.Error()})
		return
	}
	if c.ID == "" {
		c.ID = "text"
	}
	eng, from, ok := s.engine(w, req.studioEdit)
	if !ok {
		return
	}
	d, err := eng.Triage(r.Context(), c)
	if err != nil {
		studioJSON(w, http.StatusUnprocessableEntity, studioError{Error: err.Error()})
		return
	}
	out := tryResult{From: from, Decision: d, Segments: segments(c.Text, d), NearMisses: []nearMiss{}}
	if d.Trace != nil {
		for _, m := range d.Trace.NearMisses {
			out.NearMisses = append(out.NearMisses, nearMiss{m, m.HasTerms, m.String()})
		}
	}
	var b strings.Builder
	explain(&b, c, d, false)
	out.Explain = b.String()
	out.MS = ms(time.Since(start))
	studioJSON(w, http.StatusOK, out)
}

// segments cuts text at the evidence spans of d (byte offsets), as
// highlight marks them: overlapping spans join the first.
func segments(text string, d triage.Decision) []segment {
	type span struct {
		start, end int
		rule       string
	}
	var spans []span
	for _, e := range d.Evidence {
		for _, t := range e.Terms {
			if 0 <= t.Start && t.Start <= t.End && t.End <= len(text) {
				spans = append(spans, span{t.Start, t.End, e.Rule})
			}
		}
	}
	sort.SliceStable(spans, func(i, j int) bool {
		return spans[i].start < spans[j].start || spans[i].start == spans[j].start && spans[i].end > spans[j].end
	})
	out := []segment{}
	pos := 0
	for _, sp := range spans {
		if sp.start < pos {
			if n := len(out); n > 0 && out[n-1].Mark && sp.end <= pos && !slices.Contains(out[n-1].Rules, sp.rule) {
				out[n-1].Rules = append(out[n-1].Rules, sp.rule)
			}
			continue
		}
		if sp.start > pos {
			out = append(out, segment{Text: text[pos:sp.start], Start: pos, End: sp.start})
		}
		out = append(out, segment{Text: text[sp.start:sp.end], Mark: true, Rules: []string{sp.rule}, Start: sp.start, End: sp.end})
		pos = sp.end
	}
	if pos < len(text) || len(out) == 0 {
		out = append(out, segment{Text: text[pos:], Start: pos, End: len(text)})
	}
	return out
}

func (s *studioServer) test(w http.ResponseWriter, r *http.Request) {
	var e studioEdit
	if !s.decode(w, r, &e) {
		return
	}
	if len(s.cfg.Cases) == 0 {
		studioJSON(w, http.StatusBadRequest, studioError{Error: "no cases: start the studio with -cases DIR"})
		return
	}
	cases := s.cfg.Cases
	if len(s.cfg.CaseDirs) > 0 {
		cases = nil
		for _, dir := range s.cfg.CaseDirs {
			cs, err := triagetest.Load(dir)
			if err != nil {
				studioJSON(w, http.StatusUnprocessableEntity, studioError{Error: err.Error()})
				return
			}
			cases = append(cases, cs...)
		}
	}
	eng, from, ok := s.engine(w, e)
	if !ok {
		return
	}
	rep, err := triagetest.RunCases(eng, cases, triagetest.WithContext(r.Context()))
	if err != nil {
		studioJSON(w, http.StatusUnprocessableEntity, studioError{Error: err.Error()})
		return
	}
	out := summarise(eng, rep, true)
	studioJSON(w, http.StatusOK, struct {
		From string `json:"from"`
		testReport
	}{from, out})
}

type impactRequest struct {
	studioEdit
	// Against is "saved" (the default: the editor's text against the file
	// as saved) or "previous" (the saved file against the version the last
	// save replaced).
	Against string `json:"against"`
}

type impactRow struct {
	ID      string   `json:"id"`
	Text    string   `json:"text"`
	Changes []string `json:"changes"`
}

type transitionCount struct {
	Transition string `json:"transition"`
	Count      int    `json:"count"`
}

type impactResult struct {
	Against     string            `json:"against"`
	Samples     string            `json:"samples"` // "labelled" or "cases"
	N           int               `json:"n"`
	Changed     int               `json:"changed"`
	Rows        []impactRow       `json:"rows"`
	Transitions []transitionCount `json:"transitions"`
	Before      *labelled.Report  `json:"before,omitempty"`
	After       *labelled.Report  `json:"after,omitempty"`
	SVG         string            `json:"svg,omitempty"`
	MS          float64           `json:"ms"`
}

// maxImpactRows bounds the changed complaints listed (all are counted).
const maxImpactRows = 200

func (s *studioServer) impact(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	var req impactRequest
	if !s.decode(w, r, &req) {
		return
	}
	items, samples := s.cfg.Labelled, "labelled"
	if len(items) == 0 {
		samples = "cases"
		for _, c := range s.cfg.Cases {
			cp := c.Complaint
			if cp.ID == "" {
				cp.ID = c.Name
			}
			items = append(items, labelled.Labelled{Complaint: cp})
		}
	}
	if len(items) == 0 {
		studioJSON(w, http.StatusBadRequest, studioError{Error: "no complaints to compare: start the studio with -labelled FILE.jsonl or -cases DIR"})
		return
	}
	var base, head overlayFS
	switch req.Against {
	case "", "saved":
		req.Against = "saved"
		var ok bool
		if head, ok = s.overlay(w, req.studioEdit); !ok {
			return
		}
	case "previous":
		if _, ok := s.overlay(w, studioEdit{File: req.File}); !ok {
			return
		}
		base = overlayFS{}
		for p := range s.editable {
			if b, err := os.ReadFile(prevPath(p)); err == nil {
				base[p] = b
			}
		}
	default:
		studioJSON(w, http.StatusBadRequest, studioError{Error: `against must be "saved" or "previous"`})
		return
	}
	var engs [2]*triage.Engine
	for i, over := range []overlayFS{base, head} {
		b, err := s.build(over)
		if err == nil {
			engs[i], err = b.engineOf()
		}
		if err != nil {
			which := []string{"the base", "the edited"}[i]
			studioJSON(w, http.StatusUnprocessableEntity, studioError{Error: which + " policy does not load: " + err.Error()})
			return
		}
	}
	out := impactResult{Against: req.Against, Samples: samples, N: len(items), Rows: []impactRow{}, Transitions: []transitionCount{}}
	counts := map[string]int{}
	for _, it := range items {
		var ds [2]triage.Decision
		for i, e := range engs {
			d, err := e.Triage(r.Context(), it.Complaint)
			if err != nil {
				studioJSON(w, http.StatusUnprocessableEntity, studioError{Error: it.Complaint.ID + ": " + err.Error()})
				return
			}
			ds[i] = d
		}
		ch := changes(ds[0], ds[1])
		for _, c := range ch {
			counts[c]++
		}
		if len(ch) > 0 {
			out.Changed++
			if len(out.Rows) < maxImpactRows {
				out.Rows = append(out.Rows, impactRow{ID: it.Complaint.ID, Text: it.Complaint.Text, Changes: ch})
			}
		}
	}
	for _, k := range sortedTransitions(counts) {
		out.Transitions = append(out.Transitions, transitionCount{k, counts[k]})
	}
	if samples == "labelled" {
		for i, e := range engs {
			rep, err := labelled.Evaluate(r.Context(), e, items)
			if err != nil {
				studioJSON(w, http.StatusUnprocessableEntity, studioError{Error: err.Error()})
				return
			}
			rep.Misses = nil
			if i == 0 {
				out.Before = rep
			} else {
				out.After = rep
			}
		}
		out.SVG = impactSVG(out.Before, out.After)
	}
	out.MS = ms(time.Since(start))
	studioJSON(w, http.StatusOK, out)
}

type saveRequest struct {
	File string `json:"file"`
	Text string `json:"text"`
	// BaseDigest is the digest of the file the edit started from
	// (studioFile.Digest); a save over a file changed since is 409.
	BaseDigest string `json:"base_digest"`
}

type saveResult struct {
	File     string `json:"file"`
	Digest   string `json:"digest"`
	Previous string `json:"previous"`
	Policy   string `json:"policy_digest"`
}

func (s *studioServer) save(w http.ResponseWriter, r *http.Request) {
	if !s.authorizeWrite(w, r) {
		return
	}
	var req saveRequest
	if !s.decode(w, r, &req) {
		return
	}
	over, ok := s.overlay(w, studioEdit{File: req.File, Text: &req.Text})
	if !ok {
		return
	}
	s.saveMu.Lock()
	defer s.saveMu.Unlock()
	old, err := readSaved(req.File)
	if err != nil {
		studioJSON(w, http.StatusInternalServerError, studioError{Error: err.Error()})
		return
	}
	if cur := digestOf(old); req.BaseDigest != cur {
		studioJSON(w, http.StatusConflict, studioError{Error: "the file changed since it was opened: reload it and apply the edit again", Digest: cur})
		return
	}
	b, err := s.build(over)
	if err != nil {
		studioJSON(w, http.StatusInternalServerError, studioError{Error: err.Error()})
		return
	}
	// Only a policy that loads is saved: no loader error, and no error of
	// lint either (an inline example that fails, TS018, is one).
	var ps []studioProblem
	for _, p := range b.lintProblems() {
		if p.Severity == "error" {
			ps = append(ps, p)
		}
	}
	eng, err := b.engineOf()
	if err != nil || len(ps) > 0 {
		studioJSON(w, http.StatusUnprocessableEntity, studioError{Error: "not saved: the policy does not load", Problems: ps})
		return
	}
	if err := writeAtomic(prevPath(req.File), old); err != nil {
		studioJSON(w, http.StatusInternalServerError, studioError{Error: "keeping the previous version: " + err.Error()})
		return
	}
	if err := writeAtomic(req.File, []byte(req.Text)); err != nil {
		studioJSON(w, http.StatusInternalServerError, studioError{Error: err.Error()})
		return
	}
	studioJSON(w, http.StatusOK, saveResult{File: req.File, Digest: digestOf([]byte(req.Text)), Previous: prevPath(req.File), Policy: eng.Policy().Digest})
}

// writeAtomic writes b to path through a temporary file in the same
// folder, synced and renamed over it: a reader sees the old file or the
// new, never half of one. The file keeps its permissions.
func writeAtomic(path string, b []byte) (err error) {
	mode := fs.FileMode(0o644)
	if fi, err := os.Stat(path); err == nil {
		mode = fi.Mode().Perm()
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err = f.Write(b); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Chmod(mode); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
