package oauth

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/portview/portview/oauth/oauthtest"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	// go-keyring keeps one shared session-bus connection for the whole
	// process, by design; its two goroutines are not ours to close.
	goleak.VerifyTestMain(m,
		goleak.IgnoreAnyFunction("github.com/godbus/dbus/v5.(*Conn).inWorker"),
		goleak.IgnoreAnyFunction("github.com/godbus/dbus/v5.newConn.func1"))
}

var fixtures atomic.Int64

var quietLog = slog.New(slog.NewTextHandler(io.Discard, nil))

// fixture is a fake LongPort and an app environment around it.
type fixture struct {
	t      testing.TB
	srv    *oauthtest.Server
	clock  *oauthtest.ManualClock
	store  *MemoryStore
	prefs  *MemoryPrefs
	region Region
	env    Env
	answer func(ctx context.Context, authURL string) error // what the "browser" does
}

func newFixture(t testing.TB, opts oauthtest.Options) *fixture {
	t.Helper()
	f := &fixture{
		t:      t,
		clock:  oauthtest.NewManualClock(time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)),
		store:  NewMemoryStore(),
		prefs:  NewMemoryPrefs(),
		answer: oauthtest.Approve,
	}
	opts.Now = f.clock.Now
	f.srv = oauthtest.NewServer(opts)
	t.Cleanup(f.srv.Close)
	// Each fixture gets its own region ID, and so its own token-request
	// limiter, even when a test runs again with -count.
	f.region = Region{ID: fmt.Sprintf("test-%s-%d", t.Name(), fixtures.Add(1)), Name: "Test", BaseURL: f.srv.URL}
	f.env = Env{
		HTTPClient: &http.Client{Timeout: 10 * time.Second},
		Store:      f.store,
		Prefs:      f.prefs,
		Clock:      f.clock,
		Logger:     quietLog,
		OpenBrowser: func(u string) error {
			go func() { _ = f.answer(context.Background(), u) }()
			return nil
		},
	}
	return f
}

func (f *fixture) account() *Account { return NewAccount(f.env, f.region) }

// signIn runs a whole sign-in and returns the session, closed at cleanup.
func (f *fixture) signIn(opts SignInOptions) *Session {
	f.t.Helper()
	s, err := f.trySignIn(opts)
	if err != nil {
		f.t.Fatalf("sign-in: %v", err)
	}
	return s
}

func (f *fixture) trySignIn(opts SignInOptions) (*Session, error) {
	f.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	si, err := f.account().StartSignIn(ctx, opts)
	if err != nil {
		return nil, err
	}
	if err := si.OpenBrowser(); err != nil {
		return nil, err
	}
	s, err := si.Wait(ctx)
	if s != nil {
		f.t.Cleanup(s.Close)
		// The region's next token request may go a second after the
		// exchange; tests that force one at once would wait that second
		// in real time (see requestLimiter.acquire).
		f.clock.Advance(tokenRequestSpacing)
	}
	return s, err
}

func (f *fixture) storedToken() *Token {
	f.t.Helper()
	raw, err := f.store.Get(tokenKey(f.region.ID))
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil {
		f.t.Fatal(err)
	}
	tok, err := unmarshalToken(raw)
	if err != nil {
		f.t.Fatal(err)
	}
	return tok
}

// waitFor polls cond until it holds or a few seconds pass.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// settle waits until the session's goroutine sleeps on the clock with no
// renewal under way, so that moving the clock is seen by it.
func settle(t testing.TB, s *Session, c *oauthtest.ManualClock) {
	t.Helper()
	waitFor(t, "the session to settle", func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		until := s.parkedUntil.Load()
		return s.inflight == nil && until != 0 && c.Now().UnixNano() < until
	})
}
