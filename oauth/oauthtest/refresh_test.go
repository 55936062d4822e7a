package oauthtest_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/portview/portview/oauth/oauthtest"
)

// refresh redeems refreshToken for cfg and returns the new token.
func refresh(cfg *oauth2.Config, refreshToken string) (*oauth2.Token, error) {
	return cfg.TokenSource(context.Background(), &oauth2.Token{RefreshToken: refreshToken}).Token()
}

func TestRefreshRotation(t *testing.T) {
	tests := []struct {
		name string
		// prepare runs after sign-in and returns the refresh token to present.
		prepare   func(t *testing.T, s *oauthtest.Server, clk *oauthtest.ManualClock, cfg *oauth2.Config, first *oauth2.Token) string
		wantError string
	}{
		{
			name: "the newest refresh token works",
			prepare: func(t *testing.T, _ *oauthtest.Server, _ *oauthtest.ManualClock, cfg *oauth2.Config, first *oauth2.Token) string {
				second, err := refresh(cfg, first.RefreshToken)
				if err != nil {
					t.Fatalf("first refresh: %v", err)
				}
				if second.RefreshToken == first.RefreshToken || second.AccessToken == first.AccessToken {
					t.Fatal("refresh did not rotate the tokens")
				}
				return second.RefreshToken
			},
		},
		{
			name: "an old refresh token is rejected after rotation",
			prepare: func(t *testing.T, _ *oauthtest.Server, _ *oauthtest.ManualClock, cfg *oauth2.Config, first *oauth2.Token) string {
				if _, err := refresh(cfg, first.RefreshToken); err != nil {
					t.Fatalf("first refresh: %v", err)
				}
				return first.RefreshToken
			},
			wantError: "invalid_grant",
		},
		{
			name: "InvalidateRefreshTokens rejects every earlier refresh token",
			prepare: func(t *testing.T, s *oauthtest.Server, _ *oauthtest.ManualClock, _ *oauth2.Config, first *oauth2.Token) string {
				s.InvalidateRefreshTokens()
				return first.RefreshToken
			},
			wantError: "invalid_grant",
		},
		{
			name: "a refresh token past its lifetime is rejected",
			prepare: func(t *testing.T, _ *oauthtest.Server, clk *oauthtest.ManualClock, _ *oauth2.Config, first *oauth2.Token) string {
				clk.Advance(30 * 24 * time.Hour)
				return first.RefreshToken
			},
			wantError: "invalid_grant",
		},
		{
			name: "rotation renews the refresh lifetime",
			prepare: func(t *testing.T, _ *oauthtest.Server, clk *oauthtest.ManualClock, cfg *oauth2.Config, first *oauth2.Token) string {
				clk.Advance(29 * 24 * time.Hour)
				second, err := refresh(cfg, first.RefreshToken)
				if err != nil {
					t.Fatalf("refresh on day 29: %v", err)
				}
				clk.Advance(29 * 24 * time.Hour)
				return second.RefreshToken
			},
		},
		{
			name: "a refresh token of another client is rejected",
			prepare: func(t *testing.T, s *oauthtest.Server, _ *oauthtest.ManualClock, _ *oauth2.Config, _ *oauth2.Token) string {
				_, other := s.IssueTokens("another-client", "4")
				return other
			},
			wantError: "invalid_grant",
		},
		{
			name: "an unknown refresh token is rejected",
			prepare: func(t *testing.T, _ *oauthtest.Server, _ *oauthtest.ManualClock, _ *oauth2.Config, _ *oauth2.Token) string {
				return "never-issued"
			},
			wantError: "invalid_grant",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newClock()
			s := startServer(t, oauthtest.Options{Now: clk.Now, AutoApprove: true})
			cfg, first := signIn(t, s)
			presented := tt.prepare(t, s, clk, cfg, first)
			before := s.Counts().Refresh

			tok, err := refresh(cfg, presented)
			if got := s.Counts().Refresh - before; got != 1 {
				t.Errorf("Counts().Refresh grew by %d, want 1", got)
			}
			if tt.wantError == "" {
				if err != nil {
					t.Fatalf("refresh: %v", err)
				}
				if err := s.CheckAccessToken(tok.AccessToken); err != nil {
					t.Errorf("CheckAccessToken(new) = %v", err)
				}
				return
			}
			var re *oauth2.RetrieveError
			if !errors.As(err, &re) || re.ErrorCode != tt.wantError {
				t.Fatalf("err = %v, want %s", err, tt.wantError)
			}
			if re.Response.StatusCode != http.StatusBadRequest {
				t.Errorf("status = %d, want 400", re.Response.StatusCode)
			}
		})
	}
}

