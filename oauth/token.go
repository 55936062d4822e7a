package oauth

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"time"

	"golang.org/x/oauth2"
)

// Refresh timing, in proportion to each token's own life, since a server
// may issue tokens of any life (RFC 6749 lets it choose expires_in).
const (
	// refreshFraction of its life into a token, less jitter, it is renewed.
	refreshFraction = 0.8
	// MinTokenLife is the margin of a long token: it is handed out only with
	// at least this much life left, and renewed at the latest this long
	// before it expires.
	MinTokenLife = 30 * time.Second
	// marginFraction of its life is the margin of a token too short for
	// MinTokenLife: 4 s of a 20 s token.
	marginFraction = 0.2
	// minScheduledLife is the shortest life renewed on a schedule; a
	// shorter token serves the call in flight and is renewed only when a
	// caller needs a newer one.
	minScheduledLife = 2 * time.Second
)

// Token is an access token with what Portview needs to plan its renewal. It
// is what the Store holds, as JSON, under "<region>/token".
type Token struct {
	AccessToken  string    `json:"access_token"`
	TokenType    string    `json:"token_type,omitempty"`
	RefreshToken string    `json:"refresh_token,omitempty"`
	Scope        string    `json:"scope,omitempty"`
	IssuedAt     time.Time `json:"issued_at"`
	Expiry       time.Time `json:"expiry"`
}

// defaultLifetime stands in for a missing expires_in (RFC 6749 lets the
// server leave it out); an hour is LongPort's usual access token life.
const defaultLifetime = time.Hour

// newToken turns a token endpoint reply into a Token, timed by now rather than
// by x/oauth2's own clock so that tests can run on a manual clock. A reply
// without a refresh token keeps the previous one.
func newToken(t *oauth2.Token, now time.Time, previousRefresh string) *Token {
	// x/oauth2 leaves ExpiresIn 0 when the reply has none; a negative
	// one is a token that arrived already expired.
	life := time.Duration(t.ExpiresIn) * time.Second
	if t.ExpiresIn == 0 {
		life = defaultLifetime
	}
	tok := &Token{
		AccessToken:  t.AccessToken,
		TokenType:    t.Type(),
		RefreshToken: t.RefreshToken,
		IssuedAt:     now,
		Expiry:       now.Add(life),
	}
	if scope, ok := t.Extra("scope").(string); ok {
		tok.Scope = scope
	}
	if tok.RefreshToken == "" {
		tok.RefreshToken = previousRefresh
	}
	return tok
}

// OAuth2 returns the token in x/oauth2's form.
func (t *Token) OAuth2() *oauth2.Token {
	return &oauth2.Token{AccessToken: t.AccessToken, TokenType: t.TokenType, RefreshToken: t.RefreshToken, Expiry: t.Expiry}
}

// life is how long the token was issued for; zero or less for a token
// that arrived already expired.
func (t *Token) life() time.Duration { return t.Expiry.Sub(t.IssuedAt) }

// margin is the life a token must have left to be handed out: MinTokenLife,
// or marginFraction of a shorter token's life.
func (t *Token) margin() time.Duration {
	life := t.life()
	if life <= 0 {
		return 0
	}
	return min(MinTokenLife, time.Duration(float64(life)*marginFraction))
}

// Usable reports whether the token can still be handed to a caller at now:
// it has not expired and keeps its margin.
func (t *Token) Usable(now time.Time) bool {
	if t == nil || t.AccessToken == "" {
		return false
	}
	left := t.Expiry.Sub(now)
	return left > 0 && left >= t.margin()
}

// scheduled reports whether t is renewed on a schedule at all: a token of
// under minScheduledLife, or one that arrived expired, is not.
func (t *Token) scheduled() bool { return t.life() >= minScheduledLife }

// onSchedule reports whether renewing t at now is a renewal on schedule: t
// is renewed on a schedule and has lived at least half its life.
func (t *Token) onSchedule(now time.Time) bool {
	return t.scheduled() && !now.Before(t.IssuedAt.Add(t.life()/2))
}

// refreshAt is when to renew t: 80% into its life, less up to 2% of its
// life (at most a minute) of jitter so that many clients do not renew in
// step, and at the latest its margin before expiry. It is zero for a token
// that is not renewed on a schedule.
func (t *Token) refreshAt() time.Time {
	if !t.scheduled() {
		return time.Time{}
	}
	life := t.life()
	at := t.IssuedAt.Add(time.Duration(float64(life) * refreshFraction))
	if jitter := min(life/50, time.Minute); jitter > 0 {
		at = at.Add(-rand.N(jitter))
	}
	if latest := t.Expiry.Add(-t.margin()); at.After(latest) {
		at = latest
	}
	return at
}

func (t *Token) marshal() (string, error) {
	b, err := json.Marshal(t)
	return string(b), err
}

func unmarshalToken(s string) (*Token, error) {
	var t Token
	if err := json.Unmarshal([]byte(s), &t); err != nil {
		return nil, fmt.Errorf("stored token is damaged: %w", err)
	}
	if t.AccessToken == "" && t.RefreshToken == "" {
		return nil, fmt.Errorf("stored token is empty")
	}
	return &t, nil
}

// String keeps tokens out of logs and error messages by accident.
func (t *Token) String() string {
	if t == nil {
		return "<nil token>"
	}
	return fmt.Sprintf("token(expires %s)", t.Expiry.Format(time.RFC3339))
}

// LogValue keeps tokens out of slog output.
func (t *Token) LogValue() slog.Value { return slog.StringValue(t.String()) }
