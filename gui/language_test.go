package gui

import (
	"encoding/json"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/portview/portview/oauth"
)

// readTranslation reads one embedded file as key -> value, where a value
// is a string or, for Fyne's plural keys, an object.
func readTranslation(t *testing.T, name string) map[string]any {
	t.Helper()
	data, err := translations.ReadFile("translations/" + name)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return m
}

var placeholder = regexp.MustCompile(`{{\s*\.(\w+)\s*}}`)

// placeholders lists the template fields of a value, sorted.
func placeholders(v any) []string {
	s, _ := json.Marshal(v)
	var out []string
	for _, m := range placeholder.FindAllStringSubmatch(string(s), -1) {
		out = append(out, m[1])
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func TestEveryLanguageHasEveryKey(t *testing.T) {
	entries, err := translations.ReadDir("translations")
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, e := range entries {
		files = append(files, e.Name())
	}
	for _, l := range Languages {
		if !slices.Contains(files, l.file) {
			t.Errorf("no translations/%s for %s", l.file, l.Code)
		}
	}
	if len(files) != len(Languages) {
		t.Errorf("translations/ holds %v; Languages names %d", files, len(Languages))
	}

	en := readTranslation(t, "en.json")
	for _, name := range files {
		if name == "en.json" {
			continue
		}
		other := readTranslation(t, name)
		for _, k := range slices.Sorted(maps.Keys(en)) {
			v, ok := other[k]
			if !ok {
				t.Errorf("%s has no %q, which en.json has", name, k)
				continue
			}
			if got, want := placeholders(v), placeholders(en[k]); !slices.Equal(got, want) {
				t.Errorf("%s: %q uses %v, en.json uses %v", name, k, got, want)
			}
			if s, ok := v.(string); ok && strings.TrimSpace(s) == "" {
				t.Errorf("%s: %q is empty", name, k)
			}
		}
		for _, k := range slices.Sorted(maps.Keys(other)) {
			if _, ok := en[k]; !ok {
				t.Errorf("%s has %q, which en.json lacks", name, k)
			}
		}
	}
}

// sourceKeys finds the keys the package's code asks lang for, with the
// English fallback written next to each: lang.X("key", "fallback", ...),
// lang.L("text") and plural("key", n, "one", "other", ...).
func sourceKeys(t *testing.T) map[string]string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	for _, pkg := range []string{"chart", "table"} {
		if sub, err := filepath.Glob(pkg + "/*.go"); err == nil {
			files = append(files, sub...) // the chart and the table speak through the same files
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]string{}
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
			if fn, ok := n.(*ast.FuncDecl); ok && fn.Name.Name == "plural" {
				return false // its own lang calls build the key; its callers are checked
			}
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			args := make([]string, len(call.Args))
			for i, a := range call.Args {
				if lit, ok := a.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					args[i], _ = strconv.Unquote(lit.Value)
				}
			}
			at := fset.Position(call.Pos())
			need := func(i int) bool {
				if len(args) <= i || args[i] == "" {
					t.Errorf("%s: a lang call without a literal key or fallback; the key check cannot see it", at)
					return false
				}
				return true
			}
			switch fun := call.Fun.(type) {
			case *ast.SelectorExpr:
				if pkg, ok := fun.X.(*ast.Ident); !ok || pkg.Name != "lang" {
					return true
				}
				switch fun.Sel.Name {
				case "X", "XN":
					if need(0) && need(1) {
						keys[args[0]] = args[1]
					}
				case "L", "N":
					if need(0) {
						keys[args[0]] = args[0]
					}
				}
			case *ast.Ident:
				if fun.Name == "plural" && len(call.Args) >= 4 && need(0) && need(2) && need(3) {
					keys[args[0]+".one"] = args[2]
					keys[args[0]+".other"] = args[3]
				}
			}
			return true
		})
	}
	return keys
}

