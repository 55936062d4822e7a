#!/usr/bin/env bash
# check-wine.sh [DIST]: runs the Windows program (DIST/Portview.exe and its
# console companion DIST/portview.com, from make package-windows) under
# Wine 10, as a Windows user would meet it.
#
#  1. A Debian 13 root with wine (debootstrap --variant=minbase trixie, then
#     apt-get install --no-install-recommends wine wine64 and Mesa's OpenGL:
#     Wine's bare font set) is made once and kept in the cache folder
#     (scripts/debian-root.sh); later runs use it as it is (seconds). Debian
#     12's Wine 8 cannot start a Go 1.26 program.
#  2. Xvfb on a display of its own, a fresh WINEPREFIX and HOME in a
#     throwaway folder, TMPDIR unset (with it, Wine 10's first prefix setup
#     can crash).
#  3. Portview.exe -version, run directly, answers.
#  4. The commands through portview.com, in cmd.exe with the install folder
#     on PATH: -version; a pipe; a batch file with for /f and %errorlevel%;
#     status -json, which
#     parses; token without a sign-in, which exits 3 with its message on
#     stderr and nothing on stdout, through redirects to files; and
#     Portview.exe token without the companion, which exits 3 too. The same
#     typed in a console window: screenshot artifacts/wine-console.png.
#  5. With the root's fonts hidden, so that only the fonts the program
#     bundles can draw its text: the window on the sandbox (a stand-in
#     browser approves its sign-in),
#     and each of its views, clicked through with xdotool: screenshots
#     artifacts/wine-<view>.png, to look at for missing-glyph boxes under
#     Wine's bare font set. The one-copy lock is in %LOCALAPPDATA%.
#  6. A sign-in to a fake region (regiontest/fakeregion) through the Windows
#     shell's browser hand-off: Wine's winebrowser runs the root's xdg-open,
#     here a stand-in that passes the page to fakeregion, which approves it.
#     Then portview token prints a token from the sign-in stored in
#     Credential Manager (Wine keeps it in the prefix's user.reg).
#  7. A second start restores the stored sign-in: no browser hand-off.
#     Screenshot artifacts/wine-restored.png.
#
# It fails when the program cannot start, answer, sign in or restore its
# sign-in. It needs root (chroot, mount) and debootstrap, and skips without
# them (fails when CI=true, as check-fresh-debian does). When the Debian
# mirror cannot be reached to make the root, it skips loudly, in CI too: a
# mirror's hiccup is not a failure of the program.
#
# Knobs:
#   CHECK_WINE_CACHE   cache folder (default: that of check-fresh-debian)
#   CHECK_WINE_MIRROR  Debian mirror (default: the one apt is configured with)
#   CHECK_WINE_SHOTS   folder of the screenshots (default: artifacts)
set -euo pipefail
cd "$(dirname "$0")/.."

suite=trixie
start=$SECONDS
dist=$(cd "${1:-dist}" 2>/dev/null && pwd) || dist=${1:-dist}
shots=${CHECK_WINE_SHOTS:-artifacts}
# Wine, and OpenGL for its windows (Mesa's software renderer on Xvfb).
packages=(wine wine64 libgl1 libglx-mesa0 libgl1-mesa-dri)

fail() {
	echo "check-wine: FAIL: $*" >&2
	exit 1
}

skip() {
	[[ "${CI:-}" == true ]] && fail "$* (needed because CI=true)"
	echo "check-wine: skipped: $*" >&2
	exit 0
}

# unreachable skips, loudly, even in CI: the root could not be made.
unreachable() {
	{
		echo "check-wine: ######################################################################"
		echo "check-wine: SKIPPED: the Windows program was NOT run under Wine."
		echo "check-wine: $*"
		echo "check-wine: ######################################################################"
	} >&2
	exit 0
}

[[ -f "$dist/Portview.exe" && -f "$dist/portview.com" ]] ||
	fail "$dist needs Portview.exe and portview.com (run 'make package-windows')"
(($(id -u) == 0)) || skip "needs root for chroot and mount"
command -v debootstrap >/dev/null || skip "debootstrap is not installed (run 'make deps-test')"
for tool in Xvfb xwininfo xdpyinfo xdotool import go perl; do
	command -v "$tool" >/dev/null || fail "$tool is not installed (run 'make deps-test')"
done

chroot=$(PATH=$PATH:/usr/sbin:/sbin command -v chroot) || fail "chroot is not installed"

