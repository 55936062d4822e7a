package oauth

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/portview/portview/oauth/oauthtest"
)

func TestSessionRenewsInTheBackgroundAtEightyPercent(t *testing.T) {
	f := newFixture(t, oauthtest.Options{})
	s := f.signIn(SignInOptions{})
	first, _ := s.Token(context.Background())

	settle(t, s, f.clock)
	f.clock.Advance(46 * time.Minute)
	settle(t, s, f.clock)
	if n := f.srv.Counts().Refresh; n != 0 {
		t.Fatalf("%d renewals 46 minutes into a one-hour token", n)
	}
	f.clock.Advance(2 * time.Minute)
	waitFor(t, "the background renewal", func() bool { return f.srv.Counts().Refresh == 1 && s.State().Kind == SignedIn })
	settle(t, s, f.clock)

	second, err := s.Token(context.Background())
	if err != nil || second.AccessToken == first.AccessToken {
		t.Fatalf("Token after renewal: err %v, or the old token again", err)
	}
	stored := f.storedToken()
	if stored.AccessToken != second.AccessToken || stored.RefreshToken == "" || stored.RefreshToken == first.RefreshToken {
		t.Fatal("the rotated refresh token did not replace the old one in the store")
	}
	if s.blocked != 0 {
		t.Fatalf("%d callers waited for the renewal", s.blocked)
	}
	st := s.State()
	if !st.Expiry.Equal(f.clock.Now().Add(time.Hour)) && st.Expiry.Sub(f.clock.Now()) < 59*time.Minute {
		t.Fatalf("state %+v after renewal", st)
	}
}

func TestSessionNoticesASystemSleep(t *testing.T) {
	f := newFixture(t, oauthtest.Options{})
	s := f.signIn(SignInOptions{})
	settle(t, s, f.clock)
	// The lid closes for three hours: the wall clock jumps past the token's
	// expiry and every planned renewal at once.
	f.clock.Set(f.clock.Now().Add(3 * time.Hour))
	waitFor(t, "the renewal after resume", func() bool { return f.srv.Counts().Refresh == 1 && s.State().Kind == SignedIn })
	tok, err := s.Token(context.Background())
	if err != nil || f.srv.CheckAccessToken(tok.AccessToken) != nil {
		t.Fatalf("Token after resume failed or was refused by the server: %v", err)
	}
}

func TestSessionSavesEveryTokenBeforeHandingItOut(t *testing.T) {
	f := newFixture(t, oauthtest.Options{})
	s := f.signIn(SignInOptions{})
	old, _ := s.Token(context.Background())

	gate := &gatedStore{Store: f.store, key: tokenKey(f.region.ID), release: make(chan struct{}), entered: make(chan struct{})}
	s.cfg.Store = gate
	s.Invalidate(old.AccessToken)
	got := make(chan string, 1)
	go func() {
		tok, err := s.Token(context.Background())
		if err != nil {
			got <- "error: " + err.Error()
			return
		}
		got <- tok.AccessToken
	}()
	<-gate.entered
	select {
	case <-got:
		t.Fatal("a caller got a token while the new token was not saved yet")
	case <-time.After(100 * time.Millisecond):
	}
	close(gate.release)
	if tok := <-got; tok == old.AccessToken || tok != f.storedToken().AccessToken {
		t.Fatal("the caller did not get the newly saved token")
	}
}

// gatedStore holds the first Set of key until release is closed.
type gatedStore struct {
	Store
	key      string
	once     sync.Once
	entered  chan struct{}
	release  chan struct{}
	lastSave string
}

func (g *gatedStore) Set(k, v string) error {
	if k == g.key {
		g.once.Do(func() { close(g.entered); <-g.release })
	}
	return g.Store.Set(k, v)
}

func TestSessionRenewsOnceForManyCallersWithA401(t *testing.T) {
	f := newFixture(t, oauthtest.Options{})
	s := f.signIn(SignInOptions{})
	old, _ := s.Token(context.Background())
	f.srv.ExpireAccessTokens()

	var wg sync.WaitGroup
	tokens := make([]string, 50)
	for i := range tokens {
		wg.Go(func() {
			s.Invalidate(old.AccessToken)
			tok, err := s.Token(context.Background())
			if err != nil {
				t.Error(err)
				return
			}
			tokens[i] = tok.AccessToken
		})
	}
	wg.Wait()
	if n := f.srv.Counts().Refresh; n != 1 {
		t.Fatalf("%d renewals for 50 callers that got a 401, want 1", n)
	}
	for _, tok := range tokens {
		if tok != tokens[0] || f.srv.CheckAccessToken(tok) != nil {
			t.Fatal("callers did not all get the one new, valid token")
		}
	}
	// A late caller invalidating the old token again changes nothing.
	s.Invalidate(old.AccessToken)
	if tok, _ := s.Token(context.Background()); tok.AccessToken != tokens[0] || f.srv.Counts().Refresh != 1 {
		t.Fatal("a stale Invalidate caused another renewal")
	}
}

