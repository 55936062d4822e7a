package quotetest

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// LegacyApp is an app of the legacy API-key mode that the fake knows, with
// the credentials the developer centre would show.
type LegacyApp struct {
	AppKey      string
	AppSecret   string
	AccessToken string
	// Expiry is when AccessToken stops working; zero: 90 days from the
	// fake's start.
	Expiry time.Time
	// DenyIP refuses every request of the app with 403205, as an IP
	// allow-list that does not hold this computer would.
	DenyIP bool
}

// Legacy configures the fake's API-key mode. A request that carries
// X-Api-Signature is checked by it, in this order, each refusal with the
// code LongPort documents:
//
//  1. X-Api-Key names a known app, else 403203; an app with DenyIP: 403205.
//  2. X-Api-Signature has the SDKs' form, with HMAC-SHA256 only, and its
//     signature is the one computed here from the method, the path, the raw
//     query as received, the Authorization and X-Timestamp headers and the
//     body (with or without the hash of an empty body: the Rust and Go SDKs
//     differ), keyed by the app's secret; else 403201.
//  3. X-Timestamp is integer seconds, integer milliseconds or float
//     seconds, within Window of the fake's clock, and the request is not a
//     replay: the same timestamp with the same signature, seen before for
//     the app; else 403202 (the fake's choice for a stale one: LongPort
//     documents no code for it). The timestamp alone would refuse the
//     official Rust-core SDKs, which send whole seconds: two of their
//     calls in one second differ only in what they sign.
//  4. The token is the app's current one and has not expired: an expired
//     one gives 401003, any other (an old one after a refresh) 401004.
//
// Every answer carries a Date header from the fake's clock, as a real
// server's does, so a client can tell how far off its clock is.
type Legacy struct {
	Apps []LegacyApp
	// Now is the fake's clock; default time.Now.
	Now func() time.Time
	// Window is how far X-Timestamp may be from the fake's clock; default
	// 5 minutes.
	Window time.Duration
}

// The legacy token's documented life.
const legacyLifetime = 90 * 24 * time.Hour

type legacyApp struct {
	LegacyApp
	seen      map[string]time.Time // timestamp and signature pairs used, and when
	refreshes int
}

type legacyAuth struct {
	now    func() time.Time
	window time.Duration

	mu   sync.Mutex
	apps map[string]*legacyApp
}

func newLegacyAuth(l *Legacy) *legacyAuth {
	a := &legacyAuth{now: l.Now, window: l.Window, apps: map[string]*legacyApp{}}
	if a.now == nil {
		a.now = time.Now
	}
	if a.window <= 0 {
		a.window = 5 * time.Minute
	}
	for _, app := range l.Apps {
		if app.Expiry.IsZero() {
			app.Expiry = a.now().Add(legacyLifetime)
		}
		a.apps[app.AppKey] = &legacyApp{LegacyApp: app, seen: map[string]time.Time{}}
	}
	return a
}

