package rules

import (
	"strings"
	"testing"
)

func TestSuggest(t *testing.T) {
	cands := []string{"bill_shock", "big_charge", "length", "serious", "cn-mainland", "客户姓名", "负责人"}
	tests := []struct{ name, want string }{
		{"bill_shok", "bill_shock"},   // a letter left out
		{"big_chrage", "big_charge"},  // two letters swapped
		{"lenght", "length"},          // swapped
		{"serius", "serious"},         // left out
		{"Serious", "serious"},        // case
		{"bill", "bill_shock"},        // a shared prefix
		{"cn-mainlnd", "cn-mainland"}, // left out
		{"客户名", "客户姓名"},               // a character left out
		{"xyz", ""},                   // nothing near
		{"len", "length"},             // a prefix of three
		{"le", ""},                    // too short for a prefix
		{"length", ""},                // itself is not a suggestion
	}
	for _, tt := range tests {
		if got := suggest(tt.name, cands); got != tt.want {
			t.Errorf("suggest(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestDidYouMeanInLayers checks the suggestions of the layering errors.
func TestDidYouMeanInLayers(t *testing.T) {
	base := "version: 1\nlexicons:\n  logistics: [丢件]\nrules:\n  - id: slow-delivery\n    cause: service\n    match: {any: [$logistics]}\nstrategies:\n  - id: general\n"
	tests := []struct{ layer, want string }{
		{"version: 1\nextend:\n  $logistcs: [虚假签收]\n", `lexicon "logistcs": extends nothing: no lexicon "logistcs" in earlier files (did you mean $logistics?)`},
		{"version: 1\ndisable:\n  rules: [slow-delivry]\n", `rule "slow-delivry": disables nothing: no rule "slow-delivry" in earlier files (did you mean slow-delivery?)`},
		{"version: 1\nstrategies:\n  - id: vip\n    before: genral\n    when: customer.tier == \"铂金\"\n", `strategy "vip": no strategy "genral" (did you mean general?) to go before`},
		{"version: 1\nrules:\n  - id: r\n    behaviour: extrem\n    match: {any: [报警]}\n", `rule "r": unknown behaviour "extrem" (did you mean extreme?) (want one of passive, negative-publicity, venting, extreme)`},
	}
	for _, tt := range tests {
		diags := lintFiles("base.yaml", base, "ours.yaml", tt.layer)
		var got []string
		for _, d := range diags {
			_, msg, _ := strings.Cut(d.Error(), ": ")
			got = append(got, msg)
		}
		if len(got) != 1 || got[0] != tt.want {
			t.Errorf("got %q\nwant %q", got, tt.want)
		}
	}
}
