package oauth

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"
)

// SignInTimeout is how long a sign-in waits for the browser to come back.
const SignInTimeout = 5 * time.Minute

// Errors that end a sign-in attempt.
var (
	ErrSignInTimeout   = errors.New("the sign-in was not completed in time")
	ErrSignInCancelled = errors.New("the sign-in was cancelled")
)

// SignInOptions are the user's choices for a sign-in; zero values mean
// "as before, or automatic".
type SignInOptions struct {
	ClientID     string   // a client the user registered with LongPort; empty: register automatically
	ClientSecret string   // the secret of ClientID, if it has one; kept in the Store
	Scopes       []string // empty: the last choice, or DefaultScopes
	Port         int      // loopback port for a user-supplied ClientID; 0: the last one, or DefaultPort
	Locale       string   // BCP 47 language of the app, for the pages the browser shows on return; default English
}

// SignIn is one attempt to sign in through the system browser. The GUI shows
// AuthURL (for "copy link") and the time left until Deadline, and calls Wait.
type SignIn struct {
	AuthURL     string
	RedirectURI string
	Deadline    time.Time

	account  *Account
	md       *Metadata
	cfg      oauth2.Config
	lb       *loopback
	verifier string

	ctx    context.Context
	cancel context.CancelCauseFunc
	once   sync.Once
}

// StartSignIn prepares a sign-in and starts the loopback listener:
//
//  1. make sure of the region's metadata (discovering it if needed);
//  2. choose the client: the user's client ID, or the one registered before
//     if the server still knows it (RFC 7592), else none;
//  3. listen on 127.0.0.1 at the client's port; if that port is taken, a
//     registered client moves to a free port and registers again, and a
//     user-supplied one fails with ErrPortInUse, naming the port;
//  4. register Portview dynamically if there is no client yet;
//  5. make a single-use state and a PKCE verifier, and build the
//     authorization URL.
//
// The browser is not opened: call OpenBrowser. The listener lives until Wait
// returns or Cancel is called; Wait gives up after SignInTimeout.
func (a *Account) StartSignIn(ctx context.Context, opts SignInOptions) (*SignIn, error) {
	md, err := a.metadata(ctx)
	if err != nil {
		return nil, fmt.Errorf("discover the sign-in settings: %w", err)
	}
	state := rand.Text() // 26 base32 characters: 130 random bits
	known := a.Client()
	if opts.ClientID == "" && known.ID != "" && !known.UserSupplied && a.registrationGone(ctx) {
		a.forgetRefusedClient(known.ID)
		known = a.Client()
	}

	var (
		clientID, secret string
		lb               *loopback
	)
	if opts.ClientID != "" {
		clientID, secret = strings.TrimSpace(opts.ClientID), strings.TrimSpace(opts.ClientSecret)
		port := firstPort(opts.Port, known.Port)
		lb, err = listenLoopback(port, state, md.Issuer, md.AuthorizationResponseIssParameterSupported, opts.Locale)
		if errors.Is(err, ErrPortInUse) {
			return nil, fmt.Errorf("port %d is in use by another program, and your client ID's redirect URI must be http://127.0.0.1:%d/callback: close that program, or register another port with LongPort and enter it under Advanced: %w", port, port, ErrPortInUse)
		}
		if err != nil {
			return nil, err
		}
		if err := a.saveUserClient(clientID, secret, port); err != nil {
			lb.close()
			return nil, err
		}
	} else {
		lb, err = listenLoopback(known.Port, state, md.Issuer, md.AuthorizationResponseIssParameterSupported, opts.Locale)
		if errors.Is(err, ErrPortInUse) {
			a.env.Logger.Info("registered loopback port is taken, moving to a free one", "port", known.Port)
			known.ID = "" // a new port needs a new registration
			lb, err = listenLoopback(0, state, md.Issuer, md.AuthorizationResponseIssParameterSupported, opts.Locale)
		}
		if err != nil {
			return nil, err
		}
		if known.ID == "" || known.UserSupplied || known.Port != lb.port() {
			reg, err := register(ctx, a.env.HTTPClient, md, lb.redirectURI())
			if err == nil {
				err = a.saveRegistration(reg, lb.port())
			}
			if err != nil {
				lb.close()
				return nil, err
			}
			clientID, secret = reg.ClientID, reg.ClientSecret
		} else {
			clientID = known.ID
			if secret, err = a.clientSecret(); err != nil {
				lb.close()
				return nil, fmt.Errorf("read the client secret: %w", err)
			}
		}
	}

	scopes := opts.Scopes
	if len(scopes) == 0 {
		scopes = known.Scopes
	}
	if len(scopes) == 0 {
		scopes = DefaultScopes(md)
	}
	a.env.Prefs.SetString(a.pref("scopes"), strings.Join(scopes, " "))

	si := &SignIn{
		RedirectURI: lb.redirectURI(),
		Deadline:    a.env.Clock.Now().Add(SignInTimeout),
		account:     a,
		md:          md,
		cfg:         oauthConfig(md, clientID, secret, lb.redirectURI(), scopes),
		lb:          lb,
		verifier:    oauth2.GenerateVerifier(),
	}
	params := []oauth2.AuthCodeOption{oauth2.S256ChallengeOption(si.verifier)}
	if opts.Locale != "" {
		// OpenID Connect's ui_locales: a server that knows it shows its
		// sign-in and consent pages in the app's language (the sandbox does).
		params = append(params, oauth2.SetAuthURLParam("ui_locales", opts.Locale))
	}
	si.AuthURL = si.cfg.AuthCodeURL(state, params...)
	si.ctx, si.cancel = context.WithCancelCause(context.Background())
	return si, nil
}

