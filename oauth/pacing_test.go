package oauth

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/portview/portview/oauth/oauthtest"
)

// renewal is one token replaced while a session ran: when, as a share of
// the replaced token's life.
type renewal struct {
	fraction float64
}

// paceRun is what runPaced saw.
type paceRun struct {
	renewals []renewal
	expired  int64 // tokens handed to a caller already expired
	errors   int64 // Token calls that failed
	calls    int64
	guard    bool // the state ever said ReasonClientLimit
	backing  bool // the state was ever BackingOff
}

// runPaced signs in to a fake that issues tokens of life, then runs the
// session for span of manual time in steps of life/40, with four callers
// asking for tokens all along.
func runPaced(t *testing.T, life, span time.Duration) paceRun {
	t.Helper()
	f := newFixture(t, oauthtest.Options{TokenLifetime: life})
	s := f.signIn(SignInOptions{})
	var run paceRun
	var mu sync.Mutex
	stop := s.Subscribe(func(st State) {
		mu.Lock()
		defer mu.Unlock()
		if st.Kind == BackingOff {
			run.backing = true
		}
		if st.Reason == ReasonClientLimit {
			run.guard = true
		}
	})
	defer stop()

	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for ctx.Err() == nil {
				// A token must be alive when it is asked for; the clock
				// read after the call could have been moved on meanwhile
				// by the loop below, past a token that was alive when handed
				// out (a worker preempted on a loaded machine saw that).
				asked := f.clock.Now()
				tok, err := s.Token(ctx)
				atomic.AddInt64(&run.calls, 1)
				switch {
				case err != nil:
					if ctx.Err() == nil {
						atomic.AddInt64(&run.errors, 1)
					}
				case !tok.Expiry.After(asked):
					atomic.AddInt64(&run.expired, 1)
				}
				time.Sleep(50 * time.Microsecond)
			}
		})
	}

	current := func() *Token {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.tok
	}
	tok := current()
	step := life / 40
	for end := f.clock.Now().Add(span); f.clock.Now().Before(end); {
		settle(t, s, f.clock)
		f.clock.Advance(step)
		settle(t, s, f.clock)
		if next := current(); next.AccessToken != tok.AccessToken {
			age := f.clock.Now().Sub(tok.IssuedAt)
			run.renewals = append(run.renewals, renewal{fraction: float64(age) / float64(tok.life())})
			tok = next
		}
	}
	cancel()
	wg.Wait()
	return run
}

func TestSessionKeepsPaceWithAnyTokenLife(t *testing.T) {
	tests := []struct {
		name string
		life time.Duration
	}{
		{"one-hour tokens", time.Hour},
		{"5-minute tokens", 5 * time.Minute},
		{"60-second tokens", time.Minute},
		{"20-second tokens", 20 * time.Second},
		{"5-second tokens", 5 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			run := runPaced(t, tt.life, 10*tt.life)
			// Ten lives, each token renewed at about 80% of its life: 12 or 13.
			if n := len(run.renewals); n < 11 || n > 13 {
				t.Errorf("%d renewals in ten token lives, want about 12", n)
			}
			for i, r := range run.renewals {
				if r.fraction < 0.70 || r.fraction > 0.85 {
					t.Errorf("renewal %d at %.0f%% of the token's life, want 70-85%%", i, 100*r.fraction)
				}
			}
			if run.expired != 0 || run.errors != 0 || run.backing || run.guard {
				t.Errorf("expired tokens handed out %d, errors %d, backed off %v, flood guard %v; want none",
					run.expired, run.errors, run.backing, run.guard)
			}
		})
	}
}

func TestTwentySecondTokensForFifteenMinutes(t *testing.T) {
	run := runPaced(t, 20*time.Second, 15*time.Minute)
	t.Logf("%d renewals, %d token calls", len(run.renewals), run.calls)
	if n := len(run.renewals); n < 53 || n > 59 {
		t.Errorf("%d renewals in 15 minutes of 20 s tokens, want about 56", n)
	}
	for i, r := range run.renewals {
		if r.fraction < 0.70 || r.fraction > 0.85 {
			t.Errorf("renewal %d at %.0f%% of the token's life, want 70-85%%", i, 100*r.fraction)
		}
	}
	if run.expired != 0 || run.errors != 0 || run.guard {
		t.Errorf("expired tokens handed out %d, errors %d, flood guard %v; want none", run.expired, run.errors, run.guard)
	}
}

