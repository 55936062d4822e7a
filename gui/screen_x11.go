//go:build linux && !android && !wasm && !js && !test_web_driver

package gui

/*
#cgo LDFLAGS: -lX11
#include <X11/Xlib.h>

// A connection of its own, used on the UI goroutine only: GLFW's is not
// ours to share.
static Display *portview_dpy;

static int portview_ignore(Display *d, XErrorEvent *e) { return 0; }

// portview_viewable is 1 when the window is mapped and viewable, 0 when it
// is not (minimised, or on another workspace), -1 when X cannot say. A
// window already gone would raise BadWindow, whose default handler exits
// the process: errors are ignored for the call.
static int portview_viewable(unsigned long win) {
	if (!portview_dpy) portview_dpy = XOpenDisplay(NULL);
	if (!portview_dpy) return -1;
	XWindowAttributes a;
	XErrorHandler old = XSetErrorHandler(portview_ignore);
	Status ok = XGetWindowAttributes(portview_dpy, (Window)win, &a);
	XSetErrorHandler(old);
	if (!ok) return -1;
	return a.map_state == IsViewable;
}
*/
import "C"

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver"
)

// minimised reports whether w is not on screen at all: an X11 window that
// is minimised (the window manager unmaps it) or on another workspace.
// Fyne 2.8's GLFW driver goes on painting such a window, so the live
// prices hold their redraws until it is back. False where it cannot tell
// (Wayland, Fyne's test driver).
func minimised(w fyne.Window) bool {
	nw, ok := w.(driver.NativeWindow)
	if !ok {
		return false
	}
	hidden := false
	nw.RunNative(func(ctx any) {
		if x, ok := ctx.(driver.X11WindowContext); ok && x.WindowHandle != 0 {
			hidden = C.portview_viewable(C.ulong(x.WindowHandle)) == 0
		}
	})
	return hidden
}
