#!/usr/bin/env bash
# idle-cpu.sh: how much CPU and memory a signed-in Portview window costs,
# measured from outside, as a user's system monitor would see it.
#
#  1. Builds ./portview into a temporary folder (skipped when BIN names one).
#  2. Starts Xvfb at SIZE on a display of its own, and the app on it with
#     -region sandbox and Mesa's software GL (LIBGL_ALWAYS_SOFTWARE=1), so
#     every repaint costs CPU the way it shows on a machine without a GPU.
#     An xdg-open that plays the browser approves the sandbox's consent
#     page, so the window signs in with nobody at it.
#  3. Waits for the window, then SETTLE seconds for the first data.
#  4. Reads the app's CPU time (utime+stime in /proc/PID/stat) at the start
#     and the end of each of RUNS periods of DURATION seconds, and prints
#     the share of one core, with the resident memory (VmRSS) at the end.
#  5. With MINUTES set, then samples the resident memory and the CPU once a
#     minute for that long, to show the trend.
#
# Knobs:
#   PUSHES     the sandbox's quote pushes a second (default 0: none)
#   SIZE       the screen, WIDTHxHEIGHT (default 1600x1000)
#   DURATION   seconds per measured period (default 30)
#   RUNS       periods (default 2)
#   SETTLE     seconds after the window appears (default 15)
#   MINUTES    minutes of memory trend after the periods (default 0)
#   CLICK      X,Y: click there before measuring, as on a view's tab
#              (default: none; the app opens on the watchlist; at 1100x700
#              the Cash flow tab is at 364,50)
#   WINDOW     WIDTHxHEIGHT: resize the window to this before measuring
#              (default: the size it opens at, 1100x700 on this screen)
#   ICONIFY    1: unmap the window before measuring, as a window manager
#              does to a minimised window (Xvfb has none to minimise it)
#   QUIT       1: instead, press Ctrl+Q and time how long the app takes to exit
#   CLOCK      the sandbox servers' clock at launch, RFC 3339 (default, with
#              PUSHES above 0: 2026-12-03T15:30:00Z, a Thursday with the US
#              market open, whose symbols the pushes move; outside a market's
#              hours its symbols get no pushes)
#   KEYRING    1: run the app inside scripts/with-keyring.sh, with a real
#              Secret Service (the times then include the keyring's own)
#   BIN        binary to run (default: build ./portview)
#   SHOT       save a screenshot here once settled (default: none)
#   LOG        keep the app's log here (default: none)
#   PROFILE    write a CPU profile of the app's run here (default: none)
#   HEAPPROFILE write a heap profile of the app at its end here (default: none)
#
#   scripts/idle-cpu.sh                      # idle, no pushes
#   PUSHES=8 scripts/idle-cpu.sh             # the sandbox's usual 8 a second
#   MINUTES=15 PUSHES=8 scripts/idle-cpu.sh  # and the memory for 15 min
set -euo pipefail
cd "$(dirname "$0")/.."

pushes=${PUSHES:-0}
size=${SIZE:-1600x1000}
duration=${DURATION:-30}
runs=${RUNS:-2}
settle=${SETTLE:-15}
minutes=${MINUTES:-0}
clock=${CLOCK:-}
[[ -z "$clock" && "$pushes" != 0 ]] && clock=2026-12-03T15:30:00Z

fail() {
	echo "idle-cpu: FAIL: $*" >&2
	exit 1
}
for tool in Xvfb xwininfo curl; do
	command -v "$tool" >/dev/null || fail "$tool is not installed (run 'make deps-test')"
done

