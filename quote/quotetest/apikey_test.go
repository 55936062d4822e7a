package quotetest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/portview/portview/api"
	"github.com/portview/portview/quote/quotetest"
)

var legacyStart = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

const (
	demoKey    = "demo_app_key"
	demoSecret = "demo_app_secret"
	demoToken  = "m_demo_token"
)

// signed is a request signed the SDKs' way, to be tampered with.
type signed struct {
	method, path, query string
	body                string
	appKey, secret      string
	token, ts           string
}

func freshSigned(ts string) signed {
	return signed{method: "GET", path: "/v1/quote/market-status", appKey: demoKey, secret: demoSecret, token: demoToken, ts: ts}
}

func (s signed) signature() string {
	return api.Signature(s.secret, api.SignatureInput{
		Method: s.method, Path: s.path, Query: s.query, Token: s.token,
		AppKey: s.appKey, Timestamp: s.ts, Body: []byte(s.body),
	})
}

func send(t *testing.T, srv *quotetest.Server, s signed, sig string, tweak func(*http.Request)) (int, answer, http.Header) {
	t.Helper()
	u := srv.URL + s.path
	if s.query != "" {
		u += "?" + s.query
	}
	var body io.Reader
	if s.body != "" {
		body = strings.NewReader(s.body)
	}
	req, err := http.NewRequest(s.method, u, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", s.token)
	req.Header.Set("X-Api-Key", s.appKey)
	req.Header.Set("X-Timestamp", s.ts)
	req.Header.Set("X-Api-Signature", sig)
	if tweak != nil {
		tweak(req)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var a answer
	_ = json.NewDecoder(resp.Body).Decode(&a)
	return resp.StatusCode, a, resp.Header
}

func startLegacy(t *testing.T, apps ...quotetest.LegacyApp) (*quotetest.Server, *time.Time) {
	t.Helper()
	now := legacyStart
	if len(apps) == 0 {
		apps = []quotetest.LegacyApp{{AppKey: demoKey, AppSecret: demoSecret, AccessToken: demoToken}}
	}
	srv, err := quotetest.NewServer(quotetest.Options{Rows: 10, Legacy: &quotetest.Legacy{
		Apps: apps, Now: func() time.Time { return now },
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	return srv, &now
}

func ms(t time.Time) string { return strconv.FormatInt(t.UnixMilli(), 10) }

func TestLegacySignatureVerifierRefusesTampering(t *testing.T) {
	tests := []struct {
		name string
		// build returns the request as signed, then the request as sent.
		build func(now time.Time) (signed, signed, func(*http.Request))
		code  int
	}{
		{"a request signed as the SDKs sign is accepted", func(now time.Time) (signed, signed, func(*http.Request)) {
			s := freshSigned(ms(now))
			return s, s, nil
		}, 0},
		{"Rust's integer seconds are accepted", func(now time.Time) (signed, signed, func(*http.Request)) {
			s := freshSigned(strconv.FormatInt(now.Unix(), 10))
			return s, s, nil
		}, 0},
		{"the docs' float seconds are accepted", func(now time.Time) (signed, signed, func(*http.Request)) {
			s := freshSigned(strconv.FormatInt(now.Unix(), 10) + ".123")
			return s, s, nil
		}, 0},
		{"a signature made with the wrong secret is refused", func(now time.Time) (signed, signed, func(*http.Request)) {
			s := freshSigned(ms(now))
			wrong := s
			wrong.secret = "not_the_secret"
			return wrong, s, nil
		}, 403201},
		{"a query changed after signing is refused", func(now time.Time) (signed, signed, func(*http.Request)) {
			s := freshSigned(ms(now))
			s.path, s.query = "/v1/watchlist/groups", ""
			sent := s
			sent.query = "x=1"
			return s, sent, nil
		}, 403201},
		{"a query encoded differently from the one signed is refused", func(now time.Time) (signed, signed, func(*http.Request)) {
			s := freshSigned(ms(now))
			s.path, s.query = "/v1/quote/get_security_list", "market=US&category=Overnight"
			sent := s
			sent.query = "category=Overnight&market=US"
			return s, sent, nil
		}, 403201},
		{"a body changed after signing is refused", func(now time.Time) (signed, signed, func(*http.Request)) {
			s := freshSigned(ms(now))
			s.body = `{"name":"Tech"}`
			sent := s
			sent.body = `{"name":"Tek"}`
			return s, sent, nil
		}, 403201},
		{"a signature header in another algorithm is refused", func(now time.Time) (signed, signed, func(*http.Request)) {
			s := freshSigned(ms(now))
			return s, s, func(r *http.Request) {
				r.Header.Set("X-Api-Signature", strings.Replace(r.Header.Get("X-Api-Signature"), "HMAC-SHA256", "HMAC-SHA1", 1))
			}
		}, 403201},
		{"a timestamp changed after signing is refused", func(now time.Time) (signed, signed, func(*http.Request)) {
			s := freshSigned(ms(now))
			sent := s
			sent.ts = ms(now.Add(time.Millisecond))
			return s, sent, nil
		}, 403201},
		{"a stale timestamp is refused as a replay", func(now time.Time) (signed, signed, func(*http.Request)) {
			s := freshSigned(ms(now.Add(-10 * time.Minute)))
			return s, s, nil
		}, 403202},
		{"a timestamp from the future is refused as a replay", func(now time.Time) (signed, signed, func(*http.Request)) {
			s := freshSigned(ms(now.Add(10 * time.Minute)))
			return s, s, nil
		}, 403202},
		{"an unknown app key is refused", func(now time.Time) (signed, signed, func(*http.Request)) {
			s := freshSigned(ms(now))
			s.appKey = "someone_else"
			return s, s, nil
		}, 403203},
		{"a token that is not the app's is refused", func(now time.Time) (signed, signed, func(*http.Request)) {
			s := freshSigned(ms(now))
			s.token = "m_other"
			return s, s, nil
		}, 401004},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, now := startLegacy(t)
			signedAs, sent, tweak := tt.build(*now)
			status, a, h := send(t, srv, sent, signedAs.signature(), tweak)
			if a.Code != tt.code {
				t.Fatalf("code %d (HTTP %d), want %d", a.Code, status, tt.code)
			}
			if tt.code == 0 && status != http.StatusOK {
				t.Errorf("HTTP %d, want 200", status)
			}
			if tt.code/1000 == 403 && status != http.StatusForbidden {
				t.Errorf("HTTP %d, want 403", status)
			}
			if d, err := http.ParseTime(h.Get("Date")); err != nil || !d.Equal(*now) {
				t.Errorf("Date = %q, want the fake's clock %v", h.Get("Date"), *now)
			}
		})
	}
}

func TestLegacyReplayIsTheSameTimestampAndSignature(t *testing.T) {
	tests := []struct {
		name string
		ts   func(now time.Time) string
	}{
		{"whole seconds, as the Rust-core SDKs send", func(now time.Time) string { return strconv.FormatInt(now.Unix(), 10) }},
		{"milliseconds, as Portview and the Go SDK send", ms},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, now := startLegacy(t)
			s := freshSigned(tt.ts(*now))
			if _, a, _ := send(t, srv, s, s.signature(), nil); a.Code != 0 {
				t.Fatalf("first request: code %d", a.Code)
			}
			other := s
			other.path = "/v1/watchlist/groups"
			if _, a, _ := send(t, srv, other, other.signature(), nil); a.Code != 0 {
				t.Errorf("another request with the same timestamp: code %d, want it accepted", a.Code)
			}
			if _, a, _ := send(t, srv, s, s.signature(), nil); a.Code != 403202 {
				t.Errorf("the first request replayed, same timestamp and signature: code %d, want 403202", a.Code)
			}
		})
	}
}

func TestLegacyAppStates(t *testing.T) {
	tests := []struct {
		name string
		app  quotetest.LegacyApp
		code int
	}{
		{"an app whose IP allow-list leaves this computer out is refused", quotetest.LegacyApp{DenyIP: true}, 403205},
		{"an expired token is refused as expired", quotetest.LegacyApp{Expiry: legacyStart.Add(-time.Hour)}, 401003},
		{"a token one day from expiry still works", quotetest.LegacyApp{Expiry: legacyStart.Add(24 * time.Hour)}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := tt.app
			app.AppKey, app.AppSecret, app.AccessToken = demoKey, demoSecret, demoToken
			srv, now := startLegacy(t, app)
			s := freshSigned(ms(*now))
			if _, a, _ := send(t, srv, s, s.signature(), nil); a.Code != tt.code {
				t.Fatalf("code %d, want %d", a.Code, tt.code)
			}
		})
	}
}

