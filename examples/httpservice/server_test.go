package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const (
	policyA = "version: 1\nname: a\nrules:\n  - id: fake\n    cause: integrity\n    match: {any: [假货]}\nstrategies:\n  - id: all\n"
	policyB = "version: 1\nname: b\nrules:\n  - id: fake\n    cause: integrity\n    weight: 2\n    match: {any: [假货]}\nstrategies:\n  - id: all\n"
	broken  = "version: 1\nname: broken\nrules:\n  - id: x\n    cause: nope\n    match: {any: [贵]}\nstrategies:\n  - id: all\n"
)

func newTestServer(t *testing.T, cfg Config) (*httptest.Server, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "policy.yaml")
	if err := os.WriteFile(path, []byte(policyA), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg.Policies = []string{path}
	srv, err := NewServer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv) // listens on 127.0.0.1 only
	t.Cleanup(ts.Close)
	return ts, path
}

func post(t *testing.T, url, ctype, body string) (int, []byte) {
	t.Helper()
	resp, err := http.Post(url, ctype, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// TestConcurrentReload drives the service with 32 concurrent clients while
// reloads alternate between two valid policies and a broken one: no
// request fails, both digests are served, and the broken reload is refused
// with its positioned errors.
func TestConcurrentReload(t *testing.T) {
	ts, path := newTestServer(t, Config{})
	var failures, requests atomic.Int64
	var digests sync.Map
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for c := 0; c < 32; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			client := &http.Client{Timeout: 10 * time.Second}
			for i := 0; i < 200; i++ {
				select {
				case <-stop:
					return
				default:
				}
				body := fmt.Sprintf(`{"id":%d,"text":"买到假货了"}`, c*1000+i)
				resp, err := client.Post(ts.URL+"/v1/triage", "application/json", strings.NewReader(body))
				requests.Add(1)
				if err != nil {
					failures.Add(1)
					continue
				}
				var d struct {
					ID     int    `json:"id"`
					Cause  string `json:"cause"`
					Policy struct{ Digest string }
				}
				err = json.NewDecoder(resp.Body).Decode(&d)
				resp.Body.Close()
				if err != nil || resp.StatusCode != 200 || d.Cause != "integrity" || d.ID != c*1000+i {
					failures.Add(1)
					continue
				}
				digests.Store(d.Policy.Digest, true)
			}
		}(c)
	}
	refused := 0
	for round := 0; round < 30; round++ {
		src := []string{policyA, policyB, broken}[round%3]
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		status, body := post(t, ts.URL+"/v1/policy/reload", "application/json", "{}")
		if src == broken {
			var e struct {
				Error  string
				Errors []string
			}
			json.Unmarshal(body, &e)
			want := `policy.yaml:5:12: rule "x": unknown cause "nope" (want one of product, service, price, integrity)`
			if status != http.StatusUnprocessableEntity || len(e.Errors) != 1 || e.Errors[0] != want {
				t.Errorf("broken reload: %d %s", status, body)
			}
			refused++
		} else if status != 200 {
			t.Errorf("reload: %d %s", status, body)
		}
		time.Sleep(2 * time.Millisecond)
	}
	close(stop)
	wg.Wait()
	n := 0
	digests.Range(func(any, any) bool { n++; return true })
	if failures.Load() != 0 || n < 2 || refused != 10 {
		t.Errorf("%d of %d requests failed, %d digests seen, %d reloads refused", failures.Load(), requests.Load(), n, refused)
	}
	t.Logf("%d requests, %d digests served", requests.Load(), n)
}

func TestBadRequests(t *testing.T) {
	ts, _ := newTestServer(t, Config{MaxBody: 200, MaxBatch: 2})
	tests := []struct {
		name, path, ctype, body string
		status                  int
		message                 string
	}{
		{"bad JSON", "/v1/triage", "application/json", `{"text":`, 400, `"error":"bad JSON: unexpected EOF"`},
		{"missing text", "/v1/triage", "application/json", `{"id":"x"}`, 400, `{"id":"x","error":"missing \"text\""}`},
		{"content type", "/v1/triage", "text/plain", `{"text":"假货"}`, 415, `content type must be application/json, not \"text/plain\"`},
		{"too large", "/v1/triage", "application/json", `{"text":"` + strings.Repeat("贵", 100) + `"}`, 413, `request body larger than 200 bytes`},
		{"batch too large", "/v1/triage/batch", "application/json", `[{"text":"a"},{"text":"b"},{"text":"c"}]`, 413, `batch of 3 complaints, more than 2`},
		{"bad received_at", "/v1/triage", "application/json", `{"text":"a","received_at":"today"}`, 400, `received_at: want RFC 3339 time like 2025-06-01T10:00:00+08:00, got \"today\"`},
	}
	for _, tt := range tests {
		status, body := post(t, ts.URL+tt.path, tt.ctype, tt.body)
		if status != tt.status || !bytes.Contains(body, []byte(tt.message)) {
			t.Errorf("%s: %d %s, want %d containing %s", tt.name, status, body, tt.status, tt.message)
		}
	}
	resp, err := http.Get(ts.URL + "/v1/triage")
	if err == nil {
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("GET /v1/triage: %d", resp.StatusCode)
		}
	}
}

func TestBatchPolicyHealth(t *testing.T) {
	ts, _ := newTestServer(t, Config{})
	status, body := post(t, ts.URL+"/v1/triage/batch", "application/json", `[{"id":1,"text":"假货"},{"id":"two"},{"id":3,"text":"好","unknown":true}]`)
	var out []map[string]any
	if err := json.Unmarshal(body, &out); status != 200 || err != nil || len(out) != 3 {
		t.Fatalf("batch: %d %s", status, body)
	}
	if out[0]["id"] != 1.0 || out[0]["cause"] != "integrity" || out[1]["error"] != `missing "text"` || out[2]["id"] != 3.0 {
		t.Errorf("batch output %s", body)
	}
	resp, _ := http.Get(ts.URL + "/v1/policy")
	var p policyInfo
	json.NewDecoder(resp.Body).Decode(&p)
	resp.Body.Close()
	if p.Name != "a" || p.Rules != 1 || !strings.HasPrefix(p.Digest, "sha256:") {
		t.Errorf("policy %+v", p)
	}
	resp, _ = http.Get(ts.URL + "/healthz")
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(b) != "ok\n" {
		t.Errorf("healthz %q", b)
	}
}
