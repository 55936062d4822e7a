// Portview is a desktop client for LongPort OpenAPI: it signs you in through
// your browser and shows market data.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	stdlog "log"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync/atomic"

	"fyne.io/fyne/v2/app"

	"github.com/portview/portview/gui"
	"github.com/portview/portview/internal/applog"
	"github.com/portview/portview/internal/console"
	"github.com/portview/portview/internal/display"
	"github.com/portview/portview/internal/instance"
	"github.com/portview/portview/oauth"
)

func main() {
	args := os.Args[1:]
	if answersInConsole(args) {
		// Windows: a program linked for the GUI has no console; a command
		// started without standard handles writes to its parent's
		// (internal/console). Elsewhere nothing to do.
		console.Attach()
	}
	os.Exit(run(args, os.Stdout, os.Stderr))
}

// answersInConsole reports whether args ask for an answer rather than the
// window: a command, -help, -version, or a command line with a mistake.
func answersInConsole(args []string) bool {
	if len(args) > 0 {
		if _, ok := subcommands[args[0]]; ok {
			return true
		}
	}
	opts, err := gui.ParseFlags(args)
	return err != nil || opts.Version
}

// run is main with its outputs passed in, returning the exit status:
//
//  0. The commands (token, status) run without a window: cmd*.go.
//  1. -help and -version answer at once, touching nothing.
//  2. Without a display it says so in one line, before Fyne's driver would
//     panic.
//  3. The single-instance lock is taken before Fyne loads the preferences,
//     so that two copies never write them at once; a second copy brings the
//     first one's window forward and exits.
//  4. The log opens (stderr and a file in the user's cache folder), then
//     the app runs.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		if cmd, ok := subcommands[args[0]]; ok {
			return cmd(args[1:], stdout, stderr)
		}
	}
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
	meta := appMetadata()
	if opts.Version {
		v := meta.Version
		if v == "" {
			v = "(development build)"
		}
		fmt.Fprintln(stdout, "portview", v)
		return 0
	}
	if display.Missing() {
		fmt.Fprintln(stderr, display.Message)
		return 1
	}
	keepHeapSmall(os.Getenv)

	// The window exists only later; a second copy may knock before it does.
	var shown atomic.Pointer[gui.UI]
	lock, lockErr := acquireLock(func() {
		if ui := shown.Load(); ui != nil {
			ui.BringToFront()
		}
	})
	switch {
	case lockErr == instance.ErrAlreadyRunning:
		fmt.Fprintln(stderr, "portview: already running; its window was brought forward")
		return 0
	case errors.Is(lockErr, instance.ErrAlreadyRunning):
		fmt.Fprintln(stderr, "portview:", lockErr)
		return 0
	}
	if lock != nil {
		defer lock.Close()
	}

	logs, logErr := applog.Open(logDir(), stderr)
	defer logs.Close()
	log := slog.New(logs.Handler())
	// Fyne's own messages (fyne.LogError) go through the standard logger.
	stdlog.SetOutput(logs)
	if logErr != nil {
		log.Warn("the log goes to stderr only", "err", logErr)
	} else {
		log.Info("log file", "path", logs.Path())
	}
	if lockErr != nil {
		log.Warn("no single-instance lock: a second copy could share the settings", "err", lockErr)
	}

	defer startProfile(log)()
	app.SetMetadata(meta)
	a := app.NewWithID(appID)
	countRefreshes(a, log)
	var ui *gui.UI
	store := oauth.NewFallbackStore(openStore(), log, func(err error) { ui.ShowNotice(err) })
	ui = gui.New(gui.Config{
		App:     a,
		Options: opts,
		Logger:  log,
		Store:   store,
		Prefs:   a.Preferences(),
		LogTail: logs.Tail,
		LogPath: logs.Path(),
		Sandbox: sandboxFromEnv(log),
	})
	shown.Store(ui)
	restart := ui.ShowAndRun()
	if restart != nil {
		// The new copy must find the lock free, or it would only ask this
		// one, which is quitting, to come forward.
		if lock != nil {
			lock.Close()
		}
		if err := restart.Start(); err != nil {
			log.Error("could not restart Portview", "err", err)
		}
	}
	return 0
}

// acquireLock takes the single-instance lock in the app's folder of locks
// (lockDir).
func acquireLock(onShow func()) (*instance.Lock, error) {
	dir := lockDir()
	if dir == "" {
		return nil, errors.New("the system has no folder for this user's locks")
	}
	return instance.Acquire(dir, onShow)
}

// logDir is the folder of the log file, or "" when the system has no cache
// folder for the user.
func logDir() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "portview")
}

// windowGCPercent is the window's garbage-collection target. Its live heap
// is small (about 26 MB signed in) and steady, so the default of 100, a
// heap of up to twice that, is mostly garbage waiting: at 50 the resident
// memory is about 15 MB lower (BENCHMARKS.md), for a collection every few
// seconds more, a fraction of a percent of a core.
const windowGCPercent = 50

// keepHeapSmall sets the window's garbage-collection target, unless the
// user chose one with GOGC.
func keepHeapSmall(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(windowGCPercent)
	}
}
