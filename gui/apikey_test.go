package gui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/portview/portview/api"
	"github.com/portview/portview/apikey"
	"github.com/portview/portview/oauth"
	"github.com/portview/portview/quote/quotetest"
	"github.com/portview/portview/regiontest"
)

// tapButton taps the visible button labelled text under o, as a user would.
func tapButton(t *testing.T, o fyne.CanvasObject, text string) {
	t.Helper()
	b := findButton(o, text)
	if b == nil {
		t.Fatalf("no button %q", text)
	}
	test.Tap(b)
}

// openAPIKeyForm walks the region page to the sandbox's API-key section.
func openAPIKeyForm(t *testing.T, h *harness) *apiKeyForm {
	t.Helper()
	h.ui.Start()
	h.waitFor("the region page", func() bool { return h.ui.regionPage != nil })
	p := h.ui.regionPage
	tapRadio(t, p.radios[choiceSandbox])
	h.waitFor("the sandbox", func() bool { return p.checks[choiceSandbox].region.BaseURL != "" })
	f := p.keyForm
	test.Tap(f.section.header)
	if !f.section.expanded {
		t.Fatal("the API-key section did not open")
	}
	return f
}

func TestAPIKeyWizardSignsInToTheSandboxByTapping(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	f := openAPIKeyForm(t, h)
	if len(f.demo.Objects) == 0 {
		t.Fatal("the sandbox shows no demo key")
	}
	tapButton(t, f.demo, "Fill in")
	if f.appKey.Text != sandboxAppKey || f.secret.Text != sandboxAppSecret || f.token.Text != sandboxToken {
		t.Fatalf("Fill in gave %q", f.appKey.Text)
	}
	test.Tap(f.signIn)
	h.waitFor("the first view's data", func() bool {
		v := h.ui.currentView()
		return h.ui.keySession != nil && v != nil && v.loaded() && !viewBusy(v)
	})
	if h.ui.session != nil {
		t.Error("an OAuth session stands next to the API key")
	}
	if h.ui.signOutItem.Disabled {
		t.Error("Sign out is disabled in API-key mode")
	}
	text := h.ui.status.text.Text
	if !strings.Contains(text, "API key access expires in 89 days") || !strings.Contains(text, "renews it by itself") {
		t.Errorf("status %q", text)
	}
	reqs := h.sandbox().quote.Requests()
	if len(reqs) == 0 {
		t.Fatal("no API request")
	}
	for _, r := range reqs {
		if r.Header.Get("X-Api-Signature") == "" || strings.HasPrefix(r.Header.Get("Authorization"), "Bearer") {
			t.Errorf("%s was not signed with the API key", r.Path)
		}
	}

	// Copy as curl cannot sign: it says why, and copies nothing.
	h.app.Clipboard().SetContent("before")
	h.ui.onCopyCurl()
	if got := h.app.Clipboard().Content(); got != "before" {
		t.Errorf("Copy as curl copied %q in API-key mode", got)
	}
	if text := overlayText(h.ui.win); !strings.Contains(text, "needs an OAuth sign-in") || !strings.Contains(text, "signed with your app secret") {
		t.Errorf("Copy as curl in API-key mode says %q", text)
	}
	h.ui.win.Canvas().Overlays().Top().Hide()

	// 76 days on, 14 days before expiry, the key renews by itself.
	h.clock.Advance(76 * 24 * time.Hour)
	h.waitFor("the renewal", func() bool { return !h.ui.keySession.State().Renewed.IsZero() })
	h.waitFor("the status to say so", func() bool {
		return strings.Contains(h.ui.status.text.Text, "API key access renewed; it now expires in 90 days")
	})
	if _, n := h.sandbox().quote.LegacyToken(sandboxAppKey); n != 1 {
		t.Errorf("the fake saw %d renewals", n)
	}
}

