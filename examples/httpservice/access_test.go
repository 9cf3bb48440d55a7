package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"
)

// TestCharset: a body in a declared charset is decoded before its JSON is
// read (the id comes back as the client wrote it, the text is triaged);
// an unknown charset is 415.
func TestCharset(t *testing.T) {
	ts, _ := newTestServer(t, Config{})
	tests := []struct {
		name, charset string
		enc           encoding.Encoding // nil: sent as UTF-8
		id, text      string
		status        int
		want          string // the id answered, or part of the error
	}{
		{"gbk", "gbk", simplifiedchinese.GBK, "编号一", "买到假货了", 200, "编号一"},
		{"gbk upper case", "GBK", simplifiedchinese.GBK, "编号二", "买到假货了", 200, "编号二"},
		{"gb18030", "gb18030", simplifiedchinese.GB18030, "编号三", "买到假货了", 200, "编号三"},
		{"big5", "big5", traditionalchinese.Big5, "編號四", "買到假貨了", 200, "編號四"},
		{"big5 with 0x5C trail byte", "big5", traditionalchinese.Big5, "許功蓋", "買到假貨了", 200, "許功蓋"},
		{"utf-16 little endian", "utf-16", unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), "编号五", "买到假货了", 200, "编号五"},
		{"utf-16 big endian", "utf-16", unicode.UTF16(unicode.BigEndian, unicode.UseBOM), "编号六", "买到假货了", 200, "编号六"},
		{"utf-8 declared", "utf-8", nil, "编号七", "买到假货了", 200, "编号七"},
		{"utf-16 without a byte order mark", "utf-16", unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), "x", "买到假货了", 400, "body is not utf-16"},
		{"latin1", "iso-8859-1", nil, "x", "假货", 415, `charset \"iso-8859-1\" not supported`},
		{"shift_jis", "shift_jis", nil, "x", "假货", 415, `charset \"shift_jis\" not supported`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, _ := json.Marshal(map[string]string{"id": tt.id, "text": tt.text})
			if tt.enc != nil {
				var err error
				if body, err = tt.enc.NewEncoder().Bytes(body); err != nil {
					t.Fatal(err)
				}
			}
			status, out := post(t, ts.URL+"/v1/triage", "application/json; charset="+tt.charset, string(body))
			if status != tt.status {
				t.Fatalf("%d %s, want %d", status, out, tt.status)
			}
			if status != 200 {
				if !strings.Contains(string(out), tt.want) {
					t.Errorf("%s, want it to contain %s", out, tt.want)
				}
				return
			}
			var d struct {
				ID    string
				Cause string
			}
			if err := json.Unmarshal(out, &d); err != nil {
				t.Fatal(err)
			}
			if d.ID != tt.want || d.Cause != "integrity" {
				t.Errorf("id %q cause %q, want %q integrity: %s", d.ID, d.Cause, tt.want, out)
			}
		})
	}
}

// TestReloadAccess: without a token only loopback clients may reload; with
// one, every reload must carry it, from loopback or not.
func TestReloadAccess(t *testing.T) {
	const token = "0123456789abcdef-reload"
	tests := []struct {
		name     string
		token    string // configured
		remote   string // "" for a real loopback client
		auth     string
		status   int
		wwwAuth  bool
		errorMsg string
	}{
		{"loopback, no token configured", "", "", "", 200, false, ""},
		{"elsewhere, no token configured", "", "192.0.2.1:4000", "", 403, false, "allowed only from loopback"},
		{"elsewhere, a token sent but none configured", "", "192.0.2.1:4000", "Bearer " + token, 403, false, "allowed only from loopback"},
		{"loopback, token missing", token, "", "", 401, true, "needs Authorization: Bearer"},
		{"loopback, wrong scheme", token, "", "Basic " + token, 401, true, "needs Authorization: Bearer"},
		{"loopback, wrong token", token, "", "Bearer " + token + "x", 403, false, "wrong reload token"},
		{"loopback, right token", token, "", "Bearer " + token, 200, false, ""},
		{"loopback, right token, scheme in lower case", token, "", "bearer " + token, 200, false, ""},
		{"elsewhere, wrong token", token, "198.51.100.7:4000", "Bearer nope", 403, false, "wrong reload token"},
		{"elsewhere, right token", token, "198.51.100.7:4000", "Bearer " + token, 200, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts, _ := newTestServer(t, Config{ReloadToken: tt.token})
			var status int
			var header http.Header
			var body []byte
			if tt.remote == "" {
				req, _ := http.NewRequest("POST", ts.URL+"/v1/policy/reload", strings.NewReader("{}"))
				req.Header.Set("Content-Type", "application/json")
				if tt.auth != "" {
					req.Header.Set("Authorization", tt.auth)
				}
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				body, _ = io.ReadAll(resp.Body)
				resp.Body.Close()
				status, header = resp.StatusCode, resp.Header
			} else {
				// A client elsewhere, without network traffic: the handler
				// is called with the remote address it would see.
				req := httptest.NewRequest("POST", "/v1/policy/reload", strings.NewReader("{}"))
				req.RemoteAddr = tt.remote
				if tt.auth != "" {
					req.Header.Set("Authorization", tt.auth)
				}
				rec := httptest.NewRecorder()
				ts.Config.Handler.ServeHTTP(rec, req)
				status, header, body = rec.Code, rec.Header(), rec.Body.Bytes()
			}
			if status != tt.status || (header.Get("WWW-Authenticate") != "") != tt.wwwAuth || !strings.Contains(string(body), tt.errorMsg) {
				t.Errorf("%d (WWW-Authenticate %q) %s, want %d containing %q", status, header.Get("WWW-Authenticate"), body, tt.status, tt.errorMsg)
			}
		})
	}
}

