package quote

import (
	"context"
	"errors"
	"fmt"
	"net"
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

// LongPort codes that callers and the retry rules branch on; userMessages
// has a sentence for every code of the documented table.
const (
	CodeTokenEmpty        = 401001
	CodeTokenExpired      = 401003
	CodeTokenInvalid      = 401004
	CodeTokenVerifyFailed = 401102
	CodeTooManyFromIP     = 429001
	CodeTooManyOnAPI      = 429002
	CodeInternal          = 500000
	CodeBadParameter      = 310010
	CodeBadParameterValue = 310011
)

// APIError is a response the client could not turn into data: a non-2xx
// status, an envelope whose code is not 0, or a body that is not an envelope.
type APIError struct {
	Status     int           // HTTP status code
	Code       int           // LongPort code from the envelope; 0 when the body had none
	Message    string        // the envelope's message, as the server wrote it
	RequestID  string        // the server's trace ID (x-trace-id or x-request-id), if sent
	Body       string        // at most 200 characters of a body that was not an envelope
	RetryAfter time.Duration // the Retry-After header, if sent
	Attempts   int           // how many times the call was tried before giving up
	Err        error         // why the body was not an envelope; nil when it was
}

func (e *APIError) Error() string {
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
func (e *APIError) Unwrap() error { return e.Err }

// Unauthorized reports a rejected access token, which a fresh one may cure.
func (e *APIError) Unauthorized() bool {
	switch e.Code {
	case CodeTokenEmpty, CodeTokenExpired, CodeTokenInvalid, CodeTokenVerifyFailed:
		return true
	}
	return e.Status == 401
}

// TooManyRequests reports a rate-limit rejection, which waiting may cure.
func (e *APIError) TooManyRequests() bool {
	return e.Status == 429 || e.Code == CodeTooManyFromIP || e.Code == CodeTooManyOnAPI
}

// ServerFault reports a failure on the server's side, which a retry of an
// idempotent call may cure. Besides 500000, code 500 has been seen in the wild.
func (e *APIError) ServerFault() bool {
	return e.Status >= 500 || e.Code == CodeInternal || (e.Code >= 500 && e.Code <= 599)
}

// userMessages holds a sentence for every code of the LongPort error table.
var userMessages = map[int]string{
	401001: "You are not signed in. Sign in to LongPort to continue.",
	401003: "Your session has expired. Sign in again.",
	401004: "Your session is no longer valid. Sign in again.",
	401102: "LongPort could not verify your session. Sign in again.",
	403201: "LongPort rejected the request signature. Check the app secret.",
	403202: "LongPort rejected the request as a duplicate. Check that this computer's clock is right.",
	403203: "LongPort does not recognise this app. Register it again in the settings.",
	403205: "LongPort does not accept requests from this network (IP address not allowed).",
	429001: "Too many requests from this network. Wait a moment and try again.",
	429002: "Too many requests to this LongPort service. Wait a moment and try again.",
	500000: "LongPort had an internal error. Try again later.",
	310010: "This market or category is not supported.",
	310011: "LongPort rejected a parameter of the request.",
}

// UserMessage returns a sentence about the error that a user understands.
func (e *APIError) UserMessage() string {
	msg, ok := userMessages[e.Code]
	switch {
	case ok:
	case e.Unauthorized():
		msg = userMessages[CodeTokenInvalid]
	case e.TooManyRequests():
		msg = "Too many requests. Wait a moment and try again."
	case e.ServerFault():
		msg = fmt.Sprintf("LongPort has a problem (HTTP %d). Try again later.", e.Status)
	case e.Err != nil:
		msg = fmt.Sprintf("LongPort sent an answer Portview cannot read (HTTP %d).", e.Status)
	case e.Code != 0 && e.Message != "":
		msg = fmt.Sprintf("LongPort refused the request: %s (code %d).", e.Message, e.Code)
	default:
		msg = fmt.Sprintf("LongPort refused the request (HTTP %d, code %d).", e.Status, e.Code)
	}
	if e.TooManyRequests() {
		if e.Attempts > 1 {
			msg += fmt.Sprintf(" Portview tried %d times.", e.Attempts)
		}
		if e.RetryAfter > 0 {
			msg += fmt.Sprintf(" LongPort asks to wait %s.", e.RetryAfter.Round(time.Second))
		}
	}
	return msg
}

// Describe returns a sentence about err that a user understands; the
// technical detail stays in err.Error() for the log.
func Describe(err error) string {
	var apiErr *APIError
	var netErr net.Error
	switch {
	case err == nil:
		return ""
	case errors.Is(err, ErrSignInRequired):
		return "Your session has expired. Sign in again."
	case errors.Is(err, context.Canceled):
		return "The request was cancelled."
	case errors.Is(err, context.DeadlineExceeded):
		return "LongPort took too long to answer. Try again."
	case errors.As(err, &apiErr):
		return apiErr.UserMessage()
	case errors.As(err, &netErr):
		return "Cannot reach LongPort. Check the internet connection."
	}
	return "Something went wrong: " + err.Error()
}
