package quotetest_test

import (
	"compress/gzip"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"go.uber.org/goleak"

	"github.com/portview/portview/quote/quotetest"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

var errExpired = errors.New("expired")

type checker map[string]error

func (c checker) CheckAccessToken(token string) error {
	if err, ok := c[token]; ok {
		return err
	}
	return errors.New("unknown")
}

type answer struct {
	Code    int             `json:"code"`
	Message string          `json:"message"`
	Data    json.RawMessage `json:"data"`
}

func get(t *testing.T, srv *quotetest.Server, query, authorization string, header http.Header) (*http.Response, answer) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, srv.URL+"/v1/quote/get_security_list?"+query, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	if authorization != "" {
		req.Header.Set("Authorization", authorization)
	}
	tr := &http.Transport{DisableCompression: true}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body io.Reader = resp.Body
	if resp.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		body = zr
	}
	raw, err := io.ReadAll(body)
	if err != nil {
		t.Fatal(err)
	}
	var a answer
	_ = json.Unmarshal(raw, &a)
	return resp, a
}

func TestTheFakeChecksTokensAndParameters(t *testing.T) {
	auth := checker{"good": nil, "old": errExpired}
	tests := []struct {
		name          string
		query         string
		authorization string
		wantStatus    int
		wantCode      int
	}{
		{"a valid token and the documented parameters get the list", "market=US&category=Overnight", "Bearer good", 200, 0},
		{"a missing token is 401001", "market=US&category=Overnight", "", 401, 401001},
		{"a token of another scheme is 401001", "market=US&category=Overnight", "Basic Z29vZA==", 401, 401001},
		{"an expired token is 401003", "market=US&category=Overnight", "Bearer old", 401, 401003},
		{"an unknown token is 401004", "market=US&category=Overnight", "Bearer who", 401, 401004},
		{"an unknown market is 310010", "market=XX&category=Overnight", "Bearer good", 400, 310010},
		{"an unknown category is 310010", "market=US&category=Daytime", "Bearer good", 400, 310010},
		{"a missing market is 310011", "category=Overnight", "Bearer good", 400, 310011},
	}
	srv, err := quotetest.NewServer(quotetest.Options{Auth: auth, Classify: quotetest.ClassifyExpired(errExpired), Rows: 10})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, a := get(t, srv, tt.query, tt.authorization, nil)
			if resp.StatusCode != tt.wantStatus || a.Code != tt.wantCode || a.Message == "" {
				t.Errorf("got HTTP %d, code %d, message %q; want HTTP %d, code %d", resp.StatusCode, a.Code, a.Message, tt.wantStatus, tt.wantCode)
			}
			if !strings.HasPrefix(resp.Header.Get("X-Trace-Id"), "quotetest-") {
				t.Errorf("x-trace-id = %q", resp.Header.Get("X-Trace-Id"))
			}
			if tt.wantCode != 0 && string(a.Data) != "null" {
				t.Errorf("data = %s, want null on an error", a.Data)
			}
		})
	}
}

func TestTheDataSet(t *testing.T) {
	for _, n := range []int{1, 61, 5000, quotetest.MaxRows} {
		rows := quotetest.Rows(n)
		if len(rows) != n {
			t.Fatalf("Rows(%d) has %d rows", n, len(rows))
		}
		if rows[0] != quotetest.SeedRow {
			t.Errorf("Rows(%d)[0] = %+v, want the seed's row", n, rows[0])
		}
		seen := map[string]bool{}
		var emptyCN, emptyHK, emptyEN int
		for _, r := range rows {
			if seen[r.Symbol] || !strings.HasSuffix(r.Symbol, ".US") {
				t.Fatalf("Rows(%d): symbol %q repeated or not US", n, r.Symbol)
			}
			seen[r.Symbol] = true
			if !utf8.ValidString(r.NameCN + r.NameHK + r.NameEN) {
				t.Fatalf("invalid UTF-8 in %+v", r)
			}
			emptyCN += btoi(r.NameCN == "")
			emptyHK += btoi(r.NameHK == "")
			emptyEN += btoi(r.NameEN == "")
		}
		if n == 5000 && (emptyCN == 0 || emptyHK == 0 || emptyEN == 0) {
			t.Errorf("Rows(5000): %d/%d/%d empty names, want some of each", emptyCN, emptyHK, emptyEN)
		}
	}
	if rows := quotetest.Rows(3); rows[1].Symbol != "AAPL.US" || rows[1].NameHK != "蘋果" {
		t.Errorf("second row = %+v, want Apple", rows[1])
	}
	if a, b := quotetest.Rows(5000), quotetest.Rows(5000); a[4999] != b[4999] {
		t.Error("the data set is not deterministic")
	}
}

