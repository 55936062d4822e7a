#!/usr/bin/env bash
# check-package.sh [TARBALL]: checks what `fyne package -os linux` made.
#
# The tarball must hold portview/Makefile, the binary (an ELF executable),
# the icon and a valid .desktop entry whose Name, Exec and Icon match the
# app, and `make install` into a scratch DESTDIR must put them in place.
#
# Then it installs the package the way the README tells a user to, with
# `make user-install`, into a throwaway HOME, and starts the app the way a
# desktop does: the program and arguments of the installed entry's Exec line
# (field codes such as %U dropped), under Xvfb through scripts/smoke.sh, with
# that HOME. The window must appear; its screenshot is saved to
# CHECK_PACKAGE_SHOT (default artifacts/installed-linux.png). CHECK_PACKAGE_RUN=0
# skips this run (no X server needed then).
set -euo pipefail
cd "$(dirname "$0")/.."

tarball=${1:-dist/Portview.tar.xz}
shot=${CHECK_PACKAGE_SHOT:-artifacts/installed-linux.png}
id=io.github.portview
exe=portview

fail() {
	echo "check-package: FAIL: $*" >&2
	exit 1
}

[[ -f "$tarball" ]] || fail "$tarball does not exist"
work=$(mktemp -d "${TMPDIR:-/tmp}/portview-package.XXXXXX")
trap 'rm -rf "$work"' EXIT

tar -xJf "$tarball" -C "$work" || fail "$tarball is not a readable .tar.xz"
top=$work/$exe
[[ -f "$top/Makefile" ]] || fail "no $exe/Makefile in $tarball"

# fyne installs under usr/local when the build machine has /usr/local, else usr.
bin=$(find "$top/usr" -path "*/bin/$exe" -type f | head -n1)
desktop=$(find "$top/usr" -path "*/share/applications/$id.desktop" -type f | head -n1)
icon=$(find "$top/usr" -path "*/share/pixmaps/$id.png" -type f | head -n1)
[[ -n "$bin" ]] || fail "no bin/$exe in $tarball"
[[ -n "$desktop" ]] || fail "no share/applications/$id.desktop in $tarball"
[[ -n "$icon" ]] || fail "no share/pixmaps/$id.png in $tarball"

[[ -x "$bin" ]] || fail "bin/$exe is not executable"
file -b "$bin" | grep -q '^ELF 64-bit .*executable' || fail "bin/$exe is not an ELF executable: $(file -b "$bin")"
file -b "$icon" | grep -q '^PNG image data' || fail "the icon is not a PNG: $(file -b "$icon")"

for want in "Type=Application" "Name=Portview" "Exec=$exe" "Icon=$id"; do
	grep -qx "$want" "$desktop" || fail "$id.desktop has no line $want:
$(cat "$desktop")"
done
if command -v desktop-file-validate >/dev/null; then
	desktop-file-validate "$desktop" || fail "$id.desktop does not validate"
fi

make -s -C "$top" install DESTDIR="$work/root" PREFIX=/usr >/dev/null ||
	fail "the package's 'make install' failed"
for f in usr/bin/$exe usr/share/applications/$id.desktop usr/share/pixmaps/$id.png; do
	[[ -e "$work/root/$f" ]] || fail "'make install' did not install /$f"
done

echo "check-package: ok: $tarball ($(du -h "$tarball" | cut -f1)): $(file -b "$bin" | cut -d, -f1-2), $id.desktop, icon"

# The user install, into a throwaway HOME.
home=$work/home
mkdir -m 700 "$home"
HOME=$home make -s -C "$top" user-install >/dev/null || fail "the package's 'make user-install' failed"
entry=$home/.local/share/applications/$id.desktop
for f in "$entry" "$home/.local/bin/$exe" "$home/.local/share/icons/$id.png"; do
	[[ -e "$f" ]] || fail "'make user-install' did not install ${f#"$home/"} under HOME"
done
if command -v desktop-file-validate >/dev/null; then
	desktop-file-validate "$entry" || fail "the installed $id.desktop does not validate"
fi

# The Exec line of the installed entry: user-install points it at the binary
# in HOME. Its words (none of ours need quoting) less the field codes.
exec_line=$(sed -n 's/^Exec=//p' "$entry" | head -n1)
[[ -n "$exec_line" ]] || fail "the installed $id.desktop has no Exec line"
read -r -a words <<<"$exec_line"
program=${words[0]}
args=()
for w in "${words[@]:1}"; do
	[[ "$w" =~ ^%[fFuUdDnNickvm]$ ]] || args+=("$w")
done
[[ "$program" == "$home/.local/bin/$exe" ]] ||
	fail "the installed entry runs \"$program\", not the installed $home/.local/bin/$exe"
[[ -x "$program" ]] || fail "$program is not executable"
echo "check-package: user-install ok; Exec=$exec_line"

if [[ "${CHECK_PACKAGE_RUN:-1}" == 0 ]]; then
	exit 0
fi
# scripts/smoke.sh does the rest: a display of its own, a throwaway keyring
# and config, the wait for the window and the screenshot.
HOME=$home SMOKE_BIN=$program SMOKE_ARGS="${args[*]}" SMOKE_SHOT=$shot scripts/smoke.sh ||
	fail "the app started from the installed $id.desktop did not show its window"
echo "check-package: ok: the installed app, started from its .desktop entry, showed its window: $shot"
