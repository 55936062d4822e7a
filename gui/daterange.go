package gui

import (
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/portview/portview/oauth"
)

// dateLayouts are the ways a typed date is read: ISO first, as the fields
// and the labels show dates, then the spellings people type.
var dateLayouts = []string{time.DateOnly, "2006-1-2", "2006/01/02", "2006/1/2", "2006.1.2", "20060102", "2006年1月2日"}

// parseDate reads a typed day in local time; ok false when it is not one.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range dateLayouts {
		if t, err := time.ParseInLocation(layout, s, time.Local); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// dateField is a day, typed (ISO, as the labels show it, or another common
// spelling) or picked on a calendar that opens on the day chosen. Fyne's
// DateEntry shows the system's format (07/09/2026, day first) beside ISO
// labels, ignores a typed ISO date without a word, and opens its calendar
// on this month.
type dateField struct {
	entry    *widget.Entry
	pick     *widget.Button
	box      fyne.CanvasObject
	date     time.Time // the day shown; the zero time when none
	bad      string    // text that is not a date, "" if none
	onChange func()    // the day changed
	onBad    func()    // the text stopped or started being a date
	popUp    *widget.PopUp
}

func newDateField(day time.Time) *dateField {
	f := &dateField{entry: widget.NewEntry()}
	f.entry.PlaceHolder = "2026-10-01"
	f.set(day)
	f.entry.OnChanged = func(text string) { f.read(text, false) }
	f.entry.OnSubmitted = func(text string) { f.read(text, true) }
	f.pick = &widget.Button{Icon: theme.CalendarIcon(), Importance: widget.LowImportance, OnTapped: f.openCalendar}
	f.box = container.NewBorder(nil, nil, nil, f.pick, f.entry)
	return f
}

// set shows day without telling onChange.
func (f *dateField) set(day time.Time) {
	f.date, f.bad = day, ""
	f.entry.SetText(dateText(day))
}

// read takes what was typed: a date replaces the day at once; anything
// else is reported once it is as long as a date, or on Enter.
func (f *dateField) read(text string, submitted bool) {
	if d, ok := parseDate(text); ok {
		changed := !sameDay(d, f.date)
		wasBad := f.bad != ""
		f.date, f.bad = d, ""
		if wasBad && f.onBad != nil {
			f.onBad()
		}
		if changed && f.onChange != nil {
			f.onChange()
		}
		return
	}
	bad := ""
	if submitted || len([]rune(strings.TrimSpace(text))) >= len(time.DateOnly) {
		bad = text
	}
	if bad != f.bad {
		f.bad = bad
		if f.onBad != nil {
			f.onBad()
		}
	}
}

// openCalendar shows a calendar on the day chosen, below the field.
func (f *dateField) openCalendar() {
	c := fyne.CurrentApp().Driver().CanvasForObject(f.entry)
	if c == nil {
		return
	}
	start := f.date
	if start.IsZero() {
		start = time.Now()
	}
	cal := widget.NewCalendar(start, func(d time.Time) {
		f.popUp.Hide()
		f.entry.SetText(dateText(d)) // read, as if typed
	})
	f.popUp = widget.NewPopUp(cal, c)
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(f.box)
	f.popUp.ShowAtPosition(pos.Add(fyne.NewPos(0, f.box.Size().Height)))
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

// dateRange is a From / To pair of date fields for a history pane: the
// last days days unless the user picked others, which are remembered
// (a To of the day it was picked stays "today" on later days).
type dateRange struct {
	from, to *dateField
	problem  *widget.Label
	box      fyne.CanvasObject
	prefs    oauth.Prefs
	key      string // the preference
	today    func() time.Time

	// The range the fields hold, for the loads, which read it off the UI
	// goroutine; the fields change on it.
	mu         sync.Mutex
	start, end time.Time
	ok         bool
}

// prefToday stands for "the day the range is looked at" in a saved range.
const prefToday = "today"

func newDateRange(u *UI, key string, days int, onChange func()) *dateRange {
	today := func() time.Time { return u.cfg.Clock.Now().In(time.Local) }
	r := &dateRange{prefs: u.cfg.Prefs, key: "view." + key + ".range", today: today,
		problem: &widget.Label{Importance: widget.DangerImportance, Truncation: fyne.TextTruncateEllipsis}}
	end := today()
	start := end.AddDate(0, 0, -days)
	if from, to, ok := strings.Cut(r.prefs.String(r.key), " "); ok {
		if d, ok := parseDate(from); ok {
			start = d
		}
		if d, ok := parseDate(to); ok {
			end = d
		}
	}
	r.from, r.to = newDateField(start), newDateField(end)
	changed := func() {
		r.save()
		r.update()
		r.showProblem()
		if onChange != nil {
			onChange()
		}
	}
	r.from.onChange, r.to.onChange = changed, changed
	r.from.onBad, r.to.onBad = func() { r.update(); r.showProblem() }, func() { r.update(); r.showProblem() }
	r.update()
	r.problem.Hide()
	r.box = container.NewHBox(widget.NewLabel(lang.X("range.from", "From")), sized(r.from.box, 150),
		widget.NewLabel(lang.X("range.to", "to")), sized(r.to.box, 150), sized(r.problem, 260))
	return r
}

// save remembers the range the user picked.
func (r *dateRange) save() {
	to := dateText(r.to.date)
	if sameDay(r.to.date, r.today()) {
		to = prefToday
	}
	r.prefs.SetString(r.key, dateText(r.from.date)+" "+to)
}

// showProblem says, beside the fields, why the range cannot be asked for.
func (r *dateRange) showProblem() {
	text := ""
	for _, f := range []*dateField{r.from, r.to} {
		if f.bad != "" {
			text = lang.X("range.bad_date", "“{{.Text}}” is not a date: type it as 2026-10-01.", map[string]any{"Text": f.bad})
			break
		}
	}
	if _, _, ok := r.bounds(); text == "" && !ok {
		text = lang.X("range.backwards", "The start is after the end.")
	}
	r.problem.SetText(text)
	r.problem.Show()
	if text == "" {
		r.problem.Hide()
	}
}

// update takes the range from the fields, on the UI goroutine: the first
// second of From to the last of To, in local time; not ok while a field
// does not hold a date, or From is after To.
func (r *dateRange) update() {
	var start, end time.Time
	ok := !r.from.date.IsZero() && !r.to.date.IsZero() && r.from.bad == "" && r.to.bad == ""
	if ok {
		f, t := r.from.date.In(time.Local), r.to.date.In(time.Local)
		start = time.Date(f.Year(), f.Month(), f.Day(), 0, 0, 0, 0, time.Local)
		end = time.Date(t.Year(), t.Month(), t.Day(), 23, 59, 59, 0, time.Local)
		ok = !start.After(end)
	}
	r.mu.Lock()
	r.start, r.end, r.ok = start, end, ok
	r.mu.Unlock()
}

// bounds are the range as moments (see update); any goroutine.
func (r *dateRange) bounds() (start, end time.Time, ok bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.start, r.end, r.ok
}

func (r *dateRange) label() string {
	start, end, ok := r.bounds()
	if !ok {
		return ""
	}
	return rangeLabel(start, end)
}
