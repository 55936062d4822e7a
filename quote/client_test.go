package quote_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"go.uber.org/goleak"

	"github.com/portview/portview/api"
	"github.com/portview/portview/oauth"
	"github.com/portview/portview/quote"
	"github.com/portview/portview/quote/quotetest"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func TestNewChecksTheConfig(t *testing.T) {
	session := newFakeSession(nil, "")
	valid := quote.Config{BaseURL: "https://openapi.longportapp.com", ClientID: "id", Tokens: session}
	tests := []struct {
		name    string
		edit    func(*quote.Config)
		wantErr string
	}{
		{"the global base URL is accepted", func(*quote.Config) {}, ""},
		{"a custom region with a path and trailing slash is accepted", func(c *quote.Config) { c.BaseURL = "https://api.example.com/longport/" }, ""},
		{"plain http on loopback is accepted for fakes", func(c *quote.Config) { c.BaseURL = "http://127.0.0.1:8080" }, ""},
		{"plain http on localhost is accepted for fakes", func(c *quote.Config) { c.BaseURL = "http://localhost:8080" }, ""},
		{"an empty base URL is refused", func(c *quote.Config) { c.BaseURL = "" }, "enter the server's address"},
		{"a base URL without a scheme is refused", func(c *quote.Config) { c.BaseURL = "openapi.longportapp.com" }, "needs a scheme"},
		{"plain http to a remote host is refused", func(c *quote.Config) { c.BaseURL = "http://openapi.longportapp.com" }, "uses plain http"},
		{"a base URL with a query is refused", func(c *quote.Config) { c.BaseURL = "https://openapi.longportapp.com/?a=b" }, "must not have a query"},
		{"a missing client ID is refused", func(c *quote.Config) { c.ClientID = "" }, "no client ID"},
		{"a missing token source is refused", func(c *quote.Config) { c.Tokens = nil }, "no token source"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := valid
			tt.edit(&cfg)
			_, err := quote.New(cfg)
			if tt.wantErr == "" && err != nil {
				t.Fatalf("New: %v", err)
			}
			if tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("New: err = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestGetSecurityListReturnsTheRows(t *testing.T) {
	tests := []struct {
		name string
		opts quotetest.Options
	}{
		{"a plain body is decoded", quotetest.Options{Rows: 3000}},
		{"a gzip body is decoded", quotetest.Options{Rows: 3000, Gzip: true}},
		{"a list of only the seed's row is decoded", quotetest.Options{Rows: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var encodings []string
			var mu sync.Mutex
			f := newFixture(t, tt.opts, func(c *quote.Config) {
				c.HTTPClient.Transport = recordEncoding(c.HTTPClient.Transport, func(enc string) {
					mu.Lock()
					defer mu.Unlock()
					encodings = append(encodings, enc)
				})
			})
			rows, err := f.list(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			want := quotetest.Rows(tt.opts.Rows)
			if len(rows) != len(want) {
				t.Fatalf("got %d rows, want %d", len(rows), len(want))
			}
			for i, w := range want {
				if got := rows[i]; got != quote.Security(w) {
					t.Fatalf("row %d = %+v, want %+v", i, got, w)
				}
			}
			if rows[0] != (quote.Security{Symbol: "TSLA.US", NameCN: "特斯拉"}) {
				t.Errorf("first row = %+v, want the seed's TSLA.US row", rows[0])
			}
			wantEnc := ""
			if tt.opts.Gzip {
				wantEnc = "gzip"
			}
			if !slices.Equal(encodings, []string{wantEnc}) {
				t.Errorf("response encodings = %q, want [%q]", encodings, wantEnc)
			}
		})
	}
}

// recordEncoding wraps a transport to report each response's Content-Encoding.
func recordEncoding(next http.RoundTripper, record func(string)) http.RoundTripper {
	return roundTripFunc(func(r *http.Request) (*http.Response, error) {
		resp, err := next.RoundTrip(r)
		if err == nil {
			record(resp.Header.Get("Content-Encoding"))
		}
		return resp, err
	})
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestRequestsCarryTheOAuthHeaders(t *testing.T) {
	tests := []struct {
		name       string
		prefix     string
		wantRegion string
	}{
		{"a us_ token is sent with x-dc-region us", "us_", "us"},
		{"an ap_ token is sent with x-dc-region ap", "ap_", "ap"},
		{"another token is sent with x-dc-region ap, as the gateway assumes", "", "ap"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, quotetest.Options{}, nil)
			f.session.mu.Lock()
			f.session.prefix = tt.prefix
			f.session.current = f.session.issueLocked()
			f.session.mu.Unlock()
			if _, err := f.list(t.Context()); err != nil {
				t.Fatal(err)
			}
			reqs := f.srv.Requests()
			if len(reqs) != 1 {
				t.Fatalf("%d requests, want 1", len(reqs))
			}
			r := reqs[0]
			want := map[string]string{
				"Authorization":   "Bearer " + f.session.token(),
				"X-Api-Key":       "client-abc",
				"X-Dc-Region":     tt.wantRegion,
				"User-Agent":      "Portview/1.2.3",
				"Accept-Encoding": "gzip",
			}
			for k, v := range want {
				if got := r.Header.Get(k); got != v {
					t.Errorf("header %s = %q, want %q", k, got, v)
				}
			}
			if r.Method != http.MethodGet || r.Path != "/v1/quote/get_security_list" ||
				r.Query.Get("market") != "US" || r.Query.Get("category") != "Overnight" {
				t.Errorf("request = %s %s?%s", r.Method, r.Path, r.Query.Encode())
			}
		})
	}
}

func TestTheLanguageAskedForACallReplacesTheClients(t *testing.T) {
	f := newFixture(t, quotetest.Options{}, func(c *quote.Config) { c.Language = "en" })
	if _, err := f.list(t.Context()); err != nil {
		t.Fatal(err)
	}
	if _, err := f.list(api.WithLanguage(t.Context(), "zh-HK")); err != nil {
		t.Fatal(err)
	}
	reqs := f.srv.Requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want 2", len(reqs))
	}
	for i, want := range []string{"en", "zh-HK"} {
		if got := reqs[i].Header.Get("Accept-Language"); got != want {
			t.Errorf("request %d: Accept-Language %q, want %q", i, got, want)
		}
	}
}

func TestUnreadableBodiesGiveAClearError(t *testing.T) {
	tests := []struct {
		name      string
		status    int
		body      string
		wantTries int
		wantInErr string
	}{
		{"an HTML page from a proxy quotes the status and the page", 200, quotetest.BodyHTML, 1, `HTTP 200`},
		{"an empty body says it is empty", 200, quotetest.BodyEmpty, 1, "empty body"},
		{"a truncated body says so", 200, quotetest.BodyTruncated, 1, "unexpected EOF"},
		{"a success with data null says so", 200, quotetest.BodyDataNull, 1, `"data" is null`},
		{"a success without data says so", 200, `{"code":0,"message":"success"}`, 1, `no "data"`},
		{"a 502 HTML page is retried twice then quoted", 502, quotetest.BodyHTML, 3, "HTTP 502"},
		{"a long body is quoted in at most 200 characters", 200, strings.Repeat("行情", 300), 1, "HTTP 200"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, quotetest.Options{}, nil)
			f.srv.FailNextRaw(tt.wantTries, tt.status, tt.body)
			rows, err := f.list(t.Context())
			if err == nil {
				t.Fatalf("got %d rows and no error", len(rows))
			}
			if !errors.Is(err, api.ErrUnexpectedResponse) {
				t.Errorf("err = %v, want ErrUnexpectedResponse", err)
			}
			var apiErr *api.Error
			if !errors.As(err, &apiErr) {
				t.Fatalf("err = %v, want an *APIError", err)
			}
			if apiErr.Status != tt.status {
				t.Errorf("Status = %d, want %d", apiErr.Status, tt.status)
			}
			if n := utf8.RuneCountInString(apiErr.Body); n > 200 {
				t.Errorf("Body excerpt has %d characters, want at most 200", n)
			}
			if want := tt.body[:min(len(tt.body), 40)]; !strings.HasPrefix(apiErr.Body, want) {
				t.Errorf("Body = %q, want it to start with %q", apiErr.Body, want)
			}
			if !strings.Contains(err.Error(), tt.wantInErr) {
				t.Errorf("err = %v, want it to contain %q", err, tt.wantInErr)
			}
			if apiErr.RequestID == "" {
				t.Error("RequestID is empty, want the fake's x-trace-id")
			}
			if got := f.srv.RequestCount(); got != tt.wantTries {
				t.Errorf("%d requests, want %d", got, tt.wantTries)
			}
		})
	}
}

