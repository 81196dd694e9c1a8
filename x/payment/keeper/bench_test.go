package keeper_test

import (
	"testing"

	"cosmossdk.io/math"

	devicetypes "github.com/atonomi/atonomid/x/device/types"
	"github.com/atonomi/atonomid/x/payment/types"
)

// BenchmarkValidate measures payment validation through the
// query server: both devices' views, both policies (a reputation minimum
// included), the payer's spending windows over a minute of recorded
// payments, and its funds.
func BenchmarkValidate(b *testing.B) {
	f := setupPayments(b)
	f.update(f.payer, func(d *devicetypes.Device) {
		d.Policy.SpendingLimits.PerMinute, d.Policy.SpendingLimits.PerHour, d.Policy.SpendingLimits.PerDay = math.NewInt(1_000_000), math.NewInt(1_000_000), math.NewInt(1_000_000)
		d.Policy.MinCounterpartyReputation = []devicetypes.ReputationMinimum{{ReputationType: "security", MinScore: 3_000}}
	})
	f.reputation[f.payee+"/security"] = 6_000
	for i := 0; i < 10; i++ {
		if err := f.pay(100, ""); err != nil {
			b.Fatal(err)
		}
	}
	req := &types.QueryValidateRequest{PayerDeviceId: f.payer, PayeeDeviceId: f.payee, Amount: math.NewInt(100)}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := f.queries.Validate(f.ctx, req)
		if err != nil {
			b.Fatal(err)
		}
		if !res.Allowed {
			b.Fatalf("refused: %v", res.Refusals)
		}
	}
}

// BenchmarkPay measures a device payment through the msg server: the
// same checks, the transfer, the commission and the spending record.
func BenchmarkPay(b *testing.B) {
	f := setupPayments(b)
	f.bank.Balances[string(f.payerOwner)] = math.NewInt(1 << 62)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := f.pay(100, ""); err != nil {
			b.Fatal(err)
		}
	}
}
