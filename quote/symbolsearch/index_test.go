package symbolsearch

import (
	"fmt"
	"slices"
	"testing"

	"github.com/portview/portview/quote/quotetest"
)

// testIndex holds a few real securities of every market, some named in one
// language only, as the security list names them.
func testIndex() *Index {
	x := &Index{}
	x.Add(
		Entry{Symbol: "TSLA.US", NameEN: "Tesla, Inc.", NameCN: "特斯拉", NameHK: "特斯拉"},
		Entry{Symbol: "TSM.US", NameEN: "Taiwan Semiconductor Manufacturing Company Limited", NameCN: "台积电", NameHK: "台積電"},
		Entry{Symbol: "TSLL.US", NameEN: "Direxion Daily TSLA Bull 2X Shares"},
		Entry{Symbol: "T.US", NameEN: "AT&T Inc.", NameCN: "美国电话电报"},
		Entry{Symbol: "AAPL.US", NameEN: "Apple Inc.", NameCN: "苹果", NameHK: "蘋果"},
		Entry{Symbol: "APLE.US", NameEN: "Apple Hospitality REIT, Inc."},
		Entry{Symbol: "PINE.US", NameEN: "Alpine Income Property Trust"},
		Entry{Symbol: "700.HK", NameEN: "Tencent Holdings", NameCN: "腾讯控股", NameHK: "騰訊控股"},
		Entry{Symbol: "9988.HK", NameEN: "Alibaba Group", NameCN: "阿里巴巴-W", NameHK: "阿里巴巴-W"},
		Entry{Symbol: "BABA.US", NameEN: "Alibaba Group Holding Limited", NameCN: "阿里巴巴", NameHK: "阿里巴巴"},
		Entry{Symbol: "600519.SH", NameEN: "Kweichow Moutai", NameCN: "贵州茅台", NameHK: "貴州茅台"},
		Entry{Symbol: "000001.SZ", NameEN: "Ping An Bank", NameCN: "平安银行", NameHK: "平安銀行"},
		Entry{Symbol: "000001.SH", NameEN: "SSE Composite Index", NameCN: "上证指数", NameHK: "上證指數"},
		Entry{Symbol: "D05.SG", NameEN: "DBS Group", NameCN: "星展集团", NameHK: "星展集團"},
		Entry{Symbol: "BRK.B.US", NameEN: "Berkshire Hathaway Inc. Class B", NameCN: "伯克希尔-B"},
	)
	return x
}

func symbols(ms []Match) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.Symbol
	}
	return out
}

func TestSearchFindsCodesAndNamesInEveryLanguage(t *testing.T) {
	x := testIndex()
	tests := []struct {
		name  string
		query string
		want  []string // the first matches, in order
		rank  Rank     // of the first
		named string   // the name the first matched, for a name
	}{
		{"a code is found without its market and in any case", "tsla", []string{"TSLA.US", "TSLL.US"}, ExactCode, ""},
		{"a symbol with its market is found", "700.hk", []string{"700.HK"}, ExactCode, ""},
		{"an HK code is found with its leading zeros", "00700", []string{"700.HK"}, ExactCode, ""},
		{"an HK symbol is found with its leading zeros", "00700.HK", []string{"700.HK"}, ExactCode, ""},
		{"a code with a dot is found", "brk.b", []string{"BRK.B.US"}, ExactCode, ""},
		{"a code listed in two markets gives both", "000001", []string{"000001.SH", "000001.SZ"}, ExactCode, ""},
		{"a Singapore code is found", "d05", []string{"D05.SG"}, ExactCode, ""},
		{"an English name is found by its start", "tesla", []string{"TSLA.US"}, NamePrefix, "Tesla, Inc."},
		{"an English name is found inside", "semiconductor", []string{"TSM.US"}, NameContains, "Taiwan Semiconductor Manufacturing Company Limited"},
		{"a simplified Chinese name is found", "腾讯", []string{"700.HK"}, NamePrefix, "腾讯控股"},
		{"a traditional Chinese name is found", "騰訊", []string{"700.HK"}, NamePrefix, "騰訊控股"},
		{"a Chinese name is found by a substring", "茅台", []string{"600519.SH"}, NameContains, "贵州茅台"},
		{"a traditional substring is found", "積電", []string{"TSM.US"}, NameContains, "台積電"},
		{"a name in two markets gives both, the shorter name first", "阿里巴巴", []string{"BABA.US", "9988.HK"}, NamePrefix, "阿里巴巴"},
		{"surrounding spaces are ignored; the shorter name first", "  apple ", []string{"AAPL.US", "APLE.US"}, NamePrefix, "Apple Inc."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := x.Search(tt.query, 10)
			if len(got) < len(tt.want) || !slices.Equal(symbols(got[:len(tt.want)]), tt.want) {
				t.Fatalf("Search(%q) = %v, want %v first", tt.query, symbols(got), tt.want)
			}
			if got[0].Rank != tt.rank {
				t.Errorf("Search(%q)[0] ranks %d, want %d", tt.query, got[0].Rank, tt.rank)
			}
			if tt.named != "" && got[0].Name != tt.named {
				t.Errorf("Search(%q)[0] matched the name %q, want %q", tt.query, got[0].Name, tt.named)
			}
		})
	}
}

