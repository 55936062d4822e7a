# Portview. On a fresh Debian or Ubuntu machine with Go 1.26, make and git:
#   make run     installs the system packages Fyne needs, then runs the app
#   make test    installs what the tests need, then runs every check CI runs
#   make check   the fast loop: gofmt, go vet, go test -race; installs nothing
# `make help` lists the other targets.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

GO ?= go
ARGS ?=
FYNE_VERSION := v1.7.4
GOBIN := $(shell $(GO) env GOPATH)/bin
FYNE := $(GOBIN)/fyne
ARTIFACTS := $(CURDIR)/artifacts
DIST := $(CURDIR)/dist

# The Fyne steps of the tests run in one known locale, whatever the machine's:
# everything from LANG, and the variables that would override it (LC_ALL,
# LC_MESSAGES, and LANGUAGE, which Fyne reads first) emptied, so that a test
# can pick another locale by setting LANG alone.
TEST_LOCALE := LANG=C.UTF-8 LC_ALL= LC_MESSAGES= LANGUAGE=

# What Fyne needs to build and run (cgo: gcc and the C library's headers,
# which gcc only recommends and apt-install.sh does not install; OpenGL, X11
# and Wayland headers), the CA certificates for downloading the Go modules,
# a font with Chinese glyphs for the securities' Chinese names, and xdg-open
# for the sign-in page in the browser. scripts/check-fresh-debian.sh proves
# the list complete on a minimal Debian (part of make test).
RUN_PACKAGES := gcc libc6-dev pkg-config ca-certificates libgl1-mesa-dev libx11-dev libxcursor-dev \
	libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev libwayland-dev libxkbcommon-dev \
	fonts-noto-cjk xdg-utils
# What packaging adds: xz for the Linux tarball, MinGW-w64 to cross-build the
# Windows program (its objdump, from binutils-mingw-w64-x86-64, for the check).
PACKAGE_PACKAGES := xz-utils gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64
# What the tests add: a virtual display and screenshots, a session bus with a
# Secret Service, curl to run the copied curl commands, Chromium for the
# end-to-end test, the package checks, and debootstrap for the minimal Debian
# of check-fresh-debian and the Wine root of check-wine (xdotool clicks
# through its views).
TEST_PACKAGES := xvfb x11-utils imagemagick dbus dbus-x11 gnome-keyring libsecret-tools curl \
	chromium file desktop-file-utils debootstrap protobuf-compiler xdotool $(PACKAGE_PACKAGES)

# The packages that must build without cgo, for every system: they are all
# that can be compiled for macOS here (Fyne needs Apple's SDK).
NOCGO_PACKAGES := ./oauth/... ./quote/... ./api/... ./trade/... ./apikey/... ./regiontest/... ./internal/... ./cmd/...

.PHONY: proto proto-check help check deps-run deps-test deps-package fyne run test fmt-check vet cross-vet unit smoke \
	check-fresh-debian check-linux test-windows check-wine package package-linux package-windows bench clean

help:
	@echo "make check                        gofmt, go vet, go test -race ./...: no apt, no packaging"
	@echo "make run [ARGS=\"-region sandbox\"]  install Fyne's system packages, run the app"
	@echo "make test                         install test packages, run every check CI runs"
	@echo "make package                      build the Linux and Windows packages into dist/"
	@echo "make package-linux|package-windows  build one of them"
	@echo "make proto                        regenerate quote/socket/pb from its .proto files"
	@echo "make check-fresh-debian           build the app in a minimal Debian 12 with only RUN_PACKAGES (part of make test)"
	@echo "make test-windows                 build the Windows package and check it (part of make test)"
	@echo "make check-wine                   run the Windows package under Wine 10 (part of make test)"
	@echo "make bench                        run the benchmarks"
	@echo "make clean                        remove dist/, artifacts/ and the built binary"

deps-run:
	@scripts/apt-install.sh $(RUN_PACKAGES)

# One apt-get run for both lists, so the package index is updated at most once.
deps-test:
	@scripts/apt-install.sh $(RUN_PACKAGES) $(TEST_PACKAGES)
	@$(MAKE) --no-print-directory fyne

deps-package:
	@scripts/apt-install.sh $(RUN_PACKAGES) $(PACKAGE_PACKAGES)
	@$(MAKE) --no-print-directory fyne

