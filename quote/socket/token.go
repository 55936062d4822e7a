package socket

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"github.com/portview/portview/oauth"
)

// SocketToken is a one-time password for the socket's auth request, with
// the account's connection count when it was issued.
type SocketToken struct {
	OTP    string
	Limit  int // connections the account may hold; 0 if not told
	Online int // connections open when the token was issued
}

// TokenFetcher gets a fresh one-time socket token (GET /v1/socket/token).
// The HTTP client of the app implements it; HTTPTokens is a small one.
type TokenFetcher interface {
	SocketToken(ctx context.Context) (SocketToken, error)
}

// TokenFunc adapts a function to TokenFetcher.
type TokenFunc func(ctx context.Context) (SocketToken, error)

// SocketToken calls f.
func (f TokenFunc) SocketToken(ctx context.Context) (SocketToken, error) { return f(ctx) }

// AccessTokens hands out OAuth access tokens; *oauth.Session implements it.
type AccessTokens interface {
	Token(ctx context.Context) (*oauth2.Token, error)
	Invalidate(accessToken string)
}

// HTTPTokens fetches one-time tokens with an ordinary Bearer GET, renewing
// the access token once through the session when the API answers 401.
type HTTPTokens struct {
	BaseURL    string // the region's API base, such as https://openapi.longportapp.com
	ClientID   string // sent as X-Api-Key
	Tokens     AccessTokens
	HTTPClient *http.Client // default: a client with a 15 s timeout
}

// SocketToken implements TokenFetcher. Errors wrap oauth.ErrSignInRequired
// when the user must sign in again.
func (h *HTTPTokens) SocketToken(ctx context.Context) (SocketToken, error) {
	hc := h.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: 15 * time.Second}
	}
	for try := 0; ; try++ {
		tok, err := h.Tokens.Token(ctx)
		if err != nil {
			return SocketToken{}, fmt.Errorf("socket token: access token: %w", err)
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(h.BaseURL, "/")+"/v1/socket/token", nil)
		if err != nil {
			return SocketToken{}, fmt.Errorf("socket token: %w", err)
		}
		req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
		req.Header.Set("X-Api-Key", h.ClientID)
		req.Header.Set("x-dc-region", dcRegion(tok.AccessToken))
		req.Header.Set("Accept", "application/json")
		resp, err := hc.Do(req)
		if err != nil {
			return SocketToken{}, fmt.Errorf("socket token: %w", err)
		}
		body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
		if err != nil {
			return SocketToken{}, fmt.Errorf("socket token: read: %w", err)
		}
		var env struct {
			Code    int    `json:"code"`
			Message string `json:"message"`
			Data    *struct {
				OTP    string `json:"otp"`
				Limit  int    `json:"limit"`
				Online int    `json:"online"`
			} `json:"data"`
		}
		jsonErr := json.Unmarshal(body, &env)
		unauthorized := resp.StatusCode == http.StatusUnauthorized || env.Code/1000 == 401
		switch {
		case unauthorized && try == 0:
			h.Tokens.Invalidate(tok.AccessToken)
			continue
		case unauthorized:
			return SocketToken{}, fmt.Errorf("socket token: HTTP %d code %d: %w", resp.StatusCode, env.Code, oauth.ErrSignInRequired)
		case jsonErr != nil:
			return SocketToken{}, fmt.Errorf("socket token: HTTP %d: not an API answer: %w", resp.StatusCode, jsonErr)
		case env.Code != 0 || resp.StatusCode != http.StatusOK:
			return SocketToken{}, fmt.Errorf("socket token: HTTP %d code %d: %s", resp.StatusCode, env.Code, env.Message)
		case env.Data == nil || env.Data.OTP == "":
			return SocketToken{}, errors.New("socket token: the answer has no otp")
		}
		return SocketToken{OTP: env.Data.OTP, Limit: env.Data.Limit, Online: env.Data.Online}, nil
	}
}

// dcRegion is the x-dc-region header LongPort expects: us for a us_ token.
func dcRegion(accessToken string) string {
	if strings.HasPrefix(accessToken, "us_") {
		return "us"
	}
	return "ap"
}