func TestAPIErrorsAreTypedAndNotRetried(t *testing.T) {
	tests := []struct {
		name       string
		fail       func(*quotetest.Server)
		market     quote.Market
		wantStatus int
		wantCode   int
	}{
		{"an unknown market is code 310010", func(*quotetest.Server) {}, "HK", 400, 310010},
		{"an unknown market passes through unchanged", func(*quotetest.Server) {}, "SG", 400, 310010},
		{"code 310010 under HTTP 200 is an error too", func(s *quotetest.Server) { s.FailNext(1, 200, 310010, 0) }, quote.MarketUS, 200, 310010},
		{"an illegal app key is code 403203", func(s *quotetest.Server) { s.FailNext(1, 0, 403203, 0) }, quote.MarketUS, 403, 403203},
		{"a refused IP address is code 403205", func(s *quotetest.Server) { s.FailNext(1, 0, 403205, 0) }, quote.MarketUS, 403, 403205},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, quotetest.Options{}, nil)
			tt.fail(f.srv)
			_, err := f.client.GetSecurityList(t.Context(), tt.market, quote.CategoryOvernight)
			var apiErr *api.Error
			if !errors.As(err, &apiErr) {
				t.Fatalf("err = %v, want an *APIError", err)
			}
			if apiErr.Status != tt.wantStatus || apiErr.Code != tt.wantCode || apiErr.Message == "" || apiErr.RequestID == "" {
				t.Errorf("APIError = %+v, want status %d, code %d, a message and a request ID", apiErr, tt.wantStatus, tt.wantCode)
			}
			if errors.Is(err, api.ErrUnexpectedResponse) {
				t.Errorf("err = %v is an envelope, not an unexpected response", err)
			}
			if got := f.srv.RequestCount(); got != 1 {
				t.Errorf("%d requests, want 1 (no retry)", got)
			}
			if got := f.srv.Requests()[0].Query.Get("market"); got != string(tt.market) {
				t.Errorf("market sent = %q, want %q", got, tt.market)
			}
		})
	}
}

