package oauth

import "time"

// Clock is the time source of a Session; tests use oauthtest.ManualClock to
// run hours of token lifetimes in milliseconds.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

// WallClock is the computer's clock, the default of every Clock field.
var WallClock Clock = realClock{}

type realClock struct{}

// Round(0) drops the monotonic reading so that comparisons use the wall
// clock, which keeps running while the computer sleeps.
func (realClock) Now() time.Time                         { return time.Now().Round(0) }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }
