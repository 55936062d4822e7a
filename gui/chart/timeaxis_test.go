package chart

import (
	"strings"
	"testing"
	"time"
)

// minutes are bars every step from start to end (exclusive) in loc's day,
// times given as the wall clock "15:04" there.
func minutes(t *testing.T, loc *time.Location, day, from, to string, step time.Duration) []time.Time {
	t.Helper()
	start, err := time.ParseInLocation("2006-01-02 15:04", day+" "+from, loc)
	if err != nil {
		t.Fatal(err)
	}
	end, err := time.ParseInLocation("2006-01-02 15:04", day+" "+to, loc)
	if err != nil {
		t.Fatal(err)
	}
	var out []time.Time
	for at := start; at.Before(end); at = at.Add(step) {
		out = append(out, at.UTC()) // the socket's times carry no zone
	}
	return out
}

// days are the midnights, in loc, of the dates given.
func days(t *testing.T, loc *time.Location, dates ...string) []time.Time {
	t.Helper()
	var out []time.Time
	for _, d := range dates {
		at, err := time.ParseInLocation(time.DateOnly, d, loc)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, at.UTC())
	}
	return out
}

func joinLabels(ls []TimeLabel) string {
	var s []string
	for _, l := range ls {
		s = append(s, l.Text)
	}
	return strings.Join(s, " ")
}

func TestTimeLabelsFollowThePeriodAndTheMarketsZone(t *testing.T) {
	ny, hk, sh, sg := Location("US"), Location("HK"), Location("CN"), Location("SG")
	concat := func(lists ...[]time.Time) []time.Time {
		var out []time.Time
		for _, l := range lists {
			out = append(out, l...)
		}
		return out
	}
	hkDay := concat(minutes(t, hk, "2026-12-04", "09:30", "12:00", time.Minute), minutes(t, hk, "2026-12-04", "13:00", "16:00", time.Minute))
	tests := []struct {
		name   string
		times  []time.Time
		period Period
		loc    *time.Location
		gap    float64
		want   string
	}{
		{
			name:  "a US day of minutes: the date, then every half hour in New York time",
			times: minutes(t, ny, "2026-12-04", "09:30", "16:00", time.Minute), period: Intraday, loc: ny, gap: 30,
			want: "12/04 10:00 10:30 11:00 11:30 12:00 12:30 13:00 13:30 14:00 14:30 15:00 15:30",
		},
		{
			name:  "a Hong Kong day of minutes resumes at 13:00 after lunch",
			times: hkDay, period: Intraday, loc: hk, gap: 30,
			want: "12/04 10:00 10:30 11:00 11:30 13:00 13:30 14:00 14:30 15:00 15:30",
		},
		{
			name:  "the same Hong Kong minutes read in New York time are the evening before",
			times: hkDay[:31], period: Intraday, loc: ny, gap: 30,
			want: "12/03 21:00",
		},
		{
			name: "Shanghai 5-minute bars over two days: each day starts with its date, lunch leaves no empty slot",
			times: concat(minutes(t, sh, "2026-12-03", "09:30", "11:30", 5*time.Minute), minutes(t, sh, "2026-12-03", "13:00", "15:00", 5*time.Minute),
				minutes(t, sh, "2026-12-04", "09:30", "11:30", 5*time.Minute)),
			period: Minute5, loc: sh, gap: 12,
			want: "12/03 11:00 14:00 12/04 11:00", // hourly, an hour apart at least,
		},
		{
			name:   "a US half day after Thanksgiving ends at 13:00 and the next day starts with its date",
			times:  concat(minutes(t, ny, "2026-11-27", "09:30", "13:00", 15*time.Minute), minutes(t, ny, "2026-11-30", "09:30", "11:00", 15*time.Minute)),
			period: Minute15, loc: ny, gap: 4,
			want: "11/27 11:00 12:00 11/30", // 10:00 is too near the date,
		},
		{
			name:   "Singapore daily bars skip the weekend and start December with its month",
			times:  days(t, sg, "2026-11-25", "2026-11-26", "2026-11-27", "2026-11-30", "2026-12-01", "2026-12-02"),
			period: Day, loc: sg, gap: 1,
			want: "2026-11 27 30 2026-12", // every other day: Friday the 27th, then Monday,
		},
		{
			name:  "daily bars crowded: only every other month",
			times: days(t, ny, "2026-10-30", "2026-11-02", "2026-11-03", "2026-11-04"), period: Day, loc: ny, gap: 30,
			want: "2026-11",
		},
		{
			name:   "weekly bars show months and the year where it begins",
			times:  days(t, hk, "2025-12-15", "2025-12-22", "2025-12-29", "2026-01-05", "2026-01-12", "2026-01-19", "2026-01-26", "2026-02-02"),
			period: Week, loc: hk, gap: 1,
			want: "2025 2026 2026-02",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := joinLabels(TimeLabels(tt.times, 0, len(tt.times), tt.period, tt.loc, tt.gap))
			if got != tt.want {
				t.Errorf("labels = %q\nwant     %q", got, tt.want)
			}
		})
	}
}
