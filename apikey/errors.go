package apikey

import (
	"errors"
	"fmt"
	"time"

	"github.com/portview/portview/api"
)

// Problem is a refusal of the API-key mode, by LongPort's code.
type Problem int

// The problems of the API-key mode.
const (
	SignatureInvalid Problem = iota + 1 // 403201: the App Secret does not match
	DuplicateRequest                    // 403202: a timestamp reused or far from the server's clock
	AppKeyIllegal                       // 403203: the App Key is not known
	IPNotAllowed                        // 403205: the IP allow-list leaves this computer out
	TokenExpired                        // 401003: the token's days are over
	TokenInvalid                        // 401001, 401004, 401102: the token is not (or no longer) the app's
)

func (p Problem) String() string {
	switch p {
	case SignatureInvalid:
		return "signature invalid: check the App Secret"
	case DuplicateRequest:
		return "duplicate request: check this computer's clock"
	case AppKeyIllegal:
		return "app key illegal: check the App Key"
	case IPNotAllowed:
		return "IP not allowed: check the developer centre's IP allow-list"
	case TokenExpired:
		return "access token expired"
	case TokenInvalid:
		return "access token invalid"
	}
	return "unknown problem"
}

// Error is an API answer that refuses the API key, by kind.
type Error struct {
	Problem Problem
	// Skew is how far this computer's clock is ahead of the server's
	// (behind when negative), in whole seconds, when the server's Date
	// header said; SkewKnown is false otherwise. Set for DuplicateRequest.
	Skew      time.Duration
	SkewKnown bool
	Err       *api.Error
}

func (e *Error) Error() string {
	msg := "API key: " + e.Problem.String()
	if e.SkewKnown {
		msg += fmt.Sprintf(" (off by %d s)", int(e.Skew/time.Second))
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// Classify returns the API-key problem err holds, or nil when it is none.
func Classify(err error) *Error {
	var apiErr *api.Error
	if !errors.As(err, &apiErr) {
		return nil
	}
	e := &Error{Err: apiErr}
	switch apiErr.Code {
	case api.CodeSignatureInvalid:
		e.Problem = SignatureInvalid
	case api.CodeDuplicateRequest:
		e.Problem = DuplicateRequest
		e.Skew, e.SkewKnown = apiErr.ClockSkew()
	case api.CodeAppKeyIllegal:
		e.Problem = AppKeyIllegal
	case api.CodeIPNotAllowed:
		e.Problem = IPNotAllowed
	case api.CodeTokenExpired:
		e.Problem = TokenExpired
	case api.CodeTokenEmpty, api.CodeTokenInvalid, api.CodeTokenVerifyFailed:
		e.Problem = TokenInvalid
	default:
		if apiErr.Status != 401 {
			return nil
		}
		e.Problem = TokenInvalid
	}
	return e
}
