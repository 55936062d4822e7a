package oauth

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"sync"
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

// startRenewLocked starts a renewal unless one is under way, and returns the
// channel closed when it ends. A renewal is forced when a caller saw the
// token refused or the last one failed: only a renewal that is neither can
// be on schedule.
func (s *Session) startRenewLocked() chan struct{} {
	if s.inflight != nil {
		return s.inflight
	}
	done := make(chan struct{})
	s.inflight = done
	cur, forced := s.tok, s.invalidated || s.failures > 0
	s.setStateLocked(State{Kind: Refreshing})
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		s.renew(cur, forced)
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
// use it, since the old refresh token stops working once the provider rotates
// it. A Close while renewing ends renew at once; a save under way still lands.
func (s *Session) renew(cur *Token, forced bool) {
	release, ok := s.lockRenewal()
	if !ok {
		return // closed while another process renewed
	}
	// Released on return, unless a save of a renewed token has taken it
	// over: the lock must outlive a Close until that token is in the store.
	handedOff := false
	defer func() {
		if !handedOff {
			release()
		}
	}()
	for attempt := 1; ; attempt++ {
		now := s.clock.Now()
		adopted, latest, ok := s.checkStore(cur, now)
		if adopted || !ok {
			return
		}
		onSchedule := !forced && attempt == 1 && latest == cur && cur.onSchedule(now)
		cur = latest
		if cur.RefreshToken == "" {
			s.signInNeeded(ReasonNoRefreshToken, nil)
			return
		}
		if s.ctx.Err() != nil {
			return // closed: spend no slot of the region's limit
		}
		allowed, next, err := s.limiter.acquire(s.ctx, s.clock, onSchedule)
		if err != nil {
			return // closed while waiting for the spacing
		}
		if !allowed {
			s.backOff(next, ReasonClientLimit, false, errors.New("client-side limit on token requests reached"))
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
			if attempt == 1 && refusedGrant(err) && !clientRefused(err) && s.rotatedElsewhere(cur.RefreshToken) {
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
		handedOff = true
		s.saves.Add(1)
		saved := s.storeDo(func() {
			defer s.saves.Done()
			// Once the new token is saved, the next process may renew.
			defer release()
			if err := s.save(tok); err != nil {
				// Keep the token anyway: the old refresh token is dead now,
				// and dropping the new one would sign the user out.
				s.log.Error("could not save the renewed token; it is kept in memory", "err", err)
			}
		})
		if !saved {
			return // closed while the keyring was busy; the save goes on
		}
		if !s.install(tok) {
			s.discard(tok, true) // signed out while saving
			return
		}
		s.log.Info("access renewed", "expires", tok.Expiry)
		return
	}
}

// renewLockWait bounds the wait for another process's renewal: a little
// longer than its token request may take. After it the session renews
// without the lock, and the adoption in renew covers a clash.
const renewLockWait = requestTimeout + 5*time.Second

// lockRenewal takes the store's renewal lock for the region, if the store
// has one (RenewalLocker). release may be called more than once. ok is
// false when the session was closed while waiting.
func (s *Session) lockRenewal() (release func(), ok bool) {
	l, can := s.cfg.Store.(RenewalLocker)
	if !can {
		return func() {}, true
	}
	ctx, cancel := context.WithTimeout(s.ctx, renewLockWait)
	defer cancel()
	unlock, err := l.LockRenewal(ctx, s.cfg.Region.ID)
	if err != nil {
		if s.ctx.Err() != nil {
			return nil, false
		}
		s.log.Warn("renewing without the lock shared with other Portview processes", "err", err)
		return func() {}, true
	}
	var once sync.Once
	return func() { once.Do(unlock) }, true
}

// storeDo runs f, a call to the Store, and returns when f has returned
// (true) or the session is closed (false), whichever comes first. A keyring
// can take seconds to answer, and Close must not wait for it: f goes on by
// itself, so a token being saved is still saved.
func (s *Session) storeDo(f func()) bool {
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
		return true
	case <-s.ctx.Done():
		return false
	}
}

// checkStore looks at the token another Portview window may have saved: a
// fresh one is adopted as it is; an older one that is not ours carries the
// live refresh token, since the provider rotated ours away. ok is false when
// the session was closed while the store was read.
func (s *Session) checkStore(cur *Token, now time.Time) (adopted bool, latest *Token, ok bool) {
	var stored *Token
	if !s.storeDo(func() { stored = s.loadStored() }) {
		return false, nil, false
	}
	if stored == nil || stored.AccessToken == cur.AccessToken {
		return false, cur, true
	}
	if stored.Usable(now) && (stored.refreshAt().IsZero() || now.Before(stored.refreshAt())) {
		s.log.Info("adopting the token another Portview window renewed")
		s.install(stored)
		return true, nil, true
	}
	if stored.RefreshToken != "" {
		return false, stored, true
	}
	return false, cur, true
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
		var st *Token
		if !s.storeDo(func() { st = s.loadStored() }) {
			return false
		}
		if st != nil && st.RefreshToken != "" && st.RefreshToken != used {
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

// classify sorts a failed renewal: a refused grant or an unknown client
// needs a new sign-in; a rate limit waits for Retry-After, or the normal
// back-off when it gives no usable wait; anything else backs off
// exponentially.
func (s *Session) classify(err error) {
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		s.backOff(time.Time{}, ReasonNetwork, false, err)
		return
	}
	status := 0
	if re.Response != nil {
		status = re.Response.StatusCode
	}
	switch {
	case clientRefused(err):
		s.signInNeeded(ReasonClientUnknown, providerError(status, re))
		if s.cfg.onClientRefused != nil {
			s.storeDo(s.cfg.onClientRefused) // it deletes secrets from the keyring
		}
	case refusedGrant(err):
		s.signInNeeded(ReasonGrantRefused, providerError(status, re))
	case status == http.StatusTooManyRequests:
		var at time.Time
		var capped bool
		if re.Response != nil {
			var wait time.Duration
			if wait, capped = RetryAfter(re.Response.Header.Get("Retry-After"), s.clock.Now()); wait > 0 {
				at = s.clock.Now().Add(wait)
			}
		}
		s.backOff(at, ReasonSlowDown, capped, providerError(status, re))
	case status >= 500:
		s.backOff(time.Time{}, ReasonServerError, false, providerError(status, re))
	default:
		s.backOff(time.Time{}, ReasonUnexpected, false, providerError(status, re))
	}
}

// clientRefused reports whether the token endpoint does not know the client
// (invalid_client): no refresh token, however new, can mend that.
func clientRefused(err error) bool {
	var re *oauth2.RetrieveError
	return errors.As(err, &re) && re.ErrorCode == "invalid_client"
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
// delay with jitter. capped says the server asked for longer than
// MaxRetryAfter and at is cut to it.
func (s *Session) backOff(at time.Time, reason Reason, capped bool, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures++
	if at.IsZero() {
		d := backoffBase << min(s.failures-1, 10)
		d = min(d, backoffMax)
		d = time.Duration(float64(d) * (0.8 + 0.4*rand.Float64()))
		at = s.clock.Now().Add(d)
	}
	s.log.Warn("could not renew access", "reason", reason.String(), "err", err, "retry_at", at, "capped", capped)
	s.setStateLocked(State{Kind: BackingOff, RetryAt: at, RetryCapped: capped, Reason: reason, Err: err})
}

func (s *Session) signInNeeded(reason Reason, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log.Warn("sign-in needed", "reason", reason.String(), "err", err)
	s.setStateLocked(State{Kind: SignInNeeded, Reason: reason, Err: err})
}
