package gui

import (
	"net/url"
	"strings"
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
	first.close()

	second := start()
	if n := second.browser.openedCount(); n != 0 {
		t.Errorf("the restarted sandbox opened the browser %d times, want 0", n)
	}
	second.ui.signOut()
	second.waitFor("the region page", func() bool { return second.ui.regionPage != nil && second.ui.session == nil })
	second.close()

	third := start()
	if n := third.browser.openedCount(); n != 1 {
		t.Errorf("after a sign-out the sandbox opened the browser %d times, want 1 (the consent asked again)", n)
	}
}

// Two demo servers of one process are two regions even when the system
// hands the second the first one's port: a region's token-request limiter
// lives as long as the process, and a later sandbox must not inherit the
// pacing of one whose clock ran hours ahead (a test's sign-in waited on it).
func TestEachSandboxIsARegionOfItsOwnWhateverItsPort(t *testing.T) {
	var ids []string
	for range 2 {
		sb, err := startSandbox(SandboxOptions{Rows: 10, PushRate: -1})
		if err != nil {
			t.Fatal(err)
		}
		u, err := url.Parse(sb.region.BaseURL)
		if err != nil {
			t.Fatal(err)
		}
		sb.Close()
		if !isSandbox(sb.region) {
			t.Errorf("%q is not taken for the sandbox", sb.region.ID)
		}
		// What tells the regions apart, the port aside.
		ids = append(ids, strings.Replace(sb.region.ID, u.Host, "", 1))
	}
	if ids[0] == ids[1] {
		t.Errorf("two sandboxes on one port would share the region ID %q", ids[0])
	}
}
