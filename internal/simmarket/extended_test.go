package simmarket

import (
	"testing"
	"time"
)

func TestPreAndPostMarketBarsJoinTheRegularDay(t *testing.T) {
	m := New(SandboxSeed)
	ny := US.Loc
	day := time.Date(2026, 12, 4, 0, 0, 0, 0, ny) // a Friday
	now := time.Date(2026, 12, 7, 3, 0, 0, 0, ny) // the Monday's night
	bars := m.ExtendedBars("AAPL.US", 30, day, day.Add(23*time.Hour), now)
	var pre, post []Bar
	for _, b := range bars {
		switch b.Session {
		case SessionPre:
			pre = append(pre, b)
		case SessionPost:
			post = append(post, b)
		default:
			t.Fatalf("a regular bar among the extended ones: %+v", b)
		}
	}
	// 04:00-09:30 in 30-minute bars from 04:00: 11 bars, the last 09:00;
	// 16:00-20:00: 8 bars
	if len(pre) != 11 || pre[0].Time.In(ny).Format("15:04") != "04:00" || pre[10].Time.In(ny).Format("15:04") != "09:00" {
		t.Errorf("%d pre-market bars from %v, want 11 from 04:00 to 09:00", len(pre), pre[0].Time.In(ny))
	}
	if len(post) != 8 || post[0].Time.In(ny).Format("15:04") != "16:00" {
		t.Errorf("%d post-market bars, want 8 from 16:00", len(post))
	}
	regular := m.Candles("AAPL.US", Day, 2, day.Add(23*time.Hour), now)
	prevClose, today := regular[0], regular[1]
	if !pre[0].Open.Equal(prevClose.Close) || !pre[10].Close.Equal(today.Open) {
		t.Errorf("the pre-market runs %s to %s, want from the previous close %s to the open %s", pre[0].Open, pre[10].Close, prevClose.Close, today.Open)
	}
	if !post[0].Open.Equal(today.Close) {
		t.Errorf("the post-market opens at %s, want the close %s", post[0].Open, today.Close)
	}
	if again := m.Candles("AAPL.US", Day, 1, day.Add(23*time.Hour), now)[0]; again.Volume != today.Volume || !again.High.Equal(today.High) {
		t.Error("the day bar changed: the extended sessions stay out of it")
	}

	if half := m.ExtendedBars("AAPL.US", 5, time.Date(2026, 11, 27, 0, 0, 0, 0, ny), time.Date(2026, 11, 27, 23, 0, 0, 0, ny), now); len(half) == 0 || half[len(half)-1].Session != SessionPre {
		t.Error("after the half day's early close there is a post-market, or no pre-market")
	}
	if hk := m.ExtendedBars("700.HK", 5, day, day.Add(23*time.Hour), now); len(hk) != 0 {
		t.Errorf("Hong Kong has %d extended bars", len(hk))
	}
	early := time.Date(2026, 12, 4, 8, 10, 30, 0, ny)
	so := m.ExtendedBars("AAPL.US", 5, day, early, early)
	if last := so[len(so)-1]; last.Time.In(ny).Format("15:04") != "08:10" || len(so) != 51 {
		t.Errorf("at 08:10:30 the pre-market has %d bars ending %v, want 51 (04:00 to 08:10) ending 08:10", len(so), last.Time.In(ny))
	}
}