func TestServerFaultsAreRetriedTwice(t *testing.T) {
	tests := []struct {
		name      string
		fail      func(*quotetest.Server)
		wantErr   bool
		wantTries int
		wantWaits []time.Duration
	}{
		{"a 500 then success is retried once", func(s *quotetest.Server) { s.FailNext(1, 500, 500000, 0) }, false, 2, []time.Duration{200 * time.Millisecond}},
		{"a 503 without a code is retried", func(s *quotetest.Server) { s.FailNextRaw(2, 503, "") }, false, 3, []time.Duration{200 * time.Millisecond, 400 * time.Millisecond}},
		{"code 500 under HTTP 200 is retried", func(s *quotetest.Server) { s.FailNext(1, 200, 500, 0) }, false, 2, []time.Duration{200 * time.Millisecond}},
		{"three 500s fail with the server's message", func(s *quotetest.Server) { s.FailNext(3, 500, 500000, 0) }, true, 3, []time.Duration{200 * time.Millisecond, 400 * time.Millisecond}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, quotetest.Options{}, nil)
			tt.fail(f.srv)
			rows, err := f.list(t.Context())
			if tt.wantErr {
				var apiErr *api.Error
				if !errors.As(err, &apiErr) || apiErr.Message != "internal error" || apiErr.Attempts != 3 {
					t.Fatalf("err = %v, want an *APIError with the server's message after 3 tries", err)
				}
				if !strings.Contains(err.Error(), "gave up after 3 tries") {
					t.Errorf("err = %v, want it to say it gave up", err)
				}
			} else if err != nil || len(rows) != 100 {
				t.Fatalf("got %d rows, err %v; want 100 rows", len(rows), err)
			}
			if got := f.srv.RequestCount(); got != tt.wantTries {
				t.Errorf("%d requests, want %d", got, tt.wantTries)
			}
			if got := f.sleeps.Waits(); !slices.Equal(got, tt.wantWaits) {
				t.Errorf("waits = %v, want %v", got, tt.wantWaits)
			}
		})
	}
}

