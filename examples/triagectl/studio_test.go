package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tousu/tousu/examples/internal/labelled"
	"github.com/tousu/tousu/triage/triagetest"
)

const studioTestToken = "0123456789abcdef0123456789abcdef"

// studioFixture is a studio on a copy of testdata/studio/ours.yaml layered
// on the built-in policy, with its cases and labelled complaints.
type studioFixture struct {
	srv  *studioServer
	file string // the editable policy file
	orig string // its text at start
}

func newStudioFixture(t *testing.T) *studioFixture {
	t.Helper()
	src, err := os.ReadFile("testdata/studio/ours.yaml")
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "ours.yaml")
	if err := os.WriteFile(file, src, 0o644); err != nil {
		t.Fatal(err)
	}
	cases, err := triagetest.Load("testdata/studio/cases")
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("testdata/studio/labelled.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	items, err := labelled.ReadLabelled(f)
	if err != nil {
		t.Fatal(err)
	}
	srv := newStudio(studioConfig{Policies: []string{"builtin", file}, Cases: cases, Labelled: items,
		Addr: "127.0.0.1:8090", Token: studioTestToken})
	return &studioFixture{srv: srv, file: file, orig: string(src)}
}

// req is one request to the studio as its own page would send it, changed
// by the options.
type req struct {
	method, path string
	body         any
	host         string
	header       map[string]string
}

func (f *studioFixture) do(t *testing.T, r req) (int, map[string]any, *httptest.ResponseRecorder) {
	t.Helper()
	var body io.Reader
	if r.body != nil {
		b, ok := r.body.([]byte)
		if !ok {
			var err error
			if b, err = json.Marshal(r.body); err != nil {
				t.Fatal(err)
			}
		}
		body = bytes.NewReader(b)
	}
	if r.method == "" {
		r.method = "POST"
	}
	hr := httptest.NewRequest(r.method, r.path, body)
	hr.Host = "127.0.0.1:8090"
	if r.host != "" {
		hr.Host = r.host
	}
	if r.method == "POST" {
		hr.Header.Set("Content-Type", "application/json")
		hr.Header.Set("Origin", "http://127.0.0.1:8090")
		hr.Header.Set("Sec-Fetch-Site", "same-origin")
		if r.path == "/api/save" {
			hr.Header.Set("X-Studio-Token", studioTestToken)
		}
	}
	for k, v := range r.header {
		if v == "" {
			hr.Header.Del(k)
		} else {
			hr.Header.Set(k, v)
		}
	}
	w := httptest.NewRecorder()
	f.srv.ServeHTTP(w, hr)
	var m map[string]any
	if strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(w.Body.Bytes(), &m); err != nil {
			t.Fatalf("%s %s: %v\n%s", r.method, r.path, err, w.Body.String())
		}
	}
	return w.Code, m, w
}

func (f *studioFixture) edit(text string) map[string]any {
	return map[string]any{"file": f.file, "text": text}
}

func TestStudioPage(t *testing.T) {
	f := newStudioFixture(t)
	code, _, w := f.do(t, req{method: "GET", path: "/"})
	if code != 200 || !strings.Contains(w.Body.String(), "策略工作台") {
		t.Fatalf("GET / = %d\n%.200s", code, w.Body.String())
	}
	if csp := w.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "connect-src 'self'") {
		t.Errorf("CSP %q", csp)
	}
	// Nothing from elsewhere: no external script, style, font or image.
	for _, bad := range []string{"<script src", "<link", "@import", "url(", "https://", "http://"} {
		if strings.Contains(string(studioPage), bad) {
			t.Errorf("the page contains %q: it must need nothing from the network", bad)
		}
	}
	if code, _, _ := f.do(t, req{method: "GET", path: "/other"}); code != 404 {
		t.Errorf("GET /other = %d, want 404", code)
	}
}

func TestStudioState(t *testing.T) {
	f := newStudioFixture(t)
	code, m, _ := f.do(t, req{method: "GET", path: "/api/state"})
	if code != 200 {
		t.Fatalf("state = %d %v", code, m)
	}
	files := m["files"].([]any)
	if len(files) != 2 || files[0].(map[string]any)["editable"] != false {
		t.Fatalf("files %v", files)
	}
	ours := files[1].(map[string]any)
	if ours["text"] != f.orig || ours["digest"] != digestOf([]byte(f.orig)) || ours["editable"] != true {
		t.Errorf("ours %v", ours)
	}
	if m["loaded"] != true || m["cases"] != 2.0 || m["labelled"] != 6.0 {
		t.Errorf("state %v", m)
	}
}

