package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// viewKeys are Ctrl+1 to Ctrl+9 (Cmd on macOS): the views by their place.
var viewKeys = []fyne.KeyName{fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4, fyne.Key5, fyne.Key6, fyne.Key7, fyne.Key8, fyne.Key9}

// Ctrl+Tab and Ctrl+Page Down go to the next view, Ctrl+Shift+Tab and
// Ctrl+Page Up to the one before, as in a browser.
var (
	nextViewShortcuts = []*desktop.CustomShortcut{
		{KeyName: fyne.KeyTab, Modifier: fyne.KeyModifierControl},
		{KeyName: fyne.KeyPageDown, Modifier: fyne.KeyModifierShortcutDefault},
	}
	previousViewShortcuts = []*desktop.CustomShortcut{
		{KeyName: fyne.KeyTab, Modifier: fyne.KeyModifierControl | fyne.KeyModifierShift},
		{KeyName: fyne.KeyPageUp, Modifier: fyne.KeyModifierShortcutDefault},
	}
	closeShortcut = &desktop.CustomShortcut{KeyName: fyne.KeyW, Modifier: fyne.KeyModifierShortcutDefault}
)

// addViewShortcuts installs the keys that switch views.
func (u *UI) addViewShortcuts() {
	c := u.win.Canvas()
	for i, k := range viewKeys[:min(len(viewKeys), len(u.views))] {
		c.AddShortcut(&desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) { u.showViewAt(i) })
	}
	for _, s := range nextViewShortcuts {
		c.AddShortcut(s, func(fyne.Shortcut) { u.stepView(1) })
	}
	for _, s := range previousViewShortcuts {
		c.AddShortcut(s, func(fyne.Shortcut) { u.stepView(-1) })
	}
	c.AddShortcut(closeShortcut, func(fyne.Shortcut) { dismissTopDialog(c) })
}

// showViewAt selects the i-th view, when the views are on screen and no
// dialog is over them.
func (u *UI) showViewAt(i int) {
	if u.clients == nil || u.win.Canvas().Overlays().Top() != nil || i < 0 || i >= len(u.views) {
		return
	}
	u.tabs.SelectIndex(i)
}

// stepView selects the view step places on, round the end.
func (u *UI) stepView(step int) {
	n := len(u.views)
	u.showViewAt(((u.tabs.SelectedIndex()+step)%n + n) % n)
}

// dismissTopDialog closes the dialog on top of c, if any, as its dismiss
// button would: a confirmation's callback hears "no" in both cases, and
// none of the app's dialogs acts on a dismissal. True if there was one.
func dismissTopDialog(c fyne.Canvas) bool {
	top := c.Overlays().Top()
	if top == nil {
		return false
	}
	top.Hide() // a dialog's pop-up leaves the overlays as it hides
	if c.Overlays().Top() == top {
		c.Overlays().Remove(top)
	}
	return true
}

// closeWithKeys makes Escape and Ctrl+W (Cmd+W) close a secondary window,
// or the dialog on top of it first.
func closeWithKeys(w fyne.Window) {
	c := w.Canvas()
	closeTop := func() {
		if !dismissTopDialog(c) {
			w.Close()
		}
	}
	c.AddShortcut(closeShortcut, func(fyne.Shortcut) { closeTop() })
	c.SetOnTypedKey(func(e *fyne.KeyEvent) {
		if e.Name == fyne.KeyEscape {
			closeTop()
		}
	})
}
