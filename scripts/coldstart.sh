#!/usr/bin/env bash
# Cold start to first window: Portview against a hello-world Fyne window
# built the same way, each started RUNS times on a private Xvfb display.
# "First window" is when X reports the window viewable (xwininfo), polled
# every 5 ms; it prints the median, min and max of each and the ratio.
#
#   scripts/coldstart.sh [RUNS]        (default 10)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
work=$(mktemp -d)
cleanup() {
	[[ -n ${xvfb_pid:-} ]] && kill "$xvfb_pid" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

export LANG=C.UTF-8 LC_ALL=C.UTF-8
go build -o "$work/portview" .
go build -o "$work/hello" ./scripts/hello
# shellcheck source=scripts/xvfb.sh
source scripts/xvfb.sh
start_xvfb "$work/xvfb.log"
display=$xvfb_display

# measure BIN TITLE: milliseconds from exec to a viewable window titled TITLE.
measure() {
	local bin=$1 title=$2 home
	home=$(mktemp -d "$work/home.XXXX")
	local start end
	start=$(date +%s%N)
	# A fresh config each run: no remembered region, no preferences.
	HOME=$home XDG_CONFIG_HOME=$home/.config DISPLAY=$display "$bin" >"$home/log" 2>&1 &
	local pid=$!
	until DISPLAY=$display xwininfo -name "$title" 2>/dev/null | grep -q IsViewable; do
		if ! kill -0 "$pid" 2>/dev/null; then echo "$bin exited before showing a window:" >&2; cat "$home/log" >&2; exit 1; fi
		sleep 0.005
	done
	end=$(date +%s%N)
	kill "$pid"; wait "$pid" 2>/dev/null || true
	echo $(((end - start) / 1000000))
}

stats() { sort -n | awk '{a[NR]=$1} END {printf "%d %d %d\n", (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2), a[1], a[NR]}'; }

measure "$work/hello" hello >/dev/null # warm the disk cache for both
measure "$work/portview" Portview >/dev/null
for _ in $(seq "$runs"); do measure "$work/hello" hello >>"$work/hello.ms"; done
for _ in $(seq "$runs"); do measure "$work/portview" Portview >>"$work/portview.ms"; done
read -r hmed hmin hmax < <(stats <"$work/hello.ms")
read -r pmed pmin pmax < <(stats <"$work/portview.ms")
echo "runs: $runs each"
echo "hello-world Fyne window: median ${hmed} ms (min ${hmin}, max ${hmax})"
echo "Portview:                median ${pmed} ms (min ${pmin}, max ${pmax})"
awk -v p="$pmed" -v h="$hmed" 'BEGIN {printf "ratio Portview / hello: %.2f\n", p / h}'
