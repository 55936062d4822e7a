package oauth

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// MaxRetryAfter is the longest wait a server's Retry-After can impose; a
// longer ask is cut to it, so that a typo on the server's side cannot keep a
// user waiting for hours.
const MaxRetryAfter = 10 * time.Minute

// RetryAfter reads a Retry-After header (RFC 9110, section 10.2.3): delay
// seconds or an HTTP date. It returns how long the server asks the client to
// wait, at most MaxRetryAfter (capped reports the cut). A wait of 0 means the
// header gives no usable delay (absent, 0, negative, unreadable, or a date
// that has passed): the caller uses its normal back-off, never "retry now".
// oauth and the API client both read the header through this one function.
func RetryAfter(header string, now time.Time) (wait time.Duration, capped bool) {
	v := strings.TrimSpace(header)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		if !(secs > 0) { // also NaN
			return 0, false
		}
		if secs >= MaxRetryAfter.Seconds() {
			return MaxRetryAfter, secs > MaxRetryAfter.Seconds()
		}
		return time.Duration(secs * float64(time.Second)), false
	}
	if at, err := http.ParseTime(v); err == nil {
		wait = at.Sub(now)
		switch {
		case wait <= 0:
			return 0, false
		case wait > MaxRetryAfter:
			return MaxRetryAfter, true
		}
		return wait, false
	}
	return 0, false
}
