#!/usr/bin/env bash
# check-fresh-debian.sh PKG...: proves that PKG... (the Makefile's
# RUN_PACKAGES) is all a minimal Debian 12 needs, besides Go, make and git,
# to build Portview with cgo.
#
#  1. A minimal Debian root (debootstrap --variant=minbase bookworm) is made
#     once and kept as a tarball in the cache directory; later runs unpack it
#     (seconds instead of half a minute and a download).
#  2. Inside it, through chroot, the repository's own scripts/apt-install.sh
#     installs exactly PKG..., as `make run` does on a user's machine. The
#     downloaded .deb files are kept in the cache directory too, so a later
#     run installs the same packages without downloading them again.
#  3. The host's Go (/usr/local/go) and module cache are bind-mounted
#     read-only, and Go runs offline (GOPROXY=off), so only the root's
#     packages are tested. `go build .` builds and links the whole app, with
#     a build cache for this root only (never the host's: its compiled C
#     would hide a missing header), kept in the cache directory.
#  4. That cache is emptied, so that every C file is compiled against the
#     root's headers, whenever the package list, apt-install.sh or the
#     minimal root changed since the last full pass, or CHECK_FRESH_FULL=1 (minutes on two cores:
#     go-gl's OpenGL bindings alone are 2 MB of C). Otherwise every package
#     with C in it but those bindings (runtime/cgo, net, os/user, GLFW with
#     its X11 and Wayland code) is compiled from an empty cache, and the
#     final link, with every library, and pkg-config run anyway.
#  5. The packages of CHECK_FRESH_RESOLVE (the test packages) are resolved
#     with apt-get --simulate in the same root: each exists and installs.
#  6. Everything is unmounted and removed, whatever happened.
#
# It needs root (chroot, mount) and debootstrap ('make deps-test' installs
# it). Without them it fails when CI=true and skips otherwise.
#
# Knobs:
#   CHECK_FRESH_CACHE   cache directory (default: ${XDG_CACHE_HOME:-~/.cache}/portview-ci)
#   CHECK_FRESH_MIRROR  Debian mirror (default: the first one apt is configured with)
#   CHECK_FRESH_RESOLVE packages to resolve only (default: none)
#   CHECK_FRESH_FULL    1: build the whole app from an empty build cache
#   GOROOT, GOMODCACHE  taken from `go env` when unset
set -euo pipefail
cd "$(dirname "$0")/.."

suite=bookworm
start=$SECONDS

fail() {
	echo "check-fresh-debian: FAIL: $*" >&2
	exit 1
}

# skip gives up without a verdict where it cannot run, except in CI.
skip() {
	[[ "${CI:-}" == true ]] && fail "$* (needed because CI=true)"
	echo "check-fresh-debian: skipped: $*" >&2
	exit 0
}

