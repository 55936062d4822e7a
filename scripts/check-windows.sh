#!/usr/bin/env bash
# check-windows.sh [EXE]: checks what `fyne package -os windows` made, and
# the console companion scripts/fyne-package.sh puts beside it.
#
#  1. `file` says it is a 64-bit Windows GUI program: "PE32+ executable (GUI)
#     x86-64" (GUI: no console window opens behind the app).
#  2. Its resources (x86_64-w64-mingw32-objdump -p) hold an icon, an icon
#     group, a version resource and a manifest.
#  3. The version resource carries FyneApp.toml's version: the strings
#     ProductVersion and FileVersion are VERSION.BUILD (the version padded to
#     x.y.z, as fyne does), ProductName is the app's name, and the binary
#     VS_FIXEDFILEINFO holds the same four numbers.
set -euo pipefail
cd "$(dirname "$0")/.."

exe=${1:-dist/Portview.exe}
objdump=${OBJDUMP:-x86_64-w64-mingw32-objdump}

fail() {
	echo "check-windows: FAIL: $*" >&2
	exit 1
}

for tool in file strings od "$objdump"; do
	command -v "$tool" >/dev/null || fail "$tool is not installed (run 'make deps-test')"
done
[[ -f "$exe" ]] || fail "$exe does not exist"

# [Details] of FyneApp.toml, the one source of the name and version.
details() {
	awk -v key="$1" '
		/^\[/ { in_details = ($0 ~ /^\[Details\][[:space:]]*$/); next }
		in_details && $1 == key && $2 == "=" {
			v = $0; sub(/^[^=]*=[[:space:]]*/, "", v); gsub(/"/, "", v); sub(/[[:space:]]+$/, "", v)
			print v; exit
		}' FyneApp.toml
}
name=$(details Name)
version=$(details Version)
build=$(details Build)
[[ -n "$name" && -n "$version" && -n "$build" ]] || fail "FyneApp.toml: [Details] needs Name, Version and Build"
IFS=. read -r -a parts <<<"$version"
while ((${#parts[@]} < 3)); do parts+=(0); done
want="${parts[0]}.${parts[1]}.${parts[2]}.$build"

# 1. A PE32+ GUI executable for x86-64.
kind=$(file -b "$exe")
[[ "$kind" == "PE32+ executable (GUI) x86-64"* ]] || fail "$exe is not a PE32+ GUI x86-64 executable: $kind"

# 2. The resource types at the top of the resource tree (objdump prints them
#    three spaces in): 3 icon, 0xe icon group, 0x10 version, 0x18 manifest.
types=$("$objdump" -p "$exe" |
	sed -n '/^The .rsrc Resource Directory section:/,/Resources start at offset/p' |
	sed -n 's/^[0-9a-f]\{3\}   Entry: ID: 0x\([0-9a-f]*\),.*/\1/p')
for t in 000003:icon 00000e:icon-group 000010:version 000018:manifest; do
	grep -qx "${t%%:*}" <<<"$types" || fail "$exe has no ${t#*:} resource (resource types found: ${types//$'\n'/ })"
done

# 3. The version resource. Its strings are UTF-16LE, each value right after
#    its key.
vstrings=$(strings -el "$exe")
value() { grep -A1 -x "$1" <<<"$vstrings" | sed -n 2p; }
for key in ProductVersion FileVersion; do
	got=$(value "$key")
	[[ "$got" == "$want" ]] || fail "$key is \"$got\", want \"$want\" (FyneApp.toml Version $version, Build $build)"
done
got=$(value ProductName)
[[ "$got" == "$name" ]] || fail "ProductName is \"$got\", want \"$name\""

# VS_FIXEDFILEINFO: the signature 0xFEEF04BD, the struct version, then
# FileVersionMS (major<<16 | minor) and FileVersionLS (patch<<16 | build),
# little-endian, so as 16-bit words: minor major build patch.
offset=$(LC_ALL=C grep -obUaP '\xbd\x04\xef\xfe' "$exe" | head -n1 | cut -d: -f1)
[[ -n "$offset" ]] || fail "$exe has no VS_FIXEDFILEINFO"
read -r minor major b patch < <(od -An -tu2 -j $((offset + 8)) -N8 "$exe")
fixed="$major.$minor.$patch.$b"
[[ "$fixed" == "$want" ]] || fail "the fixed file version is $fixed, want $want"

# 4. The console companion.
com=$(dirname "$exe")/portview.com
[[ -f "$com" ]] || fail "$com does not exist: the commands would print nothing in a console"
comkind=$(file -b "$com")
[[ "$comkind" == "PE32+ executable (console) x86-64"* ]] || fail "$com is not a PE32+ console x86-64 executable: $comkind"

echo "check-windows: ok: $exe ($(du -h "$exe" | cut -f1)): ${kind%%,*}; icon, manifest; $name version $want; portview.com: ${comkind%%,*}"