func TestStudioLint(t *testing.T) {
	f := newStudioFixture(t)
	code, m, _ := f.do(t, req{path: "/api/lint", body: f.edit(f.orig)})
	if code != 200 || m["loads"] != true || m["errors"] != 0.0 || m["pending"] != nil {
		t.Fatalf("lint of the original = %d %v", code, m)
	}
	// Quick: what loading finds, and that the rest is pending.
	quick := f.edit(f.orig + "# quick\n")
	quick["quick"] = true
	if _, m, _ := f.do(t, req{path: "/api/lint", body: quick}); m["loads"] != true || m["pending"] != true || len(m["problems"].([]any)) != 0 {
		t.Errorf("quick lint of a policy that loads: %v", m)
	}
	quick["quick"] = false
	if _, m, _ := f.do(t, req{path: "/api/lint", body: quick}); m["pending"] != nil {
		t.Errorf("full lint after the quick one: %v", m)
	}
	// A typo in the lexicon reference on line 12: "      any: [$refund_stuck]".
	typo := strings.Replace(f.orig, "[$refund_stuck]", "[$refund_stuk]", 1)
	typoQuick := f.edit(typo)
	typoQuick["quick"] = true
	code, m, _ = f.do(t, req{path: "/api/lint", body: typoQuick})
	if code != 200 || m["loads"] != false || m["pending"] != nil {
		t.Fatalf("quick lint of the typo = %d %v", code, m)
	}
	quickProblems := m["problems"]
	code, m, _ = f.do(t, req{path: "/api/lint", body: f.edit(typo)})
	if code != 200 || m["loads"] != false {
		t.Fatalf("lint of the typo = %d %v", code, m)
	}
	if fmt.Sprint(quickProblems) != fmt.Sprint(m["problems"]) {
		t.Errorf("quick and full lint of a policy that does not load differ:\n%v\n%v", quickProblems, m["problems"])
	}
	var found bool
	for _, p := range m["problems"].([]any) {
		p := p.(map[string]any)
		if p["code"] == "TS004" {
			found = true
			if p["file"] != f.file || p["line"] != 12.0 || p["col"] != 13.0 || p["severity"] != "error" {
				t.Errorf("TS004 at %v:%v:%v (%v), want %s:12:13", p["file"], p["line"], p["col"], p["severity"], f.file)
			}
			if !strings.Contains(p["message"].(string), "did you mean $refund_stuck?") || !strings.Contains(p["message_zh"].(string), "是不是 $refund_stuck") {
				t.Errorf("messages %q / %q lack the fix", p["message"], p["message_zh"])
			}
		}
	}
	if !found {
		t.Errorf("no TS004 in %v", m["problems"])
	}
	// A warning: an unused lexicon loads, with TS101 at its line.
	unused := f.orig + "extend:\n  $refund_stuck: [退款被驳回]\n"
	_, m, _ = f.do(t, req{path: "/api/lint", body: f.edit(strings.Replace(unused, "lexicons:\n", "lexicons:\n  spare: [多余]\n", 1))})
	if m["loads"] != true || m["warnings"].(float64) < 1 {
		t.Errorf("lint with an unused lexicon: %v", m)
	}
}

