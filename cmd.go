package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/portview/portview/internal/fyneprefs"
	"github.com/portview/portview/oauth"
)

// appID is the app's Fyne ID (FyneApp.toml): the folder of its preferences.
const appID = "io.github.portview"

// The exit statuses of the program, as portview -help lists them.
const (
	exitOK        = 0
	exitFailure   = 1 // anything else: no display, unreadable settings
	exitUsage     = 2
	exitSignedOut = 3 // no stored sign-in for the region
	exitRefused   = 4 // the provider no longer accepts the stored sign-in
	exitUnreached = 5 // the network or the server failed; try again later
	exitNoKeyring = 6 // the system keyring cannot be read or written
	// commandTimeout covers a renewal whole: another process's renewal
	// to wait out (35 s), the token request (30 s) and the keyring calls
	// (5 s each), with room to spare.
	commandTimeout = 2 * time.Minute
	// saveWait bounds the wait, after the deadline, for a renewed token
	// still being saved to the keyring.
	saveWait = 15 * time.Second
)

// subcommands are the commands that run without a window.
var subcommands = map[string]func(args []string, stdout, stderr io.Writer) int{
	"token":  runToken,
	"status": runStatus,
}

// cmdError is a failure of a command: one line for stderr, and the exit status.
type cmdError struct {
	code int
	msg  string
}

func (e *cmdError) Error() string { return e.msg }

func fail(code int, format string, args ...any) *cmdError {
	return &cmdError{code: code, msg: fmt.Sprintf(format, args...)}
}

// report prints err as the one line of a failed command and returns its status.
func report(stderr io.Writer, err error) int {
	var ce *cmdError
	if !errors.As(err, &ce) {
		ce = &cmdError{code: exitFailure, msg: err.Error()}
	}
	fmt.Fprintln(stderr, "portview:", strings.ReplaceAll(ce.msg, "\n", " "))
	return ce.code
}

// openStore is the keyring the commands and the window share; the tests of
// package main replace it (main_test.go).
var openStore = func() oauth.Store { return &oauth.Keyring{LockDir: lockDir()} }

// lockDir is the app's folder for its locks (the single-instance lock and
// the renewal locks), or "" if the system has none.
func lockDir() string {
	return lockDirFor(runtime.GOOS, os.UserConfigDir, os.UserCacheDir)
}

// lockDirFor picks the folder of the locks on system goos. Locks hold for
// one machine: on Windows they go to the local, never roamed, application
// data (%LOCALAPPDATA%, which os.UserCacheDir returns), beside the log; a
// roaming profile (%APPDATA%, the config folder) would carry them to other
// machines. Elsewhere they stay beside the preferences they protect.
func lockDirFor(goos string, configDir, cacheDir func() (string, error)) string {
	base := configDir
	if goos == "windows" {
		base = cacheDir
	}
	dir, err := base()
	if err != nil || dir == "" {
		return ""
	}
	return filepath.Join(dir, "portview")
}

// cmdEnv is what a command reads: the window's settings, read-only, and the
// keyring, watched for failures.
type cmdEnv struct {
	prefs *fyneprefs.Prefs
	store *watchedStore
}

func newCmdEnv() (*cmdEnv, error) {
	path, err := fyneprefs.Path(appID)
	if err != nil {
		return nil, fail(exitFailure, "cannot find the settings folder: %v", err)
	}
	prefs, err := fyneprefs.Read(path)
	if err != nil {
		return nil, fail(exitFailure, "%v", err)
	}
	return &cmdEnv{prefs: prefs, store: &watchedStore{Store: openStore()}}, nil
}

func (e *cmdEnv) account(region oauth.Region) *oauth.Account {
	return oauth.NewAccount(oauth.Env{
		HTTPClient: &http.Client{Timeout: 30 * time.Second},
		Store:      e.store,
		Prefs:      e.prefs,
		// The commands' own one-line errors say what went wrong; the
		// session's log lines would only repeat it on stderr.
		Logger:      slog.New(slog.DiscardHandler),
		OpenBrowser: func(string) error { return errors.New("the commands never sign in") },
	}, region)
}

// region is the region named by -region, or else the one the window used
// last.
func (e *cmdEnv) region(name string) (oauth.Region, error) {
	if name == "" {
		name = e.prefs.String("last_region") // gui's prefLastRegion
		switch name {
		case "":
			return oauth.Region{}, fail(exitSignedOut, "not signed in to any region; sign in with: portview -region global (or -region china)")
		case "sandbox":
			return oauth.Region{}, fail(exitSignedOut, "the region used last is the sandbox, which keeps no sign-in; name a region, such as: portview token -region global")
		}
	}
	r, err := regionByName(name)
	if err != nil {
		return oauth.Region{}, fail(exitUsage, "-region: %v", err)
	}
	return r, nil
}

// regionByName reads a region as the command line and the preferences name
// it: global, china, or a server's base URL ("custom:" and the URL in the
// preferences). The sandbox keeps nothing to read.
func regionByName(name string) (oauth.Region, error) {
	if strings.EqualFold(strings.TrimSpace(name), "sandbox") {
		return oauth.Region{}, errors.New("the sandbox keeps no sign-in: name a region, such as -region global")
	}
	r, err := oauth.RegionByName(name)
	if errors.Is(err, oauth.ErrUnknownRegion) {
		return oauth.Region{}, fmt.Errorf("unknown region %q: use global, china or the server's URL", name)
	}
	return r, err
}

// signInCommand is the command that signs in to r.
func signInCommand(r oauth.Region) string {
	switch r.ID {
	case oauth.Global.ID, oauth.China.ID:
		return "portview -region " + r.ID
	}
	return "portview -region " + r.BaseURL
}

// watchedStore is the keyring with a memory of its first failure, so a
// command can tell a keyring that cannot be used from a missing sign-in,
// and a renewed token that was not saved from one that was.
type watchedStore struct {
	oauth.Store
	mu     sync.Mutex
	failed error
}

func (s *watchedStore) note(err error) error {
	if err != nil && !errors.Is(err, oauth.ErrNotFound) {
		s.mu.Lock()
		if s.failed == nil {
			s.failed = err
		}
		s.mu.Unlock()
	}
	return err
}

func (s *watchedStore) Get(key string) (string, error) {
	v, err := s.Store.Get(key)
	return v, s.note(err)
}

func (s *watchedStore) Set(key, value string) error { return s.note(s.Store.Set(key, value)) }

func (s *watchedStore) Delete(key string) error { return s.note(s.Store.Delete(key)) }

// LockRenewal passes the keyring's renewal lock on.
func (s *watchedStore) LockRenewal(ctx context.Context, regionID string) (func(), error) {
	if l, ok := s.Store.(oauth.RenewalLocker); ok {
		return l.LockRenewal(ctx, regionID)
	}
	return func() {}, nil
}

// Failed is the first failure of the keyring, or nil.
func (s *watchedStore) Failed() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.failed
}

func keyringError(err error) *cmdError {
	return fail(exitNoKeyring, "the system keyring cannot be used (%v); unlock it, or check that a Secret Service, Keychain or Credential Manager is running", err)
}
