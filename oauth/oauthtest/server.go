// Package oauthtest provides a fake LongPort OAuth 2.0 authorization server,
// the way net/http/httptest provides a fake HTTP server.
//
// The fake implements discovery (RFC 8414), dynamic client registration
// (RFC 7591, RFC 7592), the authorization code grant with PKCE (RFC 6749,
// RFC 7636), refresh token rotation, token revocation (RFC 7009) and the
// iss authorization response parameter (RFC 9207), following the behaviour
// documented for LongPort OpenAPI. Tests drive it through failure knobs
// (FailNext, FailUntil, SetDelay, EditDiscovery), an injectable clock and the
// Approve and Deny helpers, which play the user's browser.
//
// The server logs nothing: tokens and secrets never reach any output.
package oauthtest

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"sync"
	"time"
)

// Options configure a Server; the zero value is a sensible fake.
type Options struct {
	// Addr is the listen address; default "127.0.0.1:0" (the sandbox may pass a fixed port).
	Addr string
	// TokenLifetime is the access token lifetime; default 1h.
	TokenLifetime time.Duration
	// RefreshLifetime is the refresh token lifetime, renewed on every rotation; default 30 days.
	RefreshLifetime time.Duration
	// Now is the clock for every expiry decision; default time.Now.
	Now func() time.Time
	// AutoApprove makes GET /oauth2/authorize redirect with a code at once, with no consent page.
	AutoApprove bool
	// Scopes is scopes_supported in discovery; nil means {"4","5","6","7","10","11"}.
	Scopes []string
	// OmitScopes leaves scopes_supported out of discovery.
	OmitScopes bool
	// IssParameter advertises authorization_response_iss_parameter_supported
	// and adds iss to every authorization response (RFC 9207).
	IssParameter bool
	// DisableRevocation removes revocation_endpoint from discovery; the endpoint then 404s.
	DisableRevocation bool
	// ExpiresInAsString sends "expires_in" as a JSON string ("3600"), as some servers do.
	ExpiresInAsString bool
	// AccessTokenPrefix is prepended to access tokens, e.g. "us_" for the x-dc-region logic.
	AccessTokenPrefix string
	// ConfidentialClients makes dynamic registration issue a client_secret to every client.
	ConfidentialClients bool
	// API serves every path the authorization server does not route, such
	// as LongPort's /v1/ API, so that a fake region answers on one host as
	// LongPort does (see package regiontest). Nil: those paths get 404.
	API http.Handler
}

// DefaultScopes are the scopes_supported seen on the live discovery document.
var DefaultScopes = []string{"4", "5", "6", "7", "10", "11"}

// Lifetimes the fake uses when Options leave them zero, and the fixed one
// for authorization codes and consent pages.
const (
	defaultTokenLifetime   = time.Hour
	defaultRefreshLifetime = 30 * 24 * time.Hour
	codeLifetime           = 10 * time.Minute
)

// Paths the server routes; discovery hands out absolute URLs built from them.
const (
	pathDiscovery = "/.well-known/oauth-authorization-server"
	pathAuthorize = "/oauth2/authorize"
	pathToken     = "/oauth2/token"
	pathRegister  = "/oauth2/register"
	pathRevoke    = "/oauth2/revoke"
	pathDevice    = "/oauth2/device/authorize"
)

// Server is a running fake authorization server.
type Server struct {
	// URL is the base URL, e.g. http://127.0.0.1:40123; it is also the issuer.
	URL string

	opts Options
	http *http.Server
	// served is closed when the Serve goroutine has returned.
	served chan struct{}
	// closing is closed by Close so that delayed handlers stop waiting.
	closing   chan struct{}
	closeOnce sync.Once
	// inflight counts running handlers; Add happens under mu and only
	// while !closed, so Close can Wait without racing new requests.
	inflight sync.WaitGroup

	mu            sync.Mutex
	closed        bool
	counts        Counts
	failNext      map[Endpoint]failNext
	failUntil     map[Endpoint]failUntil
	delays        map[Endpoint]time.Duration
	discoveryEdit []func(map[string]any)
	clients       map[string]*client
	consents      map[string]*authRequest
	codes         map[string]*authCode
	access        map[string]*accessToken
	refresh       map[string]*refreshToken
}