func TestTheFailureKnobs(t *testing.T) {
	srv, err := quotetest.NewServer(quotetest.Options{Rows: 2, Gzip: true})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()

	srv.FailNext(2, 0, 429002, 1500*time.Millisecond)
	srv.FailNextRaw(1, 502, quotetest.BodyHTML)
	for i, want := range []struct{ status, code int }{{429, 429002}, {429, 429002}, {502, 0}, {200, 0}} {
		resp, a := get(t, srv, "market=US&category=Overnight", "Bearer x", nil)
		if resp.StatusCode != want.status || a.Code != want.code {
			t.Errorf("request %d: HTTP %d code %d, want HTTP %d code %d", i, resp.StatusCode, a.Code, want.status, want.code)
		}
		if want.status == 429 && resp.Header.Get("Retry-After") != "2" {
			t.Errorf("request %d: Retry-After %q, want 2 (rounded up)", i, resp.Header.Get("Retry-After"))
		}
		if want.status == 502 && !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			t.Errorf("request %d: Content-Type %q, want HTML", i, resp.Header.Get("Content-Type"))
		}
	}

	resp, a := get(t, srv, "market=US&category=Overnight", "Bearer x", http.Header{"Accept-Encoding": {"gzip"}})
	if resp.Header.Get("Content-Encoding") != "gzip" || a.Code != 0 || !strings.Contains(string(a.Data), "TSLA.US") {
		t.Errorf("gzip answer: encoding %q, code %d, data %s", resp.Header.Get("Content-Encoding"), a.Code, a.Data)
	}

	srv.SetDelay(100 * time.Millisecond)
	start := time.Now()
	get(t, srv, "market=US&category=Overnight", "Bearer x", http.Header{"X-Api-Key": {"id"}})
	if elapsed := time.Since(start); elapsed < 100*time.Millisecond {
		t.Errorf("a delayed answer came after %v", elapsed)
	}
	reqs := srv.Requests()
	if len(reqs) != 6 || srv.RequestCount() != 6 || srv.ServedCount() != 3 {
		t.Errorf("%d recorded, %d counted, %d served; want 6, 6, 3", len(reqs), srv.RequestCount(), srv.ServedCount())
	}
	if got := reqs[5].Header.Get("X-Api-Key"); got != "id" {
		t.Errorf("recorded X-Api-Key = %q", got)
	}
	srv.Reset()
	if srv.RequestCount() != 0 || srv.MaxInFlight() != 0 {
		t.Error("Reset kept the counters")
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// scoped is a checker that also gives each token's granted scopes.
type scoped map[string][]string

func (s scoped) CheckAccessToken(token string) error {
	if _, ok := s[token]; ok {
		return nil
	}
	return errors.New("unknown")
}

func (s scoped) AccessTokenScopes(token string) ([]string, error) { return s[token], nil }

func TestTheSecurityListTakesTheWatchlistScopeOrTheExamplesScope3(t *testing.T) {
	grants := scoped{"seed": {"3"}, "watch": {"4"}, "account": {"6", "10"}}
	srv, err := quotetest.NewServer(quotetest.Options{Auth: grants, Rows: 10})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	for token, want := range map[string]int{"seed": 0, "watch": 0, "account": quotetest.CodeMissingScope} {
		if _, a := get(t, srv, "market=US&category=Overnight", "Bearer "+token, nil); a.Code != want {
			t.Errorf("a token granted %v: code %d (%s), want %d", grants[token], a.Code, a.Message, want)
		}
	}
}
