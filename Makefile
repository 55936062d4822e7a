# Portview. On a fresh Debian or Ubuntu machine with Go installed:
#   make run     installs the system packages Fyne needs, then runs the app
#   make test    installs what the tests need, then runs every check CI runs
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

# The Fyne steps of the tests run in one known locale, whatever the machine's.
TEST_LOCALE := LANG=C.UTF-8 LC_ALL=C.UTF-8

# What Fyne needs to build and run (cgo, OpenGL, X11 and Wayland headers), and
# a font with Chinese glyphs for the securities' Chinese names.
RUN_PACKAGES := gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev \
	libxinerama-dev libxi-dev libxxf86vm-dev libwayland-dev libxkbcommon-dev fonts-noto-cjk
# What the tests add: a virtual display and screenshots, a session bus with a
# Secret Service, Chromium for the end-to-end test, and the package checks.
TEST_PACKAGES := xvfb x11-utils imagemagick dbus dbus-x11 gnome-keyring libsecret-tools \
	chromium file xdg-utils xz-utils desktop-file-utils

.PHONY: help deps-run deps-test fyne run test fmt-check vet unit smoke \
	package package-linux bench clean

help:
	@echo "make run [ARGS=\"-region sandbox\"]  install Fyne's system packages, run the app"
	@echo "make test                         install test packages, run every check CI runs"
	@echo "make package                      build the packages this machine can build into dist/"
	@echo "make bench                        run the benchmarks"
	@echo "make clean                        remove dist/, artifacts/ and the built binary"

deps-run:
	@scripts/apt-install.sh $(RUN_PACKAGES)

# One apt-get run for both lists, so the package index is updated at most once.
deps-test:
	@scripts/apt-install.sh $(RUN_PACKAGES) $(TEST_PACKAGES)
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

# Each step on its own line, so they run in order even under make -j.
test: deps-test
	@echo "Screenshots and packages: $(ARTIFACTS)"
	@mkdir -p "$(ARTIFACTS)"
	@$(MAKE) --no-print-directory fmt-check
	@$(MAKE) --no-print-directory vet
	@$(MAKE) --no-print-directory unit
	@$(MAKE) --no-print-directory smoke
	@$(MAKE) --no-print-directory package-linux
	@echo "== check the Linux package ($$(date +%T))"
	scripts/check-package.sh "$(DIST)/Portview.tar.xz"
	@cp "$(DIST)/Portview.tar.xz" "$(ARTIFACTS)/"
	@echo "All checks passed. Screenshots and packages: $(ARTIFACTS)"

fmt-check:
	@echo "== gofmt ($$(date +%T))"
	@unformatted=$$(gofmt -l .); \
	if [[ -n "$$unformatted" ]]; then \
		echo "These files need gofmt -w:"; echo "$$unformatted"; exit 1; \
	fi

vet:
	@echo "== go vet ($$(date +%T))"
	$(GO) vet ./...

# The whole suite, on a private session bus with a throwaway keyring
# (scripts/with-keyring.sh), so the keyring tests use a real Secret Service.
unit:
	@echo "== go test -race ($$(date +%T))"
	$(TEST_LOCALE) scripts/with-keyring.sh $(GO) test -race -count=1 ./...

smoke:
	@echo "== smoke test under Xvfb ($$(date +%T))"
	$(TEST_LOCALE) SMOKE_SHOT="$(ARTIFACTS)/smoke-sandbox.png" scripts/smoke.sh

package: package-linux

# fyne package writes the tarball into the current directory, hence the cd.
# It also bumps Build in FyneApp.toml; the file is put back afterwards so that
# only a release (which edits Build by hand) changes it in a commit.
package-linux: fyne
	@echo "== fyne package -os linux ($$(date +%T))"
	@mkdir -p "$(DIST)"
	@rm -f "$(DIST)/Portview.tar.xz"
	@keep=$$(mktemp); cp "$(CURDIR)/FyneApp.toml" "$$keep"; \
	trap 'cp "$$keep" "$(CURDIR)/FyneApp.toml"; rm -f "$$keep"' EXIT; \
	cd "$(DIST)" && $(TEST_LOCALE) "$(FYNE)" package -os linux -release -src "$(CURDIR)"
	@echo "Linux package: $(DIST)/Portview.tar.xz"

bench:
	$(TEST_LOCALE) $(GO) test -run '^$$' -bench . -benchmem ./...

clean:
	rm -rf "$(DIST)" "$(ARTIFACTS)" portview
