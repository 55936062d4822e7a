package gui

// BringToFront shows the window and asks the window manager to focus it, as
// when a second start of Portview hands over to this one. Any goroutine may
// call it.
func (u *UI) BringToFront() {
	u.do(func() {
		u.win.Show()
		u.win.RequestFocus()
	})
}
