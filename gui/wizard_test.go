package gui

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/portview/portview/oauth"
	"github.com/portview/portview/oauth/oauthtest"
)

func TestParseFlags(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		want    Options
		wantErr string
	}{
		{"no flags opens the last region", nil, Options{}, ""},
		{"a built-in region is accepted", []string{"-region", "global"}, Options{Region: "global"}, ""},
		{"the region name ignores case", []string{"-region", "China"}, Options{Region: "China"}, ""},
		{"the sandbox is accepted", []string{"-region=sandbox"}, Options{Region: "sandbox"}, ""},
		{"an https URL is accepted", []string{"-region", "https://openapi.example.com"}, Options{Region: "https://openapi.example.com"}, ""},
		{"plain http on loopback is accepted", []string{"-region", "http://127.0.0.1:8080"}, Options{Region: "http://127.0.0.1:8080"}, ""},
		{"-version is read", []string{"-version"}, Options{Version: true}, ""},
		{"an unknown region is refused", []string{"-region", "mars"}, Options{}, `unknown region "mars"`},
		{"plain http elsewhere is refused", []string{"-region", "http://example.com"}, Options{}, "plain http"},
		{"a URL without a host is refused", []string{"-region", "https://"}, Options{}, "no host"},
		{"an unknown flag is refused", []string{"-verbose"}, Options{}, "not defined"},
		{"a stray argument is refused", []string{"sandbox"}, Options{}, "unexpected argument"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseFlags(tt.args)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				if strings.Contains(err.Error(), "\n") {
					t.Errorf("error is not one line: %q", err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("got %+v, %v; want %+v", got, err, tt.want)
			}
		})
	}
}

