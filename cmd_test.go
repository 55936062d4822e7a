package main

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/app"
	"github.com/zalando/go-keyring"

	"github.com/portview/portview/internal/fyneprefs"
	"github.com/portview/portview/oauth"
	"github.com/portview/portview/oauth/oauthtest"
)

// testStoreVar names a folder that the test binary, run as the program,
// uses as its keyring instead of the system's (TestMain): the keyring of a
// test without a Secret Service. Only the test binary reads it.
const testStoreVar = "PORTVIEW_TEST_STORE"

// fileKeyring is the app's Keyring, renewal locks included, with its items
// in files under dir instead of the OS keyring, so that processes share it.
func fileKeyring(dir string) *oauth.Keyring {
	return &oauth.Keyring{Backend: fileBackend(dir), LockDir: dir}
}

// fileBackend keeps one keyring item a file; a write is a rename, so a
// reader never sees half an item, as with a real keyring.
type fileBackend string

func (d fileBackend) path(service, user string) string {
	return filepath.Join(string(d), hex.EncodeToString([]byte(service+"\x00"+user)))
}

func (d fileBackend) Get(service, user string) (string, error) {
	b, err := os.ReadFile(d.path(service, user))
	if errors.Is(err, fs.ErrNotExist) {
		return "", keyring.ErrNotFound
	}
	return string(b), err
}

func (d fileBackend) Set(service, user, password string) error {
	if err := os.MkdirAll(string(d), 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(string(d), "item-*")
	if err != nil {
		return err
	}
	if _, err := tmp.WriteString(password); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), d.path(service, user))
}

func (d fileBackend) Delete(service, user string) error {
	err := os.Remove(d.path(service, user))
	if errors.Is(err, fs.ErrNotExist) {
		return keyring.ErrNotFound
	}
	return err
}

// filePrefs writes the whole preferences file on every change, in place,
// as Fyne does: the window's side of the preferences.
type filePrefs struct {
	mu   sync.Mutex
	path string
	m    map[string]string
}

func (p *filePrefs) String(key string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.m[key]
}

func (p *filePrefs) SetString(key, value string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.m[key] = value
	p.writeLocked()
}

func (p *filePrefs) RemoveValue(key string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.m, key)
	p.writeLocked()
}

func (p *filePrefs) writeLocked() {
	b, _ := json.Marshal(p.m)
	_ = os.MkdirAll(filepath.Dir(p.path), 0o700)
	_ = os.WriteFile(p.path, b, 0o600)
}

// scriptFixture is a fake LongPort region, a Portview window signed in to
// it, and the home folder a command started by runCommand shares with it.
type scriptFixture struct {
	t      *testing.T
	srv    *oauthtest.Server
	home   string
	env    []string // for the commands: the keyring to use
	store  oauth.Store
	region oauth.Region
	window *oauth.Session
}

// newScriptFixture signs a window in to a fake region whose tokens live for
// life. The keyring is the real Secret Service when the tests run inside
// scripts/with-keyring.sh, else files (fileKeyring).
func newScriptFixture(t *testing.T, life time.Duration) *scriptFixture {
	t.Helper()
	srv := oauthtest.NewServer(oauthtest.Options{TokenLifetime: life})
	t.Cleanup(srv.Close)
	return newScriptFixtureOn(t, srv)
}

