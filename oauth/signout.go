package oauth

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// ErrRevokeFailed means the server could not be told to revoke the sign-in;
// the tokens are forgotten on this computer all the same.
var ErrRevokeFailed = errors.New("the server could not be told to revoke the sign-in")

// SignOut revokes the refresh token (RFC 7009) when the server has a
// revocation endpoint, then forgets the tokens. The session is signed out
// for good even when that fails: an error wrapping ErrRevokeFailed means
// only the server was not told; any other error means the tokens could not
// be removed from the store.
func (s *Session) SignOut(ctx context.Context) error {
	s.mu.Lock()
	tok := s.tok
	inflight := s.inflight
	s.setStateLocked(State{Kind: SignedOut})
	s.signedOut = true
	s.tok = nil
	s.nextRefresh = time.Time{}
	s.mu.Unlock()
	if inflight != nil {
		// A renewal on the wire sees the sign-out when it ends, keeps
		// nothing and revokes what it got; wait for it so that the store
		// is emptied after any save it made.
		select {
		case <-inflight:
		case <-ctx.Done():
		}
	}

	var revokeErr error
	if ep := s.cfg.Metadata.RevocationEndpoint; ep != "" && tok != nil && tok.RefreshToken != "" {
		if err := revoke(ctx, s.cfg.HTTPClient, ep, s.cfg.ClientID, s.cfg.ClientSecret, tok.RefreshToken); err != nil {
			s.log.Warn("could not revoke the refresh token", "err", err)
			if errors.Is(err, errClientRefused) && s.cfg.onClientRefused != nil {
				s.cfg.onClientRefused()
			}
			revokeErr = fmt.Errorf("%w: %w", ErrRevokeFailed, err)
		}
	}
	if err := s.cfg.Store.Delete(tokenKey(s.cfg.Region.ID)); err != nil {
		return errors.Join(revokeErr, fmt.Errorf("forget the tokens: %w", err))
	}
	return revokeErr
}

// revokeQuietly revokes a refresh token nobody will use, logging a failure.
func (s *Session) revokeQuietly(refreshToken string) {
	ep := s.cfg.Metadata.RevocationEndpoint
	if ep == "" || refreshToken == "" {
		return
	}
	if err := revoke(s.ctx, s.cfg.HTTPClient, ep, s.cfg.ClientID, s.cfg.ClientSecret, refreshToken); err != nil {
		s.log.Warn("could not revoke a refresh token that arrived after sign-out", "err", err)
	}
}

// errClientRefused means the server does not know the client.
var errClientRefused = errors.New("the server does not know the client (invalid_client)")

// revoke asks the server to revoke a refresh token, which also ends the
// access tokens issued with it.
func revoke(ctx context.Context, hc *http.Client, endpoint, clientID, secret, refreshToken string) error {
	form := url.Values{"token": {refreshToken}, "token_type_hint": {"refresh_token"}, "client_id": {clientID}}
	if secret != "" {
		form.Set("client_secret", secret)
	}
	ctx, cancel := context.WithTimeout(ctx, requestTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := hc.Do(req)
	if err != nil {
		return fmt.Errorf("revoke the sign-in on the server: %w", plainNetError(err))
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if resp.StatusCode == http.StatusUnauthorized && bytes.Contains(body, []byte(`"invalid_client"`)) {
		return fmt.Errorf("revoke the sign-in on the server: HTTP 401: %w", errClientRefused)
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("revoke the sign-in on the server: HTTP %d (%s)", resp.StatusCode, excerpt(body))
	}
	return nil
}
