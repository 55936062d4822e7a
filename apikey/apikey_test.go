package apikey_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/portview/portview/apikey"
	"github.com/portview/portview/oauth"
	"github.com/portview/portview/oauth/oauthtest"
	"github.com/portview/portview/quote"
	"github.com/portview/portview/quote/quotetest"
)

const (
	appKey    = "test_app_key"
	appSecret = "test_app_secret_5ecr3t"
	token     = "m_test_access_t0ken"
)

var start = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

func TestFromEnv(t *testing.T) {
	tests := []struct {
		name  string
		env   map[string]string
		ok    bool
		key   string
		names string
	}{
		{"the LONGPORT_ names are read", map[string]string{
			"LONGPORT_APP_KEY": "k1", "LONGPORT_APP_SECRET": "s1", "LONGPORT_ACCESS_TOKEN": "t1",
		}, true, "k1", "LONGPORT_APP_KEY LONGPORT_APP_SECRET LONGPORT_ACCESS_TOKEN"},
		{"the LONGBRIDGE_ names come first", map[string]string{
			"LONGBRIDGE_APP_KEY": "k2", "LONGPORT_APP_KEY": "k1", "LONGBRIDGE_APP_SECRET": "s2", "LONGBRIDGE_ACCESS_TOKEN": "t2",
		}, true, "k2", "LONGBRIDGE_APP_KEY LONGBRIDGE_APP_SECRET LONGBRIDGE_ACCESS_TOKEN"},
		{"the brands may be mixed, value by value", map[string]string{
			"LONGBRIDGE_APP_KEY": "k2", "LONGPORT_APP_SECRET": "s1", "LONGPORT_ACCESS_TOKEN": "t1",
		}, true, "k2", "LONGBRIDGE_APP_KEY LONGPORT_APP_SECRET LONGPORT_ACCESS_TOKEN"},
		{"a missing token is not an API key", map[string]string{
			"LONGPORT_APP_KEY": "k1", "LONGPORT_APP_SECRET": "s1",
		}, false, "k1", "LONGPORT_APP_KEY LONGPORT_APP_SECRET"},
		{"an empty environment has none", map[string]string{}, false, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, names, ok := apikey.FromEnv(func(k string) string { return tt.env[k] })
			if ok != tt.ok || c.AppKey != tt.key || strings.Join(names, " ") != tt.names {
				t.Errorf("FromEnv = %q, %q, %v; want %q, %q, %v", c.AppKey, names, ok, tt.key, tt.names, tt.ok)
			}
			if ok && !c.FromEnv {
				t.Error("FromEnv is not set")
			}
		})
	}
}

