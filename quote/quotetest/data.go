package quotetest

// Row is a row of the security list as the API sends it.
type Row struct {
	Symbol string `json:"symbol"`
	NameCN string `json:"name_cn"`
	NameHK string `json:"name_hk"`
	NameEN string `json:"name_en"`
}

// SeedRow is the row of the seed document: only the simplified-Chinese name.
var SeedRow = Row{Symbol: "TSLA.US", NameCN: "特斯拉"}

// MaxRows is the largest data set the fake serves.
const MaxRows = 100_000

// wellKnown are real US listings with their usual Chinese names, as
// brokers show them; they follow the seed row.
var wellKnown = []Row{
	{"AAPL.US", "苹果", "蘋果", "Apple Inc."},
	{"MSFT.US", "微软", "微軟", "Microsoft Corporation"},
	{"NVDA.US", "英伟达", "英偉達", "NVIDIA Corporation"},
	{"AMZN.US", "亚马逊", "亞馬遜", "Amazon.com, Inc."},
	{"GOOGL.US", "谷歌-A", "谷歌-A", "Alphabet Inc. Class A"},
	{"GOOG.US", "谷歌-C", "谷歌-C", "Alphabet Inc. Class C"},
	{"META.US", "Meta Platforms", "Meta Platforms", "Meta Platforms, Inc."},
	{"BRK.B.US", "伯克希尔-B", "伯克希爾-B", "Berkshire Hathaway Inc. Class B"},
	{"JPM.US", "摩根大通", "摩根大通", "JPMorgan Chase & Co."},
	{"V.US", "维萨", "維薩", "Visa Inc."},
	{"MA.US", "万事达", "萬事達", "Mastercard Incorporated"},
	{"JNJ.US", "强生", "強生", "Johnson & Johnson"},
	{"WMT.US", "沃尔玛", "沃爾瑪", "Walmart Inc."},
	{"PG.US", "宝洁", "寶潔", "The Procter & Gamble Company"},
	{"XOM.US", "埃克森美孚", "埃克森美孚", "Exxon Mobil Corporation"},
	{"CVX.US", "雪佛龙", "雪佛龍", "Chevron Corporation"},
	{"KO.US", "可口可乐", "可口可樂", "The Coca-Cola Company"},
	{"PEP.US", "百事可乐", "百事可樂", "PepsiCo, Inc."},
	{"MCD.US", "麦当劳", "麥當勞", "McDonald's Corporation"},
	{"DIS.US", "迪士尼", "迪士尼", "The Walt Disney Company"},
	{"NFLX.US", "奈飞", "奈飛", "Netflix, Inc."},
	{"INTC.US", "英特尔", "英特爾", "Intel Corporation"},
	{"AMD.US", "超威半导体", "超微半導體", "Advanced Micro Devices, Inc."},
	{"CSCO.US", "思科", "思科", "Cisco Systems, Inc."},
	{"ORCL.US", "甲骨文", "甲骨文", "Oracle Corporation"},
	{"IBM.US", "国际商业机器", "國際商業機器", "International Business Machines Corporation"},
	{"ADBE.US", "奥多比", "奧多比", "Adobe Inc."},
	{"CRM.US", "赛富时", "賽富時", "Salesforce, Inc."},
	{"QCOM.US", "高通", "高通", "QUALCOMM Incorporated"},
	{"AVGO.US", "博通", "博通", "Broadcom Inc."},
	{"TXN.US", "德州仪器", "德州儀器", "Texas Instruments Incorporated"},
	{"BA.US", "波音", "波音", "The Boeing Company"},
	{"CAT.US", "卡特彼勒", "卡特彼勒", "Caterpillar Inc."},
	{"GE.US", "通用电气", "通用電氣", "GE Aerospace"},
	{"F.US", "福特汽车", "福特汽車", "Ford Motor Company"},
	{"GM.US", "通用汽车", "通用汽車", "General Motors Company"},
	{"NKE.US", "耐克", "耐克", "NIKE, Inc."},
	{"SBUX.US", "星巴克", "星巴克", "Starbucks Corporation"},
	{"COST.US", "好市多", "好市多", "Costco Wholesale Corporation"},
	{"HD.US", "家得宝", "家得寶", "The Home Depot, Inc."},
	{"PFE.US", "辉瑞", "輝瑞", "Pfizer Inc."},
	{"MRK.US", "默沙东", "默沙東", "Merck & Co., Inc."},
	{"ABBV.US", "艾伯维", "艾伯維", "AbbVie Inc."},
	{"LLY.US", "礼来", "禮來", "Eli Lilly and Company"},
	{"UNH.US", "联合健康", "聯合健康", "UnitedHealth Group Incorporated"},
	{"BAC.US", "美国银行", "美國銀行", "Bank of America Corporation"},
	{"WFC.US", "富国银行", "富國銀行", "Wells Fargo & Company"},
	{"GS.US", "高盛", "高盛", "The Goldman Sachs Group, Inc."},
	{"MS.US", "摩根士丹利", "摩根士丹利", "Morgan Stanley"},
	{"C.US", "花旗集团", "花旗集團", "Citigroup Inc."},
	{"PYPL.US", "PayPal", "PayPal", "PayPal Holdings, Inc."},
	{"UBER.US", "优步", "優步", "Uber Technologies, Inc."},
	{"ABNB.US", "爱彼迎", "愛彼迎", "Airbnb, Inc."},
	{"BABA.US", "阿里巴巴", "阿里巴巴", "Alibaba Group Holding Limited"},
	{"PDD.US", "拼多多", "拼多多", "PDD Holdings Inc."},
	{"JD.US", "京东", "京東", "JD.com, Inc."},
	{"BIDU.US", "百度", "百度", "Baidu, Inc."},
	{"NIO.US", "蔚来", "蔚來", "NIO Inc."},
	{"TSM.US", "台积电", "台積電", "Taiwan Semiconductor Manufacturing Company Limited"},
	{"SPY.US", "标普500ETF-SPDR", "標普500ETF-SPDR", "SPDR S&P 500 ETF Trust"},
	{"QQQ.US", "纳指100ETF-Invesco QQQ Trust", "納指100ETF-Invesco QQQ Trust", "Invesco QQQ Trust, Series 1"},
}