func TestEveryKeyInTheCodeIsInEnglish(t *testing.T) {
	keys := sourceKeys(t)
	if len(keys) < 100 {
		t.Fatalf("found only %d keys in the code; is the scan broken?", len(keys))
	}
	en := readTranslation(t, "en.json")
	for _, k := range slices.Sorted(maps.Keys(keys)) {
		v, ok := en[k]
		if !ok {
			t.Errorf("en.json has no %q, which the code uses", k)
			continue
		}
		if v != keys[k] {
			t.Errorf("en.json: %q is %q, the code's fallback %q", k, v, keys[k])
		}
	}
}

func TestLanguageForASystemLocale(t *testing.T) {
	tests := []struct {
		locale fyne.Locale
		want   string
	}{
		{"en-US", "en"},
		{"de-DE", "en"},
		{"zh-CN", "zh-Hans"},
		{"zh-SG", "zh-Hans"},
		{"zh", "zh-Hans"},
		{"zh-TW", "zh-Hant"},
		{"zh-HK", "zh-Hant"},
		{"zh-MO", "zh-Hant"},
		{"zh-TW-Hant", "zh-Hant"}, // as Fyne writes a tag with script and region
		{"zh_Hant", "zh-Hant"},
	}
	for _, tt := range tests {
		if got := languageFor(tt.locale).Code; got != tt.want {
			t.Errorf("languageFor(%q) = %q, want %q", tt.locale, got, tt.want)
		}
	}
}

// The system's locale, as Fyne reads it from the environment on Linux,
// picks the file: the names of the files are what makes this work.
func TestTheSystemLocalePicksTheLanguage(t *testing.T) {
	tests := []struct{ lang, language, want string }{
		{"C.UTF-8", "", "Not signed in."},
		{"en_US.UTF-8", "", "Not signed in."},
		{"de_DE.UTF-8", "", "Not signed in."},
		{"zh_CN.UTF-8", "", "未登录。"},
		{"zh_SG.UTF-8", "", "未登录。"},
		{"zh_TW.UTF-8", "", "未登入。"},
		{"zh_HK.UTF-8", "", "未登入。"},
		{"en_US.UTF-8", "zh_TW:en", "未登入。"},
	}
	for _, tt := range tests {
		t.Run(tt.lang+"/"+tt.language, func(t *testing.T) {
			t.Setenv("LANG", tt.lang)
			t.Setenv("LANGUAGE", tt.language)
			t.Cleanup(func() { useLanguage("") })
			useLanguage("")
			if got := lang.X("status.not_signed_in", "Not signed in."); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if tt.want == "未登入。" && lang.L("Cancel") != "取消" {
				t.Errorf("Fyne's own strings: Cancel = %q", lang.L("Cancel"))
			}
		})
	}
}

func TestTheSettingOverridesTheSystem(t *testing.T) {
	tests := []struct {
		name, lang, setting string
		want, one           string
	}{
		{"English on a Chinese system", "zh_TW.UTF-8", "en", "Not signed in.", "1 security"},
		{"Simplified on a Traditional system", "zh_HK.UTF-8", "zh-Hans", "未登录。", "共 1 只证券"},
		{"Traditional on an English system", "en_US.UTF-8", "zh-Hant", "未登入。", "共 1 項證券"},
		{"Simplified on a German system", "de_DE.UTF-8", "zh-Hans", "未登录。", "共 1 只证券"},
		{"Traditional without a locale", "C.UTF-8", "zh-Hant", "未登入。", "共 1 項證券"},
		{"an unknown setting follows the system", "zh_CN.UTF-8", "klingon", "未登录。", "共 1 只证券"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("LANG", tt.lang)
			t.Setenv("LANGUAGE", "")
			t.Cleanup(func() { useLanguage("") })
			useLanguage(tt.setting)
			if got := lang.X("status.not_signed_in", "Not signed in."); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			// The plural form follows the language chosen, not the system's.
			if got := countText(1, 1); got != tt.one {
				t.Errorf("countText(1, 1) = %q, want %q", got, tt.one)
			}
		})
	}
}

