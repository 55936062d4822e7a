package oauthtest

import (
	"bytes"
	"html/template"
	"net/http"
	"strings"

	"github.com/portview/portview/oauth/internal/locale"
)

// consentText is the consent page in one language. The sandbox shows it to
// real users in their real browser, so it follows the app's language, which
// the app sends as ui_locales.
type consentText struct {
	Lang, Title, Notice, Heading, ClientID, AskingTo, NoScopes, Scope, Return, Deny, Allow string
	unnamed, otherScope                                                                    string
	scopes                                                                                 map[string]string
}

// consentTexts holds the page in each language locale.Written returns; the
// scope labels are those an official LongPort tool gives.
var consentTexts = map[string]consentText{
	locale.English: {
		Lang: "en", Title: "Sign in to LongPort · Sandbox",
		Notice:   "Sandbox: an offline imitation of LongPort sign-in. No real account, password or market data is involved.",
		Heading:  "{client} wants to access your LongPort account",
		ClientID: "Client ID", AskingTo: "It is asking to:", NoScopes: "It is not asking for any specific permission.",
		Scope: "scope", Return: "After you choose, you will be sent back to", Deny: "Deny", Allow: "Allow",
		unnamed: "An unnamed application", otherScope: "Use LongPort permission {scope}",
		scopes: map[string]string{"4": "See your watchlists", "6": "See your account balances and positions", "10": "Look up your orders", "11": "Place and cancel trades"},
	},
	locale.SimplifiedChinese: {
		Lang: "zh-Hans", Title: "登录 LongPort · 沙盒",
		Notice:   "沙盒：LongPort 登录的离线模拟，不涉及任何真实账户、密码或行情数据。",
		Heading:  "{client} 请求访问您的 LongPort 账户",
		ClientID: "客户端 ID", AskingTo: "它请求：", NoScopes: "它没有请求任何特定权限。",
		Scope: "权限", Return: "选择后，您将被送回", Deny: "拒绝", Allow: "允许",
		unnamed: "未命名的应用", otherScope: "使用 LongPort 权限 {scope}",
		scopes: map[string]string{"4": "查看您的自选股", "6": "查看您的账户资产和持仓", "10": "查询您的订单", "11": "下单和撤单"},
	},
	locale.TraditionalChinese: {
		Lang: "zh-Hant", Title: "登入 LongPort · 沙盒",
		Notice:   "沙盒：LongPort 登入的離線模擬，不涉及任何真實帳戶、密碼或行情資料。",
		Heading:  "{client} 請求存取您的 LongPort 帳戶",
		ClientID: "用戶端 ID", AskingTo: "它請求：", NoScopes: "它沒有請求任何特定權限。",
		Scope: "權限", Return: "選擇後，您將被送回", Deny: "拒絕", Allow: "允許",
		unnamed: "未命名的應用程式", otherScope: "使用 LongPort 權限 {scope}",
		scopes: map[string]string{"4": "查看您的自選股", "6": "查看您的帳戶資產和持倉", "10": "查詢您的訂單", "11": "下單和撤單"},
	},
}

// pageCSS is shared by both pages; everything is inline so the pages work
// offline and under a CSP that forbids every external resource.
const pageCSS = `
:root { color-scheme: light dark; --bg: #f2f4f7; --card: #fff; --text: #1c2230; --muted: #5d6677;
  --line: #e3e7ee; --accent: #1f6feb; --accent-text: #fff; --warn-bg: #fff4d6; --warn-text: #6b4e00; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #111418; --card: #1b2027; --text: #e6e9ef; --muted: #9aa3b2; --line: #2c333d;
    --accent: #4c8dff; --warn-bg: #3a3016; --warn-text: #f0d58a; }
}
* { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: flex; align-items: center; justify-content: center;
  background: var(--bg); color: var(--text); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { width: min(28rem, calc(100% - 2rem)); background: var(--card); border: 1px solid var(--line);
  border-radius: 14px; padding: 1.75rem; box-shadow: 0 8px 30px rgba(0, 0, 0, .08); }
.brand { font-weight: 600; letter-spacing: .02em; color: var(--muted); font-size: .85rem; margin: 0 0 1rem; }
.sandbox { background: var(--warn-bg); color: var(--warn-text); border-radius: 8px; padding: .5rem .75rem;
  font-size: .85rem; margin: 0 0 1.25rem; }
h1 { font-size: 1.25rem; line-height: 1.3; margin: 0 0 .75rem; }
p { margin: 0 0 1rem; }
ul { margin: 0 0 1.25rem; padding: 0; list-style: none; border-top: 1px solid var(--line); }
li { padding: .6rem 0; border-bottom: 1px solid var(--line); display: flex; justify-content: space-between; gap: 1rem; }
li small, .muted { color: var(--muted); }
li small { white-space: nowrap; }
.muted { font-size: .85rem; }
h1, .muted, code { overflow-wrap: anywhere; }
code { font: .85em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.actions { display: flex; gap: .75rem; justify-content: flex-end; margin-top: 1.25rem; }
button { font: inherit; font-weight: 600; border-radius: 8px; padding: .55rem 1.3rem; cursor: pointer;
  border: 1px solid var(--line); background: transparent; color: var(--text); }
button.primary { background: var(--accent); border-color: var(--accent); color: var(--accent-text); }
button:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
`

