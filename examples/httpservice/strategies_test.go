package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// strategyComplaints have receipt times, so that the built-in policy's
// decisions carry deadlines, escalations and regulator clocks.
var strategyComplaints = []string{
	`{"id":"d1","text":"买到假货了，我要投诉到12315","received_at":"2026-03-03T10:00:00+08:00","customer":{"name":"王"}}`,
	`{"id":"d2","text":"孩子吃了以后上吐下泻，已经报警了，还要找媒体曝光","received_at":"2026-10-01T20:00:00+08:00","customer":{"tier":"黄金"}}`,
	`{"id":"d3","text":"物流太慢","received_at":"2026-12-31T17:30:00+08:00"}`,
	`{"id":4,"text":"价格比别家贵一倍"}`,
}

// builtinServer serves the built-in policy on 127.0.0.1.
func builtinServer(t *testing.T) (*Server, *httptest.Server) {
	t.Helper()
	srv, err := NewServer(Config{Policies: []string{"builtin"}})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return srv, ts
}

// getStrategies fetches GET /v1/policy/strategies.
func getStrategies(t *testing.T, ts *httptest.Server) (digest string, byID map[string]map[string]any, ids []string) {
	t.Helper()
	resp, err := http.Get(ts.URL + "/v1/policy/strategies")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got struct {
		Policy     struct{ Name, Digest string }
		Strategies []map[string]any
	}
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET /v1/policy/strategies: %d %v", resp.StatusCode, err)
	}
	byID = map[string]map[string]any{}
	for _, s := range got.Strategies {
		id, _ := s["id"].(string)
		byID[id] = s
		ids = append(ids, id)
	}
	return got.Policy.Digest, byID, ids
}

// TestStrategyID: ?strategy=id gives, on both triage endpoints, the
// decisions of ?strategy=full (and of no parameter) with the strategy cut
// to {"id"}, deadlines kept; GET /v1/policy/strategies gives each
// strategy's text once, equal to the full decisions' strategies replies
// aside, under the digest the decisions carry.
func TestStrategyID(t *testing.T) {
	srv, ts := builtinServer(t)
	digest, texts, ids := getStrategies(t, ts)
	var want []string
	for _, s := range srv.reloader.Engine().Program().Strategies() {
		want = append(want, s.ID)
	}
	if diff := cmp.Diff(want, ids); diff != "" {
		t.Errorf("strategy ids (-policy +served):\n%s", diff)
	}
	if texts["serious-extreme"]["reply_templates"] == nil || texts["serious-extreme"]["title"] == nil {
		t.Errorf("serious-extreme without its text: %v", texts["serious-extreme"])
	}

	// each endpoint's decisions for the query string q
	endpoints := []struct {
		name      string
		decisions func(t *testing.T, q string) []map[string]any
	}{
		{"one", func(t *testing.T, q string) []map[string]any {
			var ds []map[string]any
			for _, c := range strategyComplaints {
				status, body := post(t, ts.URL+"/v1/triage"+q, "application/json", c)
				var d map[string]any
				if err := json.Unmarshal(body, &d); status != 200 || err != nil {
					t.Fatalf("POST /v1/triage%s: %d %s", q, status, body)
				}
				ds = append(ds, d)
			}
			return ds
		}},
		{"batch", func(t *testing.T, q string) []map[string]any {
			status, body := post(t, ts.URL+"/v1/triage/batch"+q, "application/json", "["+strings.Join(strategyComplaints, ",")+"]")
			var ds []map[string]any
			if err := json.Unmarshal(body, &ds); status != 200 || err != nil {
				t.Fatalf("POST /v1/triage/batch%s: %d %s", q, status, body)
			}
			return ds
		}},
	}
	for _, ep := range endpoints {
		t.Run(ep.name, func(t *testing.T) {
			dflt, full, idds := ep.decisions(t, ""), ep.decisions(t, "?strategy=full"), ep.decisions(t, "?strategy=id")
			if diff := cmp.Diff(dflt, full); diff != "" {
				t.Errorf("?strategy=full differs from the default (-default +full):\n%s", diff)
			}
			if len(idds) != len(full) {
				t.Fatalf("%d full decisions, %d id", len(full), len(idds))
			}
			deadlines := 0
			for i, f := range full {
				fs := f["strategy"].(map[string]any)
				id := fs["id"].(string)
				if diff := cmp.Diff(map[string]any{"id": id}, idds[i]["strategy"]); diff != "" {
					t.Errorf("decision %d: id strategy (-want +got):\n%s", i, diff)
				}
				f["strategy"] = idds[i]["strategy"]
				if diff := cmp.Diff(f, idds[i]); diff != "" {
					t.Errorf("decision %d differs beyond its strategy (-full +id):\n%s", i, diff)
				}
				if idds[i]["respond_by"] != nil && idds[i]["escalations"] != nil {
					deadlines++
				}
				text := texts[id]
				if text == nil {
					t.Fatalf("decision %d: strategy %q not served by /v1/policy/strategies", i, id)
				}
				text = copyWithout(text, "reply_templates", "calendar", "regulatory") // what only the texts carry
				if diff := cmp.Diff(text, copyWithout(fs, "replies")); diff != "" {
					t.Errorf("decision %d: strategy %q (-strategies +decision):\n%s", i, id, diff)
				}
				if got := f["policy"].(map[string]any)["digest"]; got != digest {
					t.Errorf("decision %d: digest %v, strategies gave %s", i, got, digest)
				}
			}
			if deadlines == 0 {
				t.Errorf("no decision kept its deadlines")
			}
		})
	}
}

// copyWithout returns m without key.
func copyWithout(m map[string]any, keys ...string) map[string]any {
	c := make(map[string]any, len(m))
	for k, v := range m {
		if !slices.Contains(keys, k) {
			c[k] = v
		}
	}
	return c
}

// TestStrategyQueryRefused: a strategy other than full or id is 400 on
// both triage endpoints; GET is the only method of the strategies.
func TestStrategyQueryRefused(t *testing.T) {
	ts, _ := newTestServer(t, Config{})
	tests := []struct {
		path, body string
		status     int
	}{
		{"/v1/triage?strategy=ids", `{"text":"假货"}`, 400},
		{"/v1/triage?strategy=", `{"text":"假货"}`, 200}, // empty is the default
		{"/v1/triage/batch?strategy=FULL", `[{"text":"假货"}]`, 400},
		{"/v1/triage/batch?strategy=id&strategy=full", `[{"text":"假货"}]`, 200}, // the first counts
	}
	for _, tt := range tests {
		status, body := post(t, ts.URL+tt.path, "application/json", tt.body)
		if status != tt.status {
			t.Errorf("POST %s: %d %s, want %d", tt.path, status, body, tt.status)
		}
		if tt.status == 400 {
			q := tt.path[strings.Index(tt.path, "=")+1:]
			if msg := fmt.Sprintf(`"error":"strategy=%s: want full or id"`, q); !strings.Contains(string(body), msg) {
				t.Errorf("POST %s: %s, want %s", tt.path, body, msg)
			}
		}
	}
	resp, err := http.Post(ts.URL+"/v1/policy/strategies", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /v1/policy/strategies: %d", resp.StatusCode)
	}
}