func firstPort(values ...int) int {
	for _, v := range values {
		if v > 0 {
			return v
		}
	}
	return DefaultPort
}

func (a *Account) saveUserClient(clientID, secret string, port int) error {
	if secret == "" {
		a.forgetSecret("client_secret")
	} else if err := a.env.Store.Set(a.secret("client_secret"), secret); err != nil {
		return fmt.Errorf("save the client secret: %w", err)
	}
	a.forgetSecret("registration_access_token")
	a.env.Prefs.SetString(a.pref("client_id"), clientID)
	a.env.Prefs.SetString(a.pref("user_client"), "1")
	a.env.Prefs.SetString(a.pref("port"), strconv.Itoa(port))
	a.env.Prefs.RemoveValue(a.pref("registration_client_uri"))
	return nil
}

// OpenBrowser opens the authorization URL in the system browser. If it
// fails, the GUI offers AuthURL to copy.
func (si *SignIn) OpenBrowser() error {
	if err := si.account.env.OpenBrowser(si.AuthURL); err != nil {
		return fmt.Errorf("could not open the browser: %w", err)
	}
	return nil
}

// Cancel ends the attempt and closes the listener; Wait returns
// ErrSignInCancelled.
func (si *SignIn) Cancel() {
	si.cancel(ErrSignInCancelled)
	si.once.Do(si.lb.close)
}

// Wait waits for the browser to come back, exchanges the code for tokens,
// saves them, and returns the signed-in Session. The listener is closed
// whatever happens.
func (si *SignIn) Wait(ctx context.Context) (*Session, error) {
	defer si.once.Do(si.lb.close)
	defer si.cancel(nil)

	clock := si.account.env.Clock
	timer := clock.After(si.Deadline.Sub(clock.Now()))
	waitCtx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	go func() {
		select {
		case <-timer:
			stop(ErrSignInTimeout)
		case <-si.ctx.Done():
			stop(context.Cause(si.ctx))
		case <-waitCtx.Done():
		}
	}()
	code, err := si.lb.wait(waitCtx)
	if err != nil {
		if cause := context.Cause(waitCtx); cause != nil && waitCtx.Err() != nil {
			return nil, cause
		}
		return nil, err
	}
	si.once.Do(si.lb.close)

	a := si.account
	if ok, next, err := a.limiter.acquire(ctx, clock, false); err != nil {
		return nil, err
	} else if !ok {
		return nil, fmt.Errorf("too many sign-in attempts: try again after %s", next.Format(time.TimeOnly))
	}
	xctx, cancel := context.WithTimeout(context.WithValue(ctx, oauth2.HTTPClient, a.env.HTTPClient), requestTimeout)
	defer cancel()
	t, err := si.cfg.Exchange(xctx, code, oauth2.VerifierOption(si.verifier))
	if err != nil {
		var re *oauth2.RetrieveError
		if errors.As(err, &re) {
			status := 0
			if re.Response != nil {
				status = re.Response.StatusCode
			}
			return nil, fmt.Errorf("LongPort refused the sign-in: %w", providerError(status, re))
		}
		return nil, fmt.Errorf("exchange the code for tokens: %w", plainNetError(err))
	}
	tok := newToken(t, clock.Now(), "")
	raw, err := tok.marshal()
	if err == nil {
		err = a.env.Store.Set(tokenKey(a.region.ID), raw)
	}
	if err != nil {
		a.env.Logger.Error("could not save the new sign-in; it is kept for this run", "err", err)
	}
	a.env.Logger.Info("signed in", "region", a.region.ID, "expires", tok.Expiry)
	return a.newSession(si.md, si.cfg.ClientID, si.cfg.ClientSecret, tok, false), nil
}
