package quote_test

import (
	"context"
	"strings"
	"testing"

	"github.com/portview/portview/api"
	"github.com/portview/portview/api/apitest"
	"github.com/portview/portview/quote"
)

func TestARecorderSeesEveryRequestByItsURLAndNoToken(t *testing.T) {
	f := apitest.NewFixture(t, apitest.ViewerScopes)
	c, err := quote.New(f.Config)
	if err != nil {
		t.Fatal(err)
	}
	var seen []string
	ctx := api.WithRecorder(context.Background(), func(method, url string) { seen = append(seen, method+" "+url) })
	if _, err := c.GetSecurityList(ctx, quote.MarketUS, quote.CategoryOvernight); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 1 || !strings.HasPrefix(seen[0], "GET "+f.Config.BaseURL+"/v1/quote/get_security_list?") ||
		!strings.Contains(seen[0], "market=US") {
		t.Fatalf("recorded %q", seen)
	}
	tok, _ := f.Session.Token(context.Background())
	if strings.Contains(seen[0], tok.AccessToken) {
		t.Fatal("the recorded request holds the token")
	}
}
