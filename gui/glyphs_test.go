package gui

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"github.com/go-text/typesetting/font"
)

// TestEverySymbolIsInTheBundledFonts pins that every symbol the UI can draw
// (in a string literal of the package's code or a translation) has a glyph
// in the fonts Fyne bundles, which it tries before any system font: the
// text font in both weights, the emoji font and the symbol font. A symbol
// only a system font has is a missing-glyph box on a system without that
// font (Wine's bare font set showed ★ so). CJK text is left out: it needs a
// CJK font, as the README says.
func TestEverySymbolIsInTheBundledFonts(t *testing.T) {
	regular, bold := fontRunes(t, theme.DefaultTextFont()), fontRunes(t, theme.DefaultTextBoldFont())
	emoji, symbols := fontRunes(t, theme.DefaultEmojiFont()), fontRunes(t, theme.DefaultSymbolFont())
	drawable := func(r rune) bool {
		return (regular(r) && bold(r)) || emoji(r) || symbols(r)
	}
	seen := 0
	for where, text := range uiStrings(t) {
		for _, r := range text {
			if r < 0x80 || isCJK(r) || !unicode.IsGraphic(r) {
				continue
			}
			seen++
			if !drawable(r) {
				t.Errorf("%s: %q (U+%04X) is in none of the bundled fonts", where, r, r)
			}
		}
	}
	if seen == 0 {
		t.Fatal("no symbol found at all: the scan reads nothing")
	}
}

// fontRunes reports whether res has a glyph for a rune.
func fontRunes(t *testing.T, res fyne.Resource) func(rune) bool {
	t.Helper()
	if res == nil {
		t.Fatal("a bundled font is missing (built with no_emoji?)")
	}
	face, err := font.ParseTTF(bytes.NewReader(res.Content()))
	if err != nil {
		t.Fatalf("%s: %v", res.Name(), err)
	}
	return func(r rune) bool {
		_, ok := face.NominalGlyph(r)
		return ok
	}
}

// isCJK reports whether r is Chinese, Japanese or Korean text or
// punctuation, which the system's CJK font draws.
func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) ||
		(r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF)
}

// uiStrings are the package's string literals and translations, by where
// they are.
func uiStrings(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	if sub, err := filepath.Glob("table/*.go"); err == nil {
		files = append(files, sub...)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && (lit.Kind == token.STRING || lit.Kind == token.CHAR) {
				s, err := strconv.Unquote(lit.Value)
				if err == nil {
					out[fset.Position(lit.Pos()).String()] = s
				}
			}
			return true
		})
	}
	langs, err := translations.ReadDir("translations")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range langs {
		for key, v := range readTranslation(t, l.Name()) {
			out[l.Name()+" "+key] = fmt.Sprint(v)
		}
	}
	return out
}
