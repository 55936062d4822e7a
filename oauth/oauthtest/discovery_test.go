package oauthtest_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/portview/portview/oauth/oauthtest"
)

func TestDiscovery(t *testing.T) {
	tests := []struct {
		name  string
		opts  oauthtest.Options
		edit  func(doc map[string]any)
		check func(t *testing.T, s *oauthtest.Server, doc map[string]any)
	}{
		{
			name: "the default document lists every endpoint under the issuer",
			check: func(t *testing.T, s *oauthtest.Server, doc map[string]any) {
				want := map[string]string{
					"issuer":                        s.URL,
					"authorization_endpoint":        s.URL + "/oauth2/authorize",
					"token_endpoint":                s.URL + "/oauth2/token",
					"registration_endpoint":         s.URL + "/oauth2/register",
					"revocation_endpoint":           s.URL + "/oauth2/revoke",
					"device_authorization_endpoint": s.URL + "/oauth2/device/authorize",
				}
				for k, v := range want {
					if doc[k] != v {
						t.Errorf("%s = %v, want %s", k, doc[k], v)
					}
				}
				lists := map[string][]string{
					"scopes_supported":                      {"4", "5", "6", "7", "10", "11"},
					"response_types_supported":              {"code"},
					"grant_types_supported":                 {"authorization_code", "refresh_token"},
					"code_challenge_methods_supported":      {"S256"},
					"token_endpoint_auth_methods_supported": {"client_secret_basic", "client_secret_post", "none"},
				}
				for k, v := range lists {
					if got := stringList(doc[k]); !slices.Equal(got, v) {
						t.Errorf("%s = %v, want %v", k, got, v)
					}
				}
				if _, ok := doc["authorization_response_iss_parameter_supported"]; ok {
					t.Error("iss parameter advertised without IssParameter")
				}
				if s.Issuer() != s.URL || s.URL[len(s.URL)-1] == '/' {
					t.Errorf("Issuer() = %q, URL = %q", s.Issuer(), s.URL)
				}
			},
		},
		{
			name: "IssParameter is advertised",
			opts: oauthtest.Options{IssParameter: true},
			check: func(t *testing.T, _ *oauthtest.Server, doc map[string]any) {
				if doc["authorization_response_iss_parameter_supported"] != true {
					t.Errorf("authorization_response_iss_parameter_supported = %v", doc["authorization_response_iss_parameter_supported"])
				}
			},
		},
		{
			name: "disabled revocation drops the endpoint and it 404s",
			opts: oauthtest.Options{DisableRevocation: true},
			check: func(t *testing.T, s *oauthtest.Server, doc map[string]any) {
				if _, ok := doc["revocation_endpoint"]; ok {
					t.Error("revocation_endpoint still advertised")
				}
				if r := post(t, s.URL+"/oauth2/revoke", nil, "", "", ""); r.status != http.StatusNotFound {
					t.Errorf("revoke status = %d, want 404", r.status)
				}
			},
		},
		{
			name: "OmitScopes leaves scopes_supported out",
			opts: oauthtest.Options{OmitScopes: true},
			check: func(t *testing.T, _ *oauthtest.Server, doc map[string]any) {
				if _, ok := doc["scopes_supported"]; ok {
					t.Error("scopes_supported present")
				}
			},
		},
		{
			name: "custom scopes replace the default list",
			opts: oauthtest.Options{Scopes: []string{"3"}},
			check: func(t *testing.T, _ *oauthtest.Server, doc map[string]any) {
				if got := stringList(doc["scopes_supported"]); !slices.Equal(got, []string{"3"}) {
					t.Errorf("scopes_supported = %v", got)
				}
			},
		},
		{
			name: "EditDiscovery can serve a wrong issuer",
			edit: func(doc map[string]any) { doc["issuer"] = "https://evil.example" },
			check: func(t *testing.T, _ *oauthtest.Server, doc map[string]any) {
				if doc["issuer"] != "https://evil.example" {
					t.Errorf("issuer = %v", doc["issuer"])
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startServer(t, tt.opts)
			if tt.edit != nil {
				s.EditDiscovery(tt.edit)
			}
			r := get(t, s.URL+"/.well-known/oauth-authorization-server")
			if r.status != http.StatusOK || r.json == nil {
				t.Fatalf("status %d, body %q", r.status, r.body)
			}
			tt.check(t, s, r.json)
			if got := s.Counts().Discovery; got != 1 {
				t.Errorf("Counts().Discovery = %d, want 1", got)
			}
		})
	}
}

// stringList converts a decoded JSON array of strings.
func stringList(v any) []string {
	list, _ := v.([]any)
	out := make([]string, 0, len(list))
	for _, e := range list {
		s, _ := e.(string)
		out = append(out, s)
	}
	return out
}
