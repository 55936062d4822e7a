package simmarket

import (
	"hash/fnv"
	"slices"
)

// profile is a symbol's character: its price level and how much it moves
// (1 is an ordinary large stock).
type profile struct {
	level      float64 // around where the price wanders, in the currency
	volatility float64
	volume     int64 // shares in an ordinary day
}

// levels are real-world-ish price levels, so a user who knows the names is
// not puzzled: Coca-Cola near 65, not 300.
var levels = map[string]profile{
	"AAPL.US": {230, 1, 50e6}, "MSFT.US": {420, 0.9, 20e6}, "NVDA.US": {145, 1.4, 250e6},
	"AMZN.US": {200, 1.2, 40e6}, "GOOGL.US": {175, 1.1, 25e6}, "GOOG.US": {177, 1.1, 18e6},
	"META.US": {590, 1.3, 14e6}, "BRK.B.US": {460, 0.6, 4e6}, "JPM.US": {240, 0.8, 9e6},
	"V.US": {320, 0.7, 7e6}, "MA.US": {520, 0.7, 3e6}, "JNJ.US": {155, 0.5, 7e6},
	"WMT.US": {90, 0.6, 15e6}, "PG.US": {165, 0.5, 7e6}, "XOM.US": {115, 0.8, 15e6},
	"CVX.US": {150, 0.8, 8e6}, "KO.US": {65, 0.45, 14e6}, "PEP.US": {150, 0.5, 6e6},
	"MCD.US": {295, 0.5, 3e6}, "DIS.US": {110, 1, 9e6}, "NFLX.US": {900, 1.4, 3e6},
	"INTC.US": {22, 1.6, 60e6}, "AMD.US": {140, 1.8, 45e6}, "CSCO.US": {60, 0.6, 18e6},
	"ORCL.US": {180, 1.3, 9e6}, "IBM.US": {230, 0.8, 4e6}, "ADBE.US": {450, 1.1, 3e6},
	"CRM.US": {320, 1.1, 6e6}, "QCOM.US": {160, 1.2, 8e6}, "AVGO.US": {230, 1.6, 25e6},
	"TXN.US": {190, 0.9, 5e6}, "BA.US": {170, 1.3, 8e6}, "CAT.US": {370, 1, 3e6},
	"GE.US": {200, 1, 5e6}, "F.US": {10.5, 1.2, 60e6}, "GM.US": {55, 1.1, 12e6},
	"NKE.US": {70, 1, 12e6}, "SBUX.US": {95, 0.9, 9e6}, "COST.US": {900, 0.7, 2e6},
	"HD.US": {390, 0.8, 3e6}, "PFE.US": {26, 0.8, 35e6}, "MRK.US": {90, 0.8, 12e6},
	"ABBV.US": {190, 0.8, 6e6}, "LLY.US": {800, 1.2, 3e6}, "UNH.US": {300, 1.3, 8e6},
	"BAC.US": {45, 0.9, 35e6}, "WFC.US": {75, 0.9, 15e6}, "GS.US": {600, 0.9, 2e6},
	"MS.US": {130, 0.9, 6e6}, "C.US": {75, 1, 13e6}, "PYPL.US": {70, 1.3, 12e6},
	"UBER.US": {80, 1.4, 18e6}, "ABNB.US": {130, 1.3, 5e6}, "BABA.US": {120, 1.6, 15e6},
	"PDD.US": {110, 1.7, 8e6}, "JD.US": {35, 1.5, 10e6}, "BIDU.US": {90, 1.4, 3e6},
	"NIO.US": {5, 2, 40e6}, "TSM.US": {240, 1.2, 14e6}, "SPY.US": {600, 0.5, 60e6},
	"QQQ.US": {520, 0.7, 35e6}, "TSLA.US": {250, 2, 90e6},

	"700.HK": {460, 1.1, 18e6}, "9988.HK": {110, 1.6, 60e6}, "3690.HK": {130, 1.6, 25e6},
	"5.HK": {95, 0.6, 20e6}, "941.HK": {80, 0.5, 15e6}, "1810.HK": {45, 1.8, 100e6},

	"600519.SH": {1500, 0.8, 3e6}, "D05.SG": {45, 0.5, 4e6},
}

// profileOf returns symbol's profile; a symbol the table does not know
// gets a level made from its name, in its market's usual range.
func profileOf(symbol string) profile {
	if p, ok := levels[symbol]; ok {
		return p
	}
	h := hash(symbol)
	p := profile{volatility: 0.8 + float64(h%9)/10, volume: int64(1+h%40) * 500_000}
	switch ExchangeOf(symbol).Code {
	case "HK":
		p.level = 2 + float64(h%2000)/10
	case "CN":
		p.level = 5 + float64(h%600)/10
	case "SG":
		p.level = 0.5 + float64(h%400)/20
	default:
		p.level = 10 + float64(h%490)
	}
	return p
}

func hash(parts ...string) uint64 {
	h := fnv.New64a()
	for _, s := range parts {
		_, _ = h.Write([]byte(s))
		_, _ = h.Write([]byte{0})
	}
	return h.Sum64()
}

// Known returns the symbols whose level the market knows by name.
func Known() []string {
	out := make([]string, 0, len(levels))
	for s := range levels {
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}
