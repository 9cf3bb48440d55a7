// Command httpservice serves tousu over HTTP: triage one complaint or a
// batch, reload the policy without dropping requests, and report which
// policy is serving.
//
//	go run ./examples/httpservice [-addr 127.0.0.1:8080] [-policy FILE]... [-max-body BYTES] [-timeout D]
//
// Endpoints (JSON in and out, with the field names of triagectl):
//
//	POST /v1/triage          one complaint → its decision
//	POST /v1/triage/batch    an array of complaints → an array of decisions or {id, error}
//	POST /v1/policy/reload   re-read the -policy files; 422 with every positioned error if they fail
//	GET  /v1/policy          {name, digest, rules}
//	GET  /healthz            ok
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
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
	addr := flag.String("addr", "127.0.0.1:8080", "listen `ADDRESS`")
	var policies policyFlag
	flag.Var(&policies, "policy", "policy `FILE` (repeatable: layers in order; \"builtin\" is the built-in policy, the default)")
	maxBody := flag.Int64("max-body", 1<<20, "largest request body in `BYTES`")
	timeout := flag.Duration("timeout", 10*time.Second, "time limit of one request")
	flag.Parse()

	srv, err := NewServer(Config{Policies: policies, MaxBody: *maxBody, Timeout: *timeout})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	hs := &http.Server{Addr: *addr, Handler: srv, ReadHeaderTimeout: 5 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		log.Print("httpservice: shutting down")
		shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		hs.Shutdown(shutdown)
	}()
	log.Printf("httpservice: serving policy %s on http://%s", srv.reloader.Engine().Policy().Name, *addr)
	if err := hs.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
