package fyneprefs

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestReadGivesTheStringsOfAFyneFileAndWritesNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "preferences.json")
	// What Fyne's encoder writes: one JSON object, values of any type.
	content := `{"last_region":"china","region.china.client_id":"abc","window.width":1024.5,"flag":true}` + "\n"
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	p, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.String("last_region"); got != "china" {
		t.Errorf("last_region = %q", got)
	}
	if got := p.String("window.width"); got != "" {
		t.Errorf("a number read as the string %q", got)
	}
	p.SetString("region.china.metadata", "{}")
	p.RemoveValue("region.china.client_id")
	if p.String("region.china.client_id") != "" || p.String("region.china.metadata") != "{}" {
		t.Error("the snapshot does not follow its own writes")
	}
	if !slices.Equal(p.Keys(), []string{"flag", "last_region", "region.china.metadata", "window.width"}) {
		t.Errorf("keys = %v", p.Keys())
	}
	after, _ := os.ReadFile(path)
	if string(after) != content {
		t.Errorf("the file changed: %s", after)
	}
}

func TestReadOfAMissingFileIsEmpty(t *testing.T) {
	p, err := Read(filepath.Join(t.TempDir(), "none", "preferences.json"))
	if err != nil || len(p.Keys()) != 0 {
		t.Fatalf("Read = %v, %v", p.Keys(), err)
	}
}

func TestReadOfADamagedFileIsAnError(t *testing.T) {
	tests := []struct{ name, content string }{
		{"a file cut short", `{"last_region":"chi`},
		{"an empty file", ``},
		{"a file that is not an object", `["global"]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "preferences.json")
			if err := os.WriteFile(path, []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			if _, err := Read(path); err == nil {
				t.Error("no error")
			}
		})
	}
}
