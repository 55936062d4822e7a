package gui

import (
	"testing"

	"github.com/portview/portview/oauth"
)

// Once allowed in the browser, the sandbox does not ask again on the next
// start (a restart after a language change starts a new sandbox), until
// the user signs out of it.
func TestTheSandboxRemembersItsConsentUntilSignOut(t *testing.T) {
	prefs := oauth.NewMemoryPrefs()
	start := func() *harness {
		h := newHarness(t, harnessOptions{prefs: prefs, region: "sandbox"})
		h.ui.Start()
		h.waitForFirstView()
		return h
	}
	first := start()
	if n := first.browser.openedCount(); n != 1 {
		t.Fatalf("the first sign-in opened the browser %d times, want 1", n)
	}
	first.ui.Close()

	second := start()
	if n := second.browser.openedCount(); n != 0 {
		t.Errorf("the restarted sandbox opened the browser %d times, want 0", n)
	}
	second.ui.signOut()
	second.waitFor("the region page", func() bool { return second.ui.regionPage != nil && second.ui.session == nil })
	second.ui.Close()

	third := start()
	if n := third.browser.openedCount(); n != 1 {
		t.Errorf("after a sign-out the sandbox opened the browser %d times, want 1 (the consent asked again)", n)
	}
}
