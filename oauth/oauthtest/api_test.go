package oauthtest_test

import (
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/portview/portview/oauth/oauthtest"
)

func TestAccessTokenScopesAreTheGrantedOnes(t *testing.T) {
	s := oauthtest.NewServer(oauthtest.Options{})
	defer s.Close()
	tests := []struct {
		name  string
		scope string
		want  []string
	}{
		{"the viewer's scopes are given back in order", "4 6  10", []string{"4", "6", "10"}},
		{"no scope gives none", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			access, _ := s.IssueTokens("client-"+tt.name, tt.scope)
			got, err := s.AccessTokenScopes(access)
			if err != nil || !slices.Equal(got, tt.want) {
				t.Errorf("AccessTokenScopes = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
	t.Run("an expired token gives the check's error", func(t *testing.T) {
		access, _ := s.IssueTokens("client-x", "4")
		s.ExpireAccessTokens()
		if _, err := s.AccessTokenScopes(access); !errors.Is(err, oauthtest.ErrTokenExpired) {
			t.Errorf("err = %v, want ErrTokenExpired", err)
		}
	})
	t.Run("an unknown token gives ErrTokenUnknown", func(t *testing.T) {
		if _, err := s.AccessTokenScopes("nope"); !errors.Is(err, oauthtest.ErrTokenUnknown) {
			t.Errorf("err = %v, want ErrTokenUnknown", err)
		}
	})
}

func TestTheAPIHandlerServesTheOtherPathsOnTheSameHost(t *testing.T) {
	api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "api "+r.URL.Path) })
	s := oauthtest.NewServer(oauthtest.Options{API: api})
	defer s.Close()
	tests := []struct{ path, want string }{
		{"/v1/quote/get_security_list", "api /v1/quote/get_security_list"},
		{"/.well-known/oauth-authorization-server", `"issuer"`},
	}
	for _, tt := range tests {
		resp, err := http.Get(s.URL + tt.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), tt.want) {
			t.Errorf("GET %s = %d %q, want it to contain %q", tt.path, resp.StatusCode, body, tt.want)
		}
	}
}
