package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"
)

// maxBodySize caps a response body, after gzip decoding, so a gzip bomb or
// a runaway proxy cannot exhaust memory.
const maxBodySize = 32 << 20

// maxExcerpt is how many characters of an unreadable body an error quotes.
const maxExcerpt = 200

var (
	errBodyTooLarge = errors.New("body over the size cap")
	errDataNull     = errors.New(`"data" is null`)
	errNoData       = errors.New(`no "data"`)
)

// envelope is what the LongPort wrapper {code, message, data} says, apart
// from the data, which decodeEnvelope hands to the endpoint's decoder.
type envelope struct {
	code    int
	message string
	hasCode bool
	hasData bool
}

// decodeEnvelope streams the envelope from r. When decodeData is not nil and
// the code seen so far is 0, it is called with dec positioned at the start
// of the data value, so the endpoint decodes its rows straight into their
// final slice: no copy of the data is held as raw JSON.
func decodeEnvelope(r io.Reader, decodeData func(dec *json.Decoder) error) (envelope, error) {
	var env envelope
	dec := json.NewDecoder(r)
	dec.UseNumber()
	if err := expectDelim(dec, '{'); err != nil {
		return env, err
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return env, err
		}
		key, _ := tok.(string)
		switch key {
		case "code":
			if env.code, err = decodeCode(dec); err != nil {
				return env, err
			}
			env.hasCode = true
		case "message":
			if env.message, err = decodeMessage(dec); err != nil {
				return env, err
			}
		case "data":
			if decodeData == nil || env.code != 0 {
				err = skipValue(dec)
				break
			}
			env.hasData = true
			if err = decodeData(dec); err != nil {
				err = fmt.Errorf("data: %w", err)
			}
		default:
			err = skipValue(dec)
		}
		if err != nil {
			return env, err
		}
	}
	if err := expectDelim(dec, '}'); err != nil {
		return env, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return env, errors.New("data after the envelope")
	}
	return env, nil
}

// decodeCode reads the envelope code, a number or a numeric string.
func decodeCode(dec *json.Decoder) (int, error) {
	tok, err := dec.Token()
	if err != nil {
		return 0, err
	}
	var s string
	switch v := tok.(type) {
	case json.Number:
		s = v.String()
	case string:
		s = v
	default:
		return 0, fmt.Errorf(`"code" is %s, not a number`, describeToken(tok))
	}
	code, err := strconv.ParseInt(s, 10, 32)
	if err != nil {
		return 0, fmt.Errorf(`"code" %q is not an integer`, s)
	}
	return int(code), nil
}

// decodeMessage reads the envelope message; null reads as "".
func decodeMessage(dec *json.Decoder) (string, error) {
	tok, err := dec.Token()
	if err != nil {
		return "", err
	}
	switch v := tok.(type) {
	case string:
		return v, nil
	case nil:
		return "", nil
	case json.Delim:
		// A structured message: skip the rest of it rather than fail.
		return "", skipRest(dec, 1)
	}
	return fmt.Sprint(tok), nil
}

// expectDelim reads one token and checks it is the delimiter want. A null
// where an object or array should start gives errDataNull.
func expectDelim(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err == io.EOF && want == '{' {
		return errors.New("empty body")
	}
	if err != nil {
		return err
	}
	if tok == nil && (want == '{' || want == '[') {
		return errDataNull
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return fmt.Errorf("found %s where %q was expected", describeToken(tok), want)
	}
	return nil
}

// skipValue reads and discards one JSON value without keeping it.
func skipValue(dec *json.Decoder) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); ok && (d == '{' || d == '[') {
		return skipRest(dec, 1)
	}
	return nil
}

// skipRest discards tokens until depth open objects or arrays are closed.
func skipRest(dec *json.Decoder, depth int) error {
	for depth > 0 {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		if d, ok := tok.(json.Delim); ok {
			switch d {
			case '{', '[':
				depth++
			default:
				depth--
			}
		}
	}
	return nil
}

func describeToken(tok json.Token) string {
	switch v := tok.(type) {
	case nil:
		return "null"
	case json.Delim:
		return strconv.Quote(v.String())
	case string:
		return "a string"
	case bool:
		return "a boolean"
	}
	return "a number"
}

// cappedReader reads at most max bytes from r, then fails with
// errBodyTooLarge; it keeps the first bytes for an error excerpt.
type cappedReader struct {
	r    io.Reader
	left int64
	head []byte
}

func newCappedReader(r io.Reader, max int64) *cappedReader {
	return &cappedReader{r: r, left: max, head: make([]byte, 0, 4*maxExcerpt)}
}

func (c *cappedReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		// Over the cap only if the body really goes on.
		var one [1]byte
		n, err := c.r.Read(one[:])
		if n > 0 {
			return 0, errBodyTooLarge
		}
		return 0, err
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	if room := cap(c.head) - len(c.head); room > 0 {
		c.head = append(c.head, p[:min(n, room)]...)
	}
	return n, err
}

// netReader remembers a read error of the connection itself (a dropped
// connection, not bad JSON), so the call can be retried.
type netReader struct {
	r   io.Reader
	err error
}

func (n *netReader) Read(p []byte) (int, error) {
	k, err := n.r.Read(p)
	if err != nil && err != io.EOF {
		n.err = err
	}
	return k, err
}

// excerpt returns at most maxExcerpt characters of the body's start.
func (c *cappedReader) excerpt() string {
	b := c.head
	var s []rune
	for len(b) > 0 && len(s) < maxExcerpt {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size <= 1 && !utf8.FullRune(b) {
			break // a character cut by the excerpt's end
		}
		s = append(s, r)
		b = b[size:]
	}
	return string(s)
}
