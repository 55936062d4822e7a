// Package regiontest is a fake LongPort region on one host, as LongPort
// serves everything from one: the authorization server (oauthtest), the
// Quote API (quotetest) and the Trade API (tradetest) behind one listener,
// and the quote socket (sockettest) on a listener of its own, as LongPort's
// openapi-quote host is, its one-time tokens from the region's
// GET /v1/socket/token.
// The API checks each Bearer token against the authorization server, with
// the scopes the token was granted. Tests, the GUI tests and the offline
// sandbox all start one with Start.
package regiontest

import (
	"errors"
	"net/http"
	"net/http/httputil"
	"net/url"
	"time"

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
	// Account is the trade data; nil means tradetest.Sandbox(now), now from
	// Auth.Now, so the sandbox's orders and the app's clock agree.
	Account *tradetest.Account
	// Socket configures the quote socket; its Auth is set here. The
	// sandbox sets a PushRate so that prices move.
	Socket sockettest.Options
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
	if opts.Account == nil {
		opts.Account = tradetest.Sandbox(now())
	}
	checker := &lateChecker{}
	api := quotetest.New(quotetest.Options{
		Auth:      checker,
		Classify:  quotetest.ClassifyExpired(oauthtest.ErrTokenExpired),
		Rows:      opts.Rows,
		Gzip:      opts.Gzip,
		Watchlist: quotetest.SandboxWatchlist(now()),
	})
	trade := tradetest.Install(api, opts.Account)
	opts.Socket.Auth = checker
	sock, err := sockettest.NewServer(opts.Socket)
	if err != nil {
		return nil, err
	}
	installSocketToken(api, sock)
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

// installSocketToken serves GET /v1/socket/token on the API host, as
// LongPort does, by passing it on to the socket's fake, which issues the
// tokens it will accept.
func installSocketToken(api *quotetest.Server, sock *sockettest.Server) {
	target, _ := url.Parse(sock.URL)
	proxy := httputil.NewSingleHostReverseProxy(target)
	api.Handle(quotetest.Route{Path: "/v1/socket/token", Serve: func(w http.ResponseWriter, r *http.Request) {
		proxy.ServeHTTP(w, r)
	}})
}

// Close stops the region and waits for its requests to end.
func (r *Region) Close() {
	r.Auth.Close()
	r.Socket.Close()
}

// lateChecker checks tokens against an authorization server that starts
// after the API handler it serves is built.
type lateChecker struct{ auth *oauthtest.Server }

var errNotStarted = errors.New("regiontest: the authorization server has not started")

func (c *lateChecker) CheckAccessToken(token string) error {
	if c.auth == nil {
		return errNotStarted
	}
	return c.auth.CheckAccessToken(token)
}

func (c *lateChecker) AccessTokenScopes(token string) ([]string, error) {
	if c.auth == nil {
		return nil, errNotStarted
	}
	return c.auth.AccessTokenScopes(token)
}
