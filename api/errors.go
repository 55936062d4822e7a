package api

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/portview/portview/oauth"
)

// ErrSignInRequired reports that the API refused the session even after a
// fresh access token, or that the session could not give one: the user must
// sign in again. It is the oauth package's sentinel, so one errors.Is check
// covers both layers.
var ErrSignInRequired = oauth.ErrSignInRequired

// ErrUnexpectedResponse reports a body that is not the LongPort envelope
// {code, message, data}: an HTML page from a proxy, an empty or truncated
// body, a success without data, or a body over the size cap.
var ErrUnexpectedResponse = errors.New("response is not a LongPort envelope")

// The codes of LongPort's documented error table, which callers and the
// retry rules branch on. The words for them are the GUI's (gui/messages.go).
const (
	CodeTokenEmpty        = 401001
	CodeTokenExpired      = 401003
	CodeTokenInvalid      = 401004
	CodeTokenVerifyFailed = 401102
	CodeSignatureInvalid  = 403201
	CodeDuplicateRequest  = 403202
	CodeAppKeyIllegal     = 403203
	CodeIPNotAllowed      = 403205
	CodeTooManyFromIP     = 429001
	CodeTooManyOnAPI      = 429002
	CodeInternal          = 500000
	CodeBadParameter      = 310010
	CodeBadParameterValue = 310011
)

// Error is a response the client could not turn into data: a non-2xx
// status, an envelope whose code is not 0, or a body that is not an envelope.
type Error struct {
	Status     int           // HTTP status code
	Code       int           // LongPort code from the envelope; 0 when the body had none
	Message    string        // the envelope's message, as the server wrote it
	RequestID  string        // the server's trace ID (x-trace-id or x-request-id), if sent
	Body       string        // at most 200 characters of a body that was not an envelope
	RetryAfter time.Duration // the Retry-After header, if sent (at most 10 min); a call fails at once when it is over MaxRetryAfter
	Attempts   int           // how many times the call was tried before giving up
	Err        error         // why the body was not an envelope; nil when it was
	ServerTime time.Time     // the answer's Date header; zero without one
	ReceivedAt time.Time     // this computer's time when the answer came
}

// ClockSkew returns how far this computer's clock is ahead of the server's
// (behind when negative), from the answer's Date header, which has whole
// seconds; ok is false when the answer had no Date.
func (e *Error) ClockSkew() (skew time.Duration, ok bool) {
	if e.ServerTime.IsZero() || e.ReceivedAt.IsZero() {
		return 0, false
	}
	return e.ReceivedAt.Sub(e.ServerTime).Truncate(time.Second), true
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "longport api: HTTP %d", e.Status)
	if e.Code != 0 {
		fmt.Fprintf(&b, ", code %d", e.Code)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	if e.Err != nil {
		fmt.Fprintf(&b, ": %v", e.Err)
	}
	if e.Err != nil || e.Body != "" {
		fmt.Fprintf(&b, ": body %q", e.Body)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " (request %s)", e.RequestID)
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " (gave up after %d tries)", e.Attempts)
	}
	return b.String()
}

// Unwrap returns the reason the body was not an envelope, if any.
func (e *Error) Unwrap() error { return e.Err }

// Unauthorized reports a rejected access token, which a fresh one may cure.
func (e *Error) Unauthorized() bool {
	switch e.Code {
	case CodeTokenEmpty, CodeTokenExpired, CodeTokenInvalid, CodeTokenVerifyFailed:
		return true
	}
	return e.Status == 401
}

// TooManyRequests reports a rate-limit rejection, which waiting may cure.
func (e *Error) TooManyRequests() bool {
	return e.Status == 429 || e.Code == CodeTooManyFromIP || e.Code == CodeTooManyOnAPI
}

// Forbidden reports a refusal that a fresh token does not cure: a 403 that
// is not one of the legacy signing codes. LongPort documents no code for a
// scope the user did not grant; the panels of a viewer degrade one by one
// on it, so the GUI reads this together with the session's granted scopes.
func (e *Error) Forbidden() bool {
	switch e.Code {
	case CodeSignatureInvalid, CodeDuplicateRequest, CodeAppKeyIllegal, CodeIPNotAllowed:
		return false
	}
	return e.Status == 403
}

// ServerFault reports a failure on the server's side, which a retry of an
// idempotent call may cure. Besides 500000, code 500 has been seen in the wild.
func (e *Error) ServerFault() bool {
	return e.Status >= 500 || e.Code == CodeInternal || (e.Code >= 500 && e.Code <= 599)
}