func TestDiscoveryText(t *testing.T) {
	useTestLanguage(t, "en")
	// A deadline already past gives the error oauth gives when a region
	// does not answer within DiscoveryTimeout.
	ctx, cancel := context.WithDeadline(context.Background(), time.Now())
	defer cancel()
	_, timeout := oauth.Discover(ctx, &http.Client{Transport: builtinRegions{}}, oauth.China.BaseURL)
	if got, want := discoveryText(timeout), "Could not reach openapi.longportapp.cn: timeout after 10 s"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestRegionPageDiscoversAndValidatesAsYouType(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.ui.Start()
	p := h.ui.regionPage
	if p == nil {
		t.Fatal("no wizard on a first start")
	}
	if got := p.notes[choiceGlobal].Text; got != "Checking…" {
		t.Errorf("global note before discovery = %q", got)
	}
	h.waitFor("discovery of the built-in regions", func() bool { return !p.checks[choiceGlobal].pending && !p.checks[choiceChina].pending })
	if got := p.notes[choiceChina].Text; !strings.HasPrefix(got, "Could not reach openapi.longportapp.cn: ") {
		t.Errorf("china note = %q", got)
	}
	if !p.next.Disabled() {
		t.Error("Continue is enabled for a region that could not be reached")
	}

	test.Type(p.custom, "http://example.com")
	if got := p.notes[choiceCustom].Text; !strings.Contains(got, "plain http") || p.choice != choiceCustom {
		t.Errorf("custom note = %q, choice %q", got, p.choice)
	}
	p.custom.SetText("openapi.example.com")
	if got := p.notes[choiceCustom].Text; !strings.Contains(got, "needs a scheme") {
		t.Errorf("custom note = %q", got)
	}
	sb, err := h.ui.ensureSandbox()
	if err != nil {
		t.Fatal(err)
	}
	p.custom.SetText(sb.auth.URL)
	h.waitFor("discovery of the custom URL", func() bool { return !p.next.Disabled() })
	if got := p.notes[choiceCustom].Text; !strings.HasPrefix(got, "Reachable, ") {
		t.Errorf("custom note = %q", got)
	}
	// The advanced section offers the server's scopes, trade unchecked.
	if c := p.scopes["11"]; c == nil || c.Checked {
		t.Errorf("trade scope: %+v", c)
	}
	if c := p.scopes["4"]; c == nil || !c.Checked || c.Text != "Watchlist" {
		t.Errorf("watchlist scope: %+v", c)
	}
}

func TestDeclinedAccessSaysSoAndOffersTryAgain(t *testing.T) {
	h := newHarness(t, harnessOptions{answer: "deny"})
	h.ui.Start()
	p := h.ui.regionPage
	tapRadio(t, p.radios[choiceSandbox])
	h.waitFor("the sandbox", func() bool { return !p.next.Disabled() })
	test.Tap(p.next)
	s := h.ui.signInPage
	h.waitFor("the declined message", func() bool { return s.retry.Visible() })
	if got := s.message.Text; !strings.HasPrefix(got, "You declined access.") {
		t.Errorf("message = %q", got)
	}
	if h.ui.session != nil {
		t.Error("signed in after declining")
	}

	// Try again, and approve this time.
	h.browser.setAnswer("allow")
	test.Tap(s.retry)
	h.waitFor("the rows", func() bool { return len(h.ui.securities().tbl.Data().Rows()) > 0 })
}

func TestSignInPageCountsDownAndCancels(t *testing.T) {
	h := newHarness(t, harnessOptions{region: "sandbox", answer: "none"})
	h.ui.Start()
	h.waitFor("the sign-in page", func() bool { return h.ui.signInPage != nil && h.ui.signInPage.si != nil })
	s := h.ui.signInPage
	h.waitFor("the browser", func() bool { return h.browser.openedCount() > 0 })
	if h.browser.openedCount() != 1 {
		t.Errorf("-region sandbox opened the browser %d times, want 1 at once", h.browser.openedCount())
	}
	if got := s.waiting.Text; got != "Waiting for your approval in the browser… 5:00 left" {
		t.Errorf("waiting = %q", got)
	}
	h.clock.Advance(61 * time.Second)
	h.waitFor("the countdown", func() bool { return strings.Contains(s.waiting.Text, "3:59 left") })

	test.Tap(s.copyLink)
	if got := h.app.Clipboard().Content(); got != s.si.AuthURL {
		t.Errorf("clipboard = %q", got)
	}
	test.Tap(s.openAgain)
	h.waitFor("the browser again", func() bool { return h.browser.openedCount() == 2 })

	test.Tap(s.cancelBtn)
	h.waitFor("the wizard", func() bool { return h.ui.regionPage != nil })
	if h.ui.regionPage.choice != choiceSandbox {
		t.Errorf("back on %q, want the sandbox chosen", h.ui.regionPage.choice)
	}
}

func TestSignInTimesOut(t *testing.T) {
	h := newHarness(t, harnessOptions{region: "sandbox", answer: "none"})
	h.ui.Start()
	h.waitFor("the sign-in page", func() bool { return h.ui.signInPage != nil && h.ui.signInPage.si != nil })
	s := h.ui.signInPage
	h.clock.Advance(oauth.SignInTimeout + time.Second)
	h.waitFor("the timeout", func() bool { return s.retry.Visible() })
	if got := s.message.Text; !strings.Contains(got, "not completed within 5 minutes") {
		t.Errorf("message = %q", got)
	}
}

// builtinRegions plays the network to the built-in regions: Global answers
// discovery at once, China only when china is closed, and then not usefully.
type builtinRegions struct{ china chan struct{} }

func (b builtinRegions) RoundTrip(r *http.Request) (*http.Response, error) {
	switch {
	case strings.HasPrefix(oauth.Global.BaseURL, "https://"+r.URL.Host):
		base := oauth.Global.BaseURL
		body, _ := json.Marshal(map[string]any{
			"issuer":                 base,
			"authorization_endpoint": base + "/oauth2/authorize",
			"token_endpoint":         base + "/oauth2/token",
			"scopes_supported":       []string{"4", "6"},
		})
		return &http.Response{
			StatusCode: http.StatusOK,
			Header:     http.Header{"Content-Type": {"application/json"}},
			Body:       io.NopCloser(strings.NewReader(string(body))),
			Request:    r,
		}, nil
	case strings.HasPrefix(oauth.China.BaseURL, "https://"+r.URL.Host):
		select {
		case <-b.china:
			return nil, errors.New("no route to host")
		case <-r.Context().Done():
			return nil, r.Context().Err()
		}
	}
	return nil, errors.New("no network in tests")
}

func TestEachRegionReportsAsItsAnswerArrives(t *testing.T) {
	china := make(chan struct{})
	h := newHarness(t, harnessOptions{transport: builtinRegions{china: china}})
	h.ui.Start()
	p := h.ui.regionPage
	h.waitFor("Global's answer", func() bool { return !p.checks[choiceGlobal].pending })
	if got := p.notes[choiceGlobal].Text; !strings.HasPrefix(got, "Reachable, ") {
		t.Errorf("global note = %q", got)
	}
	if p.choice != choiceGlobal || p.next.Disabled() {
		t.Errorf("Continue waits for China (choice %q)", p.choice)
	}
	if got := p.notes[choiceChina].Text; got != "Checking…" {
		t.Errorf("china note before its answer = %q", got)
	}

	close(china)
	h.waitFor("China's answer", func() bool { return !p.checks[choiceChina].pending })
	if got := p.notes[choiceChina].Text; !strings.HasPrefix(got, "Could not reach openapi.longportapp.cn: ") {
		t.Errorf("china note = %q", got)
	}
	if p.next.Disabled() {
		t.Error("China's failure disabled Continue for Global")
	}
}

func TestLeavingTheRegionPageEndsItsDiscoveries(t *testing.T) {
	arrived, cancelled := make(chan struct{}, 1), make(chan struct{}, 1)
	quit := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived <- struct{}{}
		select {
		case <-r.Context().Done():
			cancelled <- struct{}{}
		case <-quit:
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(quit) })

	h := newHarness(t, harnessOptions{})
	h.ui.Start()
	p := h.ui.regionPage
	p.custom.SetText(srv.URL)
	h.waitFor("the discovery of the custom address", func() bool {
		select {
		case <-arrived:
			return true
		default:
			return false
		}
	})
	h.ui.leavePages()
	select {
	case <-cancelled:
	case <-time.After(2 * time.Second):
		t.Error("the discovery of the custom address went on after the page was left")
	}
}