func TestTooManyRequestsAreRetried(t *testing.T) {
	ms := time.Millisecond
	tests := []struct {
		name      string
		fail      func(*quotetest.Server)
		wantErr   string
		wantTries int
		wantWaits []time.Duration
	}{
		{"a 429 without Retry-After backs off from 100 ms doubling",
			func(s *quotetest.Server) { s.FailNext(3, 429, 429002, 0) }, "", 4, []time.Duration{100 * ms, 200 * ms, 400 * ms}},
		{"a 429 with Retry-After waits what the server asks",
			func(s *quotetest.Server) { s.FailNext(1, 429, 429001, 3*time.Second) }, "", 2, []time.Duration{3 * time.Second}},
		{"code 429002 under HTTP 200 is retried",
			func(s *quotetest.Server) { s.FailNext(1, 200, 429002, 0) }, "", 2, []time.Duration{100 * ms}},
		{"a 429 without an envelope is retried",
			func(s *quotetest.Server) { s.FailNextRaw(1, 429, "Too Many Requests") }, "", 2, []time.Duration{100 * ms}},
		{"five 429s give up and say so",
			func(s *quotetest.Server) { s.FailNext(5, 429, 429002, 0) }, "gave up after 5 tries", 5, []time.Duration{100 * ms, 200 * ms, 400 * ms, 800 * ms}},
		{"a Retry-After beyond 30 s fails at once",
			func(s *quotetest.Server) { s.FailNext(1, 429, 429001, time.Minute) }, "too many requests", 1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, quotetest.Options{}, nil)
			tt.fail(f.srv)
			rows, err := f.list(t.Context())
			if tt.wantErr == "" && (err != nil || len(rows) != 100) {
				t.Fatalf("got %d rows, err %v; want 100 rows", len(rows), err)
			}
			if tt.wantErr != "" {
				var apiErr *api.Error
				if !errors.As(err, &apiErr) || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want an *APIError saying %q", err, tt.wantErr)
				}
				if !apiErr.TooManyRequests() {
					t.Errorf("%v is not classed as too many requests", apiErr)
				}
			}
			if got := f.srv.RequestCount(); got != tt.wantTries {
				t.Errorf("%d requests, want %d", got, tt.wantTries)
			}
			if got := f.sleeps.Waits(); !slices.Equal(got, tt.wantWaits) {
				t.Errorf("waits = %v, want %v", got, tt.wantWaits)
			}
		})
	}
}

