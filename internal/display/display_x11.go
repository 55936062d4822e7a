//go:build unix && !darwin && !ios && !android

package display

import "os"

// Missing reports whether neither an X11 nor a Wayland display is named in
// the environment, as on a server or over plain ssh: where GLFW finds no
// display to connect to.
func Missing() bool {
	return os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == ""
}
