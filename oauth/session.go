package oauth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"math/rand/v2"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/oauth2"
)

// Renewal back-off for passing failures (5xx, network): from about 5 s,
// doubling, at most 5 min, with ±20% jitter.
const (
	backoffBase = 5 * time.Second
	backoffMax  = 5 * time.Minute
	// wallCheck bounds how long the background goroutine sleeps at once, so
	// that after a system sleep it looks at the wall clock within this time.
	wallCheck = 30 * time.Second
	// requestTimeout bounds one call to the token or revocation endpoint.
	requestTimeout = 30 * time.Second
)

// Why a renewal is backing off: State.Reason and RenewError.Reason hold one
// of these, so a GUI can put them in its own words.
const (
	ReasonServerError = "server error"
	ReasonNetwork     = "network error"
	ReasonSlowDown    = "LongPort asked to slow down"
	ReasonClientLimit = "too many renewals in 10 minutes"
	ReasonUnexpected  = "unexpected answer"
)

// ErrSignInRequired means no access token can be had until the user signs in
// again: the session was signed out, or the provider refused its refresh
// token. Errors from Session.Token wrap it when that is the case.
var ErrSignInRequired = errors.New("sign-in required")

// SignInError says why a session needs a new sign-in.
type SignInError struct {
	Reason string // in words, for the user
	Err    error  // the provider's answer, if any
}

func (e *SignInError) Error() string        { return e.Reason }
func (e *SignInError) Unwrap() []error      { return []error{ErrSignInRequired, e.Err} }
func (e *SignInError) Is(target error) bool { return target == ErrSignInRequired }

// RenewError says why access could not be renewed just now, and when the
// session tries again by itself.
type RenewError struct {
	Reason  string // "server error", "network error", ...
	RetryAt time.Time
	Err     error
}

func (e *RenewError) Error() string {
	return fmt.Sprintf("could not renew access (%s); retrying at %s", e.Reason, e.RetryAt.Format(time.TimeOnly))
}
func (e *RenewError) Unwrap() error { return e.Err }

// SessionConfig is what a Session needs; Account fills it in.
type SessionConfig struct {
	Region       Region
	Metadata     *Metadata
	ClientID     string
	ClientSecret string // empty for a public client
	RedirectURI  string
	Store        Store        // where every new token is saved before use
	HTTPClient   *http.Client // default http.DefaultClient
	Clock        Clock        // default: the wall clock
	Logger       *slog.Logger // default slog.Default()

	limiter *requestLimiter // shared by everything that asks this region for tokens
}

func tokenKey(regionID string) string { return regionID + "/token" }