func TestCancelWhileTheSignInStartsOpensNoBrowser(t *testing.T) {
	auth := startAuthServer(t, oauthtest.Options{})
	store := newGatedStore()
	store.hold() // the keyring waits for its unlock prompt as the registration is saved
	h := newHarness(t, harnessOptions{region: auth.URL, store: store, answer: "none"})
	t.Cleanup(store.release)
	h.ui.Start()
	h.waitFor("the registration to save", store.holding)
	s := h.ui.signInPage
	if s == nil || !s.cancelBtn.Visible() {
		t.Fatal("no sign-in page to cancel")
	}
	test.Tap(s.cancelBtn)
	store.release()
	h.settle(500 * time.Millisecond)
	if n := h.browser.openedCount(); n != 0 {
		t.Errorf("the browser opened %d times for a sign-in the user cancelled", n)
	}
	if h.ui.regionPage == nil {
		t.Error("Cancel did not go back to the wizard")
	}
}

func TestPermissionsAreNamedAndOnlyThoseInUseAreTicked(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.ui.Start()
	p := h.ui.regionPage
	tapRadio(t, p.radios[choiceSandbox])
	h.waitFor("the sandbox to answer", func() bool { return !p.next.Disabled() })

	// The sandbox lists what the live server lists: 4 5 6 7 10 11.
	want := []struct {
		scope, label     string
		checked, enabled bool
	}{
		{"4", "Watchlist", true, true},
		{"5", "Scope 5: not used by Portview", false, true},
		{"6", "Account and positions", true, true},
		{"7", "Scope 7: not used by Portview", false, true},
		{"10", "Order lookup", true, true},
		{"11", "Trade execution: never asked for, Portview does not trade", false, false},
	}
	for _, w := range want {
		c := p.scopes[w.scope]
		if c == nil {
			t.Errorf("no check box for scope %s", w.scope)
			continue
		}
		if c.Text != w.label || c.Checked != w.checked || c.Disabled() == w.enabled {
			t.Errorf("scope %s: %q checked %v disabled %v; want %q checked %v enabled %v", w.scope, c.Text, c.Checked, c.Disabled(), w.label, w.checked, w.enabled)
		}
	}
	// Even ticked by hand, trading is never asked for.
	p.scopes["11"].SetChecked(true)
	if got := strings.Join(p.options().Scopes, " "); got != "10 4 6" {
		t.Errorf("scopes asked for = %q, want 10 4 6", got)
	}

	test.Tap(p.next)
	h.waitFor("the browser", func() bool { return h.browser.openedCount() == 1 })
	h.browser.mu.Lock()
	opened := h.browser.opened[0]
	h.browser.mu.Unlock()
	u, err := url.Parse(opened)
	if err != nil || u.Query().Get("scope") != "10 4 6" {
		t.Errorf("the consent asks for %q, want 10 4 6", u.Query().Get("scope"))
	}
}

