package oauthtest

import (
	"errors"
	"slices"
	"strings"
)

// Errors returned by CheckAccessToken; compare with errors.Is.
var (
	// ErrTokenMissing means no token was presented.
	ErrTokenMissing = errors.New("oauthtest: access token missing")
	// ErrTokenExpired means the token was issued here and has expired.
	ErrTokenExpired = errors.New("oauthtest: access token expired")
	// ErrTokenUnknown means the token was never issued here, or was revoked.
	ErrTokenUnknown = errors.New("oauthtest: access token unknown")
)

// CheckAccessToken reports whether token is a valid access token now: nil if
// so, ErrTokenMissing for "", ErrTokenExpired if it was issued here and has
// expired by Now() or through ExpireAccessTokens, and ErrTokenUnknown
// otherwise, revoked tokens included. Fake resource servers such as
// quotetest use it to answer Bearer requests.
func (s *Server) CheckAccessToken(token string) error {
	_, err := s.AccessTokenScopes(token)
	return err
}

// AccessTokenScopes returns the scopes granted to token when it is valid
// now, in the order the token response listed them, and the error of
// CheckAccessToken when it is not. Fake resource servers enforce each
// endpoint's scope with it.
func (s *Server) AccessTokenScopes(token string) ([]string, error) {
	if token == "" {
		return nil, ErrTokenMissing
	}
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.access[token]
	switch {
	case a == nil, a.revoked, a.grant.revoked:
		return nil, ErrTokenUnknown
	case a.expired, !now.Before(a.expiresAt):
		return nil, ErrTokenExpired
	}
	return strings.Fields(a.scope), nil
}

// ExpireAccessTokens makes every access token issued so far expired from now
// on, server side, as if the clock had passed them; tokens issued later are
// not affected.
func (s *Server) ExpireAccessTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, a := range s.access {
		a.expired = true
	}
}

// InvalidateRefreshTokens makes every refresh token issued so far invalid, so
// the next refresh with one gets invalid_grant, as after a server-side key
// rotation; tokens issued later are not affected.
func (s *Server) InvalidateRefreshTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range s.refresh {
		if r.spent == "" {
			r.spent = "invalidated by the server"
		}
	}
}

// Scopes are the scopes the server lists in discovery (Options.Scopes).
func (s *Server) Scopes() []string { return slices.Clone(s.opts.Scopes) }
