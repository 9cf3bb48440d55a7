package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime"
	"strings"

	"github.com/tousu/tousu/classify"
	"github.com/tousu/tousu/triage"
)

func init() {
	register(&command{
		name:  "triage",
		usage: "[-policy FILE]... [-max-line BYTES] [-encoding NAME] [-strategy full|id] < in.jsonl > out.jsonl",
		run:   runTriage,
	})
}

// DefaultMaxLine is the default limit on one JSONL input line.
const defaultMaxLine = 1 << 20

// outputLine is a decision whose id is the input's id, verbatim.
type outputLine struct {
	ID json.RawMessage `json:"id"`
	triage.Decision
}

type errorLine struct {
	ID    json.RawMessage `json:"id"`
	Error string          `json:"error"`
}

var nullID = json.RawMessage("null")

func runTriage(fs *flag.FlagSet, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	policies := policyFlags(fs)
	maxLine := fs.Int("max-line", defaultMaxLine, "longest input line in `BYTES`; a longer line becomes an error line")
	encName := fs.String("encoding", "utf-8", "input `ENCODING`: "+strings.Join(classify.Encodings(), ", ")+"; the whole stream is decoded before JSON parsing")
	mode := strategyFull
	fs.Var(&mode, "strategy", "how much of each decision's strategy to write: `full` (its text and rendered replies) or id (its id only; \"triagectl strategies\" gives the texts)")
	if ok, st := parseFlags(fs, args); !ok {
		return st
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return exitUsage
	}
	if *maxLine <= 0 {
		fmt.Fprintln(stderr, "triagectl triage: -max-line must be positive")
		return exitUsage
	}
	in, err := classify.NewDecodingReader(stdin, *encName)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitUsage
	}
	eng, err := loadEngine(*policies)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitProblems
	}
	w := bufio.NewWriterSize(stdout, 64<<10)
	defer w.Flush()
	lr := newLineReader(in, *maxLine)
	status, err := pipeline(lr, w, runtime.GOMAXPROCS(0), func(n int, line []byte, tooLong bool, buf *bytes.Buffer) bool {
		var out any
		if tooLong {
			out = errorLine{nullID, fmt.Sprintf("line %d: longer than the limit of %d bytes", n, *maxLine)}
		} else {
			out = triageLine(eng, n, line, mode)
		}
		enc := json.NewEncoder(buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(out); err != nil {
			out = errorLine{nullID, fmt.Sprintf("line %d: %v", n, err)}
			enc.Encode(out)
		}
		_, bad := out.(errorLine)
		return !bad
	})
	if err != nil {
		fmt.Fprintf(stderr, "triagectl triage: %v\n", err)
		return exitProblems
	}
	return status
}

// chunkLines is how many input lines a worker handles at a time.
const chunkLines = 256

type chunk struct {
	first   int // line number of lines[0]
	lines   [][]byte
	tooLong []bool
	out     bytes.Buffer
	ok      bool
	done    chan struct{}
}

// pipeline reads lines, hands chunks of them to workers that each write
// one output line per input line into the chunk's buffer, and writes the
// chunks in input order. It returns exitProblems when any line was bad.
func pipeline(lr *lineReader, w io.Writer, workers int, do func(n int, line []byte, tooLong bool, buf *bytes.Buffer) bool) (int, error) {
	work := make(chan *chunk, workers)
	order := make(chan *chunk, workers*2)
	for i := 0; i < workers; i++ {
		go func() {
			for c := range work {
				c.ok = true
				for i, line := range c.lines {
					if !do(c.first+i, line, c.tooLong[i], &c.out) {
						c.ok = false
					}
				}
				close(c.done)
			}
		}()
	}
	readErr := make(chan error, 1)
	go func() {
		defer close(order)
		defer close(work)
		n := 1
		for {
			c := &chunk{first: n, done: make(chan struct{})}
			for len(c.lines) < chunkLines {
				line, tooLong, err := lr.next()
				if err == io.EOF {
					break
				}
				if err != nil {
					readErr <- err
					return
				}
				c.lines = append(c.lines, append([]byte(nil), line...))
				c.tooLong = append(c.tooLong, tooLong)
			}
			if len(c.lines) == 0 {
				readErr <- nil
				return
			}
			n += len(c.lines)
			order <- c
			work <- c
		}
	}()
	status := exitOK
	var werr error
	for c := range order {
		<-c.done
		if !c.ok {
			status = exitProblems
		}
		if werr == nil {
			_, werr = w.Write(c.out.Bytes())
		}
	}
	if err := <-readErr; err != nil {
		return exitProblems, fmt.Errorf("reading input: %w", err)
	}
	if werr != nil {
		return exitProblems, fmt.Errorf("writing output: %w", werr)
	}
	return status, nil
}

// triageLine decodes and triages one input line; it returns an outputLine,
// its strategy cut as mode says, or an errorLine.
func triageLine(eng *triage.Engine, n int, line []byte, mode strategyMode) any {
	if len(strings.TrimSpace(string(line))) == 0 {
		return errorLine{nullID, fmt.Sprintf("line %d: empty line", n)}
	}
	var in triage.Input
	if err := json.Unmarshal(line, &in); err != nil {
		return errorLine{bestEffortID(line), fmt.Sprintf("line %d: bad JSON: %v", n, err)}
	}
	id := in.ID
	if len(id) == 0 {
		id = nullID
	}
	c, err := in.Complaint()
	if err != nil {
		return errorLine{id, fmt.Sprintf("line %d: %v", n, err)}
	}
	d, err := eng.Triage(context.Background(), c)
	if err != nil {
		return errorLine{id, fmt.Sprintf("line %d: %v", n, err)}
	}
	mode.apply(&d)
	return outputLine{ID: id, Decision: d}
}

// bestEffortID recovers the id of a line that is not valid JSON as a whole
// when its first field is a well-formed "id".
func bestEffortID(line []byte) json.RawMessage {
	dec := json.NewDecoder(strings.NewReader(string(line)))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nullID
	}
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return nullID
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nullID
		}
		if k == "id" {
			return v
		}
	}
	return nullID
}

// lineReader reads lines of at most max bytes; the rest of a longer line
// is skipped and reported as too long.
type lineReader struct {
	r   *bufio.Reader
	max int
	buf []byte
}

func newLineReader(r io.Reader, max int) *lineReader {
	return &lineReader{r: bufio.NewReaderSize(r, 64<<10), max: max}
}

func (l *lineReader) next() (line []byte, tooLong bool, err error) {
	l.buf = l.buf[:0]
	for {
		chunk, err := l.r.ReadSlice('\n')
		if len(l.buf)+len(chunk) > l.max+1 { // +1: the newline itself
			tooLong = true
		} else {
			l.buf = append(l.buf, chunk...)
		}
		switch {
		case err == nil:
			return trimEOL(l.buf), tooLong, nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case err == io.EOF:
			if len(l.buf) == 0 && !tooLong {
				return nil, false, io.EOF
			}
			return trimEOL(l.buf), tooLong, nil
		default:
			return nil, false, err
		}
	}
}

func trimEOL(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
	}
	if n := len(b); n > 0 && b[n-1] == '\r' {
		b = b[:n-1]
	}
	return b
}