func TestAPIKeyWizardSaysWhatIsWrong(t *testing.T) {
	tests := []struct {
		name   string
		fill   func(f *apiKeyForm)
		expect string
	}{
		{"a wrong secret points to the App Secret", func(f *apiKeyForm) { f.secret.SetText("wrong") }, "The signature does not match: check the App Secret."},
		{"an unknown app key points to the developer centre", func(f *apiKeyForm) { f.appKey.SetText("nobody") }, "LongPort does not know this App Key: check it in the developer centre."},
		{"a wrong token says it is not accepted", func(f *apiKeyForm) { f.token.SetText("m_wrong") }, "LongPort does not accept this Access Token: copy it again from the developer centre."},
		{"a missing value names all three", func(f *apiKeyForm) { f.token.SetText("") }, "Enter the App Key, the App Secret and the Access Token from the developer centre."},
		{"a date that is not one says how to write it", func(f *apiKeyForm) { f.expiry.SetText("31/5/2026") }, "Write the date as year-month-day, such as 2026-05-31, or leave it empty."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, harnessOptions{})
			f := openAPIKeyForm(t, h)
			tapButton(t, f.demo, "Fill in")
			tt.fill(f)
			test.Tap(f.signIn)
			h.waitFor("the answer", func() bool { return f.problem.Visible() && f.problem.Importance == widget.DangerImportance })
			if f.problem.Text != tt.expect {
				t.Errorf("problem %q, want %q", f.problem.Text, tt.expect)
			}
			if h.ui.keySession != nil {
				t.Error("signed in anyway")
			}
			if strings.Contains(f.problem.Text, sandboxAppSecret) {
				t.Error("the secret is shown")
			}
		})
	}
}

func TestAPIKeyWizardOffersTheEnvironment(t *testing.T) {
	h := newHarness(t, harnessOptions{env: map[string]string{
		"LONGPORT_APP_KEY": sandboxAppKey, "LONGBRIDGE_APP_SECRET": sandboxAppSecret, "LONGPORT_ACCESS_TOKEN": sandboxToken,
	}})
	f := openAPIKeyForm(t, h)
	if len(f.env.Objects) == 0 {
		t.Fatal("the environment's key is not offered")
	}
	tapButton(t, f.env, "Use it")
	if f.appKey.Text != sandboxAppKey || f.secret.Text != sandboxAppSecret || f.token.Text != sandboxToken || !f.fromEnv {
		t.Fatalf("Use it filled %q (from env %v)", f.appKey.Text, f.fromEnv)
	}
	test.Tap(f.signIn)
	h.waitFor("the session", func() bool { return h.ui.keySession != nil })
	if !h.ui.keySession.State().FromEnv {
		t.Error("the session does not know its key came from the environment")
	}
}

func TestAPIKeyFormIsOfferedOnlyWithTheEnvironmentSet(t *testing.T) {
	h := newHarness(t, harnessOptions{env: map[string]string{"LONGPORT_APP_KEY": "k"}})
	f := openAPIKeyForm(t, h)
	if len(f.env.Objects) != 0 {
		t.Error("an incomplete environment is offered")
	}
}

