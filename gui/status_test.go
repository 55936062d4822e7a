package gui

import (
	"errors"
	"net"
	"net/http"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/portview/portview/oauth"
)

func TestStatusLineTellsTheTruth(t *testing.T) {
	useTestLanguage(t, "en")
	now := testStart
	since := now.Add(-3 * time.Minute)
	tests := []struct {
		name        string
		st          oauth.State
		unreachable time.Time
		want        string
		ok          bool
	}{
		{"signed in and working",
			oauth.State{Kind: oauth.SignedIn, Region: oauth.Global, Expiry: now.Add(50 * time.Minute), NextRefresh: now.Add(41 * time.Minute)}, time.Time{},
			"Signed in to Global. Access renews in 41 min.", true},
		{"signed in, but the server cannot be reached",
			oauth.State{Kind: oauth.SignedIn, Region: oauth.Global, Expiry: now.Add(50 * time.Minute), NextRefresh: now.Add(41 * time.Minute)}, since,
			"Signed in to Global, but LongPort cannot be reached (since " + since.Local().Format("15:04") + ").", false},
		{"a renewal time that has passed is not counted down",
			oauth.State{Kind: oauth.SignedIn, Region: oauth.Global, Expiry: now.Add(time.Minute), NextRefresh: now.Add(-time.Second)}, time.Time{},
			"Signed in to Global. Renewing access…", true},
		{"access that expired during a back-off is not 'signed in'",
			oauth.State{Kind: oauth.BackingOff, Region: oauth.China, Reason: oauth.ReasonNetwork, Expiry: now.Add(-time.Minute), RetryAt: now.Add(20 * time.Second)}, time.Time{},
			"Access to China has expired. Could not renew access (network error), retrying in 20 s.", false},
		{"a retry time that has passed is not counted down",
			oauth.State{Kind: oauth.BackingOff, Region: oauth.China, Reason: oauth.ReasonServerError, Expiry: now.Add(time.Minute), RetryAt: now.Add(-time.Second)}, time.Time{},
			"Signed in to China. Could not renew access (server error), trying again now…", false},
		{"a capped Retry-After says so",
			oauth.State{Kind: oauth.BackingOff, Region: oauth.Global, Reason: oauth.ReasonSlowDown, Expiry: now.Add(time.Hour), RetryAt: now.Add(10 * time.Minute), RetryCapped: true}, time.Time{},
			"Signed in to Global. Could not renew access (LongPort asked to slow down). LongPort asked to wait longer than 10 minutes; retrying in 10 min.", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := statusText(tt.st, tt.unreachable, now)
			if got != tt.want || ok != tt.ok {
				t.Errorf("statusText = %q, %v\nwant          %q, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestSignInNeededSaysWhy(t *testing.T) {
	useTestLanguage(t, "en")
	tests := []struct {
		reason oauth.Reason
		want   string
	}{
		{oauth.ReasonGrantRefused, "LongPort no longer accepts your sign-in to Global. Please sign in again."},
		{oauth.ReasonNoRefreshToken, "Your sign-in to Global has expired and cannot be renewed. Sign in again to continue."},
		{oauth.ReasonClientUnknown, "LongPort no longer knows this app's registration for Global (it expired or was deleted). Sign in again: Portview registers anew, or check the client ID under Advanced if you entered one."},
		{oauth.ReasonSignedOut, "You are signed out of Global. Sign in to continue."},
	}
	for _, tt := range tests {
		t.Run(tt.reason.String(), func(t *testing.T) {
			if got := signInNeededText(oauth.State{Kind: oauth.SignInNeeded, Region: oauth.Global, Reason: tt.reason}); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

// refusing is a transport that finds no server while refuse is set, as a
// network that went away does.
type refusing struct {
	base   http.RoundTripper
	refuse atomic.Bool
}

func (r *refusing) RoundTrip(req *http.Request) (*http.Response, error) {
	if r.refuse.Load() {
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	}
	return r.base.RoundTrip(req)
}

func TestStatusSaysWhenLongPortCannotBeReached(t *testing.T) {
	tr := &refusing{base: offline{http.DefaultTransport}}
	h := newHarness(t, harnessOptions{transport: tr})
	h.signInToSandbox()
	status := h.ui.status.text

	tr.refuse.Store(true)
	h.ui.securities().load()
	h.waitFor("the status line to say so", func() bool { return contains(status.Text, "LongPort cannot be reached (since ") })
	if h.ui.status.icon.Resource == nil || contains(status.Text, "renews in") {
		t.Errorf("status while unreachable: %q", status.Text)
	}
	// Any answer from LongPort ends it.
	tr.refuse.Store(false)
	h.ui.securities().load()
	h.waitFor("the status line to recover", func() bool { return contains(status.Text, "Access renews in") })
}

func TestReachedLongPortSortsFailures(t *testing.T) {
	tests := []struct {
		name           string
		err            error
		reached, known bool
	}{
		{"success", nil, true, true},
		{"connection refused", &net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}, false, true},
		{"a renewal backing off says nothing", &oauth.RenewError{Reason: oauth.ReasonServerError}, false, false},
		{"a lost sign-in says nothing", oauth.ErrSignInRequired, false, false},
		{"something else says nothing", errors.New("odd"), false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if reached, known := reachedLongPort(tt.err); reached != tt.reached || known != tt.known {
				t.Errorf("reachedLongPort = %v, %v; want %v, %v", reached, known, tt.reached, tt.known)
			}
		})
	}
}