// Counts are the requests the server has received, per kind.
//
// Authorize counts authorization requests (GET), not consent submissions;
// Register counts registrations (POST), not RFC 7592 reads or deletes.
// Requests answered by an injected Failure are counted too.
type Counts struct {
	Discovery   int
	Register    int
	Authorize   int
	Exchange    int // token requests with grant_type=authorization_code
	Refresh     int // token requests with grant_type=refresh_token
	Revoke      int
	TokenErrors int // every non-2xx answer of the token endpoint
}

// NewServer starts a Server, listening and serving on return; it panics if it
// cannot listen, as httptest.NewServer does.
func NewServer(opts Options) *Server {
	s, err := Start(opts)
	if err != nil {
		panic("oauthtest: " + err.Error())
	}
	return s
}

// Start starts a Server like NewServer but returns the listen error, for
// callers such as the sandbox that pass a fixed port which may be taken.
func Start(opts Options) (*Server, error) {
	opts = withDefaults(opts)
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", opts.Addr, err)
	}
	s := &Server{
		URL:       "http://" + ln.Addr().String(),
		opts:      opts,
		served:    make(chan struct{}),
		closing:   make(chan struct{}),
		failNext:  make(map[Endpoint]failNext),
		failUntil: make(map[Endpoint]failUntil),
		delays:    make(map[Endpoint]time.Duration),
		clients:   make(map[string]*client),
		consents:  make(map[string]*authRequest),
		codes:     make(map[string]*authCode),
		access:    make(map[string]*accessToken),
		refresh:   make(map[string]*refreshToken),
	}
	s.http = &http.Server{
		Handler:           s.routes(),
		ReadHeaderTimeout: 10 * time.Second,
		// The fake must log nothing, not even net/http's own complaints.
		ErrorLog: log.New(io.Discard, "", 0),
	}
	go func() {
		defer close(s.served)
		_ = s.http.Serve(ln) // always ErrServerClosed after Close
	}()
	return s, nil
}

// withDefaults fills in every default in one place.
func withDefaults(o Options) Options {
	if o.Addr == "" {
		o.Addr = "127.0.0.1:0"
	}
	if o.TokenLifetime <= 0 {
		o.TokenLifetime = defaultTokenLifetime
	}
	if o.RefreshLifetime <= 0 {
		o.RefreshLifetime = defaultRefreshLifetime
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Scopes == nil {
		o.Scopes = DefaultScopes
	}
	o.Scopes = append([]string(nil), o.Scopes...)
	return o
}

// Issuer returns the issuer identifier, which is URL exactly (no trailing slash).
func (s *Server) Issuer() string { return s.URL }

// Close stops the server, aborts delayed responses and waits until no
// goroutine of the server is left. It may be called more than once.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		s.mu.Lock()
		s.closed = true
		s.mu.Unlock()
		close(s.closing)
		_ = s.http.Close()
		<-s.served
		s.inflight.Wait()
		// Like httptest.Server.Close: most clients use the default
		// transport, whose idle connections to us would otherwise keep
		// reader goroutines alive and upset goleak.
		if t, ok := http.DefaultTransport.(interface{ CloseIdleConnections() }); ok {
			t.CloseIdleConnections()
		}
	})
}

// Counts returns what the server has received so far.
func (s *Server) Counts() Counts {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.counts
}

// now reads the injected clock.
func (s *Server) now() time.Time { return s.opts.Now() }

// errClosed answers requests that arrive while Close runs.
var errClosed = errors.New("server closed")

// track registers a running handler unless the server is closing.
func (s *Server) track() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return errClosed
	}
	s.inflight.Add(1)
	return nil
}

// randomToken returns 32 random bytes, base64url without padding: the shape
// of every token, code, client id and secret the server issues.
func randomToken() string {
	var b [32]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails since Go 1.24
	return base64.RawURLEncoding.EncodeToString(b[:])
}
