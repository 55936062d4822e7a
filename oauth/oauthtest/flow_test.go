package oauthtest_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/portview/portview/oauth/oauthtest"
)

func TestCodeFlowWithPKCE(t *testing.T) {
	tests := []struct {
		name         string
		opts         oauthtest.Options
		confidential bool
		authStyle    oauth2.AuthStyle
	}{
		{name: "a public client signs in through the consent page", authStyle: oauth2.AuthStyleInParams},
		{name: "a public client signs in with auto-approval", opts: oauthtest.Options{AutoApprove: true}, authStyle: oauth2.AuthStyleInParams},
		{name: "a public client works with x/oauth2's auto-detected auth style", authStyle: oauth2.AuthStyleAutoDetect},
		{name: "a confidential client authenticates with client_secret_post", confidential: true, authStyle: oauth2.AuthStyleInParams},
		{name: "a confidential client authenticates with HTTP Basic", confidential: true, authStyle: oauth2.AuthStyleInHeader},
		{name: "the redirect carries iss when IssParameter is set", opts: oauthtest.Options{IssParameter: true}, authStyle: oauth2.AuthStyleInParams},
		{name: "access tokens carry the configured prefix", opts: oauthtest.Options{AccessTokenPrefix: "us_"}, authStyle: oauth2.AuthStyleInParams},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startServer(t, tt.opts)
			cb := newCallback(t, http.StatusOK)
			id, secret := s.RegisterClient([]string{cb.URL}, tt.confidential)
			if tt.confidential == (secret == "") {
				t.Fatalf("RegisterClient(confidential=%v) gave a secret: %v", tt.confidential, secret != "")
			}
			cfg := config(s, id, secret, cb.URL)
			cfg.Endpoint.AuthStyle = tt.authStyle
			verifier := oauth2.GenerateVerifier()

			code := authorize(t, cfg, cb, verifier)
			iss := cb.last(t).Get("iss")
			if tt.opts.IssParameter && iss != s.Issuer() {
				t.Errorf("iss = %q, want %q", iss, s.Issuer())
			}
			if !tt.opts.IssParameter && iss != "" {
				t.Errorf("iss = %q without IssParameter", iss)
			}

			tok, err := cfg.Exchange(context.Background(), code, oauth2.VerifierOption(verifier))
			if err != nil {
				t.Fatalf("Exchange: %v", err)
			}
			if tok.TokenType != "Bearer" || tok.RefreshToken == "" {
				t.Errorf("token type %q, refresh token present %v", tok.TokenType, tok.RefreshToken != "")
			}
			if !strings.HasPrefix(tok.AccessToken, tt.opts.AccessTokenPrefix) {
				t.Errorf("the access token lacks prefix %q", tt.opts.AccessTokenPrefix)
			}
			if left := time.Until(tok.Expiry); left < 59*time.Minute || left > time.Hour {
				t.Errorf("token expires in %v, want about 1h", left)
			}
			if scope := tok.Extra("scope"); scope != "4 6" {
				t.Errorf("scope = %v, want \"4 6\"", scope)
			}
			if err := s.CheckAccessToken(tok.AccessToken); err != nil {
				t.Errorf("CheckAccessToken: %v", err)
			}
			c := s.Counts()
			if c.Authorize != 1 || c.Exchange != 1 || c.TokenErrors != 0 {
				t.Errorf("Counts() = %+v", c)
			}
		})
	}
}