func TestCheckNamesWhatIsMissing(t *testing.T) {
	tests := []struct {
		name string
		c    apikey.Credentials
		want string
	}{
		{"all three given is complete", apikey.Credentials{AppKey: "k", AppSecret: "s", AccessToken: "t"}, ""},
		{"a blank secret is named", apikey.Credentials{AppKey: "k", AppSecret: "  ", AccessToken: "t"}, "no App Secret"},
		{"an OAuth token is refused", apikey.Credentials{AppKey: "k", AppSecret: "s", AccessToken: "Bearer x"}, "OAuth"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.c.Check()
			if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, apikey.ErrIncomplete)) {
				t.Errorf("Check = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestTokenExpiryFromAJWT(t *testing.T) {
	// {"exp":1790000000}
	tok := "m_eyJhbGciOiJSUzI1NiJ9.eyJleHAiOjE3OTAwMDAwMDB9.c2ln"
	if got := apikey.TokenExpiry(tok); !got.Equal(time.Unix(1790000000, 0)) {
		t.Errorf("TokenExpiry = %v", got)
	}
	if got := apikey.TokenExpiry("m_eyJhbGciOiJSUzI1NiJ9.e30.c2ln"); !got.IsZero() {
		t.Errorf("a token without exp: %v, want zero", got)
	}
}

func TestCredentialsNeverPrintTheirSecrets(t *testing.T) {
	c := apikey.Credentials{AppKey: appKey, AppSecret: appSecret, AccessToken: token}
	var log bytes.Buffer
	slog.New(slog.NewTextHandler(&log, nil)).Info("x", "creds", c)
	for _, out := range []string{fmt.Sprint(c), fmt.Sprintf("%v %+v %#v %s", c, c, c, c), log.String()} {
		if strings.Contains(out, appSecret) || strings.Contains(out, token) {
			t.Errorf("a secret is printed: %s", out)
		}
		if !strings.Contains(out, appKey) {
			t.Errorf("the app key is not shown: %s", out)
		}
	}
}

// env is a fake region with one legacy app on a manual clock.
type env struct {
	clock *oauthtest.ManualClock
	srv   *quotetest.Server
	store *orderStore
	prefs *oauth.MemoryPrefs
	log   *bytes.Buffer
	cfg   apikey.Config
}

func newEnv(t *testing.T, expiry time.Time) *env {
	t.Helper()
	e := &env{clock: oauthtest.NewManualClock(start), prefs: oauth.NewMemoryPrefs(), log: &bytes.Buffer{}}
	srv, err := quotetest.NewServer(quotetest.Options{Rows: 10, Legacy: &quotetest.Legacy{
		Apps: []quotetest.LegacyApp{{AppKey: appKey, AppSecret: appSecret, AccessToken: token, Expiry: expiry}},
		Now:  e.clock.Now,
		// The manual clock stands still while the renewal's retries run.
		Window: time.Hour,
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	e.srv = srv
	e.store = &orderStore{MemoryStore: oauth.NewMemoryStore(), srv: srv}
	e.cfg = apikey.Config{
		Region: oauth.Region{ID: "test", Name: "Test", BaseURL: srv.URL},
		Store:  e.store, Prefs: e.prefs, Clock: e.clock,
		Logger: slog.New(slog.NewTextHandler(&syncWriter{w: e.log}, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	return e
}

type syncWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

// orderStore records, when a token is saved, whether the API has already
// seen it: a token must be kept before it is used.
type orderStore struct {
	*oauth.MemoryStore
	srv *quotetest.Server

	mu          sync.Mutex
	usedEarly   []string
	tokenWrites int
}

func (s *orderStore) Set(key, value string) error {
	if strings.HasSuffix(key, "access_token") {
		s.mu.Lock()
		s.tokenWrites++
		for _, r := range s.srv.Requests() {
			if r.Header.Get("Authorization") == value {
				s.usedEarly = append(s.usedEarly, r.Path)
			}
		}
		s.mu.Unlock()
	}
	return s.MemoryStore.Set(key, value)
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func TestSaveKeepsSecretsInTheStoreOnly(t *testing.T) {
	e := newEnv(t, start.Add(60*24*time.Hour))
	s, err := apikey.Save(e.cfg, apikey.Credentials{AppKey: " " + appKey, AppSecret: appSecret + "\n", AccessToken: token, Expiry: start.Add(60 * 24 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	for _, k := range []string{"region.test.apikey.app_key", "region.test.apikey.expiry", "region.test.apikey.source"} {
		if v := e.prefs.String(k); strings.Contains(v, appSecret) || strings.Contains(v, token) || v == "" {
			t.Errorf("pref %s = %q", k, v)
		}
	}
	if e.prefs.String("region.test.apikey.app_key") != appKey {
		t.Errorf("the app key is not kept trimmed")
	}
	r, err := apikey.Restore(e.cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	k, _ := r.APIKey(context.Background())
	if k.AppKey != appKey || k.AppSecret != appSecret || k.Token != token {
		t.Errorf("restored %q", k.AppKey)
	}
	if !r.State().Expiry.Equal(start.Add(60 * 24 * time.Hour)) {
		t.Errorf("expiry %v", r.State().Expiry)
	}
	if !apikey.Stored(e.prefs, e.cfg.Region) {
		t.Error("Stored is false")
	}
	if err := apikey.Forget(e.cfg); err != nil {
		t.Fatal(err)
	}
	if _, err := apikey.Restore(e.cfg); !errors.Is(err, apikey.ErrNoCredentials) {
		t.Errorf("after Forget: %v", err)
	}
	if _, err := e.store.Get("test/apikey.app_secret"); !errors.Is(err, oauth.ErrNotFound) {
		t.Errorf("the secret outlives Forget: %v", err)
	}
}

func TestSignedCallsReachTheStrictFake(t *testing.T) {
	e := newEnv(t, start.Add(60*24*time.Hour))
	s, err := apikey.Save(e.cfg, apikey.Credentials{AppKey: appKey, AppSecret: appSecret, AccessToken: token})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	q, err := quote.New(quote.Config{BaseURL: e.srv.URL, Auth: s.Authorizer(), Now: e.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for range 3 { // the same call in the same millisecond: timestamps never repeat
		if _, err := q.Watchlist(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := q.GetSecurityList(ctx, "US", "Overnight"); err != nil {
		t.Fatalf("a call with a query: %v", err)
	}
	st, err := q.SocketToken(ctx)
	if err != nil || st.OTP == "" || st.Limit != 10 {
		t.Fatalf("socket token: %+v, %v", st, err)
	}
	for _, r := range e.srv.Requests() {
		if strings.HasPrefix(r.Header.Get("Authorization"), "Bearer") {
			t.Errorf("%s was sent with a Bearer token", r.Path)
		}
	}
}

func TestWrongSecretIsATypedError(t *testing.T) {
	tests := []struct {
		name  string
		creds apikey.Credentials
		want  apikey.Problem
	}{
		{"a wrong secret is a signature problem", apikey.Credentials{AppKey: appKey, AppSecret: "wrong", AccessToken: token}, apikey.SignatureInvalid},
		{"an unknown app key is an illegal app key", apikey.Credentials{AppKey: "other", AppSecret: appSecret, AccessToken: token}, apikey.AppKeyIllegal},
		{"a wrong token is an invalid token", apikey.Credentials{AppKey: appKey, AppSecret: appSecret, AccessToken: "m_other"}, apikey.TokenInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, start.Add(60*24*time.Hour))
			s, err := apikey.Save(e.cfg, tt.creds)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			q, _ := quote.New(quote.Config{BaseURL: e.srv.URL, Auth: s.Authorizer(), Now: e.clock.Now, Logger: e.cfg.Logger})
			_, err = q.Watchlist(context.Background())
			if p := apikey.Classify(err); p == nil || p.Problem != tt.want {
				t.Fatalf("Classify(%v) = %v, want %v", err, p, tt.want)
			}
			checkNoSecret(t, e, err)
		})
	}
}

func TestDuplicateRequestSaysHowFarOffTheClockIs(t *testing.T) {
	e := newEnv(t, start.Add(60*24*time.Hour))
	ahead := oauthtest.NewManualClock(start.Add(2 * time.Hour)) // this computer's clock, 2 h fast
	e.cfg.Clock = ahead
	s, err := apikey.Save(e.cfg, apikey.Credentials{AppKey: appKey, AppSecret: appSecret, AccessToken: token})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	q, _ := quote.New(quote.Config{BaseURL: e.srv.URL, Auth: s.Authorizer(), Now: ahead.Now})
	_, err = q.Watchlist(context.Background())
	p := apikey.Classify(err)
	if p == nil || p.Problem != apikey.DuplicateRequest || !p.SkewKnown || p.Skew != 2*time.Hour {
		t.Fatalf("Classify(%v) = %+v, want a duplicate 7200 s off", err, p)
	}
	if !strings.Contains(p.Error(), "7200 s") {
		t.Errorf("Error() = %q", p.Error())
	}
}

func TestRenewsFourteenDaysBeforeExpiry(t *testing.T) {
	expiry := start.Add(20 * 24 * time.Hour)
	e := newEnv(t, expiry)
	s, err := apikey.Save(e.cfg, apikey.Credentials{AppKey: appKey, AppSecret: appSecret, AccessToken: token, Expiry: expiry})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var mu sync.Mutex
	var states []apikey.State
	s.Subscribe(func(st apikey.State) { mu.Lock(); states = append(states, st); mu.Unlock() })
	if got := s.State().RenewAt; !got.Equal(start.Add(6 * 24 * time.Hour)) {
		t.Fatalf("RenewAt = %v, want 14 days before expiry", got)
	}

	waitFor(t, "the renewal to wait", func() bool { return e.clock.Waiters() == 1 })
	e.clock.Advance(6*24*time.Hour - time.Minute)
	time.Sleep(20 * time.Millisecond)
	if _, n := e.srv.LegacyToken(appKey); n != 0 {
		t.Fatalf("renewed %d times a minute before the 14 days", n)
	}
	e.clock.Advance(time.Minute)
	waitFor(t, "the renewal", func() bool { return !s.State().Renewed.IsZero() })

	newToken, n := e.srv.LegacyToken(appKey)
	if n != 1 || newToken == token {
		t.Fatalf("the fake saw %d renewals", n)
	}
	if stored, _ := e.store.Get("test/apikey.access_token"); stored != newToken {
		t.Error("the renewed token is not in the store")
	}
	if len(e.store.usedEarly) != 0 {
		t.Errorf("the new token was used before it was saved: %v", e.store.usedEarly)
	}
	st := s.State()
	wantExpiry := start.Add(6*24*time.Hour + apikey.Lifetime)
	if !st.Expiry.Equal(wantExpiry) || !st.RenewAt.Equal(wantExpiry.Add(-apikey.RenewBefore)) {
		t.Errorf("after renewal: expiry %v, renew at %v", st.Expiry, st.RenewAt)
	}
	if e.prefs.String("region.test.apikey.expiry") != wantExpiry.Format(time.RFC3339) {
		t.Errorf("the new expiry is not kept: %q", e.prefs.String("region.test.apikey.expiry"))
	}
	q, _ := quote.New(quote.Config{BaseURL: e.srv.URL, Auth: s.Authorizer(), Now: e.clock.Now})
	if _, err := q.Watchlist(context.Background()); err != nil {
		t.Fatalf("a call with the renewed token: %v", err)
	}
	mu.Lock()
	sawRenewing := false
	for _, st := range states {
		sawRenewing = sawRenewing || st.Renewing
	}
	mu.Unlock()
	if !sawRenewing {
		t.Error("no state said it was renewing")
	}
	checkNoSecret(t, e, nil, newToken)
}

func TestARefusedRenewalAsksTheUser(t *testing.T) {
	expiry := start.Add(10 * 24 * time.Hour) // already inside the 14 days
	e := newEnv(t, expiry)
	e.srv.FailPath("/v1/token/refresh", 1, 0, 403201, 0)
	s, err := apikey.Save(e.cfg, apikey.Credentials{AppKey: appKey, AppSecret: appSecret, AccessToken: token, Expiry: expiry})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	waitFor(t, "the refusal", func() bool { return s.State().Refused != nil })
	if p := apikey.Classify(s.State().Refused); p == nil || p.Problem != apikey.SignatureInvalid {
		t.Errorf("Refused = %v", s.State().Refused)
	}
	time.Sleep(20 * time.Millisecond)
	if e.clock.Waiters() != 0 {
		t.Error("the session still plans renewals after a refusal")
	}
	checkNoSecret(t, e, s.State().Refused)
}

func TestAFailingServerIsRetriedLater(t *testing.T) {
	expiry := start.Add(10 * 24 * time.Hour)
	e := newEnv(t, expiry)
	e.srv.FailPath("/v1/token/refresh", 3, 503, 500000, 0) // the call and its two retries
	s, err := apikey.Save(e.cfg, apikey.Credentials{AppKey: appKey, AppSecret: appSecret, AccessToken: token, Expiry: expiry})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	waitFor(t, "the retry to be planned", func() bool { return !s.State().RetryAt.IsZero() && e.clock.Waiters() > 0 })
	if got := s.State().RetryAt; !got.Equal(start.Add(10 * time.Minute)) {
		t.Errorf("RetryAt = %v, want in 10 minutes", got)
	}
	e.clock.Advance(10 * time.Minute)
	waitFor(t, "the renewal", func() bool { return !s.State().Renewed.IsZero() })
	if s.State().Refused != nil || !s.State().RetryAt.IsZero() {
		t.Errorf("state after the retry: %+v", s.State())
	}
}

// checkNoSecret fails when the log or an error holds a secret.
func checkNoSecret(t *testing.T, e *env, err error, more ...string) {
	t.Helper()
	secrets := append([]string{appSecret, token}, more...)
	outputs := []string{e.log.String()}
	if !strings.Contains(outputs[0], "http request") {
		t.Error("the log has no request lines: the check would pass on nothing")
	}
	if err != nil {
		outputs = append(outputs, err.Error(), fmt.Sprintf("%+v", err))
	}
	for _, out := range outputs {
		for _, sec := range secrets {
			if strings.Contains(out, sec) {
				t.Errorf("a secret is in the output: %q", out)
			}
		}
	}
}

func TestATokenFromTheEnvironmentIsNotRenewed(t *testing.T) {
	// The user's scripts read the same variable: a renewal would end the
	// token they hold.
	expiry := start.Add(20 * 24 * time.Hour)
	e := newEnv(t, expiry)
	s, err := apikey.Save(e.cfg, apikey.Credentials{AppKey: appKey, AppSecret: appSecret, AccessToken: token, Expiry: expiry, FromEnv: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if st := s.State(); !st.RenewAt.IsZero() || !st.FromEnv {
		t.Fatalf("state %+v: a token from the environment is scheduled for renewal", st)
	}
	e.clock.Advance(10 * 24 * time.Hour)
	time.Sleep(20 * time.Millisecond)
	if _, n := e.srv.LegacyToken(appKey); n != 0 {
		t.Fatalf("renewed %d times", n)
	}
}
