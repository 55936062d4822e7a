#!/usr/bin/env bash
# fyne-floor.sh [fynefloor flags]: what a bare Fyne window costs under Xvfb
# with Mesa's software GL, the floor under scripts/idle-cpu.sh's figures.
# Builds gui/internal/fynefloor, runs it on a display of its own, and prints
# the share of a core over DURATION seconds (default 15) after 6 s of
# settling, with the resident memory.
#
#   scripts/fyne-floor.sh -n 10 -rate 8     # 10 texts, 8 frames a second
#   scripts/fyne-floor.sh -n 130 -rate 8 -rects
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${DURATION:-15}
work=$(mktemp -d "${TMPDIR:-/tmp}/fyne-floor.XXXXXX")
xvfb_pid='' app_pid=''
cleanup() {
	[[ -n "$app_pid" ]] && kill "$app_pid" 2>/dev/null || true
	[[ -n "$xvfb_pid" ]] && kill "$xvfb_pid" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
go build -o "$work/fynefloor" ./gui/internal/fynefloor
# shellcheck source=scripts/xvfb.sh
source scripts/xvfb.sh
start_xvfb "$work/xvfb.log" 1600x1000
DISPLAY=$xvfb_display LIBGL_ALWAYS_SOFTWARE=1 LANG=C.UTF-8 "$work/fynefloor" "$@" >/dev/null 2>&1 &
app_pid=$!
sleep 6
ticks() { awk '{print $14 + $15}' "/proc/$app_pid/stat"; }
a=$(ticks)
sleep "$duration"
b=$(ticks)
awk -v t=$((b - a)) -v hz="$(getconf CLK_TCK)" -v d="$duration" -v m="$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$app_pid/status")" -v args="$*" \
	'BEGIN { printf "fyne-floor %s: %.1f%% of a core, %d MB resident\n", args, 100 * t / hz / d, m }'
