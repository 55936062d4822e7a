// Package display tells whether a graphical session is there to open a
// window on, before Fyne's driver starts: without one, GLFW panics.
package display

// Message is what Portview says, on one line, when there is no display.
const Message = "portview: no display found; run it on a desktop, or use -version/-help"
