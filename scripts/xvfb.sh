# xvfb.sh, sourced by the scripts that open windows: start_xvfb LOG [SIZE]
# starts Xvfb with a screen of SIZE (WIDTHxHEIGHT, default 1280x800) on a
# display of its own and sets xvfb_display (":N") and xvfb_pid; the caller
# stops it (kill "$xvfb_pid").
#
# -displayfd lets Xvfb pick a display no other X server holds and write its
# number once it accepts connections. Probing /tmp/.X*-lock for a free
# number instead races with another Xvfb started at the same moment (two
# test runs on one machine), and both then fight over one display.
# -noreset: by default Xvfb resets when its last client leaves (a probe, a
# previous app), and a window opened meanwhile fails.
start_xvfb() {
	local log=$1 size=${2:-1280x800} fd_out=$1.display
	: >"$fd_out"
	Xvfb -displayfd 3 -screen 0 "${size}x24" -nolisten tcp -noreset 3>"$fd_out" >"$log" 2>&1 &
	xvfb_pid=$!
	local _
	for _ in $(seq 100); do
		if grep -qx '[0-9][0-9]*' "$fd_out"; then
			xvfb_display=:$(cat "$fd_out")
			xdpyinfo -display "$xvfb_display" >/dev/null 2>&1 && return 0
		fi
		kill -0 "$xvfb_pid" 2>/dev/null || break
		sleep 0.1
	done
	echo "Xvfb did not start within 10 s: $(cat "$log")" >&2
	return 1
}
