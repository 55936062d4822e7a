package simmarket

import (
	"testing"
	"time"
)

func TestTheTapeAndTheBookAgreeWithTheQuote(t *testing.T) {
	m := New(SandboxSeed)
	moments := []struct {
		symbol string
		e      *Exchange
		at     string
	}{
		{"AAPL.US", US, "2026-03-10 10:17"},
		{"700.HK", HK, "2026-03-10 13:05"},  // just after the lunch break
		{"9988.HK", HK, "2026-03-10 16:30"}, // closed: the day's last prints
		{"600519.SH", CN, "2026-03-10 09:31"},
		{"D05.SG", SG, "2026-03-10 15:00"},
	}
	for _, mo := range moments {
		for _, sec := range []time.Duration{0, 7 * time.Second, 31 * time.Second, 59 * time.Second} {
			now := at(mo.e, mo.at).Add(sec)
			q := m.Quote(mo.symbol, now)
			trades := m.Trades(mo.symbol, now, 200)
			if len(trades) == 0 {
				t.Fatalf("%s at %s: no trades", mo.symbol, now)
			}
			newest := trades[len(trades)-1]
			if !newest.Price.Equal(q.Last) {
				t.Errorf("%s at %s: newest trade at %s, the quote's last is %s", mo.symbol, now, newest.Price, q.Last)
			}
			for i, tr := range trades {
				if !mo.e.OnTick(tr.Price) || tr.Volume <= 0 || tr.Time.After(now) {
					t.Errorf("%s: trade %d %+v is off a tick, empty or in the future", mo.symbol, i, tr)
				}
				if i == 0 {
					continue
				}
				prev := trades[i-1]
				if tr.Time.Before(prev.Time) {
					t.Errorf("%s: trade %d is older than the one before", mo.symbol, i)
				}
				want := Neutral
				switch tr.Price.Cmp(prev.Price) {
				case 1:
					want = Up
				case -1:
					want = Down
				}
				if tr.Direction != want {
					t.Errorf("%s: trade %d from %s to %s is %d, want %d", mo.symbol, i, prev.Price, tr.Price, tr.Direction, want)
				}
			}

			b := m.Book(mo.symbol, now, 5)
			if len(b.Bids) != 5 || len(b.Asks) != 5 {
				t.Fatalf("%s: %d bids and %d asks, want 5 each", mo.symbol, len(b.Bids), len(b.Asks))
			}
			bid, ask := b.Bids[0].Price, b.Asks[0].Price
			if bid.GreaterThan(q.Last) || ask.LessThan(q.Last) || !mo.e.StepTicks(bid, 1).Equal(ask) {
				t.Errorf("%s at %s: best %s / %s is not one tick around the last %s", mo.symbol, now, bid, ask, q.Last)
			}
			for i := 1; i < 5; i++ {
				if !mo.e.StepTicks(b.Bids[i].Price, 1).Equal(b.Bids[i-1].Price) || !mo.e.StepTicks(b.Asks[i-1].Price, 1).Equal(b.Asks[i].Price) {
					t.Errorf("%s: level %d is not one tick further out: %+v", mo.symbol, i+1, b)
				}
				if b.Bids[i].Volume <= 0 || b.Asks[i].Orders <= 0 {
					t.Errorf("%s: level %d is empty: %+v", mo.symbol, i+1, b)
				}
			}
		}
	}
}

func TestTradesSinceAreTheNewOnesOnly(t *testing.T) {
	m := New(SandboxSeed)
	from := at(US, "2026-03-10 11:00")
	to := from.Add(20 * time.Second)
	all := m.Trades("AAPL.US", to, 1000)
	var want int
	for _, tr := range all {
		if tr.Time.After(from) {
			want++
		}
	}
	got := m.TradesSince("AAPL.US", from, to, 1000)
	if len(got) != want || want == 0 {
		t.Fatalf("%d trades since, want %d (and some)", len(got), want)
	}
	if got[0].Time.Unix() <= from.Unix() || !got[len(got)-1].Time.Equal(all[len(all)-1].Time) {
		t.Errorf("the trades since run from %s to %s", got[0].Time, got[len(got)-1].Time)
	}
	if capped := m.TradesSince("AAPL.US", from, to, 2); len(capped) != 2 || !capped[1].Time.Equal(got[len(got)-1].Time) {
		t.Errorf("capped at 2: %+v, want the newest two", capped)
	}
}
