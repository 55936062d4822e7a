package oauthtest_test

import (
	"net/http"
	"testing"

	"github.com/portview/portview/oauth/oauthtest"
)

func TestRegister(t *testing.T) {
	tests := []struct {
		name       string
		opts       oauthtest.Options
		body       string
		wantStatus int
		wantError  string
		wantSecret bool
		wantMethod string
	}{
		{
			name:       "the seed's request registers a public client",
			body:       `{"client_name":"Portview","redirect_uris":["http://127.0.0.1:53682/callback"],"grant_types":["authorization_code","refresh_token"],"response_types":["code"]}`,
			wantStatus: http.StatusCreated,
			wantMethod: "none",
		},
		{
			name:       "asking for client_secret_post gets a secret",
			body:       `{"redirect_uris":["http://127.0.0.1:1/cb"],"token_endpoint_auth_method":"client_secret_post"}`,
			wantStatus: http.StatusCreated,
			wantSecret: true,
			wantMethod: "client_secret_post",
		},
		{
			name:       "ConfidentialClients gives every client a secret",
			opts:       oauthtest.Options{ConfidentialClients: true},
			body:       `{"redirect_uris":["http://127.0.0.1:1/cb"]}`,
			wantStatus: http.StatusCreated,
			wantSecret: true,
			wantMethod: "client_secret_basic",
		},
		{
			name:       "a private-use scheme redirect URI is accepted",
			body:       `{"redirect_uris":["com.portview.app:/callback"]}`,
			wantStatus: http.StatusCreated,
			wantMethod: "none",
		},
		{
			name:       "missing redirect_uris are rejected",
			body:       `{"client_name":"x"}`,
			wantStatus: http.StatusBadRequest,
			wantError:  "invalid_redirect_uri",
		},
		{
			name:       "a relative redirect URI is rejected",
			body:       `{"redirect_uris":["/callback"]}`,
			wantStatus: http.StatusBadRequest,
			wantError:  "invalid_redirect_uri",
		},
		{
			name:       "a redirect URI with a fragment is rejected",
			body:       `{"redirect_uris":["http://127.0.0.1:1/cb#x"]}`,
			wantStatus: http.StatusBadRequest,
			wantError:  "invalid_redirect_uri",
		},
		{
			name:       "invalid JSON is invalid metadata",
			body:       `{"redirect_uris":`,
			wantStatus: http.StatusBadRequest,
			wantError:  "invalid_client_metadata",
		},
		{
			name:       "an unsupported grant type is invalid metadata",
			body:       `{"redirect_uris":["http://127.0.0.1:1/cb"],"grant_types":["client_credentials"]}`,
			wantStatus: http.StatusBadRequest,
			wantError:  "invalid_client_metadata",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startServer(t, tt.opts)
			r := post(t, s.URL+"/oauth2/register", nil, tt.body, "", "")
			if r.status != tt.wantStatus {
				t.Fatalf("status = %d, want %d; body %s", r.status, tt.wantStatus, r.body)
			}
			if s.Counts().Register != 1 {
				t.Errorf("Counts().Register = %d, want 1", s.Counts().Register)
			}
			if tt.wantError != "" {
				if r.oauthErrorCode() != tt.wantError {
					t.Errorf("error = %q, want %q", r.oauthErrorCode(), tt.wantError)
				}
				return
			}
			id, _ := r.json["client_id"].(string)
			if id == "" {
				t.Fatalf("no client_id in %s", r.body)
			}
			for _, k := range []string{"client_id_issued_at", "redirect_uris", "grant_types", "response_types", "registration_access_token"} {
				if _, ok := r.json[k]; !ok {
					t.Errorf("%s missing", k)
				}
			}
			if got, want := r.json["registration_client_uri"], s.URL+"/oauth2/register/"+id; got != want {
				t.Errorf("registration_client_uri = %v, want %s", got, want)
			}
			_, hasSecret := r.json["client_secret"]
			_, hasExpiry := r.json["client_secret_expires_at"]
			if hasSecret != tt.wantSecret || hasExpiry != tt.wantSecret {
				t.Errorf("client_secret present = %v, expires_at present = %v, want %v", hasSecret, hasExpiry, tt.wantSecret)
			}
			if r.json["token_endpoint_auth_method"] != tt.wantMethod {
				t.Errorf("token_endpoint_auth_method = %v, want %s", r.json["token_endpoint_auth_method"], tt.wantMethod)
			}
		})
	}
}

func TestRegistrationManagement(t *testing.T) {
	s := startServer(t, oauthtest.Options{})
	r := post(t, s.URL+"/oauth2/register", nil, `{"redirect_uris":["http://127.0.0.1:1/cb"]}`, "", "")
	clientURI, _ := r.json["registration_client_uri"].(string)
	token, _ := r.json["registration_access_token"].(string)

	tests := []struct {
		name   string
		method string
		token  string
		want   int
	}{
		{"reading without the registration token is refused", http.MethodGet, "wrong", http.StatusUnauthorized},
		{"reading with the registration token returns the client", http.MethodGet, token, http.StatusOK},
		{"deleting with the registration token removes the client", http.MethodDelete, token, http.StatusNoContent},
		{"a deleted client can no longer be read", http.MethodGet, token, http.StatusUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, clientURI, nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Authorization", "Bearer "+tt.token)
			if got := do(t, req); got.status != tt.want {
				t.Errorf("status = %d, want %d; body %s", got.status, tt.want, got.body)
			}
		})
	}
}
