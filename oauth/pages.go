package oauth

// pageID names a page the loopback listener shows in the browser.
type pageID int

const (
	pageSuccess pageID = iota
	pageBadState
	pageAlreadyDone
	pageNotFound
	pageDeclined
	pageProviderError
	pageUnverified
)

type pageText struct{ title, message string }

// pageTexts are the browser pages in the app's three languages; the user
// reads them right after LongPort's own page, in the language of the app.
var pageTexts = map[string]map[pageID]pageText{
	"en": {
		pageSuccess:       {"You are signed in", "Portview has your permission. You can close this tab and return to Portview."},
		pageBadState:      {"This sign-in link has expired", "This page does not belong to the sign-in Portview is waiting for. Return to Portview and use Open browser to start again."},
		pageAlreadyDone:   {"Already done", "Portview has already received this sign-in. You can close this tab and return to Portview."},
		pageNotFound:      {"Nothing here", "Return to Portview."},
		pageDeclined:      {"Sign-in not completed", "You declined access. Return to Portview to try again."},
		pageProviderError: {"Sign-in failed", "LongPort could not complete the sign-in. Return to Portview to see why and try again."},
		pageUnverified:    {"Sign-in ignored", "The sign-in response could not be verified and was ignored. Return to Portview to try again."},
	},
	"zh-Hans": {
		pageSuccess:       {"登录成功", "Portview 已获得授权。您可以关闭此标签页并返回 Portview。"},
		pageBadState:      {"此登录链接已失效", "此页面不属于 Portview 正在等待的登录。请返回 Portview，点击“打开浏览器”重新开始。"},
		pageAlreadyDone:   {"已完成", "Portview 已收到此次登录。您可以关闭此标签页并返回 Portview。"},
		pageNotFound:      {"此处没有内容", "请返回 Portview。"},
		pageDeclined:      {"登录未完成", "您拒绝了授权。请返回 Portview 重试。"},
		pageProviderError: {"登录失败", "LongPort 未能完成登录。请返回 Portview 查看原因并重试。"},
		pageUnverified:    {"登录已忽略", "无法验证此登录响应，已将其忽略。请返回 Portview 重试。"},
	},
	"zh-Hant": {
		pageSuccess:       {"登入成功", "Portview 已獲得授權。您可以關閉此分頁並返回 Portview。"},
		pageBadState:      {"此登入連結已失效", "此頁面不屬於 Portview 正在等待的登入。請返回 Portview，點擊「開啟瀏覽器」重新開始。"},
		pageAlreadyDone:   {"已完成", "Portview 已收到此次登入。您可以關閉此分頁並返回 Portview。"},
		pageNotFound:      {"此處沒有內容", "請返回 Portview。"},
		pageDeclined:      {"登入未完成", "您拒絕了授權。請返回 Portview 重試。"},
		pageProviderError: {"登入失敗", "LongPort 未能完成登入。請返回 Portview 查看原因並重試。"},
		pageUnverified:    {"登入已忽略", "無法驗證此登入回應，已將其忽略。請返回 Portview 重試。"},
	},
}