func TestAServerListingNoneOfPortviewsScopesKeepsTheOldRule(t *testing.T) {
	auth := startAuthServer(t, oauthtest.Options{Scopes: []string{"5", "7", "11"}})
	h := newHarness(t, harnessOptions{})
	h.ui.Start()
	p := h.ui.regionPage
	p.custom.SetText(auth.URL)
	h.waitFor("the server to answer", func() bool { return !p.next.Disabled() })
	for _, s := range []string{"5", "7"} {
		if c := p.scopes[s]; c == nil || !c.Checked || c.Text != "Scope "+s {
			t.Errorf("scope %s: %+v, want ticked as plain Scope %s", s, c, s)
		}
	}
	if c := p.scopes["11"]; c == nil || c.Checked {
		t.Errorf("trade scope: %+v", c)
	}
}

// bounds is where o is on the window's canvas.
func bounds(o fyne.CanvasObject) (fyne.Position, fyne.Position) {
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
	return pos, pos.Add(o.Size())
}

func TestAdvancedOpenedBeforeTheAnswerKeepsTheLayout(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.ui.Start()
	p := h.ui.regionPage
	// Fresh settings, Advanced opened, then the sandbox chosen: its
	// permissions arrive while Advanced is open.
	test.Tap(p.advanced.header)
	if got := p.scopeBox.Objects[0].(*widget.Label).Text; got != "Shown once the server answers." {
		t.Errorf("permissions before Global answers: %q", got)
	}
	h.waitFor("Global's answer", func() bool { return !p.checks[choiceGlobal].pending })
	if got := p.scopeBox.Objects[0].(*widget.Label).Text; !strings.HasPrefix(got, "Not known: the server's sign-in information could not be read (Could not reach openapi.longportapp.com") {
		t.Errorf("permissions of an unreachable region: %q", got)
	}
	if got := p.portNote.Text; !strings.Contains(got, "http://127.0.0.1:60355/callback") {
		t.Errorf("redirect of an unreachable region: %q", got)
	}

	tapRadio(t, p.radios[choiceSandbox])
	h.waitFor("the sandbox's permissions", func() bool { return len(p.scopes) > 0 })
	_, pageEnd := bounds(p.content)
	for s, c := range p.scopes {
		if _, end := bounds(c); end.X > pageEnd.X {
			t.Errorf("scope %s ends at x=%v, past the page's edge at %v", s, end.X, pageEnd.X)
		}
	}
	_, portEnd := bounds(p.portNote)
	if nextStart, _ := bounds(p.next); nextStart.Y < portEnd.Y {
		t.Errorf("Continue starts at y=%v, over the Redirect row that ends at %v", nextStart.Y, portEnd.Y)
	}
}

func TestEnterPressesContinue(t *testing.T) {
	h := newHarness(t, harnessOptions{answer: "none"})
	h.ui.Start()
	p := h.ui.regionPage
	tapRadio(t, p.radios[choiceSandbox])
	h.waitFor("the sandbox", func() bool { return !p.next.Disabled() })
	h.ui.win.Canvas().(interface{ OnTypedKey() func(*fyne.KeyEvent) }).OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if h.ui.signInPage == nil {
		t.Fatal("Enter on the region page did not continue")
	}

	// And Enter in the address field, which takes the key itself.
	test.Tap(h.ui.signInPage.cancelBtn)
	h.waitFor("the wizard", func() bool { return h.ui.regionPage != nil })
	p = h.ui.regionPage
	auth := startAuthServer(t, oauthtest.Options{})
	test.Type(p.custom, auth.URL)
	h.waitFor("the custom server", func() bool { return !p.next.Disabled() })
	p.custom.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if h.ui.signInPage == nil {
		t.Fatal("Enter in the address field did not continue")
	}
}

func TestBackAfterAFailedSignInToAURLKeepsTheURL(t *testing.T) {
	auth := startAuthServer(t, oauthtest.Options{})
	h := newHarness(t, harnessOptions{region: auth.URL, answer: "deny"})
	h.ui.Start()
	h.waitFor("the declined sign-in", func() bool { return h.ui.signInPage != nil && h.ui.signInPage.backBtn.Visible() })
	test.Tap(h.ui.signInPage.backBtn)
	p := h.ui.regionPage
	if p == nil || p.choice != choiceCustom || p.custom.Text != auth.URL {
		t.Fatalf("back on choice %q with %q, want the custom server %s", p.choice, p.custom.Text, auth.URL)
	}
}

