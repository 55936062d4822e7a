package oauthtest_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"golang.org/x/oauth2"

	"github.com/portview/portview/oauth/oauthtest"
)

func TestTheConsentPageFollowsUILocales(t *testing.T) {
	tests := []struct {
		uiLocales string // "" sends none
		wantLang  string
		wantText  []string
	}{
		{"", "en", []string{"wants to access your LongPort account", "See your watchlists", ">Allow<"}},
		{"en-GB", "en", []string{">Deny<"}},
		{"zh-CN", "zh-Hans", []string{"请求访问您的 LongPort 账户", "查看您的自选股", ">允许<", ">拒绝<"}},
		{"zh-TW en", "zh-Hant", []string{"請求存取您的 LongPort 帳戶", "查看您的自選股", ">允許<"}},
	}
	for _, tt := range tests {
		t.Run("ui_locales="+tt.uiLocales, func(t *testing.T) {
			s := startServer(t, oauthtest.Options{})
			cb := newCallback(t, http.StatusOK)
			id, _ := s.RegisterClient([]string{cb.URL}, false)
			cfg := config(s, id, "", cb.URL)
			cfg.Scopes = []string{"4", "7"}
			opts := []oauth2.AuthCodeOption{oauth2.S256ChallengeOption(oauth2.GenerateVerifier())}
			if tt.uiLocales != "" {
				opts = append(opts, oauth2.SetAuthURLParam("ui_locales", tt.uiLocales))
			}
			resp, err := http.Get(cfg.AuthCodeURL("st", opts...))
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			page := string(body)
			if !strings.Contains(page, `<html lang="`+tt.wantLang+`">`) {
				t.Fatalf("page language is not %s: %s", tt.wantLang, page[:min(200, len(page))])
			}
			for _, want := range tt.wantText {
				if !strings.Contains(page, want) {
					t.Errorf("page lacks %q", want)
				}
			}
		})
	}
}