func TestStudioTry(t *testing.T) {
	f := newStudioFixture(t)
	text := "申请仅退款被商家拒绝了，我要投诉到平台"
	complaint := map[string]any{"text": text, "customer": map[string]any{"tier": "黄金", "prior_complaints": 2},
		"order": map[string]any{"amount": 399}, "channel": "在线客服", "received_at": "2026-06-01T10:00:00+08:00"}
	body := f.edit(f.orig)
	body["complaint"] = complaint
	code, m, _ := f.do(t, req{path: "/api/try", body: body})
	if code != 200 {
		t.Fatalf("try = %d %v", code, m)
	}
	if m["from"] != "editor" {
		t.Errorf("from %v", m["from"])
	}
	var joined strings.Builder
	var marked []string
	for _, s := range m["segments"].([]any) {
		s := s.(map[string]any)
		joined.WriteString(s["text"].(string))
		if s["mark"] == true {
			marked = append(marked, fmt.Sprint(s["text"], s["rules"]))
		}
	}
	if joined.String() != text {
		t.Errorf("segments join to %q", joined.String())
	}
	if !strings.Contains(strings.Join(marked, " "), "仅退款[ours-refund-stuck") {
		t.Errorf("marked %v", marked)
	}
	d := m["decision"].(map[string]any)
	if d["cause"] != "service" || d["strategy"].(map[string]any)["id"] == "" || d["respond_by"] == nil {
		t.Errorf("decision cause %v strategy %v respond_by %v", d["cause"], d["strategy"], d["respond_by"])
	}
	if d["trace"] == nil || !strings.Contains(m["explain"].(string), "ours-refund-stuck → cause=service") {
		t.Errorf("explain %q", m["explain"])
	}
	// An edit that does not load: the saved policy decides, and says so.
	body["text"] = "rules: ["
	_, m, _ = f.do(t, req{path: "/api/try", body: body})
	if m["from"] != "saved" {
		t.Errorf("a broken edit: from %v", m["from"])
	}
	// A complaint without text is the client's mistake.
	body["complaint"] = map[string]any{"channel": "x"}
	if code, _, _ := f.do(t, req{path: "/api/try", body: body}); code != 400 {
		t.Errorf("no text: %d", code)
	}
}

func TestStudioTest(t *testing.T) {
	f := newStudioFixture(t)
	code, m, _ := f.do(t, req{path: "/api/test", body: f.edit(f.orig)})
	if code != 200 || m["passed"] != 2.0 || m["failed"] != 0.0 {
		t.Fatalf("test = %d %v", code, m)
	}
	cov := m["coverage"].(map[string]any)
	if cov["rules"].(map[string]any)["ours-refund-stuck"] != 1.0 {
		t.Errorf("coverage %v", cov["rules"])
	}
	// Make the rule vote price: the case wanting service fails, with its diff.
	changed := strings.Replace(f.orig, "cause: service", "cause: price", 1)
	_, m, _ = f.do(t, req{path: "/api/test", body: f.edit(changed)})
	if m["failed"] != 1.0 {
		t.Fatalf("changed: %v", m)
	}
	fail := m["failures"].([]any)[0].(map[string]any)
	if fail["name"] != "退款被拒" || !strings.Contains(fail["diff"].(string), "cause: want service, got price") {
		t.Errorf("failure %v", fail)
	}
}

func TestStudioImpact(t *testing.T) {
	f := newStudioFixture(t)
	changed := strings.Replace(f.orig, "cause: service", "cause: price", 1)
	code, m, _ := f.do(t, req{path: "/api/impact", body: f.edit(changed)})
	if code != 200 {
		t.Fatalf("impact = %d %v", code, m)
	}
	if m["samples"] != "labelled" || m["n"] != 6.0 || m["changed"].(float64) < 1 {
		t.Errorf("impact %v", m)
	}
	tr := m["transitions"].([]any)[0].(map[string]any)
	if tr["transition"] != "cause service→price" || tr["count"].(float64) < 1 {
		t.Errorf("transitions %v", m["transitions"])
	}
	svg := m["svg"].(string)
	if strings.Count(svg, "<svg") != 3 || !strings.Contains(svg, `class="acc-after"`) {
		t.Errorf("svg: %.300s", svg)
	}
	before := m["before"].(map[string]any)["axes"].([]any)[0].(map[string]any)
	after := m["after"].(map[string]any)["axes"].([]any)[0].(map[string]any)
	if before["axis"] != "cause" || before["accuracy"].(float64) <= after["accuracy"].(float64) {
		t.Errorf("cause accuracy before %v after %v", before["accuracy"], after["accuracy"])
	}
	// Against the previous version: none yet, so nothing changes.
	_, m, _ = f.do(t, req{path: "/api/impact", body: map[string]any{"file": f.file, "against": "previous"}})
	if m["changed"] != 0.0 {
		t.Errorf("against previous without one: %v", m)
	}
	// Save the change: against the previous version, it shows.
	if code, m, _ := f.do(t, req{path: "/api/save", body: map[string]any{"file": f.file, "text": changed, "base_digest": digestOf([]byte(f.orig))}}); code != 200 {
		t.Fatalf("save = %d %v", code, m)
	}
	_, m, _ = f.do(t, req{path: "/api/impact", body: map[string]any{"file": f.file, "against": "previous"}})
	if m["changed"].(float64) < 1 {
		t.Errorf("against previous after the save: %v", m)
	}
	if code, _, _ := f.do(t, req{path: "/api/impact", body: map[string]any{"file": f.file, "against": "yesterday"}}); code != 400 {
		t.Errorf("against yesterday: %d", code)
	}
}

