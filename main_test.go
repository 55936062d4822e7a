package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/portview/portview/gui"
	"github.com/portview/portview/internal/instance"
	"github.com/portview/portview/oauth"
)

func TestBadCommandLinesExitWithStatus2(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string // in the one line on stderr
	}{
		{"an unknown flag is refused", []string{"-colour"}, "flag provided but not defined: -colour"},
		{"an unknown region is refused", []string{"-region", "mars"}, `unknown region "mars"`},
		{"a URL without https is refused", []string{"-region", "http://example.com"}, "plain http"},
		{"a URL with a query is refused", []string{"-region", "https://example.com/?a=b"}, "must not have a query"},
		{"a stray argument is refused", []string{"global"}, `unexpected argument "global"`},
		{"a region flag without a value is refused", []string{"-region"}, "flag needs an argument"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(tt.args, &stdout, &stderr); code != 2 {
				t.Fatalf("exit status %d, want 2", code)
			}
			out := stderr.String()
			if strings.Count(out, "\n") != 1 || !strings.HasPrefix(out, "portview: ") {
				t.Errorf("stderr is not one line starting with portview: %q", out)
			}
			if !strings.Contains(out, tt.want) {
				t.Errorf("stderr = %q, want it to contain %q", out, tt.want)
			}
		})
	}
}

func TestHelpPrintsUsage(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-h"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit status %d, want 0", code)
	}
	if !strings.Contains(stdout.String(), "-region") {
		t.Errorf("usage = %q", stdout.String())
	}
}

func TestVersionPrintsTheVersion(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-version"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit status %d, want 0; stderr %q", code, stderr.String())
	}
	// go test runs in the module's directory, where FyneApp.toml is.
	if got := stdout.String(); got != "portview 0.1.0\n" {
		t.Errorf("stdout = %q, want %q", got, "portview 0.1.0\n")
	}
}

// TestMain lets a test run the program itself in a subprocess: the test
// binary, started with PORTVIEW_TEST_MAIN=1, is main with its arguments.
func TestMain(m *testing.M) {
	if os.Getenv("PORTVIEW_TEST_MAIN") == "1" {
		if dir := os.Getenv(testStoreVar); dir != "" {
			openStore = func() oauth.Store { return fileKeyring(dir) }
		}
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// runMain runs the program in a subprocess with env added to an
// environment that has no display and a config folder of the test's own.
func runMain(t *testing.T, env []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return runMainIn(t, t.TempDir(), env, args...)
}

// runMainIn is runMain with the config and cache folders in home.
func runMainIn(t *testing.T, home string, env []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	for _, kv := range os.Environ() {
		switch name, _, _ := strings.Cut(kv, "="); name {
		case "DISPLAY", "WAYLAND_DISPLAY", "XDG_CONFIG_HOME", "XDG_CACHE_HOME":
		default:
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "PORTVIEW_TEST_MAIN=1",
		"XDG_CONFIG_HOME="+filepath.Join(home, "config"), "XDG_CACHE_HOME="+filepath.Join(home, "cache"))
	cmd.Env = append(cmd.Env, env...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatal(err)
	}
	return out.String(), errOut.String(), cmd.ProcessState.ExitCode()
}

func TestWithoutADisplayItSaysSoInOneLine(t *testing.T) {
	if runtime.GOOS == "darwin" || runtime.GOOS == "windows" {
		t.Skip("macOS and Windows always have a display")
	}
	tests := []struct {
		name string
		args []string
	}{
		{"a plain start", nil},
		{"a start for the sandbox", []string{"-region", "sandbox"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := runMain(t, nil, tt.args...)
			if code != 1 {
				t.Errorf("exit status %d, want 1", code)
			}
			if want := "portview: no display found; run it on a desktop, or use -version/-help\n"; stderr != want {
				t.Errorf("stderr = %q, want %q", stderr, want)
			}
			if all := stdout + stderr; strings.Contains(all, "panic") || strings.Contains(all, "goroutine") {
				t.Errorf("a Go panic: %s", all)
			}
		})
	}
}

func TestVersionAndHelpNeedNoDisplay(t *testing.T) {
	tests := []struct{ flag, want string }{
		{"-version", "portview 0.1.0\n"},
		{"-help", gui.Usage},
	}
	for _, tt := range tests {
		t.Run(tt.flag, func(t *testing.T) {
			stdout, stderr, code := runMain(t, nil, tt.flag)
			if code != 0 || stdout != tt.want || stderr != "" {
				t.Errorf("exit %d, stdout %q, stderr %q; want 0, %q, nothing", code, stdout, stderr, tt.want)
			}
		})
	}
}

// A second copy started while the first runs (held here by the test, as the
// first copy would) hands over and exits before it opens Fyne, the
// preferences or the log; -version and -help do not knock at all.
func TestASecondCopyBringsTheFirstForwardAndExits(t *testing.T) {
	if runtime.GOOS == "darwin" || runtime.GOOS == "windows" {
		t.Skip("the config folder is moved with XDG_CONFIG_HOME, which macOS and Windows ignore")
	}
	config := filepath.Join(t.TempDir(), "config")
	shown := make(chan struct{}, 4)
	first, err := instance.Acquire(filepath.Join(config, "portview"), func() { shown <- struct{}{} })
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	env := []string{"XDG_CONFIG_HOME=" + config, "DISPLAY=:none"}

	for _, flag := range []string{"-version", "-help"} {
		if _, _, code := runMain(t, env, flag); code != 0 {
			t.Errorf("%s: exit status %d", flag, code)
		}
	}
	select {
	case <-shown:
		t.Error("-version or -help asked the running copy to show itself")
	default:
	}

	stdout, stderr, code := runMain(t, env, "-region", "sandbox")
	if code != 0 || stdout != "" || stderr != "portview: already running; its window was brought forward\n" {
		t.Errorf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	select {
	case <-shown:
	case <-time.After(5 * time.Second):
		t.Fatal("the running copy was not asked to show its window")
	}
	if _, err := os.Stat(filepath.Join(config, "fyne")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the second copy touched Fyne's settings folder: %v", err)
	}
}

func TestOnlyTheWindowStartsWithoutAConsole(t *testing.T) {
	tests := []struct {
		args []string
		want bool
	}{
		{nil, false},
		{[]string{"-region", "sandbox"}, false},
		{[]string{"token"}, true},
		{[]string{"status", "-json"}, true},
		{[]string{"-version"}, true},
		{[]string{"-h"}, true},
		{[]string{"-help"}, true},
		{[]string{"-region", "mars"}, true},
		{[]string{"global"}, true},
	}
	for _, tt := range tests {
		if got := answersInConsole(tt.args); got != tt.want {
			t.Errorf("answersInConsole(%q) = %v, want %v", tt.args, got, tt.want)
		}
	}
}

func TestTheWindowKeepsItsHeapSmallUnlessGOGCSaysOtherwise(t *testing.T) {
	before := debug.SetGCPercent(100)
	defer debug.SetGCPercent(before)

	keepHeapSmall(func(string) string { return "" })
	if got := debug.SetGCPercent(100); got != windowGCPercent {
		t.Errorf("with GOGC unset the GC target is %d, want %d", got, windowGCPercent)
	}
	keepHeapSmall(func(k string) string {
		if k == "GOGC" {
			return "100"
		}
		return ""
	})
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("with GOGC=100 the GC target became %d; the user's choice must stand", got)
	}
}