func TestSessionFailureClasses(t *testing.T) {
	tests := []struct {
		name      string
		failure   oauthtest.Failure
		wantKind  StateKind
		minWait   time.Duration // BackingOff: RetryAt - now at least
		maxWait   time.Duration
		wantError func(error) bool
	}{
		{"invalid_grant needs a new sign-in", oauthtest.Failure{Status: 400, OAuthError: "invalid_grant"}, SignInNeeded, 0, 0,
			func(err error) bool { return errors.Is(err, ErrSignInRequired) }},
		{"a 401 needs a new sign-in", oauthtest.Failure{Status: 401, OAuthError: "invalid_client"}, SignInNeeded, 0, 0,
			func(err error) bool { return errors.Is(err, ErrSignInRequired) }},
		{"a 429 waits for Retry-After", oauthtest.Failure{Status: 429, RetryAfter: 90 * time.Second}, BackingOff, 90 * time.Second, 90 * time.Second,
			func(err error) bool { var re *RenewError; return errors.As(err, &re) }},
		{"a 5xx backs off from about 5 s", oauthtest.Failure{Status: 503}, BackingOff, 4 * time.Second, 6 * time.Second,
			func(err error) bool { var re *RenewError; return errors.As(err, &re) && re.Reason == ReasonServerError }},
		{"an HTML error page backs off too", oauthtest.Failure{Status: 502, Body: "<html>Bad gateway</html>"}, BackingOff, 4 * time.Second, 6 * time.Second,
			func(err error) bool { var re *RenewError; return errors.As(err, &re) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, oauthtest.Options{})
			s := f.signIn(SignInOptions{})
			old, _ := s.Token(context.Background())
			f.srv.FailNext(oauthtest.EndpointToken, 1, tt.failure)
			s.Invalidate(old.AccessToken)
			_, err := s.Token(context.Background())
			if !tt.wantError(err) {
				t.Fatalf("Token = %v", err)
			}
			st := s.State()
			if st.Kind != tt.wantKind || st.Reason == ReasonNone {
				t.Fatalf("state %v (%v), want %v with a reason", st.Kind, st.Reason, tt.wantKind)
			}
			if tt.wantKind == BackingOff {
				if wait := st.RetryAt.Sub(f.clock.Now()); wait < tt.minWait || wait > tt.maxWait {
					t.Fatalf("retry in %v, want within [%v, %v]", wait, tt.minWait, tt.maxWait)
				}
				// No request before the retry time; one after it, which works.
				if _, err := s.Token(context.Background()); err == nil || f.srv.Counts().Refresh != 1 {
					t.Fatalf("a caller during back-off caused a request (%d)", f.srv.Counts().Refresh)
				}
				settle(t, s, f.clock)
				f.clock.Advance(tt.maxWait)
				waitFor(t, "the retry", func() bool { return s.State().Kind == SignedIn })
				if f.srv.Counts().Refresh != 2 {
					t.Fatalf("%d requests, want 2", f.srv.Counts().Refresh)
				}
				return
			}
			// A session that needs a sign-in stops trying.
			settle(t, s, f.clock)
			f.clock.Advance(time.Hour)
			time.Sleep(20 * time.Millisecond)
			if n := f.srv.Counts().Refresh; n != 1 {
				t.Fatalf("%d requests after the grant was refused, want 1", n)
			}
		})
	}
}

