package oauth

import "time"

// StateKind says where a Session stands.
type StateKind int

// The states a Session publishes for the GUI.
const (
	SignedOut    StateKind = iota // no tokens: sign in to start
	SignedIn                      // a valid token; Expiry and NextRefresh are set
	Refreshing                    // a renewal is under way; the current token may still be in use
	BackingOff                    // the last renewal failed for a passing reason; RetryAt says when the next try is
	SignInNeeded                  // the provider no longer accepts this sign-in; Reason says why
)

func (k StateKind) String() string {
	switch k {
	case SignedOut:
		return "signed out"
	case SignedIn:
		return "signed in"
	case Refreshing:
		return "refreshing"
	case BackingOff:
		return "backing off"
	case SignInNeeded:
		return "sign-in needed"
	}
	return "unknown"
}

// State is a snapshot of a Session for display.
type State struct {
	Kind        StateKind
	Region      Region
	Expiry      time.Time // of the current access token, zero if none
	NextRefresh time.Time // when the background renewal is planned
	RetryAt     time.Time // BackingOff: when the next try is
	// RetryCapped is set when the server asked to wait longer than
	// MaxRetryAfter, and RetryAt is cut to it.
	RetryCapped bool
	Reason      Reason // BackingOff, SignInNeeded: why
	Err         error  // the failure behind Reason, for errors.Is
}
