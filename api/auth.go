package api

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Credential authorizes one try of a request.
type Credential struct {
	// Token is the access token the try carries; Refused gets it back.
	// It is never logged.
	Token string
	// Sign writes the credential's headers on req just before it is sent,
	// after the rate limit's wait, so a timestamp it signs is fresh; body is
	// the request body, nil for none.
	Sign func(req *http.Request, body []byte)
}

// Authorizer gives the credentials of a Client's requests: the OAuth
// session's Bearer token (the default, from Config.Tokens) or the legacy
// API-key signature (APIKeySigner).
type Authorizer interface {
	// Credential returns the credential for the next try, waiting for a
	// renewal under way; its error says whether the user must act (it then
	// wraps ErrSignInRequired).
	Credential(ctx context.Context) (Credential, error)
	// Refused tells the authorizer the API refused c with a 401, and
	// reports whether one more try with a fresh credential is worth it.
	Refused(c Credential) (retry bool)
}

// bearer is the OAuth mode: "Authorization: Bearer <token>" and the client
// ID as X-Api-Key, as the official SDK sends them.
type bearer struct {
	clientID string
	tokens   TokenSource
}

func (b *bearer) Credential(ctx context.Context) (Credential, error) {
	tok, err := b.tokens.Token(ctx)
	switch {
	case err != nil:
		return Credential{}, err
	case tok == nil || tok.AccessToken == "":
		return Credential{}, errEmptyToken
	}
	access := tok.AccessToken
	return Credential{Token: access, Sign: func(req *http.Request, _ []byte) {
		req.Header.Set("Authorization", "Bearer "+access)
		req.Header.Set("X-Api-Key", b.clientID)
		req.Header.Set("x-dc-region", dcRegion(access))
	}}, nil
}

func (b *bearer) Refused(c Credential) bool {
	b.tokens.Invalidate(c.Token)
	return true
}

var errEmptyToken = errors.New("the session gave an empty access token")

// dcRegion is the x-dc-region header, on every request as the SDKs send it:
// "us" when a credential starts with us_, else "ap", which is also what the
// gateway assumes without the header.
func dcRegion(credentials ...string) string {
	for _, c := range credentials {
		if strings.HasPrefix(c, "us_") {
			return "us"
		}
	}
	return "ap"
}

// APIKey is the legacy credentials of API-key mode, for one request.
type APIKey struct {
	AppKey    string // the developer centre's App Key; not secret
	AppSecret string // signs; never sent
	Token     string // the legacy access token, sent as it is
}

// APIKeySource gives the legacy credentials for each request; the token
// may change when it is renewed.
type APIKeySource interface {
	APIKey(ctx context.Context) (APIKey, error)
	// Refused tells the source the API refused token with a 401, and
	// reports whether a newer token is there to try.
	Refused(token string) (newer bool)
}

// APIKeySigner is the legacy API-key mode: every request carries the app
// key, the raw token, X-Timestamp and X-Api-Signature, as the SDKs sign.
//
// The timestamp is integer unix milliseconds, as the Go SDK sends it. The
// SDKs disagree (longport-api.md 4.3): the Rust SDK sends integer seconds,
// the Go SDK integer milliseconds, the docs float seconds. All three are in
// use against the live gateway, so each is accepted there; what decides is
// 403202, "duplicate request: same X-Timestamp reused". With seconds, two
// calls in one second (the quote API allows ten, and a 429 is retried after
// 100 ms) would carry the same timestamp; with milliseconds, and a signer
// that never repeats a value, no two requests ever do. Milliseconds are
// also the format of the digest's vector C, so the signature is tested
// exactly as it is sent.
type APIKeySigner struct {
	Keys APIKeySource
	// Now is the clock of X-Timestamp; default time.Now.
	Now func() time.Time

	mu   sync.Mutex
	last int64 // the last timestamp sent, in ms
}

// Credential implements Authorizer.
func (s *APIKeySigner) Credential(ctx context.Context) (Credential, error) {
	k, err := s.Keys.APIKey(ctx)
	if err != nil {
		return Credential{}, err
	}
	if k.AppKey == "" || k.AppSecret == "" || k.Token == "" {
		return Credential{}, errors.New("the API key is incomplete")
	}
	return Credential{Token: k.Token, Sign: func(req *http.Request, body []byte) {
		ts := s.timestamp()
		req.Header.Set("Authorization", k.Token)
		req.Header.Set("X-Api-Key", k.AppKey)
		req.Header.Set("X-Timestamp", ts)
		req.Header.Set("x-dc-region", dcRegion(k.AppKey, k.AppSecret, k.Token))
		if len(body) > 0 {
			req.Header.Set("Content-Type", "application/json; charset=utf-8")
		}
		req.Header.Set("X-Api-Signature", Signature(k.AppSecret, SignatureInput{
			Method: req.Method, Path: req.URL.Path, Query: req.URL.RawQuery,
			Token: k.Token, AppKey: k.AppKey, Timestamp: ts, Body: body,
		}))
	}}, nil
}

// Refused implements Authorizer: a refused legacy token is retried only
// when the source renewed it meanwhile.
func (s *APIKeySigner) Refused(c Credential) bool { return s.Keys.Refused(c.Token) }

// timestamp returns a new X-Timestamp, later than any before.
func (s *APIKeySigner) timestamp() string {
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	ms := now().UnixMilli()
	s.mu.Lock()
	defer s.mu.Unlock()
	if ms <= s.last {
		ms = s.last + 1
	}
	s.last = ms
	return strconv.FormatInt(ms, 10)
}
