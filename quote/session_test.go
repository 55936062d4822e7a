package quote_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/portview/portview/api"
	"github.com/portview/portview/oauth"
	"github.com/portview/portview/oauth/oauthtest"
	"github.com/portview/portview/quote"
	"github.com/portview/portview/quote/quotetest"
)

// signedIn is the real stack: an oauth.Session signed in to oauthtest
// through its consent page, and a quote.Client on quotetest that checks the
// session's tokens against that same server.
type signedIn struct {
	auth    *oauthtest.Server
	api     *quotetest.Server
	session *oauth.Session
	client  *quote.Client
}

func newSignedIn(t *testing.T, rows int) *signedIn {
	t.Helper()
	auth := oauthtest.NewServer(oauthtest.Options{AccessTokenPrefix: "us_"})
	t.Cleanup(auth.Close)
	api, err := quotetest.NewServer(quotetest.Options{Auth: auth, Classify: quotetest.ClassifyExpired(oauthtest.ErrTokenExpired), Rows: rows})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(api.Close)
	env := oauth.Env{
		Store:  oauth.NewMemoryStore(),
		Prefs:  oauth.NewMemoryPrefs(),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		OpenBrowser: func(u string) error {
			go func() { _ = oauthtest.Approve(context.Background(), u) }()
			return nil
		},
	}
	acct := oauth.NewAccount(env, oauth.Region{ID: "it-" + t.Name(), Name: "Test", BaseURL: auth.URL})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	si, err := acct.StartSignIn(ctx, oauth.SignInOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := si.OpenBrowser(); err != nil {
		t.Fatal(err)
	}
	session, err := si.Wait(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(session.Close)
	// The documented 10 calls per second would make 100 requests take 10 s;
	// the limiter has tests of its own.
	client, err := quote.New(quote.Config{BaseURL: api.URL, ClientID: session.ClientID(), Tokens: session, UserAgent: "Portview/test",
		Limit: quote.Limit{PerSecond: 1000, Burst: 100, Concurrent: 5}})
	if err != nil {
		t.Fatal(err)
	}
	return &signedIn{auth: auth, api: api, session: session, client: client}
}

func TestWithTheRealSession(t *testing.T) {
	tests := []struct {
		name string
		run  func(t *testing.T, s *signedIn)
	}{
		{"a token that expires between two calls is renewed once and the call succeeds", func(t *testing.T, s *signedIn) {
			if _, err := s.client.GetSecurityList(context.Background(), quote.MarketUS, quote.CategoryOvernight); err != nil {
				t.Fatal(err)
			}
			s.auth.ExpireAccessTokens()
			rows, err := s.client.GetSecurityList(context.Background(), quote.MarketUS, quote.CategoryOvernight)
			if err != nil || len(rows) != 100 || rows[0].Symbol != "TSLA.US" {
				t.Fatalf("second call: %d rows, %v", len(rows), err)
			}
			if n := s.auth.Counts().Refresh; n != 1 {
				t.Fatalf("%d renewals, want 1", n)
			}
		}},
		{"50 concurrent calls that all get a 401 share one renewal", func(t *testing.T, s *signedIn) {
			s.auth.ExpireAccessTokens()
			var wg sync.WaitGroup
			for range 50 {
				wg.Go(func() {
					if _, err := s.client.GetSecurityList(context.Background(), quote.MarketUS, quote.CategoryOvernight); err != nil {
						t.Error(err)
					}
				})
			}
			wg.Wait()
			if n := s.auth.Counts().Refresh; n != 1 {
				t.Fatalf("%d renewals for 50 calls, want 1", n)
			}
		}},
		{"a revoked grant asks the user to sign in again", func(t *testing.T, s *signedIn) {
			s.auth.InvalidateRefreshTokens()
			s.auth.ExpireAccessTokens()
			_, err := s.client.GetSecurityList(context.Background(), quote.MarketUS, quote.CategoryOvernight)
			if !errors.Is(err, oauth.ErrSignInRequired) || !errors.Is(err, api.ErrSignInRequired) {
				t.Fatalf("err = %v, want ErrSignInRequired", err)
			}
		}},
		{"requests carry the client ID and the data-centre region of the token", func(t *testing.T, s *signedIn) {
			if _, err := s.client.GetSecurityList(context.Background(), quote.MarketUS, quote.CategoryOvernight); err != nil {
				t.Fatal(err)
			}
			reqs := s.api.Requests()
			h := reqs[len(reqs)-1].Header
			if h.Get("X-Api-Key") != s.session.ClientID() || h.Get("X-Dc-Region") != "us" {
				t.Fatalf("headers %v", h)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.run(t, newSignedIn(t, 100)) })
	}
}
