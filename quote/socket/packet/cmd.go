package packet

// Command codes of the quote socket that Portview's client and fake use;
// the protocol's full list is the Command enum of quote.proto.
const (
	CmdClose        = 0
	CmdAuth         = 2
	CmdReconnect    = 3
	CmdProfile      = 4
	CmdSubscription = 5
	CmdSubscribe    = 6
	CmdUnsubscribe  = 7
	CmdTradePeriod  = 8
	CmdTradeDay     = 9
	CmdStaticInfo   = 10
	CmdQuote        = 11
	CmdDepth        = 14
	CmdTrades       = 17
	CmdIntraday     = 18
	CmdCandlestick  = 19
	CmdHistory      = 27
	CmdPushQuote    = 101
	CmdPushDepth    = 102
	CmdPushTrade    = 104
	// MaxSymbols is the most symbols one request may name.
	MaxSymbols = 500
)
