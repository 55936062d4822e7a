package oauth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/skratchdot/open-golang/open"
)

// Prefs keeps the settings that are not secret (client ID, redirect port,
// scopes, cached metadata). fyne.Preferences satisfies it.
type Prefs interface {
	String(key string) string
	SetString(key, value string)
	RemoveValue(key string)
}

// Env is what an Account needs from the app around it. Zero fields get
// working defaults, except Prefs and Store.
type Env struct {
	HTTPClient  *http.Client
	Store       Store // secrets: the OS keyring, usually through a FallbackStore
	Prefs       Prefs
	Clock       Clock
	Logger      *slog.Logger
	OpenBrowser func(url string) error // default: the system browser, through open-golang
}

func (e *Env) fill() {
	if e.HTTPClient == nil {
		e.HTTPClient = http.DefaultClient
	}
	if e.Clock == nil {
		e.Clock = realClock{}
	}
	if e.Logger == nil {
		e.Logger = slog.Default()
	}
	if e.OpenBrowser == nil {
		e.OpenBrowser = open.Run
	}
}

// ErrNoSession means no sign-in is stored for the region.
var ErrNoSession = errors.New("not signed in")

// Account is one region's sign-in as the app sees it: its metadata, its
// registered client, its stored tokens.
type Account struct {
	env     Env
	region  Region
	limiter *requestLimiter

	mu sync.Mutex
	md *Metadata
}

var (
	limitersMu sync.Mutex
	limiters   = map[string]*requestLimiter{}
)

// limiterFor returns the one token-request limiter of a region in this
// process, however many Accounts and Sessions are made for it.
func limiterFor(regionID string) *requestLimiter {
	limitersMu.Lock()
	defer limitersMu.Unlock()
	l, ok := limiters[regionID]
	if !ok {
		l = newRequestLimiter()
		limiters[regionID] = l
	}
	return l
}

// NewAccount returns the account of region. It does no I/O but reading the
// preferences, so the GUI may call it on its own goroutine.
func NewAccount(env Env, region Region) *Account {
	env.fill()
	a := &Account{env: env, region: region, limiter: limiterFor(region.ID)}
	if raw := env.Prefs.String(a.pref("metadata")); raw != "" {
		var md Metadata
		if json.Unmarshal([]byte(raw), &md) == nil && md.validate(region.BaseURL) == nil {
			a.md = &md
		}
	}
	return a
}

// Region is the account's region.
func (a *Account) Region() Region { return a.region }

func (a *Account) pref(name string) string { return "region." + a.region.ID + "." + name }
func (a *Account) secret(name string) string {
	return a.region.ID + "/" + name
}

// Metadata returns the region's metadata from the last discovery, possibly
// from an earlier run, or nil.
func (a *Account) Metadata() *Metadata {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.md
}

// SetMetadata records freshly discovered metadata and keeps it for the next
// start, so that a stored session starts without waiting for the network.
func (a *Account) SetMetadata(md *Metadata) {
	a.mu.Lock()
	a.md = md
	a.mu.Unlock()
	if raw, err := json.Marshal(md); err == nil {
		a.env.Prefs.SetString(a.pref("metadata"), string(raw))
	}
}

// Discover fetches the region's metadata and records it.
func (a *Account) Discover(ctx context.Context) (*Metadata, error) {
	md, err := Discover(ctx, a.env.HTTPClient, a.region.BaseURL)
	if err != nil {
		return nil, err
	}
	a.SetMetadata(md)
	return md, nil
}

func (a *Account) metadata(ctx context.Context) (*Metadata, error) {
	if md := a.Metadata(); md != nil {
		return md, nil
	}
	return a.Discover(ctx)
}

// Client describes the OAuth client the account signs in with.
type Client struct {
	ID           string // empty until registered or entered
	UserSupplied bool   // entered by the user rather than registered by Portview
	Port         int    // the loopback port of its redirect URI
	Scopes       []string
}

