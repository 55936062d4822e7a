package apikey

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/portview/portview/api"
	"github.com/portview/portview/oauth"
)

// Lifetime is a legacy token's documented life, asked for on each renewal.
const Lifetime = 90 * 24 * time.Hour

// RenewBefore is how long before expiry the session renews the token.
const RenewBefore = 14 * 24 * time.Hour

// Backoff of a renewal that failed for a passing reason (network, 5xx, 429).
const (
	firstRetry = 10 * time.Minute
	maxRetry   = 6 * time.Hour
)

// ErrNoCredentials means no API key is stored for the region.
var ErrNoCredentials = errors.New("no API key stored for this region")

// Config is what a Session needs. Fields without a stated default are required.
type Config struct {
	Region oauth.Region
	Store  oauth.Store // the keyring: the App Secret and the Access Token
	Prefs  oauth.Prefs // the App Key, the expiry and the source
	// Clock is the session's time; default oauth.WallClock.
	Clock oauth.Clock
	// HTTPClient sends the renewals; default http.DefaultClient.
	HTTPClient *http.Client
	// Logger receives the technical detail, never a secret; default: discard.
	Logger *slog.Logger
	// UserAgent is sent with the renewals; default "Portview".
	UserAgent string
}

func (cfg *Config) setDefaults() {
	if cfg.Clock == nil {
		cfg.Clock = oauth.WallClock
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = http.DefaultClient
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
}

// Where the credentials are kept: the secrets in the store, the rest in
// the preferences, each under the region's ID as oauth keeps its own.
func secretKey(region string) string { return region + "/apikey.app_secret" }
func tokenKey(region string) string  { return region + "/apikey.access_token" }
func prefKey(region, name string) string {
	return "region." + region + ".apikey." + name
}

// Stored reports whether an API key is stored for region: the region then
// signs in with it, never with OAuth.
func Stored(prefs oauth.Prefs, region oauth.Region) bool {
	return prefs.String(prefKey(region.ID, "app_key")) != ""
}

// State is where a session's access stands.
type State struct {
	Region  oauth.Region
	AppKey  string
	FromEnv bool
	// Expiry is when the token stops working; zero when not known, and
	// then the session does not renew it.
	Expiry time.Time
	// RenewAt is when the session renews the token: 14 days before Expiry.
	RenewAt time.Time
	// Renewing is set while a renewal is under way.
	Renewing bool
	// Renewed is when the token was last renewed in this run; zero if not.
	Renewed time.Time
	// RetryAt is when a renewal that failed for a passing reason is tried
	// again; zero when none failed.
	RetryAt time.Time
	// Refused holds why LongPort refused the renewal: the user must act
	// in the developer centre; the session no longer renews.
	Refused error
}

// Session is the signed-in API-key mode of one region. It is safe for
// concurrent use.
type Session struct {
	cfg    Config
	client *api.Client // for the renewals
	signer *api.APIKeySigner

	mu     sync.Mutex
	creds  Credentials
	state  State
	subs   map[int]func(State)
	nextID int
	ctx    context.Context
	stop   context.CancelFunc
	done   chan struct{}
}

// Save checks c, keeps it (the secret and the token in the store, first)
// and returns a session for it. It is how a new API key signs in.
func Save(cfg Config, c Credentials) (*Session, error) {
	c = c.trimmed()
	if err := c.Check(); err != nil {
		return nil, err
	}
	if err := cfg.Store.Set(secretKey(cfg.Region.ID), c.AppSecret); err != nil {
		return nil, fmt.Errorf("save the App Secret: %w", err)
	}
	if err := cfg.Store.Set(tokenKey(cfg.Region.ID), c.AccessToken); err != nil {
		return nil, fmt.Errorf("save the Access Token: %w", err)
	}
	savePrefs(cfg.Prefs, cfg.Region.ID, c)
	return newSession(cfg, c)
}

func savePrefs(p oauth.Prefs, region string, c Credentials) {
	p.SetString(prefKey(region, "app_key"), c.AppKey)
	if c.Expiry.IsZero() {
		p.RemoveValue(prefKey(region, "expiry"))
	} else {
		p.SetString(prefKey(region, "expiry"), c.Expiry.UTC().Format(time.RFC3339))
	}
	source := "entered"
	if c.FromEnv {
		source = "env"
	}
	p.SetString(prefKey(region, "source"), source)
}

// Restore returns the session of the API key stored for the region, or an
// error wrapping ErrNoCredentials.
func Restore(cfg Config) (*Session, error) {
	id := cfg.Region.ID
	c := Credentials{AppKey: cfg.Prefs.String(prefKey(id, "app_key")), FromEnv: cfg.Prefs.String(prefKey(id, "source")) == "env"}
	if c.AppKey == "" {
		return nil, ErrNoCredentials
	}
	var err error
	if c.AppSecret, err = cfg.Store.Get(secretKey(id)); err != nil {
		return nil, restoreError("App Secret", err)
	}
	if c.AccessToken, err = cfg.Store.Get(tokenKey(id)); err != nil {
		return nil, restoreError("Access Token", err)
	}
	if exp := cfg.Prefs.String(prefKey(id, "expiry")); exp != "" {
		c.Expiry, _ = time.Parse(time.RFC3339, exp)
	}
	return newSession(cfg, c)
}

func restoreError(what string, err error) error {
	if errors.Is(err, oauth.ErrNotFound) {
		return fmt.Errorf("read the %s: %w", what, ErrNoCredentials)
	}
	return fmt.Errorf("read the %s: %w", what, err)
}

// Forget removes the region's API key from the store and the preferences.
func Forget(cfg Config) error {
	id := cfg.Region.ID
	for _, name := range []string{"app_key", "expiry", "source"} {
		cfg.Prefs.RemoveValue(prefKey(id, name))
	}
	return errors.Join(cfg.Store.Delete(secretKey(id)), cfg.Store.Delete(tokenKey(id)))
}

func newSession(cfg Config, c Credentials) (*Session, error) {
	cfg.setDefaults()
	s := &Session{cfg: cfg, creds: c, subs: map[int]func(State){}, done: make(chan struct{})}
	s.signer = &api.APIKeySigner{Keys: s, Now: cfg.Clock.Now}
	client, err := api.New("apikey", api.Config{
		BaseURL:    cfg.Region.BaseURL,
		Auth:       s.signer,
		HTTPClient: cfg.HTTPClient,
		UserAgent:  cfg.UserAgent,
		Logger:     cfg.Logger,
		Now:        cfg.Clock.Now,
	}, api.Limit{PerSecond: 1, Burst: 1, Concurrent: 1})
	if err != nil {
		return nil, err
	}
	s.client = client
	s.state = State{Region: cfg.Region, AppKey: c.AppKey, FromEnv: c.FromEnv, Expiry: c.Expiry}
	// A token from the environment is shared with the user's scripts, and
	// a renewal ends the old token: Portview does not renew it, and the
	// status says so (State.FromEnv).
	if !c.Expiry.IsZero() && !c.FromEnv {
		s.state.RenewAt = c.Expiry.Add(-RenewBefore)
	}
	s.ctx, s.stop = context.WithCancel(context.Background())
	go s.renewLoop()
	return s, nil
}

// Region is the session's region.
func (s *Session) Region() oauth.Region { return s.cfg.Region }

// Authorizer signs the API clients' requests with the session's key.
func (s *Session) Authorizer() api.Authorizer { return s.signer }

// APIKey implements api.APIKeySource.
func (s *Session) APIKey(ctx context.Context) (api.APIKey, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return api.APIKey{AppKey: s.creds.AppKey, AppSecret: s.creds.AppSecret, Token: s.creds.AccessToken}, nil
}

// Refused implements api.APIKeySource: a refused token is worth one more
// try only when a renewal replaced it meanwhile.
func (s *Session) Refused(token string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return token != s.creds.AccessToken
}

// State returns where the session stands.
func (s *Session) State() State {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state
}

// Subscribe calls fn with every new state, on a goroutine of the session,
// until cancel is called.
func (s *Session) Subscribe(fn func(State)) (cancel func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.nextID
	s.nextID++
	s.subs[id] = fn
	return func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		delete(s.subs, id)
	}
}

