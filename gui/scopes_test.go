package gui

import (
	"errors"
	"strings"
	"testing"

	"github.com/portview/portview/oauth"
	"github.com/portview/portview/oauth/oauthtest"
	"github.com/portview/portview/regiontest"
	"github.com/portview/portview/trade"
)

// startScopedRegion starts a fake region whose discovery lists scopes.
func startScopedRegion(t *testing.T, scopes ...string) *regiontest.Region {
	t.Helper()
	fake, err := regiontest.Start(regiontest.Options{Rows: 50, Auth: oauthtest.Options{Scopes: scopes}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(fake.Close)
	return fake
}

// waitForFirstView waits for the view a new session opens on to load.
func (h *harness) waitForFirstView() view {
	h.t.Helper()
	h.waitFor("the first view's data", func() bool {
		v := h.ui.currentView()
		return h.ui.session != nil && v != nil && v.loaded() && !viewBusy(v)
	})
	return h.ui.currentView()
}

// LongPort's OAuth example lists scope 3 alone, signs in with it and reads
// the security list: Portview, remembering the watchlist, must open on the
// security list with its rows, after the sign-in and after a restart, and
// say of the watchlist that this server does not offer it, with no sign-in
// that cannot help.
func TestASignInToTheExamplesScope3ShowsTheSecurityList(t *testing.T) {
	fake := startScopedRegion(t, "3")
	store, prefs := oauth.NewMemoryStore(), oauth.NewMemoryPrefs()
	for _, start := range []string{"sign-in", "restart"} {
		t.Run(start, func(t *testing.T) {
			h := newHarness(t, harnessOptions{region: fake.URL, store: store, prefs: prefs, view: "watchlist"})
			h.ui.Start()
			v := h.waitForFirstView()
			if v.key() != "securities" {
				t.Fatalf("opened on %q, want the securities", v.key())
			}
			if got := h.ui.session.Scopes(); strings.Join(got, " ") != "3" {
				t.Errorf("granted %v, want [3]", got)
			}
			sec := h.ui.viewByKey("securities").(*securitiesView).pane
			if sec.failed != nil || len(sec.tbl.Data().Rows()) == 0 {
				t.Fatalf("the security list: %d rows, failed %v", len(sec.tbl.Data().Rows()), sec.failed)
			}
			if n := h.browser.openedCount(); (start == "restart") != (n == 0) {
				t.Errorf("%s: the browser opened %d times", start, n)
			}
			if got := prefs.String(prefLastView); got != "watchlist" {
				t.Errorf("the remembered view became %q: the app's choice is not the user's", got)
			}

			watch := h.showView("watchlist").(*watchlistView).pane
			if !errors.Is(watch.failed, errScopeMissing) {
				t.Fatalf("the watchlist without scope 4: failed %v", watch.failed)
			}
			if want := "does not offer watchlist access"; !strings.Contains(watch.placeText.Text, want) {
				t.Errorf("the watchlist says %q, want %q", watch.placeText.Text, want)
			}
			if watch.placeSignIn.Visible() {
				t.Error("a sign-in is offered for a scope the server does not list")
			}
			if n := countRequests(fake, "/v1/watchlist/groups"); n != 0 {
				t.Errorf("%d watchlist requests, want none", n)
			}
			h.showView("securities") // the next start remembers the watchlist still
			prefs.SetString(prefLastView, "watchlist")
		})
	}
}

// On a server that lists LongPort's scopes, the remembered view opens when
// the grant allows it; when the user left out its scope, the first view
// that the grant allows opens, and the other one offers the sign-in that
// can help.
func TestTheFirstViewIsOneTheGrantAllows(t *testing.T) {
	fake := startScopedRegion(t, "4", "5", "6", "7", "10", "11")
	for _, remembered := range []string{"orders", "watchlist", "cashflow"} {
		t.Run(remembered, func(t *testing.T) {
			h := newHarness(t, harnessOptions{region: fake.URL, view: remembered})
			h.ui.Start()
			if v := h.waitForFirstView(); v.key() != remembered {
				t.Errorf("opened on %q, want %q", v.key(), remembered)
			}
		})
	}

	t.Run("orders not granted", func(t *testing.T) {
		store, prefs := oauth.NewMemoryStore(), oauth.NewMemoryPrefs()
		h := newHarness(t, harnessOptions{region: fake.URL, store: store, prefs: prefs, view: "orders"})
		h.ui.Start()
		h.waitForFirstView()
		// Sign in again granting the watchlist and the account only, then
		// start again on the stored session.
		h.ui.signIn(h.ui.account, oauth.SignInOptions{Scopes: []string{"4", "6"}}, nil)
		h.waitFor("the new session", func() bool { return h.ui.clients != nil && h.ui.clients.scopes == "4 6" })
		h.close()

		next := newHarness(t, harnessOptions{region: fake.URL, store: store, prefs: prefs})
		next.ui.Start()
		if v := next.waitForFirstView(); v.key() != "watchlist" {
			t.Fatalf("opened on %q, want the watchlist (orders not granted)", v.key())
		}
		orders := panesOf(next.showView("orders"))["orders.today"].(*tablePane[trade.Order])
		if !errors.Is(orders.failed, errScopeMissing) || !orders.placeSignIn.Visible() {
			t.Fatalf("orders without scope 10: failed %v, sign-in offered %v", orders.failed, orders.placeSignIn.Visible())
		}
		if !strings.Contains(orders.placeText.Text, "not allowed") {
			t.Errorf("it says %q", orders.placeText.Text)
		}
	})
}

// countRequests counts the fake region's requests to path.
func countRequests(fake *regiontest.Region, path string) int {
	n := 0
	for _, r := range fake.API.Requests() {
		if r.Path == path {
			n++
		}
	}
	return n
}