func TestAPIKeyStatusText(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	region := oauth.Global
	exp := now.Add(12*24*time.Hour + time.Hour)
	refused := &api.Error{Status: 403, Code: api.CodeIPNotAllowed}
	tests := []struct {
		name string
		st   apikey.State
		want string
		ok   bool
	}{
		{"twelve days left, inside the renewal window", apikey.State{Region: region, Expiry: exp, RenewAt: exp.Add(-apikey.RenewBefore)}, "API key access expires in 12 days; Portview is renewing it.", true},
		{"sixty days left says when it renews", apikey.State{Region: region, Expiry: now.Add(60 * 24 * time.Hour), RenewAt: now.Add(46 * 24 * time.Hour)}, "API key access expires in 60 days; Portview renews it by itself from " + now.Add(46*24*time.Hour).Local().Format(time.DateOnly) + ".", true},
		{"a renewal under way says so", apikey.State{Region: region, Expiry: exp, Renewing: true}, "Renewing the API key access to Global…", true},
		{"an unknown expiry says it is not renewed", apikey.State{Region: region}, "Signed in to Global with an API key. Its expiry date is not known, so Portview does not renew it.", true},
		{"a refused renewal is an error", apikey.State{Region: region, Expiry: exp, Refused: refused}, "API key access to Global could not be renewed.", false},
		{"an expired key says so", apikey.State{Region: region, Expiry: now.Add(-time.Minute)}, "The API key access to Global has expired.", false},
		{"a key from the environment is not renewed, and a warning comes 14 days before", apikey.State{Region: region, Expiry: exp, FromEnv: true},
			"API key access (from LONGPORT_ACCESS_TOKEN) expires in 12 days. Portview does not renew a token your scripts share: renew it in the developer centre and update the variable.", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			test.NewTempApp(t)
			got, ok := apiKeyStatusText(tt.st, time.Time{}, now)
			if got != tt.want || ok != tt.ok {
				t.Errorf("got %q, %v; want %q, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestARefusedRenewalShowsWhatToDo(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	f := openAPIKeyForm(t, h)
	tapButton(t, f.demo, "Fill in")
	test.Tap(f.signIn)
	h.waitFor("the session", func() bool { return h.ui.keySession != nil })
	h.sandbox().quote.FailPath("/v1/token/refresh", 1, 0, api.CodeIPNotAllowed, 0)
	h.clock.Advance(76 * 24 * time.Hour)
	h.waitFor("the banner", func() bool { return h.ui.banner.content.Visible() })
	want := "LongPort refused to renew the API key for Sandbox (this computer's IP address is not in the app's IP allow-list in the developer centre). In the developer centre, create a new Access Token for this app, then sign in with it."
	if got := h.ui.banner.text.Text; got != want {
		t.Errorf("banner %q", got)
	}
	if !strings.Contains(h.ui.status.text.Text, "could not be renewed") {
		t.Errorf("status %q", h.ui.status.text.Text)
	}
	test.Tap(h.ui.banner.action)
	h.waitFor("the region page", func() bool { return h.ui.regionPage != nil })
	if !h.ui.regionPage.keyForm.section.expanded {
		t.Error("the banner's action does not open the API-key section")
	}
}

func TestAStoredAPIKeyIsRestoredInsteadOfOAuth(t *testing.T) {
	fake, err := regiontest.Start(regiontest.Options{Rows: 50, Legacy: &quotetest.Legacy{Apps: []quotetest.LegacyApp{{
		AppKey: sandboxAppKey, AppSecret: sandboxAppSecret, AccessToken: sandboxToken,
	}}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(fake.Close)
	region, err := oauth.CustomRegion(fake.URL)
	if err != nil {
		t.Fatal(err)
	}
	store, prefs := oauth.NewMemoryStore(), oauth.NewMemoryPrefs()
	s, err := apikey.Save(apikey.Config{Region: region, Store: store, Prefs: prefs},
		apikey.Credentials{AppKey: sandboxAppKey, AppSecret: sandboxAppSecret, AccessToken: sandboxToken})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	h := newHarness(t, harnessOptions{region: fake.URL, store: store, prefs: prefs, realClock: true})
	h.ui.Start()
	h.waitFor("the restored key's data", func() bool {
		v := h.ui.currentView()
		return h.ui.keySession != nil && v != nil && v.loaded() && !viewBusy(v)
	})
	if h.ui.signInPage != nil || h.ui.session != nil {
		t.Error("an OAuth sign-in started next to the stored API key")
	}
	if n := h.browser.openedCount(); n != 0 {
		t.Errorf("the browser opened %d times", n)
	}
}

func TestPricesAreLiveInAPIKeyModeToo(t *testing.T) {
	h := newHarness(t, harnessOptions{view: "watchlist"})
	f := openAPIKeyForm(t, h)
	tapButton(t, f.demo, "Fill in")
	test.Tap(f.signIn)
	h.waitFor("the watchlist", func() bool {
		v := h.ui.currentView()
		return h.ui.keySession != nil && v != nil && v.loaded() && !viewBusy(v)
	})
	p := h.ui.currentView().(*watchlistView).pane
	last := colIndex(t, p, "last")
	// The socket's one-time token came through the signed call.
	waitLivePrices(t, h, p, last)
	signed := false
	for _, r := range h.sandbox().quote.Requests() {
		if r.Path == "/v1/socket/token" && r.Header.Get("X-Api-Signature") != "" {
			signed = true
		}
	}
	if !signed {
		t.Error("the socket token was not asked for with a signed request")
	}
}
