package quote_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/portview/portview/api/apitest"
	"github.com/portview/portview/quote"
	"github.com/portview/portview/quote/quotetest"
)

var (
	errTokenExpired = errors.New("token expired")
	errTokenUnknown = errors.New("token unknown")
)

// fakeChecker plays the authorization server's side of the tokens.
type fakeChecker struct {
	mu      sync.Mutex
	expired map[string]bool // issued tokens; true once expired
}

func newFakeChecker() *fakeChecker { return &fakeChecker{expired: map[string]bool{}} }

func (c *fakeChecker) CheckAccessToken(token string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	expired, ok := c.expired[token]
	switch {
	case !ok:
		return errTokenUnknown
	case expired:
		return errTokenExpired
	}
	return nil
}

func (c *fakeChecker) issue(token string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.expired[token] = false
}

func (c *fakeChecker) expire(token string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.expired[token] = true
}

// fakeSession is a token source that refreshes the way oauth.Session must:
// after Invalidate of the current token, the next Token refreshes once and
// concurrent callers wait for that one refresh.
type fakeSession struct {
	checker      *fakeChecker
	prefix       string        // such as "us_"
	refreshDelay time.Duration // how long a refresh takes
	refreshErr   error         // when set, refreshes fail with it

	mu          sync.Mutex
	gen         int
	current     string
	stale       bool
	refreshing  chan struct{}
	refreshes   int
	invalidated []string
}

func newFakeSession(checker *fakeChecker, prefix string) *fakeSession {
	s := &fakeSession{checker: checker, prefix: prefix}
	s.current = s.issueLocked()
	return s
}

func (s *fakeSession) issueLocked() string {
	s.gen++
	tok := fmt.Sprintf("%stoken-%d", s.prefix, s.gen)
	if s.checker != nil {
		s.checker.issue(tok)
	}
	return tok
}

func (s *fakeSession) Token(ctx context.Context) (*oauth2.Token, error) {
	s.mu.Lock()
	for {
		if !s.stale {
			tok := s.current
			s.mu.Unlock()
			return &oauth2.Token{AccessToken: tok, TokenType: "Bearer"}, nil
		}
		if s.refreshing != nil {
			ch := s.refreshing
			s.mu.Unlock()
			select {
			case <-ch:
			case <-ctx.Done():
				return nil, ctx.Err()
			}
			s.mu.Lock()
			continue
		}
		ch := make(chan struct{})
		s.refreshing = ch
		s.mu.Unlock()
		time.Sleep(s.refreshDelay)
		s.mu.Lock()
		s.refreshes++
		s.refreshing = nil
		close(ch)
		if s.refreshErr != nil {
			err := s.refreshErr
			s.mu.Unlock()
			return nil, err
		}
		s.current, s.stale = s.issueLocked(), false
	}
}

func (s *fakeSession) Invalidate(accessToken string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.invalidated = append(s.invalidated, accessToken)
	if accessToken == s.current {
		s.stale = true
	}
}

func (s *fakeSession) token() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.current
}

func (s *fakeSession) stats() (refreshes int, invalidated []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refreshes, append([]string(nil), s.invalidated...)
}

// fixture is a fake API, a fake session and a client wired together.
type fixture struct {
	srv     *quotetest.Server
	checker *fakeChecker
	session *fakeSession
	sleeps  *apitest.Sleeps
	client  *quote.Client
	cfg     quote.Config
}

// newFixture starts a fake with opts (Auth is set to a fake checker) and a
// client whose limiter does not slow the tests; edit changes the config.
func newFixture(t testing.TB, opts quotetest.Options, edit func(*quote.Config)) *fixture {
	t.Helper()
	f := &fixture{checker: newFakeChecker(), sleeps: &apitest.Sleeps{}}
	f.session = newFakeSession(f.checker, "us_")
	opts.Auth = f.checker
	if opts.Classify == nil {
		opts.Classify = quotetest.ClassifyExpired(errTokenExpired)
	}
	if opts.Rows == 0 {
		opts.Rows = 100
	}
	srv, err := quotetest.NewServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	f.srv = srv

	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	f.cfg = quote.Config{
		BaseURL:    srv.URL,
		ClientID:   "client-abc",
		Tokens:     f.session,
		HTTPClient: &http.Client{Transport: tr},
		UserAgent:  "Portview/1.2.3",
		Limit:      quote.Limit{PerSecond: 10000, Burst: 100, Concurrent: 5},
		Sleep:      f.sleeps.Sleep,
	}
	if edit != nil {
		edit(&f.cfg)
	}
	f.client, err = quote.New(f.cfg)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fixture) list(ctx context.Context) ([]quote.Security, error) {
	return f.client.GetSecurityList(ctx, quote.MarketUS, quote.CategoryOvernight)
}
