package gui

import (
	"embed"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
)

// translations are the app's strings in each language it speaks. Fyne's lang
// package names a file after its locale and matches the system's locale
// against those names: zh-Hans.json catches zh-CN, zh-SG and plain zh, and
// zh-TW.json catches zh-TW, zh-HK, zh-MO and zh-Hant. A file named
// zh-Hant.json would not: Fyne drops the script when the match has no
// region, and Traditional readers would get Simplified Chinese.
//
// The files also carry Fyne's own strings (Cancel, Save, the file dialog),
// so that its dialogs speak the same language and Fyne logs no missing key.
//
//go:embed translations
var translations embed.FS

// prefLanguage keeps the language chosen in Settings; empty follows the system.
const prefLanguage = "language"

// Language is one of the languages Portview speaks.
type Language struct {
	Code string // the preference value and the name of the choice: "en", "zh-Hans", "zh-Hant"
	Tag  string // BCP 47, for the browser pages shown after sign-in
	file string // under translations/
	Name string // in the language itself, as the Settings list shows it
}

// Languages are the choices of the Settings dialog, besides the system's.
var Languages = []Language{
	{Code: "en", Tag: "en", file: "en.json", Name: "English"},
	{Code: "zh-Hans", Tag: "zh-CN", file: "zh-Hans.json", Name: "简体中文"},
	{Code: "zh-Hant", Tag: "zh-TW", file: "zh-TW.json", Name: "繁體中文"},
}

// languageByCode returns the language of code, and false for an unknown
// code, such as the empty one of "follow the system".
func languageByCode(code string) (Language, bool) {
	for _, l := range Languages {
		if l.Code == code {
			return l, true
		}
	}
	return Language{}, false
}

// languageFor picks the language for a system locale as Fyne does: Chinese
// written in Taiwan, Hong Kong or Macau, or in the traditional script, reads
// Traditional; other Chinese reads Simplified; everything else English.
func languageFor(locale fyne.Locale) Language {
	parts := strings.Split(strings.ReplaceAll(locale.String(), "_", "-"), "-")
	if !strings.EqualFold(parts[0], "zh") {
		return Languages[0]
	}
	for _, p := range parts[1:] {
		switch strings.ToUpper(p) {
		case "HANT", "TW", "HK", "MO":
			return Languages[2]
		}
	}
	return Languages[1]
}

// useLanguage loads the translations and makes code the language of every
// string from now on; an empty or unknown code follows the system. It
// returns the language in use.
//
// Fyne has no call to choose the language: it matches the system's locale
// against the files it was given, at every load. So the chosen file is also
// loaded under the system's own locale, which then matches exactly. Every
// file has every key, so the last load replaces all of the previous one.
// Widgets built before the call keep their text, so a choice made in
// Settings applies from the next start.
func useLanguage(code string) Language {
	if err := lang.AddTranslationsFS(translations, "translations"); err != nil {
		fyne.LogError("Portview's translations did not load", err)
	}
	system := lang.SystemLocale()
	l, ok := languageByCode(code)
	if !ok {
		l = languageFor(system)
	}
	data, err := translations.ReadFile("translations/" + l.file)
	if err == nil {
		err = lang.AddTranslationsForLocale(data, fyne.Locale(system.LanguageString()))
	}
	if err != nil {
		fyne.LogError("Portview's "+l.Code+" translation did not load", err)
	}
	return l
}

// plural picks the form of key that fits n: key.one for 1, else key.other.
// English is the only language here with two forms; the Chinese files give
// both the same text. lang.N would take the rules of the locale Fyne
// matched, which is the system's, not the one chosen in Settings.
func plural(key string, n int, one, other string, data map[string]any) string {
	if n == 1 {
		return lang.X(key+".one", one, data)
	}
	return lang.X(key+".other", other, data)
}
