package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"
)

// testBound bounds every wait of these tests; reaching it is a failure,
// never a measurement.
const testBound = 10 * time.Second

// dial opens a raw connection to ts (on 127.0.0.1) that fails any read or
// write after testBound.
func dial(t *testing.T, ts *httptest.Server) net.Conn {
	t.Helper()
	conn, err := net.Dial("tcp", ts.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	conn.SetDeadline(time.Now().Add(testBound))
	return conn
}

// TestSlowBody sends a body at one byte every 10 ms, which would take 10 s:
// the body timeout answers 408 and closes the connection long before.
func TestSlowBody(t *testing.T) {
	srv, err := NewServer(Config{BodyTimeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	conn := dial(t, ts)
	const size = 1000
	fmt.Fprintf(conn, "POST /v1/triage HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", size)
	sent := make(chan int, 1)
	go func() {
		n := 0
		for ; n < size; n++ {
			if _, err := conn.Write([]byte(" ")); err != nil {
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
		sent <- n
	}()
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no response to a slow body: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusRequestTimeout || !bytes.Contains(body, []byte("request body not received within 100ms")) {
		t.Errorf("slow body: %d %s", resp.StatusCode, body)
	}
	if !resp.Close {
		t.Errorf("the connection of a half-read body stays open")
	}
	conn.Close() // stops the writer
	if n := <-sent; n >= size {
		t.Errorf("the whole body was sent before the server answered")
	}
}

// TestIdleKeepAlive: an idle keep-alive connection is closed by the server.
func TestIdleKeepAlive(t *testing.T) {
	srv, err := NewServer(Config{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(srv)
	ts.Config.IdleTimeout = 50 * time.Millisecond
	ts.Start()
	defer ts.Close()
	conn := dial(t, ts)
	br := bufio.NewReader(conn)
	for i := 0; i < 2; i++ { // the connection is kept alive between requests
		fmt.Fprint(conn, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Close {
			t.Fatalf("healthz %d, close %v", resp.StatusCode, resp.Close)
		}
	}
	_, err = br.ReadByte()
	if !errors.Is(err, io.EOF) {
		t.Errorf("idle connection: read %v, want EOF (closed by the server)", err)
	}
}

// smallBuffers makes accepted connections' send buffers small, so that a
// client that does not read blocks the server's writes at once.
type smallBuffers struct{ net.Listener }

func (l smallBuffers) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok {
		tc.SetWriteBuffer(4096)
	}
	return c, err
}

// TestSlowReader: a client that asks for a large batch and does not read
// the response is cut off by the write timeout; the handler returns and
// the connection closes although the response was not delivered.
func TestSlowReader(t *testing.T) {
	srv, err := NewServer(Config{}) // the built-in policy: decisions of a few KB
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(srv)
	ts.Listener = smallBuffers{ts.Listener}
	ts.Config.WriteTimeout = 300 * time.Millisecond
	closed := make(chan struct{})
	ts.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateClosed {
			close(closed)
		}
	}
	ts.Start()
	defer ts.Close()

	var b strings.Builder
	b.WriteString("[")
	for i := 0; i < 1000; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"id":%d,"text":"卖假货！客服態度極差，我要去315投诉，发微博曝光你们，质量太差，降价500元"}`, i)
	}
	b.WriteString("]")
	conn := dial(t, ts)
	conn.(*net.TCPConn).SetReadBuffer(4096)
	fmt.Fprintf(conn, "POST /v1/triage/batch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", b.Len(), b.String())
	select {
	case <-closed:
	case <-time.After(testBound):
		t.Fatal("the server kept writing to a client that does not read")
	}
	got, _ := io.ReadAll(conn) // what the kernel buffered before the cut
	if bytes.HasSuffix(got, []byte("]\n")) {
		t.Errorf("the whole response (%d bytes) was delivered; the test did not exercise the write timeout", len(got))
	}
}

// TestTrailingData: a body must be one JSON value; white space after it is
// fine, anything else is 400 rather than silently dropped.
func TestTrailingData(t *testing.T) {
	ts, _ := newTestServer(t, Config{})
	tests := []struct {
		name, path, body string
		status           int
		message          string
	}{
		{"two objects", "/v1/triage", `{"id":1,"text":"假货"}{"id":2,"text":"假货"}`, 400, `bad JSON: data after the JSON value, which ends at byte 24`},
		{"object then garbage", "/v1/triage", `{"id":1,"text":"假货"} x`, 400, `data after the JSON value`},
		{"array then object", "/v1/triage/batch", `[{"id":1,"text":"假货"}] {"id":2}`, 400, `data after the JSON value`},
		{"trailing white space", "/v1/triage", "{\"id\":1,\"text\":\"假货\"} \r\n\t", 200, `"id":1`},
	}
	for _, tt := range tests {
		status, body := post(t, ts.URL+tt.path, "application/json", tt.body)
		if status != tt.status || !bytes.Contains(body, []byte(tt.message)) {
			t.Errorf("%s: %d %s, want %d containing %s", tt.name, status, body, tt.status, tt.message)
		}
	}
}

// TestPolicyNamesRelative: a failed reload names files relative to the
// policy directory, never by the server's absolute paths.
func TestPolicyNamesRelative(t *testing.T) {
	ts, path := newTestServer(t, Config{})
	dir := strings.TrimSuffix(path, "policy.yaml")
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	status, body := post(t, ts.URL+"/v1/policy/reload", "application/json", "{}")
	var e errorOutput
	json.Unmarshal(body, &e)
	if status != 422 || len(e.Errors) != 1 || e.Errors[0] != "policy.yaml: no such file or directory" || bytes.Contains(body, []byte(dir)) {
		t.Errorf("reload of a missing file: %d %s", status, body)
	}
}
