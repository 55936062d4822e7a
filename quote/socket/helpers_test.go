package socket

import (
	"fmt"
	"slices"

	"context"
	"github.com/portview/portview/oauth"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
	"golang.org/x/oauth2"

	"github.com/portview/portview/quote/socket/sockettest"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// staticTokens is an access-token source that never renews.
type staticTokens struct{}

func (staticTokens) Token(context.Context) (*oauth2.Token, error) {
	return &oauth2.Token{AccessToken: "test-access"}, nil
}
func (staticTokens) Invalidate(string) {}

// fastConfig is a client config with every timer short enough for tests.
func fastConfig(srv *sockettest.Server) Config {
	return Config{
		URL:            srv.WSURL,
		Tokens:         &HTTPTokens{BaseURL: srv.URL, ClientID: "test-client", Tokens: staticTokens{}},
		RequestTimeout: 2 * time.Second,
		PingInterval:   50 * time.Millisecond,
		PongTimeout:    200 * time.Millisecond,
		IdleTimeout:    time.Second,
		MinBackoff:     20 * time.Millisecond,
		MaxBackoff:     100 * time.Millisecond,
	}
}

func newServer(t testing.TB, opts sockettest.Options) *sockettest.Server {
	t.Helper()
	if opts.PingInterval == 0 {
		opts.PingInterval = 100 * time.Millisecond
	}
	srv, err := sockettest.NewServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	return srv
}

func newClient(t testing.TB, cfg Config) *Client {
	t.Helper()
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

// waitFor polls cond until it holds or the time is up.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func waitKind(t testing.TB, c *Client, kind StatusKind) Status {
	t.Helper()
	var st Status
	waitFor(t, "status "+kind.String(), func() bool { st = c.Status(); return st.Kind == kind })
	return st
}

// collector collects what a subscription delivers.
type collector[T any] struct {
	mu  sync.Mutex
	got []T
}

func (r *collector[T]) add(v T) {
	r.mu.Lock()
	r.got = append(r.got, v)
	r.mu.Unlock()
}

func (r *collector[T]) all() []T {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.got)
}

// recorder collects the quotes a subscription delivers.
type recorder struct{ collector[Quote] }

// latest returns the last quote delivered for symbol and whether there was one.
func (r *recorder) latest(symbol string) (Quote, bool) {
	qs := r.all()
	for i := len(qs) - 1; i >= 0; i-- {
		if qs[i].Symbol == symbol {
			return qs[i], true
		}
	}
	return Quote{}, false
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	m := map[string]bool{}
	for _, s := range a {
		m[s] = true
	}
	for _, s := range b {
		if !m[s] {
			return false
		}
	}
	return true
}

func join(s []string) string { return strings.Join(s, ",") }

// refusingTokens is a session whose user must sign in again.
type refusingTokens struct{}

func (refusingTokens) Token(context.Context) (*oauth2.Token, error) {
	return nil, fmt.Errorf("renew: %w", oauth.ErrSignInRequired)
}
func (refusingTokens) Invalidate(string) {}

// timesAsked counts the requests of cmd that named symbol.
func timesAsked(srv *sockettest.Server, cmd uint8, symbol string) int {
	n := 0
	for _, r := range srv.Requests() {
		if r.Cmd == cmd && slices.Contains(r.Symbols, symbol) {
			n++
		}
	}
	return n
}
