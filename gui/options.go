package gui

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/portview/portview/oauth"
)

// Options are the choices made on the command line.
type Options struct {
	// Region is "global", "china", "sandbox" or a server's base URL; empty
	// means the region used last time.
	Region string
	// Version asks for the version to be printed instead of opening a window.
	Version bool
}

// Usage is the text printed for -h.
const Usage = `Usage: portview [-region global|china|sandbox|URL] [-version]
       portview token [-region global|china|URL]
       portview status [-json]

  -region   the LongPort region to open: global, china, sandbox (an offline
            demo with made-up data), or the base URL of another server
  -version  print the version and exit

Commands for scripts (no window, no display; they never sign in):

  token     print a valid access token of the region's stored sign-in (by
            default the region used last) on stdout, one line, nothing else.
            A token with under 5 minutes left is renewed first and saved to
            the keyring before it is printed; a running Portview window
            shares the sign-in safely.
              curl -H "Authorization: Bearer $(portview token)" \
                   -H "X-Api-Key: <client ID from portview status>" \
                   https://openapi.longportapp.com/v1/watchlist/groups
  status    per region: signed in or not, the client ID, the scopes, when
            the access token expires and, as an estimate, the refresh token
            (never the tokens); -json prints the same as JSON

Exit status: 0 done; 1 other failure (no display, unreadable settings);
2 bad command line; 3 not signed in to the region; 4 the region no longer
accepts the stored sign-in (sign in again); 5 the network or the server
failed (try again later); 6 the system keyring cannot be used.
Errors are one line on stderr, naming the command that signs in when one
is needed; stdout holds only the token (token) or the report (status).
`

// ParseFlags reads the command line, args without the program name. Its
// errors fit on one line; flag.ErrHelp means -h was given.
func ParseFlags(args []string) (Options, error) {
	fs := flag.NewFlagSet("portview", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // the caller prints one line, not the flag package's usage dump
	var o Options
	fs.StringVar(&o.Region, "region", "", "")
	fs.BoolVar(&o.Version, "version", false, "")
	if err := fs.Parse(args); err != nil {
		return Options{}, err
	}
	if fs.NArg() > 0 {
		return Options{}, fmt.Errorf("unexpected argument %q (see -h)", fs.Arg(0))
	}
	if o.Region != "" {
		if _, err := regionByName(o.Region); err != nil {
			return Options{}, fmt.Errorf("-region: %w", err)
		}
	}
	return o, nil
}

// sandboxName is how the command line and the preferences name the offline demo.
const sandboxName = "sandbox"

// regionByName turns a region's name as the command line or the preferences
// give it into a Region. The sandbox comes back without a base URL: its
// servers start later.
func regionByName(name string) (oauth.Region, error) {
	if strings.EqualFold(strings.TrimSpace(name), sandboxName) {
		return oauth.Region{ID: sandboxName, Name: "Sandbox"}, nil
	}
	r, err := oauth.RegionByName(name)
	if errors.Is(err, oauth.ErrUnknownRegion) {
		return oauth.Region{}, fmt.Errorf("unknown region %q: use global, china, sandbox or the server's URL", name)
	}
	return r, err
}

// regionName is the inverse of regionByName, for the preferences.
func regionName(r oauth.Region) string {
	if isSandbox(r) {
		return sandboxName
	}
	return r.ID
}

func isSandbox(r oauth.Region) bool {
	return r.ID == sandboxName || strings.HasPrefix(r.ID, sandboxName+":")
}
