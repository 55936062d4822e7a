package oauth

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"time"

	"golang.org/x/oauth2"
)

// Refresh timing: renew once 80% of a token's life has passed, and never
// later than MinTokenLife before it expires.
const (
	refreshFraction = 0.8
	MinTokenLife    = 30 * time.Second
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
	life := time.Duration(t.ExpiresIn) * time.Second
	if life <= 0 {
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

// Usable reports whether the token can still be handed to a caller at now.
func (t *Token) Usable(now time.Time) bool {
	return t != nil && t.AccessToken != "" && t.Expiry.Sub(now) >= MinTokenLife
}

// refreshAt is when to renew t: 80% into its life, less up to 2% (at most a
// minute) of jitter so that many clients do not renew in step, and at the
// latest MinTokenLife before expiry.
func (t *Token) refreshAt() time.Time {
	life := t.Expiry.Sub(t.IssuedAt)
	at := t.IssuedAt.Add(time.Duration(float64(life) * refreshFraction))
	if jitter := min(life/50, time.Minute); jitter > 0 {
		at = at.Add(-rand.N(jitter))
	}
	if latest := t.Expiry.Add(-MinTokenLife); at.After(latest) {
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
