// Portview is a desktop client for LongPort OpenAPI: it signs you in through
// your browser and shows market data.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"

	"fyne.io/fyne/v2/app"

	"github.com/portview/portview/gui"
	"github.com/portview/portview/oauth"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is main with its outputs passed in, returning the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	opts, err := gui.ParseFlags(args)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(stdout, gui.Usage)
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "portview:", err)
		return 2
	}

	// The version, name and icon come from FyneApp.toml even in a plain
	// go build, so -version, About and the User-Agent always agree.
	app.SetMetadata(appMetadata())
	a := app.NewWithID("io.github.portview")
	if opts.Version {
		v := a.Metadata().Version
		if v == "" {
			v = "(development build)"
		}
		fmt.Fprintln(stdout, "portview", v)
		return 0
	}

	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	var ui *gui.UI
	store := oauth.NewFallbackStore(&oauth.Keyring{}, log, func(err error) { ui.ShowNotice(err) })
	ui = gui.New(gui.Config{
		App:     a,
		Options: opts,
		Logger:  log,
		Store:   store,
		Prefs:   a.Preferences(),
	})
	ui.ShowAndRun()
	return 0
}