func TestTokenEndpointRequests(t *testing.T) {
	tests := []struct {
		name      string
		form      url.Values
		wantError string
	}{
		{"an unknown grant type is unsupported", url.Values{"grant_type": {"password"}}, "unsupported_grant_type"},
		{"a missing grant type is an invalid request", url.Values{}, "invalid_request"},
		{"a repeated parameter is an invalid request", url.Values{"grant_type": {"refresh_token", "refresh_token"}}, "invalid_request"},
		{"a missing client_id is an invalid client", url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"x"}}, "invalid_client"},
		{"a missing refresh token is an invalid request", url.Values{"grant_type": {"refresh_token"}, "client_id": {"app"}}, "invalid_request"},
		{"a missing code is an invalid request", url.Values{"grant_type": {"authorization_code"}, "client_id": {"app"}}, "invalid_request"},
		{"a scope wider than the grant is refused", url.Values{"grant_type": {"refresh_token"}, "client_id": {"app"}, "refresh_token": {"REFRESH"}, "scope": {"4 11"}}, "invalid_scope"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startServer(t, oauthtest.Options{})
			_, rt := s.IssueTokens("app", "4")
			if tt.form.Get("refresh_token") == "REFRESH" {
				tt.form.Set("refresh_token", rt)
			}
			r := post(t, s.URL+"/oauth2/token", tt.form, "", "", "")
			if r.status < 400 || r.oauthErrorCode() != tt.wantError {
				t.Errorf("status %d, error %q, want %s; body %s", r.status, r.oauthErrorCode(), tt.wantError, r.body)
			}
			if r.header.Get("Cache-Control") != "no-store" || r.header.Get("Pragma") != "no-cache" {
				t.Errorf("Cache-Control %q, Pragma %q", r.header.Get("Cache-Control"), r.header.Get("Pragma"))
			}
			if s.Counts().TokenErrors != 1 {
				t.Errorf("Counts().TokenErrors = %d, want 1", s.Counts().TokenErrors)
			}
		})
	}
}

func TestTokenResponse(t *testing.T) {
	tests := []struct {
		name       string
		opts       oauthtest.Options
		wantJSON   any
		wantExpiry time.Duration
	}{
		{"expires_in is a number by default", oauthtest.Options{}, float64(3600), time.Hour},
		{"expires_in can be a string that x/oauth2 still parses", oauthtest.Options{ExpiresInAsString: true}, "3600", time.Hour},
		{"expires_in follows TokenLifetime", oauthtest.Options{TokenLifetime: 90 * time.Second}, float64(90), 90 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startServer(t, tt.opts)
			_, rt := s.IssueTokens("app", "4 6")
			r := post(t, s.URL+"/oauth2/token", url.Values{"grant_type": {"refresh_token"}, "client_id": {"app"}, "refresh_token": {rt}}, "", "", "")
			if r.status != http.StatusOK {
				t.Fatalf("status %d: %s", r.status, r.body)
			}
			if r.json["expires_in"] != tt.wantJSON {
				t.Errorf("expires_in = %#v, want %#v", r.json["expires_in"], tt.wantJSON)
			}
			if r.json["token_type"] != "Bearer" || r.json["scope"] != "4 6" {
				t.Errorf("token_type %v, scope %v", r.json["token_type"], r.json["scope"])
			}
			if r.header.Get("Cache-Control") != "no-store" || r.header.Get("Pragma") != "no-cache" {
				t.Errorf("Cache-Control %q, Pragma %q", r.header.Get("Cache-Control"), r.header.Get("Pragma"))
			}

			newRT, _ := r.json["refresh_token"].(string)
			tok, err := refresh(config(s, "app", "", ""), newRT)
			if err != nil {
				t.Fatalf("x/oauth2 refresh: %v", err)
			}
			if left := time.Until(tok.Expiry); left < tt.wantExpiry-time.Minute || left > tt.wantExpiry {
				t.Errorf("x/oauth2 expiry in %v, want about %v", left, tt.wantExpiry)
			}
		})
	}
}