func TestCheckBind(t *testing.T) {
	tests := []struct {
		addr    string
		token   bool
		wantErr bool
	}{
		{"127.0.0.1:8080", false, false},
		{"127.0.0.2:8080", false, false},
		{"[::1]:8080", false, false},
		{"localhost:8080", false, false},
		{":8080", false, true},
		{"0.0.0.0:8080", false, true},
		{"[::]:8080", false, true},
		{"10.1.2.3:8080", false, true},
		{"tousu.example:8080", false, true},
		{"0.0.0.0:8080", true, false},
		{"10.1.2.3:8080", true, false},
		{"no-port", false, true},
	}
	for _, tt := range tests {
		if err := checkBind(tt.addr, tt.token); (err != nil) != tt.wantErr {
			t.Errorf("checkBind(%q, token %v) = %v, want error %v", tt.addr, tt.token, err, tt.wantErr)
		}
	}
}

// TestRefusesToStart: run refuses a non-loopback address without a token
// file, and a token too short to be safe, before it listens.
func TestRefusesToStart(t *testing.T) {
	dir := t.TempDir()
	short := filepath.Join(dir, "short")
	os.WriteFile(short, []byte("abc\n"), 0o600)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"-addr", "0.0.0.0:0"}, "-addr 0.0.0.0:0 is not a loopback address: start with -reload-token-file FILE"},
		{[]string{"-addr", ":0"}, "-addr :0 is not a loopback address"},
		{[]string{"-addr", "0.0.0.0:0", "-reload-token-file", short}, "the token is 3 bytes, want at least 16"},
		{[]string{"-reload-token-file", filepath.Join(dir, "missing")}, "-reload-token-file: open"},
	}
	for _, tt := range tests {
		ctx, cancel := context.WithCancel(context.Background())
		cancel() // were it to start, it would shut down at once
		err := run(ctx, tt.args, io.Discard)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("run %q: %v, want an error containing %q", tt.args, err, tt.want)
		}
	}
}

func TestPolicyFiles(t *testing.T) {
	root := filepath.FromSlash("/srv/tousu")
	tests := []struct {
		paths []string
		want  []string
	}{
		{[]string{root + "/policy.yaml"}, []string{"policy.yaml"}},
		{[]string{root + "/base.yaml", root + "/ours/extra.yaml"}, []string{"base.yaml", "ours/extra.yaml"}},
		{[]string{root + "/a/p.yaml", root + "/b/q.yaml"}, []string{"a/p.yaml", "b/q.yaml"}},
		{[]string{"builtin", root + "/ours.yaml"}, []string{"builtin", "ours.yaml"}},
		{[]string{"builtin"}, []string{"builtin"}},
	}
	for _, tt := range tests {
		var got []string
		for _, f := range policyFiles(tt.paths) {
			got = append(got, f.name)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("policyFiles(%q) names (-want +got):\n%s", tt.paths, diff)
		}
	}
}
