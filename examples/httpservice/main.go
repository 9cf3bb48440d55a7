// Command httpservice serves tousu over HTTP: triage one complaint or a
// batch, reload the policy without dropping requests, and report which
// policy is serving.
//
//	go run ./examples/httpservice [-addr 127.0.0.1:8080] [-policy FILE]... [-max-body BYTES] [-timeout D]
//		[-read-header-timeout D] [-read-timeout D] [-body-timeout D] [-write-timeout D] [-idle-timeout D]
//		[-reload-token-file FILE]
//
// Endpoints (JSON in and out, with the field names of triagectl):
//
//	POST /v1/triage          one complaint → its decision
//	POST /v1/triage/batch    an array of complaints → an array of decisions or {id, error}, streamed
//	POST /v1/policy/reload   re-read the -policy files; 422 with every positioned error if they fail
//	GET  /v1/policy          {name, digest, rules}
//	GET  /v1/policy/strategies  {policy: {name, digest}, strategies: [the text of each]}
//	GET  /healthz            ok
//
// With ?strategy=id the triage endpoints write only each decision's
// strategy id (deadlines stay; the strategy's text and rendered replies do
// not); ?strategy=full, the default, writes it all.
//
// Request bodies are JSON in UTF-8, or in GBK, GB18030, Big5 or UTF-16
// (with a byte order mark) when the content type says so
// (application/json; charset=gbk); any other charset is 415.
//
// Reloading is allowed only from loopback clients unless
// -reload-token-file is given; then every reload must carry the file's
// token as "Authorization: Bearer <token>". The service refuses to start
// on an address other than loopback without a token file.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
)

type policyFlag []string

func (p *policyFlag) String() string     { return strings.Join(*p, ",") }
func (p *policyFlag) Set(v string) error { *p = append(*p, v); return nil }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "httpservice:", err)
		}
		os.Exit(1)
	}
}

// run parses the flags, checks that the service may listen where asked,
// and serves until ctx is done, then shuts down gracefully.
func run(ctx context.Context, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("httpservice", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "listen `ADDRESS`; an address other than loopback needs -reload-token-file")
	var policies policyFlag
	fs.Var(&policies, "policy", "policy `FILE` (repeatable: layers in order; \"builtin\" is the built-in policy, the default)")
	maxBody := fs.Int64("max-body", 1<<20, "largest request body in `BYTES`")
	timeout := fs.Duration("timeout", 10*time.Second, "time limit of one request's handling, body included")
	readHeader := fs.Duration("read-header-timeout", 5*time.Second, "time limit for reading a request's headers")
	readTimeout := fs.Duration("read-timeout", 30*time.Second, "time limit for reading a whole request, headers and body")
	bodyTimeout := fs.Duration("body-timeout", 10*time.Second, "time limit for reading a request body once its headers are in (a slower body is answered 408)")
	writeTimeout := fs.Duration("write-timeout", 30*time.Second, "time limit from the end of a request's headers to the end of its response (a slower reader is cut off)")
	idleTimeout := fs.Duration("idle-timeout", 60*time.Second, "how long an idle keep-alive connection stays open")
	tokenFile := fs.String("reload-token-file", "", "`FILE` holding the token (at least 16 bytes) that POST /v1/policy/reload must carry as Authorization: Bearer; without it only loopback clients may reload")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	var token string
	if *tokenFile != "" {
		var err error
		if token, err = readToken(*tokenFile); err != nil {
			return err
		}
	}
	if err := checkBind(*addr, token != ""); err != nil {
		return err
	}
	srv, err := NewServer(Config{
		Policies: policies, MaxBody: *maxBody, Timeout: *timeout,
		BodyTimeout: *bodyTimeout, ReadTimeout: *readTimeout, ReloadToken: token,
	})
	if err != nil {
		return err
	}
	hs := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: *readHeader,
		ReadTimeout:       *readTimeout,
		WriteTimeout:      *writeTimeout,
		IdleTimeout:       *idleTimeout,
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		<-ctx.Done()
		log.Print("httpservice: shutting down")
		shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		hs.Shutdown(shutdown)
	}()
	log.Printf("httpservice: serving policy %s on http://%s", srv.reloader.Engine().Policy().Name, ln.Addr())
	if err := hs.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	<-done
	return nil
}
