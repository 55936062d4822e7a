# debian-root.sh, sourced by the scripts that run things in a Debian root
# made with debootstrap (check-fresh-debian.sh, check-wine.sh): where the
# roots are cached, which mirror to fetch them from, and bind mounts into a
# root that are all undone, whatever happens.
#
# root_bind and root_release use the caller's $root and the array
# root_mounts (set root_mounts=() first).

# debian_cache_dir [DIR]: DIR if given, else portview-ci in the user's cache
# folder, the one cache of every root.
debian_cache_dir() {
	if [[ -n "${1:-}" ]]; then
		echo "$1"
		return
	fi
	local user_cache=${XDG_CACHE_HOME:-${HOME:+$HOME/.cache}}
	echo "${user_cache:-/var/cache}/portview-ci"
}

# debian_mirror SUITE finds the Debian archive apt is configured with, in
# either format (deb822 .sources or one-line .list), so that a machine
# behind its own mirror uses it: the one listed for SUITE, else any Debian
# archive (one archive serves every suite), else deb.debian.org.
debian_mirror() {
	local suite=$1 f
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
		[[ -r "$f" ]] || continue
		awk -v suite="$suite" '
			/^[[:space:]]*#/ { next }
			# one-line: deb [options] URI suite components
			$1 == "deb" {
				for (i = 2; i <= NF; i++) if ($i !~ /^\[|\]$|=/) break
				if ($i ~ /\/debian\/?$/) print ($(i + 1) == suite ? "1 " : "2 ") $i
			}
			# deb822: a stanza with URIs: and Suites:
			/^URIs:/ { uri = $2 }
			/^Suites:/ { if (uri ~ /\/debian\/?$/) { best = 2; for (i = 2; i <= NF; i++) if ($i == suite) best = 1; print best " " uri } }
			/^[[:space:]]*$/ { uri = "" }
		' "$f"
	done | sort -s -k1,1n | head -1 | cut -d' ' -f2-
}

# root_bind SRC DST [ro] bind mounts host directory SRC at DST in $root;
# ro makes it read-only.
root_bind() {
	mkdir -p "$root$2"
	mount --bind "$1" "$root$2"
	root_mounts+=("$root$2")
	if [[ "${3:-}" == ro ]]; then
		mount -o remount,bind,ro "$root$2"
	fi
}

# root_release stops every process left running in $root (a build or a
# program interrupted by a signal), then undoes root_bind's mounts, last
# first.
root_release() {
	local i p
	for p in /proc/[0-9]*; do
		[[ "$(readlink "$p/root" 2>/dev/null)" == "$root" ]] && kill -9 "${p#/proc/}" 2>/dev/null
	done
	for ((i = ${#root_mounts[@]} - 1; i >= 0; i--)); do
		umount -l "${root_mounts[i]}" 2>/dev/null || true
	done
	root_mounts=()
}
