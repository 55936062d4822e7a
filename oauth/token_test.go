package oauth

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

func TestTokenTimingFollowsItsOwnLife(t *testing.T) {
	issued := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name           string
		expiresIn      int64         // as the server sent it; 0 = absent
		earliest, last time.Duration // of the renewal, from issue; both 0 = never on a schedule
		margin         time.Duration // the life a token must have left to be handed out
	}{
		{"a one-hour token renews at about 48 minutes", 3600, 47 * time.Minute, 48 * time.Minute, MinTokenLife},
		{"a missing expires_in counts as an hour", 0, 47 * time.Minute, 48 * time.Minute, MinTokenLife},
		{"a 5-minute token renews at about 4 minutes", 300, 234 * time.Second, 240 * time.Second, MinTokenLife},
		{"a 60-second token renews at about 48 s, keeping 12 s", 60, 46800 * time.Millisecond, 48 * time.Second, 12 * time.Second},
		{"a 20-second token renews at about 16 s, keeping 4 s", 20, 15600 * time.Millisecond, 16 * time.Second, 4 * time.Second},
		{"a 5-second token renews at about 4 s, keeping 1 s", 5, 3900 * time.Millisecond, 4 * time.Second, time.Second},
		{"a 1-second token is never renewed on a schedule", 1, 0, 0, 200 * time.Millisecond},
		{"a token that arrived expired is never renewed on a schedule", -5, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok := newToken(&oauth2.Token{AccessToken: "a", RefreshToken: "r", ExpiresIn: tt.expiresIn}, issued, "")
			for range 200 {
				at := tok.refreshAt()
				if tt.last == 0 {
					if !at.IsZero() {
						t.Fatalf("refreshAt = %v, want none", at)
					}
					break
				}
				if d := at.Sub(issued); d < tt.earliest || d > tt.last {
					t.Fatalf("refreshAt = issue + %v, want within [%v, %v]", d, tt.earliest, tt.last)
				}
				if left := tok.Expiry.Sub(at); left < tt.margin {
					t.Fatalf("refreshAt leaves %v, under the margin %v", left, tt.margin)
				}
			}
			if got := tok.margin(); got != tt.margin {
				t.Fatalf("margin = %v, want %v", got, tt.margin)
			}
			if tt.expiresIn < 0 {
				if tok.Usable(issued) {
					t.Fatal("an expired token is usable")
				}
				return
			}
			if !tok.Usable(tok.Expiry.Add(-tt.margin)) {
				t.Fatalf("not usable with exactly its margin (%v) left", tt.margin)
			}
			if tok.Usable(tok.Expiry.Add(-tt.margin + time.Millisecond)) {
				t.Fatalf("usable with less than its margin (%v) left", tt.margin)
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