func TestTheBrowserIsAnnouncedBeforeItOpens(t *testing.T) {
	h := newHarness(t, harnessOptions{region: "sandbox", answer: "none", browserDelay: 400 * time.Millisecond})
	h.ui.Start()
	h.waitFor("the sign-in page", func() bool { return h.ui.signInPage != nil && h.ui.signInPage.si != nil })
	s := h.ui.signInPage
	if n := h.browser.openedCount(); n != 0 {
		t.Fatalf("the browser opened %d times before the page said it would", n)
	}
	if got := s.message.Text; !strings.HasPrefix(got, "Your browser will open in a moment at the sandbox's demo sign-in page") || !strings.Contains(got, "not LongPort's") {
		t.Errorf("before the browser: %q", got)
	}
	h.waitFor("the browser", func() bool { return h.browser.openedCount() == 1 })
	h.waitFor("the message", func() bool {
		return strings.HasPrefix(s.message.Text, "Your browser shows the sandbox's demo sign-in page")
	})
}

func TestTheRegionPageSaysWhatWentWrongWithAnAddress(t *testing.T) {
	notLongPort := httptest.NewServer(http.NotFoundHandler())
	t.Cleanup(notLongPort.Close)
	host := strings.TrimPrefix(notLongPort.URL, "http://")
	tests := []struct {
		name, typed, want string
	}{
		{"a server that is not LongPort's says so", notLongPort.URL,
			host + " answered, but not as a LongPort OpenAPI server (no sign-in information at /.well-known/oauth-authorization-server)"},
		{"a port over 65535 is named invalid", "http://localhost:99999", "“http://localhost:99999” has an invalid port: a port is a number from 1 to 65535."},
		{"text with spaces is not turned into a URL", "not a url", "“not a url” is not a valid address."},
		{"a host without a scheme gets a valid suggestion", "openapi.example.com", "“openapi.example.com” needs a scheme: write https://openapi.example.com"},
	}
	h := newHarness(t, harnessOptions{})
	h.ui.Start()
	p := h.ui.regionPage
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p.custom.SetText(tt.typed)
			h.waitFor("the note", func() bool { return !p.checks[choiceCustom].pending })
			if got := p.notes[choiceCustom].Text; got != tt.want {
				t.Errorf("note = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestTheClientIDSaysItIsNotTheAppKey(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.ui.Start()
	p := h.ui.regionPage
	test.Tap(p.advanced.header)
	for _, o := range test.LaidOutObjects(p.content) {
		if l, ok := o.(*widget.Label); ok && strings.Contains(l.Text, "it is not the App Key of the developer centre") && l.Visible() {
			return
		}
	}
	t.Error("no word under Client ID that it is not the App Key")
}

func TestARedirectPortGoesWithAClientIDOfYourOwn(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.ui.Start()
	p := h.ui.regionPage
	tapRadio(t, p.radios[choiceSandbox])
	h.waitFor("the sandbox", func() bool { return !p.next.Disabled() })
	if !p.port.Disabled() {
		t.Error("the port can be typed without a client ID, which registers its own")
	}

	test.Type(p.clientID, "my-client")
	if p.port.Disabled() {
		t.Fatal("the port stays disabled with a client ID")
	}
	for _, tt := range []struct {
		port string
		ok   bool
	}{{"80", false}, {"65536", false}, {"abc", false}, {"1024", true}, {"61000", true}} {
		p.port.SetText(tt.port)
		if p.next.Disabled() == tt.ok {
			t.Errorf("port %s: Continue disabled %v, want %v", tt.port, p.next.Disabled(), !tt.ok)
		}
		if !tt.ok && p.portNote.Text != "The redirect port must be a number from 1024 to 65535." {
			t.Errorf("port %s: note %q", tt.port, p.portNote.Text)
		}
	}
	if got := p.portNote.Text; got != "The redirect URI registered for your client ID must be http://127.0.0.1:61000/callback." {
		t.Errorf("note = %q", got)
	}
	if o := p.options(); o.ClientID != "my-client" || o.Port != 61000 {
		t.Errorf("options = %+v", o)
	}
}
