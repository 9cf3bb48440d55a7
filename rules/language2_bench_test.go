package rules

import (
	"fmt"
	"testing"
)

// BenchmarkLanguage2 measures Evaluate with each feature of rule language
// II against the same policy without it, on a 300-byte complaint.
func BenchmarkLanguage2(b *testing.B) {
	const text = "上周在你们店买的空气炸锅，用了两次就坏了，按键完全没反应。联系客服三天都没人回，退款申请一直没人处理，物流也慢得离谱。说好的赠品也没给，价格还比别家贵。再不解决我就给差评，还要打12315投诉！！！"
	base := "version: 1\nrules:\n  - id: broken\n    cause: product\n    match: {any: [坏了, 没反应]}\n  - id: complain\n    behaviour: extreme\n%s    match: {any: [投诉, 12315]}\n  - id: refund\n    cause: service\n    match: {any: [%s]}\n%sstrategies:\n  - id: all\n"
	for _, tt := range []struct{ name, asserted, refund, extra string }{
		{"plain", "", "退款申请", ""},
		{"regex", "", `"/退款.{0,8}没人处理/"`, ""},
		{"numbers", "", "退款申请", "  - id: wait\n    cause: service\n    match: {any: [\"@duration\"]}\n    when: max_duration >= 1440\n"},
		{"asserted_only", "    asserted_only: true\n", "退款申请", ""},
	} {
		src := fmt.Sprintf(base, tt.asserted, tt.refund, tt.extra)
		p := mustCompile(b, "p.yaml", src)
		b.Run(tt.name, func(b *testing.B) {
			env := testEnv(text)
			var out Evaluation
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				if err := p.Evaluate(env, &out); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
