package oauth

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/oauth2"

	"github.com/portview/portview/internal/publish"
)

// sessionConfig is what a Session needs; Account fills it in, so that every
// session of a region shares the region's one limiter.
type sessionConfig struct {
	Region       Region
	Metadata     *Metadata
	ClientID     string
	ClientSecret string // empty for a public client
	RedirectURI  string
	Store        Store        // where every new token is saved before use
	HTTPClient   *http.Client // default http.DefaultClient
	Clock        Clock        // default: the wall clock
	Logger       *slog.Logger // default slog.Default()

	limiter *requestLimiter // the region's, from limiterFor
	// onDemand leaves out the background renewal: the session renews only
	// for a caller waiting in Token (Account.RestoreOnDemand).
	onDemand bool
	// onClientRefused, if set, is called when the provider no longer knows
	// the client, so the account can register a new one.
	onClientRefused func()
}

func tokenKey(regionID string) string { return regionID + "/token" }

// Session holds one region's sign-in and hands out valid access tokens. A
// background goroutine renews the token when 80% of its life has passed, so
// callers almost never wait; concurrent callers that do need a renewal share
// one request.
type Session struct {
	cfg     sessionConfig
	oauth   oauth2.Config
	clock   Clock
	log     *slog.Logger
	limiter *requestLimiter

	mu          sync.Mutex
	tok         *Token
	gen         int // counts tokens installed, so a waiter can tell a new one arrived
	nextRefresh time.Time
	invalidated bool          // a caller got a 401 with tok
	inflight    chan struct{} // closed when the running renewal ends; nil if none
	failures    int           // consecutive passing failures, for back-off
	state       State
	signedOut   bool // final: SignOut ran; nothing renews or installs after it
	closed      bool // final: Close ran; Token answers ErrClosed
	refreshes   int  // renewals sent to the provider
	blocked     int  // callers that had to wait for a renewal

	// parkedUntil is when the renewal goroutine's timer fires (Unix ns), 0
	// while it is awake, or math.MaxInt64 when it waits for a wake-up only.
	// Tests read it to move a manual clock only once the goroutine sleeps.
	parkedUntil atomic.Int64

	saves  sync.WaitGroup // saves of renewed tokens, which outlive Close
	states *publish.Latest[State]
	wake   chan struct{}
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// newSession starts a session with tok, which must already be in cfg.Store.
// Close it when done.
func newSession(cfg sessionConfig, tok *Token) *Session {
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = http.DefaultClient
	}
	if cfg.Clock == nil {
		cfg.Clock = realClock{}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.limiter == nil {
		cfg.limiter = limiterFor(cfg.Region.ID)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Session{
		cfg:     cfg,
		oauth:   oauthConfig(cfg.Metadata, cfg.ClientID, cfg.ClientSecret, cfg.RedirectURI, nil),
		clock:   cfg.Clock,
		log:     cfg.Logger.With("region", cfg.Region.ID),
		limiter: cfg.limiter,
		wake:    make(chan struct{}, 1),
		ctx:     ctx,
		cancel:  cancel,
	}
	s.states = publish.New(s.State)
	s.mu.Lock()
	s.installLocked(tok)
	s.mu.Unlock()
	s.wg.Go(func() { s.states.Run(s.ctx) })
	if !cfg.onDemand {
		s.wg.Add(1)
		go s.renewLoop()
	}
	return s
}

func oauthConfig(md *Metadata, clientID, secret, redirect string, scopes []string) oauth2.Config {
	return oauth2.Config{
		ClientID:     clientID,
		ClientSecret: secret,
		RedirectURL:  redirect,
		Scopes:       scopes,
		Endpoint: oauth2.Endpoint{
			AuthURL:  md.AuthorizationEndpoint,
			TokenURL: md.TokenEndpoint,
			// LongPort accepts client_id in the body for public clients; a
			// fixed style also spares x/oauth2's probe, a second request
			// against a rate-limited endpoint.
			AuthStyle: oauth2.AuthStyleInParams,
		},
	}
}

// Region is the region this session signs in to.
func (s *Session) Region() Region { return s.cfg.Region }

// ClientID is the OAuth client the tokens were issued to; LongPort wants it
// in X-Api-Key.
func (s *Session) ClientID() string { return s.cfg.ClientID }

// State returns the session's current state.
func (s *Session) State() State {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state
}

// Subscribe calls fn with the current state and then after every change,
// from a goroutine of the session's (a GUI must hop to its UI goroutine); a
// slow fn sees the latest state rather than a backlog. The returned
// function stops the calls.
func (s *Session) Subscribe(fn func(State)) (cancel func()) { return s.states.Subscribe(fn) }

func (s *Session) poke(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

func (s *Session) setStateLocked(st State) {
	if s.signedOut && st.Kind != SignedOut {
		return // a renewal that ends after sign-out changes nothing
	}
	st.Region = s.cfg.Region
	if s.tok != nil {
		st.Expiry = s.tok.Expiry
		st.NextRefresh = s.nextRefresh
	}
	s.state = st
	s.states.Changed()
}

// Token returns an access token that keeps its margin (MinTokenLife, or a
// fifth of a short token's life). It waits only when the current token is
// expired or was invalidated, and then shares the one renewal under way.
// Errors wrap ErrSignInRequired when the user must sign in again, are a
// *RenewError while renewal is backing off, or ErrClosed after Close.
func (s *Session) Token(ctx context.Context) (*oauth2.Token, error) {
	// At most two renewals for one call: the second covers a token that
	// was refused (Invalidate) while the first was on the wire.
	for renewals := 0; ; renewals++ {
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			return nil, ErrClosed
		}
		now := s.clock.Now()
		switch s.state.Kind {
		case SignedOut:
			s.mu.Unlock()
			return nil, &SignInError{Reason: ReasonSignedOut}
		case SignInNeeded:
			err := &SignInError{Reason: s.state.Reason, Err: s.state.Err}
			s.mu.Unlock()
			return nil, err
		}
		if !s.invalidated && s.tok.Usable(now) {
			t := s.tok.OAuth2()
			s.mu.Unlock()
			return t, nil
		}
		if s.inflight == nil && s.state.Kind == BackingOff && (now.Before(s.state.RetryAt) || renewals == 2) {
			err := s.renewErrorLocked()
			s.mu.Unlock()
			return nil, err
		}
		if renewals == 2 {
			s.mu.Unlock()
			return nil, &RenewError{Reason: ReasonUnexpected, RetryAt: now, Err: errors.New("no usable token after two renewals")}
		}
		gen := s.gen
		done := s.startRenewLocked()
		if renewals == 0 {
			s.blocked++
		}
		s.mu.Unlock()

		select {
		case <-done:
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-s.ctx.Done():
			return nil, ErrClosed
		}
		// A token that arrived for this call is handed out whatever life
		// it has, even none: a server that issues short (or already
		// expired) tokens must not cause a loop of renewals.
		s.mu.Lock()
		if s.gen != gen && !s.invalidated && s.tok != nil && s.tok.AccessToken != "" {
			t := s.tok.OAuth2()
			s.mu.Unlock()
			return t, nil
		}
		s.mu.Unlock()
	}
}

// TokenFor is Token for a caller that needs the token to last, such as a
// script that hands it to a job: a token with less than life left, or less
// than a quarter of its own life when that is shorter (a server may issue
// short tokens), is renewed first, once, unless another Portview renewed it
// meanwhile. The token of that renewal is handed out whatever its life, so
// tokens shorter than asked for never cause a loop of renewals.
func (s *Session) TokenFor(ctx context.Context, life time.Duration) (*oauth2.Token, error) {
	t, err := s.Token(ctx)
	if err != nil {
		return nil, err
	}
	again := false
	s.mu.Lock()
	if s.tok != nil && s.tok.AccessToken == t.AccessToken {
		need := life
		if q := s.tok.life() / 4; q > 0 {
			need = min(need, q)
		}
		if t.Expiry.Sub(s.clock.Now()) < need {
			// Too short for this caller is, to Token, as good as refused.
			s.invalidated, again = true, true
		}
	}
	s.mu.Unlock()
	if !again {
		return t, nil
	}
	return s.Token(ctx)
}

func (s *Session) renewErrorLocked() *RenewError {
	return &RenewError{Reason: s.state.Reason, RetryAt: s.state.RetryAt, Capped: s.state.RetryCapped, Err: s.state.Err}
}

// Invalidate tells the session that the provider refused accessToken (a 401).
// The next Token call renews once, however many callers invalidate the same
// token; a token that was already replaced is ignored.
func (s *Session) Invalidate(accessToken string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tok != nil && s.tok.AccessToken == accessToken && !s.invalidated {
		s.log.Info("access token refused by the API, renewing")
		s.invalidated = true
	}
}

// install makes t the current token unless the user signed out meanwhile.
func (s *Session) install(t *Token) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.signedOut {
		return false
	}
	s.installLocked(t)
	return true
}

func (s *Session) loadStored() *Token {
	v, err := s.cfg.Store.Get(tokenKey(s.cfg.Region.ID))
	if err != nil {
		if !errors.Is(err, ErrNotFound) {
			s.log.Warn("could not read the stored token", "err", err)
		}
		return nil
	}
	t, err := unmarshalToken(v)
	if err != nil {
		s.log.Warn("ignoring the stored token", "err", err)
		return nil
	}
	return t
}

func (s *Session) save(t *Token) error {
	v, err := t.marshal()
	if err != nil {
		return err
	}
	return s.cfg.Store.Set(tokenKey(s.cfg.Region.ID), v)
}

func (s *Session) installLocked(t *Token) {
	s.tok = t
	s.gen++
	s.invalidated = false
	s.failures = 0
	s.nextRefresh = t.refreshAt()
	s.setStateLocked(State{Kind: SignedIn})
	s.poke(s.wake)
}

// Close stops the session's goroutines and any renewal under way, and
// returns without waiting for the keyring: a token being saved is still
// saved, by a goroutine of its own. After Close, Token returns ErrClosed.
func (s *Session) Close() {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.cancel()
	s.wg.Wait()
}

// Scopes are the scopes the current access token was granted, as the token
// response said; none if it did not say.
func (s *Session) Scopes() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tok == nil {
		return nil
	}
	return strings.Fields(s.tok.Scope)
}

// WaitSaves waits, at most until ctx ends, for the renewed tokens being
// saved to be in the store; a process about to exit calls it after Close,
// since an exit would cut a save short and lose the rotated refresh token.
func (s *Session) WaitSaves(ctx context.Context) error {
	done := make(chan struct{})
	go func() {
		s.saves.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
