package oauthtest_test

import (
	"errors"
	"testing"
	"time"

	"github.com/portview/portview/oauth/oauthtest"
)

func TestCheckAccessToken(t *testing.T) {
	tests := []struct {
		name string
		// act changes the world after a token was issued and returns the token to check.
		act  func(s *oauthtest.Server, clk *oauthtest.ManualClock, access string) string
		want error
	}{
		{"a fresh token is valid", func(_ *oauthtest.Server, _ *oauthtest.ManualClock, a string) string { return a }, nil},
		{"an empty token is missing", func(_ *oauthtest.Server, _ *oauthtest.ManualClock, _ string) string { return "" }, oauthtest.ErrTokenMissing},
		{"a token never issued is unknown", func(_ *oauthtest.Server, _ *oauthtest.ManualClock, _ string) string { return "forged" }, oauthtest.ErrTokenUnknown},
		{"a token just before its lifetime is valid", func(_ *oauthtest.Server, clk *oauthtest.ManualClock, a string) string {
			clk.Advance(time.Hour - time.Second)
			return a
		}, nil},
		{"a token at the end of its lifetime is expired", func(_ *oauthtest.Server, clk *oauthtest.ManualClock, a string) string {
			clk.Advance(time.Hour)
			return a
		}, oauthtest.ErrTokenExpired},
		{"ExpireAccessTokens expires earlier tokens", func(s *oauthtest.Server, _ *oauthtest.ManualClock, a string) string {
			s.ExpireAccessTokens()
			return a
		}, oauthtest.ErrTokenExpired},
		{"ExpireAccessTokens leaves later tokens valid", func(s *oauthtest.Server, _ *oauthtest.ManualClock, _ string) string {
			s.ExpireAccessTokens()
			later, _ := s.IssueTokens("app", "4")
			return later
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newClock()
			s := startServer(t, oauthtest.Options{Now: clk.Now, AccessTokenPrefix: "ap_"})
			access, _ := s.IssueTokens("app", "4")
			if got := s.CheckAccessToken(tt.act(s, clk, access)); !errors.Is(got, tt.want) {
				t.Errorf("CheckAccessToken = %v, want %v", got, tt.want)
			}
		})
	}
}