work=$(mktemp -d "${TMPDIR:-/tmp}/portview-idle.XXXXXX")
xvfb_pid='' app_pid=''
cleanup() {
	[[ -n "${LOG:-}" && -f "$work/app.log" ]] && cp "$work/app.log" "$LOG"
	if [[ -n "$app_pid" ]] && kill -0 "$app_pid" 2>/dev/null; then
		kill -TERM -- "-$app_pid" 2>/dev/null || true
		for _ in 1 2 3 4 5 6 7 8 9 10; do
			kill -0 "$app_pid" 2>/dev/null || break
			sleep 0.2
		done
		kill -KILL -- "-$app_pid" 2>/dev/null || true
		wait "$app_pid" 2>/dev/null || true
	fi
	[[ -n "$xvfb_pid" ]] && kill "$xvfb_pid" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

bin=${BIN:-}
if [[ -z "$bin" ]]; then
	bin=$work/portview
	go build -o "$bin" .
fi

# shellcheck source=scripts/xvfb.sh
source scripts/xvfb.sh
start_xvfb "$work/xvfb.log" "$size" || fail "no virtual display"
display=$xvfb_display

# The browser: fetch the consent page, press Allow, follow the redirect to
# the app's loopback callback.
mkdir -m 700 "$work/bin" "$work/config" "$work/cache" "$work/runtime"
cat >"$work/bin/xdg-open" <<'EOF'
#!/bin/sh
url=$1
page=$(curl -s "$url")
origin=$(printf '%s' "$url" | sed -E 's#^(https?://[^/]+).*#\1#')
action=$(printf '%s' "$page" | sed -n 's/.*<form[^>]*action="\([^"]*\)".*/\1/p' | head -1 | sed 's/&amp;/\&/g')
consent=$(printf '%s' "$page" | sed -n 's/.*name="consent" value="\([^"]*\)".*/\1/p' | head -1)
case $action in /*) action=$origin$action ;; esac
callback=$(curl -s -o /dev/null -w '%{redirect_url}' --data-urlencode "consent=$consent" -d decision=allow "$action")
curl -s -o /dev/null "$callback"
EOF
chmod +x "$work/bin/xdg-open"

env -u WAYLAND_DISPLAY DISPLAY="$display" PATH="$work/bin:$PATH" LIBGL_ALWAYS_SOFTWARE=1 \
	XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache" XDG_RUNTIME_DIR="$work/runtime" \
	PORTVIEW_SANDBOX_PUSH_RATE="$pushes" PORTVIEW_CPUPROFILE="${PROFILE:-}" PORTVIEW_MEMPROFILE="${HEAPPROFILE:-}" \
	PORTVIEW_SANDBOX_CLOCK="$clock" \
	setsid ${KEYRING:+scripts/with-keyring.sh} "$bin" -region sandbox >"$work/app.log" 2>&1 </dev/null &
app_pid=$!

for _ in $(seq 120); do
	xwininfo -display "$display" -name Portview 2>/dev/null | grep -q IsViewable && break
	kill -0 "$app_pid" 2>/dev/null || fail "the app exited: $(cat "$work/app.log")"
	sleep 0.5
done
sleep "$settle"
grep -q "msg=loaded" "$work/app.log" || echo "idle-cpu: warning: no view loaded (not signed in?): $(tail -3 "$work/app.log")" >&2
if [[ -n "${CLICK:-}" ]]; then
	command -v xdotool >/dev/null || fail "CLICK needs xdotool"
	DISPLAY=$display xdotool mousemove "${CLICK%,*}" "${CLICK#*,}" click 1
	sleep 5
fi
if [[ -n "${WINDOW:-}" ]]; then
	command -v xdotool >/dev/null || fail "WINDOW needs xdotool"
	DISPLAY=$display xdotool search --name '^Portview$' windowsize --sync "${WINDOW%x*}" "${WINDOW#*x}" || true
	sleep 3
fi
if [[ "${ICONIFY:-}" == 1 ]]; then
	# What a window manager does to a minimised window: unmap it.
	DISPLAY=$display xdotool search --name '^Portview$' windowunmap || true
	sleep 3
fi
[[ -n "${SHOT:-}" ]] && import -display "$display" -window root "$SHOT"

if [[ "${QUIT:-}" == 1 ]]; then
	# Ctrl+Q to the process gone, in milliseconds.
	command -v xdotool >/dev/null || fail "QUIT needs xdotool"
	start=$(date +%s%N)
	# Without a window manager, focus the window rather than activate it.
	DISPLAY=$display xdotool search --name '^Portview$' windowfocus --sync key ctrl+q
	wait "$app_pid" || true
	echo "quit: $((($(date +%s%N) - start) / 1000000)) ms from Ctrl+Q to exit"
	exit 0
fi

ticks() { awk '{print $14 + $15}' "/proc/$app_pid/stat"; }
rss() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$app_pid/status"; }
hz=$(getconf CLK_TCK)
echo "idle-cpu: $size, pushes $pushes/s${clock:+ at $clock}, $(git rev-parse --short HEAD 2>/dev/null)"
for run in $(seq "$runs"); do
	a=$(ticks)
	sleep "$duration"
	b=$(ticks)
	awk -v t=$((b - a)) -v hz="$hz" -v d="$duration" -v r="$run" -v m="$(rss)" \
		'BEGIN { printf "run %d: %d ticks in %d s = %.1f%% of a core, %d MB resident\n", r, t, d, 100 * t / hz / d, m }'
done
start=$(date +%s)
for minute in $(seq "$minutes"); do
	a=$(ticks)
	sleep 60
	b=$(ticks)
	awk -v t=$((b - a)) -v hz="$hz" -v m="$(rss)" -v e=$(($(date +%s) - start)) \
		'BEGIN { printf "after %4d s: %.1f%% of a core over the last minute, %d MB resident\n", e, 100 * t / hz / 60, m }'
done
