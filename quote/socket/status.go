package socket

import "time"

// StatusKind says where the feed stands.
type StatusKind int

// The states a Client publishes for the GUI.
const (
	Connecting   StatusKind = iota // the first connection is being made
	Live                           // connected and authenticated; pushes flow
	Reconnecting                   // the link is down for a passing reason; RetryAt says when the next try is
	Refused                        // the server or the sign-in refuses us; Reason says why; retried at RetryAt
	Closed                         // Close ran
)

func (k StatusKind) String() string {
	switch k {
	case Connecting:
		return "connecting"
	case Live:
		return "live"
	case Reconnecting:
		return "reconnecting"
	case Refused:
		return "refused"
	case Closed:
		return "closed"
	}
	return "unknown"
}

// Reason says why the feed is not live, or what is wrong with part of it.
type Reason int

// The reasons, for the GUI to put in words.
const (
	ReasonNone                 Reason = iota
	ReasonConnectionLost              // the socket closed or a read failed
	ReasonHeartbeatTimeout            // no frame, ping or pong within the limits: a dead or frozen link
	ReasonServerClosed                // the server closed the socket; Status.CloseCode says how
	ReasonDialFailed                  // the quote host could not be reached
	ReasonProtocolError               // the server sent what the protocol does not allow
	ReasonTokenUnavailable            // the one-time socket token could not be fetched (passing)
	ReasonSignInNeeded                // the token source needs the user to sign in again (Refused)
	ReasonAuthRefused                 // the server refused the one-time token
	ReasonConnectionLimit             // the account has all its connections open elsewhere (Refused)
	ReasonServerError                 // the server failed a request
	ReasonNoQuoteAccess               // 301604: no quote package for a market (Problem)
	ReasonHistoryQuota                // 301607: the monthly history-candlestick quota is used up (Problem)
	ReasonRateLimited                 // 301606: the server throttled a request
	ReasonTooManySubscriptions        // 301605: the server's subscription limit (Problem)
)

func (r Reason) String() string {
	switch r {
	case ReasonNone:
		return "none"
	case ReasonConnectionLost:
		return "connection lost"
	case ReasonHeartbeatTimeout:
		return "heartbeat timeout"
	case ReasonServerClosed:
		return "closed by the server"
	case ReasonDialFailed:
		return "host unreachable"
	case ReasonProtocolError:
		return "protocol error"
	case ReasonTokenUnavailable:
		return "socket token unavailable"
	case ReasonSignInNeeded:
		return "sign-in needed"
	case ReasonAuthRefused:
		return "authentication refused"
	case ReasonConnectionLimit:
		return "connection limit reached"
	case ReasonServerError:
		return "server error"
	case ReasonNoQuoteAccess:
		return "no quote access"
	case ReasonHistoryQuota:
		return "history quota used up"
	case ReasonRateLimited:
		return "rate limited"
	case ReasonTooManySubscriptions:
		return "too many subscriptions"
	}
	return "unknown"
}

// Problem is something wrong with part of a live feed: a market without
// quote access, the history quota, a refused subscription.
type Problem struct {
	Reason  Reason
	Market  string   // "US", "HK", "CN", "SG"... when the problem is a market's
	Symbols []string // the symbols it hit
	Err     error
}

// Loss is a link that was lost: why and when.
type Loss struct {
	Reason    Reason
	Err       error
	CloseCode int // ReasonServerClosed: the WebSocket close code
	At        time.Time
}

// Status is a snapshot of the feed for display.
type Status struct {
	Kind       StatusKind
	Reason     Reason    // Reconnecting, Refused: why
	Err        error     // the failure behind Reason, for errors.Is and the log
	CloseCode  int       // ReasonServerClosed: the WebSocket close code (4000 + Close.Code on the fake)
	RetryAt    time.Time // Reconnecting, Refused: when the next try is
	Symbols    int       // symbols subscribed on the live link
	Wanted     int       // symbols the app wants, subscribed or not
	Limit      int       // the profile's subscription limit
	LastUpdate time.Time // the last push or snapshot; Client.Status reads it fresh
	Reconnects int       // links lost (and remade) so far
	// LastLoss is why the last link was lost; it stays after the link is
	// back, since a subscriber may never see the brief Reconnecting state
	// (states are coalesced, and the first retry is immediate).
	LastLoss  Loss
	Online    int       // the account's open connections, from the last auth
	MaxOnline int       // the account's connection limit, from the last auth
	Problems  []Problem // Live: parts of the feed that are refused
}
