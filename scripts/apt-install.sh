#!/usr/bin/env bash
# apt-install.sh PKG...: installs the Debian packages that are missing.
#
# Installed packages are found with dpkg -s; only when one is missing does it
# run apt-get update (once) and apt-get install, through sudo when not root.
# On a system without apt-get and dpkg it prints what to install and returns
# success, so `make run` still tries to build.
set -euo pipefail

if ! command -v apt-get >/dev/null || ! command -v dpkg >/dev/null; then
	echo "apt-install: not a Debian or Ubuntu system; make sure the equivalents of these are installed:" >&2
	echo "  $*" >&2
	echo "  (see README.md; Fedora: gcc libXcursor-devel libXrandr-devel mesa-libGL-devel libXi-devel libXinerama-devel libXxf86vm-devel libxkbcommon-devel wayland-devel google-noto-sans-cjk-fonts)" >&2
	exit 0
fi

missing=()
for pkg in "$@"; do
	if ! dpkg -s "$pkg" 2>/dev/null | grep -q '^Status: install ok installed$'; then
		missing+=("$pkg")
	fi
done
((${#missing[@]})) || exit 0

sudo=()
if (($(id -u) != 0)); then
	command -v sudo >/dev/null || {
		echo "apt-install: not root and no sudo; as root run: apt-get install ${missing[*]}" >&2
		exit 1
	}
	sudo=(sudo)
fi

echo "apt-install: installing ${missing[*]}"
"${sudo[@]}" apt-get update -q
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
	apt-get install -y -q --no-install-recommends "${missing[@]}"
