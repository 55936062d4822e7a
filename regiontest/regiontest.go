// Package regiontest is a fake LongPort region on one host, as LongPort
// serves everything from one: the authorization server (oauthtest), the
// Quote API (quotetest) and the Trade API (tradetest) behind one listener,
// and the quote socket (sockettest) on a listener of its own, as LongPort's
// openapi-quote host is, its one-time tokens from the region's
// GET /v1/socket/token.
// The API checks each Bearer token against the authorization server, with
// the scopes the token was granted. Every price the region shows (quotes,
// pushes, candlesticks, the intraday line, the market status, the
// account's orders and fills, the watched prices) comes from one simulated
// market (simmarket) at the region's one clock, so they agree. Tests, the
// GUI tests and the offline sandbox all start one with Start.
package regiontest

import (
	"errors"
	"time"

	"github.com/portview/portview/internal/simmarket"
	"github.com/portview/portview/oauth/oauthtest"
	"github.com/portview/portview/quote/quotetest"
	"github.com/portview/portview/quote/socket/sockettest"
	"github.com/portview/portview/trade/tradetest"
)

// Options configure a Region; the zero value is a working fake.
type Options struct {
	// Auth configures the authorization server; its API field is set here.
	Auth oauthtest.Options
	// Rows is the size of the security list; default quotetest's.
	Rows int
	// Gzip compresses API answers for clients that accept it.
	Gzip bool
	// Account is the trade data; nil means tradetest.SandboxOf(Market,
	// now), now from Auth.Now, so the sandbox's orders and the app's clock
	// agree.
	Account *tradetest.Account
	// Market is where every price comes from; default
	// simmarket.New(simmarket.SandboxSeed). Its clock is Auth.Now.
	Market *simmarket.Market
	// Socket configures the quote socket; its Auth is set here. The
	// sandbox sets a PushRate so that prices move.
	Socket sockettest.Options
	// Legacy enables the API's legacy API-key mode with its apps; its
	// clock defaults to Auth.Now.
	Legacy *quotetest.Legacy
	// DemoToken, if set, is a Bearer token the API and the socket always
	// take, with every scope the region lists: the sandbox's, for the
	// commands it copies, which a user runs in a shell while it runs.
	DemoToken string
}

// Region is a running fake region.
type Region struct {
	URL   string            // the one base URL: OAuth and the API
	Auth  *oauthtest.Server // the authorization server
	API   *quotetest.Server // the API host, with the Trade endpoints installed
	Trade *tradetest.Fake   // the trade data
	// Socket is the quote socket; QuoteURL is its ws:// address.
	Socket   *sockettest.Server
	QuoteURL string
}

// Start starts a Region; Close stops it.
func Start(opts Options) (*Region, error) {
	now := time.Now
	if opts.Auth.Now != nil {
		now = opts.Auth.Now
	}
	if opts.Market == nil {
		opts.Market = simmarket.New(simmarket.SandboxSeed)
	}
	if opts.Account == nil {
		opts.Account = tradetest.SandboxOf(opts.Market, now())
	}
	if opts.Legacy != nil && opts.Legacy.Now == nil {
		opts.Legacy.Now = now
	}
	checker := &lateChecker{demo: opts.DemoToken}
	var sock *sockettest.Server
	api := quotetest.New(quotetest.Options{
		// The API host hands out the socket's own one-time tokens, after
		// checking the request as it checks every other (Bearer or signed).
		SocketToken: func() any { return sock.IssueToken() },
		Auth:        checker,
		Classify:    quotetest.ClassifyExpired(oauthtest.ErrTokenExpired),
		Rows:        opts.Rows,
		Gzip:        opts.Gzip,
		Watchlist:   quotetest.SandboxWatchlist(now()),
		Legacy:      opts.Legacy,
		Now:         now,
	})
	trade := tradetest.Install(api, opts.Account)
	opts.Socket.Auth = checker
	opts.Socket.Market = opts.Market
	if opts.Socket.Now == nil {
		opts.Socket.Now = now
	}
	sock, err := sockettest.NewServer(opts.Socket)
	if err != nil {
		return nil, err
	}
	opts.Auth.API = api
	auth, err := oauthtest.Start(opts.Auth)
	if err != nil {
		sock.Close()
		return nil, err
	}
	checker.auth = auth // before any request: the URL is not known until now
	api.URL = auth.URL
	return &Region{URL: auth.URL, Auth: auth, API: api, Trade: trade, Socket: sock, QuoteURL: sock.WSURL}, nil
}

// Close stops the region and waits for its requests to end.
func (r *Region) Close() {
	r.Auth.Close()
	r.Socket.Close()
}

// lateChecker checks tokens against an authorization server that starts
// after the API handler it serves is built, and takes the demo token.
type lateChecker struct {
	auth *oauthtest.Server
	demo string // Options.DemoToken
}

var errNotStarted = errors.New("regiontest: the authorization server has not started")

func (c *lateChecker) CheckAccessToken(token string) error {
	switch {
	case c.auth == nil:
		return errNotStarted
	case c.demo != "" && token == c.demo:
		return nil
	}
	return c.auth.CheckAccessToken(token)
}

func (c *lateChecker) AccessTokenScopes(token string) ([]string, error) {
	switch {
	case c.auth == nil:
		return nil, errNotStarted
	case c.demo != "" && token == c.demo:
		return c.auth.Scopes(), nil
	}
	return c.auth.AccessTokenScopes(token)
}