func TestCodeExchangeErrors(t *testing.T) {
	tests := []struct {
		name string
		// exchange redeems code for cfg; it may spend the code first.
		exchange  func(t *testing.T, s *oauthtest.Server, clk *oauthtest.ManualClock, cfg *oauth2.Config, code, verifier string) error
		wantError string
	}{
		{
			name: "a reused code is rejected and its tokens are revoked",
			exchange: func(t *testing.T, s *oauthtest.Server, _ *oauthtest.ManualClock, cfg *oauth2.Config, code, verifier string) error {
				tok, err := cfg.Exchange(context.Background(), code, oauth2.VerifierOption(verifier))
				if err != nil {
					t.Fatalf("first Exchange: %v", err)
				}
				_, err = cfg.Exchange(context.Background(), code, oauth2.VerifierOption(verifier))
				if got := s.CheckAccessToken(tok.AccessToken); !errors.Is(got, oauthtest.ErrTokenUnknown) {
					t.Errorf("CheckAccessToken after replay = %v, want ErrTokenUnknown", got)
				}
				if _, rerr := cfg.TokenSource(context.Background(), &oauth2.Token{RefreshToken: tok.RefreshToken}).Token(); rerr == nil {
					t.Error("the refresh token of a replayed code still works")
				}
				return err
			},
			wantError: "invalid_grant",
		},
		{
			name: "a wrong code_verifier is rejected",
			exchange: func(t *testing.T, _ *oauthtest.Server, _ *oauthtest.ManualClock, cfg *oauth2.Config, code, _ string) error {
				_, err := cfg.Exchange(context.Background(), code, oauth2.VerifierOption(oauth2.GenerateVerifier()))
				return err
			},
			wantError: "invalid_grant",
		},
		{
			name: "a missing code_verifier is rejected",
			exchange: func(t *testing.T, _ *oauthtest.Server, _ *oauthtest.ManualClock, cfg *oauth2.Config, code, _ string) error {
				_, err := cfg.Exchange(context.Background(), code)
				return err
			},
			wantError: "invalid_grant",
		},
		{
			name: "a different redirect_uri is rejected",
			exchange: func(t *testing.T, _ *oauthtest.Server, _ *oauthtest.ManualClock, cfg *oauth2.Config, code, verifier string) error {
				other := *cfg
				other.RedirectURL = cfg.RedirectURL + "/other"
				_, err := other.Exchange(context.Background(), code, oauth2.VerifierOption(verifier))
				return err
			},
			wantError: "invalid_grant",
		},
		{
			name: "a code older than ten minutes is rejected",
			exchange: func(t *testing.T, _ *oauthtest.Server, clk *oauthtest.ManualClock, cfg *oauth2.Config, code, verifier string) error {
				clk.Advance(10 * time.Minute)
				_, err := cfg.Exchange(context.Background(), code, oauth2.VerifierOption(verifier))
				return err
			},
			wantError: "invalid_grant",
		},
		{
			name: "another client cannot redeem the code",
			exchange: func(t *testing.T, s *oauthtest.Server, _ *oauthtest.ManualClock, cfg *oauth2.Config, code, verifier string) error {
				otherID, _ := s.RegisterClient([]string{cfg.RedirectURL}, false)
				other := *cfg
				other.ClientID = otherID
				_, err := other.Exchange(context.Background(), code, oauth2.VerifierOption(verifier))
				return err
			},
			wantError: "invalid_grant",
		},
		{
			name: "an unknown client is unauthorized",
			exchange: func(t *testing.T, _ *oauthtest.Server, _ *oauthtest.ManualClock, cfg *oauth2.Config, code, verifier string) error {
				other := *cfg
				other.ClientID = "nobody"
				_, err := other.Exchange(context.Background(), code, oauth2.VerifierOption(verifier))
				return err
			},
			wantError: "invalid_client",
		},
		{
			name: "a public client sending a secret is unauthorized",
			exchange: func(t *testing.T, _ *oauthtest.Server, _ *oauthtest.ManualClock, cfg *oauth2.Config, code, verifier string) error {
				other := *cfg
				other.ClientSecret = "made-up"
				_, err := other.Exchange(context.Background(), code, oauth2.VerifierOption(verifier))
				return err
			},
			wantError: "invalid_client",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newClock()
			s := startServer(t, oauthtest.Options{Now: clk.Now, AutoApprove: true})
			cb := newCallback(t, http.StatusOK)
			id, _ := s.RegisterClient([]string{cb.URL}, false)
			cfg := config(s, id, "", cb.URL)
			verifier := oauth2.GenerateVerifier()
			code := authorize(t, cfg, cb, verifier)

			err := tt.exchange(t, s, clk, cfg, code, verifier)
			var re *oauth2.RetrieveError
			if !errors.As(err, &re) {
				t.Fatalf("err = %v, want a *oauth2.RetrieveError", err)
			}
			if re.ErrorCode != tt.wantError {
				t.Errorf("ErrorCode = %q (%s), want %q", re.ErrorCode, re.ErrorDescription, tt.wantError)
			}
			if s.Counts().TokenErrors == 0 {
				t.Error("Counts().TokenErrors = 0")
			}
		})
	}
}

func TestConfidentialClientAuthentication(t *testing.T) {
	tests := []struct {
		name      string
		secret    string
		authStyle oauth2.AuthStyle
		want      int // HTTP status
	}{
		{"the right secret in the body is accepted", "right", oauth2.AuthStyleInParams, http.StatusOK},
		{"the right secret in Basic is accepted", "right", oauth2.AuthStyleInHeader, http.StatusOK},
		{"a wrong secret in the body is unauthorized", "wrong", oauth2.AuthStyleInParams, http.StatusUnauthorized},
		{"a wrong secret in Basic is unauthorized", "wrong", oauth2.AuthStyleInHeader, http.StatusUnauthorized},
		{"a missing secret is unauthorized", "", oauth2.AuthStyleInParams, http.StatusUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startServer(t, oauthtest.Options{})
			id, secret := s.RegisterClient([]string{"http://127.0.0.1:1/cb"}, true)
			_, refresh := s.IssueTokens(id, "4")
			if tt.secret == "right" {
				tt.secret = secret
			}
			cfg := config(s, id, tt.secret, "")
			cfg.Endpoint.AuthStyle = tt.authStyle
			_, err := cfg.TokenSource(context.Background(), &oauth2.Token{RefreshToken: refresh}).Token()
			status := http.StatusOK
			var re *oauth2.RetrieveError
			if errors.As(err, &re) {
				status = re.Response.StatusCode
				if re.ErrorCode != "invalid_client" {
					t.Errorf("ErrorCode = %q, want invalid_client", re.ErrorCode)
				}
				if re.Response.Header.Get("WWW-Authenticate") == "" {
					t.Error("401 without WWW-Authenticate")
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if status != tt.want {
				t.Errorf("status = %d, want %d", status, tt.want)
			}
		})
	}
}