func TestSessionBackoffDoublesUpToFiveMinutes(t *testing.T) {
	f := newFixture(t, oauthtest.Options{})
	s := f.signIn(SignInOptions{})
	old, _ := s.Token(context.Background())
	f.srv.FailUntil(oauthtest.EndpointToken, f.clock.Now().Add(24*time.Hour), oauthtest.Failure{Status: 500})
	s.Invalidate(old.AccessToken)
	_, _ = s.Token(context.Background())

	var waits []time.Duration
	for len(waits) < 8 {
		st := s.State()
		if st.Kind != BackingOff {
			t.Fatalf("state %v", st.Kind)
		}
		wait := st.RetryAt.Sub(f.clock.Now())
		waits = append(waits, wait)
		before := f.srv.Counts().Refresh
		settle(t, s, f.clock)
		f.clock.Advance(wait)
		waitFor(t, "the next try", func() bool { return f.srv.Counts().Refresh > before && s.State().Kind == BackingOff })
	}
	for i, w := range waits {
		nominal := min(5*time.Second<<i, 5*time.Minute)
		if w < nominal*8/10 || w > nominal*12/10 {
			t.Fatalf("wait %d = %v, want %v ± 20%% (all: %v)", i, w, nominal, waits)
		}
	}
}

func TestSessionNeverSendsMoreThanTenTokenRequestsInTenMinutes(t *testing.T) {
	f := newFixture(t, oauthtest.Options{})
	s := f.signIn(SignInOptions{}) // the exchange counts as one
	f.srv.FailUntil(oauthtest.EndpointToken, f.clock.Now().Add(24*time.Hour), oauthtest.Failure{Status: 500})
	// A buggy caller hammers Invalidate + Token, and time moves in small steps.
	for range 600 {
		tok := s.tok
		if tok != nil {
			s.Invalidate(tok.AccessToken)
		}
		_, _ = s.Token(context.Background())
		f.clock.Advance(time.Second)
	}
	c := f.srv.Counts()
	if total := c.Exchange + c.Refresh; total > 10 {
		t.Fatalf("%d token requests in 10 minutes, the limit is 10", total)
	}
	if c.Refresh < 3 {
		t.Fatalf("only %d renewals tried in 10 minutes of failures", c.Refresh)
	}
}

