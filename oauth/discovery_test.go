package oauth

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// serveMetadata serves a discovery document built by edit from a valid one.
func serveMetadata(t *testing.T, edit func(base string, doc map[string]any)) *httptest.Server {
	t.Helper()
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != WellKnownPath {
			http.NotFound(w, r)
			return
		}
		doc := map[string]any{
			"issuer":                           srv.URL,
			"authorization_endpoint":           srv.URL + "/oauth2/authorize",
			"token_endpoint":                   srv.URL + "/oauth2/token",
			"registration_endpoint":            srv.URL + "/oauth2/register",
			"revocation_endpoint":              srv.URL + "/oauth2/revoke",
			"response_types_supported":         []string{"code"},
			"code_challenge_methods_supported": []string{"S256"},
			"scopes_supported":                 []string{"4", "5", "6", "7", "10", "11"},
		}
		if edit != nil {
			edit(srv.URL, doc)
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(doc)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestDiscoverValidatesMetadata(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(base string, doc map[string]any)
		errHas string // empty: discovery succeeds
	}{
		{"a valid document is accepted", nil, ""},
		{"an issuer with a lone trailing slash is accepted", func(b string, d map[string]any) { d["issuer"] = b + "/" }, ""},
		{"another issuer is refused, naming both values", func(b string, d map[string]any) { d["issuer"] = "https://evil.example" },
			`issuer is "https://evil.example", expected "` + "BASE"},
		{"a missing authorization endpoint is refused", func(b string, d map[string]any) { delete(d, "authorization_endpoint") },
			"authorization_endpoint is nothing, expected an https URL"},
		{"a missing token endpoint is refused", func(b string, d map[string]any) { delete(d, "token_endpoint") }, "token_endpoint is nothing"},
		{"a plain http token endpoint off loopback is refused", func(b string, d map[string]any) { d["token_endpoint"] = "http://example.com/token" },
			`token_endpoint is "http://example.com/token", expected an https URL`},
		{"a relative endpoint is refused", func(b string, d map[string]any) { d["authorization_endpoint"] = "/oauth2/authorize" }, "absolute https URL"},
		{"response types without code are refused", func(b string, d map[string]any) { d["response_types_supported"] = []string{"token"} },
			`response_types_supported is "token", expected a list containing "code"`},
		{"PKCE methods without S256 are refused", func(b string, d map[string]any) { d["code_challenge_methods_supported"] = []string{"plain"} },
			`code_challenge_methods_supported is "plain", expected a list containing "S256"`},
		{"absent optional lists are fine", func(b string, d map[string]any) {
			delete(d, "response_types_supported")
			delete(d, "code_challenge_methods_supported")
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := serveMetadata(t, tt.edit)
			md, err := Discover(context.Background(), srv.Client(), srv.URL)
			if tt.errHas == "" {
				if err != nil {
					t.Fatalf("Discover: %v", err)
				}
				if md.TokenEndpoint != srv.URL+"/oauth2/token" {
					t.Fatalf("token endpoint = %q", md.TokenEndpoint)
				}
				return
			}
			want := strings.ReplaceAll(tt.errHas, "BASE", srv.URL)
			var de *DiscoveryError
			if !errors.As(err, &de) || !strings.Contains(err.Error(), want) {
				t.Fatalf("Discover error = %v, want a *DiscoveryError containing %q", err, want)
			}
		})
	}
}

func TestDiscoverExplainsBadAnswers(t *testing.T) {
	tests := []struct {
		name    string
		handler http.HandlerFunc
		errHas  string
	}{
		{"an HTML page from a proxy is named as such", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			_, _ = w.Write([]byte("<html><body>Proxy login required</body></html>"))
		}, "a web page (a proxy or captive portal may be in the way)"},
		{"an empty body is named as such", func(w http.ResponseWriter, r *http.Request) {}, "an empty body"},
		{"truncated JSON is named as such", func(w http.ResponseWriter, r *http.Request) {
			_, _ = w.Write([]byte(`{"issuer": "https://x`))
		}, "unreadable JSON"},
		{"an error status is quoted", func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "bad gateway", http.StatusBadGateway)
		}, "HTTP 502"},
		{"a body over 1 MiB is refused", func(w http.ResponseWriter, r *http.Request) {
			_, _ = w.Write([]byte(`{"issuer":"` + strings.Repeat("a", 1<<20) + `"}`))
		}, "larger than 1024 KiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.handler)
			defer srv.Close()
			_, err := Discover(context.Background(), srv.Client(), srv.URL)
			if err == nil || !strings.Contains(err.Error(), tt.errHas) {
				t.Fatalf("Discover error = %v, want one containing %q", err, tt.errHas)
			}
			if !strings.Contains(err.Error(), "could not reach 127.0.0.1") {
				t.Fatalf("error %q does not name the host", err)
			}
		})
	}
}

func TestDiscoverNamesTheKindOfProblem(t *testing.T) {
	tests := []struct {
		name    string
		handler http.HandlerFunc
		want    DiscoveryProblem
		status  int
	}{
		{"a server without the document is not an OAuth server", http.NotFound, DiscoveryNotFound, 404},
		{"a server error is a status", func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "down", http.StatusServiceUnavailable)
		}, DiscoveryStatus, 503},
		{"an HTML page is a web page", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			_, _ = w.Write([]byte("<html>login</html>"))
		}, DiscoveryWebPage, 200},
		{"broken JSON is unreadable", func(w http.ResponseWriter, r *http.Request) {
			_, _ = w.Write([]byte(`{"issuer`))
		}, DiscoveryUnreadable, 200},
		{"a wrong issuer is a bad field", func(w http.ResponseWriter, r *http.Request) {
			_, _ = w.Write([]byte(`{"issuer":"https://elsewhere.example"}`))
		}, DiscoveryBadField, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.handler)
			defer srv.Close()
			_, err := Discover(context.Background(), srv.Client(), srv.URL)
			var de *DiscoveryError
			if !errors.As(err, &de) || de.Problem != tt.want || de.Status != tt.status {
				t.Fatalf("Discover error = %#v, want problem %d with status %d", err, tt.want, tt.status)
			}
		})
	}
	_, err := Discover(context.Background(), http.DefaultClient, "http://127.0.0.1:1")
	var de *DiscoveryError
	if !errors.As(err, &de) || de.Problem != DiscoveryUnreachable {
		t.Fatalf("an unreachable host gives %#v, want DiscoveryUnreachable", err)
	}
}

func TestDiscoverTimesOut(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := Discover(ctx, srv.Client(), srv.URL)
	if err == nil || time.Since(start) > 5*time.Second {
		t.Fatalf("Discover = %v after %v, want a prompt error", err, time.Since(start))
	}
	if !strings.Contains(err.Error(), "timeout after 10s") || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error %q does not say it timed out, or is not context.DeadlineExceeded", err)
	}
}

func TestDiscoverNamesAnUnreachableHost(t *testing.T) {
	_, err := Discover(context.Background(), http.DefaultClient, "http://127.0.0.1:1")
	if err == nil || !strings.Contains(err.Error(), "could not reach 127.0.0.1:1") {
		t.Fatalf("Discover of an unreachable host = %v", err)
	}
}