// newScriptFixtureOn is newScriptFixture on the authorization server srv,
// such as a whole fake region's.
func newScriptFixtureOn(t *testing.T, srv *oauthtest.Server) *scriptFixture {
	t.Helper()
	f := &scriptFixture{t: t, home: t.TempDir(), srv: srv}
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(f.home, "config"))
	t.Setenv("XDG_CACHE_HOME", filepath.Join(f.home, "cache"))
	region, err := oauth.CustomRegion(f.srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	f.region = region
	if os.Getenv("PORTVIEW_SECRET_SERVICE") == "1" {
		f.store = openStore()
		t.Cleanup(func() { _ = f.store.Delete(region.ID + "/token") })
	} else {
		dir := filepath.Join(f.home, "keyring")
		f.store = fileKeyring(dir)
		f.env = []string{testStoreVar + "=" + dir}
	}
	path, err := fyneprefs.Path(appID)
	if err != nil {
		t.Fatal(err)
	}
	prefs := &filePrefs{path: path, m: map[string]string{}}
	acc := oauth.NewAccount(oauth.Env{
		Store:  f.store,
		Prefs:  prefs,
		Logger: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
		OpenBrowser: func(u string) error {
			go func() { _ = oauthtest.Approve(context.Background(), u) }()
			return nil
		},
	}, region)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	si, err := acc.StartSignIn(ctx, oauth.SignInOptions{Scopes: []string{"4", "6"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := si.OpenBrowser(); err != nil {
		t.Fatal(err)
	}
	if f.window, err = si.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(f.window.Close)
	prefs.SetString("last_region", region.ID)
	return f
}

func (f *scriptFixture) run(args ...string) (stdout, stderr string, code int) {
	f.t.Helper()
	return runMainIn(f.t, f.home, f.env, args...)
}

func (f *scriptFixture) windowToken() string {
	f.t.Helper()
	tok, err := f.window.Token(context.Background())
	if err != nil {
		f.t.Fatalf("the window lost its sign-in: %v", err)
	}
	return tok.AccessToken
}

// storedSecrets are the tokens in the keyring now, which no output but
// token's stdout may hold.
func (f *scriptFixture) storedSecrets() []string {
	raw, err := f.store.Get(f.region.ID + "/token")
	if err != nil {
		f.t.Fatal(err)
	}
	var tok struct{ AccessToken, RefreshToken string }
	if err := json.Unmarshal([]byte(raw), &tok); err != nil {
		f.t.Fatal(err)
	}
	return []string{tok.AccessToken, tok.RefreshToken}
}

func noSecretIn(t *testing.T, what, out string, secrets []string) {
	t.Helper()
	for _, s := range secrets {
		if s != "" && strings.Contains(out, s) {
			t.Errorf("%s holds a token: %q", what, out)
		}
	}
}

func TestTokenPrintsTheWindowsTokenAndNothingElse(t *testing.T) {
	f := newScriptFixture(t, time.Hour)
	want := f.windowToken()
	stdout, stderr, code := f.run("token")
	if code != 0 || stdout != want+"\n" || stderr != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q; want 0, the window's token and a newline, nothing", code, stdout, stderr)
	}
	if err := f.srv.CheckAccessToken(strings.TrimSpace(stdout)); err != nil {
		t.Errorf("the printed token is refused: %v", err)
	}
	if c := f.srv.Counts(); c.Refresh != 0 {
		t.Errorf("%d renewals of a fresh token", c.Refresh)
	}
	// Named by its URL, the region is the same.
	if stdout, _, code := f.run("token", "-region", f.srv.URL); code != 0 || stdout != want+"\n" {
		t.Errorf("token -region URL: exit %d, stdout %q", code, stdout)
	}
}

func TestStatusTellsTheSignInButNoToken(t *testing.T) {
	f := newScriptFixture(t, time.Hour)
	secrets := f.storedSecrets()
	text, stderr, code := f.run("status")
	if code != 0 || stderr != "" {
		t.Fatalf("status: exit %d, stderr %q", code, stderr)
	}
	noSecretIn(t, "status", text, secrets)
	for _, want := range []string{"Global (https://openapi.longportapp.com)  not signed in; sign in with: portview -region global", f.srv.URL, "signed in", f.window.ClientID(), "4 6 (granted)", "expires ", "(an estimate)"} {
		if !strings.Contains(text, want) {
			t.Errorf("status lacks %q:\n%s", want, text)
		}
	}

	out, stderr, code := f.run("status", "-json")
	if code != 0 || stderr != "" {
		t.Fatalf("status -json: exit %d, stderr %q", code, stderr)
	}
	noSecretIn(t, "status -json", out, secrets)
	var list []regionStatus
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatalf("status -json is not JSON: %v\n%s", err, out)
	}
	if len(list) != 3 || list[0].SignedIn || list[1].SignedIn {
		t.Fatalf("regions = %+v, want global and china signed out, then the custom one", list)
	}
	got := list[2]
	if !got.SignedIn || got.Region != f.srv.URL || got.ClientID != f.window.ClientID() || strings.Join(got.Scopes, " ") != "4 6" ||
		got.AccessExpires == nil || got.AccessExpires.Before(time.Now().Add(59*time.Minute)) ||
		got.RefreshExpires != nil || got.RefreshExpiresEstimate == nil {
		t.Errorf("the custom region = %+v", got)
	}
}

func TestCommandExitStatuses(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		prepare func(f *scriptFixture) []string // extra environment
		code    int
		stderr  string // in the one line
	}{
		{"a region without a sign-in is 3, with the command that signs in", []string{"token", "-region", "china"}, nil,
			3, "not signed in to China; sign in with: portview -region china"},
		{"an unknown region is 2", []string{"token", "-region", "mars"}, nil, 2, `unknown region "mars"`},
		{"an unknown flag is 2", []string{"status", "-yaml"}, nil, 2, "flag provided but not defined: -yaml"},
		{"a refused refresh token is 4, with the command that signs in again", []string{"token"},
			func(f *scriptFixture) []string {
				f.window.Close()
				f.srv.InvalidateRefreshTokens()
				time.Sleep(1100 * time.Millisecond) // the one-second token expires
				return nil
			}, 4, "no longer accepts the stored sign-in"},
		{"a server that fails is 5", []string{"token"},
			func(f *scriptFixture) []string {
				f.window.Close()
				f.srv.FailNext(oauthtest.EndpointToken, 5, oauthtest.Failure{Status: 503})
				time.Sleep(1100 * time.Millisecond)
				return nil
			}, 5, "could not renew access"},
		{"a keyring that cannot be read is 6", []string{"token"},
			func(f *scriptFixture) []string {
				notADir := filepath.Join(f.home, "file")
				if err := os.WriteFile(notADir, nil, 0o600); err != nil {
					f.t.Fatal(err)
				}
				return []string{testStoreVar + "=" + notADir}
			}, 6, "the system keyring cannot be used"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newScriptFixture(t, time.Second)
			secrets := f.storedSecrets()
			var extra []string
			if tt.prepare != nil {
				extra = tt.prepare(f)
			}
			stdout, stderr, code := runMainIn(t, f.home, append(f.env, extra...), tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr %q", code, tt.code, stderr)
			}
			if stdout != "" || strings.Count(stderr, "\n") != 1 || !strings.HasPrefix(stderr, "portview: ") || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("stdout %q, stderr %q; want nothing, and one line with %q", stdout, stderr, tt.stderr)
			}
			noSecretIn(t, "stderr", stderr, secrets)
		})
	}
}

