package gui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// menuItem finds an item of the main menu by its label.
func (h *harness) menuItem(label string) *fyne.MenuItem {
	for _, m := range h.ui.win.MainMenu().Items {
		for _, it := range m.Items {
			if it.Label == label {
				return it
			}
		}
	}
	h.t.Fatalf("no menu item %q", label)
	return nil
}

func TestCtrlQQuits(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.ui.Start()
	quit := h.menuItem("Quit")
	if !quit.IsQuit || quit.Shortcut != fyne.Shortcut(quitShortcut) {
		t.Errorf("Quit is not marked as the quit item with Ctrl+Q: %+v", quit)
	}
	typeShortcut(t, h.ui.win.Canvas(), quitShortcut)
	if h.ui.ctx.Err() == nil {
		t.Error("Ctrl+Q left the window open")
	}
}

// The settings hold more than the language (the price colours, the times),
// so the menu and the dialog say Settings, with Ctrl+, as most apps have it.
func TestCtrlCommaOpensTheSettings(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.ui.Start()
	item := h.menuItem("Settings…")
	if item.Shortcut != fyne.Shortcut(settingsShortcut) {
		t.Errorf("Settings… has the shortcut %v, want Ctrl+,", item.Shortcut)
	}
	typeShortcut(t, h.ui.win.Canvas(), settingsShortcut)
	top := h.ui.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("Ctrl+, showed nothing")
	}
	var texts []string
	for _, o := range test.LaidOutObjects(top) {
		if l, ok := o.(*widget.Label); ok {
			texts = append(texts, l.Text)
		}
	}
	for _, want := range []string{"Settings", "Language", "Price colours", "Times"} {
		if !slices.Contains(texts, want) {
			t.Errorf("the settings dialog has no %q: %q", want, texts)
		}
	}
}

func TestSignOutAndReloadNeedASession(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	signOut, reload := h.menuItem("Sign out…"), h.menuItem("Reload")
	enabled := func() []bool {
		return []bool{!signOut.Disabled, !reload.Disabled, !h.ui.securities().reloadButton.Disabled()}
	}
	if got := enabled(); slices.Contains(got, true) {
		t.Errorf("signed out, Sign out / Reload / the Reload button enabled: %v", got)
	}
	h.signInToSandbox()
	if got := enabled(); slices.Contains(got, false) {
		t.Errorf("signed in, Sign out / Reload / the Reload button enabled: %v", got)
	}
	h.ui.onSignOut()
	test.Tap(h.overlayButton("Sign out"))
	h.waitFor("the wizard", func() bool { return h.ui.regionPage != nil })
	if got := enabled(); slices.Contains(got, true) {
		t.Errorf("after signing out, Sign out / Reload / the Reload button enabled: %v", got)
	}
}

func TestTheChineseMenuKeepsSignOutAwayFromQuit(t *testing.T) {
	for _, code := range []string{"zh-Hans", "zh-Hant"} {
		t.Run(code, func(t *testing.T) {
			h := newHarness(t, harnessOptions{language: code})
			items := h.ui.win.MainMenu().Items[0].Items
			signOut := slices.IndexFunc(items, func(it *fyne.MenuItem) bool { return it == h.ui.signOutItem })
			quit := slices.IndexFunc(items, func(it *fyne.MenuItem) bool { return it.IsQuit })
			if signOut < 0 || quit < 0 || quit-signOut < 3 || !items[quit-1].IsSeparator {
				t.Errorf("Sign out at %d and Quit at %d of %d items, want them apart with a separator", signOut, quit, len(items))
			}
			if l := h.ui.signOutItem.Label; strings.Contains(l, "退出") {
				t.Errorf("Sign out reads %q, which is close to Quit (%q)", l, items[quit].Label)
			}
		})
	}
}

func TestRestartNowRunsTheSameCommandAgain(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.ui.Start()
	h.ui.onSettings()
	top := h.ui.win.Canvas().Overlays().Top()
	var choice *widget.Select
	for _, o := range test.LaidOutObjects(top) {
		if s, ok := o.(*widget.Select); ok {
			choice = s
		}
	}
	choice.SetSelected("简体中文")
	test.Tap(h.overlayButton("Save and restart now"))

	if got := h.ui.cfg.Prefs.String(prefLanguage); got != "zh-Hans" {
		t.Errorf("language saved = %q", got)
	}
	exe, _ := os.Executable()
	cmd := h.ui.restart
	if cmd == nil || cmd.Path != exe || !slices.Equal(cmd.Args[1:], os.Args[1:]) {
		t.Fatalf("restart command = %+v, want %s with %q", cmd, exe, os.Args[1:])
	}
	if h.ui.ctx.Err() == nil {
		t.Error("the window stayed open for the restart")
	}
}

func TestCopyDiagnosticsHasTheLogTailAndNoSecret(t *testing.T) {
	asked := 0
	tail := func(n int) []string {
		asked = n
		return []string{
			`time=09:30 level=INFO msg="signed in" region=sandbox`,
			`time=09:31 level=WARN msg="renewal failed" refresh_token=SECRET-REFRESH access_token: "SECRET-ACCESS"`,
			`time=09:32 level=INFO msg=request header="Authorization: Bearer SECRET-BEARER" client_secret=SECRET-CLIENT`,
		}
	}
	h := newHarness(t, harnessOptions{logTail: tail, logPath: "/home/u/.cache/portview/portview.log"})
	h.signInToSandbox()
	h.menuItem("Copy diagnostics").Action()
	got := h.app.Clipboard().Content()
	for _, want := range []string{
		"Portview ", fmt.Sprintf("System: %s/%s", runtime.GOOS, runtime.GOARCH),
		"Region: Sandbox (sandbox), signed in", "Keyring: ", "Log file: /home/u/.cache/portview/portview.log",
		"Last 3 log lines:", `msg="signed in" region=sandbox`, `msg="renewal failed"`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("diagnostics lack %q", want)
		}
	}
	if asked != 200 {
		t.Errorf("asked the log for %d lines, want 200", asked)
	}
	if strings.Contains(got, "SECRET") {
		t.Error("the diagnostics hold a secret from the log") // not the text: it would print it
	}
	if tok, err := h.ui.session.Token(context.Background()); err == nil && strings.Contains(got, tok.AccessToken) {
		t.Error("the diagnostics hold the access token")
	}

	// The messages that point to the log name its file.
	if got := signInErrorText(errors.New("boom"), h.ui.cfg.LogPath); !strings.HasSuffix(got, "the details are in the log, /home/u/.cache/portview/portview.log.") {
		t.Errorf("sign-in failure: %q", got)
	}
}

func TestSwitchingRegionSaysTheSignInIsKept(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.signInToSandbox()
	h.menuItem("Switch region…").Action()
	if got := h.ui.status.text.Text; got != "Choose a region. Your sign-in to Sandbox is kept." {
		t.Errorf("status = %q", got)
	}
}
