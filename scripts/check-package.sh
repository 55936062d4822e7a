#!/usr/bin/env bash
# check-package.sh [TARBALL]: checks what `fyne package -os linux` made.
#
# The tarball must hold portview/Makefile, the binary (an ELF executable),
# the icon and a valid .desktop entry whose Name, Exec and Icon match the
# app, and `make install` into a scratch DESTDIR must put them in place.
set -euo pipefail
cd "$(dirname "$0")/.."

tarball=${1:-dist/Portview.tar.xz}
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