func TestStudioSave(t *testing.T) {
	f := newStudioFixture(t)
	base := digestOf([]byte(f.orig))
	edited := strings.Replace(f.orig, "不给退款]", "不给退款, 退款申请被驳回]", 1)
	code, m, _ := f.do(t, req{path: "/api/save", body: map[string]any{"file": f.file, "text": edited, "base_digest": base}})
	if code != 200 {
		t.Fatalf("save = %d %v", code, m)
	}
	if got, _ := os.ReadFile(f.file); string(got) != edited {
		t.Errorf("file after save:\n%s", got)
	}
	if prev, _ := os.ReadFile(f.file + ".prev"); string(prev) != f.orig {
		t.Errorf(".prev after save:\n%s", prev)
	}
	if m["digest"] != digestOf([]byte(edited)) {
		t.Errorf("digest %v", m["digest"])
	}
	// A save based on the old digest is stale: 409, nothing written.
	code, m, _ = f.do(t, req{path: "/api/save", body: map[string]any{"file": f.file, "text": f.orig, "base_digest": base}})
	if code != 409 || m["digest"] != digestOf([]byte(edited)) {
		t.Errorf("stale save = %d %v", code, m)
	}
	if got, _ := os.ReadFile(f.file); string(got) != edited {
		t.Errorf("a stale save wrote the file")
	}
	// A policy that does not load is never saved.
	broken := strings.Replace(edited, "[$refund_stuck]", "[$refund_stuk]", 1)
	code, m, _ = f.do(t, req{path: "/api/save", body: map[string]any{"file": f.file, "text": broken, "base_digest": digestOf([]byte(edited))}})
	if code != 422 || len(m["problems"].([]any)) == 0 {
		t.Errorf("broken save = %d %v", code, m)
	}
	if got, _ := os.ReadFile(f.file); string(got) != edited {
		t.Errorf("a broken policy was saved")
	}
	if prev, _ := os.ReadFile(f.file + ".prev"); string(prev) != f.orig {
		t.Errorf("a refused save touched .prev")
	}
	// One whose inline example fails (TS018) loads in Compile but is an
	// error of lint: refused too.
	badExample := strings.Replace(edited, "match: [申请仅退款被商家拒绝了]", "match: [东西很好]", 1)
	if code, m, _ := f.do(t, req{path: "/api/save", body: map[string]any{"file": f.file, "text": badExample, "base_digest": digestOf([]byte(edited))}}); code != 422 {
		t.Errorf("save with a failing example = %d %v", code, m)
	}
	entries, _ := os.ReadDir(filepath.Dir(f.file))
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
}