func TestSessionAdoptsATokenAnotherInstanceRenewed(t *testing.T) {
	f := newFixture(t, oauthtest.Options{})
	a := f.signIn(SignInOptions{})
	// A second Portview window starts from the same keyring.
	b, err := f.account().Restore(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	settle(t, a, f.clock)
	settle(t, b, f.clock)

	// Window A renews first; B, waking a moment later, must not use the
	// refresh token A just spent (the server would refuse it).
	oldTok, _ := b.Token(context.Background())
	a.Invalidate(oldTok.AccessToken)
	aTok, err := a.Token(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	b.Invalidate(oldTok.AccessToken)
	bTok, err := b.Token(context.Background())
	if err != nil {
		t.Fatalf("window B was logged out by window A's renewal: %v", err)
	}
	if bTok.AccessToken != aTok.AccessToken || f.srv.Counts().Refresh != 1 {
		t.Fatalf("B got %v after A's renewal, renewals %d: want A's token and one renewal", bTok.AccessToken == aTok.AccessToken, f.srv.Counts().Refresh)
	}
}

func TestSessionUsesTheNewestStoredRefreshToken(t *testing.T) {
	f := newFixture(t, oauthtest.Options{})
	a := f.signIn(SignInOptions{})
	b, err := f.account().Restore(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	old, _ := a.Token(context.Background())
	a.Invalidate(old.AccessToken)
	if _, err := a.Token(context.Background()); err != nil {
		t.Fatal(err)
	}
	// B's copy of the access token is now stale on the server, and the one
	// in the store is A's fresh one but was invalidated by the API too.
	f.srv.ExpireAccessTokens()
	b.Invalidate(old.AccessToken)
	settle(t, b, f.clock)
	f.clock.Advance(59*time.Minute + 45*time.Second) // the stored token is now near expiry
	waitFor(t, "B to renew with A's refresh token", func() bool {
		tok, err := b.Token(context.Background())
		return err == nil && f.srv.CheckAccessToken(tok.AccessToken) == nil
	})
}

func TestSessionPublishesStates(t *testing.T) {
	f := newFixture(t, oauthtest.Options{})
	s := f.signIn(SignInOptions{})
	var mu sync.Mutex
	var seen []StateKind
	stop := s.Subscribe(func(st State) {
		mu.Lock()
		defer mu.Unlock()
		if len(seen) == 0 || seen[len(seen)-1] != st.Kind {
			seen = append(seen, st.Kind)
		}
	})
	defer stop()
	waitFor(t, "the first state", func() bool { mu.Lock(); defer mu.Unlock(); return len(seen) == 1 })
	f.srv.FailNext(oauthtest.EndpointToken, 1, oauthtest.Failure{Status: 400, OAuthError: "invalid_grant"})
	settle(t, s, f.clock)
	f.clock.Advance(50 * time.Minute)
	waitFor(t, "sign-in needed", func() bool { mu.Lock(); defer mu.Unlock(); return seen[len(seen)-1] == SignInNeeded })
	mu.Lock()
	defer mu.Unlock()
	if seen[0] != SignedIn || seen[len(seen)-1] != SignInNeeded {
		t.Fatalf("states %v", seen)
	}
	if st := s.State(); st.Region.ID != f.region.ID || st.Reason == ReasonNone {
		t.Fatalf("state %+v lacks region or reason", st)
	}
}

func TestSignOutRevokesAndForgets(t *testing.T) {
	f := newFixture(t, oauthtest.Options{})
	s := f.signIn(SignInOptions{})
	tok, _ := s.Token(context.Background())
	if err := s.SignOut(context.Background()); err != nil {
		t.Fatal(err)
	}
	if f.srv.Counts().Revoke != 1 || f.srv.CheckAccessToken(tok.AccessToken) == nil {
		t.Fatal("the server still accepts the token after sign-out")
	}
	if f.storedToken() != nil {
		t.Fatal("the token is still stored")
	}
	if _, err := s.Token(context.Background()); !errors.Is(err, ErrSignInRequired) {
		t.Fatalf("Token after sign-out = %v", err)
	}
	if s.State().Kind != SignedOut {
		t.Fatal("state is not SignedOut")
	}
	if _, err := f.account().Restore(context.Background()); !errors.Is(err, ErrNoSession) {
		t.Fatalf("Restore after sign-out = %v, want ErrNoSession", err)
	}
}

func TestSignOutWithoutRevocationEndpointStillForgets(t *testing.T) {
	f := newFixture(t, oauthtest.Options{DisableRevocation: true})
	s := f.signIn(SignInOptions{})
	if err := s.SignOut(context.Background()); err != nil || f.storedToken() != nil || f.srv.Counts().Revoke != 0 {
		t.Fatalf("SignOut = %v", err)
	}
}

func TestRestoreStartsWithoutTheNetwork(t *testing.T) {
	f := newFixture(t, oauthtest.Options{})
	s := f.signIn(SignInOptions{})
	tok, _ := s.Token(context.Background())
	s.Close()
	discoveries := f.srv.Counts().Discovery

	r, err := f.account().Restore(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	got, err := r.Token(context.Background())
	if err != nil || got.AccessToken != tok.AccessToken {
		t.Fatalf("restored Token = %v, %v", got, err)
	}
	if c := f.srv.Counts(); c.Discovery != discoveries || c.Refresh != 0 {
		t.Fatalf("restoring a fresh session used the network: %+v", c)
	}
}

func TestRestoreOfAnExpiredSessionRenewsAtOnce(t *testing.T) {
	f := newFixture(t, oauthtest.Options{})
	f.signIn(SignInOptions{}).Close()
	f.clock.Advance(2 * time.Hour) // the app was closed for two hours
	r, err := f.account().Restore(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	tok, err := r.Token(context.Background())
	if err != nil || f.srv.CheckAccessToken(tok.AccessToken) != nil || f.srv.Counts().Refresh != 1 {
		t.Fatalf("Token failed or was refused (err %v) after %d renewals", err, f.srv.Counts().Refresh)
	}
}

func TestTokenHonoursTheCallersContext(t *testing.T) {
	f := newFixture(t, oauthtest.Options{})
	s := f.signIn(SignInOptions{})
	old, _ := s.Token(context.Background())
	f.srv.SetDelay(oauthtest.EndpointToken, 2*time.Second)
	s.Invalidate(old.AccessToken)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	if _, err := s.Token(ctx); !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > time.Second {
		t.Fatalf("Token = %v after %v", err, time.Since(start))
	}
}

func TestTwoWindowsRenewingAtOnceStaySignedIn(t *testing.T) {
	for range 5 {
		f := newFixture(t, oauthtest.Options{})
		a := f.signIn(SignInOptions{})
		b, err := f.account().Restore(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		old, _ := a.Token(context.Background())
		f.srv.ExpireAccessTokens()
		a.Invalidate(old.AccessToken)
		b.Invalidate(old.AccessToken)
		var wg sync.WaitGroup
		for _, s := range []*Session{a, b} {
			wg.Go(func() {
				tok, err := s.Token(context.Background())
				if err != nil || f.srv.CheckAccessToken(tok.AccessToken) != nil {
					t.Errorf("a window lost its sign-in when both renewed at once: %v", err)
				}
			})
		}
		wg.Wait()
		b.Close()
	}
}
