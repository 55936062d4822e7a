#!/usr/bin/env bash
# with-keyring.sh CMD [ARG...]
#
# Runs CMD on a private D-Bus session bus that has a throwaway, unlocked
# gnome-keyring behind it, so code that uses the Secret Service (go-keyring)
# talks to a real one without touching the user's keyring.
#
#  1. dbus-run-session starts a private session bus (and stops it after CMD).
#  2. gnome-keyring-daemon --unlock creates a "login" keyring under a temporary
#     XDG_DATA_HOME and unlocks it with a random password read from stdin
#     (piped without a trailing newline, or the password would differ).
#     DISPLAY is unset for the daemon so it can never show a prompt.
#  3. gnome-keyring-daemon --start --components=secrets registers the Secret
#     Service on the bus; the variables it prints are exported.
#  4. secret-tool stores, looks up and clears an item to prove it works.
#  5. CMD runs with PORTVIEW_SECRET_SERVICE=1, which tells the Go tests that
#     a working Secret Service is expected.
#
# As root in a container dbus-daemon logs "Failed to set fd limit": harmless.
#
# If the keyring cannot be set up, CMD still runs without it (and without
# PORTVIEW_SECRET_SERVICE) after a warning, except when CI=true or
# WITH_KEYRING_REQUIRED=1: then the script fails.
set -euo pipefail

warn() { echo "with-keyring: $*" >&2; }

required() { [[ "${CI:-}" == true || "${WITH_KEYRING_REQUIRED:-}" == 1 ]]; }

# without_keyring explains why there is no keyring, then runs CMD anyway, or
# fails when a keyring is required.
without_keyring() {
	if required; then
		warn "no Secret Service: $* (needed because CI=true or WITH_KEYRING_REQUIRED=1; 'make deps-test' installs the packages)"
		exit 1
	fi
	warn "no Secret Service: $*; running without one, so keyring tests will skip"
	unset PORTVIEW_SECRET_SERVICE
	exec "${WITH_KEYRING_CMD[@]}"
}

if [[ "${1:-}" != --with-keyring-inner ]]; then
	if (($# == 0)); then
		echo "usage: $0 CMD [ARG...]" >&2
		exit 2
	fi
	WITH_KEYRING_CMD=("$@")
	for tool in dbus-run-session gnome-keyring-daemon secret-tool; do
		command -v "$tool" >/dev/null || without_keyring "$tool is not installed"
	done

	root=$(mktemp -d "${TMPDIR:-/tmp}/portview-keyring.XXXXXX")
	trap 'rm -rf "$root"' EXIT
	mkdir -m 700 "$root/home" "$root/data" "$root/runtime"
	status=0
	WITH_KEYRING_ROOT=$root dbus-run-session -- "$BASH" "$(readlink -f "$0")" --with-keyring-inner "$@" || status=$?
	exit "$status"
fi

# From here on: inside the private session bus.
shift
WITH_KEYRING_CMD=("$@")
root=$WITH_KEYRING_ROOT
unset WITH_KEYRING_ROOT
log=$root/daemon.log

# daemon runs gnome-keyring-daemon with the throwaway directories and no
# display, so nothing of the user's is read or written and no prompt appears.
daemon() {
	env -u DISPLAY -u WAYLAND_DISPLAY \
		HOME="$root/home" XDG_DATA_HOME="$root/data" XDG_RUNTIME_DIR="$root/runtime" \
		gnome-keyring-daemon "$@" 2>>"$log"
}

pw=$(head -c 24 /dev/urandom | base64)
if ! printf '%s' "$pw" | daemon --unlock --components=secrets >/dev/null; then
	without_keyring "gnome-keyring-daemon --unlock failed: $(cat "$log")"
fi
if ! vars=$(daemon --start --components=secrets); then
	without_keyring "gnome-keyring-daemon --start failed: $(cat "$log")"
fi
while IFS= read -r line; do
	# Only NAME=value lines: the output is never eval'ed.
	if [[ "$line" =~ ^[A-Z_][A-Z0-9_]*= ]]; then
		export "${line?}"
	fi
done <<<"$vars"

probe=$(head -c 12 /dev/urandom | base64)
if ! printf '%s' "$probe" | timeout 10 secret-tool store --label='Portview keyring check' portview-check probe 2>>"$log"; then
	without_keyring "secret-tool store failed: $(cat "$log")"
fi
if [[ "$(timeout 10 secret-tool lookup portview-check probe 2>>"$log")" != "$probe" ]]; then
	without_keyring "secret-tool lookup did not return what was stored: $(cat "$log")"
fi
timeout 10 secret-tool clear portview-check probe 2>>"$log" || true

export PORTVIEW_SECRET_SERVICE=1
exec "$@"