func TestSearchRanksTheExactCodeThenCodePrefixThenNamePrefixThenNameContains(t *testing.T) {
	x := &Index{}
	x.Add(
		Entry{Symbol: "PINE.US", NameEN: "Alpine Income Property Trust"}, // "pin" inside a name
		Entry{Symbol: "PINS.US", NameEN: "Pinterest, Inc."},              // a code prefix
		Entry{Symbol: "PNNT.US", NameEN: "PinnacleOne"},                  // a name prefix
		Entry{Symbol: "PIN.US", NameEN: "Invesco India ETF"},             // the exact code
	)
	got := x.Search("pin", 10)
	want := []string{"PIN.US", "PINE.US", "PINS.US", "PNNT.US"}
	if !slices.Equal(symbols(got), want) {
		t.Fatalf("Search(pin) = %v, want %v", symbols(got), want)
	}
	ranks := []Rank{got[0].Rank, got[1].Rank, got[2].Rank, got[3].Rank}
	if !slices.Equal(ranks, []Rank{ExactCode, CodePrefix, CodePrefix, NamePrefix}) {
		t.Errorf("ranks = %v", ranks)
	}
	// PINE's name holds "pin" too, but its code comes first; a query only
	// its name holds ranks it last.
	got = x.Search("pine", 10)
	if !slices.Equal(symbols(got), []string{"PINE.US"}) || got[0].Rank != ExactCode {
		t.Errorf("Search(pine) = %v", got)
	}
	got = x.Search("in", 10)
	if len(got) < 4 || got[len(got)-1].Rank != NameContains {
		t.Errorf("Search(in) = %v, want the name that holds it last", got)
	}
}

func TestSearchWithoutAMatchFindsNothing(t *testing.T) {
	x := testIndex()
	for _, q := range []string{"zzzq", "特斯拉汽车", "", "   "} {
		if got := x.Search(q, 10); len(got) != 0 {
			t.Errorf("Search(%q) = %v, want nothing", q, symbols(got))
		}
	}
}

func TestSearchStopsAtTheLimit(t *testing.T) {
	x := testIndex()
	if got := x.Search("a", 3); len(got) != 3 {
		t.Errorf("Search(a, 3) gave %d matches", len(got))
	}
}

func TestAddFillsTheNamesAnEntryLacked(t *testing.T) {
	x := &Index{}
	x.Add(Entry{Symbol: "tsla.us", NameEN: "Tesla, Inc."})
	x.Add(Entry{Symbol: "TSLA.US", NameCN: "特斯拉"}, Entry{Symbol: "TSLA.US", NameHK: "特斯拉", NameEN: ""})
	e, ok := x.Lookup("TSLA.US")
	if !ok || x.Len() != 1 {
		t.Fatalf("%d entries, TSLA.US found %v", x.Len(), ok)
	}
	if e.NameEN != "Tesla, Inc." || e.NameCN != "特斯拉" || e.NameHK != "特斯拉" {
		t.Errorf("TSLA.US = %+v, want the three names", e)
	}
	if got := x.Search("特斯拉", 5); len(got) != 1 {
		t.Errorf("Search(特斯拉) = %v", got)
	}
}

func TestCandidatesAreTheMarketsACodeCanBeIn(t *testing.T) {
	tests := []struct {
		query string
		want  []string
	}{
		{"700.HK", []string{"700.HK"}},
		{"00700.hk", []string{"700.HK"}},
		{"00700", []string{"700.HK"}},
		{"700", []string{"700.HK"}},
		{"tsla", []string{"TSLA.US", "TSLA.SG"}},
		{"AAPL", []string{"AAPL.US", "AAPL.SG"}},
		{"aapl.us", []string{"AAPL.US"}},
		{"brk.b", []string{"BRK.B.US", "BRK.B.SG"}},
		{"D05", []string{"D05.US", "D05.SG"}},
		{"600519", []string{"600519.SH", "600519.SZ"}},
		{"000001.sz", []string{"000001.SZ"}},
		{"1234567", nil},
		{"00000.HK", nil},
		{"特斯拉", nil},
		{"apple inc", nil},
		{".US", nil},
		{"tsla.", nil},
		{"", nil},
	}
	for _, tt := range tests {
		if got := Candidates(tt.query); !slices.Equal(got, tt.want) {
			t.Errorf("Candidates(%q) = %v, want %v", tt.query, got, tt.want)
		}
	}
}