func TestATokenUnderTwoSecondsIsRenewedOnlyWhenNeeded(t *testing.T) {
	f := newFixture(t, oauthtest.Options{TokenLifetime: time.Second})
	s := f.signIn(SignInOptions{})
	// No schedule: however long nobody asks, nothing is sent.
	settle(t, s, f.clock)
	f.clock.Advance(time.Minute)
	settle(t, s, f.clock)
	if n := f.srv.Counts().Refresh; n != 0 {
		t.Fatalf("%d renewals of a 1-second token nobody asked for", n)
	}
	// A caller that needs a token gets one renewal, shared by everyone
	// asking at that moment.
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			if _, err := s.Token(context.Background()); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if n := f.srv.Counts().Refresh; n != 1 {
		t.Fatalf("%d renewals for 20 callers at once, want 1", n)
	}
	settle(t, s, f.clock)
	if n := f.srv.Counts().Refresh; n != 1 {
		t.Fatalf("the fresh 1-second token was renewed again by itself (%d)", n)
	}
}

func TestATokenThatArrivesExpiredServesTheCallInFlight(t *testing.T) {
	f := newFixture(t, oauthtest.Options{})
	s := f.signIn(SignInOptions{})
	old, _ := s.Token(context.Background())
	f.srv.FailNext(oauthtest.EndpointToken, 1, oauthtest.Failure{
		Status: http.StatusOK,
		Header: http.Header{"Content-Type": {"application/json"}},
		Body:   `{"access_token":"already-expired","token_type":"Bearer","expires_in":-5,"refresh_token":"r-next"}`,
	})
	s.Invalidate(old.AccessToken)
	tok, err := s.Token(context.Background())
	if err != nil || tok.AccessToken != "already-expired" {
		t.Fatalf("Token = %v, %v; want the token that arrived, for the call in flight", tok, err)
	}
	// Nothing renews it by itself: no schedule, no loop.
	settle(t, s, f.clock)
	f.clock.Advance(time.Minute)
	settle(t, s, f.clock)
	if n := f.srv.Counts().Refresh; n != 1 {
		t.Fatalf("%d token requests, want the one", n)
	}
}

func TestRetryAfterThatSaysNowUsesTheNormalBackoff(t *testing.T) {
	now := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC) // the fixture's clock
	tests := []struct {
		name       string
		retryAfter string
		min, max   time.Duration
		capped     bool
	}{
		{"Retry-After: 0", "0", 4 * time.Second, 6 * time.Second, false},
		{"a date in the past", now.Add(-time.Hour).Format(http.TimeFormat), 4 * time.Second, 6 * time.Second, false},
		{"garbage", "soon", 4 * time.Second, 6 * time.Second, false},
		{"a huge value is capped at 10 minutes", "86400", MaxRetryAfter, MaxRetryAfter, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, oauthtest.Options{})
			s := f.signIn(SignInOptions{})
			old, _ := s.Token(context.Background())
			f.srv.FailUntil(oauthtest.EndpointToken, f.clock.Now().Add(24*time.Hour), oauthtest.Failure{
				Status: http.StatusTooManyRequests, OAuthError: "slow_down", Header: http.Header{"Retry-After": {tt.retryAfter}},
			})
			s.Invalidate(old.AccessToken)
			_, err := s.Token(context.Background())
			var re *RenewError
			if !errors.As(err, &re) || re.Reason != ReasonSlowDown || re.Capped != tt.capped {
				t.Fatalf("Token = %v, want a RenewError (slow down, capped %v)", err, tt.capped)
			}
			if n := f.srv.Counts().Refresh; n != 1 {
				t.Fatalf("one Token call sent %d refresh requests", n)
			}
			st := s.State()
			if wait := st.RetryAt.Sub(f.clock.Now()); wait < tt.min || wait > tt.max || st.RetryCapped != tt.capped {
				t.Fatalf("retry in %v (capped %v), want within [%v, %v] (capped %v)", wait, st.RetryCapped, tt.min, tt.max, tt.capped)
			}
		})
	}
}

func TestTokenAfterCloseIsErrClosedAndCostsNothing(t *testing.T) {
	f := newFixture(t, oauthtest.Options{})
	s := f.signIn(SignInOptions{})
	s.Close()
	// The token has expired: a Token call on an open session would renew.
	// (Moved after Close, so that the background renewal does not run.)
	f.clock.Advance(2 * time.Hour)
	l := limiterFor(f.region.ID)
	slots := func() (int, time.Time) {
		l.mu.Lock()
		defer l.mu.Unlock()
		return len(l.times), l.last
	}
	usedBefore, lastBefore := slots()
	before := f.srv.Counts()
	for range 50 {
		if _, err := s.Token(context.Background()); !errors.Is(err, ErrClosed) {
			t.Fatalf("Token after Close = %v, want ErrClosed", err)
		}
	}
	if after := f.srv.Counts(); after.Refresh != before.Refresh {
		t.Fatalf("Token after Close sent %d requests", after.Refresh-before.Refresh)
	}
	// The region's limiter lost no slot and saw no request.
	if used, last := slots(); used != usedBefore || !last.Equal(lastBefore) || used != 1 {
		t.Fatalf("limiter: %d slots (last %v) after the calls, %d (last %v) before; want the sign-in's one, unchanged", used, last, usedBefore, lastBefore)
	}
}

