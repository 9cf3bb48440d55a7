package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
)

func init() {
	register(&command{
		name:  "gen",
		usage: "[-n N] [-seed S] > complaints.jsonl",
		run:   runGen,
	})
}

// The generator's own vocabulary: written for tousu, not taken from any
// data set. Each complaint combines an opening, one to four problems,
// perhaps an emotion, a demand or a threat, and filler.
var (
	genItems = []string{"手机", "蓝牙耳机", "电饭煲", "空气炸锅", "羽绒服", "运动鞋", "洗发水", "外卖", "奶茶", "酒店房间",
		"笔记本电脑", "儿童座椅", "扫地机器人", "床垫", "新车", "行李箱", "面膜", "猫粮", "咖啡机", "电动牙刷"}
	genOpen = []string{"上周在你们店买了%s，", "双十一下单的%s，", "昨天收到%s，", "给家里老人买的%s，", "第二次买%s了，",
		"朋友推荐买的%s，", "%s刚用了三天，", "订的%s到现在，"}
	genProblems = []string{
		"用了两次就坏了", "质量太差了", "屏幕有划痕", "味道很奇怪", "尺码完全不对", "有股刺鼻的味道", "开机就死机",
		"客服一直不回消息", "物流慢得离谱，等了十天", "退款申请三天没人处理", "快递员态度恶劣", "发错了颜色", "少发了一件",
		"刚买完就降价两百", "运费比东西还贵", "价格比别家贵一倍", "优惠券用不了", "多扣了我五十块钱",
		"收到的是假货", "和描述完全不符", "说好的赠品没给", "宣传的功能根本没有", "二手货当新的卖",
		"房间里有蟑螂", "空调不制冷", "隔音太差吵得睡不着", "床单上有污渍", "前台服务很冷漠",
		"孩子吃了以后上吐下泻", "充电的时候冒烟了", "刹车异响修了三次还没好",
	}
	genEmotion = []string{"真是服了", "呵呵", "太失望了", "气死我了！！！", "什么垃圾东西", "坑爹啊", "无语", "心累",
		"再也不会买了", "😡😡", "太离谱了!!", "WTF", "醉了"}
	genDemand = []string{"要求退货退款。", "请尽快给我一个说法。", "希望能补偿差价。", "麻烦换一个新的。", "请给我解释清楚。", ""}
	genThreat = []string{"大家千万别买！", "差评已经写好了。", "我要发微博曝光。", "我已经打12315投诉了。", "不解决就找律师起诉。",
		"已经报警了。", "我会向消协反映。", ""}
	genFill = []string{"本来对这个牌子挺有好感的，", "包装倒是还可以，", "当时看评价还不错，", "之前在实体店用过，",
		"联系了好几次，", "说实话价格也不便宜，", "为了这个事情请了半天假，", "我平时很少给差评，"}
	// genTrad turns a few simplified characters into traditional ones, so
	// part of the output exercises folding.
	genTrad = strings.NewReplacer("货", "貨", "质", "質", "量", "量", "们", "們", "买", "買", "发", "發", "说", "說",
		"应", "應", "价", "價", "务", "務", "这", "這", "话", "話", "种", "種", "钱", "錢", "还", "還", "给", "給")
)

// genComplaint writes one synthetic complaint of about size bytes.
func genComplaint(r *rand.Rand, size int) string {
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	var b strings.Builder
	b.WriteString(fmt.Sprintf(pick(genOpen), pick(genItems)))
	for n := 0; n < 1+r.IntN(4) || b.Len() < size; n++ {
		if r.IntN(3) == 0 {
			b.WriteString(pick(genFill))
		}
		b.WriteString(pick(genProblems))
		b.WriteString("，")
		if b.Len() > size*2 {
			break
		}
	}
	if r.IntN(2) == 0 {
		b.WriteString(pick(genEmotion))
		b.WriteString("。")
	}
	b.WriteString(pick(genDemand))
	if r.IntN(3) == 0 {
		b.WriteString(pick(genThreat))
	}
	s := b.String()
	switch r.IntN(10) {
	case 0, 1:
		s = genTrad.Replace(s)
	case 2:
		s = strings.NewReplacer("12315", "１２３１５", "!", "！").Replace(s)
	}
	return s
}

func runGen(fs *flag.FlagSet, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	n := fs.Int("n", 1000, "how many complaints")
	seed := fs.Uint64("seed", 1, "random seed: the same seed gives the same output")
	if ok, st := parseFlags(fs, args); !ok {
		return st
	}
	if fs.NArg() > 0 || *n < 0 {
		fs.Usage()
		return exitUsage
	}
	r := rand.New(rand.NewPCG(*seed, 0x746f757375))
	w := bufio.NewWriter(stdout)
	defer w.Flush()
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	tiers := []string{"", "", "", "铂金", "黄金", "钢铁", "铅"}
	for i := 0; i < *n; i++ {
		// Lengths vary like real traffic: mostly short, some long.
		size := 40 + r.IntN(200)
		if r.IntN(10) == 0 {
			size = 600 + r.IntN(2400)
		}
		line := map[string]any{"id": fmt.Sprintf("gen-%d", i+1), "text": genComplaint(r, size)}
		if t := tiers[r.IntN(len(tiers))]; t != "" {
			line["customer"] = map[string]any{"tier": t}
		}
		if err := enc.Encode(line); err != nil {
			fmt.Fprintln(stderr, err)
			return exitProblems
		}
	}
	return exitOK
}
