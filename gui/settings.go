package gui

import (
	"errors"
	"os"
	"os/exec"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// onSettings shows the settings: the language, the price colours and the
// times. Fyne cannot relabel the widgets already built, so a new language
// applies from the next start, and the dialog says so.
func (u *UI) onSettings() {
	system := lang.X("settings.language_system", "System ({{.Language}})",
		map[string]any{"Language": languageFor(lang.SystemLocale()).Name})
	options := []string{system}
	for _, l := range Languages {
		options = append(options, l.Name)
	}
	choice := &widget.Select{Options: options}
	choice.ExtendBaseWidget(choice)
	choice.SetSelected(system)
	if l, ok := languageByCode(u.cfg.Prefs.String(prefLanguage)); ok {
		choice.SetSelected(l.Name)
	}
	note := &widget.Label{Text: lang.X("settings.language_restart", "Takes effect when Portview restarts."), Importance: widget.LowImportance, Wrapping: fyne.TextWrapWord}
	colours := u.newColoursChoice()
	times := newTimesChoice()

	d := dialog.NewCustomWithoutButtons(lang.X("settings.title", "Settings"), container.NewVBox(
		widget.NewLabel(lang.X("settings.language", "Language")), choice, note, widget.NewSeparator(),
		widget.NewLabel(lang.X("settings.colours", "Price colours")), colours, widget.NewSeparator(),
		widget.NewLabel(lang.X("settings.times", "Times")), times), u.win)
	cancel := &widget.Button{Text: lang.X("action.cancel", "Cancel"), Icon: theme.CancelIcon(), OnTapped: d.Hide}
	apply := func() {
		d.Hide()
		u.setLanguagePref(choice.SelectedIndex())
		u.setPriceColours(coloursPrefs[max(slices.Index(colours.Options, colours.Selected), 0)])
		u.setTimes(timesPrefs[max(slices.Index(times.Options, times.Selected), 0)])
	}
	save := &widget.Button{Text: lang.X("action.save", "Save"), Icon: theme.ConfirmIcon(), OnTapped: apply}
	restart := &widget.Button{Text: lang.X("settings.restart_now", "Save and restart now"), Icon: theme.ViewRefreshIcon(), Importance: widget.HighImportance, OnTapped: func() {
		apply()
		u.restartNow()
	}}
	d.SetButtons([]fyne.CanvasObject{cancel, save, restart})
	d.Resize(fyne.NewSize(520, d.MinSize().Height))
	d.Show()
}

// restartCommand is Portview again: the same executable with the same
// arguments, environment and outputs.
func restartCommand() (*exec.Cmd, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(exe, os.Args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	return cmd, nil
}

// restartNow closes the window; ShowAndRun hands the command back, and main
// starts it once the app has stopped and released the single-instance lock,
// so that the new copy runs instead of asking this one to come forward.
func (u *UI) restartNow() {
	cmd, err := restartCommand()
	if err != nil {
		u.log.Error("cannot find Portview's executable to restart it", "err", err)
		dialog.ShowError(errors.New(lang.X("settings.restart_failed", "Portview cannot restart itself here; close it and open it again.")), u.win)
		return
	}
	u.restart = cmd
	u.onQuit()
}

// setLanguagePref keeps the choice at index i of the Settings list: 0 is the
// system's language, then Languages in order.
func (u *UI) setLanguagePref(i int) {
	if i <= 0 || i > len(Languages) {
		u.cfg.Prefs.RemoveValue(prefLanguage)
		return
	}
	u.cfg.Prefs.SetString(prefLanguage, Languages[i-1].Code)
}

// coloursPrefs are the values of prefPriceColours, in the order of the
// settings' choice.
var coloursPrefs = []string{"", "red_up", "green_up"}

// newColoursChoice is the price colour convention: the language's, red up
// (mainland China, Hong Kong) or green up (elsewhere). It applies at once.
// A radio group, not a list: three choices read at a glance.
func (u *UI) newColoursChoice() *widget.RadioGroup {
	auto := lang.X("settings.colours_auto_green", "As the language does (green up, red down)")
	if redUpFor("", u.lang.Code) {
		auto = lang.X("settings.colours_auto_red", "As the language does (red up, green down)")
	}
	c := widget.NewRadioGroup([]string{auto,
		lang.X("settings.colours_red_up", "Red up, green down (mainland China, Hong Kong)"),
		lang.X("settings.colours_green_up", "Green up, red down"),
	}, nil)
	c.Required = true
	c.SetSelected(c.Options[max(slices.Index(coloursPrefs, u.cfg.Prefs.String(prefPriceColours)), 0)])
	return c
}

// timesPrefs are the values of prefTimes, in the order of the settings'
// choice.
var timesPrefs = []string{"", "exchange"}

// newTimesChoice is where the tables show times: in this computer's zone,
// or each in its exchange's (a US trader in Hong Kong reads US sessions in
// New York time).
func newTimesChoice() *widget.RadioGroup {
	c := widget.NewRadioGroup([]string{
		lang.X("settings.times_local", "In this computer's zone ({{.Zone}})", map[string]any{"Zone": offsetName(time.Now())}),
		lang.X("settings.times_exchange", "In each exchange's own zone (New York, Hong Kong, Shanghai, Singapore)"),
	}, nil)
	c.Required = true
	c.SetSelected(c.Options[0])
	if exchangeTimes.Load() {
		c.SetSelected(c.Options[1])
	}
	return c
}

// setTimes keeps the Times setting and redraws the tables in it at once.
func (u *UI) setTimes(pref string) {
	if pref == "" {
		u.cfg.Prefs.RemoveValue(prefTimes)
	} else {
		u.cfg.Prefs.SetString(prefTimes, pref)
	}
	if exchangeTimes.Swap(pref == "exchange") != (pref == "exchange") {
		u.redrawPanes()
		for _, d := range u.details {
			d.showTimes()
			d.showChart()
			d.book.tapeBox.Refresh()
		}
	}
}

// redrawPanes redraws every table of every view, as after a setting that
// changes how cells read.
func (u *UI) redrawPanes() {
	for _, v := range u.views {
		if b, ok := v.(interface{ base() *paneView }); ok {
			for _, p := range b.base().panes {
				if r, ok := p.(interface{ redrawAll() }); ok {
					r.redrawAll()
				}
			}
		}
	}
}
