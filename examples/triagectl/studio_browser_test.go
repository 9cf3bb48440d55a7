package main

import (
	"context"
	"encoding/json"
	"flag"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

var studioShots = flag.String("studio-screenshots", "", "write the policy studio's screenshots to `DIR` (default: a temporary folder, logged)")

// chromiumBinary finds a headless-capable Chromium, or "".
func chromiumBinary() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// runChromium loads url in headless Chromium with args (--dump-dom or
// --screenshot=…), giving the page's scripts up to budget of virtual time.
func runChromium(t *testing.T, bin, url string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
		"--no-default-browser-check", "--disable-extensions", "--disable-background-networking", "--hide-scrollbars",
		"--user-data-dir=" + t.TempDir(), "--virtual-time-budget=120000", "--window-size=1400,1000", "--lang=zh-CN"}
	cmd := exec.CommandContext(ctx, bin, append(append(base, args...), url)...)
	cmd.Dir = t.TempDir() // --screenshot without a path writes here
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v\n%s", bin, err, stderr.String())
	}
	return string(out)
}

var selftestPre = regexp.MustCompile(`(?s)<pre id="selftest">(.*?)</pre>`)

// TestStudioBrowser loads the page in headless Chromium with ?selftest=1:
// the page tries a complaint and checks the highlighted spans and the
// decision, puts a typo into a lexicon reference and checks the error at
// its line and column, finds a save refused, applies the suggested fix,
// saves, shows the impact of the save and runs the cases, writing what
// happened into the DOM, which --dump-dom returns. Screenshots of the page
// in Chinese and English are kept.
func TestStudioBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a browser")
	}
	bin := chromiumBinary()
	if bin == "" {
		t.Skip("SKIP: no chromium binary on PATH (apt-get install -y chromium; .ci/run installs it when apt is available)")
	}
	f := newStudioFixture(t) // a copy of testdata/studio/ours.yaml
	url, stderr, stop := startStudio(t, "-policy", "builtin", "-policy", f.file, "-cases", "testdata/studio/cases",
		"-labelled", "testdata/studio/labelled.jsonl", "-addr", "127.0.0.1:0")
	defer func() {
		if st := stop(); st != exitOK {
			t.Errorf("studio exit %d: %s", st, stderr.String())
		}
	}()
	base, token, _ := strings.Cut(url, "/#token=")
	dom := runChromium(t, bin, base+"/?selftest=1#token="+token, "--dump-dom")
	m := selftestPre.FindStringSubmatch(dom)
	if m == nil {
		t.Fatalf("no #selftest in the DOM:\n%.3000s", dom)
	}
	var res struct {
		OK    bool `json:"ok"`
		Steps []struct {
			Name   string          `json:"name"`
			OK     bool            `json:"ok"`
			Detail json.RawMessage `json:"detail"`
		} `json:"steps"`
	}
	if err := json.Unmarshal([]byte(html.UnescapeString(m[1])), &res); err != nil {
		t.Fatalf("selftest result %q: %v", m[1], err)
	}
	want := []string{"try", "typo", "save-refused", "fixed", "save", "impact", "test"}
	var got []string
	for _, s := range res.Steps {
		got = append(got, s.Name)
		t.Logf("%-12s ok=%v %s", s.Name, s.OK, s.Detail)
		if !s.OK {
			t.Errorf("selftest step %s failed: %s", s.Name, s.Detail)
		}
	}
	if strings.Join(got, " ") != strings.Join(want, " ") || !res.OK {
		t.Errorf("steps %v, want %v (ok=%v)", got, want, res.OK)
	}
	// The decision the page showed is the server's: 仅退款 marked, cause service.
	if !strings.Contains(string(res.Steps[0].Detail), `"仅退款"`) || !strings.Contains(string(res.Steps[0].Detail), `"cause":"service"`) {
		t.Errorf("try step: %s", res.Steps[0].Detail)
	}
	// The typo was fixed and saved: the file is as it started, the
	// previous version kept beside it.
	if b, _ := os.ReadFile(f.file); string(b) != f.orig {
		t.Errorf("policy after the selftest:\n%s", b)
	}
	if _, err := os.Stat(f.file + ".prev"); err != nil {
		t.Errorf("no previous version kept: %v", err)
	}

	dir := *studioShots
	if dir == "" {
		dir = t.TempDir()
	}
	for _, shot := range []struct{ name, query string }{
		{"studio-zh.png", "?selftest=1&finish=typo"},
		{"studio-en.png", "?selftest=1&lang=en&tab=impact"},
	} {
		path, _ := filepath.Abs(filepath.Join(dir, shot.name))
		runChromium(t, bin, base+"/"+shot.query+"#token="+token, "--screenshot="+path)
		if fi, err := os.Stat(path); err != nil || fi.Size() < 10000 {
			t.Errorf("screenshot %s: %v", path, err)
		} else {
			t.Logf("screenshot: %s", path)
		}
	}
}
