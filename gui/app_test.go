package gui

import (
	"errors"
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
	rows := len(h.ui.securities.data.rows)

	sb.auth.InvalidateRefreshTokens()
	sb.auth.ExpireAccessTokens()
	test.Tap(h.ui.securities.reloadButton)
	h.waitFor("the banner", func() bool { return h.ui.banner.content.Visible() && h.ui.banner.signIn })
	if got := h.ui.banner.text.Text; !strings.Contains(got, "Please sign in again") {
		t.Errorf("banner = %q", got)
	}
	if got := len(h.ui.securities.data.rows); got != rows {
		t.Errorf("rows = %d, want the %d on screen to stay", got, rows)
	}
	h.waitFor("the status line", func() bool { return h.ui.status.text.Text == "Signed out of Sandbox. Sign in again to continue." })

	// Sign in from the banner, and the banner goes.
	test.Tap(h.ui.banner.action)
	h.waitFor("the new session", func() bool {
		return h.ui.session != nil && h.ui.session.State().Kind == oauth.SignedIn && !h.ui.banner.content.Visible() && !h.ui.securities.loading
	})
	if h.ui.securities.failed != nil {
		t.Errorf("reload after signing in again: %v", h.ui.securities.failed)
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
	if got := len(h.ui.securities.data.rows); got != 0 {
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
	test.Tap(h.ui.securities.reloadButton)
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

func TestNoKeyringNoticeShowsInTheBanner(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.ui.Start()
	h.ui.ShowNotice(errors.Join(oauth.ErrNoKeyring, errors.New("dbus: no session bus")))
	h.waitFor("the notice", func() bool { return h.ui.banner.content.Visible() })
	if got := h.ui.banner.text.Text; !strings.HasPrefix(got, "The system keyring is not available") || strings.Contains(got, "dbus") {
		t.Errorf("banner = %q", got)
	}
}
