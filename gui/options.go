package gui

import (
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

  -region   the LongPort region to open: global, china, sandbox (an offline
            demo with made-up data), or the base URL of another server
  -version  print the version and exit
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
	switch strings.ToLower(strings.TrimSpace(name)) {
	case oauth.Global.ID:
		return oauth.Global, nil
	case oauth.China.ID:
		return oauth.China, nil
	case sandboxName:
		return oauth.Region{ID: sandboxName, Name: "Sandbox"}, nil
	}
	raw := strings.TrimPrefix(name, "custom:")
	if !strings.Contains(raw, "://") {
		return oauth.Region{}, fmt.Errorf("unknown region %q: use global, china, sandbox or the server's URL", name)
	}
	return oauth.CustomRegion(raw)
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
