package gui

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromiumPath is Debian's Chromium, which the end-to-end test drives.
const chromiumPath = "/usr/bin/chromium"

// TestEndToEndInChromium signs in to the sandbox with a real browser: the
// app opens the consent page in headless Chromium, the test clicks Allow
// there, and the rows appear in the table. It runs wherever Chromium is
// installed; in CI a missing Chromium fails it.
func TestEndToEndInChromium(t *testing.T) {
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI needs %s for the end-to-end test: %v", chromiumPath, err)
		}
		t.Skipf("no %s: %v", chromiumPath, err)
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromiumPath),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true), // tests run as root in CI
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		// Chromium would otherwise keep its own secrets in the Secret
		// Service that make test provides, racing the keyring tests.
		chromedp.Flag("password-store", "basic"),
		chromedp.Flag("use-mock-keychain", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	t.Cleanup(cancelAlloc)

	h := newHarness(t, harnessOptions{})
	var page string
	h.browser.open = func(ctx context.Context, url string) error {
		tab, cancel := chromedp.NewContext(allocCtx)
		defer cancel()
		// The first Run starts the browser, which lives as long as tab: no
		// timeout on it, only on the steps.
		if err := chromedp.Do(tab); err != nil {
			return err
		}
		steps, cancelSteps := context.WithTimeout(tab, 60*time.Second)
		defer cancelSteps()
		err := chromedp.Do(steps,
			chromedp.Navigate(url),
			chromedp.WaitVisible(chromedp.CSS(`button[value="allow"]`)),
			chromedp.Click(chromedp.CSS(`button[value="allow"]`)),
			// The app's loopback callback answers with its own page.
			chromedp.WaitVisible(chromedp.Search(`//h1[contains(., "You are signed in")]`)),
		)
		if err != nil {
			return err
		}
		page, err = chromedp.Run(steps, chromedp.Text(chromedp.CSS("h1")))
		return err
	}
	h.signInToSandbox()
	select {
	case err := <-h.browser.errs:
		if err != nil {
			t.Fatalf("browser: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the browser never finished")
	}
	if page != "You are signed in" {
		t.Errorf("callback page says %q", page)
	}
	tab := h.ui.securities()
	if got := tab.tbl.Data().Row(0); got.Symbol != "TSLA.US" {
		t.Errorf("first row %+v", got)
	}
	if got := tab.count.Text; got != "US · Overnight · 500 securities" {
		t.Errorf("count %q", got)
	}
}