// TestStudioRefuses: every request the safety rules turn away.
func TestStudioRefuses(t *testing.T) {
	f := newStudioFixture(t)
	good := map[string]any{"file": f.file, "text": f.orig + "# edited\n", "base_digest": digestOf([]byte(f.orig))}
	outside := filepath.Join(filepath.Dir(f.file), "other.yaml")
	os.WriteFile(outside, []byte(f.orig), 0o644)
	for _, c := range []struct {
		name string
		r    req
		want int
	}{
		{"foreign Host on the page", req{method: "GET", path: "/", host: "evil.example:8090"}, 421},
		{"foreign Host on state", req{method: "GET", path: "/api/state", host: "evil.example"}, 421},
		{"foreign Host on save", req{path: "/api/save", body: good, host: "rebind.evil.example:8090"}, 421},
		{"other port", req{method: "GET", path: "/", host: "127.0.0.1:9999"}, 421},
		{"cross-origin save", req{path: "/api/save", body: good, header: map[string]string{"Origin": "http://evil.example", "Sec-Fetch-Site": ""}}, 403},
		{"cross-site save", req{path: "/api/save", body: good, header: map[string]string{"Sec-Fetch-Site": "cross-site"}}, 403},
		{"same-site save from another port", req{path: "/api/save", body: good, header: map[string]string{"Origin": "http://127.0.0.1:3000", "Sec-Fetch-Site": "same-site"}}, 403},
		{"save without token", req{path: "/api/save", body: good, header: map[string]string{"X-Studio-Token": ""}}, 403},
		{"save with a wrong token", req{path: "/api/save", body: good, header: map[string]string{"X-Studio-Token": "guess"}}, 403},
		{"save as a form", req{path: "/api/save", body: good, header: map[string]string{"Content-Type": "text/plain"}}, 415},
		{"save outside the files", req{path: "/api/save", body: map[string]any{"file": outside, "text": "x", "base_digest": digestOf([]byte(f.orig))}}, 403},
		{"save a path escape", req{path: "/api/save", body: map[string]any{"file": f.file + "/../../../etc/passwd", "text": "x"}}, 403},
		{"save relative escape", req{path: "/api/save", body: map[string]any{"file": "../../etc/passwd", "text": "x"}}, 403},
		{"save builtin", req{path: "/api/save", body: map[string]any{"file": "builtin", "text": "x"}}, 403},
		{"lint outside the files", req{path: "/api/lint", body: map[string]any{"file": "/etc/passwd", "text": "x"}}, 403},
		{"try outside the files", req{path: "/api/try", body: map[string]any{"file": "/etc/passwd", "text": "x", "complaint": map[string]any{"text": "x"}}}, 403},
		{"body too large", req{path: "/api/lint", body: append(append([]byte(`{"file":"","text":"`), bytes.Repeat([]byte("a"), 9<<20)...), '"', '}')}, 413},
		{"bad JSON", req{path: "/api/lint", body: []byte("{")}, 400},
		{"GET on save", req{method: "GET", path: "/api/save"}, 405},
	} {
		code, m, _ := f.do(t, c.r)
		if code != c.want {
			t.Errorf("%s: %d %v, want %d", c.name, code, m, c.want)
		}
	}
	if got, _ := os.ReadFile(f.file); string(got) != f.orig {
		t.Errorf("a refused request wrote the policy")
	}
	if got, _ := os.ReadFile(outside); string(got) != f.orig {
		t.Errorf("a refused request wrote outside the files")
	}
	if _, err := os.Stat(f.file + ".prev"); err == nil {
		t.Errorf("a refused request wrote .prev")
	}
	// The same save, as the page sends it, goes through.
	if code, m, _ := f.do(t, req{path: "/api/save", body: good}); code != 200 {
		t.Errorf("the page's own save: %d %v", code, m)
	}
}

func TestStudioHostAllowed(t *testing.T) {
	for _, c := range []struct {
		bound, host string
		want        bool
	}{
		{"127.0.0.1:8090", "127.0.0.1:8090", true},
		{"127.0.0.1:8090", "localhost:8090", true},
		{"127.0.0.1:8090", "[::1]:8090", true},
		{"127.0.0.1:8090", "127.0.0.1", false},
		{"127.0.0.1:8090", "evil.example:8090", false},
		{"127.0.0.1:8090", "127.0.0.1:8091", false},
		{"0.0.0.0:8090", "192.0.2.7:8090", true},
		{"0.0.0.0:8090", "studio.corp.example:8090", false},
		{"[::]:8090", "[2001:db8::1]:8090", true},
		{"192.0.2.7:8090", "192.0.2.7:8090", true},
		{"192.0.2.7:8090", "192.0.2.8:8090", false},
		{"192.0.2.7:8090", "localhost:8090", false},
	} {
		s := &studioServer{cfg: studioConfig{Addr: c.bound}}
		if got := s.hostAllowed(c.host); got != c.want {
			t.Errorf("bound %s, Host %s: %v, want %v", c.bound, c.host, got, c.want)
		}
	}
}

// syncBuffer is a bytes.Buffer safe to write from the server's goroutine
// and read from the test's.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startStudio runs triagectl studio with args on a free loopback port and
// returns the address it printed (with the token) and a stop function
// that waits for it to end.
func startStudio(t *testing.T, args ...string) (url string, stderr *syncBuffer, stop func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	old := studioContext
	studioContext = func() (context.Context, context.CancelFunc) { return ctx, cancel }
	t.Cleanup(func() { studioContext = old })
	pr, pw := io.Pipe()
	stderr = new(syncBuffer)
	status := make(chan int, 1)
	go func() {
		status <- run(append([]string{"studio"}, args...), nil, pw, stderr)
		pw.Close()
	}()
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "triagectl studio: open "); ok {
			url = rest
			break
		}
	}
	go io.Copy(io.Discard, pr)
	if url == "" {
		cancel()
		t.Fatalf("studio printed no address; stderr:\n%s", stderr.String())
	}
	return url, stderr, func() int { cancel(); return <-status }
}

