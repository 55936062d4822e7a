package oauthtest_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/portview/portview/oauth/oauthtest"
)

func TestFailNext(t *testing.T) {
	tests := []struct {
		name           string
		failure        oauthtest.Failure
		wantStatus     int
		wantRetryAfter string
		wantError      string // OAuth error code in a JSON body
		wantBody       string // substring of a raw body
	}{
		{
			name:           "a 503 with Retry-After rounds up to whole seconds",
			failure:        oauthtest.Failure{Status: http.StatusServiceUnavailable, RetryAfter: 1500 * time.Millisecond},
			wantStatus:     http.StatusServiceUnavailable,
			wantRetryAfter: "2",
		},
		{
			name:           "a 429 with an OAuth error body",
			failure:        oauthtest.Failure{Status: http.StatusTooManyRequests, RetryAfter: 30 * time.Second, OAuthError: "temporarily_unavailable"},
			wantStatus:     http.StatusTooManyRequests,
			wantRetryAfter: "30",
			wantError:      "temporarily_unavailable",
		},
		{
			name:       "an OAuth error without a status is a 400",
			failure:    oauthtest.Failure{OAuthError: "invalid_grant"},
			wantStatus: http.StatusBadRequest,
			wantError:  "invalid_grant",
		},
		{
			name:       "a raw HTML body imitates a proxy page",
			failure:    oauthtest.Failure{Status: http.StatusBadGateway, Body: "<html><body><h1>502 Bad Gateway</h1></body></html>"},
			wantStatus: http.StatusBadGateway,
			wantBody:   "502 Bad Gateway",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startServer(t, oauthtest.Options{})
			_, rt := s.IssueTokens("app", "4")
			s.FailNext(oauthtest.EndpointToken, 2, tt.failure)
			cfg := config(s, "app", "", "")

			for i := range 2 {
				_, err := refresh(cfg, rt)
				var re *oauth2.RetrieveError
				if !errors.As(err, &re) {
					t.Fatalf("attempt %d: err = %v, want a RetrieveError", i, err)
				}
				if re.Response.StatusCode != tt.wantStatus {
					t.Errorf("status = %d, want %d", re.Response.StatusCode, tt.wantStatus)
				}
				if got := re.Response.Header.Get("Retry-After"); got != tt.wantRetryAfter {
					t.Errorf("Retry-After = %q, want %q", got, tt.wantRetryAfter)
				}
				if re.ErrorCode != tt.wantError {
					t.Errorf("ErrorCode = %q, want %q", re.ErrorCode, tt.wantError)
				}
				if !strings.Contains(string(re.Body), tt.wantBody) {
					t.Errorf("body %q lacks %q", re.Body, tt.wantBody)
				}
			}
			// The failures did not reach the token logic, so rt is still unspent.
			if _, err := refresh(cfg, rt); err != nil {
				t.Fatalf("third refresh after two failures: %v", err)
			}
			if c := s.Counts(); c.Refresh != 3 || c.TokenErrors != 2 {
				t.Errorf("Counts() = %+v, want Refresh 3 and TokenErrors 2", c)
			}
		})
	}
}

func TestFailUntil(t *testing.T) {
	clk := newClock()
	s := startServer(t, oauthtest.Options{Now: clk.Now})
	s.FailUntil(oauthtest.EndpointDiscovery, clk.Now().Add(time.Minute), oauthtest.Failure{Status: http.StatusServiceUnavailable})
	discovery := s.URL + "/.well-known/oauth-authorization-server"

	steps := []struct {
		name    string
		advance time.Duration
		want    int
	}{
		{"discovery fails at first", 0, http.StatusServiceUnavailable},
		{"discovery still fails just before the deadline", time.Minute - time.Second, http.StatusServiceUnavailable},
		{"discovery works once the deadline is reached", time.Second, http.StatusOK},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			clk.Advance(st.advance)
			if r := get(t, discovery); r.status != st.want {
				t.Errorf("status = %d, want %d", r.status, st.want)
			}
		})
	}
	if got := s.Counts().Discovery; got != 3 {
		t.Errorf("Counts().Discovery = %d, want 3", got)
	}
}

func TestSetDelay(t *testing.T) {
	tests := []struct {
		name    string
		timeout time.Duration
		wantErr bool
	}{
		{"a slow response arrives after the delay", 5 * time.Second, false},
		{"a cancelled request stops waiting", 50 * time.Millisecond, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startServer(t, oauthtest.Options{})
			_, rt := s.IssueTokens("app", "4")
			s.SetDelay(oauthtest.EndpointToken, 300*time.Millisecond)
			ctx, cancel := context.WithTimeout(context.Background(), tt.timeout)
			defer cancel()

			start := time.Now()
			_, err := config(s, "app", "", "").TokenSource(ctx, &oauth2.Token{RefreshToken: rt}).Token()
			elapsed := time.Since(start)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if !tt.wantErr && elapsed < 300*time.Millisecond {
				t.Errorf("answered after %v, before the delay", elapsed)
			}
		})
	}
}

func TestCloseAbortsDelayedRequests(t *testing.T) {
	s := oauthtest.NewServer(oauthtest.Options{})
	s.SetDelay(oauthtest.EndpointDiscovery, time.Hour)
	done := make(chan error, 1)
	go func() {
		resp, err := http.Get(s.URL + "/.well-known/oauth-authorization-server")
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	for s.Counts().Discovery == 0 {
		time.Sleep(time.Millisecond)
	}
	closed := make(chan struct{})
	go func() { s.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		t.Fatal("Close waited for the delayed request")
	}
	<-done
	s.Close() // a second Close is harmless
}

func TestInjectedFailuresCountAsAttempts(t *testing.T) {
	s := startServer(t, oauthtest.Options{})
	s.FailNext(oauthtest.EndpointRegister, 1, oauthtest.Failure{Status: http.StatusInternalServerError})
	s.FailNext(oauthtest.EndpointRevoke, 1, oauthtest.Failure{Status: http.StatusInternalServerError})
	s.FailNext(oauthtest.EndpointToken, 1, oauthtest.Failure{OAuthError: "invalid_grant"})

	post(t, s.URL+"/oauth2/register", nil, `{"redirect_uris":["http://127.0.0.1:1/cb"]}`, "", "")
	post(t, s.URL+"/oauth2/revoke", url.Values{"token": {"x"}, "client_id": {"app"}}, "", "", "")
	post(t, s.URL+"/oauth2/token", url.Values{"grant_type": {"authorization_code"}}, "", "", "")

	want := oauthtest.Counts{Register: 1, Revoke: 1, Exchange: 1, TokenErrors: 1}
	if got := s.Counts(); got != want {
		t.Errorf("Counts() = %+v, want %+v", got, want)
	}
}
