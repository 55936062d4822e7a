package oauth

import (
	"errors"
	"fmt"
	"time"
)

// Reason says why a session is backing off or needs a new sign-in. It is a
// value, not a sentence: the GUI words it in the user's language, and
// String gives English for the log.
type Reason int

// Why a renewal is backing off (State.Reason, RenewError.Reason).
const (
	ReasonNone        Reason = iota
	ReasonServerError        // the token endpoint answered 5xx
	ReasonNetwork            // no answer: the network, DNS, a timeout
	ReasonSlowDown           // the token endpoint answered 429
	ReasonClientLimit        // Portview's own limit on token requests
	ReasonUnexpected         // an answer Portview cannot use
)

// Why a session needs a new sign-in (State.Reason, SignInError.Reason).
const (
	ReasonSignedOut      Reason = iota + 100 // the user signed out
	ReasonGrantRefused                       // the provider refused the refresh token
	ReasonNoRefreshToken                     // the access token ran out and there is nothing to renew it with
	ReasonClientUnknown                      // the provider no longer knows the OAuth client
)

var reasonText = map[Reason]string{
	ReasonNone:           "none",
	ReasonServerError:    "server error",
	ReasonNetwork:        "network error",
	ReasonSlowDown:       "the server asked to slow down",
	ReasonClientLimit:    "too many renewals in 10 minutes",
	ReasonUnexpected:     "unexpected answer",
	ReasonSignedOut:      "signed out",
	ReasonGrantRefused:   "the provider refused the sign-in",
	ReasonNoRefreshToken: "access expired with no refresh token",
	ReasonClientUnknown:  "the provider does not know the client",
}

// String is the reason in English, for the log.
func (r Reason) String() string {
	if s, ok := reasonText[r]; ok {
		return s
	}
	return fmt.Sprintf("reason %d", int(r))
}

// ErrSignInRequired means no access token can be had until the user signs in
// again: the session was signed out, or the provider refused its refresh
// token. Errors from Session.Token wrap it when that is the case.
var ErrSignInRequired = errors.New("sign-in required")

// ErrClosed is what Session.Token returns once the session is closed: the
// app dropped it (a region switch, quitting), which no retry can mend.
var ErrClosed = errors.New("the session is closed")

// SignInError says why a session needs a new sign-in.
type SignInError struct {
	Reason Reason
	Err    error // the provider's answer, if any
}

func (e *SignInError) Error() string {
	if e.Err != nil {
		return "sign-in required: " + e.Reason.String() + ": " + e.Err.Error()
	}
	return "sign-in required: " + e.Reason.String()
}
func (e *SignInError) Unwrap() []error      { return []error{ErrSignInRequired, e.Err} }
func (e *SignInError) Is(target error) bool { return target == ErrSignInRequired }

// RenewError says why access could not be renewed just now, and when the
// session tries again by itself.
type RenewError struct {
	Reason  Reason
	RetryAt time.Time
	// Capped means the server asked for a longer wait than MaxRetryAfter,
	// and RetryAt is cut to it.
	Capped bool
	Err    error
}

func (e *RenewError) Error() string {
	return fmt.Sprintf("could not renew access (%s); retrying at %s", e.Reason, e.RetryAt.Format(time.TimeOnly))
}
func (e *RenewError) Unwrap() error { return e.Err }
