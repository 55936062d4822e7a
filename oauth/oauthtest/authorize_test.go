package oauthtest_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/oauth2"

	"github.com/portview/portview/oauth/oauthtest"
)

func TestAuthorizeRequests(t *testing.T) {
	challenge := oauth2.S256ChallengeFromVerifier(oauth2.GenerateVerifier())
	tests := []struct {
		name string
		// edit changes a valid request.
		edit      func(q url.Values)
		wantPage  int    // status of an error page shown instead of redirecting
		wantError string // error carried by the redirect
	}{
		{"an unknown client gets an error page, not a redirect", func(q url.Values) { q.Set("client_id", "nobody") }, http.StatusBadRequest, ""},
		{"a missing client gets an error page", func(q url.Values) { q.Del("client_id") }, http.StatusBadRequest, ""},
		{"an unregistered redirect URI gets an error page", func(q url.Values) { q.Set("redirect_uri", "http://127.0.0.1:9/evil") }, http.StatusBadRequest, ""},
		{"a redirect URI differing by a slash gets an error page", func(q url.Values) { q.Set("redirect_uri", q.Get("redirect_uri")+"/") }, http.StatusBadRequest, ""},
		{"a missing redirect URI gets an error page", func(q url.Values) { q.Del("redirect_uri") }, http.StatusBadRequest, ""},
		{"a token response type is unsupported", func(q url.Values) { q.Set("response_type", "token") }, 0, "unsupported_response_type"},
		{"a missing code challenge is an invalid request", func(q url.Values) { q.Del("code_challenge") }, 0, "invalid_request"},
		{"the plain challenge method is an invalid request", func(q url.Values) { q.Set("code_challenge_method", "plain") }, 0, "invalid_request"},
		{"a missing challenge method is an invalid request", func(q url.Values) { q.Del("code_challenge_method") }, 0, "invalid_request"},
		{"a malformed challenge is an invalid request", func(q url.Values) { q.Set("code_challenge", "short") }, 0, "invalid_request"},
		{"a repeated parameter is an invalid request", func(q url.Values) { q.Add("scope", "11") }, 0, "invalid_request"},
		{"the seed's scope 3 is accepted", func(q url.Values) { q.Set("scope", "3") }, http.StatusOK, ""},
		{"a request without a scope is accepted", func(q url.Values) { q.Del("scope") }, http.StatusOK, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startServer(t, oauthtest.Options{IssParameter: true})
			redirectURI := "http://127.0.0.1:53682/callback"
			id, _ := s.RegisterClient([]string{redirectURI}, false)
			q := url.Values{
				"response_type":         {"code"},
				"client_id":             {id},
				"redirect_uri":          {redirectURI},
				"scope":                 {"4 6"},
				"state":                 {"xyz"},
				"code_challenge":        {challenge},
				"code_challenge_method": {"S256"},
			}
			tt.edit(q)
			r := get(t, s.URL+"/oauth2/authorize?"+q.Encode())

			if tt.wantPage != 0 {
				if r.status != tt.wantPage {
					t.Fatalf("status = %d, want %d", r.status, tt.wantPage)
				}
				if !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") || !strings.Contains(r.body, `<meta charset="utf-8">`) {
					t.Errorf("not an HTML page: %q", r.body)
				}
				return
			}
			if r.status != http.StatusFound {
				t.Fatalf("status = %d, want 302; body %s", r.status, r.body)
			}
			loc, err := url.Parse(r.header.Get("Location"))
			if err != nil {
				t.Fatal(err)
			}
			if got := loc.Scheme + "://" + loc.Host + loc.Path; got != redirectURI {
				t.Errorf("redirected to %s, want %s", got, redirectURI)
			}
			p := loc.Query()
			if p.Get("error") != tt.wantError || p.Get("state") != "xyz" || p.Get("iss") != s.Issuer() || p.Get("code") != "" {
				t.Errorf("redirect query = %v, want error=%s with state and iss", p, tt.wantError)
			}
		})
	}
}

func TestConsentPage(t *testing.T) {
	s := startServer(t, oauthtest.Options{})
	r := post(t, s.URL+"/oauth2/register", nil, `{"client_name":"Portview <beta>","redirect_uris":["http://127.0.0.1:53682/callback"]}`, "", "")
	id, _ := r.json["client_id"].(string)
	cfg := config(s, id, "", "http://127.0.0.1:53682/callback")
	cfg.Scopes = []string{"4", "11", "3"}
	page := get(t, cfg.AuthCodeURL("s", oauth2.S256ChallengeOption(oauth2.GenerateVerifier())))

	if page.status != http.StatusOK {
		t.Fatalf("status = %d", page.status)
	}
	for _, want := range []string{
		`<meta charset="utf-8">`,
		"Portview &lt;beta&gt; wants to access your LongPort account",
		"See your watchlists", "Place and cancel trades", "permission 3",
		`value="allow"`, `value="deny"`, `name="consent"`, `method="post"`,
	} {
		if !strings.Contains(page.body, want) {
			t.Errorf("consent page lacks %q", want)
		}
	}
	for _, banned := range []string{"<script", "<link", "src=", "http://", "https://"} {
		if strings.Contains(strings.ReplaceAll(page.body, "http://127.0.0.1:53682/callback", ""), banned) {
			t.Errorf("consent page contains %q: it must be self-contained", banned)
		}
	}
	if csp := page.header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("Content-Security-Policy = %q", csp)
	}
}

func TestConsentSubmissions(t *testing.T) {
	tests := []struct {
		name       string
		form       url.Values
		wantStatus int
	}{
		{"an unknown consent id gets an error page", url.Values{"consent": {"forged"}, "decision": {"allow"}}, http.StatusBadRequest},
		{"a decision other than allow or deny gets an error page", url.Values{"consent": {"x"}, "decision": {"maybe"}}, http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startServer(t, oauthtest.Options{})
			r := post(t, s.URL+"/oauth2/authorize", tt.form, "", "", "")
			if r.status != tt.wantStatus || r.header.Get("Location") != "" {
				t.Errorf("status %d, Location %q", r.status, r.header.Get("Location"))
			}
		})
	}
}