func TestStudioCommand(t *testing.T) {
	f := newStudioFixture(t) // for its copy of ours.yaml
	cases, err := os.ReadFile("testdata/studio/cases/refunds.yaml")
	if err != nil {
		t.Fatal(err)
	}
	caseDir := t.TempDir()
	caseFile := filepath.Join(caseDir, "refunds.yaml")
	os.WriteFile(caseFile, cases, 0o644)
	url, stderr, stop := startStudio(t, "-policy", "builtin", "-policy", f.file, "-cases", caseDir, "-addr", "127.0.0.1:0")
	base, token, ok := strings.Cut(url, "/#token=")
	if !ok || len(token) != 32 {
		t.Fatalf("printed %q", url)
	}
	resp, err := http.Get(base + "/api/state")
	if err != nil {
		t.Fatal(err)
	}
	var st studioState
	json.NewDecoder(resp.Body).Decode(&st)
	resp.Body.Close()
	if st.Cases != 2 || len(st.Files) != 2 || !st.Loaded {
		t.Errorf("state %+v", st)
	}
	// The real server's limits: a write with the printed token works.
	body, _ := json.Marshal(map[string]any{"file": f.file, "text": f.orig, "base_digest": digestOf([]byte(f.orig))})
	rq, _ := http.NewRequest("POST", base+"/api/save", bytes.NewReader(body))
	rq.Header.Set("Content-Type", "application/json")
	rq.Header.Set("X-Studio-Token", token)
	resp, err = http.DefaultClient.Do(rq)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("save with the printed token: %d", resp.StatusCode)
	}
	// A case added while the studio runs counts on the next test run.
	os.WriteFile(caseFile, append(cases, "- name: 新用例\n  complaint: {text: 电水壶不通电}\n  want: {cause: price}\n"...), 0o644)
	resp, err = http.Post(base+"/api/test", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	var rep testReport
	json.NewDecoder(resp.Body).Decode(&rep)
	resp.Body.Close()
	if rep.Passed != 2 || rep.Failed != 1 {
		t.Errorf("test after adding a case: %d passed, %d failed", rep.Passed, rep.Failed)
	}
	if st := stop(); st != exitOK {
		t.Errorf("exit %d; stderr:\n%s", st, stderr.String())
	}
	if strings.Contains(stderr.String(), "WARNING") {
		t.Errorf("a warning on loopback:\n%s", stderr.String())
	}
}

func TestStudioCommandWarnsOffLoopback(t *testing.T) {
	_, stderr, stop := startStudio(t, "-addr", "0.0.0.0:0")
	stop()
	if !strings.Contains(stderr.String(), "WARNING") || !strings.Contains(stderr.String(), "not a loopback address") {
		t.Errorf("no warning bound to every interface:\n%s", stderr.String())
	}
}

// synthStudioPolicy is a policy of n rules in the manner of triage's
// BenchmarkScaling: rule i matches three terms of syllables unique to it,
// every fiftieth has a when, and every hundredth reads a lexicon.
func synthStudioPolicy(n int) string {
	syl := []rune("甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥")
	term := func(i, k int) string {
		m := len(syl)
		return string([]rune{syl[i%m], syl[(i/m)%m], syl[(i/m/m)%m], syl[k]}) + "号"
	}
	var b strings.Builder
	b.WriteString("version: 1\nname: synthetic\nlexicons:\n  shared: [退款被拒, 拒绝退款]\nrules:\n")
	axes := []string{"cause: product", "cause: service", "cause: price", "cause: integrity", "severity: serious", "behaviour: venting"}
	for i := 0; i < n; i++ {
		extra := ""
		if i%100 == 0 {
			extra = ", $shared"
		}
		fmt.Fprintf(&b, "  - id: r%d\n    %s\n    match: {any: [%s, %s, %s%s]}\n", i, axes[i%len(axes)], term(i, 0), term(i, 1), term(i, 2), extra)
		if i%50 == 0 {
			b.WriteString("    when: length > 5\n")
		}
	}
	b.WriteString("strategies:\n  - id: default\n")
	return b.String()
}

