// Package api is the HTTP machinery below LongPort's two API families,
// quote and trade: the credentials (the OAuth token or the legacy
// API-key signature), the rate limits, the envelope {code, message, data},
// the typed Error, the retry rules for 401, 429 and
// 5xx, body caps and gzip, and the wire types the families decode into
// (Decimal, Time, ID). The families' packages hold the endpoints, one file
// per API area; nothing here knows an endpoint.
package api

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"github.com/portview/portview/oauth"
)

// TokenSource hands out access tokens; *oauth.Session implements it.
type TokenSource interface {
	// Token returns a valid access token, refreshing it if needed;
	// concurrent callers share one refresh.
	Token(ctx context.Context) (*oauth2.Token, error)
	// Invalidate tells the source the API refused accessToken with a 401:
	// the next Token refreshes once, shared by all callers.
	Invalidate(accessToken string)
}

// Limit is a client-side rate limit, kept on the moments requests went
// out (written to the connection), as the server counts them. Each API
// family documents its own (QuoteLimit, TradeLimit); a field left zero
// takes the family's value.
type Limit struct {
	PerSecond  float64 // calls sent per second, over all paths
	Burst      int     // calls that may be sent at once after a pause
	Concurrent int     // calls in flight at once
	// PerPath calls at most to one path in any Window; 0: no such limit.
	PerPath int
	Window  time.Duration
	// Margin is added to every span the limits count in (the gap of
	// 1/PerSecond, the Window), for what happens between the write and the
	// server's clock: the network, and a loaded machine on either side.
	Margin time.Duration
}

// QuoteLimit is the quote API's documented limit: 10 calls per second and 5
// at once. A burst of 1 spaces calls 100 ms apart and the margin 10 ms more,
// so no second ever sees more than 10 arrive.
var QuoteLimit = Limit{PerSecond: 10, Burst: 1, Concurrent: 5, Margin: 10 * time.Millisecond}

// TradeLimit is the trade API's documented limit: 30 calls per 30 s to each
// endpoint (the maintainers' reading, developers#905) and at least 20 ms
// between any two trade calls; with the margin, calls go 25 ms apart.
var TradeLimit = Limit{PerSecond: 50, Burst: 1, Concurrent: 5, PerPath: 30, Window: 30 * time.Second, Margin: 5 * time.Millisecond}

// Config configures a Client. Fields without a stated default are required.
type Config struct {
	// BaseURL is the region's API base URL, such as
	// https://openapi.longportapp.com or a custom one. Plain http is
	// accepted only for a loopback host, as the token would travel in clear.
	BaseURL string
	// ClientID is the OAuth client ID, sent as X-Api-Key as the official
	// SDK does in OAuth mode; not used with Auth.
	ClientID string
	// Language is sent as Accept-Language ("en", "zh-CN" or "zh-HK"), which
	// picks the language of names in the answers; default: not sent.
	Language string
	// Tokens gives the OAuth access token for each request; not used with Auth.
	Tokens TokenSource
	// Auth gives each request's credentials instead of ClientID and Tokens,
	// such as an *APIKeySigner for the legacy API-key mode; default: the
	// OAuth Bearer token of Tokens.
	Auth Authorizer
	// HTTPClient sends the requests; default: a client with a 60 s timeout.
	HTTPClient *http.Client
	// UserAgent names the app and its version, such as "Portview/1.0.0";
	// default "Portview".
	UserAgent string
	// Logger receives a line per request and per retry; default: discard.
	Logger *slog.Logger
	// Limit is the client-side rate limit; fields left zero take the
	// family's documented values.
	Limit Limit
	// Sleep waits d between retries and for the rate limit, returning early
	// with ctx's error when ctx ends; default: a timer. Tests replace it to
	// run without waiting.
	Sleep func(ctx context.Context, d time.Duration) error
	// Now is the clock of the rate limit and of Error.ReceivedAt; default
	// time.Now. Tests pair it with Sleep to run a fake clock.
	Now func() time.Time
}