# shellcheck source=scripts/debian-root.sh
source scripts/debian-root.sh
# shellcheck source=scripts/xvfb.sh
source scripts/xvfb.sh
cache=$(debian_cache_dir "${CHECK_WINE_CACHE:-}")
url=${CHECK_WINE_MIRROR:-$(debian_mirror "$suite")}
url=${url:-http://deb.debian.org/debian}
root=$cache/wine-$suite-$(dpkg --print-architecture)
ready=$root.ready # what the root was made with; it is complete only then
key="${packages[*]}"
root_mounts=()
work=$(mktemp -d "${TMPDIR:-/tmp}/portview-wine.XXXXXX")
xvfb_pid='' region_pid=''

cleanup() {
	root_release
	[[ -n "$region_pid" ]] && kill "$region_pid" 2>/dev/null
	if [[ -n "$xvfb_pid" ]]; then
		kill "$xvfb_pid" 2>/dev/null || true
		wait "$xvfb_pid" 2>/dev/null || true
	fi
	if ! grep -qF " $work" /proc/self/mounts; then
		rm -rf "$work"
	fi
}
trap cleanup EXIT

# 1. The root: debootstrapped once, then the packages installed whenever
#    the list changes (apt-get installs only what is new).
if [[ ! -f "$root/etc/debian_version" ]]; then
	echo "check-wine: debootstrap --variant=minbase $suite from $url (once; cached in $root)"
	t=$SECONDS
	# Never remove a root with something mounted in it (left by a run that
	# was killed): rm would go down into the host's /dev.
	grep -qE " ($root|$root\.new)/" /proc/self/mounts &&
		fail "something is still mounted in $root: $(grep -E " ($root|$root\.new)/" /proc/self/mounts | cut -d' ' -f2 | tr '\n' ' ')"
	rm -rf "$root" "$root.new" "$ready"
	debootstrap --variant=minbase "$suite" "$root.new" "$url" >"$work/debootstrap.log" 2>&1 ||
		unreachable "debootstrap $suite from $url failed (mirror unreachable?): $(tail -5 "$work/debootstrap.log")"
	mv "$root.new" "$root"
	echo "check-wine: debootstrap took $((SECONDS - t)) s"
fi
if [[ "$(cat "$ready" 2>/dev/null)" != "$key" ]]; then
	echo "check-wine: apt-get install ${packages[*]} in the $suite root (once for this list)"
	t=$SECONDS
	rm -f "$ready"
	cp /etc/resolv.conf "$root/etc/resolv.conf"
	mount --bind /proc "$root/proc" && root_mounts+=("$root/proc")
	root_bind /dev /dev
	env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive \
		"$chroot" "$root" sh -c "apt-get update -q && apt-get install -y -q --no-install-recommends ${packages[*]} && apt-get clean" \
		</dev/null >"$work/apt.log" 2>&1 ||
		unreachable "apt-get install ${packages[*]} in the $suite root failed (mirror unreachable?): $(tail -5 "$work/apt.log")"
	root_release
	echo "$key" >"$ready"
	echo "check-wine: installed in $((SECONDS - t)) s"
fi

# 2. The display, the prefix, the stand-in browser and the fake region.
start_xvfb "$work/xvfb.log" || fail "no virtual display"
display=$xvfb_display
mkdir -p "$work/pv/home" "$work/pv/run" "$work/pv/bin" "$work/pv/browse" "$shots"
cat >"$work/pv/bin/xdg-open" <<'EOF'
#!/bin/sh
# The browser, as Wine's winebrowser finds it: the page goes to fakeregion.
n=$(date +%s%N)
printf '%s\n' "$1" >"/pv/browse/$n.tmp" && mv "/pv/browse/$n.tmp" "/pv/browse/$n.url"
EOF
chmod +x "$work/pv/bin/xdg-open"
mount --bind /proc "$root/proc" && root_mounts+=("$root/proc")
root_bind /dev /dev
root_bind /tmp/.X11-unix /tmp/.X11-unix
root_bind "$work/pv" /pv
root_bind "$dist" /app ro

go build -o "$work/fakeregion" ./regiontest/fakeregion
"$work/fakeregion" -browse "$work/pv/browse" >"$work/region.url" 2>"$work/region.log" &
region_pid=$!

# wine_run [VAR=VALUE...] CMD... runs CMD in the root, in C:\ terms the
# folder /pv/run, with Windows' PATH starting at the install folder Z:\app;
# its standard streams are the caller's.
wine_run() {
	env -i PATH=/pv/bin:/usr/local/bin:/usr/bin:/bin HOME=/pv/home USER=portview LANG=C.UTF-8 \
		WINEPREFIX=/pv/prefix WINEDEBUG=-all 'WINEPATH=Z:\app' 'WINEDLLOVERRIDES=mscoree,mshtml=' \
		DISPLAY="$display" "$chroot" "$root" sh -c 'cd /pv/run && exec "$@"' sh "$@"
}

echo "check-wine: $(wine_run wine --version) in $root"
t=$SECONDS
wine_run wineboot --init >"$work/wineboot.log" 2>&1 || true
wine_run wineserver -w
[[ -f "$work/pv/prefix/system.reg" ]] || fail "Wine could not make a prefix: $(tail -20 "$work/wineboot.log")"
echo "check-wine: fresh prefix in $((SECONDS - t)) s"

# 3. Portview.exe itself answers -version.
version=$(wine_run wine 'Z:\app\Portview.exe' -version 2>"$work/version.err") ||
	fail "Portview.exe -version failed under Wine: $(cat "$work/version.err")"
version=${version%$'\r'}
[[ "$version" == "portview "* ]] || fail "Portview.exe -version printed \"$version\""
echo "check-wine: Portview.exe -version: $version"

# 4. The commands, as typed in cmd.exe: `portview` is portview.com.
# cmd_run LINE runs LINE in cmd.exe; stdout and stderr are Windows' (CRLF).
cmd_run() { wine_run wine cmd /c "$1"; }
crlf() { tr -d '\r'; }

got=$(cmd_run 'portview -version' | crlf) || fail "portview -version in cmd.exe exited $?"
[[ "$got" == "$version" ]] || fail "portview -version in cmd.exe printed \"$got\", want \"$version\""
got=$(cmd_run 'portview -version | findstr portview' | crlf) || fail "portview -version | findstr exited $?"
[[ "$got" == "$version" ]] || fail "portview -version through a pipe printed \"$got\""
# A batch file, as a script author writes one (Wine's command line would
# mangle the quotes of for /f given to cmd /c directly).
printf '%s\r\n' '@echo off' \
	"for /f \"delims=\" %%v in ('portview -version') do echo got: %%v" \
	'portview token > nul 2> nul' \
	'echo status %errorlevel%' >"$work/pv/run/script.bat"
got=$(cmd_run script.bat | crlf) || true
[[ "$got" == "got: $version"$'\n'"status 3" ]] ||
	fail "a batch file with for /f over portview -version and portview token's %errorlevel% printed \"$got\""
cmd_run 'portview status -json' >"$work/status.json" 2>"$work/status.err" ||
	fail "portview status -json exited $?: $(cat "$work/status.err")"
perl -MJSON::PP -e 'my $s = decode_json(do { local $/; <STDIN> }); ref $s eq "ARRAY" && @$s or die "not a list of regions\n"; $_->{signed_in} and die "$_->{region} signed in in a fresh prefix\n" for @$s' \
	<"$work/status.json" || fail "portview status -json: $(cat "$work/status.json")"
status=0
cmd_run 'portview token >token.out 2>token.err' || status=$?
((status == 3)) || fail "portview token without a sign-in exited $status, want 3: $(cat "$work/pv/run/token.err")"
[[ ! -s "$work/pv/run/token.out" ]] || fail "portview token without a sign-in printed on stdout: $(cat "$work/pv/run/token.out")"
grep -q "not signed in" "$work/pv/run/token.err" ||
	fail "portview token without a sign-in said on stderr: \"$(cat "$work/pv/run/token.err")\""
status=0
wine_run wine 'Z:\app\Portview.exe' token >/dev/null 2>"$work/exe-token.err" || status=$?
((status == 3)) || fail "Portview.exe token (no companion) exited $status, want 3: $(cat "$work/exe-token.err")"
echo "check-wine: commands ok in cmd.exe: -version, a pipe, a batch file, status -json, token -> 3 ($(crlf <"$work/pv/run/token.err"))"

# And in a console window, as typed (wineconsole; Wine's cmd.exe, unlike
# Windows', also waits for Portview.exe itself): screenshot
# artifacts/wine-console.png.
wine_run wineconsole cmd /v:on /k 'portview -version & portview token & echo exit status !errorlevel!' \
	>/dev/null 2>&1 &
sleep 8
import -display "$display" -window root -crop 800x200+0+0 "$shots/wine-console.png"
wine_run wineserver -k 2>/dev/null || true
wine_run wineserver -w 2>/dev/null || true

# window NAME LOG waits until a window named NAME is shown (60 s), while the
# program whose output goes to LOG runs.
window() {
	local id _
	for _ in $(seq 120); do
		for id in $(xwininfo -display "$display" -root -tree 2>/dev/null | grep -F " \"$1\": " | awk '{print $1}'); do
			xwininfo -display "$display" -id "$id" 2>/dev/null | grep -q 'Map State: IsViewable' && return 0
		done
		sleep 0.5
	done
	fail "no window named \"$1\" within 60 s under Wine; the program's output: $(tail -30 "$2")"
}

# stop ends every Windows program in the prefix.
stop() {
	wine_run wineserver -k 2>/dev/null || true
	wine_run wineserver -w 2>/dev/null || true
}

# handoffs counts the pages the program has handed to the browser.
handoffs() { find "$work/pv/browse" -name '*.url' -o -name '*.done' -o -name '*.failed' | wc -l; }

# 5. The window on the sandbox, with no system font at all (fontconfig
# brought DejaVu into the root; the console above needed it): what the
# program draws must come from the fonts it bundles.
mkdir "$work/nofonts"
root_bind "$work/nofonts" /usr/share/fonts ro
t=$SECONDS
wine_run wine 'Z:\app\Portview.exe' -region sandbox >"$work/sandbox.log" 2>&1 &
window Portview "$work/sandbox.log"
echo "check-wine: sandbox window in $((SECONDS - t)) s"
sleep 8
import -display "$display" -window root "$shots/wine-sandbox.png"
# The views' tabs, left to right along the top of the window, at their
# x offsets in pixels (Fyne's bundled font, scale 1, as Wine's 96 dpi gives).
wid=$(DISPLAY=$display xdotool search --onlyvisible --name '^Portview$' | head -1)
eval "$(DISPLAY=$display xdotool getwindowgeometry --shell "$wid")"
for tab in watchlist:58 portfolio:167 orders:265 cashflow:366 securities:478; do
	DISPLAY=$display xdotool mousemove $((X + ${tab#*:})) $((Y + 50)) click 1
	sleep 3
	import -display "$display" -window root "$shots/wine-${tab%%:*}.png"
done
stop
# The one-copy lock is machine-local: %LOCALAPPDATA%, beside the log, never
# the roaming %APPDATA%.
appdata=$work/pv/prefix/drive_c/users/portview/AppData
[[ -f "$appdata/Local/portview/portview.lock" && -f "$appdata/Local/portview/portview.log" ]] ||
	fail "no portview.lock beside portview.log in %LOCALAPPDATA%\\portview: $(ls "$appdata/Local/portview" 2>&1)"
[[ ! -e "$appdata/Roaming/portview/portview.lock" ]] || fail "a portview.lock in the roaming %APPDATA%\\portview"

# 6. A sign-in to the fake region through the browser hand-off.
for _ in $(seq 50); do
	[[ -s "$work/region.url" ]] && break
	sleep 0.1
done
region=$(head -1 "$work/region.url")
[[ "$region" == http://127.0.0.1:* ]] || fail "fakeregion did not start: $(cat "$work/region.log")"
before=$(handoffs)
t=$SECONDS
wine_run wine 'Z:\app\Portview.exe' -region "$region" >"$work/signin.log" 2>&1 &
window Portview "$work/signin.log"
token=''
for _ in $(seq 60); do
	if (($(handoffs) > before)) && token=$(cmd_run "portview token -region $region" 2>"$work/token.err" | crlf); then
		break
	fi
	token=''
	sleep 1
done
[[ -n "$token" ]] || fail "no sign-in to $region within 60 s: hand-offs $(handoffs) (before: $before); fakeregion: $(tail -5 "$work/region.log"); portview token: $(cat "$work/token.err"); the program's output: $(tail -30 "$work/signin.log")"
echo "check-wine: signed in to $region through the browser hand-off in $((SECONDS - t)) s; portview token prints a token (${#token} characters)"
sleep 3
stop # wineserver writes user.reg as it ends
grep -qi 'Credential' "$work/pv/prefix/user.reg" || fail "no credential in the prefix's user.reg"
grep -qF "$token" "$work/pv/prefix/user.reg" && fail "the access token is in user.reg in the clear"

# 7. Started again, the stored sign-in is restored: no browser.
before=$(handoffs)
t=$SECONDS
wine_run wine 'Z:\app\Portview.exe' -region "$region" >"$work/restore.log" 2>&1 &
window Portview "$work/restore.log"
sleep 10
(($(handoffs) == before)) || fail "the second start handed a sign-in to the browser: the stored sign-in was not restored; the program's output: $(tail -30 "$work/restore.log")"
grep -q 'could not restore' "$work/restore.log" && fail "the second start could not restore: $(grep 'could not restore' "$work/restore.log")"
grep -q 'msg="signed in"' "$work/restore.log" && fail "the second start signed in afresh instead of restoring"
# A view loaded its data from the region's API: the restored sign-in works.
grep -q 'msg=loaded view=' "$work/restore.log" ||
	fail "the second start loaded no view with the restored sign-in; the program's output: $(tail -30 "$work/restore.log")"
import -display "$display" -window root "$shots/wine-restored.png"
stop
echo "check-wine: the second start restored the sign-in from Credential Manager in $((SECONDS - t)) s (no browser)"

echo "check-wine: ok in $((SECONDS - start)) s; screenshots $shots/wine-*.png"