// setState changes the state and tells the subscribers.
func (s *Session) setState(change func(*State)) {
	s.mu.Lock()
	change(&s.state)
	st := s.state
	subs := make([]func(State), 0, len(s.subs))
	for _, fn := range s.subs {
		subs = append(subs, fn)
	}
	s.mu.Unlock()
	for _, fn := range subs {
		fn(st)
	}
}

// Close stops the renewals; it returns at once, and a token being saved
// still lands.
func (s *Session) Close() { s.stop() }

// wait returns once the clock reaches at, or false when the session closed.
func (s *Session) wait(at time.Time) bool {
	d := at.Sub(s.cfg.Clock.Now())
	if d <= 0 {
		return s.ctx.Err() == nil
	}
	select {
	case <-s.cfg.Clock.After(d):
		return true
	case <-s.ctx.Done():
		return false
	}
}

// renewLoop renews the token from RenewAt on, retrying passing failures
// with backoff, until the session closes or LongPort refuses the renewal.
func (s *Session) renewLoop() {
	defer close(s.done)
	retry := firstRetry
	for {
		st := s.State()
		if st.RenewAt.IsZero() || st.Refused != nil {
			return // not known when it expires, or the user must act
		}
		at := st.RenewAt
		if !st.RetryAt.IsZero() {
			at = st.RetryAt
		}
		if !s.wait(at) {
			return
		}
		err := s.renew()
		switch {
		case err == nil:
			retry = firstRetry
		case s.ctx.Err() != nil:
			return
		case passing(err):
			next := s.cfg.Clock.Now().Add(retry)
			s.cfg.Logger.Warn("API key renewal failed; retrying", "region", s.cfg.Region.ID, "at", next, "err", err)
			s.setState(func(st *State) { st.Renewing, st.RetryAt = false, next })
			retry = min(2*retry, maxRetry)
		default:
			s.cfg.Logger.Warn("API key renewal refused", "region", s.cfg.Region.ID, "err", err)
			s.setState(func(st *State) { st.Renewing, st.RetryAt, st.Refused = false, time.Time{}, err })
			return
		}
	}
}