func TestNumbersAndDurationsReadNaturally(t *testing.T) {
	type want struct{ en, hans, hant string }
	tests := []struct {
		name string
		got  func() string
		want want
	}{
		{"a filtered count", func() string { return countText(1204, 11873) },
			want{"1,204 of 11,873", "显示 1,204 只，共 11,873 只", "顯示 1,204 項，共 11,873 項"}},
		{"an unfiltered count", func() string { return countText(11873, 11873) },
			want{"11,873 securities", "共 11,873 只证券", "共 11,873 項證券"}},
		{"a single security", func() string { return countText(1, 1) },
			want{"1 security", "共 1 只证券", "共 1 項證券"}},
		{"minutes", func() string { return untilText(41*time.Minute + 20*time.Second) },
			want{"41 min", "41 分钟", "41 分鐘"}},
		{"hours and minutes", func() string { return untilText(125 * time.Minute) },
			want{"2 h 5 min", "2 小时 5 分钟", "2 小時 5 分鐘"}},
		{"whole hours", func() string { return untilText(3 * time.Hour) },
			want{"3 h", "3 小时", "3 小時"}},
		{"under a minute", func() string { return untilText(20 * time.Second) },
			want{"less than a minute", "不到 1 分钟", "不到 1 分鐘"}},
		{"a retry", func() string { return secondsText(29_200 * time.Millisecond) },
			want{"30 s", "30 秒", "30 秒"}},
		{"a latency", func() string { return latencyText(84 * time.Millisecond) },
			want{"84 ms", "84 毫秒", "84 毫秒"}},
		{"the status line", func() string {
			text, _ := statusText(oauth.State{Kind: oauth.SignedIn, Region: oauth.Global, NextRefresh: testStart.Add(41 * time.Minute)}, time.Time{}, testStart)
			return text
		}, want{"Signed in to Global. Access renews in 41 min.", "已登录：全球。访问权限将在 41 分钟后续期。", "已登入：全球。存取權限將在 41 分鐘後續期。"}},
		{"a failed renewal", func() string {
			text, _ := statusText(oauth.State{Kind: oauth.BackingOff, Region: oauth.China, Reason: oauth.ReasonServerError,
				Expiry: testStart.Add(time.Minute), RetryAt: testStart.Add(30 * time.Second)}, time.Time{}, testStart)
			return text
		}, want{"Signed in to China. Could not renew access (server error), retrying in 30 s.",
			"已登录：中国大陆。无法续期访问权限（服务器错误），将在 30 秒后重试。",
			"已登入：中國大陸。無法續期存取權限（伺服器錯誤），將在 30 秒後重試。"}},
		{"rows saved", func() string {
			return plural("export.saved", 1204, "", "", map[string]any{"N": thousands(1204), "File": "us.csv"})
		}, want{"Saved 1,204 rows to us.csv.", "已将 1,204 行保存到 us.csv。", "已將 1,204 列儲存至 us.csv。"}},
	}
	for _, l := range Languages {
		t.Run(l.Code, func(t *testing.T) {
			useTestLanguage(t, l.Code)
			for _, tt := range tests {
				w := map[string]string{"en": tt.want.en, "zh-Hans": tt.want.hans, "zh-Hant": tt.want.hant}[l.Code]
				if got := tt.got(); got != w {
					t.Errorf("%s: got %q, want %q", tt.name, got, w)
				}
			}
		})
	}
}

