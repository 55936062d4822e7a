package main

import (
	_ "embed"
	"fmt"
	"runtime/debug"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"github.com/BurntSushi/toml"
)

// FyneApp.toml is the one source of the app's name, ID and version: `fyne
// package` reads it, and so does every other build through this embed, so a
// plain `go build` or `go install` binary knows its version too.
//
//go:embed FyneApp.toml
var fyneAppTOML []byte

// The icon FyneApp.toml names ([Details] Icon; metadata_test.go checks that
// they are the same file). A go:embed path cannot come from the file.
//
//go:embed assets/icon.png
var appIconPNG []byte

// fyneAppFile is the part of FyneApp.toml that the app itself uses.
type fyneAppFile struct {
	Details struct {
		Icon    string
		Name    string
		ID      string
		Version string
		Build   int
	}
	Development map[string]string
	Release     map[string]string
	Migrations  map[string]bool
}

// parseFyneApp decodes a FyneApp.toml and checks the fields the app needs.
func parseFyneApp(data []byte) (fyneAppFile, error) {
	var f fyneAppFile
	if _, err := toml.Decode(string(data), &f); err != nil {
		return f, fmt.Errorf("FyneApp.toml: %w", err)
	}
	d := f.Details
	switch {
	case d.Name == "":
		return f, fmt.Errorf("FyneApp.toml: [Details] has no Name")
	case d.ID == "":
		return f, fmt.Errorf("FyneApp.toml: [Details] has no ID")
	case d.Version == "":
		return f, fmt.Errorf("FyneApp.toml: [Details] has no Version")
	case d.Build < 1:
		return f, fmt.Errorf("FyneApp.toml: [Details] Build is %d, want 1 or more", d.Build)
	}
	return f, nil
}

// appMetadata is the app's metadata as FyneApp.toml gives it, the same as
// what `fyne package` injects (fyne_metadata_init.go) at the same commit: ID,
// name, version, build number, icon, migrations, and Release with the custom
// metadata of [Release] when built with the release tag (fyne package
// -release), of [Development] otherwise. Pass it to app.SetMetadata before
// the app is created.
func appMetadata() fyne.AppMetadata {
	f, err := parseFyneApp(fyneAppTOML)
	if err != nil {
		// The file is embedded at build time and checked by metadata_test.go,
		// so this is a broken build, not a user's mistake.
		panic(err)
	}
	release := builtWithTag(buildTags(), "release")
	custom := f.Development
	if release {
		custom = f.Release
	}
	md := fyne.AppMetadata{
		ID:         f.Details.ID,
		Name:       f.Details.Name,
		Version:    f.Details.Version,
		Build:      f.Details.Build,
		Release:    release,
		Custom:     map[string]string{},
		Migrations: map[string]bool{},
	}
	if len(appIconPNG) > 0 {
		md.Icon = fyne.NewStaticResource("icon.png", appIconPNG)
	}
	for k, v := range custom {
		md.Custom[k] = v
	}
	for k, v := range f.Migrations {
		md.Migrations[k] = v
	}
	return md
}

// buildTags is the -tags the binary was built with, from its build info.
func buildTags() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	for _, s := range info.Settings {
		if s.Key == "-tags" {
			return s.Value
		}
	}
	return ""
}

// builtWithTag tells whether tag is one of the comma-separated tags.
func builtWithTag(tags, tag string) bool {
	return slices.Contains(strings.Split(tags, ","), tag)
}