// passing reports a failure that a later try may cure.
func passing(err error) bool {
	var apiErr *api.Error
	if !errors.As(err, &apiErr) {
		return true // no answer: the network
	}
	return apiErr.ServerFault() || apiErr.TooManyRequests()
}

// Renew renews the token now through GET /v1/token/refresh, asking for
// Lifetime more, and saves the new one to the store before using it.
func (s *Session) Renew(ctx context.Context) error {
	return s.renewCtx(ctx)
}

func (s *Session) renew() error { return s.renewCtx(s.ctx) }

func (s *Session) renewCtx(ctx context.Context) error {
	s.setState(func(st *State) { st.Renewing = true })
	want := s.cfg.Clock.Now().Add(Lifetime).UTC().Truncate(time.Second)
	data, err := api.GetData[struct {
		Token     string `json:"token"`
		ExpiredAt string `json:"expired_at"`
	}](ctx, s.client, "/v1/token/refresh", url.Values{"expired_at": {want.Format(time.RFC3339)}})
	if err == nil && data.Token == "" {
		err = errors.New("GET /v1/token/refresh: the answer has no token")
	}
	if err != nil {
		s.setState(func(st *State) { st.Renewing = false })
		return err
	}
	expiry := want
	if t, perr := time.Parse(time.RFC3339, data.ExpiredAt); perr == nil {
		expiry = t
	}
	// The old token stopped working when LongPort answered: the new one is
	// kept before anything uses it. A store that fails keeps it in memory
	// (oauth.FallbackStore), so the session goes on either way.
	if err := s.cfg.Store.Set(tokenKey(s.cfg.Region.ID), data.Token); err != nil {
		s.cfg.Logger.Error("could not save the renewed API token", "region", s.cfg.Region.ID, "err", err)
	}
	s.mu.Lock()
	s.creds.AccessToken, s.creds.Expiry = data.Token, expiry
	creds := s.creds
	s.mu.Unlock()
	savePrefs(s.cfg.Prefs, s.cfg.Region.ID, creds)
	now := s.cfg.Clock.Now()
	s.cfg.Logger.Info("API key access renewed", "region", s.cfg.Region.ID, "expiry", expiry)
	s.setState(func(st *State) {
		st.Renewing, st.Renewed, st.RetryAt, st.Refused = false, now, time.Time{}, nil
		st.Expiry, st.RenewAt = expiry, renewAt(expiry, now)
	})
	return nil
}

// renewAt is when to renew a token that expires at expiry: RenewBefore
// ahead, or, for a token granted less than that, halfway through what is
// left and not before firstRetry, so that a short grant never makes the
// session renew in a loop.
func renewAt(expiry, now time.Time) time.Time {
	at := expiry.Add(-RenewBefore)
	if at.After(now) {
		return at
	}
	return now.Add(max(expiry.Sub(now)/2, firstRetry))
}
