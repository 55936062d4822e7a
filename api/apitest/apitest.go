// Package apitest holds what every endpoint test of the API families
// shares, in the manner of go-github's testNewRequestAndDoFailure: a fixture
// of a fake region and a session on it, and TestFailures, the failure suite
// each endpoint inherits with one line.
package apitest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/portview/portview/api"
	"github.com/portview/portview/oauth/oauthtest"
	"github.com/portview/portview/quote/quotetest"
	"github.com/portview/portview/regiontest"
)

// ViewerScopes are the scopes a read-only viewer is granted: watchlist,
// account, orders.
const ViewerScopes = "4 6 10"

// Fixture is a fake region, a session on it and a client config for it.
type Fixture struct {
	Region  *regiontest.Region
	Session *Session
	Sleeps  *Sleeps
	// Config points any family's client at the region, with a limit that
	// does not slow tests and Sleeps for the back-off.
	Config api.Config
}

// NewFixture starts a region (closed with t) and a session granted scopes.
func NewFixture(t testing.TB, scopes string) *Fixture {
	t.Helper()
	r, err := regiontest.Start(regiontest.Options{Auth: oauthtest.Options{AccessTokenPrefix: "us_"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Close)
	f := &Fixture{Region: r, Sleeps: &Sleeps{}}
	f.Session = &Session{issue: func() string { tok, _ := r.Auth.IssueTokens("client-apitest", scopes); return tok }}
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	f.Config = api.Config{
		BaseURL:    r.URL,
		ClientID:   "client-apitest",
		Tokens:     f.Session,
		HTTPClient: &http.Client{Transport: tr},
		UserAgent:  "Portview/test",
		Limit:      api.Limit{PerSecond: 1e6, Burst: 1000, Concurrent: 10, PerPath: 1e6, Window: time.Second},
		Sleep:      f.Sleeps.Sleep,
	}
	return f
}

// Requests returns how many requests the region's API received for path.
func (f *Fixture) Requests(path string) int {
	n := 0
	for _, r := range f.Region.API.Requests() {
		if r.Path == path {
			n++
		}
	}
	return n
}

// Session is a token source over the fake region: Invalidate makes the
// next Token a new one, as oauth.Session's refresh does. The zero Session
// hands out one fixed token, for a server that checks none.
type Session struct {
	issue func() string

	mu            sync.Mutex
	current       string
	invalidations int
}

// Token returns the current access token, issuing one when there is none.
func (s *Session) Token(ctx context.Context) (*oauth2.Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	switch {
	case s.current != "":
	case s.issue == nil:
		s.current = "apitest-token"
	default:
		s.current = s.issue()
	}
	return &oauth2.Token{AccessToken: s.current, TokenType: "Bearer"}, nil
}

// Invalidate drops accessToken, so that the next Token issues another.
func (s *Session) Invalidate(accessToken string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.invalidations++
	if accessToken == s.current {
		s.current = ""
	}
}

// Invalidations returns how many times the client invalidated a token.
func (s *Session) Invalidations() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.invalidations
}

// Sleeps records the client's waits and returns at once.
type Sleeps struct {
	mu    sync.Mutex
	waits []time.Duration
}

// Sleep records d.
func (s *Sleeps) Sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.waits = append(s.waits, d)
	return ctx.Err()
}

// Waits returns the waits so far.
func (s *Sleeps) Waits() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.waits)
}

// Endpoint is an endpoint under test: Call builds its family's client
// from cfg and calls the endpoint once.
type Endpoint struct {
	Path  string
	Scope string // the scope it needs; "" for none
	Call  func(ctx context.Context, cfg api.Config) error
}

