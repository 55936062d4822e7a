// Package locale maps a BCP 47 language tag to the three written languages
// Portview's pages come in, for the oauth package and its fake server.
package locale

import "strings"

// The written languages of the pages.
const (
	English            = "en"
	SimplifiedChinese  = "zh-Hans"
	TraditionalChinese = "zh-Hant"
)

// Written maps a BCP 47 tag (or a POSIX-style "zh_TW") to a page language:
// Chinese written in Taiwan, Hong Kong or Macau, or tagged Hant, is
// traditional; other Chinese is simplified; everything else is English.
func Written(tag string) string {
	t := strings.ToLower(strings.ReplaceAll(tag, "_", "-"))
	if t != "zh" && !strings.HasPrefix(t, "zh-") {
		return English
	}
	for _, part := range strings.Split(t, "-")[1:] {
		switch part {
		case "hant", "tw", "hk", "mo":
			return TraditionalChinese
		case "hans":
			return SimplifiedChinese
		}
	}
	return SimplifiedChinese
}
