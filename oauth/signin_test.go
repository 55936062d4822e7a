package oauth

import (
	"context"
	"errors"
	"net"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/portview/portview/oauth/oauthtest"
)

func TestSignInRegistersOnceAndSavesTheToken(t *testing.T) {
	f := newFixture(t, oauthtest.Options{})
	s := f.signIn(SignInOptions{})
	if c := f.srv.Counts(); c.Register != 1 || c.Exchange != 1 {
		t.Fatalf("counts after first sign-in: %+v", c)
	}
	tok, err := s.Token(context.Background())
	if err != nil || f.srv.CheckAccessToken(tok.AccessToken) != nil {
		t.Fatalf("Token failed or was not accepted by the server: %v", err)
	}
	if st := f.storedToken(); st == nil || st.AccessToken != tok.AccessToken || st.RefreshToken == "" {
		t.Fatalf("stored token %v does not match the one in use", st)
	}
	if got := f.prefs.String("region." + f.region.ID + ".client_id"); got == "" {
		t.Fatal("client ID not kept in the preferences")
	}
	s.Close()

	// A second sign-in reuses the registration.
	f.signIn(SignInOptions{})
	if c := f.srv.Counts(); c.Register != 1 || c.Exchange != 2 {
		t.Fatalf("counts after second sign-in: %+v, want no new registration", c)
	}
}

func TestSignInRequestIsRFC8252Shaped(t *testing.T) {
	f := newFixture(t, oauthtest.Options{})
	var seen string
	f.answer = func(ctx context.Context, u string) error { seen = u; return oauthtest.Approve(ctx, u) }
	f.signIn(SignInOptions{})
	u, err := url.Parse(seen)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	redirect, _ := url.Parse(q.Get("redirect_uri"))
	checks := []struct {
		name string
		ok   bool
	}{
		{"response_type is code", q.Get("response_type") == "code"},
		{"PKCE uses S256", q.Get("code_challenge_method") == "S256" && len(q.Get("code_challenge")) == 43},
		{"state carries at least 128 bits", len(q.Get("state")) >= 26},
		{"the redirect URI uses the IP literal", redirect != nil && redirect.Hostname() == "127.0.0.1" && redirect.Path == "/callback"},
		{"the default scopes are those Portview reads with", q.Get("scope") == "4 6 10"},
		{"a client ID is sent", q.Get("client_id") != ""},
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("%s: %s", c.name, seen)
		}
	}
}

