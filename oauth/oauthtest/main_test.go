package oauthtest_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
	"golang.org/x/oauth2"

	"github.com/portview/portview/oauth/oauthtest"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// newClock is the package's ManualClock, started at a fixed time.
func newClock() *oauthtest.ManualClock {
	return oauthtest.NewManualClock(time.Date(2026, 4, 1, 9, 30, 0, 0, time.UTC))
}

func startServer(t *testing.T, opts oauthtest.Options) *oauthtest.Server {
	t.Helper()
	s := oauthtest.NewServer(opts)
	t.Cleanup(s.Close)
	return s
}

// callback is a stand-in for the app's loopback redirect listener.
type callback struct {
	URL    string // the redirect URI
	status int
	mu     sync.Mutex
	hits   []url.Values
}

func newCallback(t *testing.T, status int) *callback {
	t.Helper()
	cb := &callback{status: status}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cb.mu.Lock()
		cb.hits = append(cb.hits, r.URL.Query())
		cb.mu.Unlock()
		w.WriteHeader(cb.status)
		io.WriteString(w, "You can close this tab.")
	}))
	t.Cleanup(srv.Close)
	cb.URL = srv.URL + "/callback"
	return cb
}

// last returns the query of the latest callback hit, failing if there was none.
func (cb *callback) last(t *testing.T) url.Values {
	t.Helper()
	cb.mu.Lock()
	defer cb.mu.Unlock()
	if len(cb.hits) == 0 {
		t.Fatal("the callback was never called")
	}
	return cb.hits[len(cb.hits)-1]
}

func (cb *callback) count() int {
	cb.mu.Lock()
	defer cb.mu.Unlock()
	return len(cb.hits)
}

// config is an x/oauth2 client of s for the given client.
func config(s *oauthtest.Server, clientID, secret, redirectURI string) *oauth2.Config {
	return &oauth2.Config{
		ClientID:     clientID,
		ClientSecret: secret,
		Endpoint: oauth2.Endpoint{
			AuthURL:   s.URL + "/oauth2/authorize",
			TokenURL:  s.URL + "/oauth2/token",
			AuthStyle: oauth2.AuthStyleInParams,
		},
		RedirectURL: redirectURI,
		Scopes:      []string{"4", "6"},
	}
}

// authorize runs the browser half of the flow with Approve and returns the
// code the callback received.
func authorize(t *testing.T, cfg *oauth2.Config, cb *callback, verifier string) string {
	t.Helper()
	authURL := cfg.AuthCodeURL("state-123", oauth2.S256ChallengeOption(verifier))
	if err := oauthtest.Approve(context.Background(), authURL); err != nil {
		t.Fatalf("Approve: %v", err)
	}
	q := cb.last(t)
	if q.Get("state") != "state-123" {
		t.Fatalf("callback state = %q, want state-123", q.Get("state"))
	}
	if q.Get("code") == "" {
		t.Fatalf("callback got no code: %v", q)
	}
	return q.Get("code")
}

// signIn registers a public client and runs the whole flow to a token.
func signIn(t *testing.T, s *oauthtest.Server) (*oauth2.Config, *oauth2.Token) {
	t.Helper()
	cb := newCallback(t, http.StatusOK)
	id, _ := s.RegisterClient([]string{cb.URL}, false)
	cfg := config(s, id, "", cb.URL)
	verifier := oauth2.GenerateVerifier()
	code := authorize(t, cfg, cb, verifier)
	tok, err := cfg.Exchange(context.Background(), code, oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatalf("Exchange: %v", err)
	}
	return cfg, tok
}

// response is a decoded HTTP answer of the server.
type response struct {
	status int
	header http.Header
	body   string
	json   map[string]any
}

// post sends a form (or, with jsonBody, a JSON document) and decodes the answer.
func post(t *testing.T, target string, form url.Values, jsonBody string, basicUser, basicPass string) response {
	t.Helper()
	body, ctype := form.Encode(), "application/x-www-form-urlencoded"
	if jsonBody != "" {
		body, ctype = jsonBody, "application/json"
	}
	req, err := http.NewRequest(http.MethodPost, target, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", ctype)
	if basicUser != "" {
		req.SetBasicAuth(url.QueryEscape(basicUser), url.QueryEscape(basicPass))
	}
	return do(t, req)
}

func get(t *testing.T, target string) response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, target, nil)
	if err != nil {
		t.Fatal(err)
	}
	return do(t, req)
}

func do(t *testing.T, req *http.Request) response {
	t.Helper()
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	r := response{status: resp.StatusCode, header: resp.Header, body: string(b)}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(b, &r.json); err != nil {
			t.Fatalf("bad JSON %q: %v", b, err)
		}
	}
	return r
}

// oauthErrorCode returns the "error" member of a JSON error body.
func (r response) oauthErrorCode() string {
	code, _ := r.json["error"].(string)
	return code
}