// check returns the app key of an accepted legacy request and 0, or the
// code that refuses it. It reads the body and puts it back.
func (a *legacyAuth) check(r *http.Request) (string, int) {
	var body []byte
	if r.Body != nil {
		body, _ = io.ReadAll(io.LimitReader(r.Body, 1<<20))
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	key := r.Header.Get("X-Api-Key")
	a.mu.Lock()
	defer a.mu.Unlock()
	app, ok := a.apps[key]
	switch {
	case !ok || key == "":
		return "", 403203
	case app.DenyIP:
		return "", 403205
	}
	token, ts := r.Header.Get("Authorization"), r.Header.Get("X-Timestamp")
	if !signatureMatches(r.Header.Get("X-Api-Signature"), app.AppSecret, r.Method, r.URL.Path, r.URL.RawQuery, token, key, ts, body) {
		return "", 403201
	}
	now := a.now()
	sent, ok := parseTimestamp(ts)
	if !ok || sent.Sub(now).Abs() > a.window {
		return "", 403202
	}
	for k, at := range app.seen {
		if now.Sub(at) > 2*a.window {
			delete(app.seen, k)
		}
	}
	replay := ts + " " + r.Header.Get("X-Api-Signature")
	if _, dup := app.seen[replay]; dup {
		return "", 403202
	}
	app.seen[replay] = now
	switch {
	case token != app.AccessToken:
		return "", 401004
	case !now.Before(app.Expiry):
		return "", 401003
	}
	return key, 0
}

// signatureMatches verifies header against the algorithm of
// longport-api.md 4.2, written here on its own so that the fake does not
// trust the client's code.
func signatureMatches(header, secret, method, path, query, token, appKey, ts string, body []byte) bool {
	const prefix = "HMAC-SHA256 SignedHeaders=authorization;x-api-key;x-timestamp, Signature="
	got, ok := strings.CutPrefix(header, prefix)
	if !ok || len(got) != 64 || strings.ToLower(got) != got {
		return false
	}
	sum, err := hex.DecodeString(got)
	if err != nil {
		return false
	}
	canonical := method + "|" + path + "|" + query + "|" +
		"authorization:" + token + "\n" + "x-api-key:" + appKey + "\n" + "x-timestamp:" + ts + "\n" +
		"|authorization;x-api-key;x-timestamp|"
	candidates := []string{canonical}
	h := sha1.Sum(body)
	if len(body) > 0 {
		candidates[0] += hex.EncodeToString(h[:])
	} else if method != http.MethodGet {
		candidates = append(candidates, canonical+hex.EncodeToString(h[:]))
	}
	for _, c := range candidates {
		ch := sha1.Sum([]byte(c))
		m := hmac.New(sha256.New, []byte(secret))
		m.Write([]byte("HMAC-SHA256|" + hex.EncodeToString(ch[:])))
		if hmac.Equal(m.Sum(nil), sum) {
			return true
		}
	}
	return false
}

// parseTimestamp reads X-Timestamp in any of the three forms in use:
// integer seconds (Rust), integer milliseconds (Go), float seconds (docs).
func parseTimestamp(ts string) (time.Time, bool) {
	if whole, frac, isFloat := strings.Cut(ts, "."); isFloat {
		f, err := strconv.ParseFloat(ts, 64)
		if err != nil || whole == "" || frac == "" || math.IsInf(f, 0) {
			return time.Time{}, false
		}
		return time.UnixMilli(int64(math.Round(f * 1000))), true
	}
	n, err := strconv.ParseInt(ts, 10, 64)
	switch {
	case err != nil || n <= 0:
		return time.Time{}, false
	case len(ts) >= 13:
		return time.UnixMilli(n), true
	}
	return time.Unix(n, 0), true
}

// refresh serves GET /v1/token/refresh: a new token until expired_at, the
// old one stopping at once, as the docs say.
func (a *legacyAuth) refresh(key, expiredAt string) (map[string]any, int) {
	exp, err := time.Parse(time.RFC3339, expiredAt)
	now := a.now()
	if err != nil || !exp.After(now) {
		return nil, 310011
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	app := a.apps[key]
	app.refreshes++
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	app.AccessToken = "m_" + hex.EncodeToString(b)
	app.Expiry = exp
	return map[string]any{
		"token":      app.AccessToken,
		"expired_at": exp.UTC().Format(time.RFC3339),
		"issued_at":  now.UTC().Format(time.RFC3339),
		"account_info": map[string]string{
			"member_id": "20188822", "aaid": "20211", "account_channel": "lb",
		},
	}, 0
}

// LegacyToken returns the current access token of the app with appKey and
// how many times it was refreshed.
func (s *Server) LegacyToken(appKey string) (token string, refreshes int) {
	if s.legacy == nil {
		return "", 0
	}
	s.legacy.mu.Lock()
	defer s.legacy.mu.Unlock()
	if app := s.legacy.apps[appKey]; app != nil {
		return app.AccessToken, app.refreshes
	}
	return "", 0
}

// SetLegacyExpiry moves the expiry of the app's current token, as time passing would.
func (s *Server) SetLegacyExpiry(appKey string, t time.Time) {
	if s.legacy == nil {
		return
	}
	s.legacy.mu.Lock()
	defer s.legacy.mu.Unlock()
	if app := s.legacy.apps[appKey]; app != nil {
		app.Expiry = t
	}
}
