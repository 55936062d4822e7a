package oauth

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

func TestRefreshAtIsEightyPercentWithJitterAndMargin(t *testing.T) {
	issued := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name           string
		life           time.Duration
		earliest, last time.Duration // from issue
	}{
		{"a one-hour token renews between 47 and 48 minutes", time.Hour, 47 * time.Minute, 48 * time.Minute},
		{"a 30-day token renews at 24 days less a minute of jitter at most", 30 * 24 * time.Hour, 24*24*time.Hour - time.Minute, 24 * 24 * time.Hour},
		{"a 100-second token renews 30 s before expiry", 100 * time.Second, 70*time.Second - 2*time.Second, 70 * time.Second},
		{"a 20-second token renews at once rather than after expiry", 20 * time.Second, -10 * time.Second, -10 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok := &Token{IssuedAt: issued, Expiry: issued.Add(tt.life)}
			for range 200 {
				at := tok.refreshAt().Sub(issued)
				if at < tt.earliest || at > tt.last {
					t.Fatalf("refreshAt = issue + %v, want within [%v, %v]", at, tt.earliest, tt.last)
				}
				if tok.Expiry.Sub(issued.Add(at)) < MinTokenLife {
					t.Fatalf("refreshAt leaves %v, under %v", tok.Expiry.Sub(issued.Add(at)), MinTokenLife)
				}
			}
		})
	}
}

func TestNewTokenTrustsExpiresInAndKeepsTheOldRefreshToken(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name        string
		in          *oauth2.Token
		wantLife    time.Duration
		wantRefresh string
	}{
		{"expires_in sets the expiry", &oauth2.Token{AccessToken: "a", RefreshToken: "r2", ExpiresIn: 3600}, time.Hour, "r2"},
		{"a 30-day expires_in is trusted", &oauth2.Token{AccessToken: "a", RefreshToken: "r2", ExpiresIn: 2592000}, 30 * 24 * time.Hour, "r2"},
		{"a reply without refresh_token keeps the old one", &oauth2.Token{AccessToken: "a", ExpiresIn: 60}, time.Minute, "r1"},
		{"a missing expires_in means an hour", &oauth2.Token{AccessToken: "a", RefreshToken: "r2"}, time.Hour, "r2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := newToken(tt.in, now, "r1")
			if got.Expiry.Sub(now) != tt.wantLife || got.RefreshToken != tt.wantRefresh || !got.IssuedAt.Equal(now) {
				t.Fatalf("newToken = %+v", got)
			}
		})
	}
}

func TestTokenNeverPrintsItsSecrets(t *testing.T) {
	tok := &Token{AccessToken: "AT-SECRET", RefreshToken: "RT-SECRET", Expiry: time.Now()}
	for _, s := range []string{tok.String(), tok.LogValue().String()} {
		if strings.Contains(s, "SECRET") {
			t.Fatalf("%q shows a secret", s)
		}
	}
}

func TestUnmarshalTokenRejectsDamage(t *testing.T) {
	for _, in := range []string{"", "{", `{}`, `{"access_token":""}`} {
		if _, err := unmarshalToken(in); err == nil {
			t.Errorf("unmarshalToken(%q) accepted it", in)
		}
	}
	raw, _ := json.Marshal(&Token{AccessToken: "a", RefreshToken: "r"})
	if tok, err := unmarshalToken(string(raw)); err != nil || tok.RefreshToken != "r" {
		t.Fatalf("round trip lost the refresh token (err %v)", err)
	}
}
