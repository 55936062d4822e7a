package chart

import (
	"testing"
	"time"
)

// pageServer is a fake history: total bars a day apart, served a page at
// a time after latency, counting the requests.
type pageServer struct {
	total    int
	latency  time.Duration
	requests []time.Time
}

func TestPagingBackStaysWithinTheRateAndOneAtATime(t *testing.T) {
	start := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	srv := &pageServer{total: 100000, latency: 40 * time.Millisecond}
	limit := HistoryRate()
	b := Backfill{Page: 10, Ahead: 50}
	bars := dailyBars(t, 100)
	var due time.Time // when the request in flight is answered
	inFlight := 0
	for now := start; now.Before(start.Add(2 * time.Minute)); now = now.Add(10 * time.Millisecond) {
		if inFlight > 0 && !now.Before(due) {
			// the page: Page bars before the oldest, and the oldest itself
			older := dailyBarsBefore(bars[0].Time, b.Page)
			older = append(older, bars[0])
			n := len(bars)
			bars = Prepend(bars, older)
			b.Done(len(bars)-n, PageOK)
			inFlight--
		}
		// the user holds the view at the oldest bar
		if b.Start(0, now, limit) {
			if b.Start(0, now, limit) {
				t.Fatal("a second request started while one was in flight")
			}
			srv.requests = append(srv.requests, now)
			inFlight++
			due = now.Add(srv.latency)
		}
		if inFlight > 1 {
			t.Fatal("two requests in flight")
		}
	}
	for i := range srv.requests {
		j := i
		for j < len(srv.requests) && srv.requests[j].Sub(srv.requests[i]) < 30*time.Second {
			j++
		}
		if j-i > 60 {
			t.Fatalf("%d requests within 30 s from %v", j-i, srv.requests[i].Sub(start))
		}
	}
	// two minutes at 60 per 30 s: the rate binds, and it is used
	if n := len(srv.requests); n < 200 || n > 240 {
		t.Errorf("%d requests in two minutes, want 200-240 (60 per 30 s)", n)
	}
	if got, want := len(bars), 100+len(srv.requests)*b.Page; got != want {
		t.Errorf("%d bars loaded, want %d: each page adds 10 new ones", got, want)
	}
	for i := 1; i < len(bars); i++ {
		if !bars[i-1].Time.Before(bars[i].Time) {
			t.Fatalf("bars %d and %d are out of order or repeated: %v, %v", i-1, i, bars[i-1].Time, bars[i].Time)
		}
	}
}

func TestPagingBackStopsAtTheEndAndAtTheQuota(t *testing.T) {
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	limit := HistoryRate()
	t.Run("no request while the view is far from the oldest bar", func(t *testing.T) {
		b := Backfill{Page: 100, Ahead: 20}
		if b.Start(21, now, limit) {
			t.Error("a request with 21 bars still to see")
		}
		if !b.Start(20, now, limit) {
			t.Error("no request at 20 bars from the oldest")
		}
	})
	t.Run("a short page is the end", func(t *testing.T) {
		b := Backfill{Page: 100, Ahead: 20}
		b.Start(0, now, limit)
		b.Done(37, PageOK)
		if b.Start(0, now.Add(time.Minute), limit) {
			t.Error("a request after the server had no more")
		}
	})
	t.Run("a failure is tried again on the next pan", func(t *testing.T) {
		b := Backfill{Page: 100, Ahead: 20}
		b.Start(0, now, limit)
		b.Done(0, PageFail)
		if !b.Start(0, now.Add(time.Minute), limit) {
			t.Error("no request after a failed one")
		}
	})
	t.Run("a spent quota ends the paging", func(t *testing.T) {
		b := Backfill{Page: 100, Ahead: 20}
		b.Start(0, now, limit)
		b.Done(0, PageSpent)
		if b.Start(0, now.Add(time.Minute), limit) || !b.Spent() {
			t.Error("a request after the quota was spent")
		}
	})
	t.Run("the rate says when the next is allowed", func(t *testing.T) {
		l := &RequestLimit{Max: 2, Per: 30 * time.Second}
		l.Allow(now)
		l.Allow(now.Add(time.Second))
		if l.Allow(now.Add(2*time.Second)) || !l.Next(now.Add(2*time.Second)).Equal(now.Add(30*time.Second)) {
			t.Error("a third request within 30 s, or the wrong time for the next")
		}
		if !l.Allow(now.Add(30 * time.Second)) {
			t.Error("no request once the first left the window")
		}
	})
}

func TestPrependKeepsOnlyOlderBars(t *testing.T) {
	bars := dailyBars(t, 10)
	older := dailyBarsBefore(bars[0].Time, 5)
	got := Prepend(bars[3:], append(older, bars[:4]...)) // the page overlaps the loaded ones
	if len(got) != 5+10 || !got[5].Time.Equal(bars[0].Time) || !got[8].Time.Equal(bars[3].Time) {
		t.Errorf("%d bars, want 15 with no repeats", len(got))
	}
	for i := 1; i < len(got); i++ {
		if !got[i-1].Time.Before(got[i].Time) {
			t.Fatalf("bar %d repeats or goes back", i)
		}
	}
}

func TestQuotaWords(t *testing.T) {
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name        string
		used, limit int
		spent       bool
		want        string
	}{
		{"far from the quota says nothing", 40, 100, false, ""},
		{"near the quota says how near", 95, 100, false, "History: 95 of 100 symbols this month"},
		{"at four fifths it shows", 80, 100, false, "History: 80 of 100 symbols this month"},
		{"no quota known says nothing", 95, 0, false, ""},
		{"spent says what still works", 100, 100, true, "This month's history quota is used up, so older bars cannot be loaded until next month. The bars on the chart still work, live."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := QuotaText(tt.used, tt.limit, tt.spent); got != tt.want {
				t.Errorf("QuotaText = %q, want %q", got, tt.want)
			}
		})
	}
	u := ParseQuotaUse("2026-11|AAPL.US,700.HK")
	if u.Used(now) != 0 {
		t.Error("last month's symbols count this month")
	}
	if !u.Add("TSLA.US", now) || u.Add("TSLA.US", now) || u.Used(now) != 1 {
		t.Errorf("after adding TSLA.US twice in December: %+v", u)
	}
	if got := ParseQuotaUse(u.String()); got.String() != "2026-12|TSLA.US" {
		t.Errorf("kept as %q", got.String())
	}
	// 1 December 03:00 in Hong Kong is still 30 November in UTC
	if m := QuotaMonth(time.Date(2026, 11, 30, 19, 0, 0, 0, time.UTC)); m != "2026-12" {
		t.Errorf("the quota month at HK 03:00 on 1 December is %s", m)
	}
}

// dailyBarsBefore are n bars a day apart ending the day before t.
func dailyBarsBefore(t time.Time, n int) []Bar {
	out := make([]Bar, n)
	for i := range out {
		p := dec("100")
		out[i] = Bar{Time: t.AddDate(0, 0, i-n), Open: p, High: p, Low: p, Close: p, Volume: 1}
	}
	return out
}