// Client returns the account's client settings.
func (a *Account) Client() Client {
	c := Client{
		ID:           a.env.Prefs.String(a.pref("client_id")),
		UserSupplied: a.env.Prefs.String(a.pref("user_client")) == "1",
		Port:         DefaultPort,
	}
	if p, err := strconv.Atoi(a.env.Prefs.String(a.pref("port"))); err == nil && p > 0 {
		c.Port = p
	}
	if s := a.env.Prefs.String(a.pref("scopes")); s != "" {
		c.Scopes = strings.Fields(s)
	}
	return c
}

// saveRegistration keeps a registration: the secrets in the store first, then
// the plain settings.
func (a *Account) saveRegistration(reg *Registration, port int) error {
	for name, v := range map[string]string{"client_secret": reg.ClientSecret, "registration_access_token": reg.RegistrationAccessToken} {
		if v == "" {
			a.forgetSecret(name)
		} else if err := a.env.Store.Set(a.secret(name), v); err != nil {
			return fmt.Errorf("save the registration: %w", err)
		}
	}
	a.env.Prefs.SetString(a.pref("client_id"), reg.ClientID)
	a.env.Prefs.SetString(a.pref("user_client"), "")
	a.env.Prefs.SetString(a.pref("port"), strconv.Itoa(port))
	a.env.Prefs.SetString(a.pref("registration_client_uri"), reg.RegistrationClientURI)
	return nil
}

// forgetSecret drops a secret the account no longer has. A keyring that
// cannot be asked cannot hand the stale value out either (the store falls
// back to memory), so the failure is only logged.
func (a *Account) forgetSecret(name string) {
	if err := a.env.Store.Delete(a.secret(name)); err != nil {
		a.env.Logger.Warn("could not delete an old secret from the keyring", "name", name, "err", err)
	}
}

func (a *Account) clientSecret() (string, error) {
	v, err := a.env.Store.Get(a.secret("client_secret"))
	if errors.Is(err, ErrNotFound) {
		return "", nil
	}
	return v, err
}

// Restore returns a Session from the stored sign-in, or ErrNoSession. It
// reads the keyring and may discover the metadata, so it must not run on
// the UI goroutine.
func (a *Account) Restore(ctx context.Context) (*Session, error) {
	return a.restore(ctx, false)
}

// RestoreOnDemand is Restore for a process that lives for one call, such as
// the token command: its Session renews only while a caller waits in Token,
// never in the background, so that closing it right after cannot cut a
// renewal short, which would lose the rotated refresh token.
func (a *Account) RestoreOnDemand(ctx context.Context) (*Session, error) {
	return a.restore(ctx, true)
}

func (a *Account) restore(ctx context.Context, onDemand bool) (*Session, error) {
	clientID := a.Client().ID
	if clientID == "" {
		return nil, ErrNoSession
	}
	raw, err := a.env.Store.Get(tokenKey(a.region.ID))
	if errors.Is(err, ErrNotFound) {
		return nil, ErrNoSession
	}
	if err != nil {
		return nil, fmt.Errorf("read the stored sign-in: %w", err)
	}
	tok, err := unmarshalToken(raw)
	if err != nil {
		a.env.Logger.Warn("discarding a damaged stored token", "region", a.region.ID, "err", err)
		return nil, ErrNoSession
	}
	secret, err := a.clientSecret()
	if err != nil {
		return nil, fmt.Errorf("read the client secret: %w", err)
	}
	md, err := a.metadata(ctx)
	if err != nil {
		return nil, err
	}
	return a.newSession(md, clientID, secret, tok, onDemand), nil
}

func (a *Account) newSession(md *Metadata, clientID, secret string, tok *Token, onDemand bool) *Session {
	forget := func() { a.forgetRefusedClient(clientID) }
	if onDemand {
		// An on-demand session serves a command whose preferences are read
		// only: forgetting the client there would delete its secrets from
		// the shared keyring and leave the app's preferences naming it. The
		// app forgets it when its own session meets the refusal.
		forget = nil
	}
	return newSession(sessionConfig{
		onDemand:        onDemand,
		Region:          a.region,
		Metadata:        md,
		ClientID:        clientID,
		ClientSecret:    secret,
		Store:           a.env.Store,
		HTTPClient:      a.env.HTTPClient,
		Clock:           a.env.Clock,
		Logger:          a.env.Logger,
		limiter:         a.limiter,
		onClientRefused: forget,
	}, tok)
}

