package gui

import (
	"errors"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/portview/portview/oauth"
	"github.com/portview/portview/trade"
)

// The main screens as rendered markup, in each language, under
// testdata/<language>/. After a deliberate change, the new rendering is in
// testdata/failed/: review it and copy it over.

// eachLanguage runs f once per language, as a subtest named after it.
func eachLanguage(t *testing.T, f func(t *testing.T, l Language)) {
	for _, l := range Languages {
		t.Run(l.Code, func(t *testing.T) { f(t, l) })
	}
}

func TestSnapshotRegionPage(t *testing.T) {
	eachLanguage(t, func(t *testing.T, l Language) {
		h := newHarness(t, harnessOptions{language: l.Code})
		h.ui.Start()
		p := h.ui.regionPage
		h.waitFor("discovery", func() bool { return !p.checks[choiceGlobal].pending && !p.checks[choiceChina].pending })
		test.AssertRendersToMarkup(t, l.Code+"/region_page.xml", h.ui.win.Canvas())
	})
}

func TestSnapshotSignInPage(t *testing.T) {
	eachLanguage(t, func(t *testing.T, l Language) {
		h := newHarness(t, harnessOptions{region: "sandbox", answer: "none", language: l.Code})
		h.ui.Start()
		// Once the browser has opened, so that the picture does not depend
		// on whether it has yet.
		h.waitFor("the sign-in page", func() bool {
			s := h.ui.signInPage
			return s != nil && s.si != nil && s.message.Text == browserOpenText(true, true)
		})
		test.AssertRendersToMarkup(t, l.Code+"/sign_in_page.xml", h.ui.win.Canvas())
	})
}

func TestSnapshotSecurities(t *testing.T) {
	eachLanguage(t, func(t *testing.T, l Language) {
		h := newHarness(t, harnessOptions{language: l.Code})
		h.signInToSandbox()
		// The renewal time has jitter; pin it for the picture.
		h.ui.status.setState(oauth.State{Kind: oauth.SignedIn, Region: h.ui.session.Region(), NextRefresh: h.clock.Now().Add(41 * time.Minute)})
		test.AssertRendersToMarkup(t, l.Code+"/securities.xml", h.ui.win.Canvas())

		h.ui.securities().filter.SetText("apple")
		h.waitFor("the filter", func() bool { return h.ui.securities().tbl.Data().Query() == "apple" })
		test.AssertRendersToMarkup(t, l.Code+"/securities_filtered.xml", h.ui.win.Canvas())
	})
}

func TestSnapshotSignInNeededBanner(t *testing.T) {
	eachLanguage(t, func(t *testing.T, l Language) {
		h := newHarness(t, harnessOptions{language: l.Code})
		h.signInToSandbox()
		// As the session reports a refused grant: a typed reason, the
		// provider's answer in Err.
		h.ui.onState(oauth.State{Kind: oauth.SignInNeeded, Region: h.ui.session.Region(),
			Reason: oauth.ReasonGrantRefused,
			Err:    errors.New("token endpoint: HTTP 400 invalid_grant")})
		test.AssertRendersToMarkup(t, l.Code+"/sign_in_needed.xml", h.ui.win.Canvas())
	})
}

func TestSnapshotPortfolioAndOrders(t *testing.T) {
	eachLanguage(t, func(t *testing.T, l Language) {
		h := newHarness(t, harnessOptions{language: l.Code, view: "portfolio"})
		h.signInToSandbox()
		// The overview states the positions' live figures: wait for the
		// price of every one, which the socket's snapshots bring.
		stocks := panesOf(h.ui.viewByKey("portfolio"))["portfolio.stocks"].(*tablePane[trade.StockPosition])
		h.waitFor("every position's price", func() bool {
			for _, p := range stocks.tbl.Data().Rows() {
				if q, ok := h.ui.live.quote(p.Symbol); !ok || q.Last.IsZero() {
					return false
				}
			}
			return len(stocks.tbl.Data().Rows()) > 0
		})
		h.settle(50 * time.Millisecond)
		// The renewal time has jitter and the feed counts real seconds;
		// pin both for the picture.
		pin := func() {
			h.ui.status.setState(oauth.State{Kind: oauth.SignedIn, Region: h.ui.session.Region(), NextRefresh: h.clock.Now().Add(41 * time.Minute)})
			h.ui.status.setFeed("Live", true)
			// Lay the window out again: the status row was sized for the
			// feed's earlier, longer text.
			h.ui.win.Content().Refresh()
		}
		pin()
		test.AssertRendersToMarkup(t, l.Code+"/portfolio.xml", h.ui.win.Canvas())
		h.showView("orders")
		h.q.run()
		pin()
		test.AssertRendersToMarkup(t, l.Code+"/orders.xml", h.ui.win.Canvas())
	})
}
