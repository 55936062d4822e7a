package oauthtest_test

import (
	"errors"
	"net/http"
	"net/url"
	"testing"

	"github.com/portview/portview/oauth/oauthtest"
)

func TestRevoke(t *testing.T) {
	tests := []struct {
		name string
		// token picks what to revoke from the pair issued to "app".
		token       func(access, refresh string) string
		clientID    string
		wantAccess  error // CheckAccessToken afterwards
		wantRefresh bool  // whether the refresh token still works
	}{
		{
			name:        "revoking a refresh token also kills its access tokens",
			token:       func(_, refresh string) string { return refresh },
			clientID:    "app",
			wantAccess:  oauthtest.ErrTokenUnknown,
			wantRefresh: false,
		},
		{
			name:        "revoking an access token kills only that token",
			token:       func(access, _ string) string { return access },
			clientID:    "app",
			wantAccess:  oauthtest.ErrTokenUnknown,
			wantRefresh: true,
		},
		{
			name:        "revoking an unknown token succeeds and changes nothing",
			token:       func(_, _ string) string { return "never-issued" },
			clientID:    "app",
			wantAccess:  nil,
			wantRefresh: true,
		},
		{
			name:        "another client cannot revoke the tokens",
			token:       func(_, refresh string) string { return refresh },
			clientID:    "other",
			wantAccess:  nil,
			wantRefresh: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startServer(t, oauthtest.Options{})
			access, refresh := s.IssueTokens("app", "4")
			s.IssueTokens("other", "4")

			r := post(t, s.URL+"/oauth2/revoke", url.Values{"token": {tt.token(access, refresh)}, "client_id": {tt.clientID}}, "", "", "")
			if r.status != http.StatusOK {
				t.Fatalf("status %d: %s", r.status, r.body)
			}
			if err := s.CheckAccessToken(access); !errors.Is(err, tt.wantAccess) {
				t.Errorf("CheckAccessToken = %v, want %v", err, tt.wantAccess)
			}
			rr := post(t, s.URL+"/oauth2/token", url.Values{"grant_type": {"refresh_token"}, "client_id": {"app"}, "refresh_token": {refresh}}, "", "", "")
			if works := rr.status == http.StatusOK; works != tt.wantRefresh {
				t.Errorf("refresh works = %v, want %v (%s)", works, tt.wantRefresh, rr.body)
			}
			if s.Counts().Revoke != 1 {
				t.Errorf("Counts().Revoke = %d, want 1", s.Counts().Revoke)
			}
		})
	}
}

func TestRevokeRequests(t *testing.T) {
	tests := []struct {
		name       string
		form       url.Values
		basic      [2]string
		wantStatus int
		wantError  string
	}{
		{"a missing token is an invalid request", url.Values{"client_id": {"app"}}, [2]string{}, http.StatusBadRequest, "invalid_request"},
		{"a missing client is unauthorized", url.Values{"token": {"x"}}, [2]string{}, http.StatusUnauthorized, "invalid_client"},
		{"a confidential client with a wrong secret is unauthorized", url.Values{"token": {"x"}}, [2]string{"conf", "wrong"}, http.StatusUnauthorized, "invalid_client"},
		{"a confidential client with its secret in Basic is accepted", url.Values{"token": {"x"}, "token_type_hint": {"refresh_token"}}, [2]string{"conf", "SECRET"}, http.StatusOK, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startServer(t, oauthtest.Options{})
			s.IssueTokens("app", "4")
			id, secret := s.RegisterClient([]string{"http://127.0.0.1:1/cb"}, true)
			user, pass := tt.basic[0], tt.basic[1]
			if user == "conf" {
				user = id
			}
			if pass == "SECRET" {
				pass = secret
			}
			r := post(t, s.URL+"/oauth2/revoke", tt.form, "", user, pass)
			if r.status != tt.wantStatus || r.oauthErrorCode() != tt.wantError {
				t.Errorf("status %d error %q, want %d %q", r.status, r.oauthErrorCode(), tt.wantStatus, tt.wantError)
			}
		})
	}
}
