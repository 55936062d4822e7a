package gui

import (
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/portview/portview/oauth"
	"github.com/portview/portview/oauth/oauthtest"
)

func TestStatusLineFollowsARefresh(t *testing.T) {
	h := newHarness(t, harnessOptions{tokenLifetime: 10 * time.Minute})
	h.signInToSandbox()
	status := h.ui.status.text
	if got := status.Text; got != "Signed in to Sandbox. Access renews in 8 min." {
		t.Errorf("after sign-in: %q", got)
	}
	h.clock.Advance(5 * time.Minute)
	h.ui.status.tick() // the 15 s ticker's work
	if got := status.Text; got != "Signed in to Sandbox. Access renews in 3 min." {
		t.Errorf("five minutes later: %q", got)
	}

	// The quiet refresh: only the status line changes.
	sb := h.sandbox()
	h.clock.Advance(4 * time.Minute)
	h.waitFor("the refresh", func() bool { return sb.auth.Counts().Refresh == 1 && h.ui.session.State().Kind == oauth.SignedIn })
	h.waitFor("the status line", func() bool { return status.Text == "Signed in to Sandbox. Access renews in 8 min." })
	if h.ui.banner.content.Visible() {
		t.Error("a banner after a quiet refresh")
	}

	// A failing refresh is a line, not a dialog.
	sb.auth.FailNext(oauthtest.EndpointToken, 1, oauthtest.Failure{Status: 503})
	h.clock.Advance(9 * time.Minute)
	h.waitFor("the back-off", func() bool { return strings.Contains(status.Text, "Could not renew access") })
	if got := status.Text; !strings.Contains(got, "Could not renew access (server error), retrying in ") {
		t.Errorf("backing off: %q", got)
	}
	if h.ui.win.Canvas().Overlays().Top() != nil {
		t.Error("a dialog for a failed refresh")
	}
}

func TestBannerAfterInvalidGrantKeepsTheData(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.signInToSandbox()
	sb := h.sandbox()
	rows := len(h.ui.securities().tbl.Data().Rows())

	sb.auth.InvalidateRefreshTokens()
	sb.auth.ExpireAccessTokens()
	test.Tap(h.ui.securities().reloadButton)
	h.waitFor("the banner", func() bool { return h.ui.banner.content.Visible() && h.ui.banner.signIn })
	if got := h.ui.banner.text.Text; !strings.Contains(got, "Please sign in again") {
		t.Errorf("banner = %q", got)
	}
	if got := len(h.ui.securities().tbl.Data().Rows()); got != rows {
		t.Errorf("rows = %d, want the %d on screen to stay", got, rows)
	}
	h.waitFor("the status line", func() bool { return h.ui.status.text.Text == "Signed out of Sandbox. Sign in again to continue." })

	// Sign in from the banner, and the banner goes.
	test.Tap(h.ui.banner.action)
	h.waitFor("the new session", func() bool {
		return h.ui.session != nil && h.ui.session.State().Kind == oauth.SignedIn && !h.ui.banner.content.Visible() && !h.ui.securities().loading
	})
	if h.ui.securities().failed != nil {
		t.Errorf("reload after signing in again: %v", h.ui.securities().failed)
	}
}

func TestSignOutRevokesAndForgets(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.signInToSandbox()
	sb := h.sandbox()
	regionID := h.ui.session.Region().ID

	h.ui.onSignOut()
	cancel := h.overlayButton("Cancel")
	if cancel == nil {
		t.Fatal("no confirmation")
	}
	test.Tap(cancel)
	if h.ui.session == nil {
		t.Fatal("Cancel signed out")
	}
	h.ui.onSignOut()
	test.Tap(h.overlayButton("Sign out"))
	h.waitFor("the wizard", func() bool { return h.ui.regionPage != nil })
	if got := sb.auth.Counts().Revoke; got != 1 {
		t.Errorf("revocations = %d, want 1", got)
	}
	if _, err := sb.store.Get(regionID + "/token"); !errors.Is(err, oauth.ErrNotFound) {
		t.Errorf("token still stored: %v", err)
	}
	if got := len(h.ui.securities().tbl.Data().Rows()); got != 0 {
		t.Errorf("%d rows after signing out", got)
	}
	if got := h.ui.status.text.Text; got != "Signed out of Sandbox." {
		t.Errorf("status = %q", got)
	}
}

func TestClosingTheWindowStopsEverything(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.signInToSandbox()
	sb := h.sandbox()
	sb.quote.SetDelay(time.Minute)
	test.Tap(h.ui.securities().reloadButton)
	h.ui.win.Close()
	if h.ui.ctx.Err() == nil {
		t.Error("closing did not cancel the requests in flight")
	}
	if h.ui.session != nil || h.ui.runningSandbox() != nil {
		t.Error("closing left the session or the sandbox running")
	}
}

func TestSwitchRegionShowsTheWizard(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.signInToSandbox()
	h.ui.onSwitchRegion()
	if h.ui.regionPage == nil || h.ui.session != nil {
		t.Fatal("not back on the wizard")
	}
	if got := h.ui.regionPage.choice; got != choiceSandbox {
		t.Errorf("choice = %q", got)
	}
}