// TestStudio10000Rules measures lint and try on a 10,000-rule policy, the
// way the page sends them: an edit is linted (a new text: parsed, compiled
// and linted), then tried (the same text: compiled once more for the
// engine), then tried again (the build is reused). The times are logged,
// not asserted: this machine's load varies.
func TestStudio10000Rules(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles a 10,000-rule policy several times")
	}
	if raceEnabled {
		t.Skip("times under the race detector mean nothing (and take minutes): run without -race")
	}
	src := synthStudioPolicy(10000)
	file := filepath.Join(t.TempDir(), "big.yaml")
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	f := &studioFixture{srv: newStudio(studioConfig{Policies: []string{file}, Addr: "127.0.0.1:8090", Token: studioTestToken}), file: file, orig: src}
	timed := func(what string, r req) map[string]any {
		start := time.Now()
		code, m, _ := f.do(t, r)
		took := time.Since(start)
		if code != 200 {
			t.Fatalf("%s: %d %v", what, code, m)
		}
		t.Logf("10,000 rules: %-40s %7.1f ms", what, float64(took.Microseconds())/1000)
		return m
	}
	body := func(text string, quick bool) map[string]any {
		b := f.edit(text)
		b["quick"] = quick
		return b
	}
	for i, text := range []string{src, src + "# an edit\n", strings.Replace(src, "[退款被拒,", "[退款被拒了,", 1)} {
		m := timed(fmt.Sprintf("lint quick, edit %d (%d bytes)", i+1, len(text)), req{path: "/api/lint", body: body(text, true)})
		if m["loads"] != true || m["pending"] != true {
			t.Fatalf("quick lint: %v", m)
		}
		tr := f.edit(text)
		tr["complaint"] = map[string]any{"text": "客户反映乙甲甲丙号的问题一直没有解决，申请退款被拒"}
		m = timed(fmt.Sprintf("try, edit %d (after the quick lint)", i+1), req{path: "/api/try", body: tr})
		if len(m["decision"].(map[string]any)["evidence"].([]any)) == 0 {
			t.Errorf("nothing fired")
		}
		m = timed(fmt.Sprintf("lint full, edit %d", i+1), req{path: "/api/lint", body: body(text, false)})
		if m["loads"] != true || m["pending"] != nil {
			t.Fatalf("full lint: %v", m)
		}
		timed(fmt.Sprintf("try, edit %d (again)", i+1), req{path: "/api/try", body: tr})
	}
	tr := f.edit(src + "# one more\n")
	tr["complaint"] = map[string]any{"text": "客户反映乙甲甲丙号的问题一直没有解决"}
	timed("try, a new edit (builds the engine)", req{path: "/api/try", body: tr})
	typo := strings.Replace(src, ", $shared]", ", $sharde]", 1)
	for _, quick := range []bool{true, false} {
		m := timed(fmt.Sprintf("lint (quick %v), a typo: does not load", quick), req{path: "/api/lint", body: body(typo, quick)})
		if m["loads"] != false || m["errors"] != 1.0 {
			t.Errorf("the typo: %v", m)
		}
	}
}

// TestStudioBuiltinOnly: started without -policy, the studio shows the
// built-in policy read-only, tries complaints on it and saves nothing.
func TestStudioBuiltinOnly(t *testing.T) {
	f := &studioFixture{srv: newStudio(studioConfig{Addr: "127.0.0.1:8090", Token: studioTestToken})}
	_, m, _ := f.do(t, req{method: "GET", path: "/api/state"})
	if m["loaded"] != true || m["files"] != nil {
		t.Errorf("state %v", m)
	}
	_, m, _ = f.do(t, req{path: "/api/try", body: map[string]any{"complaint": map[string]any{"text": "卖假货，我要去12315投诉"}}})
	if d, _ := m["decision"].(map[string]any); d == nil || d["cause"] != "integrity" || m["from"] != "saved" {
		t.Errorf("try on the built-in policy: %v", m)
	}
	if code, _, _ := f.do(t, req{path: "/api/save", body: map[string]any{"file": "builtin", "text": "x"}}); code != 403 {
		t.Errorf("save of builtin: %d", code)
	}
	if code, _, _ := f.do(t, req{path: "/api/test", body: map[string]any{}}); code != 400 {
		t.Errorf("test without cases: %d", code)
	}
	if code, _, _ := f.do(t, req{path: "/api/impact", body: map[string]any{}}); code != 400 {
		t.Errorf("impact without complaints: %d", code)
	}
}
