package main

import (
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// readFyneAppOnDisk decodes FyneApp.toml as it is on disk (go test runs in
// the package's directory), into plain maps, independently of fyneAppFile.
func readFyneAppOnDisk(t *testing.T) map[string]any {
	t.Helper()
	var doc map[string]any
	if _, err := toml.DecodeFile("FyneApp.toml", &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestAppMetadataIsFyneAppTOML(t *testing.T) {
	doc := readFyneAppOnDisk(t)
	details, ok := doc["Details"].(map[string]any)
	if !ok {
		t.Fatalf("FyneApp.toml has no [Details] table: %v", doc)
	}
	md := appMetadata()

	for _, c := range []struct{ key, got string }{
		{"ID", md.ID},
		{"Name", md.Name},
		{"Version", md.Version},
	} {
		want, _ := details[c.key].(string)
		if want == "" {
			t.Errorf("FyneApp.toml: [Details] %s is missing or not a string", c.key)
		}
		if c.got != want {
			t.Errorf("appMetadata().%s = %q, FyneApp.toml says %q", c.key, c.got, want)
		}
	}
	if want, _ := details["Build"].(int64); int64(md.Build) != want {
		t.Errorf("appMetadata().Build = %d, FyneApp.toml says %v", md.Build, details["Build"])
	}

	wantMigrations := map[string]bool{}
	if m, ok := doc["Migrations"].(map[string]any); ok {
		for k, v := range m {
			wantMigrations[k], _ = v.(bool)
		}
	}
	if !maps.Equal(md.Migrations, wantMigrations) {
		t.Errorf("appMetadata().Migrations = %v, FyneApp.toml says %v", md.Migrations, wantMigrations)
	}

	// The same version rules as fyne package -app-version: digits and dots,
	// x, x.y or x.y.z (the Windows version resource is made from it).
	if !regexp.MustCompile(`^[0-9]+(\.[0-9]+){0,2}$`).MatchString(md.Version) {
		t.Errorf("Version %q is not x, x.y or x.y.z", md.Version)
	}

	release := builtWithTag(buildTags(), "release")
	if md.Release != release {
		t.Errorf("appMetadata().Release = %v, built with the release tag: %v", md.Release, release)
	}
	if md.Custom == nil || md.Migrations == nil {
		t.Error("Custom and Migrations must not be nil maps")
	}
}

func TestAppMetadataIconIsTheOneFyneAppTOMLNames(t *testing.T) {
	details, _ := readFyneAppOnDisk(t)["Details"].(map[string]any)
	path, _ := details["Icon"].(string)
	if path == "" {
		t.Fatal("FyneApp.toml: [Details] has no Icon")
	}
	onDisk, err := os.ReadFile(filepath.FromSlash(path))
	if err != nil {
		t.Fatal(err)
	}
	md := appMetadata()
	if md.Icon == nil {
		t.Fatal("appMetadata().Icon is nil")
	}
	if !bytes.Equal(md.Icon.Content(), onDisk) {
		t.Errorf("the embedded icon is not %s: update the go:embed line in metadata.go", path)
	}
	if !bytes.HasPrefix(md.Icon.Content(), []byte("\x89PNG\r\n\x1a\n")) {
		t.Error("the icon is not a PNG")
	}
}

func TestParseFyneAppRefusesAnIncompleteFile(t *testing.T) {
	good := `[Details]
Name = "Portview"
ID = "io.github.portview"
Version = "1.2.3"
Build = 7
`
	f, err := parseFyneApp([]byte(good))
	if err != nil {
		t.Fatalf("a complete file: %v", err)
	}
	if f.Details.Version != "1.2.3" || f.Details.Build != 7 {
		t.Errorf("parsed %+v", f.Details)
	}
	for _, drop := range []string{"Name", "ID", "Version", "Build"} {
		var kept []string
		for _, line := range strings.Split(good, "\n") {
			if !strings.HasPrefix(line, drop+" ") {
				kept = append(kept, line)
			}
		}
		if _, err := parseFyneApp([]byte(strings.Join(kept, "\n"))); err == nil || !strings.Contains(err.Error(), drop) {
			t.Errorf("without %s: err = %v, want one naming %s", drop, err, drop)
		}
	}
	if _, err := parseFyneApp([]byte("[Details\n")); err == nil {
		t.Error("a file that is not TOML was accepted")
	}
}

func TestBuiltWithTag(t *testing.T) {
	tests := []struct {
		tags string
		want bool
	}{
		{"", false},
		{"release", true},
		{"release,migrated_fynedo", true},
		{"migrated_fynedo,release", true},
		{"prerelease", false},
		{"releases,debug", false},
	}
	for _, tt := range tests {
		if got := builtWithTag(tt.tags, "release"); got != tt.want {
			t.Errorf("builtWithTag(%q, release) = %v, want %v", tt.tags, got, tt.want)
		}
	}
}
