package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// onLanguage shows the language setting. Fyne cannot relabel the widgets
// already built, so a new choice applies from the next start, and the
// dialog says so.
func (u *UI) onLanguage() {
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

	d := dialog.NewCustomConfirm(lang.X("settings.title", "Language"), lang.X("action.save", "Save"), lang.X("action.cancel", "Cancel"),
		container.NewVBox(choice, note),
		func(ok bool) {
			if ok {
				u.setLanguagePref(choice.SelectedIndex())
			}
		}, u.win)
	d.Resize(fyne.NewSize(420, d.MinSize().Height))
	d.Show()
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
