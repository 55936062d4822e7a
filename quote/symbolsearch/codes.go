package symbolsearch

import "strings"

// Markets are the market suffixes of LongPort's symbols: US, Hong Kong,
// Shanghai, Shenzhen and Singapore.
var Markets = map[string]bool{"US": true, "HK": true, "SH": true, "SZ": true, "SG": true}

// maxCode is longer than any code LongPort lists with its market, so
// that a query longer than it is a name.
const maxCode = 16

// Candidates returns the symbols a typed code can stand for, in LongPort's
// form, for the caller to ask LongPort which exist: "700.hk" and "00700.HK"
// are 700.HK; "00700" can only be Hong Kong's; "600519" is Shanghai's or
// Shenzhen's (000001 is both: the SSE index and Ping An Bank); "tsla" and
// "D05" are US or Singapore codes. A query that cannot be a code (spaces,
// Chinese, punctuation) has none.
func Candidates(query string) []string {
	q := strings.ToUpper(strings.TrimSpace(query))
	if q == "" || len(q) > maxCode || strings.Trim(q, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.") != "" {
		return nil
	}
	if code, market := splitSymbol(q); market != "" {
		if s := symbolOf(code, market); s != "" {
			return []string{s}
		}
		return nil
	}
	if strings.Trim(q, ".") == "" || strings.HasPrefix(q, ".") || strings.HasSuffix(q, ".") {
		return nil
	}
	switch {
	case isDigits(q) && len(q) <= 5:
		return []string{symbolOf(q, "HK")}
	case isDigits(q) && len(q) == 6:
		return []string{q + ".SH", q + ".SZ"}
	case isDigits(q):
		return nil
	}
	return []string{q + ".US", q + ".SG"}
}

// symbolOf is code in market as LongPort writes it: Hong Kong's codes
// without leading zeros.
func symbolOf(code, market string) string {
	if market == "HK" {
		code = strings.TrimLeft(code, "0")
	}
	if code == "" || strings.HasPrefix(code, ".") {
		return ""
	}
	return code + "." + market
}

// normalizeQuery is query as the index writes a symbol when it names its
// market ("00700.hk" is 700.HK), else query in upper case.
func normalizeQuery(query string) string {
	upper := strings.ToUpper(query)
	if code, market := splitSymbol(upper); market != "" {
		if s := symbolOf(code, market); s != "" {
			return s
		}
	}
	return upper
}
