package gui

import (
	"log/slog"
	"net/http"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/portview/portview/oauth"
	"github.com/portview/portview/oauth/oauthtest"
	"github.com/portview/portview/quote/quotetest"
	"github.com/portview/portview/regiontest"
)

// customRegion is a LongPort stand-in at one base URL, as a real region is:
// the OAuth endpoints and the API behind one host.
type customRegion struct {
	URL  string
	auth *oauthtest.Server
	api  *quotetest.Server
}

func newCustomRegion(t *testing.T, rows int) *customRegion {
	t.Helper()
	r, err := regiontest.Start(regiontest.Options{Rows: rows})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Close)
	return &customRegion{URL: r.URL, auth: r.Auth, api: r.API}
}

// startUI builds a UI on the given store and preferences, as a start of the
// app on the same machine would.
func startUI(t *testing.T, region string, store oauth.Store, prefs oauth.Prefs, b *browser) (*UI, *uiQueue) {
	t.Helper()
	t.Setenv("LANG", "C.UTF-8")
	q := newUIQueue()
	ui := New(Config{
		App:         test.NewTempApp(t),
		Options:     Options{Region: region},
		Logger:      slog.New(slog.DiscardHandler),
		Store:       store,
		Prefs:       prefs,
		HTTPClient:  &http.Client{Transport: offline{http.DefaultTransport}},
		OpenBrowser: b.Open,
		do:          q.do,
	})
	ui.Start()
	return ui, q
}

// hasRows reports whether ui is signed in with the custom region's 300
// securities on screen.
func hasRows(ui *UI) func() bool {
	return func() bool {
		return ui.session != nil && len(ui.securities().tbl.Data().Rows()) == 300 && !ui.securities().loading
	}
}

func waitUI(t *testing.T, q *uiQueue, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		q.run()
		if cond() {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		select {
		case <-q.wake:
		case <-time.After(10 * time.Millisecond):
		}
	}
}

func TestStartUp(t *testing.T) {
	lr := newCustomRegion(t, 300)
	store, prefs := oauth.NewMemoryStore(), oauth.NewMemoryPrefs()
	prefs.SetString(prefLastView, "securities")
	b := &browser{answer: "allow", errs: make(chan error, 8)}

	// First start: -region names a server without a stored sign-in, so the
	// browser opens with no click, and the data follows the consent.
	ui, q := startUI(t, lr.URL, store, prefs, b)
	waitUI(t, q, "the rows after a sign-in that started by itself", hasRows(ui))
	if b.openedCount() != 1 || ui.regionPage != nil && ui.body.Objects[0] == ui.regionPage.content {
		t.Fatalf("browser opened %d times; want once, without the wizard", b.openedCount())
	}
	ui.Close()
	q.run()

	// Second start, plain: the stored sign-in of the last region goes
	// straight to the data: no browser, no wizard, no discovery.
	discoveries := lr.auth.Counts().Discovery
	ui, q = startUI(t, "", store, prefs, b)
	waitUI(t, q, "the rows of the restored session", hasRows(ui))
	if b.openedCount() != 1 {
		t.Fatal("the browser opened although a sign-in was stored")
	}
	if ui.regionPage != nil {
		t.Fatal("the wizard was built although a sign-in was stored")
	}
	if c := lr.auth.Counts(); c.Discovery != discoveries || c.Exchange != 1 {
		t.Fatalf("restoring used the sign-in endpoints: %+v", c)
	}
	if st := ui.session.State(); st.Kind != oauth.SignedIn || st.Region.BaseURL != lr.URL {
		t.Fatalf("restored state %+v", st)
	}
	ui.Close()
	q.run()

	// Third start after the grant was revoked on the server: the data view
	// opens and the banner asks for a new sign-in once the token runs out.
	lr.auth.InvalidateRefreshTokens()
	lr.auth.ExpireAccessTokens()
	ui, q = startUI(t, "", store, prefs, b)
	waitUI(t, q, "the sign-in banner", func() bool { return ui.banner.signIn && ui.banner.content.Visible() })
	if ui.banner.action.Text != "Sign in" || ui.banner.text.Text == "" {
		t.Fatalf("banner %q with button %q", ui.banner.text.Text, ui.banner.action.Text)
	}
	if b.openedCount() != 1 {
		t.Fatal("the browser opened by itself for a revoked sign-in")
	}
	ui.Close()
	q.run()
}

func TestADeadStoredSessionForTheRegionOnTheCommandLineSignsInAtOnce(t *testing.T) {
	lr := newCustomRegion(t, 300)
	store, prefs := oauth.NewMemoryStore(), oauth.NewMemoryPrefs()
	prefs.SetString(prefLastView, "securities")
	b := &browser{answer: "allow", errs: make(chan error, 8)}
	ui, q := startUI(t, lr.URL, store, prefs, b)
	waitUI(t, q, "the first sign-in", hasRows(ui))
	dead := ui.session.ClientID()
	ui.Close()
	q.run()

	// The registration expired meanwhile, and so did the access token.
	lr.auth.ForgetClient(dead)
	lr.auth.ExpireAccessTokens()
	registered := lr.auth.Counts().Register
	ui, q = startUI(t, lr.URL, store, prefs, b)
	t.Cleanup(func() { ui.Close(); q.run(); ui.loads.Wait() })
	waitUI(t, q, "the data after a new sign-in", func() bool { return hasRows(ui)() && b.openedCount() == 2 })
	if got := ui.session.ClientID(); got == dead || lr.auth.Counts().Register != registered+1 {
		t.Errorf("signed in with client %q after %d registrations; want a new one", got, lr.auth.Counts().Register-registered)
	}
	if ui.banner.content.Visible() && ui.banner.signIn {
		t.Errorf("the banner still asks for a sign-in: %q", ui.banner.text.Text)
	}
}