// Retry rules, after the official SDKs: 429 from 100 ms doubling, at most 5
// tries; a 5xx on a GET is retried twice.
const (
	maxTooManyTries   = 5
	firstTooManyDelay = 100 * time.Millisecond
	maxServerRetries  = 2
	firstServerDelay  = 200 * time.Millisecond
	// A Retry-After longer than this fails the call at once, with the
	// Error carrying the wait, instead of leaving the user waiting without
	// a word.
	MaxRetryAfter = 30 * time.Second
)

// Client calls one family of the LongPort OpenAPI. It is safe for
// concurrent use; all calls share the family's rate limit.
type Client struct {
	baseURL   string
	language  string
	auth      Authorizer
	http      *http.Client
	userAgent string
	log       *slog.Logger
	limits    *limiter
	sleep     func(ctx context.Context, d time.Duration) error
	now       func() time.Time
	maxBody   int64 // cap of a decoded body; tests lower it
}

// New returns a Client for cfg after checking it and filling in defaults;
// family is the API family's documented limit, for the fields of cfg.Limit
// left zero. name ("quote", "trade") starts its configuration errors.
func New(name string, cfg Config, family Limit) (*Client, error) {
	if err := cfg.validateAndSetDefaults(family); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &Client{
		baseURL:   cfg.BaseURL,
		language:  cfg.Language,
		auth:      cfg.Auth,
		http:      cfg.HTTPClient,
		userAgent: cfg.UserAgent,
		log:       cfg.Logger,
		limits:    newLimiter(cfg.Limit, cfg.Now),
		sleep:     cfg.Sleep,
		now:       cfg.Now,
		maxBody:   maxBodySize,
	}, nil
}

