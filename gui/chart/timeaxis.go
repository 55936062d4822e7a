package chart

import "time"

// TimeLabel is one label of the time axis: at bar Index, with Text.
type TimeLabel struct {
	Index int
	Text  string
	major bool // a new day (intraday), month (daily) or year (weekly, monthly)
}

// TimeLabels are the labels under bars first..first+count of times, shown
// in loc, at least gap bars apart: times of day on minute bars with the
// date where a day begins, days of the month on daily bars with the month
// where one begins, months on weekly and monthly bars with the year where
// one begins. A label falls on a round value (10:00, the 5th, March) or
// where its day, month or year begins, so gaps (nights, weekends,
// holidays) never leave an empty slot.
func TimeLabels(times []time.Time, first, count int, p Period, loc *time.Location, gap float64) []TimeLabel {
	if count <= 0 || first < 0 || first+count > len(times) {
		return nil
	}
	gap = max(gap, 1)
	// label says whether bar t gets a label, in which time layout, and
	// whether it begins a day, month or year
	var label func(prev, t time.Time, havePrev bool) (layout string, ok, major bool)
	switch {
	case !p.Daily():
		perBar := p.Span().Minutes()
		every := pick([]int{1, 2, 5, 10, 15, 30, 60, 120, 240}, func(m int) bool { return float64(m)/perBar >= gap })
		label = func(prev, t time.Time, havePrev bool) (string, bool, bool) {
			if !havePrev || !sameDay(prev, t) {
				return "01/02", true, true
			}
			mins := t.Hour()*60 + t.Minute()
			prevMins := prev.Hour()*60 + prev.Minute()
			return "15:04", mins/every != prevMins/every, false
		}
	case p == Day:
		// about 21 trading days a month, 4.6 a week
		every := pick([]int{1, 2, 5, 10, 15}, func(d int) bool { return float64(d)*0.7 >= gap })
		monthly := 21 < gap
		months := pick([]int{1, 2, 3, 6, 12}, func(m int) bool { return float64(m)*21 >= gap })
		label = func(prev, t time.Time, havePrev bool) (string, bool, bool) {
			newMonth := !havePrev || prev.Month() != t.Month() || prev.Year() != t.Year()
			if monthly {
				return monthLayout, newMonth && (int(t.Month())-1)%months == 0, true
			}
			if newMonth {
				return monthLayout, true, true
			}
			return "02", (t.Day()-1)/every != (prev.Day()-1)/every, false
		}
	default:
		perMonth := 4.3
		if p == Month {
			perMonth = 1
		}
		months := pick([]int{1, 2, 3, 6, 12}, func(m int) bool { return float64(m)*perMonth >= gap })
		label = func(prev, t time.Time, havePrev bool) (string, bool, bool) {
			newYear := !havePrev || prev.Year() != t.Year()
			newMonth := newYear || prev.Month() != t.Month()
			if newYear {
				return "2006", true, true
			}
			return monthLayout, newMonth && (int(t.Month())-1)%months == 0, false
		}
	}

	var out []TimeLabel
	for i := first; i < first+count; i++ {
		t := times[i].In(loc)
		var prev time.Time
		if i > 0 {
			prev = times[i-1].In(loc)
		}
		layout, ok, major := label(prev, t, i > 0)
		if !ok {
			continue
		}
		l := TimeLabel{Index: i, major: major}
		if n := len(out); n > 0 && float64(i-out[n-1].Index) < gap {
			if !major || out[n-1].major {
				continue
			}
			out = out[:n-1] // the new day, month or year wins
		}
		l.Text = t.Format(layout)
		out = append(out, l)
	}
	return out
}

// pick is the first of steps that fits, or the last.
func pick(steps []int, fits func(int) bool) int {
	for _, s := range steps {
		if fits(s) {
			return s
		}
	}
	return steps[len(steps)-1]
}

func sameDay(a, b time.Time) bool {
	return a.Year() == b.Year() && a.YearDay() == b.YearDay()
}

// monthLayout is how a month is labelled: 2026-03.
const monthLayout = "2006-01"
