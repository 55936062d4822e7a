#!/usr/bin/env bash
# security-window-cpu.sh: what a security's window costs on screen with
# pushes arriving, under Xvfb with Mesa's software GL. Signs in to the
# sandbox with its clock in a US session and PUSHES (default 50) quote
# pushes a second, opens NVDA.US's window from the watchlist with a
# double-click, picks Day bars, reads the process's CPU over DURATION
# seconds (default 20), closes the window with Ctrl+W and reads it again.
# BIN names a built binary (default: build ./portview).
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${DURATION:-20}
work=$(mktemp -d "${TMPDIR:-/tmp}/portview-chart.XXXXXX")
xvfb_pid='' app_pid=''
cleanup() {
	# The app saves its preferences as it quits: wait, then remove them.
	[[ -n "$app_pid" ]] && { kill -TERM -- "-$app_pid" 2>/dev/null; wait "$app_pid" 2>/dev/null; } || true
	[[ -n "$xvfb_pid" ]] && kill "$xvfb_pid" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
bin=${BIN:-}
if [[ -z "$bin" ]]; then
	bin=$work/portview
	go build -o "$bin" .
fi
mkdir -p -m 700 "$work/config/fyne/io.github.portview" "$work/cache" "$work/runtime"
echo '{"sandbox.consented":"yes","view.last":"watchlist"}' >"$work/config/fyne/io.github.portview/preferences.json"
# shellcheck source=scripts/xvfb.sh
source scripts/xvfb.sh
start_xvfb "$work/xvfb.log" 1600x1000
export DISPLAY=$xvfb_display
env LIBGL_ALWAYS_SOFTWARE=1 XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache" XDG_RUNTIME_DIR="$work/runtime" LANG=C.UTF-8 \
	PORTVIEW_SANDBOX_PUSH_RATE="${PUSHES:-50}" PORTVIEW_SANDBOX_CLOCK=2026-12-03T15:30:00Z \
	setsid "$bin" -region sandbox >"$work/app.log" 2>&1 </dev/null &
app_pid=$!
sleep 14
xdotool search --name '^Portview$' windowsize --sync %@ 1100 700 windowmove %@ 0 0
sleep 2
xdotool mousemove 100 250 click --repeat 2 --delay 80 1 # the watchlist's NVDA.US row
sleep 6
xdotool search --name 'NVDA' windowmove %@ 0 0
sleep 1
xdotool mousemove 596 182 click 1 # Day
sleep 8
ticks() { awk '{print $14 + $15}' "/proc/$app_pid/stat"; }
share() { awk -v t="$1" -v hz="$(getconf CLK_TCK)" -v d="$duration" 'BEGIN { printf "%.1f%% of a core (%d ticks in %d s)", 100 * t / hz / d, t, d }'; }
a=$(ticks); sleep "$duration"; b=$(ticks)
echo "with NVDA.US's window on Day bars: $(share $((b - a)))"
xdotool search --onlyvisible --name 'NVDA' windowfocus --sync key ctrl+w
sleep 4
a=$(ticks); sleep "$duration"; b=$(ticks)
echo "the main window alone: $(share $((b - a)))"