func TestFoundOffersEveryMarketACodeIsListedIn(t *testing.T) {
	x := &Index{}
	cands := Candidates("000001")
	answer := []Entry{
		{Symbol: "000001.SZ", NameEN: "Ping An Bank", NameCN: "平安银行", NameHK: "平安銀行"},
		{Symbol: "000001.SH", NameEN: "SSE Composite Index", NameCN: "上证指数", NameHK: "上證指數"},
	}
	got := x.Found(cands, answer)
	if len(got) != 2 || got[0].Symbol != "000001.SH" || got[1].Symbol != "000001.SZ" {
		t.Fatalf("Found(%v) = %+v, want both markets in the candidates' order", cands, got)
	}
	if m := x.Search("000001", 5); len(m) != 2 || m[0].Rank != ExactCode || m[1].Rank != ExactCode {
		t.Errorf("Search(000001) = %+v, want both as exact codes", m)
	}
}

func TestFoundKeepsTheCandidatesLongPortNames(t *testing.T) {
	x := testIndex()
	n := x.Len()
	answer := []Entry{
		{Symbol: "ZZZQ.SG"}, // answered without a name: not listed
		{Symbol: "ZZZQ.US", NameEN: "Zed Corp", NameCN: "泽德"},
		{Symbol: "ZZZQ.HK", NameEN: "ZZZQ.HK", NameCN: "ZZZQ.HK"}, // named by its symbol: not listed
	}
	got := x.Found([]string{"ZZZQ.US", "ZZZQ.SG", "ZZZQ.HK"}, answer)
	if len(got) != 1 || got[0].Symbol != "ZZZQ.US" || got[0].NameCN != "泽德" {
		t.Fatalf("Found = %+v, want ZZZQ.US only", got)
	}
	if x.Len() != n+1 {
		t.Errorf("the index holds %d, want %d", x.Len(), n+1)
	}
	if m := x.Search("zzzq", 5); len(m) != 1 || m[0].Symbol != "ZZZQ.US" {
		t.Errorf("Search(zzzq) after Found = %v", m)
	}
	if got := x.Found([]string{"NONE.US"}, nil); got != nil {
		t.Errorf("Found with no answer = %v", got)
	}
}

// bigIndex is an index the size of LongPort's US security list, in three
// languages.
func bigIndex(b *testing.B) *Index {
	var entries []Entry
	for _, r := range quotetest.Rows(11_873) {
		entries = append(entries, Entry{Symbol: r.Symbol, NameEN: r.NameEN, NameCN: r.NameCN, NameHK: r.NameHK})
	}
	x := &Index{}
	x.Add(entries...)
	return x
}

func BenchmarkSearch(b *testing.B) {
	x := bigIndex(b)
	for _, q := range []string{"t", "tsla", "apple", "阿里", "zzzzzz"} {
		b.Run(fmt.Sprintf("%s in %d", q, x.Len()), func(b *testing.B) {
			for b.Loop() {
				x.Search(q, 50)
			}
		})
	}
}

// BenchmarkAddList is the cost of taking in one language's security list
// of the real one's size into an index that holds it already in another:
// the time a search may wait on the index's lock.
func BenchmarkAddList(b *testing.B) {
	rows := quotetest.Rows(11_873)
	entries := make([]Entry, len(rows))
	for i, r := range rows {
		entries[i] = Entry{Symbol: r.Symbol, NameEN: r.NameEN}
	}
	for range b.N {
		b.StopTimer()
		x := bigIndex(b)
		b.StartTimer()
		x.Add(entries...)
	}
}

func TestSearchesRunWhileALoadAdds(t *testing.T) {
	x := testIndex()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 200 {
			x.Add(Entry{Symbol: fmt.Sprintf("Z%03d.US", i), NameEN: "Zed"})
		}
	}()
	for {
		if got := x.Search("tesla", 5); len(got) == 0 || got[0].Symbol != "TSLA.US" {
			t.Fatalf("Search(tesla) during an Add = %v", got)
		}
		select {
		case <-done:
			if n := len(x.Search("zed", 500)); n != 200 {
				t.Errorf("Search(zed) after the Adds found %d, want 200", n)
			}
			return
		default:
		}
	}
}