# The fyne command line tool, pinned, in $(GOBIN).
fyne:
	@have=$$("$(FYNE)" version 2>/dev/null || true); \
	if ! grep -qx 'fyne cli version: $(FYNE_VERSION)' <<<"$$have"; then \
		echo "installing fyne $(FYNE_VERSION) into $(GOBIN)"; \
		GOBIN="$(GOBIN)" $(GO) install fyne.io/tools/cmd/fyne@$(FYNE_VERSION); \
	fi

run: deps-run
	$(GO) run . $(ARGS)

# Each step on its own line, so they run in order even under make -j. The
# Windows build comes last: it is the slow one (minutes on a cold cache).
test: deps-test
	@echo "Screenshots and packages: $(ARTIFACTS)"
	@mkdir -p "$(ARTIFACTS)"
	@$(MAKE) --no-print-directory fmt-check
	@$(MAKE) --no-print-directory vet
	@$(MAKE) --no-print-directory proto-check
	@$(MAKE) --no-print-directory cross-vet
	@$(MAKE) --no-print-directory unit
	@$(MAKE) --no-print-directory smoke
	@$(MAKE) --no-print-directory check-fresh-debian
	@$(MAKE) --no-print-directory package-linux
	@$(MAKE) --no-print-directory check-linux
	@$(MAKE) --no-print-directory test-windows
	@$(MAKE) --no-print-directory check-wine
	@echo "All checks passed. Screenshots and packages: $(ARTIFACTS)"
	@cat "$(ARTIFACTS)/go-test.summary"

# The fast loop, for while you work: what the machine has is enough (Go,
# and what make run installed for gui/ and main). It runs in the machine's
# own locale, whatever it is: the tests pin theirs (gui/main_test.go).
check:
	@$(MAKE) --no-print-directory fmt-check
	@$(MAKE) --no-print-directory vet
	@echo "== go test -race ($$(date +%T))"
	$(GO) test -race -timeout 30m ./...

fmt-check:
	@echo "== gofmt ($$(date +%T))"
	@unformatted=$$(gofmt -l .); \
	if [[ -n "$$unformatted" ]]; then \
		echo "These files need gofmt -w:"; echo "$$unformatted"; exit 1; \
	fi

vet:
	@echo "== go vet ($$(date +%T))"
	$(GO) vet ./...

# What can be checked of macOS here: the packages that need no cgo, built and
# vetted for darwin/arm64, so a darwin-only mistake in them is caught. Windows
# the same way (cheap; the whole app is cross-built by test-windows).
cross-vet:
	@echo "== go build and go vet of $(NOCGO_PACKAGES) for darwin/arm64 and windows/amd64 ($$(date +%T))"
	@for target in darwin/arm64 windows/amd64; do \
		echo "$$target"; \
		env CGO_ENABLED=0 GOOS=$${target%/*} GOARCH=$${target#*/} $(GO) build $(NOCGO_PACKAGES); \
		env CGO_ENABLED=0 GOOS=$${target%/*} GOARCH=$${target#*/} $(GO) vet $(NOCGO_PACKAGES); \
	done

# The whole suite, on a private session bus with a throwaway keyring
# (scripts/with-keyring.sh), so the keyring tests use a real Secret Service.
# The verbose log goes to artifacts/go-test.log; the console gets one line a
# package, the failures in full, and a count that make test prints last.
unit:
	@echo "== go test -race ($$(date +%T)), full log: $(ARTIFACTS)/go-test.log"
	@mkdir -p "$(ARTIFACTS)"
	@status=0; $(TEST_LOCALE) scripts/with-keyring.sh $(GO) test -race -count=1 -timeout 30m -v ./... \
		>"$(ARTIFACTS)/go-test.log" 2>&1 || status=$$?; \
	grep -E '^(ok|FAIL|\?)[[:space:]]' "$(ARTIFACTS)/go-test.log" || true; \
	passed=$$(grep -cE '^[[:space:]]*--- PASS' "$(ARTIFACTS)/go-test.log" || true); \
	failed=$$(grep -cE '^[[:space:]]*--- FAIL' "$(ARTIFACTS)/go-test.log" || true); \
	skipped=$$(grep -cE '^[[:space:]]*--- SKIP' "$(ARTIFACTS)/go-test.log" || true); \
	echo "tests: $$passed passed, $$failed failed, $$skipped skipped" >"$(ARTIFACTS)/go-test.summary"; \
	if [[ $$status -ne 0 ]]; then \
		grep -E -B8 -A2 '^[[:space:]]*--- FAIL|^panic:|\[build failed\]|^# ' "$(ARTIFACTS)/go-test.log" | head -200; \
		cat "$(ARTIFACTS)/go-test.summary"; exit $$status; \
	fi