func TestSignInScopes(t *testing.T) {
	tests := []struct {
		name  string
		opts  oauthtest.Options
		scope []string
		want  string
	}{
		{"discovery without scopes asks for the seed's 3", oauthtest.Options{OmitScopes: true}, nil, "3"},
		{"the user's choice wins", oauthtest.Options{}, []string{"4", "11"}, "4 11"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, tt.opts)
			var seen string
			f.answer = func(ctx context.Context, u string) error { seen = u; return oauthtest.Approve(ctx, u) }
			f.signIn(SignInOptions{Scopes: tt.scope})
			u, _ := url.Parse(seen)
			if got := u.Query().Get("scope"); got != tt.want {
				t.Fatalf("scope %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSignInClosesTheListenerWhenDone(t *testing.T) {
	tests := []struct {
		name    string
		answer  func(ctx context.Context, u string) error
		cancel  bool
		wantErr func(error) bool
	}{
		{"after success", oauthtest.Approve, false, func(err error) bool { return err == nil }},
		{"after the user declines", oauthtest.Deny, false, func(err error) bool {
			var ae *AuthorizationError
			return errors.As(err, &ae) && ae.Code == "access_denied" && err.Error() == "You declined access."
		}},
		{"after a cancel", func(context.Context, string) error { return nil }, true, func(err error) bool { return errors.Is(err, ErrSignInCancelled) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, oauthtest.Options{})
			f.answer = tt.answer
			ctx := context.Background()
			si, err := f.account().StartSignIn(ctx, SignInOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if tt.cancel {
				si.Cancel()
			} else if err := si.OpenBrowser(); err != nil {
				t.Fatal(err)
			}
			s, err := si.Wait(ctx)
			if s != nil {
				defer s.Close()
			}
			if !tt.wantErr(err) {
				t.Fatalf("Wait error = %v", err)
			}
			assertClosed(t, si.RedirectURI)
		})
	}
}

func assertClosed(t *testing.T, redirectURI string) {
	t.Helper()
	u, _ := url.Parse(redirectURI)
	conn, err := net.DialTimeout("tcp", u.Host, time.Second)
	if err == nil {
		conn.Close()
		t.Fatalf("the loopback listener on %s is still open", u.Host)
	}
}

func TestSignInTimesOutAfterFiveMinutes(t *testing.T) {
	f := newFixture(t, oauthtest.Options{})
	si, err := f.account().StartSignIn(context.Background(), SignInOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if d := si.Deadline.Sub(f.clock.Now()); d != 5*time.Minute {
		t.Fatalf("deadline in %v, want 5m", d)
	}
	done := make(chan error, 1)
	go func() {
		_, err := si.Wait(context.Background())
		done <- err
	}()
	waitFor(t, "Wait to arm its timer", func() bool { return f.clock.Waiters() > 0 })
	f.clock.Advance(5 * time.Minute)
	select {
	case err := <-done:
		if !errors.Is(err, ErrSignInTimeout) {
			t.Fatalf("Wait = %v, want ErrSignInTimeout", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Wait did not time out")
	}
	assertClosed(t, si.RedirectURI)
}

func TestSignInMovesToAFreePortWhenTheRegisteredOneIsTaken(t *testing.T) {
	f := newFixture(t, oauthtest.Options{})
	// Another program holds the port of the client registered earlier.
	blocker, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer blocker.Close()
	taken := blocker.Addr().(*net.TCPAddr).Port
	id, _ := f.srv.RegisterClient([]string{"http://127.0.0.1:" + strconv.Itoa(taken) + "/callback"}, false)
	f.prefs.SetString("region."+f.region.ID+".client_id", id)
	f.prefs.SetString("region."+f.region.ID+".port", strconv.Itoa(taken))

	s := f.signIn(SignInOptions{})
	c := f.account().Client()
	if c.Port == taken || c.ID == id || f.srv.Counts().Register != 1 || s.ClientID() != c.ID {
		t.Fatalf("client %+v, registrations %d: want a new port and a new registration", c, f.srv.Counts().Register)
	}
}

func TestSignInWithTheUsersClientID(t *testing.T) {
	f := newFixture(t, oauthtest.Options{})
	probe, _ := net.Listen("tcp", "127.0.0.1:0")
	port := probe.Addr().(*net.TCPAddr).Port
	probe.Close()
	redirect := "http://127.0.0.1:" + strconv.Itoa(port) + "/callback"
	id, secret := f.srv.RegisterClient([]string{redirect}, true)

	s := f.signIn(SignInOptions{ClientID: id, ClientSecret: secret, Port: port})
	if f.srv.Counts().Register != 0 {
		t.Fatal("Portview registered although the user gave a client ID")
	}
	if s.ClientID() != id {
		t.Fatalf("session client %q, want %q", s.ClientID(), id)
	}
	if v, _ := f.store.Get(f.region.ID + "/client_secret"); v != secret {
		t.Fatal("the client secret is not in the store")
	}
	for k, v := range f.prefs.m {
		if strings.Contains(v, secret) {
			t.Fatalf("the client secret is in the preferences under %s", k)
		}
	}

	// With its port taken, the user is told which port the client needs.
	blocker, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(port))
	if err != nil {
		t.Skip(err)
	}
	defer blocker.Close()
	_, err = f.account().StartSignIn(context.Background(), SignInOptions{ClientID: id})
	if !errors.Is(err, ErrPortInUse) || !strings.Contains(err.Error(), "port "+strconv.Itoa(port)) {
		t.Fatalf("StartSignIn = %v, want ErrPortInUse naming port %d", err, port)
	}
}

func TestSignInWithIssuerParameter(t *testing.T) {
	f := newFixture(t, oauthtest.Options{IssParameter: true})
	f.signIn(SignInOptions{})
}

func TestSignInExchangesPerRFC(t *testing.T) {
	f := newFixture(t, oauthtest.Options{ExpiresInAsString: true, ConfidentialClients: true})
	f.signIn(SignInOptions{})
	if life := f.storedToken().life(); life != time.Hour {
		t.Fatalf("expires_in as a string gave a life of %v, want 1h", life)
	}
	if v, err := f.store.Get(f.region.ID + "/client_secret"); err != nil || v == "" {
		t.Fatalf("a registration that returned a secret did not keep it: %v", err)
	}
}

func TestSignInWithoutRegistrationEndpointAsksForAClientID(t *testing.T) {
	f := newFixture(t, oauthtest.Options{})
	f.srv.EditDiscovery(func(doc map[string]any) { delete(doc, "registration_endpoint") })
	_, err := f.account().StartSignIn(context.Background(), SignInOptions{})
	if !errors.Is(err, ErrNoRegistration) {
		t.Fatalf("StartSignIn = %v, want ErrNoRegistration", err)
	}
}

func TestSignInAsksForThePagesInTheAppsLanguage(t *testing.T) {
	f := newFixture(t, oauthtest.Options{})
	var seen string
	f.answer = func(ctx context.Context, u string) error { seen = u; return oauthtest.Approve(ctx, u) }
	f.signIn(SignInOptions{Locale: "zh-TW"})
	u, _ := url.Parse(seen)
	if got := u.Query().Get("ui_locales"); got != "zh-TW" {
		t.Fatalf("ui_locales = %q, want zh-TW", got)
	}
}

func TestCancelClosesTheListenerWithoutWait(t *testing.T) {
	f := newFixture(t, oauthtest.Options{})
	si, err := f.account().StartSignIn(context.Background(), SignInOptions{})
	if err != nil {
		t.Fatal(err)
	}
	si.Cancel()
	assertClosed(t, si.RedirectURI)
}

func TestSignInWorksWithoutAKeyring(t *testing.T) {
	f := newFixture(t, oauthtest.Options{})
	f.env.Store = NewFallbackStore(&Keyring{Backend: brokenBackend{}}, quietLog, nil)
	s := f.signIn(SignInOptions{})
	if _, err := s.Token(context.Background()); err != nil {
		t.Fatal(err)
	}
	// The keyring could not be asked to forget, and SignOut says so; the
	// session is signed out all the same.
	if err := s.SignOut(context.Background()); err == nil || errors.Is(err, ErrRevokeFailed) {
		t.Fatalf("SignOut without a keyring = %v, want a local-forget error", err)
	}
	if _, err := s.Token(context.Background()); !errors.Is(err, ErrSignInRequired) {
		t.Fatalf("Token after sign-out = %v", err)
	}
}
