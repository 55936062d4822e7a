package locale

import "testing"

func TestWritten(t *testing.T) {
	for tag, want := range map[string]string{
		"":           English,
		"en-US":      English,
		"fr":         English,
		"zhx":        English,
		"zh":         SimplifiedChinese,
		"zh-CN":      SimplifiedChinese,
		"zh-Hans-SG": SimplifiedChinese,
		"zh-TW":      TraditionalChinese,
		"zh_HK":      TraditionalChinese,
		"zh-MO":      TraditionalChinese,
		"zh-Hant":    TraditionalChinese,
		"zh-Hant-CN": TraditionalChinese,
	} {
		if got := Written(tag); got != want {
			t.Errorf("Written(%q) = %q, want %q", tag, got, want)
		}
	}
}
