package oauth

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// bodyTransport answers every request with one status and body, so fuzzers
// exercise the real parsing code without a server.
type bodyTransport struct {
	status      int
	contentType string
	body        []byte
}

func (b bodyTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	return &http.Response{
		StatusCode: b.status,
		Header:     http.Header{"Content-Type": {b.contentType}},
		Body:       io.NopCloser(strings.NewReader(string(b.body))),
		Request:    r,
	}, nil
}

func FuzzDiscoveryDocument(f *testing.F) {
	const base = "https://openapi.longportapp.com"
	f.Add([]byte(`{"issuer":"https://openapi.longportapp.com","authorization_endpoint":"https://openapi.longportapp.com/oauth2/authorize","token_endpoint":"https://openapi.longportapp.com/oauth2/token","scopes_supported":["4","11"]}`))
	f.Add([]byte(`<html>proxy</html>`))
	f.Add([]byte(`{"issuer":null,"response_types_supported":"code"}`))
	f.Add([]byte(``))
	f.Fuzz(func(t *testing.T, body []byte) {
		hc := &http.Client{Transport: bodyTransport{200, "application/json", body}}
		md, err := Discover(context.Background(), hc, base)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		// Whatever was accepted must be safe to use.
		for _, ep := range []string{md.AuthorizationEndpoint, md.TokenEndpoint} {
			u, perr := url.Parse(ep)
			if perr != nil || u.Scheme != "https" || u.Host == "" {
				t.Fatalf("accepted endpoint %q", ep)
			}
		}
		if strings.TrimSuffix(md.Issuer, "/") != base {
			t.Fatalf("accepted issuer %q", md.Issuer)
		}
	})
}

func FuzzTokenResponse(f *testing.F) {
	f.Add(200, []byte(`{"access_token":"a","token_type":"Bearer","expires_in":3600,"refresh_token":"r"}`))
	f.Add(200, []byte(`{"access_token":"a","expires_in":"3600"}`))
	f.Add(400, []byte(`{"error":"invalid_grant","error_description":"expired"}`))
	f.Add(502, []byte(`<html>bad gateway</html>`))
	f.Add(200, []byte(`{"access_token":"a","expires_in":-5}`))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		if status < 100 || status > 599 {
			return
		}
		hc := &http.Client{Transport: bodyTransport{status, "application/json", body}}
		md := &Metadata{AuthorizationEndpoint: "https://x/a", TokenEndpoint: "https://x/t"}
		cfg := oauthConfig(md, "client", "", "http://127.0.0.1:1/callback", nil)
		ctx := context.WithValue(context.Background(), oauth2.HTTPClient, hc)
		tok, err := cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: "r0"}).Token()
		if err != nil {
			_ = refusedGrant(err) // classification must not panic
			return
		}
		now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		got := newToken(tok, now, "r0")
		if got.RefreshToken == "" {
			t.Fatal("a renewal lost the refresh token")
		}
		// A reply that is already expired is kept as such (it serves the
		// call in flight) and never renewed on a schedule.
		if at := got.refreshAt(); !got.Expiry.After(now) && !at.IsZero() {
			t.Fatalf("a token that arrived expired (%v) is scheduled for renewal at %v", got.Expiry, at)
		} else if !at.IsZero() && (at.Before(now) || at.After(got.Expiry)) {
			t.Fatalf("renewal at %v is outside the token's life [%v, %v]", at, now, got.Expiry)
		}
	})
}

func FuzzCallbackQuery(f *testing.F) {
	f.Add("state=s&code=c")
	f.Add("state=s&code=c&iss=https%3A%2F%2Fopenapi.longportapp.com")
	f.Add("state=s&error=access_denied")
	f.Add("state=s&state=t&code=c")
	f.Add("%zz")
	f.Fuzz(func(t *testing.T, rawQuery string) {
		l := &loopback{lang: "en", state: "s", issuer: testIssuer, issRequired: false, result: make(chan callbackResult, 1)}
		req := httptest.NewRequest(http.MethodGet, "http://127.0.0.1/callback", nil)
		req.URL.RawQuery = rawQuery
		w := httptest.NewRecorder()
		l.serveCallback(w, req)
		if w.Header().Get("Content-Security-Policy") == "" {
			t.Fatal("a page without its security headers")
		}
		select {
		case res := <-l.result:
			q, _ := url.ParseQuery(rawQuery)
			if q.Get("state") != "s" {
				t.Fatalf("delivered a result for state %q", q.Get("state"))
			}
			if res.code != "" && (res.err != nil || q.Get("error") != "") {
				t.Fatalf("delivered code %q with error %v", res.code, res.err)
			}
		default:
		}
	})
}
