package gui

import (
	"fmt"
	"net/url"
	"time"

	"github.com/portview/portview/oauth"
	"github.com/portview/portview/oauth/oauthtest"
	"github.com/portview/portview/quote/quotetest"
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
}

const sandboxRows = 11_873

// sandbox is the offline demo: a fake authorization server and a fake quote
// API on 127.0.0.1, with a keyring and preferences that live in memory, so
// nothing of the demo outlives the run.
type sandbox struct {
	auth   *oauthtest.Server
	quote  *quotetest.Server
	store  *oauth.MemoryStore
	prefs  *oauth.MemoryPrefs
	region oauth.Region
}

// startSandbox starts the demo servers.
func startSandbox(opts SandboxOptions) (*sandbox, error) {
	if opts.Rows <= 0 {
		opts.Rows = sandboxRows
	}
	auth, err := oauthtest.Start(oauthtest.Options{
		AutoApprove:   opts.AutoApprove,
		TokenLifetime: opts.TokenLifetime,
		Now:           opts.Now,
		IssParameter:  true,
	})
	if err != nil {
		return nil, fmt.Errorf("start the sandbox sign-in server: %w", err)
	}
	q, err := quotetest.NewServer(quotetest.Options{
		Auth:     auth,
		Classify: quotetest.ClassifyExpired(oauthtest.ErrTokenExpired),
		Rows:     opts.Rows,
		Gzip:     true,
	})
	if err != nil {
		auth.Close()
		return nil, fmt.Errorf("start the sandbox data server: %w", err)
	}
	u, _ := url.Parse(auth.URL)
	return &sandbox{
		auth:  auth,
		quote: q,
		store: oauth.NewMemoryStore(),
		prefs: oauth.NewMemoryPrefs(),
		// Each demo server is a provider of its own: its own region ID keeps
		// its settings and the per-region request limit apart from others.
		region: oauth.Region{ID: sandboxName + ":" + u.Host, Name: "Sandbox", BaseURL: auth.URL},
	}, nil
}

// Close stops both servers.
func (s *sandbox) Close() {
	s.quote.Close()
	s.auth.Close()
}