// Word parts of the generated names: {simplified, traditional, English}.
var (
	namePrefixes = [][3]string{
		{"顶峰", "頂峰", "Summit"}, {"太平洋", "太平洋", "Pacific"}, {"港湾", "港灣", "Harbor"},
		{"花岗岩", "花崗岩", "Granite"}, {"蓝岭", "藍嶺", "Blue Ridge"}, {"常青", "常青", "Evergreen"},
		{"北极星", "北極星", "Northstar"}, {"银线", "銀線", "Silverline"}, {"红木", "紅木", "Redwood"},
		{"自由", "自由", "Liberty"}, {"阿特拉斯", "阿特拉斯", "Atlas"}, {"雪松", "雪松", "Cedar"},
		{"子午线", "子午線", "Meridian"}, {"地平线", "地平線", "Horizon"}, {"基石", "基石", "Keystone"},
		{"先锋", "先鋒", "Pioneer"}, {"湖滨", "湖濱", "Lakeshore"}, {"鹰石", "鷹石", "Eaglestone"},
	}
	nameIndustries = [][3]string{
		{"生物科技", "生物科技", "Biotech"}, {"能源", "能源", "Energy"}, {"金融", "金融", "Financial"},
		{"软件", "軟件", "Software"}, {"半导体", "半導體", "Semiconductor"}, {"医疗", "醫療", "Health"},
		{"地产", "地產", "Realty"}, {"物流", "物流", "Logistics"}, {"网络", "網絡", "Networks"},
		{"制药", "製藥", "Pharmaceuticals"}, {"矿业", "礦業", "Mining"}, {"零售", "零售", "Retail"},
		{"传媒", "傳媒", "Media"}, {"航天", "航天", "Aerospace"}, {"食品", "食品", "Foods"},
		{"保险", "保險", "Insurance"}, {"电力", "電力", "Power"}, {"数据", "數據", "Data"},
	}
	nameSuffixes = [][3]string{
		{"", "", "Inc."}, {"", "", "Corp."}, {"控股", "控股", "Holdings, Inc."},
		{"集团", "集團", "Group Ltd."}, {"", "", "& Co."}, {"收购", "收購", "Acquisition Corp."},
	}
)

// Rows returns the data set of n rows (at most MaxRows): the seed's row,
// the well-known listings, then generated ones. The same n always gives the
// same rows. Some names are empty, as in the seed's row.
func Rows(n int) []Row {
	n = max(0, min(n, MaxRows))
	rows := make([]Row, 0, n)
	taken := make(map[string]bool, n)
	add := func(r Row) {
		if len(rows) < n && !taken[r.Symbol] {
			taken[r.Symbol] = true
			rows = append(rows, r)
		}
	}
	add(SeedRow)
	for _, r := range wellKnown {
		add(r)
	}
	for i := 0; len(rows) < n; i++ {
		add(generatedRow(i))
	}
	return rows
}

// generatedRow returns the i-th made-up listing: a ticker of 3 letters for
// the first 26³ values of i, then of 4 letters, spread over the alphabet by
// a multiplier coprime with 26, so neighbours do not look alike.
func generatedRow(i int) Row {
	const three, four = 26 * 26 * 26, 26 * 26 * 26 * 26
	letters, k, space := 3, i, three
	if i >= three {
		letters, k, space = 4, i-three, four
	}
	k = (k*7919 + 4231) % space
	sym := make([]byte, letters)
	for j := letters - 1; j >= 0; j-- {
		sym[j] = byte('A' + k%26)
		k /= 26
	}

	p := namePrefixes[(i*7)%len(namePrefixes)]
	ind := nameIndustries[(i*5+i/len(namePrefixes))%len(nameIndustries)]
	suf := nameSuffixes[i%len(nameSuffixes)]
	r := Row{
		Symbol: string(sym) + ".US",
		NameCN: p[0] + ind[0] + suf[0],
		NameHK: p[1] + ind[1] + suf[1],
		NameEN: p[2] + " " + ind[2] + " " + suf[2],
	}
	// Some names are missing, as in real data.
	if i%9 == 4 {
		r.NameHK = ""
	}
	if i%13 == 7 {
		r.NameEN = ""
	}
	if i%29 == 11 {
		r.NameCN = ""
	}
	return r
}