var pages = template.Must(template.New("consent").Parse(`<!doctype html>
<html lang="{{.T.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.T.Title}}</title>
<style>{{.CSS}}</style>
</head>
<body>
<main>
<p class="brand">LongPort OpenAPI</p>
<p class="sandbox">{{.T.Notice}}</p>
<h1>{{.Heading}}</h1>
<p class="muted">{{.T.ClientID}} <code>{{.ClientID}}</code></p>
{{if .Scopes}}<p>{{.T.AskingTo}}</p>
<ul>{{range .Scopes}}<li><span>{{.Label}}</span><small>{{$.T.Scope}} {{.Code}}</small></li>{{end}}</ul>
{{else}}<p>{{.T.NoScopes}}</p>{{end}}
<p class="muted">{{.T.Return}} <code>{{.RedirectURI}}</code></p>
<form method="post" action="{{.Action}}">
<input type="hidden" name="consent" value="{{.ConsentID}}">
<div class="actions">
<button type="submit" name="decision" value="deny">{{.T.Deny}}</button>
<button type="submit" name="decision" value="allow" class="primary" autofocus>{{.T.Allow}}</button>
</div>
</form>
</main>
</body>
</html>
`))

var _ = template.Must(pages.New("error").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign-in problem · LongPort Sandbox</title>
<style>{{.CSS}}</style>
</head>
<body>
<main>
<p class="brand">LongPort OpenAPI</p>
<p class="sandbox">Sandbox: an offline imitation of LongPort sign-in.</p>
<h1>Sign-in cannot continue</h1>
<p class="message">{{.Message}}</p>
<p class="muted">Close this tab and start signing in again from the application.</p>
</main>
</body>
</html>
`))

type scopeItem struct{ Code, Label string }

// writeConsentPage renders the page where the user allows or denies req,
// in the language of the request's ui_locales.
func writeConsentPage(w http.ResponseWriter, c *client, req authRequest, consentID string) {
	text := consentTexts[locale.Written(req.uiLocale)]
	name := c.name
	if name == "" {
		name = text.unnamed
	}
	var scopes []scopeItem
	for _, sc := range strings.Fields(req.scope) {
		label, ok := text.scopes[sc]
		if !ok {
			label = strings.ReplaceAll(text.otherScope, "{scope}", sc)
		}
		scopes = append(scopes, scopeItem{Code: sc, Label: label})
	}
	writePage(w, http.StatusOK, "consent", map[string]any{
		"CSS":         template.CSS(pageCSS),
		"T":           text,
		"Heading":     strings.ReplaceAll(text.Heading, "{client}", name),
		"ClientID":    c.id,
		"Scopes":      scopes,
		"RedirectURI": req.redirectURI,
		"Action":      pathAuthorize,
		"ConsentID":   consentID,
	})
}

// writeErrorPage tells the user, not the client, what went wrong: used where
// redirecting is not safe.
func writeErrorPage(w http.ResponseWriter, status int, message string) {
	writePage(w, status, "error", map[string]any{"CSS": template.CSS(pageCSS), "Message": message})
}

func writePage(w http.ResponseWriter, status int, name string, data any) {
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, name, data); err != nil {
		http.Error(w, "render page", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	// No external resources at all, and no framing: a consent page inside
	// another site's frame could be clickjacked. form-action is left out on
	// purpose, since browsers apply it to the redirect back to the app.
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}