func TestUnauthorizedCallsRefreshOnceAndRetry(t *testing.T) {
	errSession := &oauth.SignInError{Reason: oauth.ReasonGrantRefused}
	errBackingOff := &oauth.RenewError{Reason: oauth.ReasonServerError, RetryAt: time.Now().Add(5 * time.Second)}
	tests := []struct {
		name          string
		setup         func(*fixture)
		wantErr       bool
		wantSignIn    bool
		wantTries     int
		wantRefreshes int
	}{
		{"a token that expires between two calls is refreshed once and the call succeeds",
			func(f *fixture) { f.checker.expire(f.session.token()) }, false, false, 2, 1},
		{"an unknown token (key rotated) is refreshed once and the call succeeds",
			func(f *fixture) {
				f.checker.mu.Lock()
				delete(f.checker.expired, f.session.token())
				f.checker.mu.Unlock()
			}, false, false, 2, 1},
		{"a 401 status without a code is refreshed once",
			func(f *fixture) { f.srv.FailNextRaw(1, 401, "") }, false, false, 2, 1},
		{"code 401102 under HTTP 200 is refreshed once",
			func(f *fixture) { f.srv.FailNext(1, 200, 401102, 0) }, false, false, 2, 1},
		{"a second 401 asks to sign in again",
			func(f *fixture) { f.srv.FailNext(2, 0, 401003, 0) }, true, true, 2, 1},
		{"a session that cannot refresh after a 401 asks to sign in again",
			func(f *fixture) { f.checker.expire(f.session.token()); f.session.refreshErr = errSession }, true, true, 1, 1},
		{"a session that is only backing off after a 401 does not ask to sign in",
			func(f *fixture) { f.checker.expire(f.session.token()); f.session.refreshErr = errBackingOff }, true, false, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, quotetest.Options{}, nil)
			if _, err := f.list(t.Context()); err != nil {
				t.Fatalf("first call: %v", err)
			}
			used := f.session.token()
			f.srv.Reset()
			tt.setup(f)

			rows, err := f.list(t.Context())
			if !tt.wantErr && (err != nil || len(rows) != 100) {
				t.Fatalf("second call: %d rows, err %v; want 100 rows", len(rows), err)
			}
			if tt.wantErr && err == nil {
				t.Fatal("second call: no error")
			}
			if got := errors.Is(err, api.ErrSignInRequired); got != tt.wantSignIn {
				t.Errorf("errors.Is(%v, ErrSignInRequired) = %v, want %v", err, got, tt.wantSignIn)
			}
			if f.session.refreshErr != nil && !errors.Is(err, f.session.refreshErr) {
				t.Errorf("err = %v, want it to wrap the session's error", err)
			}
			refreshes, invalidated := f.session.stats()
			if refreshes != tt.wantRefreshes {
				t.Errorf("%d refreshes, want %d", refreshes, tt.wantRefreshes)
			}
			if len(invalidated) == 0 || invalidated[0] != used {
				t.Errorf("%d tokens invalidated, and the first is not the one used", len(invalidated))
			}
			if got := f.srv.RequestCount(); got != tt.wantTries {
				t.Errorf("%d requests, want %d", got, tt.wantTries)
			}
			reqs := f.srv.Requests()
			if last := reqs[len(reqs)-1].Header.Get("Authorization"); tt.wantTries > 1 && last == "Bearer "+used {
				t.Error("the retry used the refused token")
			}
		})
	}
}

func TestASessionErrorBeforeAnyCallIsReturnedWrapped(t *testing.T) {
	errSession := &oauth.SignInError{Reason: oauth.ReasonSignedOut}
	f := newFixture(t, quotetest.Options{}, nil)
	f.session.Invalidate(f.session.token())
	f.session.refreshErr = errSession
	_, err := f.list(t.Context())
	if !errors.Is(err, errSession) || !errors.Is(err, api.ErrSignInRequired) {
		t.Errorf("err = %v, want it to wrap the session's error and ErrSignInRequired", err)
	}
	if f.srv.RequestCount() != 0 {
		t.Errorf("%d requests, want none without a token", f.srv.RequestCount())
	}
}

func TestConcurrentUnauthorizedCallsShareOneRefresh(t *testing.T) {
	const calls = 50
	f := newFixture(t, quotetest.Options{}, func(c *quote.Config) {
		c.Limit = quote.Limit{PerSecond: 100000, Burst: calls, Concurrent: calls}
	})
	expired := f.session.token()
	f.checker.expire(expired)
	// Every first request is answered late, so all 50 are sent with the
	// expired token before the first 401 comes back.
	f.srv.SetDelay(200 * time.Millisecond)
	f.session.refreshDelay = 20 * time.Millisecond

	var wg sync.WaitGroup
	errs := make(chan error, calls)
	for range calls {
		wg.Go(func() {
			rows, err := f.list(t.Context())
			if err == nil && len(rows) != 100 {
				err = errors.New("wrong row count")
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}

	refreshes, invalidated := f.session.stats()
	if refreshes != 1 {
		t.Errorf("%d refreshes, want exactly 1", refreshes)
	}
	withExpired := 0
	for _, r := range f.srv.Requests() {
		if r.Header.Get("Authorization") == "Bearer "+expired {
			withExpired++
		}
	}
	if withExpired != calls || f.srv.RequestCount() != 2*calls {
		t.Errorf("%d of %d requests used the expired token, want %d of %d", withExpired, f.srv.RequestCount(), calls, 2*calls)
	}
	for _, tok := range invalidated {
		if tok != expired {
			t.Error("a token other than the expired one was invalidated")
		}
	}
}

func TestACancelledContextReturnsAtOnce(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*quote.Config)
		setup func(*testing.T, *fixture)
	}{
		{"a slow answer is abandoned", nil,
			func(t *testing.T, f *fixture) { f.srv.SetDelay(10 * time.Second) }},
		{"a backoff after a 429 is cut short",
			func(c *quote.Config) { c.Sleep = nil; c.Limit = quote.Limit{} },
			func(t *testing.T, f *fixture) { f.srv.FailNext(1, 429, 429001, 20*time.Second) }},
		{"a wait for the rate limiter is cut short",
			func(c *quote.Config) { c.Sleep = nil; c.Limit = quote.Limit{PerSecond: 0.01, Burst: 1} },
			func(t *testing.T, f *fixture) {
				if _, err := f.list(t.Context()); err != nil { // spends the only token
					t.Fatal(err)
				}
			}},
		{"a wait for a free slot is cut short",
			func(c *quote.Config) { c.Limit.Concurrent = 1 },
			func(t *testing.T, f *fixture) {
				f.srv.SetDelay(10 * time.Second)
				go func() { _, _ = f.list(t.Context()) }() // holds the only slot until the test ends
				waitFor(t, func() bool { return f.srv.RequestCount() == 1 })
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, quotetest.Options{}, tt.edit)
			tt.setup(t, f)
			ctx, cancel := context.WithCancel(t.Context())
			time.AfterFunc(50*time.Millisecond, cancel)
			start := time.Now()
			_, err := f.list(ctx)
			if elapsed := time.Since(start); elapsed > time.Second {
				t.Errorf("returned after %v, want at once", elapsed)
			}
			if !errors.Is(err, context.Canceled) {
				t.Errorf("err = %v, want context.Canceled", err)
			}
		})
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("condition not met in 5 s")
		}
	}
}