smoke:
	@echo "== smoke test under Xvfb ($$(date +%T))"
	$(TEST_LOCALE) SMOKE_SHOT="$(ARTIFACTS)/smoke-sandbox.png" scripts/smoke.sh

# A minimal Debian 12 (debootstrap, cached), RUN_PACKAGES installed in it by
# scripts/apt-install.sh as make run does, and the app built there with cgo:
# proof that the list is complete on a machine with only Go, make and git.
# The test packages are resolved there too. See the script for what is
# cached between runs.
# The quote socket's protobuf code: quote/socket/pb/*.proto are the source,
# the generated .pb.go files are committed. protoc comes from Debian's
# protobuf-compiler (make test installs it), protoc-gen-go is pinned to the
# protobuf version in go.mod.
proto:
	GO="$(GO)" scripts/proto.sh

proto-check:
	@echo "== generated protobuf code is current ($$(date +%T))"
	GO="$(GO)" scripts/proto.sh check

check-fresh-debian:
	@echo "== build in a minimal Debian with only RUN_PACKAGES ($$(date +%T))"
	CHECK_FRESH_RESOLVE="$(TEST_PACKAGES)" scripts/check-fresh-debian.sh $(RUN_PACKAGES)

# The Linux tarball: its content, `make install`, `make user-install` into a
# throwaway HOME, and the app started from the installed .desktop entry's Exec
# line under Xvfb (screenshot artifacts/installed-linux.png).
check-linux:
	@echo "== check the Linux package, install it, start it from its .desktop entry ($$(date +%T))"
	$(TEST_LOCALE) CHECK_PACKAGE_SHOT="$(ARTIFACTS)/installed-linux.png" \
		scripts/check-package.sh "$(DIST)/Portview.tar.xz"
	@mkdir -p "$(ARTIFACTS)" && cp "$(DIST)/Portview.tar.xz" "$(ARTIFACTS)/"

# The Windows program, cross-built, then checked: a PE32+ GUI executable with
# the icon, a manifest and FyneApp.toml's version in its version resource.
test-windows: package-windows
	@echo "== check the Windows package ($$(date +%T))"
	scripts/check-windows.sh "$(DIST)/Portview.exe"
	@mkdir -p "$(ARTIFACTS)" && cp "$(DIST)/Portview.exe" "$(DIST)/portview.com" "$(ARTIFACTS)/"

# The Windows program run under Wine 10 in a cached Debian 13 root (made
# once with debootstrap): -version, the commands through portview.com in
# cmd.exe, the window on the sandbox and each view (screenshots
# artifacts/wine-*.png), a sign-in to a fake region through the browser
# hand-off, and a second start restoring it from Credential Manager. It
# skips, loudly, when the Debian mirror cannot be reached. Needs the
# package: make test-windows (or package-windows) first.
check-wine:
	@echo "== run the Windows program under Wine ($$(date +%T))"
	CHECK_WINE_SHOTS="$(ARTIFACTS)" scripts/check-wine.sh "$(DIST)"

# Everything this machine can build. macOS needs a Mac: see README.md.
package: deps-package
	@$(MAKE) --no-print-directory package-linux
	@$(MAKE) --no-print-directory package-windows
	@echo "Packages in $(DIST):" && ls -lh "$(DIST)"/Portview.* "$(DIST)"/portview.com

# fyne package, through scripts/fyne-package.sh: it puts the package in dist/
# and FyneApp.toml back as it was (fyne bumps Build), so that only a release
# (which edits Build by hand) changes it in a commit.
package-linux: fyne
	@echo "== fyne package -os linux ($$(date +%T))"
	GO="$(GO)" FYNE="$(FYNE)" scripts/fyne-package.sh linux "$(DIST)"

# Cross-built with MinGW-w64 (make deps-package installs it). Several minutes
# the first time, while the Go build cache fills for windows.
package-windows: fyne
	@echo "== fyne package -os windows ($$(date +%T))"
	GO="$(GO)" FYNE="$(FYNE)" CC=x86_64-w64-mingw32-gcc GOARCH=amd64 scripts/fyne-package.sh windows "$(DIST)"

bench:
	$(TEST_LOCALE) $(GO) test -run '^$$' -bench . -benchmem ./...

clean:
	rm -rf "$(DIST)" "$(ARTIFACTS)" portview
