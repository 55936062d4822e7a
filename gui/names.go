package gui

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/portview/portview/quote/socket"
)

// nameWait is how long a load waits for the names it does not know yet;
// past it, the rows keep the server's names and the lookup goes on for the
// next load.
const nameWait = 3 * time.Second

// securityNames are securities' names in the UI's language, from the quote
// socket's static info (cmd 10), which carries all three. The trade
// endpoints and the watchlist name a security in one language whatever the
// UI speaks (Alibaba-W in a Chinese UI); the views put these names in their
// rows as they load, off the UI goroutine. A name rarely changes: it is
// kept for the process. The UI's language is the process's, but a test
// switches it, so the names are kept by language.
var securityNames = &nameBook{names: map[nameKey]string{}, asked: map[nameKey]chan struct{}{}}

type nameKey struct{ lang, symbol string }

type nameBook struct {
	mu    sync.Mutex
	names map[nameKey]string        // "" when static info has none in the language
	asked map[nameKey]chan struct{} // closed when the lookup of the key ended
}

// uiName is the name static info gives in the language of code, "" if
// none. The symbol in place of a name is none: the server's name says more.
func uiName(info socket.StaticInfo, code string) string {
	name := nameIn(info, code)
	if strings.EqualFold(strings.TrimSpace(name), info.Symbol) {
		return ""
	}
	return name
}

// nameIn is static info's name in the language of code, as it stands.
func nameIn(info socket.StaticInfo, code string) string {
	switch code {
	case "zh-Hans":
		return info.NameCN
	case "zh-Hant":
		return info.NameHK
	}
	return info.NameEN
}

// lookup returns the names in the language of code of symbols, asking
// the socket for those never asked, and waiting up to nameWait (or ctx)
// for those being asked. A symbol without a name is not in the map.
func (b *nameBook) lookup(ctx context.Context, sock *socket.Client, code string, symbols []string) map[string]string {
	var missing []string
	var waits []chan struct{}
	done := make(chan struct{})
	b.mu.Lock()
	for _, s := range symbols {
		k := nameKey{code, s}
		if ch, ok := b.asked[k]; ok {
			if !slices.Contains(waits, ch) {
				waits = append(waits, ch)
			}
			continue
		}
		if sock != nil && s != "" {
			b.asked[k] = done
			missing = append(missing, s)
		}
	}
	b.mu.Unlock()
	if len(missing) > 0 {
		waits = append(waits, done)
		go b.ask(sock, code, missing, done)
	}
	timer := time.NewTimer(nameWait)
	defer timer.Stop()
	for _, ch := range waits {
		select {
		case <-ch:
		case <-timer.C:
		case <-ctx.Done():
		}
	}
	out := map[string]string{}
	b.mu.Lock()
	for _, s := range symbols {
		if n := b.names[nameKey{code, s}]; n != "" {
			out[s] = n
		}
	}
	b.mu.Unlock()
	return out
}

// ask fetches the static info of symbols, 500 at a time, the most a
// request takes. A symbol whose request failed is asked again next time.
func (b *nameBook) ask(sock *socket.Client, code string, symbols []string, done chan struct{}) {
	defer close(done)
	for chunk := range slices.Chunk(symbols, 500) {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		infos, err := sock.StaticInfo(ctx, chunk)
		cancel()
		b.mu.Lock()
		if err != nil {
			for _, s := range chunk {
				delete(b.asked, nameKey{code, s})
			}
		}
		for _, info := range infos {
			b.names[nameKey{code, info.Symbol}] = uiName(info, code)
		}
		b.mu.Unlock()
	}
}

// localNames puts the names in the UI's language into rows, through name
// (a pointer to the row's name); rows without one keep the server's.
func localNames[R any](ctx context.Context, c *clients, code string, rows []R, symbol func(*R) string, name func(*R) *string) {
	if len(rows) == 0 || c == nil {
		return
	}
	var symbols []string
	seen := map[string]bool{}
	for i := range rows {
		if s := symbol(&rows[i]); !seen[s] {
			seen[s] = true
			symbols = append(symbols, s)
		}
	}
	names := securityNames.lookup(ctx, c.socket, code, symbols)
	for i := range rows {
		if n, ok := names[symbol(&rows[i])]; ok {
			*name(&rows[i]) = n
		}
	}
}
