package gui

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

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
	h.waitFor("the rows", func() bool { return len(h.ui.securities.data.rows) > 0 })
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