func TestTheLimiterKeepsTheDocumentedQuoteLimits(t *testing.T) {
	t.Run("11 calls at the default limit take at least one second", func(t *testing.T) {
		f := newFixture(t, quotetest.Options{Rows: 1}, func(c *quote.Config) { c.Sleep = nil; c.Limit = quote.Limit{} })
		start := time.Now()
		for range 11 {
			if _, err := f.list(t.Context()); err != nil {
				t.Fatal(err)
			}
		}
		if elapsed := time.Since(start); elapsed < 950*time.Millisecond {
			t.Errorf("11 calls took %v, want at least 1 s", elapsed)
		}
	})
	t.Run("no more than 5 calls are in flight at once", func(t *testing.T) {
		f := newFixture(t, quotetest.Options{Rows: 1}, func(c *quote.Config) {
			c.Limit = quote.Limit{PerSecond: 100000, Burst: 100} // Concurrent: the default
		})
		f.srv.SetDelay(30 * time.Millisecond)
		var wg sync.WaitGroup
		for range 20 {
			wg.Go(func() {
				if _, err := f.list(t.Context()); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if got := f.srv.MaxInFlight(); got != 5 {
			t.Errorf("at most %d requests in flight, want 5", got)
		}
	})
}

func TestAnUnreachableServerIsANetworkError(t *testing.T) {
	f := newFixture(t, quotetest.Options{}, nil)
	f.srv.Close()
	_, err := f.list(t.Context())
	if err == nil {
		t.Fatal("no error from a closed server")
	}
	if got := f.sleeps.Waits(); len(got) != 2 {
		t.Errorf("waits = %v, want 2 retries of the GET", got)
	}
	var netErr net.Error
	if !errors.As(err, &netErr) {
		t.Errorf("err = %v, want a net.Error the GUI can word as unreachable", err)
	}
}

// BenchmarkGetSecurityList100k measures a whole call through the client
// against the fake: request, transfer over loopback, envelope and rows.
func BenchmarkGetSecurityList100k(b *testing.B) {
	for _, gz := range []bool{false, true} {
		name := "identity"
		if gz {
			name = "gzip"
		}
		b.Run(name, func(b *testing.B) {
			f := newFixture(b, quotetest.Options{Rows: quotetest.MaxRows, Gzip: gz}, nil)
			if _, err := f.list(b.Context()); err != nil { // renders the fake's body once
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				rows, err := f.list(b.Context())
				if err != nil || len(rows) != quotetest.MaxRows {
					b.Fatalf("%d rows, err %v", len(rows), err)
				}
			}
		})
	}
}