func TestCloseRacingTokenFromFiftyGoroutines(t *testing.T) {
	for range 10 {
		f := newFixture(t, oauthtest.Options{})
		s := f.signIn(SignInOptions{})
		old, _ := s.Token(context.Background())
		f.srv.SetDelay(oauthtest.EndpointToken, 20*time.Millisecond)
		s.Invalidate(old.AccessToken)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for range 50 {
			wg.Go(func() {
				<-start
				_, err := s.Token(context.Background())
				if err != nil && !errors.Is(err, ErrClosed) {
					t.Errorf("Token racing Close = %v, want a token or ErrClosed", err)
				}
			})
		}
		close(start)
		s.Close()
		wg.Wait()
		if _, err := s.Token(context.Background()); !errors.Is(err, ErrClosed) {
			t.Fatalf("Token after the race = %v", err)
		}
	}
	// goleak (TestMain) checks that no goroutine outlives the test.
}

func TestEverySessionOfARegionSharesItsLimiter(t *testing.T) {
	f := newFixture(t, oauthtest.Options{})
	a := f.signIn(SignInOptions{})
	b, err := f.account().Restore(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	md := a.cfg.Metadata
	c := newSession(sessionConfig{Region: f.region, Metadata: md, ClientID: "x", Store: f.store, Clock: f.clock, Logger: quietLog}, f.storedToken())
	defer c.Close()
	want := limiterFor(f.region.ID)
	for name, s := range map[string]*Session{"signed in": a, "restored": b, "built directly": c} {
		if s.limiter != want {
			t.Errorf("the %s session has a limiter of its own", name)
		}
	}
}

// stuckStore blocks every Set of key until release is closed.
type stuckStore struct {
	Store
	key     string
	entered chan struct{}
	once    sync.Once
	release chan struct{}
}

func (g *stuckStore) Set(k, v string) error {
	if k == g.key {
		g.once.Do(func() { close(g.entered) })
		<-g.release
	}
	return g.Store.Set(k, v)
}

func TestCloseDoesNotWaitForTheKeyring(t *testing.T) {
	f := newFixture(t, oauthtest.Options{})
	s := f.signIn(SignInOptions{})
	old, _ := s.Token(context.Background())
	stuck := &stuckStore{Store: f.store, key: tokenKey(f.region.ID), entered: make(chan struct{}), release: make(chan struct{})}
	s.cfg.Store = stuck
	s.Invalidate(old.AccessToken)
	go func() { _, _ = s.Token(context.Background()) }()
	<-stuck.entered // the renewal is saving its token, and the keyring takes its time

	start := time.Now()
	s.Close()
	if d := time.Since(start); d > 500*time.Millisecond {
		t.Fatalf("Close took %v while the keyring was busy", d)
	}
	// The save goes on by itself and lands: the rotated refresh token is
	// not lost.
	close(stuck.release)
	waitFor(t, "the interrupted save to land", func() bool {
		tok := f.storedToken()
		return tok != nil && tok.AccessToken != old.AccessToken
	})
}

// lockingStuckStore is a stuckStore that is also a RenewalLocker, and
// records whether the lock was let go.
type lockingStuckStore struct {
	*stuckStore
	released atomic.Bool
}

func (l *lockingStuckStore) LockRenewal(context.Context, string) (func(), error) {
	return func() { l.released.Store(true) }, nil
}

func TestTheRenewalLockOutlivesACloseUntilTheTokenIsSaved(t *testing.T) {
	f := newFixture(t, oauthtest.Options{})
	s := f.signIn(SignInOptions{})
	old, _ := s.Token(context.Background())
	lock := &lockingStuckStore{stuckStore: &stuckStore{Store: f.store, key: tokenKey(f.region.ID), entered: make(chan struct{}), release: make(chan struct{})}}
	s.cfg.Store = lock
	s.Invalidate(old.AccessToken)
	go func() { _, _ = s.Token(context.Background()) }()
	<-lock.entered // the renewed token is being saved
	s.Close()
	if lock.released.Load() {
		t.Fatal("the renewal lock was let go while the rotated token was still being saved")
	}
	close(lock.release)
	waitFor(t, "the lock to go once the token is saved", lock.released.Load)
	if tok := f.storedToken(); tok == nil || tok.AccessToken == old.AccessToken {
		t.Fatal("the renewed token was not saved")
	}
}