(($# > 0)) || fail "usage: $0 PKG..."
(($(id -u) == 0)) || skip "needs root for chroot and mount"
command -v debootstrap >/dev/null || skip "debootstrap is not installed (run 'make deps-test')"

# shellcheck source=scripts/debian-root.sh
source scripts/debian-root.sh
cache=$(debian_cache_dir "${CHECK_FRESH_CACHE:-}")
url=${CHECK_FRESH_MIRROR:-$(debian_mirror "$suite")}
url=${url:-http://deb.debian.org/debian}
goroot=${GOROOT:-$(go env GOROOT)}
modcache=${GOMODCACHE:-$(go env GOMODCACHE)}
tarball=$cache/minbase-$suite-$(dpkg --print-architecture).tar
archives=$cache/apt-archives-$suite
mkdir -p "$cache" "$archives/partial"

# The modules the build needs, in the host's cache before it is mounted
# read-only (a no-op when they are there already).
go list -deps . >/dev/null

work=$(mktemp -d "${TMPDIR:-/tmp}/portview-fresh.XXXXXX")
root=$work/root
root_mounts=()

cleanup() {
	# A build interrupted by a signal leaves its compilers running in the
	# root: root_release stops them before it unmounts.
	root_release
	# Only remove the root once nothing is mounted in it any more, so a
	# bind-mounted host directory can never be deleted.
	if ! grep -qF " $work/" /proc/self/mounts; then
		rm -rf "$work"
	else
		echo "check-fresh-debian: $work still has mounts; left in place" >&2
	fi
}
trap cleanup EXIT

if [[ ! -s "$tarball" ]]; then
	echo "check-fresh-debian: debootstrap --variant=minbase $suite from $url (once; cached in $tarball)"
	t=$SECONDS
	debootstrap --variant=minbase "$suite" "$work/boot" "$url" >"$work/debootstrap.log" 2>&1 ||
		fail "debootstrap failed: $(tail -20 "$work/debootstrap.log")"
	tar -C "$work/boot" -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
	rm -rf "$work/boot"
	echo "check-fresh-debian: debootstrap took $((SECONDS - t)) s"
fi
mkdir "$root"
tar -C "$root" -xf "$tarball"

cp /etc/resolv.conf "$root/etc/resolv.conf"
mkdir -p "$root/src"
mount --bind /proc "$root/proc" && root_mounts+=("$root/proc")
root_bind /dev /dev
root_bind "$archives" /var/cache/apt/archives
root_bind "$PWD" /src ro
root_bind "$goroot" /usr/local/go ro
root_bind "$modcache" /gomodcache ro

in_root() {
	env -i PATH=/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		HOME=/root CI="${CI:-}" LANG=C.UTF-8 chroot "$root" "$@" </dev/null
}

echo "check-fresh-debian: scripts/apt-install.sh $* (in the minimal root)"
t=$SECONDS
in_root /src/scripts/apt-install.sh "$@" >"$work/apt.log" 2>&1 ||
	fail "apt-install.sh failed in a minimal $suite: $(tail -30 "$work/apt.log")"
echo "check-fresh-debian: installed in $((SECONDS - t)) s"

gocache=$cache/gocache-$suite
stamp=$cache/full-pass-$suite
key=$( (echo "$*"; cat scripts/apt-install.sh; sha256sum <"$tarball") | sha256sum | cut -d' ' -f1)
full=${CHECK_FRESH_FULL:-}
[[ "$(cat "$stamp" 2>/dev/null)" == "$key" ]] || full=1
if [[ "$full" == 1 ]]; then
	rm -rf "$gocache" "$stamp"
fi
mkdir -p "$gocache"
root_bind "$gocache" /gocache

# go_in_root runs a shell command in /src with the root's Go settings; its
# output goes to $work/$1.log.
go_in_root() {
	local log=$work/$1.log
	shift
	in_root env GOROOT=/usr/local/go GOMODCACHE=/gomodcache GOPATH=/tmp/gopath GOPROXY=off \
		GOFLAGS='-mod=readonly -buildvcs=false' GOTOOLCHAIN=local CGO_ENABLED=1 \
		bash -c "cd /src && $*" >"$log" 2>&1
}

if [[ "$full" != 1 ]]; then
	# The packages with C in them, apart from Fyne's driver (whose
	# dependencies are all of Fyne: the next step builds it) and go-gl's
	# OpenGL bindings (compiled at the last full pass).
	cgo_pkgs=$(go list -deps -f '{{if .CgoFiles}}{{.ImportPath}}{{end}}' . |
		grep -vE '^(fyne\.io/|github\.com/go-gl/gl/)' | tr '\n' ' ')
	echo "check-fresh-debian: go build, empty build cache: $cgo_pkgs"
	t=$SECONDS
	go_in_root cgo "GOCACHE=/tmp/gocache go build $cgo_pkgs" ||
		fail "the C parts do not build in a minimal $suite with only these packages: $*
$(tail -30 "$work/cgo.log")"
	echo "check-fresh-debian: the C parts built in $((SECONDS - t)) s"
fi

if [[ "$full" == 1 ]]; then
	echo "check-fresh-debian: go build . from an empty build cache (the packages changed, or CHECK_FRESH_FULL=1)"
else
	echo "check-fresh-debian: go build . (build cache: $gocache)"
fi
t=$SECONDS
# -X of a value that changes each run makes the link new each time, even
# when the build cache has an earlier one.
go_in_root build "GOCACHE=/gocache go build -ldflags=-X=main.freshCheck=$RANDOM -o /tmp/portview . && /tmp/portview -version" ||
	fail "go build . failed in a minimal $suite with only these packages: $*
$(tail -30 "$work/build.log")"
echo "check-fresh-debian: built and linked in $((SECONDS - t)) s: $(tail -1 "$work/build.log")"
[[ "$full" == 1 ]] && echo "$key" >"$stamp"

if [[ -n "${CHECK_FRESH_RESOLVE:-}" ]]; then
	read -r -a resolve <<<"$CHECK_FRESH_RESOLVE"
	in_root apt-get install --simulate -q --no-install-recommends "${resolve[@]}" >"$work/resolve.log" 2>&1 ||
		fail "these packages do not install on a minimal $suite: $(tail -30 "$work/resolve.log")"
	echo "check-fresh-debian: ${#resolve[@]} more packages resolve"
fi

echo "check-fresh-debian: ok in $((SECONDS - start)) s"