// TestFailures runs the failures every endpoint shares: a refused token
// refreshed and retried once, 429 with and without Retry-After, a
// Retry-After longer than a call waits, 5xx, an HTML body, a truncated
// body, data null, a cancelled context, another endpoint failing, and a
// scope not granted.
func TestFailures(t *testing.T, e Endpoint) {
	t.Helper()
	ms := time.Millisecond
	tests := []failure{
		{"an expired token is invalidated once and the call retried with a fresh one", ViewerScopes,
			func(f *Fixture) { f.Region.Auth.ExpireAccessTokens() }, nil, nil, 2, nil},
		{"a 429 without Retry-After backs off 100 ms and retries", ViewerScopes,
			func(f *Fixture) { f.Region.API.FailPath(e.Path, 1, 429, api.CodeTooManyOnAPI, 0) }, nil, nil, 2, []time.Duration{100 * ms}},
		{"a 429 with Retry-After waits what it asks", ViewerScopes,
			func(f *Fixture) { f.Region.API.FailPath(e.Path, 1, 429, api.CodeTooManyFromIP, 2*time.Second) }, nil, nil, 2, []time.Duration{2 * time.Second}},
		{"a Retry-After beyond what a call waits fails at once, carrying the wait", ViewerScopes,
			func(f *Fixture) { f.Region.API.FailPath(e.Path, 1, 429, api.CodeTooManyFromIP, 2*time.Minute) }, nil,
			wantAPIError(func(a *api.Error) bool { return a.TooManyRequests() && a.RetryAfter == 2*time.Minute }), 1, nil},
		{"a 500 is retried", ViewerScopes,
			func(f *Fixture) { f.Region.API.FailPath(e.Path, 1, 500, api.CodeInternal, 0) }, nil, nil, 2, []time.Duration{200 * ms}},
		{"an HTML page from a proxy is an unexpected response, not retried", ViewerScopes,
			func(f *Fixture) { f.Region.API.FailPathRaw(e.Path, 1, 200, quotetest.BodyHTML) }, nil, wantIs(api.ErrUnexpectedResponse), 1, nil},
		{"a truncated body is an unexpected response", ViewerScopes,
			func(f *Fixture) {
				f.Region.API.FailPathRaw(e.Path, 1, 200, `{"code":0,"message":"success","data":{"li`)
			}, nil, wantIs(api.ErrUnexpectedResponse), 1, nil},
		{"data null on success is an unexpected response", ViewerScopes,
			func(f *Fixture) { f.Region.API.FailPathRaw(e.Path, 1, 200, quotetest.BodyDataNull) }, nil, wantIs(api.ErrUnexpectedResponse), 1, nil},
		{"a cancelled context returns at once without a request", ViewerScopes, func(*Fixture) {},
			func(ctx context.Context) context.Context {
				ctx, cancel := context.WithCancel(ctx)
				cancel()
				return ctx
			}, wantIs(context.Canceled), 0, nil},
		{"another endpoint failing leaves this one working", ViewerScopes,
			func(f *Fixture) { f.Region.API.FailPath("/v1/some/other", 3, 500, api.CodeInternal, 0) }, nil, nil, 1, nil},
	}
	if e.Scope != "" {
		tests = append(tests, failure{"a token without the endpoint's scope is refused as forbidden, not retried", scopesWithout(e.Scope), func(*Fixture) {},
			func(ctx context.Context) context.Context { return ctx },
			wantAPIError(func(a *api.Error) bool { return a.Forbidden() && !a.Unauthorized() }), 1, nil})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := NewFixture(t, tt.scopes)
			ctx := t.Context()
			if tt.ctx == nil {
				// A first call, so the token in use is the one a refusal hits.
				if err := e.Call(ctx, f.Config); err != nil {
					t.Fatalf("first call: %v", err)
				}
				f.Region.API.Reset()
			} else {
				ctx = tt.ctx(ctx)
			}
			tt.setup(f)
			err := e.Call(ctx, f.Config)
			switch {
			case tt.wantErr == nil && err != nil:
				t.Fatalf("call: %v", err)
			case tt.wantErr != nil:
				if werr := tt.wantErr(err); werr != nil {
					t.Fatal(werr)
				}
			}
			if got := f.Requests(e.Path); got != tt.wantTries {
				t.Errorf("%d requests to %s, want %d", got, e.Path, tt.wantTries)
			}
			if got := f.Sleeps.Waits(); !slices.Equal(got, tt.wantWaits) {
				t.Errorf("waits = %v, want %v", got, tt.wantWaits)
			}
			wantInvalidations := 0
			if tt.wantTries == 2 && tt.wantWaits == nil {
				wantInvalidations = 1 // the refused token, and only it
			}
			if got := f.Session.Invalidations(); got != wantInvalidations {
				t.Errorf("%d tokens invalidated, want %d", got, wantInvalidations)
			}
		})
	}
}

// failure is a case of TestFailures.
type failure struct {
	name      string
	scopes    string // granted to the session
	setup     func(f *Fixture)
	ctx       func(context.Context) context.Context // nil: a first call succeeds before setup
	wantErr   func(error) error                     // nil: the call succeeds
	wantTries int
	wantWaits []time.Duration
}

func scopesWithout(scope string) string {
	out := ""
	for _, s := range []string{"4", "6", "10"} {
		if s != scope {
			out += s + " "
		}
	}
	return out
}

func wantIs(target error) func(error) error {
	return func(err error) error {
		if !errors.Is(err, target) {
			return fmt.Errorf("err = %v, want %v", err, target)
		}
		return nil
	}
}

func wantAPIError(ok func(*api.Error) bool) func(error) error {
	return func(err error) error {
		var a *api.Error
		if !errors.As(err, &a) || !ok(a) {
			return fmt.Errorf("err = %v (%#v), not the api.Error wanted", err, a)
		}
		return nil
	}
}
