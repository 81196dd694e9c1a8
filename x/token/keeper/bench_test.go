package keeper_test

import (
	"testing"

	"cosmossdk.io/math"

	"github.com/atonomi/atonomid/x/token/types"
)

// BenchmarkValidateTransaction measures payment validation through the
// query server: both devices' views, both policies (a reputation minimum
// included), the payer's spending windows over a minute of recorded
// payments, and its funds.
func BenchmarkValidateTransaction(b *testing.B) {
	f := setupPayments(b)
	payer := f.dir.devices[f.payer]
	payer.LimitMinute, payer.LimitHour, payer.LimitDay = math.NewInt(1_000_000), math.NewInt(1_000_000), math.NewInt(1_000_000)
	payer.MinReputation = []types.ReputationFloor{{Type: "security", Min: 3_000}}
	f.dir.devices[f.payer] = payer
	f.dir.reputation[f.payee+"/security"] = 6_000
	for i := 0; i < 10; i++ {
		if err := f.pay(100, ""); err != nil {
			b.Fatal(err)
		}
	}
	req := &types.QueryValidateTransactionRequest{PayerDeviceId: f.payer, PayeeDeviceId: f.payee, Amount: math.NewInt(100)}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := f.queries.ValidateTransaction(f.ctx, req)
		if err != nil {
			b.Fatal(err)
		}
		if !res.Allowed {
			b.Fatalf("refused: %v", res.Refusals)
		}
	}
}

// BenchmarkDevicePay measures a device payment through the msg server: the
// same checks, the transfer, the commission and the spending record.
func BenchmarkDevicePay(b *testing.B) {
	f := setupPayments(b)
	f.bank.balances[string(f.payerOwner)] = math.NewInt(1 << 62)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := f.pay(100, ""); err != nil {
			b.Fatal(err)
		}
	}
}