func TestOAuthAndQuoteErrorsAreTranslated(t *testing.T) {
	useTestLanguage(t, "zh-Hans")
	tests := []struct{ name, got, want string }{
		{"declined", signInErrorText(&oauth.AuthorizationError{Code: "access_denied"}, ""), "您拒绝了授权。"},
		{"timeout", signInErrorText(oauth.ErrSignInTimeout, ""), "登录未在 5 分钟内完成。"},
		{"issuer mismatch", signInErrorText(oauth.ErrIssuerMismatch, ""), "无法验证登录响应，已忽略。"},
		{"port in use", signInErrorText(oauth.ErrPortInUse, ""), "端口已被其他程序占用"},
		{"renewal slowed down", renewReasonText(oauth.ReasonSlowDown), "LongPort 要求降低请求频率"},
		{"renewals limited", renewReasonText(oauth.ReasonClientLimit), "10 分钟内续期次数过多"},
		{"network", renewReasonText(oauth.ReasonNetwork), "网络错误"},
		{"an address without scheme", addressProblemText(parseErr("openapi.example.com")), "缺少协议"},
		{"plain http off loopback", addressProblemText(parseErr("http://example.com")), "请使用 https"},
		{"a refused grant", signInNeededText(oauth.State{Region: oauth.Global, Reason: oauth.ReasonGrantRefused, Err: oauth.ErrSignInRequired}), "LongPort 不再接受您在全球的登录。"},
		{"a load while renewal backs off", quoteErrorText(&oauth.RenewError{Reason: oauth.ReasonServerError, RetryAt: testStart.Add(30 * time.Second)}, testStart, ""), "无法续期访问权限（服务器错误），将在 30 秒后重试。"},
		{"a sign-out that could not forget", signOutProblemText(errors.New("keyring: delete: locked")), "未能从这台电脑的系统凭据存储中删除您的登录信息"},
	}
	for _, tt := range tests {
		if !strings.Contains(tt.got, tt.want) {
			t.Errorf("%s: %q does not contain %q", tt.name, tt.got, tt.want)
		}
	}
}

func parseErr(raw string) error {
	_, err := oauth.ParseBaseURL(raw)
	return err
}

func TestTheLanguageSettingPersists(t *testing.T) {
	a := test.NewTempApp(t)
	prefs := a.Preferences() // what main passes: Fyne's preferences
	h := newHarness(t, harnessOptions{prefs: prefs})
	if got := h.ui.lang.Code; got != "en" {
		t.Fatalf("with no setting on C.UTF-8: %q", got)
	}
	h.ui.onSettings()
	top := h.ui.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no language dialog")
	}
	var choice *widget.Select
	var restart bool
	for _, o := range test.LaidOutObjects(top) {
		switch w := o.(type) {
		case *widget.Select:
			choice = w
		case *widget.Label:
			restart = restart || w.Text == "Takes effect when Portview restarts."
		}
	}
	if choice == nil || !restart {
		t.Fatalf("the dialog lacks the choice (%v) or the note about restarting (%v)", choice != nil, restart)
	}
	if got := choice.Selected; got != "System (English)" {
		t.Errorf("selected at first: %q", got)
	}
	choice.SetSelected("繁體中文")
	test.Tap(h.overlayButton("Save"))
	if got := prefs.String(prefLanguage); got != "zh-Hant" {
		t.Fatalf("preference = %q", got)
	}

	// The next start speaks Traditional Chinese, on a system that does not,
	// and tells the browser pages so.
	h.close()
	next := newHarness(t, harnessOptions{prefs: prefs, region: "sandbox", answer: "none"})
	if got := next.ui.lang.Code; got != "zh-Hant" {
		t.Fatalf("next start: %q", got)
	}
	next.ui.Start()
	next.waitFor("the sign-in page", func() bool { return next.ui.signInPage != nil && next.ui.signInPage.si != nil })
	if got := next.ui.signInPage.title.Text; got != "登入沙盒" {
		t.Errorf("sign-in title = %q", got)
	}
	if got := next.ui.signInPage.opts.Locale; got != "zh-TW" {
		t.Errorf("SignInOptions.Locale = %q, want zh-TW", got)
	}

	// Back to the system's language.
	next.ui.onSettings()
	top = next.ui.win.Canvas().Overlays().Top()
	for _, o := range test.LaidOutObjects(top) {
		if s, ok := o.(*widget.Select); ok {
			s.SetSelectedIndex(0)
		}
	}
	test.Tap(next.overlayButton("儲存"))
	if got := prefs.String(prefLanguage); got != "" {
		t.Errorf("preference after choosing the system's = %q", got)
	}
}