func (cfg *Config) validateAndSetDefaults(family Limit) error {
	// The API lives at the region's base URL, so the region's rules apply:
	// https, or plain http on loopback only (the token would travel in clear).
	base, err := oauth.ParseBaseURL(cfg.BaseURL)
	if err != nil {
		return fmt.Errorf("base URL: %w", err)
	}
	cfg.BaseURL = base
	switch {
	case cfg.Auth != nil:
	case cfg.ClientID == "":
		return errors.New("no client ID")
	case cfg.Tokens == nil:
		return errors.New("no token source")
	default:
		cfg.Auth = &bearer{clientID: cfg.ClientID, tokens: cfg.Tokens}
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 60 * time.Second}
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = "Portview"
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Limit.PerSecond <= 0 {
		cfg.Limit.PerSecond = family.PerSecond
	}
	if cfg.Limit.Burst <= 0 {
		cfg.Limit.Burst = family.Burst
	}
	if cfg.Limit.Concurrent <= 0 {
		cfg.Limit.Concurrent = family.Concurrent
	}
	if cfg.Limit.PerPath <= 0 || cfg.Limit.Window <= 0 {
		cfg.Limit.PerPath, cfg.Limit.Window = family.PerPath, family.Window
	}
	if cfg.Limit.Margin <= 0 {
		cfg.Limit.Margin = family.Margin
	}
	if cfg.Sleep == nil {
		cfg.Sleep = sleep
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return nil
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Get calls GET path?query and hands the envelope's data to decodeData,
// which may run more than once (once per try) and must start afresh each
// time. The rules, in the order the code applies them:
//
//  1. Take the credential: the session's access token, or the API key.
//  2. Wait for a free slot and the rate limits, then send the request;
//     the limits count from the moment it was written.
//  3. On a 401 (status or code), tell the authorizer and try once more
//     with a fresh credential, if it has one; a second 401 is
//     ErrSignInRequired. A session that cannot give the fresh token says
//     why, and that error is returned.
//  4. On a 429, wait Retry-After or 100 ms doubling; at most 5 tries.
//  5. On a 5xx or a dropped connection, retry twice with backoff.
func (c *Client) Get(ctx context.Context, path string, query url.Values, decodeData func(*json.Decoder) error) error {
	var (
		reauthorized bool // the session was asked for a fresh token once
		tooMany      int  // tries that got a 429
		serverFaults int  // tries that got a 5xx or no answer
	)
	for try := 1; ; try++ {
		cred, err := c.auth.Credential(ctx)
		switch {
		case err != nil && ctx.Err() != nil:
			return fmt.Errorf("GET %s: %w", path, ctx.Err())
		case errors.Is(err, errEmptyToken):
			return fmt.Errorf("GET %s: %w", path, err)
		case err != nil:
			// The session's own error says whether the user must sign in
			// (it wraps ErrSignInRequired) or renewal is only backing off
			// (an *oauth.RenewError that retries by itself).
			return fmt.Errorf("GET %s: get access token: %w", path, err)
		}

		err = c.send(ctx, path, query, cred, decodeData)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return fmt.Errorf("GET %s: %w", path, ctx.Err())
		}

		var apiErr *Error
		var wait time.Duration
		switch {
		case !errors.As(err, &apiErr):
			// No answer, or a body cut off by the network: the GET is
			// idempotent, so it is retried as a 5xx would be.
			if serverFaults == maxServerRetries {
				return fmt.Errorf("GET %s: %w", path, err)
			}
			serverFaults++
			wait = firstServerDelay << (serverFaults - 1)

		case apiErr.Unauthorized():
			if reauthorized || !c.auth.Refused(cred) {
				apiErr.Attempts = try
				return fmt.Errorf("GET %s: %w: %w", path, ErrSignInRequired, apiErr)
			}
			reauthorized = true
			c.log.Info("access token refused; retrying with a fresh one", "path", path, "code", apiErr.Code, "request_id", apiErr.RequestID)
			continue

		case apiErr.TooManyRequests():
			tooMany++
			wait = apiErr.RetryAfter
			if wait <= 0 {
				wait = firstTooManyDelay << (tooMany - 1)
			}
			if tooMany == maxTooManyTries || wait > MaxRetryAfter {
				apiErr.Attempts = try
				return fmt.Errorf("GET %s: too many requests: %w", path, apiErr)
			}

		case apiErr.ServerFault():
			if serverFaults == maxServerRetries {
				apiErr.Attempts = try
				return fmt.Errorf("GET %s: %w", path, apiErr)
			}
			serverFaults++
			wait = firstServerDelay << (serverFaults - 1)

		default:
			return fmt.Errorf("GET %s: %w", path, apiErr)
		}

		c.log.Info("retrying", "path", path, "try", try, "in", wait, "error", err)
		if err := c.sleep(ctx, wait); err != nil {
			return fmt.Errorf("GET %s: %w", path, err)
		}
	}
}

// send makes one HTTP request under the rate limit and reads its answer.
func (c *Client) send(ctx context.Context, path string, query url.Values, cred Credential, decodeData func(*json.Decoder) error) error {
	ticket, err := c.limits.wait(ctx, path, c.sleep)
	if err != nil {
		return err
	}
	defer ticket.done()
	// The limits count from the moment the request was written to the
	// connection, the last one net/http reports (see limiter).
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		WroteRequest: func(httptrace.WroteRequestInfo) { ticket.sent() },
	})

	u := c.baseURL + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	if rec, ok := ctx.Value(recorderKey{}).(func(method, url string)); ok {
		rec(req.Method, u)
	}
	c.setHeaders(req.Header)
	if lang, ok := ctx.Value(languageKey{}).(string); ok {
		req.Header.Set("Accept-Language", lang)
	}
	cred.Sign(req, nil)

	start := time.Now()
	resp, err := c.http.Do(req)
	ticket.sent() // for a transport that does not report the write
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	err = c.readResponse(resp, decodeData)
	c.log.Debug("http request", "method", req.Method, "path", path, "status", resp.StatusCode,
		"duration", time.Since(start), "request_id", requestID(resp.Header), "error", err)
	return err
}

