package socket

import (
	"errors"
	"fmt"

	"github.com/portview/portview/quote/socket/packet"
)

// Business codes of the quote socket (Error.code) a caller may branch on.
const (
	CodeInvalidRequest        = 301600
	CodeServerError           = 301602
	CodeNoQuote               = 301603
	CodeNoQuoteAccess         = 301604
	CodeRateLimited           = 301606
	CodeTooManySubscriptions  = 301605
	CodeHistoryQuotaExhausted = 301607
	CodeConnectionLimit       = 403
)

// Error is a response whose status is not success: the status byte and the
// server's Error body.
type Error struct {
	Cmd    uint8
	Status packet.Status
	Code   uint64 // business code, such as CodeNoQuoteAccess; 0 if none
	Msg    string // the server's text, for the log
}

func (e *Error) Error() string {
	return fmt.Sprintf("quote socket cmd %d: %s (code %d: %s)", e.Cmd, e.Status, e.Code, e.Msg)
}

// Reason classifies the error for the status and the GUI.
func (e *Error) Reason() Reason {
	switch {
	case e.Code == CodeNoQuoteAccess:
		return ReasonNoQuoteAccess
	case e.Code == CodeHistoryQuotaExhausted:
		return ReasonHistoryQuota
	case e.Code == CodeRateLimited:
		return ReasonRateLimited
	case e.Code == CodeTooManySubscriptions:
		return ReasonTooManySubscriptions
	case e.Status == packet.StatusPermissionDenied:
		return ReasonConnectionLimit
	case e.Status == packet.StatusUnauthenticated:
		return ReasonAuthRefused
	}
	return ReasonServerError
}

// Errors of calls that got no answer.
var (
	// ErrNotConnected: the link dropped before the answer came; the
	// client is reconnecting, and the call may be retried.
	ErrNotConnected = errors.New("quote socket: not connected")
	// ErrTimeout: no answer within Config.RequestTimeout.
	ErrTimeout = errors.New("quote socket: no answer in time")
	// ErrClosed: the client was closed.
	ErrClosed = errors.New("quote socket: closed")
)

// LimitError is a subscription that would pass the account's limit; nothing
// of it was subscribed.
type LimitError struct {
	Limit, Subscribed, Asked int
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("quote socket: %d more symbols would pass the limit of %d (%d subscribed)", e.Asked, e.Limit, e.Subscribed)
}