func TestLegacyRefreshRotatesTheToken(t *testing.T) {
	srv, now := startLegacy(t)
	exp := now.Add(90 * 24 * time.Hour).Format(time.RFC3339)
	s := freshSigned(ms(*now))
	s.path, s.query = "/v1/token/refresh", "expired_at="+strings.ReplaceAll(exp, ":", "%3A")
	_, a, _ := send(t, srv, s, s.signature(), nil)
	if a.Code != 0 {
		t.Fatalf("refresh: code %d", a.Code)
	}
	var data struct {
		Token     string `json:"token"`
		ExpiredAt string `json:"expired_at"`
	}
	if err := json.Unmarshal(a.Data, &data); err != nil {
		t.Fatal(err)
	}
	if data.Token == "" || data.Token == demoToken || data.ExpiredAt != exp {
		t.Fatalf("refresh answered %+v", data)
	}
	if tok, n := srv.LegacyToken(demoKey); tok != data.Token || n != 1 {
		t.Errorf("LegacyToken = %q, %d", tok, n)
	}
	old := freshSigned(ms(now.Add(time.Millisecond)))
	if _, a, _ := send(t, srv, old, old.signature(), nil); a.Code != 401004 {
		t.Errorf("the old token after a refresh: code %d, want 401004", a.Code)
	}
	fresh := freshSigned(ms(now.Add(2 * time.Millisecond)))
	fresh.token = data.Token
	if _, a, _ := send(t, srv, fresh, fresh.signature(), nil); a.Code != 0 {
		t.Errorf("the new token: code %d", a.Code)
	}
}

func TestLegacyRefreshNeedsTheAPIKeyMode(t *testing.T) {
	srv, _ := startLegacy(t)
	req, _ := http.NewRequest("GET", srv.URL+"/v1/token/refresh?expired_at=2026-06-01T00:00:00Z", nil)
	req.Header.Set("Authorization", "Bearer some-oauth-token")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var ans answer
	_ = json.NewDecoder(resp.Body).Decode(&ans)
	if ans.Code != 401004 {
		t.Errorf("an OAuth call to the legacy refresh: code %d, want 401004", ans.Code)
	}
}
