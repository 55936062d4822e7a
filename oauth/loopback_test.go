package oauth

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

const testIssuer = "https://openapi.longportapp.com"

func startLoopback(t *testing.T, issRequired bool) *loopback {
	t.Helper()
	lb, err := listenLoopback(0, "the-state", testIssuer, issRequired, "en")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(lb.close)
	return lb
}

func hit(t *testing.T, lb *loopback, query url.Values) (*http.Response, string) {
	t.Helper()
	resp, err := http.Get(lb.redirectURI() + "?" + query.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

func TestLoopbackBindsTheIPLiteralOnly(t *testing.T) {
	lb := startLoopback(t, false)
	if !strings.HasPrefix(lb.redirectURI(), "http://127.0.0.1:") || !strings.HasSuffix(lb.redirectURI(), "/callback") {
		t.Fatalf("redirect URI %q", lb.redirectURI())
	}
	if ip := lb.ln.Addr().(*net.TCPAddr).IP; !ip.Equal(net.IPv4(127, 0, 0, 1)) {
		t.Fatalf("listening on %v, want 127.0.0.1 only", ip)
	}
}

func TestLoopbackReportsATakenPort(t *testing.T) {
	lb := startLoopback(t, false)
	_, err := listenLoopback(lb.port(), "s", testIssuer, false, "")
	if !errors.Is(err, ErrPortInUse) {
		t.Fatalf("second listen on port %d = %v, want ErrPortInUse", lb.port(), err)
	}
}

func TestLoopbackCallback(t *testing.T) {
	tests := []struct {
		name        string
		issRequired bool
		query       url.Values
		wantStatus  int
		wantCode    string
		wantErr     error  // for errors.Is
		wantErrText string // in the error's message
	}{
		{"the right state delivers the code", false, url.Values{"state": {"the-state"}, "code": {"c1"}}, 200, "c1", nil, ""},
		{"a matching iss is accepted", false, url.Values{"state": {"the-state"}, "code": {"c1"}, "iss": {testIssuer}}, 200, "c1", nil, ""},
		{"a required iss that matches is accepted", true, url.Values{"state": {"the-state"}, "code": {"c1"}, "iss": {testIssuer}}, 200, "c1", nil, ""},
		{"another issuer aborts the attempt", false, url.Values{"state": {"the-state"}, "code": {"c1"}, "iss": {"https://evil.example"}}, 400, "", ErrIssuerMismatch, "evil.example"},
		{"a missing iss aborts when discovery requires it", true, url.Values{"state": {"the-state"}, "code": {"c1"}}, 400, "", ErrIssuerMismatch, "did not say"},
		{"a declined consent says so in words", false, url.Values{"state": {"the-state"}, "error": {"access_denied"}}, 200, "", nil, "You declined access."},
		{"another error names the provider's code", false, url.Values{"state": {"the-state"}, "error": {"server_error"}, "error_description": {"try later"}}, 200, "", nil, "server_error (try later)"},
		{"no code and no error is an error", false, url.Values{"state": {"the-state"}}, 200, "", nil, "no authorization code"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lb := startLoopback(t, tt.issRequired)
			resp, body := hit(t, lb, tt.query)
			if resp.StatusCode != tt.wantStatus {
				t.Fatalf("status %d, want %d; body %s", resp.StatusCode, tt.wantStatus, body)
			}
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			defer cancel()
			code, err := lb.wait(ctx)
			if code != tt.wantCode {
				t.Fatalf("code %q, want %q", code, tt.wantCode)
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Fatalf("err %v, want %v", err, tt.wantErr)
			}
			if tt.wantErrText != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErrText)) {
				t.Fatalf("err %v, want text %q", err, tt.wantErrText)
			}
			if tt.wantErr == nil && tt.wantErrText == "" && err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestLoopbackIgnoresAWrongStateAndKeepsWaiting(t *testing.T) {
	lb := startLoopback(t, false)
	for _, q := range []url.Values{{"code": {"forged"}}, {"state": {"other"}, "code": {"forged"}}} {
		resp, body := hit(t, lb, q)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "does not belong to the sign-in") {
			t.Fatalf("wrong state: status %d body %s", resp.StatusCode, body)
		}
	}
	hit(t, lb, url.Values{"state": {"the-state"}, "code": {"real"}})
	code, err := lb.wait(context.Background())
	if err != nil || code != "real" {
		t.Fatalf("after forged callbacks: code %q err %v, want the real code", code, err)
	}
	// The state is single use: a replay gets a page, not a second delivery.
	_, body := hit(t, lb, url.Values{"state": {"the-state"}, "code": {"again"}})
	if !strings.Contains(body, "already received") {
		t.Fatalf("replay body %s", body)
	}
}

func TestLoopbackPagesAreSelfContainedAndLocked(t *testing.T) {
	lb := startLoopback(t, false)
	for _, q := range []url.Values{{"state": {"x"}}, {"state": {"the-state"}, "code": {"c"}}} {
		resp, body := hit(t, lb, q)
		h := resp.Header
		if h.Get("Referrer-Policy") != "no-referrer" || h.Get("Cache-Control") != "no-store" || !strings.Contains(h.Get("Content-Security-Policy"), "default-src 'none'") {
			t.Fatalf("headers %v", h)
		}
		if strings.Contains(body, "http://") || strings.Contains(body, "https://") || strings.Contains(body, "<script") {
			t.Fatalf("page refers to outside resources or runs scripts: %s", body)
		}
		if !strings.Contains(body, "Portview") {
			t.Fatalf("page does not tell the user to return to Portview: %s", body)
		}
	}
}

func TestLoopbackPagesFollowTheAppsLanguage(t *testing.T) {
	tests := []struct {
		locale, wantLang, wantTitle string
	}{
		{"en-US", "en", "You are signed in"},
		{"", "en", "You are signed in"},
		{"fr", "en", "You are signed in"},
		{"zh-CN", "zh-Hans", "登录成功"},
		{"zh", "zh-Hans", "登录成功"},
		{"zh-Hans-SG", "zh-Hans", "登录成功"},
		{"zh-TW", "zh-Hant", "登入成功"},
		{"zh_HK", "zh-Hant", "登入成功"},
		{"zh-Hant", "zh-Hant", "登入成功"},
	}
	for _, tt := range tests {
		t.Run(tt.locale, func(t *testing.T) {
			lb, err := listenLoopback(0, "s", testIssuer, false, tt.locale)
			if err != nil {
				t.Fatal(err)
			}
			defer lb.close()
			_, body := hit(t, lb, url.Values{"state": {"s"}, "code": {"c"}})
			if !strings.Contains(body, `lang="`+tt.wantLang+`"`) || !strings.Contains(body, tt.wantTitle) {
				t.Fatalf("page for %q: %s", tt.locale, body)
			}
		})
	}
}

func TestEveryPageHasEveryLanguage(t *testing.T) {
	for lang, pages := range pageTexts {
		for id := pageSuccess; id <= pageUnverified; id++ {
			if p, ok := pages[id]; !ok || p.title == "" || p.message == "" {
				t.Errorf("page %d has no %s text", id, lang)
			}
		}
	}
}
