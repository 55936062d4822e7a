#!/usr/bin/env bash
# fyne-package.sh OS DIST: runs `fyne package -os OS -release` on this source
# tree and puts the package in DIST:
#   linux    DIST/Portview.tar.xz
#   windows  DIST/Portview.exe (cross-built with MinGW-w64; the icon, a
#            manifest and the version resource are embedded by fyne), and
#            beside it DIST/portview.com, its console companion
#            (cmd/portview-com: what `portview` runs in cmd.exe and
#            PowerShell, so that the commands print and return their status
#            there; pure Go, linked for the console)
#
# fyne package bumps Build in FyneApp.toml after every package. This script
# puts the file back as it was, whatever happens, so that only a release (which
# edits Build by hand) changes it in a commit. It also removes what fyne leaves
# in the source directory when it is interrupted (fyne_metadata_init.go,
# fyne.syso, FyneApp.ico, a manifest, the binary), which would otherwise break
# or change the next build.
#
# FYNE names the fyne command (default: fyne on PATH); CC, GOARCH and the
# rest of the environment pass through to it. A windows package needs
# x86_64-w64-mingw32-gcc (Debian: gcc-mingw-w64-x86-64), used unless CC is set.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

usage() {
	echo "usage: $0 linux|windows DIST" >&2
	exit 2
}
(($# == 2)) || usage
os=$1
dist=$(mkdir -p "$2" && cd "$2" && pwd)
fyne=${FYNE:-fyne}
command -v "$fyne" >/dev/null || {
	echo "fyne-package: $fyne not found (run 'make fyne')" >&2
	exit 1
}

keep=$(mktemp "${TMPDIR:-/tmp}/FyneApp.toml.XXXXXX")
cp FyneApp.toml "$keep"
leftovers=(fyne_metadata_init.go fyne.syso FyneApp.ico portview portview.exe portview.exe.manifest Portview.exe)
for f in "${leftovers[@]}"; do
	[[ -e "$f" ]] && rm -f -- "$f"
done
restore() {
	cp "$keep" "$root/FyneApp.toml"
	rm -f "$keep"
	for f in "${leftovers[@]}"; do
		rm -f -- "$root/$f"
	done
}
trap restore EXIT

# fyne and the build run in one known locale, whatever the machine's.
export LANG=C.UTF-8
unset LC_ALL LC_MESSAGES LANGUAGE

case $os in
linux)
	rm -f "$dist/Portview.tar.xz"
	# fyne writes the tarball into the current directory.
	(cd "$dist" && "$fyne" package -os linux -release -src "$root")
	out=$dist/Portview.tar.xz
	;;
windows)
	cc=${CC:-x86_64-w64-mingw32-gcc}
	command -v "$cc" >/dev/null || {
		echo "fyne-package: $cc not found (Debian: apt-get install gcc-mingw-w64-x86-64)" >&2
		exit 1
	}
	rm -f "$dist/Portview.exe" "$dist/portview.com"
	# fyne builds portview.exe in the source directory, embeds the resources
	# (fyne.syso), rebuilds, and renames it Portview.exe there.
	CC=$cc CGO_ENABLED=1 GOOS=windows GOARCH=${GOARCH:-amd64} \
		"$fyne" package -os windows -release -src "$root"
	mv Portview.exe "$dist/Portview.exe"
	CGO_ENABLED=0 GOOS=windows GOARCH=${GOARCH:-amd64} \
		"${GO:-go}" build -trimpath -o "$dist/portview.com" ./cmd/portview-com
	echo "fyne-package: windows: $dist/portview.com ($(du -h "$dist/portview.com" | cut -f1))"
	out=$dist/Portview.exe
	;;
*) usage ;;
esac

[[ -f "$out" ]] || {
	echo "fyne-package: fyne did not make $out" >&2
	exit 1
}
echo "fyne-package: $os: $out ($(du -h "$out" | cut -f1))"
