package main

import (
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
)

// minTokenBytes is the shortest reload token accepted from
// -reload-token-file: a short token can be guessed.
const minTokenBytes = 16

// readToken reads a reload token from a file: its contents with surrounding
// white space removed, at least minTokenBytes long.
func readToken(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("-reload-token-file: %w", err)
	}
	tok := strings.TrimSpace(string(b))
	if len(tok) < minTokenBytes {
		return "", fmt.Errorf("-reload-token-file %s: the token is %d bytes, want at least %d", path, len(tok), minTokenBytes)
	}
	return tok, nil
}

// isLoopbackHost reports whether host, the host part of a listen or remote
// address, is a loopback IP address or "localhost". A host name other than
// localhost is not trusted to be loopback, and an empty host listens on
// every interface.
func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	if i := strings.IndexByte(host, '%'); i >= 0 { // zone of a link-local address
		host = host[:i]
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// checkBind refuses a listen address that is not loopback unless a reload
// token is configured: without one, anyone who can reach the service could
// reload its policy.
func checkBind(addr string, haveToken bool) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("-addr %q: %w", addr, err)
	}
	if haveToken || isLoopbackHost(host) {
		return nil
	}
	return fmt.Errorf("-addr %s is not a loopback address: start with -reload-token-file FILE so that POST /v1/policy/reload needs a token", addr)
}

// authorizeReload answers 401 or 403 itself and returns false when r may
// not reload the policy. With a token configured every reload must carry
// it as "Authorization: Bearer <token>", compared in constant time;
// without one only loopback clients may reload.
func (s *Server) authorizeReload(w http.ResponseWriter, r *http.Request) bool {
	if s.cfg.ReloadToken == "" {
		host, _, err := net.SplitHostPort(r.RemoteAddr)
		if err != nil || !isLoopbackHost(host) {
			writeJSON(w, http.StatusForbidden, errorOutput{Error: "policy reload is allowed only from loopback; start the service with -reload-token-file to allow it from elsewhere"})
			return false
		}
		return true
	}
	scheme, tok, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		w.Header().Set("WWW-Authenticate", `Bearer realm="tousu policy reload"`)
		writeJSON(w, http.StatusUnauthorized, errorOutput{Error: "policy reload needs Authorization: Bearer <token>"})
		return false
	}
	if !tokenEqual(strings.TrimSpace(tok), s.cfg.ReloadToken) {
		writeJSON(w, http.StatusForbidden, errorOutput{Error: "wrong reload token"})
		return false
	}
	return true
}

// tokenEqual compares two tokens in time independent of where they differ
// and of their lengths (both are hashed to the same length first).
func tokenEqual(got, want string) bool {
	g, w := sha256.Sum256([]byte(got)), sha256.Sum256([]byte(want))
	return subtle.ConstantTimeCompare(g[:], w[:]) == 1
}
