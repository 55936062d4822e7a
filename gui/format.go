package gui

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2/lang"
)

// thousands writes n with a comma between groups of three digits: 11,873.
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// countText says how many rows the filter lets through: "1,204 of 11,873",
// "11,873 securities".
func countText(shown, total int) string {
	if shown == total {
		return plural("count.securities", total, "1 security", "{{.Total}} securities",
			map[string]any{"Total": thousands(total)})
	}
	return lang.X("count.shown", "{{.Shown}} of {{.Total}}",
		map[string]any{"Shown": thousands(shown), "Total": thousands(total)})
}

// untilText says how long until something happens, in the coarse words a
// status line wants: "41 min", "2 h 5 min", "less than a minute".
func untilText(d time.Duration) string {
	switch {
	case d < time.Minute:
		return lang.X("duration.under_minute", "less than a minute")
	case d < time.Hour:
		return minutesText(int(d.Round(time.Minute) / time.Minute))
	}
	d = d.Round(time.Minute)
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	if m == 0 {
		return lang.X("duration.hours", "{{.H}} h", map[string]any{"H": h})
	}
	return lang.X("duration.hours_minutes", "{{.H}} h {{.M}} min", map[string]any{"H": h, "M": m})
}

func minutesText(m int) string {
	return lang.X("duration.minutes", "{{.M}} min", map[string]any{"M": m})
}

// secondsText counts down a short wait: "30 s", then "2 min" past two minutes.
func secondsText(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	if d >= 2*time.Minute {
		return minutesText(int(d.Round(time.Minute) / time.Minute))
	}
	return lang.X("duration.seconds", "{{.S}} s", map[string]any{"S": int((d + time.Second - 1) / time.Second)})
}

// clockText shows the time left of a sign-in attempt: "4:59".
func clockText(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	s := int((d + time.Second - 1) / time.Second)
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// latencyText is a discovery round trip for people: "84 ms".
func latencyText(d time.Duration) string {
	if d < time.Millisecond {
		return lang.X("duration.under_millisecond", "under 1 ms")
	}
	return lang.X("duration.milliseconds", "{{.MS}} ms", map[string]any{"MS": d.Milliseconds()})
}

// sentence makes an error text read as a sentence: capital first letter,
// full stop at the end.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	s = string(unicode.ToUpper(r)) + s[n:]
	if !strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "?") && !strings.HasSuffix(s, "!") {
		s += "."
	}
	return s
}
