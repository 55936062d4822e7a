// Package symbolsearch finds a security by its code or by any of its three
// names (English, simplified and traditional Chinese) among the ones the
// app knows: LongPort's security list and every security seen in the
// session. It holds them in memory, so that a search as the user types
// costs a scan of a few thousand strings and never waits on the network;
// what it knows comes from the callers, and nothing here fetches.
package symbolsearch

import (
	"cmp"
	"maps"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// Entry is a security the search knows; any of the names may be empty.
type Entry struct {
	Symbol string // such as "TSLA.US" or "700.HK"
	NameEN string
	NameCN string // simplified Chinese
	NameHK string // traditional Chinese
}

// Rank orders the matches of a query, best first.
type Rank int

const (
	ExactCode    Rank = iota // the query is the code ("TSLA", "00700") or the symbol
	CodePrefix               // the code or the symbol starts with the query
	NamePrefix               // one of the names starts with the query
	NameContains             // one of the names holds the query
)

// Match is an entry a query found, with why.
type Match struct {
	Entry
	Rank Rank
	// Name is the name the query matched, for a name match; "" for a code.
	Name string
}

// entry is an Entry with the forms a search compares, computed once.
type entry struct {
	Entry
	symbol string    // upper case
	code   string    // the symbol without its market, upper case
	market string    // "US", "HK", "SH"...
	names  [3]string // lower case, in Entry's order
}

// Index is the securities a search looks through. It is safe for
// concurrent use: a load in the background adds while the UI searches,
// and a search never waits for it. An Add builds the next state beside
// the one searched and swaps it in whole.
//
// A search does not compare the query with every entry: codes are kept
// sorted, so that those that start with the query are a range found by
// bisection, and the names are one string that strings.Index scans (with
// the processor's vector instructions) for the query, an entry at a time
// only where it occurs.
type Index struct {
	adding sync.Mutex // one Add at a time
	state  atomic.Pointer[state]
}

// state is what a search reads; it never changes once stored.
type state struct {
	entries  []entry
	bySymbol map[string]int
	byCode   []int32 // entries by code, then symbol
	bySym    []int32 // entries by symbol
	names    string  // every entry's names, lower case, each after a 0 byte
	starts   []int32 // where each entry's names begin in names
}

var empty = &state{}

func (x *Index) load() *state {
	if s := x.state.Load(); s != nil {
		return s
	}
	return empty
}

// Add puts the entries in the index. An entry already there keeps its
// names and takes the ones it lacked: the security list fetched in
// English fills the English names, the one in Chinese the Chinese ones.
func (x *Index) Add(entries ...Entry) {
	if len(entries) == 0 {
		return // nothing to rebuild the index for
	}
	x.adding.Lock()
	defer x.adding.Unlock()
	old := x.load()
	s := &state{entries: slices.Clone(old.entries), bySymbol: maps.Clone(old.bySymbol)}
	if s.bySymbol == nil {
		s.bySymbol = make(map[string]int, len(entries))
	}
	for _, e := range entries {
		e.Symbol = strings.ToUpper(strings.TrimSpace(e.Symbol))
		if e.Symbol == "" {
			continue
		}
		i, ok := s.bySymbol[e.Symbol]
		if !ok {
			i = len(s.entries)
			s.bySymbol[e.Symbol] = i
			s.entries = append(s.entries, entry{})
		}
		had := s.entries[i].Entry
		e.NameEN = cmp.Or(strings.TrimSpace(e.NameEN), had.NameEN)
		e.NameCN = cmp.Or(strings.TrimSpace(e.NameCN), had.NameCN)
		e.NameHK = cmp.Or(strings.TrimSpace(e.NameHK), had.NameHK)
		s.entries[i] = newEntry(e)
	}
	s.build()
	x.state.Store(s)
}

// build lays out the sorted codes and the names' string.
func (s *state) build() {
	n := len(s.entries)
	s.byCode, s.bySym, s.starts = make([]int32, n), make([]int32, n), make([]int32, n)
	var b strings.Builder
	for i := range s.entries {
		s.byCode[i], s.bySym[i] = int32(i), int32(i)
		s.starts[i] = int32(b.Len())
		for _, name := range s.entries[i].names {
			b.WriteByte(0)
			b.WriteString(name)
		}
	}
	s.names = b.String()
	slices.SortFunc(s.byCode, func(a, b int32) int {
		ea, eb := &s.entries[a], &s.entries[b]
		return cmp.Or(strings.Compare(ea.code, eb.code), strings.Compare(ea.symbol, eb.symbol))
	})
	slices.SortFunc(s.bySym, func(a, b int32) int { return strings.Compare(s.entries[a].symbol, s.entries[b].symbol) })
}

func newEntry(e Entry) entry {
	code, market := splitSymbol(e.Symbol)
	return entry{Entry: e, symbol: e.Symbol, code: code, market: market,
		names: [3]string{strings.ToLower(e.NameEN), strings.ToLower(e.NameCN), strings.ToLower(e.NameHK)}}
}

// splitSymbol parts "BRK.B.US" into "BRK.B" and "US"; a symbol without a
// known market is all code.
func splitSymbol(symbol string) (code, market string) {
	if i := strings.LastIndexByte(symbol, '.'); i > 0 && Markets[symbol[i+1:]] {
		return symbol[:i], symbol[i+1:]
	}
	return symbol, ""
}

// Len is how many securities the index knows.
func (x *Index) Len() int { return len(x.load().entries) }

// Lookup returns the entry of symbol, if the index has it.
func (x *Index) Lookup(symbol string) (Entry, bool) {
	s := x.load()
	i, ok := s.bySymbol[strings.ToUpper(strings.TrimSpace(symbol))]
	if !ok {
		return Entry{}, false
	}
	return s.entries[i].Entry, true
}

// Search returns up to limit entries that match query, best first: the
// exact code, then codes that start with it, then names that start with
// it, then names that hold it. Codes compare without case, and an HK code
// also without its leading zeros ("00700" is 700.HK); names compare
// without case, Chinese by substring. Within a rank, shorter codes and
// names come first, then the symbols in order.
func (x *Index) Search(query string, limit int) []Match {
	q := strings.TrimSpace(query)
	if q == "" || limit <= 0 {
		return nil
	}
	upper, lower := normalizeQuery(q), strings.ToLower(q)

	s := x.load()
	var buckets [4][]int32
	taken := map[int32]bool{}
	take := func(r Rank, i int32) {
		if !taken[i] {
			taken[i] = true
			buckets[r] = append(buckets[r], i)
		}
	}
	if isDigits(upper) {
		for _, i := range s.codeRange(strings.TrimLeft(upper, "0"), false) {
			if s.entries[i].market == "HK" {
				take(ExactCode, i)
			}
		}
	}
	for _, i := range s.codeRange(upper, false) {
		take(ExactCode, i)
	}
	if i, ok := s.bySymbol[upper]; ok {
		take(ExactCode, int32(i))
	}
	for _, i := range s.codeRange(upper, true) {
		take(CodePrefix, i)
	}
	from, _ := slices.BinarySearchFunc(s.bySym, upper, func(i int32, q string) int { return strings.Compare(s.entries[i].symbol, q) })
	for _, i := range s.bySym[from:] {
		if !strings.HasPrefix(s.entries[i].symbol, upper) {
			break
		}
		take(CodePrefix, i)
	}

	var named map[int32]string
	if len(buckets[ExactCode])+len(buckets[CodePrefix]) < limit {
		named = map[int32]string{}
		for pos := 0; ; {
			at := strings.Index(s.names[pos:], lower)
			if at < 0 {
				break
			}
			at += pos
			i, found := slices.BinarySearch(s.starts, int32(at))
			if !found {
				i--
			}
			if m, ok := s.entries[i].matchName(lower); ok && !taken[int32(i)] {
				take(m.Rank, int32(i))
				named[int32(i)] = m.Name
			}
			pos = len(s.names)
			if i+1 < len(s.starts) {
				pos = int(s.starts[i+1])
			}
		}
	}

	out := make([]Match, 0, min(limit, len(taken)))
	for r, b := range buckets {
		if len(out) == limit {
			break
		}
		m := make([]Match, len(b))
		for k, i := range b {
			m[k] = Match{Entry: s.entries[i].Entry, Rank: Rank(r), Name: named[i]}
		}
		slices.SortFunc(m, compareMatches)
		out = append(out, m[:min(len(m), limit-len(out))]...)
	}
	return out
}

// codeRange are the entries whose code is code, or starts with it.
func (s *state) codeRange(code string, prefix bool) []int32 {
	if code == "" {
		return nil
	}
	from, _ := slices.BinarySearchFunc(s.byCode, code, func(i int32, q string) int { return strings.Compare(s.entries[i].code, q) })
	to := from
	for to < len(s.byCode) {
		c := s.entries[s.byCode[to]].code
		if c != code && !(prefix && strings.HasPrefix(c, code)) {
			break
		}
		to++
	}
	return s.byCode[from:to]
}

// matchName is e's best name match of lower: a name that starts with it
// before one that holds it.
func (e *entry) matchName(lower string) (Match, bool) {
	best := -1
	rank := NameContains
	for i, n := range e.names {
		switch {
		case n == "":
		case strings.HasPrefix(n, lower):
			if rank != NamePrefix || best < 0 {
				best, rank = i, NamePrefix
			}
		case best < 0 && strings.Contains(n, lower):
			best = i
		}
	}
	if best < 0 {
		return Match{}, false
	}
	return Match{Entry: e.Entry, Rank: rank, Name: e.name(best)}, true
}

func (e *entry) name(i int) string {
	return [3]string{e.NameEN, e.NameCN, e.NameHK}[i]
}

// compareMatches orders matches of one rank: the shorter code (for a code)
// or name (for a name) first, as the closer fit, then by symbol.
func compareMatches(a, b Match) int {
	la, lb := len(a.Symbol), len(b.Symbol)
	if a.Name != "" || b.Name != "" {
		la, lb = len(a.Name), len(b.Name)
	}
	return cmp.Or(cmp.Compare(la, lb), strings.Compare(a.Symbol, b.Symbol))
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// Found takes LongPort's answer about candidates (static info, cmd 10)
// and returns the ones that exist, in the candidates' order, adding them
// to the index: a symbol exists when the answer gives it a name. LongPort
// leaves out a symbol it does not list; a name that is only the symbol
// again names nothing (the sandbox's fake answers so for a symbol it
// does not know).
func (x *Index) Found(candidates []string, answer []Entry) []Entry {
	named := make(map[string]Entry, len(answer))
	for _, e := range answer {
		sym := strings.ToUpper(e.Symbol)
		for _, n := range []string{e.NameEN, e.NameCN, e.NameHK} {
			if n != "" && strings.ToUpper(n) != sym {
				named[sym] = e
			}
		}
	}
	var out []Entry
	for _, c := range candidates {
		if e, ok := named[strings.ToUpper(c)]; ok {
			out = append(out, e)
		}
	}
	x.Add(out...)
	for i := range out {
		out[i], _ = x.Lookup(out[i].Symbol)
	}
	return out
}
