package gui

import (
	"fmt"
	"net/url"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/portview/portview/oauth"
	"github.com/portview/portview/oauth/oauthtest"
	"github.com/portview/portview/quote/quotetest"
	"github.com/portview/portview/quote/socket/sockettest"
	"github.com/portview/portview/regiontest"
)

// SandboxOptions tune the offline demo; the zero value is what users get.
type SandboxOptions struct {
	// AutoApprove skips the consent page, for tests; users see it in their browser.
	AutoApprove bool
	// Rows is the size of the security list; default 11,873, about the real one.
	Rows int
	// TokenLifetime is the life of an access token; default 1 h, as LongPort's.
	TokenLifetime time.Duration
	// Now is the servers' clock; default time.Now. Tests share a manual clock
	// with the app.
	Now func() time.Time
	// PushRate is how many quote pushes a second the fake socket streams
	// over the symbols on screen; default sandboxPushRate; below zero none,
	// for tests that push by hand.
	PushRate float64
}

const sandboxRows = 11_873

// sandboxPushRate makes a few prices move every second, as a quiet market
// does: enough for a new user to see the tables live.
const sandboxPushRate = 8

// The sandbox's demo API key, shown on the region page for anyone to try
// the API-key mode: made up, and known only to the demo server.
const (
	sandboxAppKey    = "demo_app_key"
	sandboxAppSecret = "demo_app_secret"
	sandboxToken     = "m_demo_access_token"
	// sandboxBearer is the OAuth Bearer token the demo API always takes,
	// for the curl commands the sandbox copies.
	sandboxBearer = "sandbox_demo_bearer_token"
)

// sandbox is the offline demo: a fake LongPort region on 127.0.0.1 (sign-in,
// quote and trade on one host, as LongPort serves them), with a keyring and
// preferences that live in memory, so nothing of the demo outlives the run.
type sandbox struct {
	fake   *regiontest.Region
	auth   *oauthtest.Server  // the region's sign-in server
	quote  *quotetest.Server  // the region's API, trade endpoints included
	socket *sockettest.Server // the region's quote socket
	store  *oauth.MemoryStore
	prefs  *oauth.MemoryPrefs
	region oauth.Region
}

// startSandbox starts the demo region.
func startSandbox(opts SandboxOptions) (*sandbox, error) {
	if opts.Rows <= 0 {
		opts.Rows = sandboxRows
	}
	switch {
	case opts.PushRate == 0:
		opts.PushRate = sandboxPushRate
	case opts.PushRate < 0:
		opts.PushRate = 0
	}
	fake, err := regiontest.Start(regiontest.Options{
		Auth: oauthtest.Options{
			AutoApprove:   opts.AutoApprove,
			TokenLifetime: opts.TokenLifetime,
			Now:           opts.Now,
			IssParameter:  true,
		},
		Rows:   opts.Rows,
		Gzip:   true,
		Socket: sockettest.Options{PushRate: opts.PushRate, MarketHours: true, LV2: []string{"HK"}},
		Legacy: &quotetest.Legacy{Apps: []quotetest.LegacyApp{{
			AppKey: sandboxAppKey, AppSecret: sandboxAppSecret, AccessToken: sandboxToken,
		}}},
		DemoToken: sandboxBearer,
	})
	if err != nil {
		return nil, fmt.Errorf("start the sandbox server: %w", err)
	}
	u, _ := url.Parse(fake.URL)
	return &sandbox{
		fake:   fake,
		auth:   fake.Auth,
		quote:  fake.API,
		socket: fake.Socket,
		store:  oauth.NewMemoryStore(),
		prefs:  oauth.NewMemoryPrefs(),
		// Each demo server is a provider of its own: its own region ID keeps
		// its settings and the per-region request limit apart from others,
		// a later server on a port the system hands out again included.
		region: oauth.Region{ID: sandboxName + ":" + u.Host + "/" + strconv.FormatInt(sandboxSeq.Add(1), 10), Name: "Sandbox", BaseURL: fake.URL},
	}, nil
}

// sandboxSeq numbers the demo servers of this process.
var sandboxSeq atomic.Int64

// Close stops the demo region.
func (s *sandbox) Close() { s.fake.Close() }

// prefSandboxConsent is set once the user has allowed the sandbox in the
// browser: its next sign-ins (a new sandbox each run, a restart after a
// language change) are approved without a browser page, as a provider
// remembers a consent, until the user signs out of it.
const prefSandboxConsent = "sandbox.consented"

// approveSandbox answers the sandbox's consent page in place of the
// browser, for a user who has allowed it before.
func (u *UI) approveSandbox(authURL string) error {
	go func() {
		if err := oauthtest.Approve(u.ctx, authURL); err != nil && u.ctx.Err() == nil {
			u.log.Warn("the remembered sandbox consent failed", "err", err)
		}
	}()
	return nil
}
