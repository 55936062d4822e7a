package oauthtest_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/portview/portview/oauth/oauthtest"
)

// TestConcurrentUse hammers every entry point at once; it exists for -race.
func TestConcurrentUse(t *testing.T) {
	clk := newClock()
	s := startServer(t, oauthtest.Options{Now: clk.Now})
	cb := newCallback(t, http.StatusOK)
	id, _ := s.RegisterClient([]string{cb.URL}, false)
	s.EditDiscovery(func(doc map[string]any) { doc["x_test"] = true })

	const workers = 50
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- hammer(s, clk, cb, config(s, id, "", cb.URL), w)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	c := s.Counts()
	want := oauthtest.Counts{Discovery: workers, Authorize: workers, Exchange: workers, Refresh: 3 * workers, TokenErrors: workers}
	if c != want {
		t.Errorf("Counts() = %+v, want %+v", c, want)
	}
}

// hammer is one worker: discovery, a sign-in through the consent page, two
// refreshes, a rejected replay, token checks and knob changes.
func hammer(s *oauthtest.Server, clk *oauthtest.ManualClock, cb *callback, cfg *oauth2.Config, w int) error {
	ctx := context.Background()
	resp, err := http.Get(s.URL + "/.well-known/oauth-authorization-server")
	if err != nil {
		return err
	}
	resp.Body.Close()

	verifier := oauth2.GenerateVerifier()
	state := fmt.Sprint("state-", w)
	if err := oauthtest.Approve(ctx, cfg.AuthCodeURL(state, oauth2.S256ChallengeOption(verifier))); err != nil {
		return fmt.Errorf("worker %d: Approve: %w", w, err)
	}
	code := cb.byState(state).Get("code")
	tok, err := cfg.Exchange(ctx, code, oauth2.VerifierOption(verifier))
	if err != nil {
		return fmt.Errorf("worker %d: Exchange: %w", w, err)
	}

	first := tok.RefreshToken
	for range 2 {
		if tok, err = refresh(cfg, tok.RefreshToken); err != nil {
			return fmt.Errorf("worker %d: refresh: %w", w, err)
		}
	}
	if _, err := refresh(cfg, first); err == nil {
		return fmt.Errorf("worker %d: a rotated refresh token was accepted", w)
	}
	if err := s.CheckAccessToken(tok.AccessToken); err != nil {
		return fmt.Errorf("worker %d: CheckAccessToken: %w", w, err)
	}

	// Knobs and direct grants on endpoints and clients no other worker uses.
	s.SetDelay(oauthtest.EndpointRevoke, time.Millisecond)
	s.FailNext(oauthtest.EndpointRevoke, 0, oauthtest.Failure{})
	s.FailUntil(oauthtest.EndpointRevoke, time.Time{}, oauthtest.Failure{})
	s.IssueTokens(fmt.Sprint("direct-", w), "4")
	s.RegisterClient([]string{"http://127.0.0.1:1/cb"}, w%2 == 0)
	clk.Now()
	s.Counts()
	return nil
}

// byState returns the query of the callback hit carrying state.
func (cb *callback) byState(state string) url.Values {
	cb.mu.Lock()
	defer cb.mu.Unlock()
	for _, q := range cb.hits {
		if q.Get("state") == state {
			return q
		}
	}
	return url.Values{}
}

// TestConcurrentServerKnobs races the server-wide knobs against token traffic.
func TestConcurrentServerKnobs(t *testing.T) {
	s := startServer(t, oauthtest.Options{})
	var wg sync.WaitGroup
	for w := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			access, rt := s.IssueTokens("app", "4")
			switch w % 5 {
			case 0:
				s.ExpireAccessTokens()
			case 1:
				s.InvalidateRefreshTokens()
			case 2:
				s.FailNext(oauthtest.EndpointToken, 1, oauthtest.Failure{Status: http.StatusServiceUnavailable})
			case 3:
				s.EditDiscovery(func(doc map[string]any) { doc["n"] = w })
			}
			_ = s.CheckAccessToken(access)
			_, _ = refresh(config(s, "app", "", ""), rt) // may fail by design
			if resp, err := http.Get(s.URL + "/.well-known/oauth-authorization-server"); err == nil {
				resp.Body.Close()
			}
		}()
	}
	wg.Wait()
	if c := s.Counts(); c.Refresh != 50 || c.Discovery != 50 {
		t.Errorf("Counts() = %+v", c)
	}
}
