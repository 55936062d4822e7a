#!/usr/bin/env bash
# proto.sh [check]: regenerates the Go code of the quote socket's .proto files.
#
#   scripts/proto.sh         write quote/socket/pb/*.pb.go
#   scripts/proto.sh check   generate into a temporary directory and fail if
#                            the committed files differ (for CI)
#
# protoc comes from Debian's protobuf-compiler (apt); protoc-gen-go is pinned
# to the google.golang.org/protobuf version in go.mod and installed into GOBIN
# when missing or of another version, so everyone generates the same bytes.
set -euo pipefail

cd "$(dirname "$0")/.."
GO=${GO:-go}
PROTO_DIR=quote/socket/pb
MODULE=github.com/portview/portview

command -v protoc >/dev/null || {
	echo "proto.sh: protoc not found; install it with: scripts/apt-install.sh protobuf-compiler" >&2
	exit 1
}

version=$("$GO" list -m -f '{{.Version}}' google.golang.org/protobuf)
gobin=$("$GO" env GOBIN)
[[ -n "$gobin" ]] || gobin="$("$GO" env GOPATH)/bin"
plugin="$gobin/protoc-gen-go"
if [[ "$("$plugin" --version 2>/dev/null || true)" != "protoc-gen-go $version" ]]; then
	echo "proto.sh: installing protoc-gen-go $version into $gobin" >&2
	GOBIN="$gobin" "$GO" install "google.golang.org/protobuf/cmd/protoc-gen-go@$version"
fi

generate() { # generate OUTDIR: writes OUTDIR/$PROTO_DIR/*.pb.go
	protoc --plugin=protoc-gen-go="$plugin" -I "$PROTO_DIR" \
		--go_out="$1" --go_opt=module="$MODULE" "$PROTO_DIR"/*.proto
}

case "${1:-}" in
"")
	generate .
	;;
check)
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	mkdir -p "$tmp/$PROTO_DIR"
	generate "$tmp"
	stale=0
	for f in "$tmp/$PROTO_DIR"/*.pb.go "$PROTO_DIR"/*.pb.go; do
		name=$(basename "$f")
		diff -u "$PROTO_DIR/$name" "$tmp/$PROTO_DIR/$name" || stale=1
	done
	if ((stale)); then
		echo "proto.sh: $PROTO_DIR/*.pb.go are out of date; run scripts/proto.sh and commit" >&2
		exit 1
	fi
	;;
*)
	echo "usage: scripts/proto.sh [check]" >&2
	exit 2
	;;
esac