// setHeaders writes the headers the official SDK sends in either mode,
// apart from the credential's.
func (c *Client) setHeaders(h http.Header) {
	h.Set("User-Agent", c.userAgent)
	if c.language != "" {
		h.Set("Accept-Language", c.language)
	}
	h.Set("Accept", "application/json")
	// Set by hand, so net/http leaves the body compressed: readResponse
	// decodes it, and the size cap applies to the decoded bytes.
	h.Set("Accept-Encoding", "gzip")
}

// readResponse decodes the envelope of resp, handing the data to
// decodeData on a 2xx status, and returns an *Error for anything else.
// A body that breaks off because of the network gives that network error.
func (c *Client) readResponse(resp *http.Response, decodeData func(*json.Decoder) error) error {
	apiErr := &Error{
		Status:     resp.StatusCode,
		RequestID:  requestID(resp.Header),
		RetryAfter: retryAfterHeader(resp.Header),
		ReceivedAt: c.receivedAt(),
	}
	if d, err := http.ParseTime(resp.Header.Get("Date")); err == nil {
		apiErr.ServerTime = d
	}
	ok := resp.StatusCode >= 200 && resp.StatusCode <= 299
	if !ok {
		decodeData = nil
	}

	conn := &netReader{r: resp.Body}
	var body io.Reader = conn
	if strings.EqualFold(strings.TrimSpace(resp.Header.Get("Content-Encoding")), "gzip") {
		gz, err := gzip.NewReader(body)
		if err == io.EOF {
			body = http.NoBody // an empty body that claims gzip
		} else if err != nil {
			apiErr.Err = fmt.Errorf("%w: gzip: %w", ErrUnexpectedResponse, err)
			return apiErr
		} else {
			defer gz.Close()
			body = gz
		}
	}
	capped := newCappedReader(body, c.maxBody)
	env, err := decodeEnvelope(capped, decodeData)
	if conn.err != nil {
		return fmt.Errorf("read body: %w", conn.err)
	}
	apiErr.Code, apiErr.Message = env.code, env.message
	if err == nil && ok && env.code == 0 && !env.hasData {
		err = errNoData
	}
	if err != nil && (ok || !env.hasCode) {
		apiErr.Err = fmt.Errorf("%w: %w", ErrUnexpectedResponse, err)
		apiErr.Body = capped.excerpt()
		return apiErr
	}
	if !ok || env.code != 0 {
		return apiErr
	}
	// Drain a little of what may follow, so the connection is reused.
	_, _ = io.CopyN(io.Discard, resp.Body, 4<<10)
	return nil
}

// receivedAt is the time an answer came, by the client's clock.
func (c *Client) receivedAt() time.Time {
	if c.now == nil {
		return time.Now()
	}
	return c.now()
}

// requestID returns the server's ID for the request, for support and logs.
func requestID(h http.Header) string {
	for _, k := range []string{"X-Trace-Id", "X-Request-Id", "Trace-Id", "Request-Id"} {
		if v := h.Get(k); v != "" {
			return v
		}
	}
	return ""
}

// retryAfterHeader reads Retry-After by the rules oauth uses for the token
// endpoint; a capped ask still counts as longer than the client will wait.
func retryAfterHeader(h http.Header) time.Duration {
	wait, _ := oauth.RetryAfter(h.Get("Retry-After"), time.Now())
	return wait
}

type recorderKey struct{}

type languageKey struct{}

// WithLanguage returns a context whose calls send lang as Accept-Language
// ("en", "zh-CN" or "zh-HK") in place of the client's: LongPort fills a
// security list's names only in the language asked for, so a search in
// all three languages fetches the list once in each.
func WithLanguage(ctx context.Context, lang string) context.Context {
	return context.WithValue(ctx, languageKey{}, lang)
}

// WithRecorder returns a context whose calls tell rec of each request they
// send, by method and URL (never a header, so never a token), so that a
// view can offer the requests it made as commands to run ("Copy as curl").
func WithRecorder(ctx context.Context, rec func(method, url string)) context.Context {
	return context.WithValue(ctx, recorderKey{}, rec)
}
