package classify

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Encodings returns the names Decode and NewDecodingReader accept. GBK is
// decoded as GB18030, its superset: GBK's own decoder rejects GB18030's
// four-byte sequences. UTF-16 needs a byte order mark.
func Encodings() []string { return slices.Clone(encodings) }

var encodings = []string{"utf-8", "gb18030", "gbk", "gb2312", "big5", "utf-16"}

// encodingFor returns the decoder of a declared encoding. The encoding must
// be declared: GBK bytes read as Big5 give plausible text with almost no
// replacement characters, so guessing from short complaints is unsafe.
func encodingFor(name string) (encoding.Encoding, error) {
	switch strings.ToLower(strings.ReplaceAll(name, "_", "-")) {
	case "", "utf-8", "utf8":
		return nil, nil
	case "gb18030", "gbk", "gb2312", "cp936":
		return simplifiedchinese.GB18030, nil
	case "big5", "big-5", "cp950":
		return traditionalchinese.Big5, nil
	case "utf-16", "utf16":
		return unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), nil
	}
	return nil, fmt.Errorf("classify: unknown encoding %q (known: %s)", name, strings.Join(encodings, ", "))
}

// Decode converts b from the named encoding to UTF-8 and sanitises the
// result: invalid sequences become U+FFFD and a leading byte order mark is
// dropped. It returns the text and how many replacement characters it
// holds (those the input already had included), so callers can count
// damaged input.
func Decode(b []byte, enc string) (text string, replaced int, err error) {
	e, err := encodingFor(enc)
	if err != nil {
		return "", 0, err
	}
	if e != nil {
		b, err = e.NewDecoder().Bytes(b)
		if err != nil {
			return "", 0, fmt.Errorf("classify: decoding %s: %w", enc, err)
		}
	}
	b = bytes.TrimPrefix(b, []byte("\ufeff"))
	text, replaced = Sanitize(string(b))
	return text, replaced, nil
}

// Sanitize returns s with every invalid UTF-8 sequence replaced by U+FFFD,
// and the number of U+FFFD in the result. It returns s itself, without
// allocating, when s is valid and has none.
func Sanitize(s string) (string, int) {
	n := strings.Count(s, "\ufffd")
	if utf8.ValidString(s) {
		return s, n
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	n = 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError {
			n++
		}
		b.WriteRune(r)
		i += size
	}
	return b.String(), n
}

// NewDecodingReader returns a reader of r's bytes decoded from the named
// encoding to UTF-8, for decoding a whole stream before parsing it (GBK and
// Big5 trail bytes include 0x5C, the JSON escape character, so JSON must
// not be read as raw GBK bytes).
func NewDecodingReader(r io.Reader, enc string) (io.Reader, error) {
	e, err := encodingFor(enc)
	if err != nil || e == nil {
		return r, err
	}
	return transform.NewReader(r, e.NewDecoder()), nil
}