// A script runs portview token every second for a minute next to an open
// window, with 20-second tokens on the real clock: the window renews
// every 16 s or so, the command whenever it finds under 5 s left (a
// quarter of the life), so whichever comes first renews, often within a
// second of the other, and the other takes up its token. No request may spend a spent refresh token (the fake refuses it
// with invalid_grant, counted in TokenErrors), and neither side may lose
// its sign-in.
func TestTokenEverySecondNextToARenewingWindowLogsNobodyOut(t *testing.T) {
	if testing.Short() {
		t.Skip("a minute of real time")
	}
	f := newScriptFixture(t, 20*time.Second)
	ctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var windowErrs []error
	var mu sync.Mutex
	wg.Go(func() { // the window's views, calling the API all the time
		for ctx.Err() == nil {
			tok, err := f.window.Token(ctx)
			if err == nil {
				err = f.srv.CheckAccessToken(tok.AccessToken)
			}
			if err != nil && ctx.Err() == nil {
				mu.Lock()
				windowErrs = append(windowErrs, err)
				mu.Unlock()
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	runs, printed := 0, map[string]bool{}
	end := time.Now().Add(time.Minute)
	for time.Now().Before(end) {
		next := time.Now().Add(time.Second)
		stdout, stderr, code := f.run("token")
		runs++
		tok := strings.TrimSuffix(stdout, "\n")
		if code != 0 || stderr != "" || strings.Contains(tok, "\n") {
			t.Fatalf("run %d: exit %d, stdout %q, stderr %q", runs, code, stdout, stderr)
		}
		if err := f.srv.CheckAccessToken(tok); err != nil {
			t.Fatalf("run %d printed a token the server refuses: %v", runs, err)
		}
		printed[tok] = true
		time.Sleep(time.Until(next))
	}
	stop()
	wg.Wait()
	c := f.srv.Counts()
	t.Logf("%d runs, %d distinct tokens printed, %d renewals, %d refused token requests", runs, len(printed), c.Refresh, c.TokenErrors)
	if len(windowErrs) > 0 {
		t.Errorf("the window had %d failures, the first: %v", len(windowErrs), windowErrs[0])
	}
	if c.TokenErrors != 0 {
		t.Errorf("%d token requests were refused: a refresh token was spent twice", c.TokenErrors)
	}
	// One renewal per token life, give or take one: the command never
	// renews a token the window renewed, nor the other way round.
	if c.Refresh < 2 || c.Refresh > 5 {
		t.Errorf("%d renewals in a minute of 20-second tokens, want 3 or 4", c.Refresh)
	}
	if len(printed) < 3 {
		t.Errorf("only %d distinct tokens printed in a minute of 20-second tokens", len(printed))
	}
	if _, err := f.window.Token(context.Background()); err != nil {
		t.Errorf("the window is signed out at the end: %v", err)
	}
}

// The commands find the preferences where Fyne keeps them: fyneprefs.Path
// repeats Fyne's internal rule, so this holds it to Fyne's own answer.
func TestTheCommandsReadThePreferencesFileFyneWrites(t *testing.T) {
	// Not t.TempDir: Fyne's app goes on creating files in it after the
	// test, which would fail the test's cleanup.
	home, err := os.MkdirTemp("", "portview-fyne-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(home) })
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, "config"))
	path, err := fyneprefs.Path(appID)
	if err != nil {
		t.Fatal(err)
	}
	root := app.NewWithID(appID).Storage().RootURI().Path()
	if want := filepath.Join(root, "preferences.json"); path != want {
		t.Errorf("fyneprefs.Path = %s, Fyne keeps them in %s", path, want)
	}
}

func TestLocksGoToTheMachineLocalFolderOnWindows(t *testing.T) {
	config := func() (string, error) { return "/config", nil }
	cache := func() (string, error) { return "/cache", nil }
	none := func() (string, error) { return "", errors.New("no folder") }
	tests := []struct {
		goos          string
		config, cache func() (string, error)
		want          string
	}{
		// %LOCALAPPDATA% (os.UserCacheDir), beside the log, not the
		// roaming %APPDATA% (os.UserConfigDir).
		{"windows", config, cache, filepath.Join("/cache", "portview")},
		{"linux", config, cache, filepath.Join("/config", "portview")},
		{"darwin", config, cache, filepath.Join("/config", "portview")},
		{"windows", config, none, ""},
		{"linux", none, cache, ""},
	}
	for _, tt := range tests {
		if got := lockDirFor(tt.goos, tt.config, tt.cache); got != tt.want {
			t.Errorf("lockDirFor(%s) = %q, want %q", tt.goos, got, tt.want)
		}
	}
}
