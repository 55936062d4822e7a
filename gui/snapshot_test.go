package gui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/portview/portview/oauth"
)

// The main screens as rendered markup, under testdata/. After a deliberate
// change, the new rendering is in testdata/failed/: review it and copy it over.

func TestSnapshotRegionPage(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.ui.Start()
	p := h.ui.regionPage
	h.waitFor("discovery", func() bool { return !p.checks[choiceGlobal].pending && !p.checks[choiceChina].pending })
	test.AssertRendersToMarkup(t, "region_page.xml", h.ui.win.Canvas())
}

func TestSnapshotSignInPage(t *testing.T) {
	h := newHarness(t, harnessOptions{region: "sandbox", answer: "none"})
	h.ui.Start()
	h.waitFor("the sign-in page", func() bool { return h.ui.signInPage != nil && h.ui.signInPage.si != nil })
	test.AssertRendersToMarkup(t, "sign_in_page.xml", h.ui.win.Canvas())
}

func TestSnapshotSecurities(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.signInToSandbox()
	// The renewal time has jitter; pin it for the picture.
	h.ui.status.setState(oauth.State{Kind: oauth.SignedIn, Region: h.ui.session.Region(), NextRefresh: h.clock.Now().Add(41 * time.Minute)})
	test.AssertRendersToMarkup(t, "securities.xml", h.ui.win.Canvas())

	h.ui.securities.filter.SetText("apple")
	h.waitFor("the filter", func() bool { return h.ui.securities.data.query == "apple" })
	test.AssertRendersToMarkup(t, "securities_filtered.xml", h.ui.win.Canvas())
}

func TestSnapshotSignInNeededBanner(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.signInToSandbox()
	h.ui.onState(oauth.State{Kind: oauth.SignInNeeded, Region: h.ui.session.Region(), Reason: "LongPort no longer accepts your sign-in to Sandbox. Please sign in again."})
	test.AssertRendersToMarkup(t, "sign_in_needed.xml", h.ui.win.Canvas())
}
