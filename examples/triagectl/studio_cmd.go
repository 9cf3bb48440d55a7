package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/tousu/tousu/examples/internal/labelled"
	"github.com/tousu/tousu/triage/triagetest"
)

func init() {
	register(&command{
		name:  "studio",
		usage: "[-policy FILE]... [-cases DIR]... [-labelled FILE.jsonl]... [-addr 127.0.0.1:8090]",
		run:   runStudio,
	})
}

// studioContext is the context runStudio serves until; tests replace it.
var studioContext = func() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

// runStudio serves the policy studio: a page to edit, lint, try, test and
// measure the -policy files, until interrupted.
func runStudio(fs *flag.FlagSet, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	policies := policyFlags(fs)
	var caseDirs, labelledFiles policyFlag
	fs.Var(&caseDirs, "cases", "case `DIR` or file to run on the Test tab (repeatable)")
	fs.Var(&labelledFiles, "labelled", "labelled complaints `FILE.jsonl` for the Impact tab's accuracy and confusion matrices (repeatable)")
	addr := fs.String("addr", "127.0.0.1:8090", "listen `ADDRESS`; loopback unless you mean others to reach it")
	maxBody := fs.Int64("max-body", 8<<20, "largest request body in `BYTES`")
	timeout := fs.Duration("timeout", 30*time.Second, "time limit of one request's handling")
	if ok, st := parseFlags(fs, args); !ok {
		return st
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return exitUsage
	}
	var cases []triagetest.Case
	for _, dir := range caseDirs {
		cs, err := triagetest.Load(dir)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return exitProblems
		}
		cases = append(cases, cs...)
	}
	var items []labelled.Labelled
	if len(labelledFiles) > 0 {
		var err error
		if items, err = readLabelled(labelledFiles); err != nil {
			fmt.Fprintln(stderr, err)
			return exitProblems
		}
	}
	host, _, err := net.SplitHostPort(*addr)
	if err != nil {
		fmt.Fprintf(stderr, "triagectl studio: -addr %q: %v\n", *addr, err)
		return exitUsage
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitProblems
	}
	token, err := newToken()
	if err != nil {
		ln.Close()
		fmt.Fprintln(stderr, err)
		return exitProblems
	}
	bound := ln.Addr().String()
	srv := newStudio(studioConfig{Policies: *policies, Cases: cases, CaseDirs: caseDirs, Labelled: items, Addr: bound,
		Token: token, MaxBody: *maxBody, Timeout: *timeout})
	hs := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      *timeout + 10*time.Second,
		IdleTimeout:       60 * time.Second,
	}
	if !isLoopbackHost(host) {
		fmt.Fprintf(stderr, "triagectl studio: WARNING: %s is not a loopback address: anyone who can reach it can read the policy and try complaints; saving still needs the token below\n", bound)
	}
	if b, _ := srv.build(nil); b != nil && b.loadErr != nil {
		fmt.Fprintf(stderr, "triagectl studio: the policy does not load yet; fix it in the page:\n%v\n", b.loadErr)
	}
	fmt.Fprintf(stdout, "triagectl studio: open http://%s/#token=%s\n", bound, token)
	fmt.Fprintf(stdout, "saving needs the token %s (the link carries it)\n", token)
	ctx, stop := studioContext()
	defer stop()
	done := make(chan struct{})
	go func() {
		defer close(done)
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		hs.Shutdown(shutdown)
	}()
	if err := hs.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintln(stderr, err)
		return exitProblems
	}
	<-done
	return exitOK
}

// newToken returns 128 random bits in hex.
func newToken() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}