// keyringBackend is an OS keyring that fails every call with err, or, with
// stuck set, never answers until the test ends.
type keyringBackend struct {
	err   error
	stuck chan struct{}
}

func (b keyringBackend) wait() error {
	if b.stuck != nil {
		<-b.stuck
	}
	return b.err
}

func (b keyringBackend) Get(service, user string) (string, error) { return "", b.wait() }
func (b keyringBackend) Set(service, user, password string) error { return b.wait() }
func (b keyringBackend) Delete(service, user string) error        { return b.wait() }

// The notice goes the way main wires it: the fallback store over the keyring
// notifies ShowNotice the first time the keyring fails, here as the sign-in
// saves its registration.
func TestKeyringNoticesShowInTheBanner(t *testing.T) {
	stuck := make(chan struct{})
	t.Cleanup(func() { close(stuck) })
	tests := []struct {
		name    string
		backend keyringBackend
		want    string
	}{
		{"a missing keyring says sign-ins are not kept",
			keyringBackend{err: errors.New("dbus: no session bus")},
			"The system keyring is not available, so you will have to sign in again the next time you open Portview."},
		{"a keyring that does not answer says it may be locked",
			keyringBackend{err: errors.New("dbus: no session bus"), stuck: stuck},
			"The system keyring did not answer (is it locked?). Your sign-in is kept only until Portview closes."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// A confidential client: the registration is saved by writes
			// only, which fall back to memory, and the sign-in goes on.
			auth := startAuthServer(t, oauthtest.Options{ConfidentialClients: true})
			var ui *UI
			keyring := &oauth.Keyring{Backend: tt.backend, Timeout: 50 * time.Millisecond}
			store := oauth.NewFallbackStore(keyring, slog.New(slog.DiscardHandler), func(err error) { ui.ShowNotice(err) })
			h := newHarness(t, harnessOptions{region: auth.URL, store: store})
			ui = h.ui
			h.signInToServer()
			h.waitFor("the notice", func() bool { return h.ui.banner.content.Visible() })
			if got := h.ui.banner.text.Text; got != tt.want {
				t.Errorf("banner = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestClosingDoesNotWaitForARenewalStuckInTheKeyring(t *testing.T) {
	auth := startAuthServer(t, oauthtest.Options{TokenLifetime: 10 * time.Minute})
	store := newGatedStore()
	h := newHarness(t, harnessOptions{region: auth.URL, store: store})
	t.Cleanup(store.release)
	h.signInToServer()
	s := h.ui.session

	// The renewal at 80% of the token's life saves the new token in a
	// keyring that waits for its unlock prompt.
	store.hold()
	h.clock.Advance(9 * time.Minute)
	h.waitFor("the renewal to save", store.holding)

	closed := make(chan struct{})
	go func() {
		h.ui.Close()
		close(closed)
	}()
	select {
	case <-closed:
	case <-time.After(time.Second):
		t.Error("Close waited for the renewal stuck in the keyring")
		store.release()
		<-closed
	}
	if h.ui.session != nil {
		t.Error("Close kept the session")
	}

	// Once the keyring answers, the session's goroutines end.
	store.release()
	ended := make(chan struct{})
	go func() {
		s.Close() // returns once they have
		close(ended)
	}()
	select {
	case <-ended:
	case <-time.After(5 * time.Second):
		t.Error("the session's goroutines outlived the window")
	}
}

func TestSignOutSaysWhatCouldNotBeDone(t *testing.T) {
	const (
		notRevoked       = "You are signed out on this computer, but LongPort could not be told to revoke the access."
		notForgotten     = "You are signed out, but your sign-in could not be removed from this computer's keyring."
		notRevokedEither = "LongPort could not be told to revoke the access either."
	)
	tests := []struct {
		name                 string
		revokeFails, keyring bool
		want                 string
	}{
		{"a failed revocation is the server's part", true, false, notRevoked},
		{"a keyring that cannot forget is this computer's part", false, true, notForgotten},
		{"both are said when both fail", true, true, notForgotten + " " + notRevokedEither},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			auth := startAuthServer(t, oauthtest.Options{})
			store := newGatedStore()
			h := newHarness(t, harnessOptions{region: auth.URL, store: store})
			h.signInToServer()
			if tt.revokeFails {
				auth.FailNext(oauthtest.EndpointRevoke, 1, oauthtest.Failure{Status: 503})
			}
			if tt.keyring {
				store.failDeletes(errors.New("the keyring is locked"))
			}
			h.ui.onSignOut()
			test.Tap(h.overlayButton("Sign out"))
			h.waitFor("the notice", func() bool { return h.ui.regionPage != nil && h.ui.banner.content.Visible() })
			if got := h.ui.banner.text.Text; got != tt.want {
				t.Errorf("banner = %q, want %q", got, tt.want)
			}
		})
	}
}
