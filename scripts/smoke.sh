#!/usr/bin/env bash
# smoke.sh: the real binary opens a real window under Xvfb.
#
#  1. Builds ./portview (skipped when SMOKE_BIN names a binary).
#  2. Starts Xvfb on a display of its own (scripts/xvfb.sh picks a free one).
#  3. Runs the binary with -region sandbox inside with-keyring.sh, with a
#     throwaway config directory, so no stored session or setting is used,
#     and an xdg-open that only logs the page it was asked to open.
#  4. Waits up to SMOKE_TIMEOUT seconds for a window named "Portview", then
#     SMOKE_SETTLE seconds more for it to draw.
#  5. Saves a screenshot of the whole screen to artifacts/smoke-sandbox.png.
#  6. Stops the app and Xvfb, whatever happened.
#
# Knobs, for trying the script on another program:
#   SMOKE_BIN     binary to run (default: build ./portview)
#   SMOKE_ARGS    its arguments (default: -region sandbox)
#   SMOKE_WINDOW  window name to wait for (default: Portview)
#   SMOKE_SHOT    screenshot path (default: artifacts/smoke-sandbox.png)
#   SMOKE_TIMEOUT seconds to wait for the window (default: 60)
#   SMOKE_SETTLE  seconds to wait after it appears (default: 3)
set -euo pipefail
cd "$(dirname "$0")/.."

bin=${SMOKE_BIN:-./portview}
read -r -a args <<<"${SMOKE_ARGS--region sandbox}"
window=${SMOKE_WINDOW:-Portview}
shot=${SMOKE_SHOT:-artifacts/smoke-sandbox.png}
timeout=${SMOKE_TIMEOUT:-60}
settle=${SMOKE_SETTLE:-3}

fail() {
	echo "smoke: FAIL: $*" >&2
	exit 1
}

for tool in Xvfb xwininfo xdpyinfo import; do
	command -v "$tool" >/dev/null || fail "$tool is not installed (run 'make deps-test')"
done

if [[ -z "${SMOKE_BIN:-}" ]]; then
	echo "smoke: building $bin"
	go build -o "$bin" .
fi
[[ -x "$bin" ]] || fail "$bin is not an executable"

mkdir -p "$(dirname "$shot")"
log="${shot%.png}.log"
work=$(mktemp -d "${TMPDIR:-/tmp}/portview-smoke.XXXXXX")
xvfb_pid='' app_pid=''

cleanup() {
	# The app runs in a process group of its own (setsid), so this stops the
	# whole chain: with-keyring, dbus-run-session, the keyring and the app.
	if [[ -n "$app_pid" ]] && kill -0 "$app_pid" 2>/dev/null; then
		kill -TERM -- "-$app_pid" 2>/dev/null || true
		for _ in 1 2 3 4 5 6 7 8 9 10; do
			kill -0 "$app_pid" 2>/dev/null || break
			sleep 0.5
		done
		kill -KILL -- "-$app_pid" 2>/dev/null || true
	fi
	if [[ -n "$xvfb_pid" ]]; then
		kill "$xvfb_pid" 2>/dev/null || true
		wait "$xvfb_pid" 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT

# shellcheck source=scripts/xvfb.sh
source scripts/xvfb.sh
start_xvfb "$work/xvfb.log" || fail "no virtual display"
display=$xvfb_display

echo "smoke: starting $bin ${args[*]} on $display (log: $log)"
mkdir -m 700 "$work/config" "$work/cache" "$work/runtime"
# WAYLAND_DISPLAY is dropped so that the app opens on Xvfb even when the
# script runs inside a Wayland desktop. An xdg-open that only logs its
# argument stands in for the browser: the sign-in page is "opened" (the wizard
# shows its normal state) and no real browser starts.
mkdir "$work/bin"
printf '#!/bin/sh\necho "smoke: xdg-open $*" >&2\n' >"$work/bin/xdg-open"
chmod +x "$work/bin/xdg-open"
env -u WAYLAND_DISPLAY DISPLAY="$display" PATH="$work/bin:$PATH" \
	XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache" XDG_RUNTIME_DIR="$work/runtime" \
	setsid scripts/with-keyring.sh "$bin" "${args[@]}" >"$log" 2>&1 </dev/null &
app_pid=$!

# shown tells whether a window named exactly $window is mapped and viewable.
shown() {
	local id
	for id in $(xwininfo -display "$display" -root -tree 2>/dev/null |
		grep -F " \"$window\": " | awk '{print $1}'); do
		xwininfo -display "$display" -id "$id" 2>/dev/null | grep -q 'Map State: IsViewable' && return 0
	done
	return 1
}

found=
for _ in $(seq $((timeout * 2))); do
	if shown; then
		found=1
		break
	fi
	kill -0 "$app_pid" 2>/dev/null || fail "$bin exited before a window named \"$window\" appeared; its output:
$(cat "$log")"
	sleep 0.5
done
[[ -n "$found" ]] || fail "no window named \"$window\" within $timeout s; the app's output:
$(cat "$log")"

sleep "$settle"
kill -0 "$app_pid" 2>/dev/null || fail "$bin exited within $settle s of showing its window; its output:
$(cat "$log")"
import -display "$display" -window root "$shot"
echo "smoke: ok: window \"$window\" shown; screenshot $(readlink -f "$shot")"