// Session holds one region's sign-in and hands out valid access tokens. A
// background goroutine renews the token when 80% of its life has passed, so
// callers almost never wait; concurrent callers that do need a renewal share
// one request.
type Session struct {
	cfg     SessionConfig
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
	subs        map[int]func(State)
	nextSub     int
	signedOut   bool // final: SignOut ran; nothing renews or installs after it
	refreshes   int  // renewals sent to the provider
	blocked     int  // callers that had to wait for a renewal

	// parkedUntil is when the renewal goroutine's timer fires (Unix ns), 0
	// while it is awake, or math.MaxInt64 when it waits for a wake-up only.
	// Tests read it to move a manual clock only once the goroutine sleeps.
	parkedUntil atomic.Int64

	notify chan struct{}
	wake   chan struct{}
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// NewSession starts a session with tok, which must already be in cfg.Store.
// Close it when done.
func NewSession(cfg SessionConfig, tok *Token) *Session {
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
		cfg.limiter = newRequestLimiter()
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Session{
		cfg:     cfg,
		oauth:   oauthConfig(cfg.Metadata, cfg.ClientID, cfg.ClientSecret, cfg.RedirectURI, nil),
		clock:   cfg.Clock,
		log:     cfg.Logger.With("region", cfg.Region.ID),
		limiter: cfg.limiter,
		subs:    map[int]func(State){},
		notify:  make(chan struct{}, 1),
		wake:    make(chan struct{}, 1),
		ctx:     ctx,
		cancel:  cancel,
	}
	s.mu.Lock()
	s.installLocked(tok)
	s.mu.Unlock()
	s.wg.Add(2)
	go s.renewLoop()
	go s.dispatch()
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
// from a goroutine of the session's (a GUI must hop to its UI goroutine). The
// returned function stops the calls.
func (s *Session) Subscribe(fn func(State)) (cancel func()) {
	s.mu.Lock()
	id := s.nextSub
	s.nextSub++
	s.subs[id] = fn
	s.mu.Unlock()
	s.poke(s.notify)
	return func() {
		s.mu.Lock()
		delete(s.subs, id)
		s.mu.Unlock()
	}
}

func (s *Session) poke(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

// dispatch delivers states in order from one goroutine; a slow subscriber
// sees the latest state rather than a backlog.
func (s *Session) dispatch() {
	defer s.wg.Done()
	for {
		select {
		case <-s.ctx.Done():
			return
		case <-s.notify:
		}
		s.mu.Lock()
		st := s.state
		fns := make([]func(State), 0, len(s.subs))
		for _, fn := range s.subs {
			fns = append(fns, fn)
		}
		s.mu.Unlock()
		for _, fn := range fns {
			fn(st)
		}
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
	s.poke(s.notify)
}

// Token returns an access token with at least MinTokenLife left. It waits
// only when the current token is expired or was invalidated, and then shares
// the one renewal under way. Errors wrap ErrSignInRequired when the user must
// sign in again, or are a *RenewError while renewal is backing off.
func (s *Session) Token(ctx context.Context) (*oauth2.Token, error) {
	waited := false
	for {
		s.mu.Lock()
		now := s.clock.Now()
		switch s.state.Kind {
		case SignedOut:
			s.mu.Unlock()
			return nil, &SignInError{Reason: "You are signed out of " + s.cfg.Region.Name + "."}
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
		if s.inflight == nil && s.state.Kind == BackingOff && now.Before(s.state.RetryAt) {
			err := &RenewError{Reason: s.state.Reason, RetryAt: s.state.RetryAt, Err: s.state.Err}
			s.mu.Unlock()
			return nil, err
		}
		gen := s.gen
		done := s.startRenewLocked()
		if !waited {
			s.blocked++
			waited = true
		}
		s.mu.Unlock()

		select {
		case <-done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		// A token that arrived for us is handed out even with little life
		// left: a server that issues short tokens must not cause a loop.
		s.mu.Lock()
		if s.gen != gen && !s.invalidated && s.tok != nil && s.tok.Expiry.After(s.clock.Now()) {
			t := s.tok.OAuth2()
			s.mu.Unlock()
			return t, nil
		}
		s.mu.Unlock()
	}
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

// startRenewLocked starts a renewal unless one is under way, and returns the
// channel closed when it ends.
func (s *Session) startRenewLocked() chan struct{} {
	if s.inflight != nil {
		return s.inflight
	}
	done := make(chan struct{})
	s.inflight = done
	cur := s.tok
	s.setStateLocked(State{Kind: Refreshing})
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		s.renew(cur)
		s.mu.Lock()
		s.inflight = nil
		s.mu.Unlock()
		close(done)
		s.poke(s.wake)
	}()
	return done
}

// renewLoop renews in the background when the time comes. It sleeps at most
// wallCheck at once and then compares wall-clock times, so a renewal that
// fell due while the computer slept happens right after it wakes.
func (s *Session) renewLoop() {
	defer s.wg.Done()
	for {
		s.mu.Lock()
		var due time.Time
		switch s.state.Kind {
		case SignedIn:
			due = s.nextRefresh
		case BackingOff:
			due = s.state.RetryAt
		}
		var timer <-chan time.Time
		until := int64(math.MaxInt64)
		if !due.IsZero() {
			wait := due.Sub(s.clock.Now())
			if wait <= 0 && s.inflight == nil {
				done := s.startRenewLocked()
				s.mu.Unlock()
				select {
				case <-done:
				case <-s.ctx.Done():
					return
				}
				continue
			}
			sleep := min(max(wait, 0), wallCheck)
			timer = s.clock.After(sleep)
			until = s.clock.Now().Add(sleep).UnixNano()
		}
		s.parkedUntil.Store(until)
		s.mu.Unlock()
		select {
		case <-timer:
		case <-s.wake:
		case <-s.ctx.Done():
			return
		}
		s.parkedUntil.Store(0)
	}
}

// renew gets a new token: from the store if another Portview already renewed
// it, else from the token endpoint. The new token is saved before anyone can
// use it, since the old refresh token stops working once the provider rotates it.
func (s *Session) renew(cur *Token) {
	for attempt := 1; ; attempt++ {
		now := s.clock.Now()
		adopted, latest := s.checkStore(cur, now)
		if adopted {
			return
		}
		cur = latest
		if cur.RefreshToken == "" {
			s.signInNeeded("Your sign-in to "+s.cfg.Region.Name+" has expired and cannot be renewed.", nil)
			return
		}
		if ok, next := s.limiter.take(now); !ok {
			s.backOff(next, ReasonClientLimit, errors.New("client-side limit on token requests reached"))
			return
		}

		s.mu.Lock()
		s.refreshes++
		s.mu.Unlock()
		t, err := s.refresh(cur.RefreshToken)
		if err != nil {
			if s.ctx.Err() != nil {
				return // closed while renewing
			}
			// Two Portview windows that renew at the same moment spend the
			// same refresh token; the loser takes the winner's token.
			if attempt == 1 && refusedGrant(err) && s.rotatedElsewhere(cur.RefreshToken) {
				continue
			}
			s.classify(err)
			return
		}
		tok := newToken(t, s.clock.Now(), cur.RefreshToken)
		if s.isSignedOut() {
			s.discard(tok, false)
			return
		}
		if err := s.save(tok); err != nil {
			// Keep the token anyway: the old refresh token is dead now, and
			// dropping the new one would sign the user out.
			s.log.Error("could not save the renewed token; it is kept in memory", "err", err)
		}
		if !s.install(tok) {
			s.discard(tok, true) // signed out while saving
			return
		}
		s.log.Info("access renewed", "expires", tok.Expiry)
		return
	}
}

// checkStore looks at the token another Portview window may have saved: a
// fresh one is adopted as it is; an older one that is not ours carries the
// live refresh token, since the provider rotated ours away.
func (s *Session) checkStore(cur *Token, now time.Time) (adopted bool, latest *Token) {
	stored := s.loadStored()
	if stored == nil || stored.AccessToken == cur.AccessToken {
		return false, cur
	}
	if stored.Usable(now) && now.Before(stored.refreshAt()) {
		s.log.Info("adopting the token another Portview window renewed")
		s.install(stored)
		return true, nil
	}
	if stored.RefreshToken != "" {
		return false, stored
	}
	return false, cur
}

func (s *Session) refresh(refreshToken string) (*oauth2.Token, error) {
	ctx, cancel := context.WithTimeout(context.WithValue(s.ctx, oauth2.HTTPClient, s.cfg.HTTPClient), requestTimeout)
	defer cancel()
	return s.oauth.TokenSource(ctx, &oauth2.Token{RefreshToken: refreshToken}).Token()
}

// rotationGrace is how long a refused renewal waits for another Portview's
// newer token to appear in the keyring before giving up on the sign-in.
var rotationGrace = time.Second

// rotatedElsewhere reports whether the store now holds a refresh token other
// than used, waiting up to rotationGrace (real time: another process is
// writing) for it to land.
func (s *Session) rotatedElsewhere(used string) bool {
	deadline := time.Now().Add(rotationGrace)
	for {
		if st := s.loadStored(); st != nil && st.RefreshToken != "" && st.RefreshToken != used {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		select {
		case <-time.After(100 * time.Millisecond):
		case <-s.ctx.Done():
			return false
		}
	}
}

func (s *Session) isSignedOut() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.signedOut
}

// discard drops a token that arrived after the user signed out: it comes
// out of the store if it was saved, and its refresh token is revoked.
func (s *Session) discard(t *Token, saved bool) {
	if saved {
		if err := s.cfg.Store.Delete(tokenKey(s.cfg.Region.ID)); err != nil {
			s.log.Warn("could not forget a token that arrived after sign-out", "err", err)
		}
	}
	s.revokeQuietly(t.RefreshToken)
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

// classify sorts a failed renewal: a refused grant needs a new sign-in; a
// rate limit waits for Retry-After; anything else backs off exponentially.
func (s *Session) classify(err error) {
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		s.backOff(time.Time{}, ReasonNetwork, err)
		return
	}
	status := 0
	if re.Response != nil {
		status = re.Response.StatusCode
	}
	switch {
	case refusedGrant(err):
		reason := "LongPort no longer accepts your sign-in to " + s.cfg.Region.Name + ". Please sign in again."
		s.signInNeeded(reason, providerError(status, re))
	case status == http.StatusTooManyRequests:
		var at time.Time
		if re.Response != nil {
			if wait, _ := RetryAfter(re.Response.Header.Get("Retry-After"), s.clock.Now()); wait > 0 {
				at = s.clock.Now().Add(wait)
			}
		}
		s.backOff(at, ReasonSlowDown, providerError(status, re))
	case status >= 500:
		s.backOff(time.Time{}, ReasonServerError, providerError(status, re))
	default:
		s.backOff(time.Time{}, ReasonUnexpected, providerError(status, re))
	}
}

// refusedGrant reports whether the token endpoint refused the grant itself
// (invalid_grant, or a 400 or 401), which no retry can mend.
func refusedGrant(err error) bool {
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		return false
	}
	if re.ErrorCode == "invalid_grant" {
		return true
	}
	return re.Response != nil && (re.Response.StatusCode == http.StatusBadRequest || re.Response.StatusCode == http.StatusUnauthorized)
}

// providerError describes a token endpoint failure without its body, which
// is not ours to log.
func providerError(status int, re *oauth2.RetrieveError) error {
	if re.ErrorCode != "" {
		if re.ErrorDescription != "" {
			return fmt.Errorf("token endpoint: HTTP %d %s: %s", status, re.ErrorCode, re.ErrorDescription)
		}
		return fmt.Errorf("token endpoint: HTTP %d %s", status, re.ErrorCode)
	}
	return fmt.Errorf("token endpoint: HTTP %d", status)
}

// backOff plans the next try at at, or, if at is zero, after an exponential
// delay with jitter.
func (s *Session) backOff(at time.Time, reason string, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures++
	if at.IsZero() {
		d := backoffBase << min(s.failures-1, 10)
		d = min(d, backoffMax)
		d = time.Duration(float64(d) * (0.8 + 0.4*rand.Float64()))
		at = s.clock.Now().Add(d)
	}
	s.log.Warn("could not renew access", "reason", reason, "err", err, "retry_at", at)
	s.setStateLocked(State{Kind: BackingOff, RetryAt: at, Reason: reason, Err: err})
}

func (s *Session) signInNeeded(reason string, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log.Warn("sign-in needed", "reason", reason, "err", err)
	s.setStateLocked(State{Kind: SignInNeeded, Reason: reason, Err: err})
}

// Close stops the session's goroutines and any renewal under way. Tokens
// were saved as they arrived, so nothing is lost.
func (s *Session) Close() {
	s.cancel()
	s.wg.Wait()
}