// forgetRefusedClient drops a registration the provider no longer knows (it
// expired, or the app was deleted in the developer centre), so the next
// sign-in registers Portview again instead of sending the browser to a page
// that says the application is not registered. A client ID the user entered
// stays: only they can mend it, and the GUI tells them how.
func (a *Account) forgetRefusedClient(clientID string) {
	c := a.Client()
	if c.UserSupplied || c.ID != clientID {
		return
	}
	a.env.Logger.Warn("the server no longer knows Portview's registered client; the next sign-in registers again", "region", a.region.ID)
	a.env.Prefs.RemoveValue(a.pref("client_id"))
	a.env.Prefs.RemoveValue(a.pref("registration_client_uri"))
	a.forgetSecret("client_secret")
	a.forgetSecret("registration_access_token")
}

// registrationGone asks the server, through RFC 7592's read of the client's
// registration, whether it still knows the registered client. Only a clear
// no (401, 403 or 404) counts; no answer, or no way to ask, is not a no.
func (a *Account) registrationGone(ctx context.Context) bool {
	uri := a.env.Prefs.String(a.pref("registration_client_uri"))
	if uri == "" {
		return false
	}
	rat, err := a.env.Store.Get(a.secret("registration_access_token"))
	if err != nil || rat == "" {
		return false
	}
	ctx, cancel := context.WithTimeout(ctx, registrationCheckTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, uri, nil)
	if err != nil {
		return false
	}
	req.Header.Set("Authorization", "Bearer "+rat)
	req.Header.Set("Accept", "application/json")
	resp, err := a.env.HTTPClient.Do(req)
	if err != nil {
		a.env.Logger.Info("could not check the registered client; using it", "err", plainNetError(err))
		return false
	}
	resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound:
		return true
	}
	return false
}

// registrationCheckTimeout bounds the check of a registration before a
// sign-in; a slow answer only means the check is skipped.
const registrationCheckTimeout = 5 * time.Second

// StoredSession describes a region's stored sign-in without its secrets,
// for the status command. It reads the keyring and nothing else: no
// network, no renewal.
type StoredSession struct {
	ClientID string
	// Granted are the scopes the stored token's response granted; none if
	// it did not say. Requested are those the sign-in asked for.
	Granted, Requested []string
	// AccessExpiry is when the stored access token expires; it may have
	// passed, which a renewal mends.
	AccessExpiry time.Time
	// RenewedAt is when the stored token was issued: LongPort's refresh
	// tokens live about 30 days from their last rotation, but the token
	// endpoint does not say, so their expiry is unknown.
	RenewedAt time.Time
	// Renewable says a refresh token is stored.
	Renewable bool
}

// Stored returns the region's stored sign-in, or ErrNoSession; other errors
// are the keyring's.
func (a *Account) Stored() (StoredSession, error) {
	c := a.Client()
	if c.ID == "" {
		return StoredSession{}, ErrNoSession
	}
	raw, err := a.env.Store.Get(tokenKey(a.region.ID))
	if errors.Is(err, ErrNotFound) {
		return StoredSession{}, ErrNoSession
	}
	if err != nil {
		return StoredSession{}, fmt.Errorf("read the stored sign-in: %w", err)
	}
	tok, err := unmarshalToken(raw)
	if err != nil {
		return StoredSession{}, ErrNoSession
	}
	return StoredSession{
		ClientID:     c.ID,
		Granted:      strings.Fields(tok.Scope),
		Requested:    c.Scopes,
		AccessExpiry: tok.Expiry,
		RenewedAt:    tok.IssuedAt,
		Renewable:    tok.RefreshToken != "",
	}, nil
}
